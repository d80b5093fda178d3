"""LLVM IR for calls of C functions (ffi cdata) and for 64-bit integers.

A C function is called at its address: typing read it from the cdata, and
the region's identity guard on that cdata keeps it. The arguments convert
as the ffi converts them in tier 0 (ffi/numbers.py: LuaJIT's x86-64 rules,
where a number out of range gives the "integer indefinite", the most
negative integer); a string passes the address of its bytes, a cdata the
address it holds, nil NULL. Results come back as tier 0 gives them to Lua:
numbers for integers narrower than 64 bits and for floating types, a 64-bit
integer (tir I64 or U64) for int64_t and uint64_t, an address for pointers.
"""
from __future__ import annotations

from llvmlite import ir

from ..ffi import ctype as C
from . import lower_string as strings
from . import tir
from .lower_table import PTR, bound

D = ir.DoubleType()
I32 = ir.IntType(32)
I64 = ir.IntType(64)
TWO63 = float(1 << 63)
TWO64 = float(1 << 64)
TWO31 = float(1 << 31)


INTEGERS = (C.INT, C.ENUM, C.CHAR, C.I64, C.U64)


def c_type(ct) -> ir.Type:
    kind = ct.kind
    if kind in INTEGERS:
        return ir.IntType(ct.size * 8)
    if kind == C.FLOAT:
        return ir.FloatType() if ct.size == 4 else D
    if kind == C.VOID:
        return ir.VoidType()
    return PTR


def call(b: ir.IRBuilder, e: tir.CCall, args: list):
    """The call, its arguments converted; the result as a tir value."""
    fnty = ir.FunctionType(c_type(e.ret), [c_type(p) for p in e.params])
    fn = b.bitcast(bound(b, e.address), fnty.as_pointer())
    values = [to_c(b, v, a.type, p) for v, a, p in zip(args, e.args, e.params)]
    r = b.call(fn, values)
    return None if e.ret.kind == C.VOID else from_c(b, r, e.ret)


def from_c(b: ir.IRBuilder, r, ct):
    """A C value of type ct as Lua sees it: integers narrower than 64 bits
    and floating values are numbers; the rest stays as it is."""
    kind = ct.kind
    if kind in (C.INT, C.ENUM, C.CHAR):
        return b.sitofp(r, D) if ct.signed else b.uitofp(r, D)
    if kind == C.FLOAT and ct.size == 4:
        return b.fpext(r, D)
    return r


def element(b: ir.IRBuilder, ptr, k, elem):
    """The address of element k (an i64) of a pointer or array of elem."""
    return b.gep(b.bitcast(ptr, c_type(elem).as_pointer()), [k])


def to_c(b: ir.IRBuilder, v, t: str, p):
    """A tir value of type t as a value of C type p (typer._converts said it can)."""
    kind = p.kind
    if kind == C.PTR:
        if t == tir.STR:
            return strings.data(b, v)
        return v if t == tir.CDATA else ir.Constant(PTR, None)
    if kind == C.FLOAT:
        return b.fptrunc(v, ir.FloatType()) if p.size == 4 else v
    width = ir.IntType(p.size * 8)
    if t != tir.NUM:                    # a 64-bit integer to a 64-bit parameter
        return v
    if p.size == 8:
        return to_i64(b, v) if p.signed else to_u64(b, v)
    if p.size == 4 and not p.signed:
        return b.trunc(to_i64(b, v), width)
    i = to_i32(b, v)
    return i if p.size == 4 else b.trunc(i, width)


def _truncate(b: ir.IRBuilder, x, above: str, lo: float, hi: float, t: ir.IntType):
    """x truncated toward zero when `x above lo` and x < hi, else the most
    negative integer of t (cvttsd2si's answer, nan included)."""
    inside = b.and_(b.fcmp_ordered(above, x, D(lo)), b.fcmp_ordered("<", x, D(hi)))
    safe = b.fptosi(b.select(inside, x, D(0.0)), t)
    return b.select(inside, safe, ir.Constant(t, -(1 << (t.width - 1))))


def to_i64(b: ir.IRBuilder, x):
    return _truncate(b, x, ">=", -TWO63, TWO63, I64)


def to_u64(b: ir.IRBuilder, x):
    """lj_num2u64: what does not fit int64_t is taken modulo 2^64 from the top."""
    i = to_i64(b, x)
    return b.select(b.icmp_signed("<", i, I64(0)), to_i64(b, b.fsub(x, D(TWO64))), i)


def to_i32(b: ir.IRBuilder, x):
    return _truncate(b, x, ">", -TWO31 - 1.0, TWO31, I32)


def to_number(b: ir.IRBuilder, v, t: str):
    """tonumber() of a 64-bit integer: the nearest double."""
    return b.sitofp(v, D) if t == tir.I64 else b.uitofp(v, D)
