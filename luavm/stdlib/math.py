"""Lua's `math` library, as LuaJIT 2.1 has it (no math.mod; log takes a base).

Results must be what C's libm gives. Python's math module calls libm but
raises where C returns inf or nan (sqrt(-1), log(0), exp(1000), fmod(x, 0),
sin(inf), ...), and floor/ceil return ints that lose -0; the wrappers here
put the IEEE results back.

math.random uses LuaJIT's own generator (a combined Tausworthe generator,
TW223), so a seed gives the same sequence as in LuaJIT. Like LuaJIT, and
unlike PUC Lua, it checks no interval: random(0) is 1, random(3, 1) is 2.

Builtin convention: see auxlib.py. Required arguments default to auxlib's
NOVALUE instead of None so that a missing one is reported as
"got no value", as LuaJIT reports it.
"""
from __future__ import annotations

import math
import struct

from ..auxlib import NOVALUE, check_num
from ..runtime import num_pow
from ..value import EMPTY, Multi, Table

INF = math.inf
NAN = math.nan


def _num(v, n: int, fname: str) -> float:
    return v if v.__class__ is float else check_num(v, n, fname)


# -- rounding --------------------------------------------------------------

def floor(x=NOVALUE, *_) -> float:
    """Python's float // 1.0 is C's floor for finite x, -0.0 included
    (math.floor returns an int and would lose it); inf and nan pass."""
    if x.__class__ is not float:
        x = check_num(x, 1, "floor")
    return x // 1.0 if x - x == 0.0 else x


def ceil(x=NOVALUE, *_) -> float:
    if x.__class__ is not float:
        x = check_num(x, 1, "ceil")
    return -((-x) // 1.0) if x - x == 0.0 else x     # ceil(-0.5) is -0


def abs_(x=NOVALUE, *_) -> float:
    if x.__class__ is not float:    # hot path: the test inline, not _num's call
        x = check_num(x, 1, "abs")
    return abs(x)


def fmod(x=NOVALUE, y=NOVALUE, *_) -> float:
    a = _num(x, 1, "fmod")
    b = _num(y, 2, "fmod")
    try:
        return math.fmod(a, b)
    except ValueError:                        # fmod(x, 0), fmod(inf, y)
        return NAN


def modf(x=NOVALUE, *_):
    """Integral part and fraction, both with x's sign (C modf)."""
    frac, whole = math.modf(_num(x, 1, "modf"))
    return _pair(whole, frac)


def frexp(x=NOVALUE, *_):
    m, e = math.frexp(_num(x, 1, "frexp"))
    return _pair(m, float(e))


def ldexp(m=NOVALUE, e=NOVALUE, *_) -> float:
    x = _num(m, 1, "ldexp")
    ef = _num(e, 2, "ldexp")
    if ef - ef != 0.0:
        return x * 2.0 ** ef if ef == ef else NAN   # inf/-inf/nan exponents
    try:
        return math.ldexp(x, int(ef))         # the exponent is truncated
    except OverflowError:
        return math.copysign(INF, x)


# -- powers and logarithms -------------------------------------------------

def sqrt(x=NOVALUE, *_) -> float:
    if x.__class__ is not float:    # hot path: the test inline, not _num's call
        x = check_num(x, 1, "sqrt")
    return math.sqrt(x) if x >= 0.0 else NAN  # keeps -0 and inf; nan fails >=


def _log2(x: float) -> float:
    try:
        return math.log2(x)
    except ValueError:
        return -INF if x == 0.0 else NAN


def log(x=NOVALUE, base=NOVALUE, *_) -> float:
    """ln(x), or log in a base as LuaJIT computes it: log2(x) * (1/log2(b)).

    That formula (not ln(x)/ln(b)) is what makes log(1000, 10) exactly 3.
    """
    v = _num(x, 1, "log")
    if base is NOVALUE:
        try:
            return math.log(v)
        except ValueError:
            return -INF if v == 0.0 else NAN
    b = _num(base, 2, "log")
    return _log2(v) * _recip(_log2(b))


def _recip(y: float) -> float:
    if y == 0.0:
        return math.copysign(INF, y)
    return 1.0 / y


def log10(x=NOVALUE, *_) -> float:
    v = _num(x, 1, "log10")
    try:
        return math.log10(v)
    except ValueError:
        return -INF if v == 0.0 else NAN


def exp(x=NOVALUE, *_) -> float:
    try:
        return math.exp(_num(x, 1, "exp"))
    except OverflowError:
        return INF


def pow_(x=NOVALUE, y=NOVALUE, *_) -> float:
    return num_pow(_num(x, 1, "pow"), _num(y, 2, "pow"))


# -- trigonometry ----------------------------------------------------------

def _unary(fname: str, fn, overflow=None):
    """Wrap a libm function: domain errors give nan, overflows `overflow(x)`."""
    def f(x=NOVALUE, *_) -> float:
        v = _num(x, 1, fname)
        try:
            return fn(v)
        except ValueError:
            return NAN
        except OverflowError:
            return overflow(v)
    f.__name__ = fname
    return f


sin = _unary("sin", math.sin)
cos = _unary("cos", math.cos)
tan = _unary("tan", math.tan)
asin = _unary("asin", math.asin)
acos = _unary("acos", math.acos)
atan = _unary("atan", math.atan)
sinh = _unary("sinh", math.sinh, lambda v: math.copysign(INF, v))
cosh = _unary("cosh", math.cosh, lambda v: INF)
tanh = _unary("tanh", math.tanh)


def atan2(y=NOVALUE, x=NOVALUE, *_) -> float:
    return math.atan2(_num(y, 1, "atan2"), _num(x, 2, "atan2"))


_RAD_TO_DEG = 180.0 / math.pi
_DEG_TO_RAD = math.pi / 180.0


def deg(x=NOVALUE, *_) -> float:
    return _num(x, 1, "deg") * _RAD_TO_DEG


def rad(x=NOVALUE, *_) -> float:
    return _num(x, 1, "rad") * _DEG_TO_RAD


# -- min and max -----------------------------------------------------------

def max_(x=NOVALUE, *rest) -> float:
    """Keeps the running value only if strictly greater (SSE maxsd order):
    so max(nan, 1) is 1 but max(1, nan) is nan, and max(-0.0, 0.0) is 0."""
    acc = _num(x, 1, "max")
    for n, v in enumerate(rest, 2):
        v = _num(v, n, "max")
        if not acc > v:
            acc = v
    return acc


def min_(x=NOVALUE, *rest) -> float:
    acc = _num(x, 1, "min")
    for n, v in enumerate(rest, 2):
        v = _num(v, n, "min")
        if not acc < v:
            acc = v
    return acc


def _pair(a: float, b: float):
    return Multi((a, b))


# -- random numbers --------------------------------------------------------

_U64 = (1 << 64) - 1
_BITS = struct.Struct("<Q")
_DBL = struct.Struct("<d")
# (k, q, s) of each Tausworthe component: k significant bits, shifts q and s
_TW223 = ((63, 31, 18), (58, 19, 28), (55, 24, 7), (47, 21, 8))


class Prng:
    """LuaJIT's math.random generator: four 64-bit Tausworthe components."""
    __slots__ = ("u",)

    def __init__(self, seed: float = 0.0) -> None:
        self.u = [0, 0, 0, 0]
        self.seed(seed)

    def seed(self, d: float) -> None:
        """Spread the seed over the four states, as LuaJIT does, then warm up."""
        for i, (k, _q, _s) in enumerate(_TW223):
            d = d * 3.14159265358979323846 + 2.7182818284590452354
            bits = _BITS.unpack(_DBL.pack(d))[0]
            floor_bit = 1 << (64 - k)        # the top k bits must not all be 0
            if bits < floor_bit:
                bits += floor_bit
            self.u[i] = bits
        for _ in range(10):
            self.step()

    def step(self) -> int:
        r = 0
        u = self.u
        for i, (k, q, s) in enumerate(_TW223):
            z = u[i]
            z = ((((z << q) & _U64) ^ z) >> (k - s)) ^ (((z & (_U64 << (64 - k))) << s) & _U64)
            u[i] = z
            r ^= z
        return r

    def uniform(self) -> float:
        """A double in [0, 1): 52 random mantissa bits under exponent 0, minus 1."""
        bits = (self.step() & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000
        return _DBL.unpack(_BITS.pack(bits))[0] - 1.0


def _floor_any(x: float) -> float:
    return float(math.floor(x)) if x - x == 0.0 else x


def _random_funcs(prng: Prng):
    """random and randomseed bound to one state's generator."""
    def random(*args) -> float:
        d = prng.uniform()
        if not args:
            return d
        lo = _num(args[0], 1, "random")
        if len(args) == 1:
            return _floor_any(d * lo) + 1.0           # an integer in [1, lo]
        hi = _num(args[1], 2, "random")
        return _floor_any(d * (hi - lo + 1.0)) + lo  # an integer in [lo, hi]

    def randomseed(x=NOVALUE, *_):
        prng.seed(_num(x, 1, "randomseed"))
        return EMPTY

    return random, randomseed


_FUNCS = {
    b"abs": abs_, b"ceil": ceil, b"floor": floor, b"fmod": fmod, b"modf": modf,
    b"frexp": frexp, b"ldexp": ldexp, b"sqrt": sqrt, b"log": log,
    b"log10": log10, b"exp": exp, b"pow": pow_, b"sin": sin, b"cos": cos,
    b"tan": tan, b"asin": asin, b"acos": acos, b"atan": atan, b"atan2": atan2,
    b"sinh": sinh, b"cosh": cosh, b"tanh": tanh, b"deg": deg, b"rad": rad,
    b"max": max_, b"min": min_,
}


def open_lib(state) -> Table:
    """The `math` table, with a random generator of its own (seed 0, as LuaJIT)."""
    lib = Table(_FUNCS)
    random, randomseed = _random_funcs(Prng(0.0))
    lib[b"random"] = random
    lib[b"randomseed"] = randomseed
    lib[b"pi"] = math.pi
    lib[b"huge"] = INF
    return lib
