"""The HTTP/1.x server: one Connection object per client connection.

httptools parses; each request whose headers are complete becomes a
Request and runs its phases on a thread (gateway.threads). Requests that
arrive pipelined wait in a queue and run one after another; reading pauses
while the queue is full or a request body is buffered beyond its limit, and
resumes as they drain. Timers (header, body, keep-alive, send) are one
TimerHandle per connection, cancelled on every close path.

Hot path: data_received, the parser callbacks and request_done run for
every request.
"""
from __future__ import annotations

import asyncio
import re
import ssl
from collections import deque

import httptools

from . import phases, threads, tls
from .config.model import Server
from .deadline import Deadline
from .http import error_page, status_line
from .request import BodyRejected, Request
from . import body as body_store
from .ngx import uthread
from .routing import ServerNames, normalise_host
from .variables import set_captures

MAX_PIPELINED = 16    # parsed requests queued before reading pauses
LOG_INFO = 7
# The lengths of the header names on_header looks at.
OWN_HEADER_LENGTHS = frozenset({len(b"host"), len(b"content-length"), len(b"transfer-encoding")})
# What a header name may hold, as nginx checks it (ignore_invalid_headers)
NAME_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"
# the header names seen to be good, by the bytes allowed in them: clients
# send the same few names again and again (cleared when full)
_GOOD_NAMES: dict[bytes | None, set[bytes]] = {}
_GOOD_NAMES_MAX = 1024
# the longest request method httptools accepts (a request line's size is
# bounded by its URL's plus this)
LONGEST_METHOD = b"UNSUBSCRIBE"


# A protocol by its methods alone, as uvloop takes one: not derived from
# asyncio.Protocol, since compiled (server.pxd) it is a C type, and those
# derive from C types only.
class Connection:
    __slots__ = (
        # per connection
        "worker", "names", "transport", "parser", "peer", "remote_addr", "sockname", "number", "requests",
        "closing", "paused", "body_paused", "reading_stopped", "write_paused", "drain_waiters",
        "send_timer",
        # timeouts
        "timer", "timer_kind", "loop",
        # the request being parsed, and the queue of parsed ones
        "head_started", "url", "headers", "seen_host", "seen_length", "seen_chunked", "head_bytes",
        "buffer_left", "buffers_used",
        "parsing", "queue",
        "active",
        "rejected",
        # limits of the default server, and the last Host header with what it resolved to
        "first_buffer", "buffer_size", "buffers", "head_limit", "url_limit", "name_chars",
        "good_names",
        "host_raw", "host", "host_server", "host_match",
        "line_version",
        "tls",
    )

    def __init__(self, worker, names: ServerNames) -> None:
        self.worker = worker
        self.names = names
        self.transport = None
        self.parser = httptools.HttpRequestParser(self)
        self.peer = ("", 0)
        self.remote_addr = b""              # $remote_addr, read as often as the peer
        self.sockname = ("", 0)
        self.number = 0
        self.requests = 0
        self.closing = False
        self.paused = False                 # too many pipelined requests wait
        self.body_paused = False            # a body nobody takes fills its buffer (gateway.body)
        self.reading_stopped = False
        self.write_paused = False
        self.drain_waiters: list[asyncio.Future] = []
        self.send_timer = None              # send_timeout, while the client does not read
        self.loop = asyncio.get_running_loop()
        self.timer = Deadline(self.loop, self._timeout)
        self.timer_kind = ""                # header | body | keepalive | "" (none)
        # the head being parsed (from on_url to on_headers_complete)
        self.head_started = False
        self.url = b""
        self.headers: list[tuple[bytes, bytes]] = []
        self.seen_host: bytes | None = None     # the request's first Host header
        self.seen_length: bytes | None = None   # and its last Content-Length
        self.seen_chunked = False               # a Transfer-Encoding: a body of unknown size
        # Bytes read since the head in progress started, at least: while
        # they are within head_limit, no line can be past the limits and
        # on_header measures none.
        self.head_bytes = 0
        # Once measured (_measure), the room left in the header buffer
        # being filled (-1: not measured) and the large ones taken.
        self.buffer_left = -1
        self.buffers_used = 0
        # the request whose body is being parsed (its head is whole)
        self.parsing: Request | None = None
        self.queue: deque[Request] = deque()
        self.active: Request | None = None
        self.rejected = 0                   # a status to answer once the active request is done
        # Read once per connection, not per header: the default server's
        # limits (nginx takes them from there too, before it knows the Host).
        default = names.default
        self.first_buffer = default.client_header_buffer_size
        self.buffers, self.buffer_size = default.large_client_header_buffers
        # A head within both a first buffer and a large one breaks no limit.
        self.head_limit = max(self.first_buffer, self.buffer_size)
        # the longest URL whose request line is within head_limit whatever
        # its method: a longer one is measured (_check_line)
        self.url_limit = self.head_limit - len(LONGEST_METHOD) - len(b"  HTTP/1.1\r\n")
        # The bytes a header name may hold (None: any, ignore_invalid_headers
        # off), and the names seen to hold no other
        self.name_chars = (None if not default.ignore_invalid_headers
                           else NAME_CHARS + b"_" if default.underscores_in_headers else NAME_CHARS)
        self.good_names = _GOOD_NAMES.setdefault(self.name_chars, set())
        # Keep-alive clients send the same Host every time: resolve it once.
        self.host_raw: bytes | None = None
        self.host = b""
        self.host_server = names.default
        self.host_match: re.Match | None = None     # a server_name regex's, for each request
        self.line_version: bytes | None = None     # see data_received
        self.tls: ssl.SSLObject | None = None      # a `listen ... ssl` connection's (gateway.tls)

    # -- asyncio.Protocol -------------------------------------------------------------------
    def connection_made(self, transport) -> None:
        self.transport = transport
        w = self.worker
        w.connections += 1
        w.open_connections.add(self)
        self.number = w.connections
        peer = transport.get_extra_info("peername")
        self.peer = (peer[0], peer[1]) if isinstance(peer, tuple) else ("unix:", 0)
        self.remote_addr = self.peer[0].encode()
        sock = transport.get_extra_info("sockname")
        self.sockname = (sock[0], sock[1]) if isinstance(sock, tuple) else ("unix:", 0)
        self.tls = transport.get_extra_info("ssl_object")
        self._set_timer(self.names.default.client_header_timeout, "header")

    def eof_received(self) -> None:
        """The client closed its side: the transport closes (what
        asyncio.Protocol's answer, None, asks for)."""
        return None

    def connection_lost(self, exc) -> None:
        self.closing = True
        self.worker.open_connections.discard(self)
        self.timer_kind = ""
        if self.send_timer is not None:
            self.send_timer.cancel()
            self.send_timer = None
        # the timer and the parser call back into the connection: let them
        # go, so that it is freed as soon as nothing uses it, and not by a
        # pass of the cycle collector (a full pass pauses every request)
        self.timer.close()
        self.parser = None
        for fut in self.drain_waiters:
            if not fut.done():
                fut.set_result(None)
        self.drain_waiters.clear()
        req = self.active
        if req is None:
            return
        if req.body_waiter is not None and not req.body_waiter.done():
            req.body_waiter.set_exception(ConnectionResetError("client closed the connection"))
        if req.upstream_waiting is not None:
            req.upstream_waiting.client_left()
        if req.entry is not None:
            uthread.client_aborted(self.worker, req)

    def data_received(self, data: bytes) -> None:
        # Hot path: once per read, usually one whole request.
        w = self.worker
        if w.clock.stale:
            w.tick()        # nginx reads the clock once per loop turn, not per read
        if self.timer_kind == "keepalive":
            # the wait is over; the header timeout starts below, if this
            # read does not hold the whole head (the usual case does).
            # _cancel_timer, inline: one frame less per request.
            self.timer_kind = ""
            self.timer.clear()
        if self.head_started:
            self.head_bytes += len(data)
        else:
            self.head_bytes = len(data)         # a head may start in this read
            if self.parsing is None:
                # A read that starts a request usually holds its request line:
                # its version, read here, spares httptools' get_http_version,
                # which formats a string (~0.3 us). startswith at an offset
                # makes no slice: no bytes object per test.
                end = data.find(b"\n") - 10
                if end < 0:
                    self.line_version = None
                elif data.startswith(b" HTTP/1.1\r", end):
                    self.line_version = b"1.1"
                elif data.startswith(b" HTTP/1.0\r", end):
                    self.line_version = b"1.0"
                else:
                    self.line_version = None
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._reject(400, data)
        except httptools.HttpParserError as exc:
            # A callback's _Reject reaches us wrapped in HttpParserCallbackError.
            cause = exc.__cause__ or exc.__context__
            self._reject(cause.status if isinstance(cause, _Reject) else _parse_error_status(data),
                         data)
        except _Reject as r:
            self._reject(r.status, data)
        else:
            # no request started from this read and no other timeout runs:
            # what came is a head in part (or bytes before one)
            if not self.timer_kind and self.active is None and not self.closing:
                self._set_timer(self.names.default.client_header_timeout, "header")

    def pause_writing(self) -> None:
        self.write_paused = True
        req = self.active
        conf = (req.loc.conf if req is not None and req.loc is not None else self.names.default.conf)
        self.send_timer = self.loop.call_later(conf.send_timeout, self._send_timed_out)

    def resume_writing(self) -> None:
        self.write_paused = False
        if self.send_timer is not None:
            self.send_timer.cancel()
            self.send_timer = None
        waiters, self.drain_waiters = self.drain_waiters, []
        for fut in waiters:
            if not fut.done():
                fut.set_result(None)

    # -- parser callbacks -------------------------------------------------------------------
    # Hot path: httptools calls them for every request. There is no
    # on_message_begin: on_url comes first in every request (in pieces when
    # the URL spans reads), and starting the head there is one call less;
    # the Request is made once its head is whole, with what was parsed.
    def on_url(self, url: bytes) -> None:
        if self.head_started:
            url = self.url + url
        else:
            self.head_started = True
            self.headers = []
            self.buffer_left = -1
            self.seen_host = self.seen_length = None
            self.seen_chunked = False
        self.url = url
        if len(url) > self.url_limit:
            self._check_line()

    def on_header(self, name: bytes, value: bytes) -> None:
        if self.head_bytes > self.head_limit:
            self._measure(len(name) + len(value) + 4)      # a long head: it may break a limit
        if self.name_chars is not None and name not in self.good_names and not self._good_name(name):
            return          # an invalid name (an underscore...): nginx drops the header
        self.headers.append((name, value))
        # The headers the server itself needs, told apart by their length
        # before any lower() (Host, Content-Length, Transfer-Encoding)
        if len(name) in OWN_HEADER_LENGTHS:
            lower = name.lower()
            if lower == b"host":
                if self.seen_host is not None:
                    raise _Reject(400)      # nginx: "client sent duplicate host header"
                self.seen_host = value
            elif lower == b"content-length":
                self.seen_length = value
            elif lower == b"transfer-encoding":
                self.seen_chunked = True

    # nginx holds a request head in buffers: the first of client_header_buffer_size,
    # then up to large_client_header_buffers' number of their size. A line
    # that does not fit in what is left of a buffer moves whole to a new
    # one, and a line must fit in one. The limits follow from that (a
    # random comparison with nginx 1.22 agreed on 750 heads): with four 1k
    # buffers, eight header lines of 512 bytes fit (two to a buffer) where
    # six of 513 do not (one to a buffer).
    def _check_line(self) -> None:
        """A 414 for a request line longer than a buffer holds."""
        if self._line_size() > self.head_limit:
            raise _Reject(414)

    def _line_size(self) -> int:
        """The request line's size, taking the version as 1.x's."""
        return len(self.parser.get_method()) + len(self.url) + len(b"  HTTP/1.1\r\n")

    def _good_name(self, name: bytes) -> bool:
        """Whether a header name holds only what nginx allows; a good one
        is remembered (checking costs ~10x a set lookup)."""
        if name.translate(None, self.name_chars):
            return False
        if len(self.good_names) >= _GOOD_NAMES_MAX:
            self.good_names.clear()
        self.good_names.add(name)
        return True

    def _measure(self, size: int) -> None:
        """Hold the next line of a long head, of `size` bytes, to the
        header buffers; the first time, the lines before it too."""
        if self.buffer_left < 0:
            self.buffers_used = 0
            line = self._line_size()
            if line <= self.first_buffer:
                self.buffer_left = self.first_buffer - line
            else:                   # the request line itself took a large buffer
                self.buffers_used = 1
                self.buffer_left = self.buffer_size - line
            for n, v in self.headers:
                self._fill(len(n) + len(v) + 4)
        self._fill(size)

    def _fill(self, size: int) -> None:
        if size <= self.buffer_left:
            self.buffer_left -= size
        elif size > self.buffer_size or self.buffers_used == self.buffers:
            raise _Reject(494)
        else:
            self.buffers_used += 1
            self.buffer_left = self.buffer_size - size

    def on_headers_complete(self) -> None:
        # Everything the server must know of a request before it runs.
        if not self.head_started:
            raise _Reject(400)
        if self.head_bytes > self.head_limit:
            self._measure(2)        # the empty line ends the head
        self.head_started = False
        p = self.parser
        version = self.line_version
        if version is None:
            version = p.get_http_version().encode()
            if version[:1] != b"1":
                raise _Reject(505 if version[:1] > b"1" else 400)     # nginx speaks 1.x only
        else:
            self.line_version = None        # only for the first request of the read
        url = self.url
        target = _TARGETS.get(url)      # parse_target's cache, inline
        uri, args = target if target is not None else parse_target(url)
        if uri is None:
            raise _Reject(400)
        req = Request(self, self.number, self.worker.clock.current, p.get_method(), url, uri, args,
                      version, self.headers)
        self.parsing = req
        host = self.seen_host
        if host is None:
            if version == b"1.1":
                raise _Reject(400)
            req.server = self.names.default
        else:
            if host != self.host_raw:
                self._resolve_host(host)
            req.host = self.host
            req.server = self.host_server
            if self.host_match is not None:
                set_captures(req, self.host_match)
        clen = self.seen_length
        if clen is not None:
            req.content_length = int(clen) if clen.strip().isdigit() else -1
        has_body = req.content_length > 0 or self.seen_chunked
        if has_body:
            req.body = bytearray()
            req.body_chunked = self.seen_chunked
        conf = req.server.conf
        req.keep_alive = (p.should_keep_alive() and conf.keepalive_timeout > 0
                          and self.requests + 1 < conf.keepalive_requests)
        if self.timer_kind == "header":
            self._cancel_timer()
        if has_body:
            self._set_timer(conf.client_body_timeout, "body")
        if self.active is None and not self.queue:
            self._start(req, has_body)      # the usual case: nothing pipelined ahead of it
            return
        self.queue.append(req)
        if self.active is None:
            self._start_next()
        elif len(self.queue) >= MAX_PIPELINED:
            self._pause()

    def _resolve_host(self, host: bytes) -> None:
        """The server for a Host header, remembered for the next request;
        a 400 for a Host nginx refuses."""
        name = normalise_host(host)
        if name is None:
            raise _Reject(400)
        self.host_raw = host
        self.host = name.encode("latin-1")
        self.host_server, self.host_match = self.names.lookup(name)

    def on_body(self, body: bytes) -> None:
        req = self.parsing
        req.body_size += len(body)
        conf = req.loc.conf if req.loc is not None else req.server.conf
        if not req.body_discarded:
            body_store.received(req, body, conf)
        if self.timer_kind == "body":
            self._set_timer(req.server.conf.client_body_timeout, "body")
        limit = conf.client_max_body_size
        if limit and req.body_size > limit and req.content_length < 0:
            raise _Reject(413)
        waiter = req.body_waiter
        if type(waiter) is body_store.BodyProgress and not waiter.done():
            waiter.set_result(None)

    def on_message_complete(self) -> None:
        req = self.parsing
        req.body_done = True
        self.parsing = None
        if self.timer_kind == "body":
            self._cancel_timer()
        waiter = req.body_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    # -- running requests -------------------------------------------------------------------
    def _start_next(self) -> None:
        req = self.queue.popleft()
        self._start(req, req.has_body())

    def _start(self, req: Request, has_body: bool) -> None:
        """Run a request on its thread: once its headers are parsed, and
        the ones before it (pipelined) are done."""
        self.active = req
        self.requests += 1
        w = self.worker
        w.active_requests += 1
        if has_body:
            # routed at once: its location's limits apply to the body as it arrives
            threads.spawn_now(phases.handle, req, w, req)
        else:
            threads.spawn(phases.handle, req, w, req)

    def request_done(self, req: Request) -> None:
        """Called on the request's thread when its log phase has run.

        Hot path: once per request; the usual case (kept alive, nothing
        queued) makes no call but the keep-alive timer's."""
        if req.body_file is not None:
            body_store.release(req)
        if req.at_end is not None:
            req.end()
        self.worker.request = None
        self.worker.active_requests -= 1
        self.active = None
        if self.closing:
            return
        if self.rejected:
            self._reject(self.rejected)
            return
        if not req.keep_alive:
            self.close()
            return
        if not req.body_done:
            req.body_discarded = True       # the rest of its body is read and dropped
            self.resume_body()
        if self.queue:
            self._start_next()
        elif self.head_started:
            # the next request's head came pipelined, in part: nginx reads
            # it as a new request, under the header timeout
            self._set_timer(self.names.default.client_header_timeout, "header")
        else:
            self.timer_kind = "keepalive"       # _set_timer, inline
            self.timer.set(req.server.conf.keepalive_timeout)
        if self.paused and len(self.queue) < MAX_PIPELINED:
            self.paused = False
            self._reading()

    def abort_after(self, req: Request) -> None:
        """The response cannot be completed: close once it is written."""
        req.keep_alive = False

    def write(self, data: bytes) -> None:
        if not self.closing:
            self.transport.write(data)

    async def drain(self) -> None:
        """Wait until the transport's buffer is below its high-water mark."""
        if self.write_paused and not self.closing:
            fut = asyncio.get_running_loop().create_future()
            self.drain_waiters.append(fut)
            await fut

    def idle(self) -> bool:
        """Nothing to answer: between keep-alive requests, or before the
        first one starts arriving."""
        return self.active is None and not self.queue and self.parsing is None and not self.head_started

    def close(self) -> None:
        if not self.closing:
            self.closing = True
            self._cancel_timer()
            self.transport.close()

    # -- errors found by the parser ------------------------------------------------------------
    def _reject(self, status: int, data: bytes = b"") -> None:
        """A malformed or oversized request: nginx's error page, then close.
        `data`: the read it failed in (for the access log's request line).

        While a request runs, the answer waits for it: if it is that request
        whose body went wrong, its body reader fails with the status (the
        request answers it itself); otherwise the page follows its response.
        """
        req = self.active
        if req is not None:
            self.queue.clear()
            self._pause()
            if req is self.parsing and req.body_waiter is not None and not req.body_waiter.done():
                req.body_waiter.set_exception(BodyRejected(status))
            else:
                self.rejected = status if req is not self.parsing else 0
            req.keep_alive = req.keep_alive and req is not self.parsing and not self.rejected
            return
        body = error_page(status)
        shown = 400 if status == 494 else status
        head = (status_line(shown) + b"Server: moongate\r\nDate: " + self.worker.dates.http_date +
                b"\r\nContent-Type: text/html\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                % len(body))
        self.write(head + body)
        self.close()
        self._log_unanswered(shown, len(body), data)

    def _pause(self) -> None:
        if not self.paused:
            self.paused = True
            self._reading()

    def pause_body(self) -> None:
        """Stop reading: the body's buffer is full and nobody takes it. Its
        timeout waits too, as nginx's does while it does not read."""
        if not self.body_paused:
            self.body_paused = True
            if self.timer_kind == "body":
                self._cancel_timer()
            self._reading()

    def resume_body(self) -> None:
        if self.body_paused:
            self.body_paused = False
            req = self.parsing
            if req is not None:
                self._set_timer(req.server.conf.client_body_timeout, "body")
            self._reading()

    def _reading(self) -> None:
        stop = self.paused or self.body_paused
        if stop != self.reading_stopped and not self.closing:
            self.reading_stopped = stop
            if stop:
                self.transport.pause_reading()
            else:
                self.transport.resume_reading()

    # -- timers -------------------------------------------------------------------------------
    # Hot path: every request sets and clears timeouts (gateway.deadline).
    def _set_timer(self, seconds: float, kind: str) -> None:
        self.timer_kind = kind
        self.timer.set(seconds)

    def _cancel_timer(self) -> None:
        self.timer_kind = ""
        self.timer.clear()

    def _timeout(self) -> None:
        kind = self.timer_kind
        if not kind or self.closing:
            return
        self.timer_kind = ""
        w = self.worker
        if kind == "keepalive":
            self.close()
        elif kind in ("header", "body"):
            # nginx closes without an answer: a client this slow is gone.
            what = "headers" if kind == "header" else "body"
            req = self.active
            w.error_log.log(LOG_INFO, "client timed out (110: Connection timed out) while reading "
                                      f"client request {what}", self.number,
                            w.log_context(req) if req else f", client: {self.peer[0]}")
            if req is not None and req.body_waiter is not None and not req.body_waiter.done():
                req.body_waiter.set_exception(TimeoutError("client_body_timeout"))
            if kind == "header":
                self._log_unanswered(408, 0)
            self.close()

    def _log_unanswered(self, status: int, sent: int, data: bytes = b"") -> None:
        """A request that ended before it could run (a malformed or
        oversized head, client_header_timeout) has its log phase as nginx
        runs it, on a thread: its request line, `status`, and the `sent`
        bytes of the error page. The line is the one parsed once httptools has read
        it whole (it knows the version then), else the first line of the
        read it began in (`data`)."""
        p = self.parser
        version = p.get_http_version() if self.head_started else "0.0"
        uri, args = parse_target(self.url) if version != "0.0" else (None, None)
        if uri is not None:
            req = Request(self, self.number, self.worker.clock.current, p.get_method(), self.url,
                          uri, args, version.encode(), self.headers)
        elif data and self.head_bytes == len(data):
            req = Request(self, self.number, self.worker.clock.current)
            # as much as nginx's buffer holds (large_client_header_buffers)
            req.raw_line = data.split(b"\n", 1)[0].rstrip(b"\r")[:self.head_limit]
        else:
            return
        host = self.seen_host if self.head_started else None
        name = normalise_host(host) if host else None
        req.server = self.names.find(name) if name else self.names.default
        req.status = status
        req.aborted = True          # it ended with no response of its own
        req.body_bytes_sent = sent
        threads.spawn(phases.log_unanswered, req, self.worker, req)

    def _send_timed_out(self) -> None:
        """send_timeout: the client stopped reading our response."""
        self.send_timer = None
        req = self.active
        self.worker.error_log.log(LOG_INFO, "client timed out (110: Connection timed out) while "
                                            "sending response to client", self.number,
                                  self.worker.log_context(req) if req else "")
        self.transport.abort()


# What makes a request target more than `/path?query`: a fragment or a
# space (for httptools' URL parser to judge), %XX escapes, `.` and `..`
# segments, `//`. One regex search: each `b"x" in data` costs ~0.3 us in
# Python 3.11 (it first tries `b"x"` as an integer and formats the error).
_ODD_TARGET = re.compile(rb"[# %]|/[./]").search


# request target -> (path, query): clients send the same few targets again
# and again; cleared when full (targets that vary, with ids in them, only
# cost a lookup then)
_TARGETS: dict[bytes, tuple[bytes, bytes | None]] = {}
_TARGETS_MAX = 1024


def parse_target(url: bytes) -> tuple[bytes | None, bytes | None]:
    """The normalised path (None: a 400) and the query string (None when
    empty) of a request target.

    Hot path: a target seen before is one dict lookup; an origin-form
    target that httptools accepted and that needs no normalising is only
    split at `?`.
    """
    seen = _TARGETS.get(url)
    if seen is not None:
        return seen
    if url[:1] == b"/" and _ODD_TARGET(url) is None:
        path, _, query = url.partition(b"?")
        target = path, query or None
        if len(_TARGETS) >= _TARGETS_MAX:
            _TARGETS.clear()
        _TARGETS[url] = target
        return target
    if url[:1] == b"/" and url.find(b"#") < 0 and url.find(b" ") < 0:
        path, _, query = url.partition(b"?")
        query = query or None
    else:
        try:
            parsed = httptools.parse_url(url)
        except httptools.HttpParserInvalidURLError:
            raise _Reject(400) from None
        if url[:1] != b"/" and not parsed.schema:
            raise _Reject(400)      # neither a path nor an absolute URL (`OPTIONS *`)
        path, query = parsed.path or b"/", parsed.query
    return normalise_uri(path), query


def _parse_error_status(data: bytes) -> int:
    """The status of a head httptools refused: nginx's 505 for a request
    line of HTTP/2 or later (llhttp knows 1.x and 2.0 only), else 400."""
    m = _LINE_VERSION(data)
    return 505 if m is not None and int(m.group(1)) >= 2 else 400


_LINE_VERSION = re.compile(rb"^[^\r\n]* HTTP/(\d+)\.\d+\r?\n").match


class _Reject(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def normalise_uri(path: bytes) -> bytes | None:
    """nginx's URI normalisation: %XX decoded, `//` merged, `.` and `..`
    resolved; None when `..` climbs above the root (a 400)."""
    if path.find(b"%") >= 0:
        from urllib.parse import unquote_to_bytes
        path = unquote_to_bytes(path)
        if path.find(b"\0") >= 0:
            return None             # %00: nginx refuses it
    if path.find(b"/.") < 0 and path.find(b"//") < 0:
        return path
    out: list[bytes] = []
    for seg in path.split(b"/")[1:]:
        if seg == b"..":
            if not out:
                return None
            out.pop()
        elif seg != b"." and seg != b"":
            out.append(seg)
    tail = b"/" if path.endswith((b"/", b"/.", b"/..")) and out else b""
    return b"/" + b"/".join(out) + tail


class Listener:
    """One listening address: its socket, and the worker and server names
    that serve new connections on it (swapped by a reload)."""

    def __init__(self) -> None:
        self.worker = None
        self.names: ServerNames | None = None
        self.server: asyncio.AbstractServer | None = None

    def tls_context(self, default: Server) -> ssl.SSLContext:
        """The TLS context of an address with `ssl` (gateway.tls), which
        asks this listener for its server names at each handshake."""
        return tls.listener_context(default, lambda: self.names)

    def connection(self) -> Connection:
        return Connection(self.worker, self.names)


def listen_groups(http) -> dict[tuple[str, int], list[tuple[Server, bool, bool]]]:
    """The servers of each listening address: (server, default_server, reuseport)."""
    by_addr: dict[tuple[str, int], list[tuple[Server, bool, bool]]] = {}
    for srv in http.servers:
        for lst in srv.listen:
            by_addr.setdefault((lst.host, lst.port), []).append((srv, lst.default_server, lst.reuseport))
    return by_addr


def ssl_addresses(http) -> set[tuple[str, int]]:
    """The addresses a `listen ... ssl` names: TLS for every server there."""
    return {(lst.host, lst.port) for srv in http.servers for lst in srv.listen if lst.ssl}


def reuseport(entries: list[tuple[Server, bool, bool]]) -> bool:
    """An address is bound with SO_REUSEPORT if any of its `listen`s says so."""
    return any(r for _, _, r in entries)


async def listen(worker, loop: asyncio.AbstractEventLoop,
                 current: dict[tuple[str, int], Listener] | None = None,
                 sockets: dict | None = None) -> dict[tuple[str, int], Listener]:
    """Serve every listening address of worker's conf. Addresses already in
    `current` keep their socket (a reload drops no connection); the ones
    the conf no longer has are closed. A worker process gets its sockets
    from the master (`sockets`, by address) instead of binding them."""
    current = dict(current or {})
    listeners = {}
    secure = ssl_addresses(worker.http)
    for (host, port), entries in listen_groups(worker.http).items():
        default = next((s for s, is_default, _ in entries if is_default), entries[0][0])
        listener = current.pop((host, port), None)
        if listener is None:
            listener = Listener()
            context = listener.tls_context(default) if (host, port) in secure else None
            if sockets is not None:
                listener.server = await loop.create_server(
                    listener.connection, sock=sockets[(host, port)], backlog=511, ssl=context)
            else:
                listener.server = await loop.create_server(
                    listener.connection, host or "0.0.0.0", port, ssl=context,
                    reuse_address=True, reuse_port=reuseport(entries) or None, backlog=511)
        listener.worker = worker
        listener.names = ServerNames([s for s, _, _ in entries], default)
        listeners[(host, port)] = listener
    for gone in current.values():
        gone.server.close()
    return listeners
