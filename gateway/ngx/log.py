"""ngx.log and print: lines in error.log, `[lua] chunk:line: message`."""
from __future__ import annotations

import sys

from luavm import callstack
from luavm.auxlib import arg_error, lua_error
from luavm.runtime import tostring
from luavm.value import Table, type_name

from ..logs import LEVEL_NUMBER, LEVELS
from .output import number_text


def _where() -> str:
    """`chunk:line: ` of the Lua caller, with `name(): ` when the function
    has a name, as lua-nginx-module writes its prefix."""
    found = callstack.nth(callstack.levels(sys._getframe(2)), 1)
    if found is None or found.info is None:
        return ""
    name = f"{found.name[1]}(): " if found.name is not None else ""
    return f"{found.info.chunkname}:{found.line}: {name}"


def _piece(v, n: int) -> bytes:
    if v.__class__ is float:
        return number_text(v)       # as ngx.print: -0 is "0"
    if v.__class__ is Table:
        if v.meta is None or v.meta.get(b"__tostring") is None:
            raise arg_error(n, "log", "expected table to have __tostring metamethod")
        return tostring(v)
    if callable(v):
        raise arg_error(n, "log", f"string, number, boolean, or nil expected, got {type_name(v)}")
    return tostring(v)


def install(ngx: Table, w) -> None:
    def write(level: int, args: tuple, first_arg: int) -> None:
        if not w.error_log.enabled(level):
            return
        parts = [_piece(v, n) for n, v in enumerate(args, first_arg)]
        where = _where()
        msg = b"".join(parts).decode("utf-8", "surrogateescape")
        req = w.request
        w.error_log.log(level, f"[lua] {where}{msg}", req.number if req else 0,
                        w.log_context(req))

    def log(level=None, *args):
        if level.__class__ is not float:
            raise arg_error(1, "log", f"number expected, got {type_name(level)}")
        n = int(level)
        if not 0 <= n < len(LEVELS):
            raise lua_error(f"bad log level: {n}")
        write(n, args, 1)       # lua-nginx-module counts the message arguments from 1

    def print_(*args):
        write(LEVEL_NUMBER["notice"], args, 1)

    ngx[b"log"] = log
    for name, n in LEVEL_NUMBER.items():
        # ngx.ERR, not ngx.ERROR: that one is NGX_ERROR (-1).
        ngx[b"ERR" if name == "error" else name.upper().encode()] = float(n)
    w.state.globals[b"print"] = print_
