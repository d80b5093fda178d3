"""The `bit` library on cdata operands, as LuaJIT 2.1 has it (lib_bit.c over
lj_carith.c): once an operand that decides the width is a cdata, the
operation is done in 64 bits and gives an int64_t cdata, or a uint64_t one
when a uint64_t took part. Numbers then convert in full (not through tobit),
other scalar cdata (int, double, bool, enum) as C converts them, and
aggregates or pointers fail with a conversion error.

stdlib/bit.py keeps the 32-bit fast paths and comes here only when it meets
a cdata, so this module is imported only by programs that use the ffi.
"""
from __future__ import annotations

from ..auxlib import arg_error, check_num
from ..value import CData
from .ctype import BOOL, FLOAT, INTEGERS, U64
from .numbers import num_to_i64, num_to_u64, wrap

MASK64 = (1 << 64) - 1


def _unsigned(args) -> bool:
    return any(v.__class__ is CData and v.ct.kind == U64 for v in args)


def _to64(v, n: int, fname: str, unsigned: bool) -> int:
    """Operand n converted to uint64_t or int64_t (as an unsigned int)."""
    if v.__class__ is CData:
        kind = v.ct.kind
        if kind in INTEGERS or kind == BOOL:
            return int(v.cd) & MASK64
        if kind == FLOAT:
            return (num_to_u64(v.cd) if unsigned else num_to_i64(v.cd)) & MASK64
        target = "uint64_t" if unsigned else "int64_t"
        raise arg_error(n, fname, f"cannot convert '{v.ct.name}' to '{target}'")
    x = check_num(v, n, fname)
    return (num_to_u64(x) if unsigned else num_to_i64(x)) & MASK64


def _result(like: CData, unsigned: bool, x: int) -> CData:
    reg = like.ct.reg
    if unsigned:
        return CData(reg.parse("uint64_t"), x & MASK64)
    return CData(reg.parse("int64_t"), wrap(x, 8, True))


def _first_cdata(args) -> CData:
    return next(v for v in args if v.__class__ is CData)


def int32(v, n: int, fname: str) -> int:
    """A cdata count or digit number as the int32_t lib_bit.c takes."""
    return wrap(_to64(v, n, fname, False), 4, True)


def tobit(x) -> float:
    return float(int32(x, 1, "tobit"))


def fold(fname: str, args: tuple) -> CData:
    """band, bor and bxor of any number of operands."""
    unsigned = _unsigned(args)
    values = [_to64(v, n, fname, unsigned) for n, v in enumerate(args, 1)]
    acc = values[0]
    for x in values[1:]:
        if fname == "band":
            acc &= x
        elif fname == "bor":
            acc |= x
        else:
            acc ^= x
    return _result(_first_cdata(args), unsigned, acc)


def bnot(x: CData) -> CData:
    unsigned = x.ct.kind == U64
    return _result(x, unsigned, ~_to64(x, 1, "bnot", unsigned))


def bswap(x: CData) -> CData:
    unsigned = x.ct.kind == U64
    v = _to64(x, 1, "bswap", unsigned)
    return _result(x, unsigned, int.from_bytes(v.to_bytes(8, "little"), "big"))


def shift(fname: str, x: CData, count: int) -> CData:
    """lshift, rshift, arshift, rol and ror of a cdata: the count modulo 64."""
    unsigned = x.ct.kind == U64
    v = _to64(x, 1, fname, unsigned)
    s = count & 63
    if fname == "lshift":
        r = v << s
    elif fname == "rshift":
        r = v >> s
    elif fname == "arshift":
        r = wrap(v, 8, True) >> s
    elif fname == "rol":
        r = (v << s) | (v >> (64 - s))
    else:
        r = (v >> s) | (v << (64 - s))
    return _result(x, unsigned, r)


def unsigned(x: CData, fname: str) -> int:
    """The cdata's 64 bits as an unsigned int (for tohex)."""
    return _to64(x, 1, fname, x.ct.kind == U64)
