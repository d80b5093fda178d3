"""Subrequests (ngx.location.capture): a child request of the same server
that runs through the phase pipeline with its output captured, not sent.

A Subrequest is a Request whose `parent` is the request that made it. It
starts, as nginx's internal requests do, at the server's rewrite phase;
the access phase is skipped (nginx runs it for main requests only), as is
the log phase. Its output goes through the header and body filters, then
stays in `out` (gateway.output.write_out hands it to `captured`) for the
parent to read as `res.body`.

Each subrequest runs on a thread of its own (gateway.threads.start), so the
subrequests of one capture_multi run concurrently, and a subrequest may
wait (sleep, proxy, its own subrequests) without holding up the others.
The parent's thread waits until all of them have finished. When the
parent's wait is cut short (its thread killed because the handler failed,
or the client went away), the subrequests still running are killed too,
and a handler that failed then ends without an answer (nginx's no_abort).

How a subrequest ends follows lua-nginx-module's post-subrequest handler:
the status the parent sees, whether the response got its last buffer
(else `res.truncated`), and which endings stop the whole main request.
"""
from __future__ import annotations

import asyncio
from typing import NoReturn

from . import output, phases, threads, variables
from .ngx import base
from .ngx.uthread import Killed
from .request import Request

# How deep subrequests may nest (NGX_HTTP_MAX_SUBREQUESTS): a request at
# this depth may not make another.
MAX_DEPTH = 50
# Endings of a subrequest that end the main request at once, without an
# answer (nginx terminates it): 444, a client timeout, a client gone.
TERMINATE = frozenset({444, 408, 499})
LOG_ERR = 4


class Subrequest(Request):
    """A request made by another one (its `parent`) for ngx.location.capture."""

    __slots__ = ("depth", "thread", "complete", "outcome")

    def __init__(self, parent: Request, uri: bytes, args: bytes | None, method: bytes) -> None:
        super().__init__(parent.conn, parent.number, parent.conn.worker.clock.current)
        self.parent = parent
        self.depth = depth(parent) + 1
        self.thread = None              # its thread while it runs
        self.complete = False           # the last buffer of its response went out
        self.outcome = 0                # the status its parent sees, once it has ended
        # what nginx copies from the parent: the request line as received
        # ($request_uri, ngx.req.raw_header), the version, the Host
        self.request_uri = parent.request_uri
        self.received = parent.received or (parent.method, parent.headers)
        self.version = parent.version
        self.host = parent.host
        self.server = parent.server
        self.internal = True
        self.method = method
        self.uri = self.original_uri = uri
        self.args = args
        self.body_done = True           # its body is given or inherited, never read

    @property
    def request_line(self) -> bytes:
        """The main request's line, as nginx logs and shows it ($request)."""
        return self.parent.request_line

    def captured(self, last: bool) -> None:
        """gateway.output's writer for a subrequest: the body stays in `out`."""
        if last:
            self.complete = True

    def captured_body(self) -> bytes:
        """What it answered (nothing for HEAD, as nginx's header_only)."""
        return b"" if self.method == b"HEAD" else b"".join(self.out)

    def truncated(self) -> bool:
        """res.truncated: the response never got its last buffer (or was
        a HEAD's, which nginx ends without one)."""
        return not self.complete or self.method == b"HEAD"


def depth(req: Request) -> int:
    """How deep a request is in its chain of subrequests (0: the main one)."""
    return req.depth if req.parent is not None else 0


def set_body(sr: Subrequest, parent: Request, body: bytes | None, forward: bool) -> None:
    """The subrequest's request headers and body, by lua-nginx-module's rules:
    a given body (and its Content-Length); else no body for a method other
    than POST and PUT when the parent has one, unless `forward`
    (always_forward_body); else the parent's body, when it has been read."""
    headers = parent.headers
    if body is not None:
        sr.headers = [(b"Content-Length", b"%d" % len(body))]
        sr.headers += [h for h in headers if h[0].lower() != b"content-length"]
        sr.content_length = len(body)
        sr.body = bytearray(body)
        sr.body_read = True
    elif not forward and sr.method not in (b"POST", b"PUT") and parent.content_length > 0:
        sr.headers = [h for h in headers if h[0].lower() != b"content-length"]
    else:
        sr.headers = list(headers)
        sr.content_length = parent.content_length
        if parent.body_read and parent.body_done:
            sr.body = parent.body
            sr.body_file = parent.body_file     # the main request's to close
            sr.body_read = True


class AdjustError(Exception):
    """The subrequest cannot be made as asked (logged); `code` is nginx's
    return code, which the Lua error names."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def set_vars(w, parent: Request, sr: Subrequest, pairs: list[tuple[bytes, bytes]]) -> None:
    """The `vars` option: nginx variables set in the subrequest. Variables
    of `set` and $args may be; other built-ins are not changeable, and
    unknown names cannot be assigned."""
    for name, value in pairs:
        name = name.lower()
        if name in w.declared_vars:
            sr.writable_vars()[name] = value
        elif name == b"args":
            sr.args = value
        elif name in variables.BUILTIN:
            adjust_failed(w, parent, f'variable "{name.decode("latin-1")}" not changeable', 500)
        else:
            adjust_failed(w, parent, f'variable "{name.decode("latin-1")}" cannot be assigned a '
                                      'value (maybe you forgot to define it first?) ', base.ERROR)


def adjust_failed(w, parent: Request, message: str, code: int) -> NoReturn:
    """Log why the subrequest cannot be made, then give up on it."""
    w.error_log.log(LOG_ERR, message, parent.number, w.log_context(parent))
    raise AdjustError(code)


def run(w, parent: Request, subs: list[Subrequest]) -> None:
    """Run the subrequests concurrently, on the parent's thread, until all
    have ended (their `outcome` set). A subrequest that ends the main
    request (TERMINATE) ends this one too, once all are done."""
    me = threads.current()
    capturing = parent.capturing
    if capturing is None:
        capturing = parent.capturing = set()
    capturing.add(me)
    batch = _Batch(len(subs))
    try:
        for sr in subs:
            threads.start(_child, (w, sr, batch))
            w.request = parent      # the child ran as the current request until it waited
        if batch.left:
            batch.done = asyncio.get_running_loop().create_future()
            threads.wait(batch.done)
    except BaseException:
        # This thread was killed while it waited: the handler is ending. It
        # stays in `capturing`, so that the handler's end knows it ended
        # with subrequests pending (gateway.phases answers nothing then).
        _kill(subs)
        raise
    capturing.discard(me)
    for sr in subs:
        if sr.outcome in TERMINATE:
            raise base.Exit(sr.outcome)


class _Batch:
    """The subrequests of one capture, counted down as they end."""
    __slots__ = ("left", "done")

    def __init__(self, n: int) -> None:
        self.left = n
        self.done: asyncio.Future | None = None     # the parent waits on it

    def ended(self) -> None:
        self.left -= 1
        if self.left == 0 and self.done is not None and not self.done.done():
            self.done.set_result(None)


def _child(job) -> None:
    """A subrequest's thread (a threads.start job): its phases, then the end
    of its response. The thread is the subrequest's own: switching into it
    makes the subrequest the current request."""
    w, sr, batch = job
    sr.thread = threads.current()
    threads.serve(sr)
    try:
        sr.outcome = _finish(w, sr, phases.run_phases(w, sr))
    except Killed:
        pass                        # its parent is gone: nobody reads it
    except Exception as exc:        # a bug of ours must cost one subrequest, not the worker
        w.error_log.log(LOG_ERR, f"internal error: {exc!r}", sr.number, w.log_context(sr))
        sr.outcome = 500
    sr.thread = None
    if sr.at_end is not None:
        sr.end()
    batch.ended()


def _finish(w, sr: Subrequest, rc: int) -> int:
    """End the subrequest's response as lua-nginx-module's post-subrequest
    handler does; the status its parent sees.

    A response that went well (rc 0 or 2xx) gets its last buffer. An error
    or special status before any output is emulated as nginx's special
    response is for subrequests: the headers alone (the header filters
    run), no error page, no body. An error after output cuts the body
    short."""
    if rc == base.ERROR:
        return sr.status or 500
    if rc in TERMINATE:
        return rc
    if sr.header_sent:
        if rc < 300:
            output.finish(w, sr)
        return sr.status
    if rc >= 300 or rc == 204:
        sr.status = sr.status or rc
        output.send_header(w, sr)
        return sr.status
    if rc >= 200:
        sr.status = sr.status or rc
    output.finish(w, sr)
    return sr.status


def _kill(subs: list[Subrequest]) -> None:
    """The parent stops waiting: kill the subrequests still running."""
    for sr in subs:
        if sr.thread is not None:
            threads.interrupt(sr.thread, Killed())
