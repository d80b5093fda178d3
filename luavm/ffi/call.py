"""Calling C functions: one generated Python function per C signature.

Hot path (every C call of lua-resty-core style code): the invoker converts
each argument inline for the common case (a number for an integer or double
parameter, a string for a `const char *`, a cdata for a pointer) and lets
cffi check the rest; when cffi refuses something, the slow path converts
every argument by LuaJIT's rules, so errors are LuaJIT's and out-of-range
numbers wrap as LuaJIT wraps them.
"""
from __future__ import annotations

from .. import callstack
from ..value import EMPTY, CData, LuaError
from .ctype import (
    CHAR, ENUM, FLOAT, I64, INT, PTR, STRUCT, U64, VOID, ConvError, CType,
)

MISSING = object()      # an argument the caller did not pass


def arity_error() -> LuaError:
    """Positioned at the Lua call, as LuaJIT's (none in a tail call)."""
    return callstack.caller_error(b"wrong number of arguments for function call")


def bad_arg(n: int, exc: ConvError) -> LuaError:
    """LuaJIT's message, naming the C function as its call site does."""
    return callstack.bad_argument(n, exc.text)


def params_of(ct: CType) -> list[CType]:
    """The parameter types, with const qualifiers where the declaration
    kept them (cffi's model), so `const char *` takes strings."""
    reg = ct.reg
    mtype = ct.model
    if mtype is not None:
        return [reg.from_model(m) for m in mtype.args]
    return [reg.from_bt(t) for t in ct.bt.args]


def _fast(i: int, p: CType) -> str:
    """The inline conversion of argument i to parameter p."""
    a = f"a{i}"
    kind = p.kind
    if kind in (INT, ENUM, I64, U64):
        return f"(int({a}) if {a}.__class__ is float else c{i}({a}))"
    if kind == FLOAT:
        return f"({a} if {a}.__class__ is float else c{i}({a}))"
    if kind == PTR:
        if p.elem.kind == CHAR and p.takes_string():
            return f"({a} if {a}.__class__ is bytes else ({a}.cd if {a}.__class__ is CData else c{i}({a})))"
        if p.takes_string() and p.elem.kind != VOID:
            # a string to `const unsigned char *`: its bytes seen as that type
            return (f"(from_buffer(A{i}, {a}) if {a}.__class__ is bytes else "
                    f"({a}.cd if {a}.__class__ is CData and {a}.ct.kind != STRUCT else c{i}({a})))")
        return f"({a}.cd if {a}.__class__ is CData and {a}.ct.kind != STRUCT else c{i}({a}))"
    return f"c{i}({a})"


def _result(ret: CType) -> str:
    kind = ret.kind
    if kind == VOID:
        return "EMPTY"
    if kind in (INT, ENUM):
        return "float(r)"
    if kind == FLOAT:
        return "r"
    if kind in (CHAR, STRUCT):
        return "ret.to_lua(r)"
    return "CData(ret, r)"


def make_invoker(ct: CType):
    """The function calling a C function of type ct: invoke(cd, *args)."""
    params = params_of(ct)
    ret = ct.reg.from_bt(ct.bt.result)
    variadic = ct.bt.ellipsis
    n = len(params)
    names = [f"a{i}" for i in range(n)]
    env = {"CData": CData, "EMPTY": EMPTY, "STRUCT": STRUCT, "MISSING": MISSING, "ret": ret,
           "slow": _slow_path(params, variadic, ct), "arity_error": arity_error}
    env["from_buffer"] = ct.reg.ffi.from_buffer
    for i, p in enumerate(params):
        env[f"c{i}"] = _checked(p, i + 1)
        if p.kind == PTR and p.takes_string() and p.elem.kind != VOID:
            env[f"A{i}"] = ct.reg.array_bt(p.elem)
    sig = "".join(f", {a}=MISSING" for a in names)
    args = ", ".join(_fast(i, p) for i, p in enumerate(params))
    allargs = ", ".join(names)
    if variadic:
        rest_check = ""
        call = f"fn({args}{', ' if args else ''}*slow.varargs(rest))"
    else:
        rest_check = "    if rest:\n        raise arity_error()\n"
        call = f"fn({args})"
    src = (
        f"def invoke(fn{sig}, *rest):\n"
        f"{rest_check}"
        f"    try:\n"
        f"        r = {call}\n"
        f"    except (TypeError, OverflowError, ValueError):\n"
        f"        r = fn(*slow(({allargs}{',' if n == 1 else ''}), rest))\n"
        f"    return {_result(ret)}\n"
    )
    exec(compile(src, f"<ffi call {ct.name}>", "exec"), env)
    return env["invoke"]


def _checked(p: CType, n: int):
    """The full conversion of argument n: LuaJIT's rules and messages."""
    to_c = p.to_c

    def conv(v):
        if v is MISSING:
            raise arity_error()
        try:
            return to_c(v)
        except ConvError as exc:
            raise bad_arg(n, exc) from None
    return conv


class _slow_path:
    """Every argument converted by the rules (after cffi refused the fast
    conversions), and the variadic part as C's default promotions."""

    def __init__(self, params: list[CType], variadic: bool, ct: CType) -> None:
        self.convs = [_checked(p, i + 1) for i, p in enumerate(params)]
        self.reg = ct.reg

    def __call__(self, args: tuple, rest: tuple) -> list:
        out = [conv(a) for conv, a in zip(self.convs, args)]
        return out + self.varargs(rest)

    def varargs(self, rest: tuple) -> list:
        ffi = self.reg.ffi
        out = []
        for i, v in enumerate(rest):
            cls = v.__class__
            if cls is float:
                out.append(ffi.cast("double", v))
            elif cls is bytes:
                out.append(ffi.from_buffer(v + b"\0"))
            elif cls is bool:
                out.append(ffi.cast("int", v))
            elif v is None:
                out.append(ffi.NULL)
            elif cls is CData:
                out.append(_vararg_cdata(ffi, v))
            else:
                raise bad_arg(len(self.convs) + i + 1,
                              ConvError(v, self.reg.parse("void *")))
        return out


def _vararg_cdata(ffi, v: CData):
    kind = v.ct.kind
    if kind == STRUCT:
        return v.cd[0]
    if kind in (INT, ENUM, I64, U64, FLOAT, CHAR) or isinstance(v.cd, (int, float)):
        bt = v.ct.bt
        return ffi.cast(bt, v.cd)
    return v.cd
