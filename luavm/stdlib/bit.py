"""LuaJIT's `bit` library (BitOp): 32-bit operations on Lua numbers.

Every operand is first normalised the way LuaJIT's interpreter does it: add
2^52 + 2^51 to the double and keep the low 32 bits of its bit pattern. For
numbers in range that is a round-half-to-even conversion modulo 2^32
(tobit(1.5) == 2, tobit(2.5) == 2, tobit(2^32 + 5) == 5); for huge or
non-finite numbers it yields whatever bits the sum leaves, as LuaJIT does.
Results are signed 32-bit integers, returned as floats (value.py).

Builtin convention: see auxlib.py. Required arguments default to auxlib's
NOVALUE instead of None so that a missing one is reported as
"got no value", as LuaJIT reports it.
"""
from __future__ import annotations

import struct

from ..auxlib import NOVALUE, check_num
from ..value import Table

_MAGIC = 6755399441055744.0             # 2^52 + 2^51
_DOUBLE = struct.Struct("<d")
_LOW32 = struct.Struct("<i4x")          # low (first, little-endian) word, signed


def tobit_float(x: float) -> int:
    """The signed 32-bit integer LuaJIT derives from a number."""
    if -2147483648.0 <= x <= 2147483647.0 and x == int(x):
        return int(x)                   # fast path: already an int32
    return _LOW32.unpack(_DOUBLE.pack(x + _MAGIC))[0]


def _arg(v, n: int, fname: str) -> int:
    """Argument n as an int32 (numbers and numeric strings, as LuaJIT)."""
    if v.__class__ is not float:
        v = check_num(v, n, fname)
    return tobit_float(v)


def _signed(x: int) -> float:
    """Wrap an int to int32 and return it as a Lua number."""
    x &= 0xFFFFFFFF
    return float(x - 0x100000000 if x & 0x80000000 else x)


def tobit(x=NOVALUE, *_) -> float:
    return float(_arg(x, 1, "tobit"))


def bnot(x=NOVALUE, *_) -> float:
    return float(~_arg(x, 1, "bnot"))


def _fold(fname: str, op):
    """A variadic operator (band/bor/bxor): at least one operand."""
    def fold(x=NOVALUE, *rest) -> float:
        acc = _arg(x, 1, fname)
        for n, v in enumerate(rest, 2):
            acc = op(acc, _arg(v, n, fname))
        return float(acc)
    fold.__name__ = fname
    return fold


band = _fold("band", lambda a, b: a & b)
bor = _fold("bor", lambda a, b: a | b)
bxor = _fold("bxor", lambda a, b: a ^ b)


def _shift_args(x, n, fname: str) -> tuple[int, int]:
    """The operand and the shift count; like the CPU, only 5 bits count."""
    return _arg(x, 1, fname), _arg(n, 2, fname) & 31


def lshift(x=NOVALUE, n=NOVALUE, *_) -> float:
    v, s = _shift_args(x, n, "lshift")
    return _signed(v << s)


def rshift(x=NOVALUE, n=NOVALUE, *_) -> float:
    v, s = _shift_args(x, n, "rshift")
    return _signed((v & 0xFFFFFFFF) >> s)


def arshift(x=NOVALUE, n=NOVALUE, *_) -> float:
    v, s = _shift_args(x, n, "arshift")
    return float(v >> s)             # Python's >> on a signed int is arithmetic


def rol(x=NOVALUE, n=NOVALUE, *_) -> float:
    v, s = _shift_args(x, n, "rol")
    u = v & 0xFFFFFFFF
    return _signed((u << s) | (u >> (32 - s)))


def ror(x=NOVALUE, n=NOVALUE, *_) -> float:
    v, s = _shift_args(x, n, "ror")
    u = v & 0xFFFFFFFF
    return _signed((u >> s) | (u << (32 - s)))


def bswap(x=NOVALUE, *_) -> float:
    u = _arg(x, 1, "bswap") & 0xFFFFFFFF
    return _signed(int.from_bytes(u.to_bytes(4, "little"), "big"))


_MAX_HEX_DIGITS = 254    # LuaJIT caps the digit count (its format precision field)


def tohex(x=NOVALUE, n=NOVALUE, *_) -> bytes:
    """Hex digits of the low 32 bits; n digits (default 8), upper case if n < 0.

    Fewer than 8 digits keep only the low nibbles; more pad with zeros.
    An explicit nil for n is an error in LuaJIT, hence NOVALUE.
    """
    u = _arg(x, 1, "tohex") & 0xFFFFFFFF
    digits = 8 if n is NOVALUE else _arg(n, 2, "tohex")
    spec = "%0*x"
    if digits < 0:
        digits = -digits
        spec = "%0*X"
    digits = min(digits, _MAX_HEX_DIGITS)
    if digits == 0:
        return b""
    if digits < 8:
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
