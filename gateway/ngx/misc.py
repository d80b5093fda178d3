"""ngx.status, ngx.ctx, ngx.headers_sent, ngx.is_subrequest, ngx.arg (the
fields of the ngx table that read the request), ngx.get_phase, ngx.worker.*
and ngx.config.*."""
from __future__ import annotations

import os

from luavm.runtime import INDEX, NEWINDEX, tostring
from luavm.auxlib import lua_error
from luavm.value import Table, type_name

from . import base
from .base import ANY_REQUEST, request_for

NGINX_VERSION = 1022001        # the nginx whose behaviour we follow: 1.22.1
NGX_LUA_VERSION = 10025        # lua-nginx-module 0.10.25


def install(ngx: Table, w) -> None:
    fields = {b"status": _status_get, b"ctx": _ctx_get, b"headers_sent": _headers_sent,
              b"is_subrequest": _is_subrequest, b"arg": _arg_get}

    def index(t, key):
        getter = fields.get(key)
        if getter is None:
            return None
        return getter(w, request_for(w, ANY_REQUEST) if key != b"arg" else _arg_request(w))

    def newindex(t, key, value):
        if key == b"status":
            _status_set(w, value)
        elif key == b"ctx":
            req = request_for(w, ANY_REQUEST)
            if value.__class__ is not Table:
                raise lua_error(f"ctx should be a table while setting, but got {type_name(value)}")
            req.ctx = value
        else:
            Table.__setitem__(t, key, value)     # a plain field of the ngx table

    ngx.meta = Table({INDEX: index, NEWINDEX: newindex})

    def get_phase(*_):
        req = w.request
        return base.PHASE_NAMES[req.phase if req is not None else w.phase]

    ngx[b"get_phase"] = get_phase
    worker = Table()
    worker[b"pid"] = lambda *_: float(os.getpid())
    worker[b"id"] = lambda *_: float(w.worker_id)
    worker[b"count"] = lambda *_: float(w.main.worker_processes)
    worker[b"exiting"] = lambda *_: w.exiting
    ngx[b"worker"] = worker
    config = Table()
    config[b"prefix"] = lambda *_: (w.main.prefix.rstrip("/") + "/").encode()
    config[b"subsystem"] = b"http"
    config[b"debug"] = False
    config[b"nginx_version"] = float(NGINX_VERSION)
    config[b"ngx_lua_version"] = float(NGX_LUA_VERSION)
    config[b"nginx_configure"] = lambda *_: b" --prefix=" + w.main.prefix.encode() + \
        b" --with-moongate"
    ngx[b"config"] = config


def _status_get(w, req) -> float:
    return float(req.status)


def _status_set(w, value) -> None:
    req = request_for(w, base.SET | base.REWRITE | base.ACCESS | base.CONTENT | base.HEADER_FILTER)
    if req.header_sent and req.phase != base.HEADER_FILTER:
        w.error_log.log(4, "attempt to set ngx.status after sending out response headers",
                        req.number, w.log_context(req))
        return
    if value.__class__ is bytes:
        try:
            value = float(value)
        except ValueError:
            value = None
    if value.__class__ is not float:
        raise lua_error(f"bad argument #3 to '?' (number expected, got {type_name(value)})")
    req.status = int(value)


def _ctx_get(w, req) -> Table:
    if req.ctx is None:
        req.ctx = Table()
    return req.ctx


def _is_subrequest(w, req) -> bool:
    return req.parent is not None


def _headers_sent(w, req) -> bool:
    return req.header_sent


def _arg_request(w):
    req = w.request
    if req is None or not req.phase & (base.SET | base.BODY_FILTER):
        return None
    return req


def _arg_get(w, req):
    """ngx.arg: set_by_lua's arguments, or body_filter's chunk and eof flag."""
    if req is None:
        return None
    arg = Table()
    arg.meta = Table({INDEX: lambda t, k: _arg_item(req, k),
                      NEWINDEX: lambda t, k, v: _arg_store(req, k, v)})
    return arg


def _arg_item(req, key):
    if key.__class__ is float and 1 <= key <= len(req.arg or ()) and key.is_integer():
        return req.arg[int(key) - 1]
    return None


def _arg_store(req, key, value) -> None:
    if req.phase != base.BODY_FILTER or key not in (1.0, 2.0):
        raise lua_error("attempt to write to ngx.arg")
    if key == 1.0:
        value = tostring(value) if value is not None else b""
    req.arg[int(key) - 1] = value
