"""The ngx table: every API module installs its part, over the constants."""
from __future__ import annotations

from luavm.value import LightUserdata, Table

from ..http import REASONS
from . import (
    balancer, base, codec, escape, log, misc, output, regex, req_socket, request, response,
    semaphore, shdict, sleep, socket_tcp, socket_udp, subrequest, time, timer, uthread, var,
)

# ngx.HTTP_* status constants, by lua-nginx-module's names.
STATUS_NAMES = {
    "CONTINUE": 100, "SWITCHING_PROTOCOLS": 101, "OK": 200, "CREATED": 201, "ACCEPTED": 202,
    "NO_CONTENT": 204, "PARTIAL_CONTENT": 206, "SPECIAL_RESPONSE": 300,
    "MOVED_PERMANENTLY": 301, "MOVED_TEMPORARILY": 302, "SEE_OTHER": 303, "NOT_MODIFIED": 304,
    "TEMPORARY_REDIRECT": 307, "PERMANENT_REDIRECT": 308, "BAD_REQUEST": 400,
    "UNAUTHORIZED": 401, "PAYMENT_REQUIRED": 402, "FORBIDDEN": 403, "NOT_FOUND": 404,
    "NOT_ALLOWED": 405, "NOT_ACCEPTABLE": 406, "REQUEST_TIMEOUT": 408, "CONFLICT": 409,
    "GONE": 410, "UPGRADE_REQUIRED": 426, "TOO_MANY_REQUESTS": 429, "CLOSE": 444,
    "ILLEGAL": 451, "INTERNAL_SERVER_ERROR": 500, "METHOD_NOT_IMPLEMENTED": 501,
    "BAD_GATEWAY": 502, "SERVICE_UNAVAILABLE": 503, "GATEWAY_TIMEOUT": 504,
    "VERSION_NOT_SUPPORTED": 505, "INSUFFICIENT_STORAGE": 507,
}
assert all(code in REASONS or code in (300, 426, 444, 451) for code in STATUS_NAMES.values())


def build(w) -> Table:
    """The ngx table of a worker."""
    ngx = Table()
    for name, value in (("OK", base.OK), ("ERROR", base.ERROR), ("AGAIN", base.AGAIN),
                        ("DONE", base.DONE), ("DECLINED", base.DECLINED)):
        ngx[name.encode()] = float(value)
    for name, code in STATUS_NAMES.items():
        ngx[b"HTTP_" + name.encode()] = float(code)
    ngx[b"null"] = LightUserdata(0)       # a NULL light userdata, as in OpenResty
    output.install(ngx, w)
    response.install(ngx, w)
    request.install(ngx, w)
    var.install(ngx, w, w.declared_vars)
    log.install(ngx, w)
    misc.install(ngx, w)
    escape.install(ngx)
    codec.install(ngx, w)
    regex.install(ngx, w)
    time.install(ngx, w.clock)
    shdict.install(ngx, w)
    socket_tcp.install(ngx, w)
    socket_udp.install(ngx, w)
    req_socket.install(ngx, w)
    sleep.install(ngx, w)
    uthread.install(ngx, w)
    timer.install(ngx, w)
    subrequest.install(ngx, w)
    preload = w.state.globals[b"package"][b"preload"]
    balancer_module = balancer.install(w)
    preload[b"ngx.balancer"] = lambda *_: balancer_module
    semaphore_module = semaphore.module(w)
    preload[b"ngx.semaphore"] = lambda *_: semaphore_module
    return ngx
