"""The builtins tier 1 compiles inline: math.* and bit.*, known by identity,
and the builtins that say so themselves (a `jit_intrinsic` attribute: type,
tostring, tonumber, ffi.string, which are made per Lua state).

Typing (typer.py) recognises a call of one of these Python builtins and
checks its arguments; lower_builtins.py gives the LLVM IR of math.* and
bit.*, typing itself turns the others into typed IR.
"""
from __future__ import annotations

from ..stdlib import bit as bitlib
from ..stdlib import math as mathlib

# name -> (fewest arguments, most arguments or 0 for any)
ARITY = {
    "math.floor": (1, 1), "math.ceil": (1, 1), "math.abs": (1, 1), "math.sqrt": (1, 1),
    "math.sin": (1, 1), "math.cos": (1, 1), "math.tan": (1, 1), "math.exp": (1, 1),
    "math.log10": (1, 1), "math.log": (1, 2), "math.pow": (2, 2), "math.fmod": (2, 2),
    "math.atan2": (2, 2), "math.asin": (1, 1), "math.acos": (1, 1), "math.atan": (1, 1),
    "math.sinh": (1, 1), "math.cosh": (1, 1), "math.tanh": (1, 1),
    "math.deg": (1, 1), "math.rad": (1, 1), "math.min": (1, 0), "math.max": (1, 0),
    "bit.tobit": (1, 1), "bit.bnot": (1, 1), "bit.band": (1, 0), "bit.bor": (1, 0),
    "bit.bxor": (1, 0), "bit.lshift": (2, 2), "bit.rshift": (2, 2), "bit.arshift": (2, 2),
    "bit.rol": (2, 2), "bit.ror": (2, 2), "bit.bswap": (1, 1),
}

_PY = {
    "math.floor": mathlib.floor, "math.ceil": mathlib.ceil, "math.abs": mathlib.abs_,
    "math.sqrt": mathlib.sqrt, "math.sin": mathlib.sin, "math.cos": mathlib.cos,
    "math.tan": mathlib.tan, "math.exp": mathlib.exp, "math.log10": mathlib.log10,
    "math.log": mathlib.log, "math.pow": mathlib.pow_, "math.fmod": mathlib.fmod,
    "math.atan2": mathlib.atan2, "math.asin": mathlib.asin, "math.acos": mathlib.acos,
    "math.atan": mathlib.atan, "math.sinh": mathlib.sinh, "math.cosh": mathlib.cosh,
    "math.tanh": mathlib.tanh, "math.deg": mathlib.deg, "math.rad": mathlib.rad,
    "math.min": mathlib.min_, "math.max": mathlib.max_,
    "bit.tobit": bitlib.tobit, "bit.bnot": bitlib.bnot, "bit.band": bitlib.band,
    "bit.bor": bitlib.bor, "bit.bxor": bitlib.bxor, "bit.lshift": bitlib.lshift,
    "bit.rshift": bitlib.rshift, "bit.arshift": bitlib.arshift, "bit.rol": bitlib.rol,
    "bit.ror": bitlib.ror, "bit.bswap": bitlib.bswap,
}

INTRINSICS = {id(fn): name for name, fn in _PY.items()}
_KEEP = list(_PY.values())      # the ids above stay valid


def intrinsic_name(fn) -> str | None:
    """The name tier 1 knows a builtin by, or None."""
    name = INTRINSICS.get(id(fn))
    if name is None and fn.__class__ is FUNCTION:
        name = getattr(fn, "jit_intrinsic", None)
    return name


FUNCTION = type(intrinsic_name)


def arity(name: str) -> tuple[int, int]:
    return ARITY[name]
