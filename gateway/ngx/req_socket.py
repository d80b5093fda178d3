"""ngx.req.socket(): the request body as a receive-only cosocket
(receive, receiveany, receiveuntil, settimeout, settimeouts), read as it
arrives from the client, as lua-nginx-module's "body downstream" socket.

The body's bytes land in req.body as the server parses them (it wakes a
body.BodyProgress waiter at each part); the socket takes them from the
front of that buffer, so a large upload never sits whole in memory when the handler
consumes it as it comes. As in lua-nginx-module 0.10.x, a chunked body is
refused, and so is a second reader of the body.

ngx.req.socket(true), the raw socket (the client connection itself, in
both directions), is not supported: it answers nil and an error.
"""
from __future__ import annotations

import asyncio

from luavm.auxlib import lua_error
from luavm.value import Multi, Table, Userdata

from .. import body, threads
from ..request import BodyRejected
from .base import ACCESS, CONTENT, REWRITE
from .request import answer_expect
from .socket_tcp import (
    Socket, readable_check, receive_method, receiveany_method, receiveuntil_method,
    request_of, settimeout, settimeouts,
)

BODY_PHASES = REWRITE | ACCESS | CONTENT
CTX = 1.0


def _expire(fut: asyncio.Future) -> None:
    if not fut.done():
        fut.set_result(False)


class BodyStream:
    """The request body as the stream a socket reads (cosocket.Stream's
    reading side): its buffer is req.body itself."""
    __slots__ = ("req", "error")

    def __init__(self, req) -> None:
        self.req = req
        self.error: BaseException | None = None     # the client went away, or broke a limit

    @property
    def buf(self) -> bytearray:
        return self.req.body

    @property
    def eof(self) -> bool:
        return self.req.body_done or self.error is not None

    @property
    def complete(self) -> bool:
        return self.req.body_done

    def take(self, n: int) -> bytes:
        buf = self.req.body
        data = bytes(buf[:n])
        del buf[:n]
        body.taken(self.req)
        return data

    def wait_data(self, timeout: float) -> bool:
        """Wait for more of the body (or its end); False on timeout."""
        req = self.req
        req.conn.resume_body()      # the reader wants more than the buffer holds
        loop = asyncio.get_running_loop()
        fut = req.body_waiter = body.BodyProgress(loop=loop)
        timer = loop.call_later(timeout, _expire, fut)
        try:
            return threads.wait(fut) is not False
        except (ConnectionError, TimeoutError, BodyRejected) as exc:
            self.error = exc
            return True
        finally:
            timer.cancel()
            req.body_waiter = None


class ReqSocket(Socket):
    """What slot [1] of the request socket holds."""
    __slots__ = ()

    def read_failed(self, partial: bytes) -> Multi:
        self.read_closed = True
        if self.stream.error is not None:
            return Multi((None, b"client aborted", partial))
        return Multi((None, b"closed", partial))


def install(ngx: Table, w) -> None:
    """ngx.req.socket (ngx.req is gateway/ngx/request.py's table)."""
    meta = Table()
    methods = Table()
    meta[b"__index"] = methods
    readable = readable_check(w, ReqSocket)
    for name, fn in (("receive", receive_method(readable)),
                     ("receiveany", receiveany_method(readable)),
                     ("receiveuntil", receiveuntil_method(w, readable)),
                     ("settimeout", settimeout), ("settimeouts", settimeouts)):
        methods[name.encode()] = fn

    def socket(*args):
        if len(args) > 1:
            raise lua_error(f"expecting zero arguments, but got {len(args)}")
        raw = bool(args) and args[0] is not None and args[0] is not False
        req = w.request
        if not raw and req is not None and req.body_chunked:
            return Multi((None, b"chunked request bodies not supported yet"))
        req = request_of(w, BODY_PHASES)
        if raw:
            return Multi((None, b"raw request sockets are not supported"))
        if req.body_read:
            return Multi((None, b"request body already exists"))
        if req.body_discarded or req.content_length <= 0:
            return Multi((None, b"no body"))
        answer_expect(req)
        req.body_read = True            # no other reader of the body from now on
        sock = Table()
        sock.meta = meta
        state = ReqSocket(w, req, sock)
        state.stream = BodyStream(req)
        sock[CTX] = Userdata(None, state)
        return sock

    ngx[b"req"][b"socket"] = socket
