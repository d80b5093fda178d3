"""LLVM IR for the builtins of intrinsics.py: math.* and bit.*.

Each gives the result tier 0's Python builtin gives (stdlib/math.py,
stdlib/bit.py): libm through LLVM's intrinsics (the same libm Python calls),
the bit operations on LuaJIT's int32 normalisation (the low word of
x + 2^52 + 2^51).
"""
from __future__ import annotations

import math

from llvmlite import ir

D = ir.DoubleType()
I32 = ir.IntType(32)
I64 = ir.IntType(64)

# libm functions with an LLVM intrinsic, and those called by name
_LLVM = {"math.floor": "llvm.floor", "math.ceil": "llvm.ceil", "math.abs": "llvm.fabs",
         "math.sqrt": "llvm.sqrt", "math.sin": "llvm.sin", "math.cos": "llvm.cos",
         "math.exp": "llvm.exp", "math.log10": "llvm.log10"}
_LIBM = {"math.tan": "tan", "math.asin": "asin", "math.acos": "acos", "math.atan": "atan",
         "math.sinh": "sinh", "math.cosh": "cosh", "math.tanh": "tanh", "math.fmod": "fmod",
         "math.atan2": "atan2"}
_MAGIC = 6755399441055744.0     # 2^52 + 2^51


def libm(module: ir.Module, name: str, nargs: int) -> ir.Function:
    """A libm function (or LLVM intrinsic) declared once in the module."""
    if name.startswith("llvm."):       # overloaded on the one operand type
        return module.declare_intrinsic(name, [D])
    fn = module.globals.get(name)
    if fn is None:
        fn = ir.Function(module, ir.FunctionType(D, [D] * nargs), name)
    return fn


def pow_(b: ir.IRBuilder, x, y):
    return b.call(libm(b.module, "llvm.pow", 2), [x, y])


def lower(b: ir.IRBuilder, name: str, args: list):
    """The value of a builtin call, args already lowered doubles."""
    m = b.module
    if name in _LLVM:
        return b.call(libm(m, _LLVM[name], 1), args[:1])
    if name in _LIBM:
        return b.call(libm(m, _LIBM[name], len(args)), args)
    if name == "math.pow":
        return pow_(b, args[0], args[1])
    if name == "math.log":
        if len(args) == 1:
            return b.call(libm(m, "llvm.log", 1), args)
        log2 = libm(m, "llvm.log2", 1)
        # LuaJIT's log2(x) * (1 / log2(base)): makes log(1000, 10) exactly 3
        return b.fmul(b.call(log2, args[:1]), b.fdiv(D(1.0), b.call(log2, args[1:2])))
    if name == "math.deg":
        return b.fmul(args[0], D(180.0 / math.pi))
    if name == "math.rad":
        return b.fmul(args[0], D(math.pi / 180.0))
    if name in ("math.min", "math.max"):
        acc = args[0]
        for v in args[1:]:
            # keep the running value only if strictly smaller (greater)
            keep = b.fcmp_ordered("<" if name == "math.min" else ">", acc, v)
            acc = b.select(keep, acc, v)
        return acc
    return b.sitofp(_bit(b, name, [tobit(b, a) for a in args]), D)


def tobit(b: ir.IRBuilder, x):
    """LuaJIT's number to int32: the low word of x + 2^52 + 2^51."""
    return b.trunc(b.bitcast(b.fadd(x, D(_MAGIC)), I64), I32)


def _bit(b: ir.IRBuilder, name: str, a: list):
    if name == "bit.tobit":
        return a[0]
    if name == "bit.bnot":
        return b.not_(a[0])
    if name in ("bit.band", "bit.bor", "bit.bxor"):
        op = {"bit.band": b.and_, "bit.bor": b.or_, "bit.bxor": b.xor}[name]
        acc = a[0]
        for v in a[1:]:
            acc = op(acc, v)
        return acc
    if name == "bit.bswap":
        return b.call(b.module.declare_intrinsic("llvm.bswap", [I32]), a)
    n = b.and_(a[1], I32(31))
    if name == "bit.lshift":
        return b.shl(a[0], n)
    if name == "bit.rshift":
        return b.lshr(a[0], n)
    if name == "bit.arshift":
        return b.ashr(a[0], n)
    rot = b.module.declare_intrinsic("llvm.fshl" if name == "bit.rol" else "llvm.fshr", [I32],
                                     ir.FunctionType(I32, [I32] * 3))
    return b.call(rot, [a[0], a[0], n])
