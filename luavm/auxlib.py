"""Helpers for writing Lua builtins in Python (Lua's lauxlib).

Builtin convention (see value.py for results): every parameter defaults to
None and the signature ends with `*_`, so a builtin accepts any argument
count as Lua does. Argument errors are raised at the caller's position:
    check_table(t, 1, "insert") -> "t.lua:3: bad argument #1 to 'insert' (table expected, got nil)"
"""
from __future__ import annotations

import math

from . import callstack
from .value import LuaError, Table, fmt_number, str2number, type_name


def lua_error(msg: str, level: int = 1) -> LuaError:
    """A LuaError positioned at a level of the Lua stack (luaL_where).

    Use as `raise lua_error("...")`. Level 1 is the caller of the running
    builtin; no position when that is not Lua code (pcall, a tail call).
    """
    pos = callstack.where(level) if level > 0 else ""
    return LuaError((pos + msg).encode("utf-8", "surrogateescape"))


def arg_error(n: int, fname: str, msg: str) -> LuaError:
    """luaL_argerror: the builtin is named as its call site named it."""
    return callstack.bad_argument(n, msg, fname)


def type_error(n: int, fname: str, expected: str, got) -> LuaError:
    got_name = "no value" if got is NOVALUE else type_name(got)
    return arg_error(n, fname, f"{expected} expected, got {got_name}")


NOVALUE = object()   # pass as `got` when the argument was absent


def check_table(v, n: int, fname: str) -> Table:
    if isinstance(v, Table):
        return v
    raise type_error(n, fname, "table", v)


def check_num(v, n: int, fname: str) -> float:
    if v.__class__ is float:
        return v
    if v.__class__ is bytes:
        x = str2number(v)
        if x is not None:
            return x
    raise type_error(n, fname, "number", v)


def check_int(v, n: int, fname: str) -> int:
    """A number argument truncated to an integer (lua_tointeger)."""
    x = check_num(v, n, fname)
    if x != x or x in (math.inf, -math.inf):
        return 0
    return int(x)


def opt_int(v, n: int, fname: str, default: int) -> int:
    return default if v is None else check_int(v, n, fname)


def opt_num(v, n: int, fname: str, default: float) -> float:
    return default if v is None else check_num(v, n, fname)


def check_str(v, n: int, fname: str) -> bytes:
    """A string argument; numbers are converted as Lua does."""
    if v.__class__ is bytes:
        return v
    if v.__class__ is float:
        return fmt_number(v)
    raise type_error(n, fname, "string", v)


def opt_str(v, n: int, fname: str, default: bytes) -> bytes:
    return default if v is None else check_str(v, n, fname)


def check_any(v, n: int, fname: str, present: bool = True):
    if not present:
        raise arg_error(n, fname, "value expected")
    return v


def truthy(v) -> bool:
    """Lua truth: everything but nil and false."""
    return v is not None and v is not False
