"""LuaJIT's `bit` library (BitOp): 32-bit operations on Lua numbers.

Every operand is first normalised the way LuaJIT's interpreter does it: add
2^52 + 2^51 to the double and keep the low 32 bits of its bit pattern. For
numbers in range that is a round-half-to-even conversion modulo 2^32
(tobit(1.5) == 2, tobit(2.5) == 2, tobit(2^32 + 5) == 5); for huge or
non-finite numbers it yields whatever bits the sum leaves, as LuaJIT does.
Results are signed 32-bit integers, returned as floats (value.py).

A cdata operand (ffi) makes the operation 64-bit: luavm/ffi/bit64.py, reached
through the `Wide` exception so the number paths pay nothing for it.

Builtin convention: see auxlib.py. Required arguments default to auxlib's
NOVALUE instead of None so that a missing one is reported as
"got no value", as LuaJIT reports it.
"""
from __future__ import annotations

import struct

from ..auxlib import NOVALUE, check_num
from ..value import CData, Table

_MAGIC = 6755399441055744.0             # 2^52 + 2^51
_DOUBLE = struct.Struct("<d")
_LOW32 = struct.Struct("<i4x")          # low (first, little-endian) word, signed


def tobit_float(x: float) -> int:
    """The signed 32-bit integer LuaJIT derives from a number."""
    if -2147483648.0 <= x <= 2147483647.0 and x == int(x):
        return int(x)                   # fast path: already an int32
    return _LOW32.unpack(_DOUBLE.pack(x + _MAGIC))[0]


class Wide(Exception):
    """An operand is a cdata: the operation is luavm/ffi/bit64.py's."""


def _bit64():
    from ..ffi import bit64
    return bit64


def _arg(v, n: int, fname: str) -> int:
    """Argument n as an int32 (numbers and numeric strings, as LuaJIT)."""
    if v.__class__ is not float:
        if v.__class__ is CData:
            raise Wide
        v = check_num(v, n, fname)
    return tobit_float(v)


def _count(v, n: int, fname: str) -> int:
    """A shift count or digit number: a cdata one converts to int32 but
    leaves the operation 32-bit when the operand is a number."""
    if v.__class__ is CData:
        return _bit64().int32(v, n, fname)
    return _arg(v, n, fname)


def _signed(x: int) -> float:
    """Wrap an int to int32 and return it as a Lua number."""
    x &= 0xFFFFFFFF
    return float(x - 0x100000000 if x & 0x80000000 else x)


def tobit(x=NOVALUE, *_) -> float:
    try:
        return float(_arg(x, 1, "tobit"))
    except Wide:
        return _bit64().tobit(x)


def bnot(x=NOVALUE, *_):
    try:
        return float(~_arg(x, 1, "bnot"))
    except Wide:
        return _bit64().bnot(x)


def _fold(fname: str, op):
    """A variadic operator (band/bor/bxor): at least one operand."""
    def fold(x=NOVALUE, *rest):
        try:
            acc = _arg(x, 1, fname)
            for n, v in enumerate(rest, 2):
                acc = op(acc, _arg(v, n, fname))
        except Wide:
            return _bit64().fold(fname, (x,) + rest)
        return float(acc)
    fold.__name__ = fname
    return fold


band = _fold("band", lambda a, b: a & b)
bor = _fold("bor", lambda a, b: a | b)
bxor = _fold("bxor", lambda a, b: a ^ b)


def _shift(fname: str, op32):
    """A shift or rotate: a cdata operand makes it 64-bit; like the CPU, only
    5 (6) bits of the count count."""
    def shift(x=NOVALUE, n=NOVALUE, *_):
        try:
            v = _arg(x, 1, fname)
        except Wide:
            return _bit64().shift(fname, x, _count(n, 2, fname))
        return op32(v, _count(n, 2, fname) & 31)
    shift.__name__ = fname
    return shift


def _rol(v: int, s: int) -> float:
    u = v & 0xFFFFFFFF
    return _signed((u << s) | (u >> (32 - s)))


def _ror(v: int, s: int) -> float:
    u = v & 0xFFFFFFFF
    return _signed((u >> s) | (u << (32 - s)))


lshift = _shift("lshift", lambda v, s: _signed(v << s))
rshift = _shift("rshift", lambda v, s: _signed((v & 0xFFFFFFFF) >> s))
arshift = _shift("arshift", lambda v, s: float(v >> s))    # Python's >> is arithmetic
rol = _shift("rol", _rol)
ror = _shift("ror", _ror)


def bswap(x=NOVALUE, *_):
    try:
        u = _arg(x, 1, "bswap") & 0xFFFFFFFF
    except Wide:
        return _bit64().bswap(x)
    return _signed(int.from_bytes(u.to_bytes(4, "little"), "big"))


_MAX_HEX_DIGITS = 254    # LuaJIT caps the digit count (its format precision field)


def tohex(x=NOVALUE, n=NOVALUE, *_) -> bytes:
    """Hex digits of the low 32 bits (of a cdata's 64); n digits (default 8,
    16 for a cdata), upper case if n < 0.

    Fewer digits keep only the low nibbles; more pad with zeros.
    An explicit nil for n is an error in LuaJIT, hence NOVALUE.
    """
    try:
        u = _arg(x, 1, "tohex") & 0xFFFFFFFF
        digits = 8
    except Wide:
        u = _bit64().unsigned(x, "tohex")
        digits = 16
    if n is not NOVALUE:
        digits = _count(n, 2, "tohex")
    spec = "%0*x"
    if digits < 0:
        digits = -digits
        spec = "%0*X"
    digits = min(digits, _MAX_HEX_DIGITS)
    if digits == 0:
        return b""
    if digits < 16:
        u &= (1 << (4 * digits)) - 1
    return (spec % (digits, u)).encode()


_FUNCS = {
    b"tobit": tobit, b"tohex": tohex, b"bnot": bnot, b"band": band,
    b"bor": bor, b"bxor": bxor, b"lshift": lshift, b"rshift": rshift,
    b"arshift": arshift, b"rol": rol, b"ror": ror, b"bswap": bswap,
}


def open_lib(state) -> Table:
    """The `bit` table (the library keeps no per-state data)."""
    return Table(_FUNCS)
