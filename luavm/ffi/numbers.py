"""Number conversions of the ffi as LuaJIT does them on x86-64.

A Lua number stored into a C integer is truncated toward zero; where the
result does not fit, LuaJIT's conversions behave like the x86 instructions it
uses (cvttsd2si gives the "integer indefinite" value, the most negative
integer, for anything out of range and for nan), and narrower types keep the
low bits of a 32-bit conversion. Every rule below was observed on luajit2.
"""
from __future__ import annotations

INT64_MIN = -(1 << 63)
INT32_MIN = -(1 << 31)
MASK64 = (1 << 64) - 1
TWO63 = float(1 << 63)
TWO64 = float(1 << 64)
TWO31 = float(1 << 31)


def wrap(i: int, size: int, signed: bool) -> int:
    """i reduced to a C integer of `size` bytes (two's complement)."""
    bits = size * 8
    i &= (1 << bits) - 1
    if signed and i >> (bits - 1):
        i -= 1 << bits
    return i


def num_to_i64(x: float) -> int:
    if -TWO63 <= x < TWO63:
        return int(x)
    return INT64_MIN


def num_to_u64(x: float) -> int:
    """lj_num2u64, LuaJIT's every number -> uint64_t conversion (stores,
    casts, comparisons, arithmetic): what does not fit int64_t is taken
    modulo 2^64 from the top, so -1 becomes 2^63 as on luajit2."""
    i = num_to_i64(x)
    if i < 0:
        i = num_to_i64(x - TWO64)
    return i & MASK64


def num_to_address(x: float) -> int:
    """A number cast to a pointer: the int64_t conversion's bits."""
    return num_to_i64(x) & MASK64


def num_to_i32(x: float) -> int:
    if -TWO31 - 1.0 < x < TWO31:
        return int(x)
    return INT32_MIN


def num_to_int(x: float, size: int, signed: bool) -> int:
    """A Lua number converted to a C integer type."""
    if size == 8:
        return num_to_i64(x) if signed else num_to_u64(x)
    if size == 4 and not signed:
        return num_to_i64(x) & 0xFFFFFFFF
    i = num_to_i32(x)
    return i if size == 4 else wrap(i, size, signed)


def i64_to_num(i: int) -> float:
    """tonumber() of a 64-bit integer: the nearest double."""
    return float(i)


# -- 64-bit integer arithmetic (lj_carith.c's rules) --------------------------

def _div(a: int, b: int, signed: bool) -> int:
    if b == 0:
        return INT64_MIN if signed else 1 << 63
    if signed and a == INT64_MIN and b == -1:
        return INT64_MIN
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _mod(a: int, b: int, signed: bool) -> int:
    if b == 0:
        return INT64_MIN if signed else 1 << 63
    if signed and a == INT64_MIN and b == -1:
        return 0
    r = abs(a) % abs(b)      # C's remainder: the sign of the dividend
    return -r if a < 0 else r


def _pow(a: int, b: int, signed: bool) -> int:
    if b < 0:
        if a == 1:
            return 1
        if a == -1:
            return -1 if b & 1 else 1
        return 0
    return pow(a, b, 1 << 64)


ARITH64 = {
    b"__add": lambda a, b, s: a + b,
    b"__sub": lambda a, b, s: a - b,
    b"__mul": lambda a, b, s: a * b,
    b"__div": _div,
    b"__mod": _mod,
    b"__pow": _pow,
}


def arith64(event: bytes, a: int, b: int, signed: bool) -> int:
    """a op b on 64-bit integers of one signedness, wrapped to 64 bits."""
    return wrap(ARITH64[event](a, b, signed), 8, signed)
