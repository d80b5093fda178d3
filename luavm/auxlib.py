"""Helpers for writing Lua builtins in Python (Lua's lauxlib).

Builtin convention (see value.py for results): every parameter defaults to
None and the signature ends with `*_`, so a builtin accepts any argument
count as Lua does. Argument errors are raised at the caller's position:
    check_table(t, 1, "insert") -> "t.lua:3: bad argument #1 to 'insert' (table expected, got nil)"
"""
from __future__ import annotations

import math

from .codeinfo import caller_of_builtin, site_at, where
from .value import LuaError, Table, fmt_number, str2number, type_name


def lua_error(msg: str, level: int = 1) -> LuaError:
    """A LuaError whose message carries the position of the calling Lua code.

    Use as `raise lua_error("...")`. Level 1 is the innermost Lua function
    running, the one that called the builtin.
    """
    if level == 1:
        pos = _called_as("")[2]     # none when reached through pcall, as LuaJIT
    else:
        pos = where(level) if level > 0 else ""
    return LuaError((pos + msg).encode("utf-8", "surrogateescape"))


def _called_as(fname: str) -> tuple[str, bool, str]:
    """(name, called as a method, position) as Lua knows the running builtin.

    Lua names a function by how the call site reached it (`local r =
    string.rep; r()` reports 'r'), and knows nothing through pcall or a tail
    call: then '?' and no position.
    """
    found = caller_of_builtin()
    if found is None:
        return "?", False, ""
    frame, info = found
    if frame is None:
        return fname, False, ""
    pos = f"{info.chunkname}:{frame.f_lineno}: "
    site = site_at(frame.f_code, frame.f_lasti)
    if site is None or site.kind != "call" or not site.names or not site.names[0]:
        return "?", False, pos
    desc = site.names[0]
    name = desc[desc.index("'") + 1:-1]
    return name, desc.startswith("method"), pos


def arg_error(n: int, fname: str, msg: str) -> LuaError:
    name, method, pos = _called_as(fname)
    if method:
        n -= 1
        if n == 0:
            return LuaError(f"{pos}calling '{name}' on bad self ({msg})".encode(
                "utf-8", "surrogateescape"))
    return LuaError(f"{pos}bad argument #{n} to '{name}' ({msg})".encode(
        "utf-8", "surrogateescape"))


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
