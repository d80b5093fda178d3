"""ngx.now, time, today, update_time, localtime, utctime, http_time,
cookie_time and parse_http_time: nginx's time API.

nginx reads the system clock once per event-loop iteration and every time
function answers from that cached time; `Clock` is that cache, refreshed by
the server (Clock.update) and by ngx.update_time(). Behaviour and error
texts are OpenResty's (lua-resty-core's time.lua over nginx's ngx_gmtime,
ngx_http_cookie_time and ngx_parse_http_time), checked against the real
thing, edge cases included.
"""
from __future__ import annotations

import math
import re
import time as _time
from collections.abc import Callable

from luavm.auxlib import lua_error
from luavm.value import EMPTY, Table

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")   # tm_wday order
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# nginx formats 4-digit years only: later times print as its last second
MAX_TIME = 253402300799             # 9999-12-31 23:59:59 UTC
INT64_RANGE = 2.0 ** 63


class Clock:
    """The cached current time, with nginx's millisecond precision.

    time_source is read by update() only (time.time by default; tests give
    their own to make the time functions exact).
    """

    __slots__ = ("time_source", "sec", "msec", "current", "sec_float", "stale")

    def __init__(self, time_source: Callable[[], float] = _time.time) -> None:
        self.time_source = time_source
        self.sec = 0
        self.msec = 0
        self.current = 0.0          # now(), kept ready: every request reads it
        self.sec_float = math.inf   # float(sec): no second matches before the first update
        self.stale = True           # the server's next read updates it (see Connection)
        self.update()

    def update(self) -> None:
        """Re-read the system clock (ngx_time_update).

        Hot path: the server calls it at the first read from a client in
        each loop turn (then `stale` is cleared until `expire`). Within
        the same second only float arithmetic is needed (mixing ints and
        floats is what costs), with the same results.
        """
        t = self.time_source()
        base = self.sec_float
        if not base <= t < base + 1.0:
            self.sec = sec = math.floor(t)
            self.sec_float = base = float(sec)
        self.msec = msec = int((t - base) * 1000)
        self.current = base + msec / 1000.0

    def expire(self) -> None:
        """A new loop turn: the next read from a client updates the time."""
        self.stale = True

    def now(self) -> float:
        """Seconds since the epoch, milliseconds included (ngx.now)."""
        return self.current


# -- formatting ------------------------------------------------------------------

def _c_long(x: float) -> int:
    """(long) x as the FFI call does on x86-64: truncation toward zero; NaN
    and out-of-range values give LONG_MIN, which nginx then reads as 0."""
    return int(x) if -INT64_RANGE <= x < INT64_RANGE else 0


def _gmtime(x: float) -> _time.struct_time:
    """ngx_gmtime of a Lua number: negative times are the epoch, times past
    year 9999 its last second."""
    return _time.gmtime(min(max(_c_long(x), 0), MAX_TIME))


def http_time(x: float) -> bytes:
    """`Thu, 18 Nov 2010 11:27:35 GMT` (RFC 1123)."""
    tm = _gmtime(x)
    return b"%s, %02d %s %d %02d:%02d:%02d GMT" % (
        WEEKDAYS[tm.tm_wday].encode(), tm.tm_mday, MONTHS[tm.tm_mon - 1].encode(), tm.tm_year,
        tm.tm_hour, tm.tm_min, tm.tm_sec)


def cookie_time(x: float) -> bytes:
    """`Thu, 18-Nov-10 11:27:35 GMT`: Netscape cookies' format, whose
    2-digit years nginx only writes up to 2037."""
    tm = _gmtime(x)
    year = b"%d" % tm.tm_year if tm.tm_year > 2037 else b"%02d" % (tm.tm_year % 100)
    return b"%s, %02d-%s-%s %02d:%02d:%02d GMT" % (
        WEEKDAYS[tm.tm_wday].encode(), tm.tm_mday, MONTHS[tm.tm_mon - 1].encode(), year,
        tm.tm_hour, tm.tm_min, tm.tm_sec)


def _date(tm: _time.struct_time) -> bytes:
    return b"%04d-%02d-%02d" % (tm.tm_year, tm.tm_mon, tm.tm_mday)


def _date_time(tm: _time.struct_time) -> bytes:
    return _date(tm) + b" %02d:%02d:%02d" % (tm.tm_hour, tm.tm_min, tm.tm_sec)


# -- parsing -----------------------------------------------------------------------

# ngx_parse_http_time: a weekday of any text up to the first `,` (then RFC
# 1123 or RFC 850) or space (then asctime), spaces, the date and the time;
# whatever follows (` GMT`, junk) is ignored. Months are told apart by the
# few letters nginx looks at (_month).
_WEEKDAY = re.compile(rb"[^, ]*([, ]) *")
_RFC1123 = re.compile(rb"(\d\d) (...) (\d{4}) (\d\d):(\d\d):(\d\d)", re.S)
_RFC850 = re.compile(rb"(\d\d)-(...)-(\d\d) (\d\d):(\d\d):(\d\d)", re.S)
# a month, any one byte, an optional space before a 1-digit day, the day
_ASCTIME = re.compile(rb"(...). ?(\d\d?) (\d\d):(\d\d):(\d\d) (\d{4})", re.S)

_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month(name: bytes) -> int | None:
    """The month (0-11) nginx reads in three bytes: only the letters that
    tell months apart are checked, so "Jzz" is July."""
    first, second, third = name
    if first == ord("J"):
        return 0 if second == ord("a") else 5 if third == ord("n") else 6
    if first == ord("M"):
        return 2 if third == ord("r") else 4
    if first == ord("A"):
        return 3 if second == ord("p") else 7
    return {ord("F"): 1, ord("S"): 8, ord("O"): 9, ord("N"): 10, ord("D"): 11}.get(first)


def _fields(s: bytes) -> tuple[int, int | None, int, int, int, int] | None:
    """(year, month, day, hour, minute, second) as written, or None."""
    m = _WEEKDAY.match(s)
    if m is None:
        return None
    if m[1] == b" ":
        m = _ASCTIME.match(s, m.end())
        if m is None:
            return None
        return int(m[6]), _month(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5])
    pos = m.end()
    m = _RFC1123.match(s, pos)
    if m is not None:
        year = int(m[3])
    else:
        m = _RFC850.match(s, pos)
        if m is None:
            return None
        year = int(m[3])
        year += 2000 if year < 70 else 1900
    return year, _month(m[2]), int(m[1]), int(m[4]), int(m[5]), int(m[6])


def _valid(year: int, month: int, day: int, hour: int, minute: int, second: int) -> bool:
    """nginx's checks: a day of 0 passes (it means the day before the 1st)."""
    if hour > 23 or minute > 59 or second > 59 or day > _MONTH_DAYS[month]:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return leap or month != 1 or day != 29


def _epoch_seconds(year: int, month: int, day: int, hour: int, minute: int, second: int) -> int:
    """Gauss's day count from March 1 of 1 BC, in nginx's 64-bit unsigned
    arithmetic: January and February of year 0 fall in year -1, which wraps,
    and nginx returns whatever the wrapped sum gives; so do we."""
    march_month = month - 1 if month >= 2 else month + 11     # March is 1, February 12
    if month < 2:
        year -= 1
    y = year % 2 ** 64
    days = (365 * y + y // 4 - y // 100 + y // 400 + 367 * march_month // 12 - 30 + day - 1
            - 719468)       # March 1, 1 BC .. January 1, 1970
    t = (days * 86400 + hour * 3600 + minute * 60 + second) % 2 ** 64
    return t - 2 ** 64 if t >= 2 ** 63 else t


def parse_http_time(s: bytes) -> int | None:
    """Seconds since the epoch of an HTTP date (RFC 1123, RFC 850 or asctime),
    None when nginx rejects it."""
    fields = _fields(s)
    if fields is None or fields[1] is None or not _valid(*fields):
        return None
    t = _epoch_seconds(*fields)
    # -1 is nginx's NGX_ERROR: 1969-12-31 23:59:59 cannot be told from a failure
    return None if t == -1 else t


# -- the Lua functions --------------------------------------------------------------

def _check_number(sec) -> float:
    if sec.__class__ is not float:     # no string conversion: resty.core tests type()
        raise lua_error("number argument only")
    return sec


def install(ngx: Table, clock: Clock) -> None:
    """Put the time functions, answering from `clock`, into the `ngx` table."""

    def now(*_):
        return clock.now()

    def time(*_):
        return float(clock.sec)

    def update_time(*_):
        clock.update()
        return EMPTY

    def today(*_):
        return _date(_time.localtime(clock.sec))

    def localtime(*_):
        return _date_time(_time.localtime(clock.sec))

    def utctime(*_):
        return _date_time(_time.gmtime(clock.sec))

    def ngx_http_time(sec=None, *_):
        return http_time(_check_number(sec))

    def ngx_cookie_time(sec=None, *_):
        return cookie_time(_check_number(sec))

    def ngx_parse_http_time(s=None, *_):
        if s.__class__ is not bytes:
            raise lua_error("string argument only")
        t = parse_http_time(s)
        return None if t is None else float(t)

    for name, fn in (("now", now), ("time", time), ("update_time", update_time),
                     ("today", today), ("localtime", localtime), ("utctime", utctime),
                     ("http_time", ngx_http_time), ("cookie_time", ngx_cookie_time),
                     ("parse_http_time", ngx_parse_http_time)):
        ngx[name.encode()] = fn
