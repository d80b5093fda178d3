"""Lua's `string` library, as LuaJIT 2.1 behaves (lib_string.c, lj_strfmt.c).

Builtins follow value.py's calling convention: Lua numbers arrive and leave
as floats, strings are bytes, positions are 1-based. Pattern matching lives
in pattern.py; this module handles arguments, positions and results, plus
string.format, which reimplements C's printf as LuaJIT does its own: exact
decimal output with ties rounded away from zero (`%.0f` of 2.5 is "3").

LuaJIT-isms kept on purpose:
  - integer arguments convert like C's (int32_t) cast on x86: truncated,
    and INT_MIN when out of range (so string.sub(s, 2, 1/0) is "");
  - `%d` truncates non-integers and gives INT64_MIN out of range;
  - string.rep takes a separator; `%q` quotes any value's tostring.
string.dump is left out: tier-0 functions have no bytecode to dump.

Builtin convention: see auxlib.py. Required arguments default to auxlib's
NOVALUE, so a missing one reads "got no value" as in LuaJIT; string.len
keeps None because LuaJIT reports its missing argument as nil.
"""
from __future__ import annotations

import math
import re

from .. import runtime
from ..coroutine import no_yield
from ..auxlib import NOVALUE, arg_error, check_num, check_str, lua_error, opt_str
from ..value import EMPTY, LuaError, Multi, Table, first, fmt_number, type_name
from . import pattern

INT_MIN = -(1 << 31)
INT64_MIN = -(1 << 63)
MAX_STR = 0x7FFFFF00        # LJ_MAX_STR: longer results are out of memory


# -- integer arguments ----------------------------------------------------------

def to_int32(x: float) -> int:
    """C's (int32_t) cast of a double on x86: truncation, INT_MIN if out of range."""
    if -2147483649.0 < x < 2147483648.0:
        return int(x)
    return INT_MIN


def to_int64(x: float) -> int:
    """C's (int64_t) cast of a double on x86 (cvttsd2si)."""
    if -9.2233720368547758e18 <= x < 9.2233720368547758e18:
        return int(x)
    return INT64_MIN


def to_uint64(x: float) -> int:
    """LuaJIT's conversion for unsigned formats: values from 2^63 up wrap
    through the signed range, the rest convert as signed."""
    if x >= 9.2233720368547758e18:
        x -= 18446744073709551616.0
    return to_int64(x) & 0xFFFFFFFFFFFFFFFF


def _narrow_int(x: float) -> int:
    """luaL_optint (gsub's count): a 64-bit conversion narrowed to C's int."""
    return (to_int64(x) + (1 << 31)) % (1 << 32) - (1 << 31)


def check_int(v, n: int, fname: str) -> int:
    """lj_lib_checkint: a number (or numeric string) as int32."""
    if v.__class__ is float and -2147483649.0 < v < 2147483648.0:
        return int(v)
    return to_int32(check_num(v, n, fname))


def opt_int(v, n: int, fname: str, default: int) -> int:
    return default if v is None else check_int(v, n, fname)


def start_index(init, length: int, fname: str) -> int:
    """find/match's init as a 0-based index: negative counts from the end,
    then clamped to [0, length]."""
    if init is None:
        return 0
    st = check_int(init, 3, fname)
    st = st + length if st < 0 else st - 1
    if st < 0:
        return 0
    return length if st > length else st


# -- simple functions -------------------------------------------------------------

def str_len(s=None, *_) -> float:
    return float(len(check_str(s, 1, "len")))


def str_lower(s=NOVALUE, *_) -> bytes:
    return check_str(s, 1, "lower").lower()      # bytes.lower is ASCII-only, as the C locale


def str_upper(s=NOVALUE, *_) -> bytes:
    return check_str(s, 1, "upper").upper()


def str_reverse(s=NOVALUE, *_) -> bytes:
    return check_str(s, 1, "reverse")[::-1]


str_len.jit_intrinsic = "string.len"      # tier 1 compiles calls of these (jit/intrinsics.py)


def _slice(start: int, stop: int, length: int) -> tuple[int, int]:
    """sub/byte's 1-based inclusive range (negative from the end) as slice
    bounds (lo, hi), clamped to the string; empty when lo >= hi."""
    if stop < 0:
        stop += length + 1
    elif stop > length:
        stop = length
    if start < 0:
        start += length + 1
    return (start - 1 if start > 0 else 0), stop


def str_sub(s=NOVALUE, i=NOVALUE, j=None, *_) -> bytes:
    if s.__class__ is not bytes:
        s = check_str(s, 1, "sub")
    if i.__class__ is float:
        # hot path: the forms a slice clamps as Lua does: from a position
        # counted from the start to the end or to another such position,
        # or the last -i bytes (all of a shorter string)
        if 1.0 <= i < 2147483648.0:
            if j is None:
                return s[int(i) - 1:]
            if j.__class__ is float and 0.0 <= j < 2147483648.0:
                return s[int(i) - 1:int(j)]
        elif j is None and -2147483649.0 < i <= -1.0:
            return s[int(i):]
    lo, hi = _slice(check_int(i, 2, "sub"), opt_int(j, 3, "sub", -1), len(s))
    return s[lo:hi] if lo < hi else b""


str_sub.jit_intrinsic = "string.sub"


def str_byte(s=NOVALUE, i=None, j=None, *_):
    if s.__class__ is not bytes:
        s = check_str(s, 1, "byte")
    if j is None and i.__class__ is float and 1.0 <= i < len(s) + 1.0:
        return float(s[int(i) - 1])     # hot path: one byte, inside the string
    start = opt_int(i, 2, "byte", 1)
    lo, hi = _slice(start, opt_int(j, 3, "byte", start), len(s))
    if lo >= hi:
        return EMPTY
    if hi - lo == 1:
        return float(s[lo])
    return Multi(map(float, s[lo:hi]))



str_byte.jit_intrinsic = "string.byte"

def str_char(*args) -> bytes:
    out = bytearray()
    for n, v in enumerate(args, 1):
        c = check_int(v, n, "char")
        if not 0 <= c <= 255:
            raise arg_error(n, "char", "invalid value")
        out.append(c)
    return bytes(out)


def str_rep(s=NOVALUE, n=NOVALUE, sep=None, *_) -> bytes:
    s = check_str(s, 1, "rep")
    count = check_int(n, 2, "rep")
    sep = opt_str(sep, 3, "rep", b"")
    if count <= 0:
        return b""
    if len(s) * count + len(sep) * (count - 1) > MAX_STR:
        raise LuaError(b"not enough memory")
    if not sep:
        return s * count
    return (s + sep) * (count - 1) + s


# -- pattern matching -------------------------------------------------------------

def _results(caps: tuple):
    return caps[0] if len(caps) == 1 else Multi(caps)


def str_find(s=NOVALUE, p=NOVALUE, init=None, plain=None, *_):
    if s.__class__ is not bytes:
        s = check_str(s, 1, "find")
    if p.__class__ is not bytes:
        p = check_str(p, 2, "find")
    if init is None:
        pos = 0
    elif init.__class__ is float and 1.0 <= init < len(s) + 1.0:
        pos = int(init) - 1     # hot path: a position inside the string
    else:
        pos = start_index(init, len(s), "find")
    if (plain is not None and plain is not False) or not pattern.has_specials(p):
        i = s.find(p, pos)
        if i < 0:
            return None
        return Multi((float(i + 1), float(i + len(p))))
    if p[:1] == b"^":
        pat = pattern.compile(p[1:])
        m = pat.match(s, pos)
    else:
        pat = pattern.compile(p)
        m = pat.search(s, pos)
    if m is None:
        return None
    st, e = m.span()
    if pat.ncap:
        return Multi((float(st + 1), float(e)) + pat.captures(s, m, False))
    return Multi((float(st + 1), float(e)))


def str_match(s=NOVALUE, p=NOVALUE, init=None, *_):
    if s.__class__ is not bytes:
        s = check_str(s, 1, "match")
    if p.__class__ is not bytes:
        p = check_str(p, 2, "match")
    pos = 0 if init is None else start_index(init, len(s), "match")
    if p[:1] == b"^":
        pat = pattern.compile(p[1:])
        m = pat.match(s, pos)
    else:
        pat = pattern.compile(p)
        m = pat.search(s, pos)
    if m is None:
        return None
    return _results(pat.captures(s, m, True))


def str_gmatch(s=NOVALUE, p=NOVALUE, *_):
    """An iterator over the matches of p in s. As in Lua 5.1, `^` is an
    ordinary byte here; after an empty match the scan moves one byte on."""
    s = check_str(s, 1, "gmatch")
    p = check_str(p, 2, "gmatch")
    pat = pattern.compile(p)
    length = len(s)
    state = [0]

    def gmatch_iter(*_):
        pos = state[0]
        if pos > length:
            return None
        m = pat.search(s, pos)
        if m is None:
            state[0] = length + 1
            return None
        st, e = m.span()
        state[0] = e + 1 if e == st else e
        return _results(pat.captures(s, m, True))
    return gmatch_iter


def _replacement(v, s: bytes, m) -> bytes:
    """What a table or function replacement's result v puts in place of
    match m: false and nil keep the match."""
    if v.__class__ is bytes:
        return v
    if v is None or v is False:
        st, e = m.span()
        return s[st:e]
    if v.__class__ is float:
        return fmt_number(v)
    raise lua_error(f"invalid replacement value (a {type_name(v)})")


_FUNCTION = first.__class__     # Lua functions and builtins alike


def str_gsub(s=NOVALUE, p=NOVALUE, repl=NOVALUE, n=None, *_):
    src = s if s.__class__ is bytes else check_str(s, 1, "gsub")
    if p.__class__ is not bytes:
        p = check_str(p, 2, "gsub")
    max_n = len(src) + 1 if n is None else _narrow_int(check_num(n, 4, "gsub"))
    kind = repl.__class__
    if kind is float:
        repl = fmt_number(repl)
        kind = bytes
    elif kind is not bytes and kind is not _FUNCTION and not isinstance(repl, Table) \
            and type_name(repl) != "function":
        raise arg_error(3, "gsub", "string/function/table expected")
    anchor = p[:1] == b"^"
    pat = pattern.compile(p[1:] if anchor else p)
    if kind is bytes:
        result, count = pat.gsub_template(src, pattern.compile_repl(repl), max_n, anchor)
    elif isinstance(repl, Table):
        capture = pat.capture

        def expand(m):
            return _replacement(runtime.index(repl, capture(src, m, 0)), src, m)
        result, count = pat.gsub(src, expand, max_n, anchor)
    else:
        captures = pat.captures

        def expand(m):
            # hot path (each match): a string result needs no conversion
            r = repl(*captures(src, m, True))
            return r if r.__class__ is bytes else _replacement(first(r), src, m)
        # LuaJIT cannot yield across gsub's callback
        result, count = no_yield(pat.gsub, src, expand, max_n, anchor)
    return Multi((result, float(count)))


# -- string.format ----------------------------------------------------------------

class Spec:
    """One parsed conversion: `%[flags][width][.precision]conv`.

    `pyfmt` is an equivalent Python %-format when Python's output is C's
    (checked per conversion); `render(spec, value, argn) -> bytes`.
    """
    __slots__ = ("conv", "flags", "width", "prec", "text", "pyfmt", "render", "tie_den", "kept")

    def __init__(self, conv: str, flags: str, width: int, prec: int, text: str) -> None:
        self.conv = conv
        self.flags = flags
        self.width = width
        self.prec = prec            # -1 when absent
        self.text = text
        self.render = _RENDER.get(conv)
        self.pyfmt = _python_format(conv, flags, width, prec)
        # what _is_tie needs: %f's tie denominator, or %e/%g's digit count
        self.tie_den = 1 << ((6 if prec < 0 else prec) + 1) if conv in "fF" else 0
        self.kept = _digits_kept(conv, prec)


def _python_format(conv: str, flags: str, width: int, prec: int) -> bytes | None:
    w = str(width) if width else ""
    p = "" if prec < 0 else f".{prec}"
    if conv in "di" or (conv in "uxXo" and "+" not in flags and " " not in flags):
        if prec >= 0 or "#" in flags:
            return None             # Python differs: %.0d of 0, %#o, %#x of 0
        return f"%{flags}{w}{'d' if conv in 'iu' else conv}".encode()
    if conv in "eEfFgG":
        return f"%{flags}{w}{p}{conv}".encode()
    if conv == "s":
        return f"%{'-' if '-' in flags else ''}{w}{p}s".encode()
    return None


def _pad(spec: Spec, prefix: str, body: str, zero_ok: bool = True) -> bytes:
    """Apply width: left-justify with '-', zeros after the sign/prefix with
    '0' (where allowed), else spaces in front."""
    room = spec.width - len(prefix) - len(body)
    if room <= 0:
        return (prefix + body).encode("latin-1")
    if "-" in spec.flags:
        text = prefix + body + " " * room
    elif "0" in spec.flags and zero_ok:
        text = prefix + "0" * room + body
    else:
        text = " " * room + prefix + body
    return text.encode("latin-1")


def _sign(spec: Spec, negative: bool) -> str:
    if negative:
        return "-"
    if "+" in spec.flags:
        return "+"
    return " " if " " in spec.flags else ""


# integers

_BASE = {"d": "d", "i": "d", "u": "d", "x": "x", "X": "X", "o": "o"}


def _render_int(spec: Spec, v, argn: int) -> bytes:
    x = check_num(v, argn, "format")
    signed = spec.conv in "di"
    k = to_int64(x) if signed else to_uint64(x)
    if spec.pyfmt is not None:
        return spec.pyfmt % k
    digits = format(-k if k < 0 else k, _BASE[spec.conv])
    if spec.prec >= 0:
        if spec.prec == 0 and k == 0:
            digits = ""             # C prints no digits for a zero precision zero
        digits = digits.rjust(spec.prec, "0")
    prefix = _sign(spec, k < 0) if signed else ""
    if "#" in spec.flags:
        if spec.conv in "xX" and k != 0:
            prefix += "0" + spec.conv
        elif spec.conv == "o" and not digits.startswith("0"):
            digits = "0" + digits
    return _pad(spec, prefix, digits, spec.prec < 0)


def _render_char(spec: Spec, v, argn: int) -> bytes:
    c = bytes([check_int(v, argn, "format") & 0xFF])
    room = spec.width - 1
    if room <= 0:
        return c
    return c + b" " * room if "-" in spec.flags else b" " * room + c


# floating point

def _render_float(spec: Spec, v, argn: int) -> bytes:
    x = v if v.__class__ is float else check_num(v, argn, "format")
    if x - x != 0.0:
        return _nonfinite(spec, x)
    if not _is_tie(abs(x), spec):
        return spec.pyfmt % x
    return _pad(spec, _sign(spec, x < 0), _tie_body(spec, abs(x)))


def _nonfinite(spec: Spec, x: float) -> bytes:
    """inf and nan for every float conversion: LuaJIT signs inf but not
    nan (only the space flag shows there) and pads with spaces only."""
    if x != x:
        text = (" " if " " in spec.flags else "") + "nan"
    else:
        text = _sign(spec, x < 0) + "inf"
    if spec.conv in "EFGA":
        text = text.upper()
    return _pad(spec, "", text, False)


def _digits_kept(conv: str, prec: int) -> int:
    """Significant digits %e/%g keep (default precision 6)."""
    if prec < 0:
        prec = 6
    if conv in "eE":
        return prec + 1
    return prec or 1


def _is_tie(ax: float, spec: Spec) -> bool:
    """Whether ax lies exactly halfway between two outputs, where C rounds
    to even but LuaJIT away from zero. ax = N / 10^k exactly, with
    N = n * 5^k odd (so ending in 5) whenever k > 0."""
    n, d = ax.as_integer_ratio()
    if spec.tie_den:                # %f: exactly one decimal past the precision
        return d == spec.tie_den
    k = d.bit_length() - 1
    kept = spec.kept
    if k == 0:
        sig = str(n).rstrip("0")
        return len(sig) == kept + 1 and sig[-1] == "5"
    if k * 0.69897 >= kept + 1:     # N has at least as many digits as 5^k
        return False
    return len(str(n * 5 ** k)) == kept + 1


def _tie_body(spec: Spec, ax: float) -> str:
    """The digits of ax rounded away from zero (ax being a tie)."""
    conv = spec.conv
    alt = "#" in spec.flags
    n, d = ax.as_integer_ratio()
    k = d.bit_length() - 1
    big = n * 5 ** k                # ax = big / 10^k
    if conv in "fF":
        prec = 6 if spec.prec < 0 else spec.prec
        return _fixed(str(big // 10 + 1), prec, alt)
    digits = str(big)
    exp = len(digits) - 1 - k
    kept = spec.kept
    mant = int(digits[:kept]) + 1
    if mant == 10 ** kept:          # 9.5 -> 10: one more digit, shift it out
        mant //= 10
        exp += 1
    mant_s = str(mant)
    if conv in "eE":
        return _scientific(mant_s, exp, alt, conv == "E")
    if -4 <= exp < kept:
        body = _fixed(mant_s, kept - 1 - exp, alt)
        return body if alt else _strip_zeros(body)
    body = _scientific(mant_s, exp, alt, conv == "G")
    if alt:
        return body
    mantissa, e = body.split("E" if conv == "G" else "e")
    return _strip_zeros(mantissa) + ("E" if conv == "G" else "e") + e


def _fixed(scaled: str, prec: int, alt: bool) -> str:
    """scaled / 10^prec in fixed notation."""
    scaled = scaled.rjust(prec + 1, "0")
    whole = scaled[:len(scaled) - prec]
    if prec:
        return whole + "." + scaled[len(scaled) - prec:]
    return whole + "." if alt else whole


def _scientific(mant: str, exp: int, alt: bool, upper: bool) -> str:
    body = mant[0] + ("." + mant[1:] if len(mant) > 1 else ("." if alt else ""))
    return body + ("E" if upper else "e") + ("-" if exp < 0 else "+") + "%02d" % abs(exp)


def _strip_zeros(fixed: str) -> str:
    if "." not in fixed:
        return fixed
    return fixed.rstrip("0").rstrip(".")


def _render_hexfloat(spec: Spec, v, argn: int) -> bytes:
    """%a: normalised (denormals too), fraction rounded half away from zero,
    a carry may make the leading digit 2 (as LuaJIT prints it)."""
    x = check_num(v, argn, "format")
    if x - x != 0.0:
        return _nonfinite(spec, x)
    lead, digits, exp = _hex_parts(abs(x), spec.prec)
    if digits or "#" in spec.flags:
        digits = "." + digits
    body = "%x%sp%+d" % (lead, digits, exp)
    prefix = _sign(spec, math.copysign(1.0, x) < 0) + "0x"
    if spec.conv == "A":
        prefix, body = prefix.upper(), body.upper()
    return _pad(spec, prefix, body)


def _hex_parts(ax: float, prec: int) -> tuple[int, str, int]:
    if ax == 0.0:
        return 0, "0" * max(prec, 0), 0
    m, e = math.frexp(ax)
    mant = int(m * (1 << 53))       # 1.fff... in 53 bits (13 hex digits of fraction)
    exp = e - 1
    if prec < 0:
        return 1, ("%013x" % (mant - (1 << 52))).rstrip("0"), exp
    if prec >= 13:
        return 1, "%013x" % (mant - (1 << 52)) + "0" * (prec - 13), exp
    shift = 4 * (13 - prec)
    kept = (mant >> shift) + ((mant >> (shift - 1)) & 1)
    frac = kept & ((1 << (4 * prec)) - 1)
    return kept >> (4 * prec), "%0*x" % (prec, frac) if prec else "", exp


# strings and others

def _render_string(spec: Spec, v, argn: int) -> bytes:
    return spec.pyfmt % runtime.tostring(v)


_QUOTED = re.compile(rb'["\\\n\r\x00-\x1f\x7f]')


def quote(s: bytes) -> bytes:
    """%q: a Lua string literal reading back as s. Control bytes become
    decimal escapes, three digits wide when a digit follows."""
    def escape(m):
        c = m.group()[0]
        if c == 34 or c == 92:
            return b"\\" + m.group()
        if c == 10:
            return b"\\\n"
        following = s[m.end():m.end() + 1]
        return (b"\\%03d" if following.isdigit() else b"\\%d") % c
    return b'"' + _QUOTED.sub(escape, s) + b'"'


def _render_quoted(spec: Spec, v, argn: int) -> bytes:
    return quote(runtime.tostring(v))


def _render_pointer(spec: Spec, v, argn: int) -> bytes:
    if v is None or v.__class__ is bool or v.__class__ is float:
        return b"NULL"
    return b"0x%x" % id(v)


_RENDER = {
    "d": _render_int, "i": _render_int, "u": _render_int,
    "x": _render_int, "X": _render_int, "o": _render_int,
    "c": _render_char,
    "e": _render_float, "E": _render_float, "f": _render_float, "F": _render_float,
    "g": _render_float, "G": _render_float,
    "a": _render_hexfloat, "A": _render_hexfloat,
    "s": _render_string, "q": _render_quoted, "p": _render_pointer,
}

# flags repeat freely; width and precision take two digits at most, so a
# third digit is read as the (invalid) conversion
_SPEC_RE = re.compile(rb"%([-+ #0]*)([0-9]{0,2})(?:\.([0-9]{0,2}))?(.?)", re.S)


class BadSpec:
    """An invalid conversion: its error is raised when formatting gets there."""
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def parse_format(fmt: bytes) -> list:
    """fmt as a list of literal bytes, Spec and (at most one, last) BadSpec."""
    segs: list = []
    lit = b""
    i = 0
    while True:
        j = fmt.find(b"%", i)
        if j < 0:
            lit += fmt[i:]
            break
        lit += fmt[i:j]
        m = _SPEC_RE.match(fmt, j)
        flags, width, prec, conv = (g.decode("latin-1") if g is not None else None for g in m.groups())
        i = m.end()
        if conv == "%" and i - j == 2:
            lit += b"%"
            continue
        if lit:
            segs.append(lit)
            lit = b""
        if conv not in _RENDER:
            # surrogateescape: lua_error encodes the message back to these bytes
            segs.append(BadSpec(fmt[j:i].decode("utf-8", "surrogateescape")))
            return segs
        segs.append(Spec(conv, flags, int(width or 0), -1 if prec is None else int(prec or 0),
                         fmt[j:i].decode("latin-1")))
    if lit:
        segs.append(lit)
    return segs


# How str_format converts each argument of a planned format (FormatPlan):
# by conversion, for those Python formats as C does (Spec.pyfmt); the rest
# are rendered. A float conversion takes the number itself, unless it is
# one Python's output differs on (a tie, inf, nan): then the whole format
# is rendered segment by segment.
_AS_STRING, _AS_INT, _AS_UNSIGNED, _AS_FLOAT, _RENDERED = range(5)
_KINDS = {"s": _AS_STRING, "d": _AS_INT, "i": _AS_INT,
          "u": _AS_UNSIGNED, "x": _AS_UNSIGNED, "X": _AS_UNSIGNED, "o": _AS_UNSIGNED,
          "e": _AS_FLOAT, "E": _AS_FLOAT, "f": _AS_FLOAT, "F": _AS_FLOAT,
          "g": _AS_FLOAT, "G": _AS_FLOAT}


class FormatPlan:
    """A parsed format as one Python %-format over converted arguments.

    Hot path (every string.format): Python's own formatting does a whole
    format in one operation; each argument is only converted first (a
    number to the int C would print, a value to its string), or, for the
    conversions whose output Python's cannot match (floats, where LuaJIT
    rounds ties away from zero, %c, %q, %p...), rendered by its Spec into a
    `%s` slot. A format with an invalid conversion has no pyfmt: the
    segments are formatted one by one, up to its error.
    """
    __slots__ = ("segs", "pyfmt", "specs", "kinds", "fast", "uses")

    def __init__(self, segs: list) -> None:
        self.segs = segs            # for the arguments' errors, in order
        self.fast = None            # _fast_format's function, once the plan is hot
        self.uses = 0
        parts: list[bytes] = []
        self.specs: list[Spec] = []
        self.kinds: list[int] = []
        for seg in segs:
            if seg.__class__ is bytes:
                parts.append(seg.replace(b"%", b"%%"))
            elif seg.__class__ is Spec:
                kind = _RENDERED if seg.pyfmt is None else _KINDS.get(seg.conv, _RENDERED)
                parts.append(b"%s" if kind == _RENDERED else seg.pyfmt)
                self.specs.append(seg)
                self.kinds.append(kind)
        self.pyfmt = None if any(seg.__class__ is BadSpec for seg in segs) else b"".join(parts)


_FORMAT_CACHE: dict = {}
_FORMAT_CACHE_MAX = 512
_FAST_AFTER = 8         # uses of a plan before its function is made (a compile() each)
_INT_LIMIT = "9.2233720368547758e18"


def _fast_format(plan: FormatPlan):
    """A Python function formatting plan's arguments when each is of the
    kind str_format's loop converts inline (a string for %s, a float in
    range for the integer conversions, a finite float that is no tie for
    the float ones), else returning None for the loop to take over; None
    for a plan with a rendered conversion. The tests and conversions are
    the loop's, written out per argument: a hot format costs one call and
    its tests instead of the loop's dispatch on each argument's kind."""
    params, tests, values = [], [], []
    env = {"_is_tie": _is_tie, "int": int, "abs": abs, "PYFMT": plan.pyfmt}
    for i, (kind, spec) in enumerate(zip(plan.kinds, plan.specs)):
        a = f"a{i}"
        params.append(f"{a}=None")      # (a missing argument fails its test)
        values.append(a)
        if kind == _AS_STRING:
            tests.append(f"{a}.__class__ is bytes")
        elif kind == _AS_INT:
            tests.append(f"{a}.__class__ is float and -{_INT_LIMIT} <= {a} < {_INT_LIMIT}")
        elif kind == _AS_UNSIGNED:
            tests.append(f"{a}.__class__ is float and 0.0 <= {a} < {_INT_LIMIT}")
            values[-1] = f"int({a})"
        elif kind == _AS_FLOAT:
            tests.append(f"{a}.__class__ is float and {a} - {a} == 0.0")
            if spec.tie_den:        # %f: _is_tie's test, inline
                tests.append(f"{a}.as_integer_ratio()[1] != {spec.tie_den}")
            else:
                env[f"S{i}"] = spec
                tests.append(f"not _is_tie(abs({a}), S{i})")
        else:
            return None
    source = (f"def fast({', '.join(params + ['*_'])}):\n"
              f"    if {' and '.join(tests) or 'True'}:\n"
              f"        return PYFMT % ({''.join(v + ', ' for v in values)})\n")
    exec(compile(source, "<string.format>", "exec"), env)
    return env["fast"]


def _format_plan(fmt: bytes) -> FormatPlan:
    plan = FormatPlan(parse_format(fmt))
    if len(_FORMAT_CACHE) >= _FORMAT_CACHE_MAX:
        del _FORMAT_CACHE[next(iter(_FORMAT_CACHE))]
    _FORMAT_CACHE[fmt] = plan
    return plan


def str_format(fmt=NOVALUE, *args) -> bytes:
    if fmt.__class__ is not bytes:
        fmt = check_str(fmt, 1, "format")
    plan = _FORMAT_CACHE.get(fmt)
    if plan is None:
        plan = _format_plan(fmt)
    fast = plan.fast
    if fast is not None:
        # hot path (a format used often): its own function, None when an
        # argument needs the loop below (conversion, error, tie)
        out = fast(*args)
        if out is not None:
            return out
    elif plan.uses <= _FAST_AFTER:
        plan.uses += 1
        if plan.uses > _FAST_AFTER and plan.pyfmt is not None:
            plan.fast = _fast_format(plan)
    if plan.pyfmt is None or len(args) < len(plan.kinds):
        return _format_segments(plan.segs, args)
    values = []
    argn = 2
    tostring = runtime.tostring
    for kind, spec, v in zip(plan.kinds, plan.specs, args):
        # hot path (each argument): numbers converted inline, in the ranges
        # where Python's conversion is C's (%d truncates a float itself)
        if kind == _AS_STRING:
            values.append(v if v.__class__ is bytes else tostring(v))
        elif kind == _AS_INT:
            if v.__class__ is float and -9.2233720368547758e18 <= v < 9.2233720368547758e18:
                values.append(v)
            else:
                values.append(to_int64(check_num(v, argn, "format")))
        elif kind == _AS_UNSIGNED:
            if v.__class__ is float and 0.0 <= v < 9.2233720368547758e18:
                values.append(int(v))
            else:
                values.append(to_uint64(check_num(v, argn, "format")))
        elif kind == _AS_FLOAT:
            if v.__class__ is not float or v - v != 0.0 or _is_tie(abs(v), spec):
                return _format_segments(plan.segs, args)
            values.append(v)
        else:
            values.append(spec.render(spec, v, argn))
        argn += 1
    return plan.pyfmt % tuple(values)


def _format_segments(segs: list, args: tuple) -> bytes:
    """string.format one segment after another: what reports a missing
    argument or an invalid conversion, in order."""
    out = []
    argi = 0
    nargs = len(args)
    for seg in segs:
        cls = seg.__class__
        if cls is bytes:
            out.append(seg)
        elif cls is Spec:
            if argi >= nargs:
                raise arg_error(argi + 2, "format", "value expected")
            out.append(seg.render(seg, args[argi], argi + 2))
            argi += 1
        else:
            raise lua_error(f"invalid option '{seg.text}' to 'format'")
    return b"".join(out)


# -- the library --------------------------------------------------------------------

FUNCTIONS = {
    b"byte": str_byte, b"char": str_char, b"find": str_find, b"format": str_format,
    b"gmatch": str_gmatch, b"gsub": str_gsub, b"len": str_len, b"lower": str_lower,
    b"match": str_match, b"rep": str_rep, b"reverse": str_reverse, b"sub": str_sub,
    b"upper": str_upper,
}


def open_lib(state) -> Table:
    """Build the `string` table and make it the strings' __index (the
    string metatable belongs to the process: see runtime.string_meta)."""
    lib = Table(FUNCTIONS)
    runtime.string_meta[0] = Table({b"__index": lib})
    return lib
