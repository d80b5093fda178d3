"""ngx.log and print: lines in error.log, `[lua] chunk:line: message`."""
from __future__ import annotations

from luavm import callstack
from luavm.auxlib import arg_error, lua_error
from luavm.value import Table, type_name

from ..logs import LEVEL_NUMBER, LEVELS
from .base import text


def install(ngx: Table, w) -> None:
    def write(level: int, args: tuple, first_arg: int) -> None:
        if not w.error_log.enabled(level):
            return
        parts = []
        for n, v in enumerate(args, first_arg):
            if v.__class__ is Table or callable(v):
                raise arg_error(n, "log", "expected table to have __tostring metamethod"
                                if v.__class__ is Table else
                                f"string, number, boolean, or nil expected, got {type_name(v)}")
            parts.append(text(v))
        where = callstack.where(1)
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
        write(n, args, 2)

    def print_(*args):
        write(LEVEL_NUMBER["notice"], args, 1)

    ngx[b"log"] = log
    for name, n in LEVEL_NUMBER.items():
        # ngx.ERR, not ngx.ERROR: that one is NGX_ERROR (-1).
        ngx[b"ERR" if name == "error" else name.upper().encode()] = float(n)
    w.state.globals[b"print"] = print_
