"""`moongate -e 'code'`: run Lua with the ngx API and no request, like
OpenResty's `resty -e`: ngx.say and ngx.print write to stdout, ngx.log and
print to stderr."""
from __future__ import annotations

import sys

from luavm.runtime import tostring
from luavm.value import LuaError, Table

from .config.model import Http, LuaChunk, Main
from .ngx import base
from .worker import StartupError, Worker, error_text


def run_code(code: str, prefix: str) -> int:
    main = Main(file="(command line)", prefix=prefix, error_log=[("stderr", "warn")], http=Http())
    from .config.build import finish_http
    from .config.model import Server
    finish_http(main.http, Server(""), prefix)
    try:
        w = Worker(main)
    except StartupError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    w.phase = base.TIMER
    _stdout_output(w.ngx)
    chunk = LuaChunk("-e", code.encode(), "=(command line -e)", "command line")
    try:
        w.state.call(w.factory(chunk)(w.state.globals))
    except LuaError as exc:
        print(f"ERROR: {error_text(exc.value)}", file=sys.stderr)
        return 1
    except base.Exit as e:
        return e.status if e.status > 0 else 0
    finally:
        sys.stdout.flush()
        w.close()
    return 0


def _stdout_output(ngx: Table) -> None:
    """ngx.say/print/flush/eof with no request write to stdout (resty's way)."""
    out = sys.stdout.buffer

    def say(*args):
        out.write(b"".join(tostring(a) for a in args) + b"\n")
        return 1.0

    def print_(*args):
        out.write(b"".join(tostring(a) for a in args))
        return 1.0

    def flush(*_):
        out.flush()
        return 1.0

    def exit_(status=None, *_):
        raise base.Exit(int(status) if status.__class__ is float else 0)

    ngx[b"say"], ngx[b"print"], ngx[b"flush"], ngx[b"eof"], ngx[b"exit"] = say, print_, flush, flush, exit_
