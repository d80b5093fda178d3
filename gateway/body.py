"""The request body as the gateway keeps it: in memory up to
client_body_buffer_size, then in a temporary file under client_body_temp_path,
as nginx does, so that a big upload costs no memory.

The connection parses the body as it comes. Once client_body_buffer_size
bytes wait in memory, what happens depends on who reads them:
  - the whole body was asked for (ngx.req.read_body, proxy_pass): the bytes
    go to the temp file, and the rest follows them there;
  - nobody yet, or ngx.req.socket, which takes them bit by bit: the
    connection stops reading until the bytes are taken (backpressure).
"""
from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import AsyncIterator

from .logs import LEVEL_NUMBER
from .request import Request

LOG_WARN = LEVEL_NUMBER["warn"]
CHUNK = 64 << 10         # how much of a temp file is read at a time


class BodyProgress(asyncio.Future):
    """What a reader of the body as it arrives (ngx.req.socket, an
    unbuffered proxy) waits on, as req.body_waiter: woken at each part of
    the body, where a reader of the whole body is woken at its end only."""


def _conf(req: Request):
    return req.loc.conf if req.loc is not None else req.server.conf


def received(req: Request, data: bytes, conf) -> None:
    """Body bytes parsed off the connection (hot path of an upload); conf is
    the request's LocConf, which the connection has at hand."""
    f = req.body_file
    if f is not None:
        f.write(data)
        return
    buf = req.body
    buf += data
    if len(buf) > conf.client_body_buffer_size:
        if req.body_whole:
            _spill(req)
        else:
            req.conn.pause_body()


def want_whole(req: Request) -> None:
    """The whole body is wanted (read_body, a proxy): it may go to a file now.
    A subrequest's body is its parent's, or given: read already."""
    if req.parent is not None:
        return
    req.body_whole = True
    if req.body_file is None and len(req.body) > _conf(req).client_body_buffer_size:
        _spill(req)
    req.conn.resume_body()


def taken(req: Request) -> None:
    """A reader took bytes off req.body (ngx.req.socket): read on if room."""
    if len(req.body) <= _conf(req).client_body_buffer_size:
        req.conn.resume_body()


def _spill(req: Request) -> None:
    w = req.conn.worker
    directory = w.main.path(_conf(req).client_body_temp_path)
    os.makedirs(directory, exist_ok=True)
    f = tempfile.NamedTemporaryFile(dir=directory, prefix="", delete=True, buffering=0)
    f.write(req.body)
    req.body = bytearray()
    req.body_file = f
    w.error_log.log(LOG_WARN, f"a client request body is buffered to a temporary file {f.name}",
                    req.number, w.log_context(req))


def in_file(req: Request) -> str | None:
    """The temp file's name, when the body is there."""
    f = req.body_file
    return f.name if f is not None else None


def length(req: Request) -> int:
    f = req.body_file
    return os.fstat(f.fileno()).st_size if f is not None else len(req.body)


async def from_file(req: Request) -> AsyncIterator[bytes]:
    """The body's bytes, from its temp file."""
    fd = req.body_file.fileno()
    offset = 0
    while True:
        data = os.pread(fd, CHUNK, offset)
        if not data:
            return
        offset += len(data)
        yield data


async def arriving(req: Request) -> AsyncIterator[bytes]:
    """The body's bytes as they arrive, each once (proxy_request_buffering
    off); the client's failure (ConnectionError) is raised here."""
    loop = asyncio.get_running_loop()
    while True:
        buf = req.body
        if buf:
            data = bytes(buf)
            del buf[:]
            taken(req)
            yield data
        elif req.body_done:
            return
        else:
            req.body_waiter = BodyProgress(loop=loop)
            req.conn.resume_body()
            try:
                await req.body_waiter
            finally:
                req.body_waiter = None


def replace(req: Request, data: bytes) -> None:
    """ngx.req.set_body_data: the body is these bytes, in memory."""
    release(req)
    req.body = bytearray(data)


def release(req: Request) -> None:
    """The request is over: its temp file goes (NamedTemporaryFile deletes it)."""
    f = req.body_file
    if f is not None:
        req.body_file = None
        f.close()
