"""Lua's `os` library, as LuaJIT 2.1 has it.

Times are C's: os.time normalises its table with mktime (month 13 is next
January, isdst nil lets the C library decide), os.date formats each
conversion with strftime one at a time, as LuaJIT does, so an unknown one
(%Q) comes out as it is and E/O modifiers (%Ec) work. Failures of remove and
rename return nil, "name: message", errno like C Lua.

os.exit raises LuaExit; whoever runs the chunk (state.py, the CLI) flushes
and ends the process with its code.

Builtin convention: see auxlib.py. Required arguments default to auxlib's
NOVALUE instead of None so that a missing one is reported as
"got no value", as LuaJIT reports it.
"""
from __future__ import annotations

import os as _os
import time as _time

from ..auxlib import (
    NOVALUE, arg_error, check_int, check_num, check_str, check_table, lua_error, opt_str,
)
from ..runtime import index
from ..value import Multi, Table, str2number

# -- exit ------------------------------------------------------------------


class LuaExit(Exception):
    """os.exit was called: stop the program with exit status `code`."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def exit_(code=None, *_):
    """exit(true) is 0, exit(false) is 1, a number is itself, default 0."""
    if code is True or code is None:
        status = 0
    elif code is False:
        status = 1
    else:
        status = check_int(code, 1, "exit")
    raise LuaExit(status)


# -- time and clock --------------------------------------------------------

def _c_int(x: float) -> int:
    """(int)(int64)x as C does it on x86-64: truncate, then keep 32 bits."""
    if not -9.2e18 < x < 9.2e18:
        return 0                # out of int64 range: the CPU's "indefinite" 1<<63, low bits 0
    n = int(x) & 0xFFFFFFFF
    return n - (1 << 32) if n & 0x80000000 else n


def _field(t: Table, key: str, default: int | None) -> int:
    """An int field of a date table (metamethods apply); a missing required
    field is an error."""
    v = index(t, key.encode())
    if v.__class__ is bytes:
        v = str2number(v)
    if v.__class__ is float:
        return _c_int(v)
    if default is None:
        raise lua_error(f"field '{key}' missing in date table")
    return default


def _isdst_field(t: Table) -> int:
    v = index(t, b"isdst")
    if v is None:
        return -1               # let mktime find out
    return 0 if v is False else 1


def time_(t=None, *_):
    """The current time, or the time a date table stands for (local time)."""
    if t is None:
        return float(int(_time.time()))
    t = check_table(t, 1, "time")
    sec = _field(t, "sec", 0)
    minute = _field(t, "min", 0)
    hour = _field(t, "hour", 12)
    day = _field(t, "day", None)
    month = _field(t, "month", None)
    year = _field(t, "year", None)
    isdst = _isdst_field(t)
    try:
        r = _time.mktime((year, month, day, hour, minute, sec, 0, 0, isdst))
    except (OverflowError, ValueError):
        return None
    return None if r == -1.0 else r     # C Lua takes -1 as mktime's failure


def clock(*_) -> float:
    return _time.process_time()


def _time_t(x: float) -> int:
    """(time_t)x as x86-64 converts: truncation, or INT64_MIN out of range."""
    return int(x) if -9.2e18 < x < 9.2e18 else -(1 << 63)


def difftime(t2=NOVALUE, t1=None, *_) -> float:
    """t2 - t1, both truncated to whole seconds (they pass through time_t)."""
    a = check_num(t2, 1, "difftime")
    b = 0.0 if t1 is None else check_num(t1, 2, "difftime")
    return float(_time_t(a) - _time_t(b))


# -- date ------------------------------------------------------------------

def date(fmt=None, t=None, *_):
    """Format a time; "*t" gives a table; a leading "!" means UTC."""
    spec = opt_str(fmt, 1, "date", b"%c")
    if t is None:
        when = int(_time.time())
    else:
        when = _time_t(check_num(t, 2, "date"))
    utc = spec[:1] == b"!"
    if utc:
        spec = spec[1:]
    if when == -(1 << 63):
        return None             # no broken-down time for it: LuaJIT returns nil
    try:
        tm = _time.gmtime(when) if utc else _time.localtime(when)
    except (OverflowError, OSError, ValueError):
        return None             # gmtime/localtime failed: LuaJIT returns nil
    if spec == b"*t":
        return _date_table(tm)
    return _strftime(spec, tm, utc)


def _date_table(tm) -> Table:
    t = Table()
    for key, val in ((b"sec", tm.tm_sec), (b"min", tm.tm_min), (b"hour", tm.tm_hour),
                     (b"day", tm.tm_mday), (b"month", tm.tm_mon), (b"year", tm.tm_year),
                     (b"yday", tm.tm_yday), (b"wday", (tm.tm_wday + 1) % 7 + 1)):
        t[key] = float(val)     # wday: Python counts from Monday 0, C from Sunday 0
    t[b"isdst"] = tm.tm_isdst > 0
    return t


def _strftime(spec: bytes, tm, utc: bool) -> bytes:
    """Each %x (or %Ex/%Ox) through strftime on its own; other bytes as they are."""
    out = bytearray()
    i = 0
    n = len(spec)
    while i < n:
        c = spec[i]
        if c != 0x25 or i + 1 == n:         # not '%', or a '%' ending the format
            out.append(c)
            i += 1
            continue
        width = 3 if spec[i + 1] in b"EO" and i + 2 < n else 2
        out += _convert(spec[i:i + width], tm, utc)
        i += width
    return bytes(out)


def _convert(conv: bytes, tm, utc: bool) -> bytes:
    if utc and conv == b"%Z":
        return b"GMT"           # C's gmtime names its zone GMT
    try:
        return _time.strftime(conv.decode("ascii"), tm).encode()
    except (UnicodeError, ValueError):
        return conv             # glibc leaves what it does not know as it is


# -- environment and files -------------------------------------------------

def getenv(name=NOVALUE, *_):
    return _os.environb.get(check_str(name, 1, "getenv"))


def _failure(name: bytes, exc: OSError) -> Multi:
    msg = (exc.strerror or str(exc)).encode()
    return Multi((None, name + b": " + msg, float(exc.errno or 0)))


def remove(name=NOVALUE, *_):
    """Remove a file or an empty directory (C's remove())."""
    path = check_str(name, 1, "remove")
    try:
        try:
            _os.unlink(path)
        except IsADirectoryError:
            _os.rmdir(path)
    except OSError as exc:
        return _failure(path, exc)
    return True


def rename(old=NOVALUE, new=NOVALUE, *_):
    src = check_str(old, 1, "rename")
    dst = check_str(new, 2, "rename")
    try:
        _os.rename(src, dst)
    except OSError as exc:
        return _failure(src, exc)
    return True


def tmpname(*_) -> bytes:
    """A fresh file name in /tmp; the file is created empty, as mkstemp does."""
    import tempfile                 # here: start-up cost (io.popen's note)
    try:
        fd, name = tempfile.mkstemp(prefix="lua_", dir="/tmp")
    except OSError:
        raise lua_error("unable to generate a unique filename") from None
    _os.close(fd)
    return name.encode()


def _execute(state):
    def execute(cmd=None, *_):
        """LuaJIT's 5.1 flavour: the raw wait status (exit 3 gives 768)."""
        if cmd is None:
            return 1.0          # a shell is available
        command = check_str(cmd, 1, "execute")
        _flush(state)           # what the script printed comes before the child's output
        return float(_os.system(command))
    return execute


def _flush(state) -> None:
    for name in ("stdout", "stderr"):
        stream = getattr(state, name, None)
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass


_CATEGORIES = (b"all", b"collate", b"ctype", b"monetary", b"numeric", b"time")


def setlocale(locale=None, category=None, *_):
    """Only the C locale exists here: querying or choosing it answers "C"."""
    cat = opt_str(category, 2, "setlocale", b"all")
    if cat not in _CATEGORIES:
        raise arg_error(2, "setlocale", f"invalid option '{cat.decode('latin-1')}'")
    if locale is None:
        return b"C"
    name = check_str(locale, 1, "setlocale")
    return b"C" if name in (b"", b"C", b"POSIX") else None


_FUNCS = {
    b"exit": exit_, b"time": time_, b"clock": clock, b"difftime": difftime,
    b"date": date, b"getenv": getenv, b"remove": remove, b"rename": rename,
    b"tmpname": tmpname, b"setlocale": setlocale,
}


def open_lib(state) -> Table:
    lib = Table(_FUNCS)
    lib[b"execute"] = _execute(state)
    return lib

