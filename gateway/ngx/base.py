"""What every ngx API module shares (as resty.core.base): the phase
contexts as bit flags, the check that an API may run in the current one,
and the non-local exits (ngx.exit, ngx.exec, ngx.redirect) that unwind a
handler past any Lua pcall.
"""
from __future__ import annotations

from luavm.auxlib import lua_error
from luavm.value import LuaError

# lua-nginx-module's context flags (NGX_HTTP_LUA_CONTEXT_*), plus INIT.
SET = 0x0001
REWRITE = 0x0002
ACCESS = 0x0004
CONTENT = 0x0008
LOG = 0x0010
HEADER_FILTER = 0x0020
BODY_FILTER = 0x0040
TIMER = 0x0080
INIT_WORKER = 0x0100
BALANCER = 0x0200
INIT = 0x8000

# The names errors use (`API disabled in the context of log_by_lua*`) and
# the names ngx.get_phase() returns.
CONTEXT_NAMES = {
    SET: "set_by_lua*", REWRITE: "rewrite_by_lua*", ACCESS: "access_by_lua*",
    CONTENT: "content_by_lua*", LOG: "log_by_lua*", HEADER_FILTER: "header_filter_by_lua*",
    BODY_FILTER: "body_filter_by_lua*", TIMER: "ngx.timer", INIT_WORKER: "init_worker_by_lua*",
    BALANCER: "balancer_by_lua*", INIT: "init_by_lua*",
}
PHASE_NAMES = {
    SET: b"set", REWRITE: b"rewrite", ACCESS: b"access", CONTENT: b"content", LOG: b"log",
    HEADER_FILTER: b"header_filter", BODY_FILTER: b"body_filter", TIMER: b"timer",
    INIT_WORKER: b"init_worker", BALANCER: b"balancer", INIT: b"init",
}

# Where the output and control APIs may run, and every phase that has a request.
OUTPUT = REWRITE | ACCESS | CONTENT
# Where a handler may wait (ngx.sleep, light threads, cosockets).
YIELDABLE = REWRITE | ACCESS | CONTENT | TIMER
ANY_REQUEST = SET | REWRITE | ACCESS | CONTENT | LOG | HEADER_FILTER | BODY_FILTER | BALANCER

# ngx.OK and friends (NGX_OK ...), and ngx.DECLINED.
OK, ERROR, AGAIN, DONE, DECLINED = 0, -1, -2, -4, -5


def disabled(phase: int) -> LuaError:
    return lua_error(f"API disabled in the context of {CONTEXT_NAMES.get(phase, '?')}")


class Exit(BaseException):
    """ngx.exit(status): ends the current handler (and maybe the request).

    A BaseException, so Lua's pcall (which catches Lua errors) cannot stop
    it, as a yield out of the handler's coroutine cannot be stopped in
    lua-nginx-module.
    """

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Exec(BaseException):
    """ngx.exec(uri, args): an internal redirect, after the handler unwinds."""

    def __init__(self, uri: bytes, args: bytes | None) -> None:
        super().__init__(uri)
        self.uri = uri
        self.query = args          # not `args`: that is BaseException's


def request_for(w, mask: int):
    """The current request, if the running phase may use an API of `mask`.

    Hot path: every request-bound ngx function starts here. Compiled, the
    modules that cimport it (base.pxd) call it as a C function and know
    the result is a Request, so their reads of its fields are loads.
    """
    req = w.request
    if req is None:
        if w.phase in (INIT, INIT_WORKER):
            raise disabled(w.phase)
        raise lua_error("no request found")
    if not req.phase & mask:
        raise disabled(req.phase)
    return req
