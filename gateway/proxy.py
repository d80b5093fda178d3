"""proxy_pass: forward a request to an upstream server and relay its answer.

The upstream exchange is asyncio (one UpstreamConnection protocol per
connection, parsed with httptools); the request's thread waits on it with
threads.wait. Upstream blocks pick servers by smooth weighted round robin
(nginx's), try the next server on a connection error, and keep up to
`keepalive` idle connections per upstream for HTTP/1.1.

The response streams: its headers go to the client (through the header
filters) once they are here, then the body chunk by chunk as it arrives,
through the body filters. Both sides hold bounded buffers: reading from
the upstream pauses while UPSTREAM_BUFFER bytes wait for the client, and
the request's thread waits for the client's socket to drain after each
chunk, so a large download never sits whole in memory.
"""
from __future__ import annotations

import asyncio
import time

import httptools

from . import output, threads
from .config.model import ProxyPass, Upstream, UpstreamServer
from .ngx.escape import ESCAPE_URI, escape
from .ngx.request import read_whole_body
from .request import Request

# Client headers never forwarded (hop-by-hop), and upstream headers never
# relayed (nginx's proxy_hide_header defaults and hop-by-hop ones).
HOP_BY_HOP = frozenset({b"connection", b"keep-alive", b"proxy-connection", b"te", b"trailer",
                        b"transfer-encoding", b"upgrade", b"host"})
HIDDEN = frozenset({b"connection", b"keep-alive", b"transfer-encoding", b"date", b"server",
                    b"x-pad", b"x-accel-expires", b"x-accel-redirect", b"x-accel-limit-rate",
                    b"x-accel-buffering", b"x-accel-charset"})
UPSTREAM_BUFFER = 256 * 1024    # body bytes read ahead of the client before reading pauses
NO_BODY_STATUSES = frozenset({204, 304})
LOG_ERR = 4


class UpstreamError(Exception):
    """A failed exchange: the status for the client and the error.log text."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _timed_out(what: str) -> UpstreamError:
    return UpstreamError(504, f"upstream timed out (110: Connection timed out) while {what}")


class UpstreamConnection(asyncio.Protocol):
    """One connection to an upstream server; one exchange at a time: the
    response head is awaited whole, the body read chunk by chunk."""

    def __init__(self) -> None:
        self.transport = None
        self.parser = httptools.HttpResponseParser(self)
        self.head: asyncio.Future | None = None     # the status line and headers
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []               # body bytes not yet taken
        self.buffered = 0
        self.complete = False                       # the whole body is here
        self.error: UpstreamError | None = None
        self.waiter: asyncio.Future | None = None   # the reader, waiting for more body
        self.paused = False
        self.no_body = False                        # a HEAD request: the head is all
        self.closed = False
        self.reusable = False

    def connection_made(self, transport) -> None:
        self.transport = transport

    def connection_lost(self, exc) -> None:
        self.closed = True
        if self.head is None or self.complete:
            return
        try:
            self.parser.feed_data(b"")      # a close-delimited body ends here
        except httptools.HttpParserError:
            pass
        if self.complete:
            return
        if not self.head.done():
            self._fail(UpstreamError(502, "upstream prematurely closed connection while "
                                          "reading response header from upstream"))
        else:
            self._fail(UpstreamError(502, "upstream prematurely closed connection while "
                                          "reading upstream"))

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self._fail(UpstreamError(502, "upstream sent invalid header" if not self.head.done()
                                     else "upstream sent invalid chunked response"))
            self.transport.close()

    def _fail(self, error: UpstreamError) -> None:
        self.error = error
        if self.head is not None and not self.head.done():
            self.head.set_exception(error)
        self._wake()

    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    # -- httptools callbacks --------------------------------------------------------------
    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        self.status = self.parser.get_status_code()
        if self.no_body or self.status in NO_BODY_STATUSES:
            self.complete = True
            self.reusable = False       # the parser may still expect a body: start afresh
        if not self.head.done():
            self.head.set_result(None)

    def on_body(self, body: bytes) -> None:
        self.chunks.append(body)
        self.buffered += len(body)
        if self.buffered >= UPSTREAM_BUFFER and not self.paused:
            self.paused = True
            self.transport.pause_reading()
        self._wake()

    def on_message_complete(self) -> None:
        if not self.complete:
            self.complete = True
            self.reusable = self.parser.should_keep_alive()
        self._wake()

    # -- the exchange ---------------------------------------------------------------------
    async def send_request(self, data: bytes, no_body: bool, timeout: float) -> None:
        """Send the request; return once the response head is here."""
        self.head = asyncio.get_running_loop().create_future()
        self.status, self.headers, self.chunks, self.buffered = 0, [], [], 0
        self.complete, self.error, self.no_body, self.reusable = False, None, no_body, False
        self.parser = httptools.HttpResponseParser(self)
        self.transport.write(data)
        try:
            await asyncio.wait_for(asyncio.shield(self.head), timeout)
        except asyncio.TimeoutError:
            self.transport.close()
            raise _timed_out("reading response header from upstream") from None

    async def next_body(self, timeout: float) -> bytes | None:
        """The body bytes that arrived since the last call (waiting for some,
        at most `timeout` between two reads); None at the end."""
        while not self.chunks and not self.complete and self.error is None:
            self.waiter = asyncio.get_running_loop().create_future()
            try:
                await asyncio.wait_for(self.waiter, timeout)
            except asyncio.TimeoutError:
                self.transport.close()
                raise _timed_out("reading upstream") from None
            finally:
                self.waiter = None
        if self.chunks:
            data = b"".join(self.chunks)
            self.chunks, self.buffered = [], 0
            if self.paused and not self.closed:
                self.paused = False
                self.transport.resume_reading()
            return data
        if self.error is not None:
            raise self.error
        return None


class Balancer:
    """Smooth weighted round robin over an upstream's servers, and its idle
    keep-alive connections."""

    def __init__(self, upstream: Upstream) -> None:
        self.upstream = upstream
        self.servers = [s for s in upstream.servers if not s.down and not s.backup] or upstream.servers
        self.current = [0] * len(self.servers)
        self.idle: dict[tuple[str, int], list[UpstreamConnection]] = {}

    def order(self) -> list[UpstreamServer]:
        """The servers to try for one request: the chosen one first."""
        total = sum(s.weight for s in self.servers)
        best = 0
        for i, s in enumerate(self.servers):
            self.current[i] += s.weight
            if self.current[i] > self.current[best]:
                best = i
        self.current[best] -= total
        return self.servers[best:] + self.servers[:best]

    def take_idle(self, addr: tuple[str, int]) -> UpstreamConnection | None:
        pool = self.idle.get(addr)
        while pool:
            conn = pool.pop()
            if not conn.closed:
                return conn
        return None

    def give_back(self, addr: tuple[str, int], conn: UpstreamConnection) -> None:
        pool = self.idle.setdefault(addr, [])
        if len(pool) < self.upstream.keepalive and not conn.closed:
            pool.append(conn)
        else:
            conn.transport.close()


def proxy(w, req: Request, pp: ProxyPass) -> int:
    """The proxy_pass content handler: a status to finalize with, or 0."""
    read_whole_body(w, req)
    conf = req.loc.conf
    if pp.upstream is not None:
        balancer = w.balancers.get(pp.upstream.name)
        if balancer is None:
            balancer = w.balancers[pp.upstream.name] = Balancer(pp.upstream)
        targets = [(s.host, s.port) for s in balancer.order()]
        host_header = pp.upstream.name.encode()
    else:
        balancer = None
        targets = [(pp.host, pp.port)]
        host_header = (pp.host if pp.port == 80 else f"{pp.host}:{pp.port}").encode()
    data = _request_bytes(w, req, pp, host_header, keepalive=balancer is not None
                          and pp.upstream.keepalive > 0 and conf.proxy_http_version == "1.1")
    last_error = None
    started = time.monotonic()
    for addr in targets:
        upstream = f"http://{addr[0]}:{addr[1]}{_upstream_uri(req, pp).decode('latin-1')}"
        try:
            conn = threads.wait(_exchange(balancer, addr, data, req.method == b"HEAD", conf))
        except UpstreamError as exc:
            last_error = exc
            w.error_log.log(LOG_ERR, exc.message, req.number, w.log_context(req, upstream))
            if exc.status == 504:
                break
            continue
        req.upstream_state = {b"addr": f"{addr[0]}:{addr[1]}".encode(),
                              b"status": b"%d" % conn.status,
                              b"response_time": b"%.3f" % (time.monotonic() - started)}
        try:
            _relay(w, req, conn, conf)
        except UpstreamError as exc:
            # the head is gone to the client: all nginx can do is cut the
            # response short (no last chunk) and close the connection
            w.error_log.log(LOG_ERR, exc.message, req.number, w.log_context(req, upstream))
            output.flush(w, req)
            req.eof = True
            req.keep_alive = False
        req.upstream_state[b"response_time"] = b"%.3f" % (time.monotonic() - started)
        if balancer is not None and conn.reusable and not conn.closed:
            balancer.give_back(addr, conn)
        elif not conn.closed:
            conn.transport.close()
        return 0
    return last_error.status if last_error is not None else 502


async def _exchange(balancer: Balancer | None, addr: tuple[str, int], data: bytes,
                    no_body: bool, conf) -> UpstreamConnection:
    conn = balancer.take_idle(addr) if balancer is not None else None
    if conn is None:
        loop = asyncio.get_running_loop()
        try:
            _, conn = await asyncio.wait_for(
                loop.create_connection(UpstreamConnection, addr[0], addr[1]),
                conf.proxy_connect_timeout)
        except asyncio.TimeoutError:
            raise _timed_out("connecting to upstream") from None
        except OSError as exc:
            raise UpstreamError(502, f"connect() failed ({exc.errno}: {exc.strerror}) while "
                                     "connecting to upstream") from None
    await conn.send_request(data, no_body, conf.proxy_read_timeout)
    return conn


def _upstream_uri(req: Request, pp: ProxyPass) -> bytes:
    """The URI sent upstream. Without a URI in proxy_pass: the client's own
    (still escaped) unless a rewrite changed it; with one: the location's
    prefix replaced by it."""
    args = b"?" + req.args if req.args is not None else b""
    if pp.uri is None:
        if req.uri == req.original_uri and not req.internal:
            return req.request_uri.split(b"?", 1)[0] + args
        return escape(req.uri, ESCAPE_URI) + args
    prefix = req.loc.pattern.encode() if req.loc.modifier in ("", "^~", "=") else b""
    if prefix and req.uri.startswith(prefix):
        return pp.uri.encode() + escape(req.uri[len(prefix):], ESCAPE_URI) + args
    return pp.uri.encode() + args


def _request_bytes(w, req: Request, pp: ProxyPass, host: bytes, keepalive: bool) -> bytes:
    conf = req.loc.conf
    version = conf.proxy_http_version.encode()
    overrides = {name.lower().encode(): w.template(value).render(req)
                 for name, value in conf.proxy_set_header}
    lines = [b"%s %s HTTP/%s" % (req.method, _upstream_uri(req, pp), version)]
    lines.append(b"Host: " + overrides.pop(b"host", host))
    if b"connection" not in overrides:
        lines.append(b"Connection: " + (b"keep-alive" if keepalive else b"close"))
    for name, value in req.headers:
        lower = name.lower()
        if lower in HOP_BY_HOP or lower in overrides or lower == b"content-length":
            continue
        lines.append(name + b": " + value)
    for name, _ in conf.proxy_set_header:
        rendered = overrides.get(name.lower().encode())
        if rendered:
            lines.append(name.encode() + b": " + rendered)
    body = bytes(req.body) if req.body else b""
    if body or req.method in (b"POST", b"PUT", b"PATCH"):
        lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _relay(w, req: Request, conn: UpstreamConnection, conf) -> None:
    """The upstream's response to the client, streamed (see the module doc)."""
    req.status = conn.status
    for name, value in conn.headers:
        lower = name.lower()
        if lower in HIDDEN:
            continue
        if lower == b"content-type" or lower == b"content-length":
            req.out_headers.set(name, value)
        else:
            req.out_headers.add(name, value)
    client = req.conn
    while True:
        data = threads.wait(conn.next_body(conf.proxy_read_timeout))
        if data is None:
            output.finish(w, req)
            return
        output.emit(w, req, data, False)
        output.flush(w, req)
        threads.wait(client.drain())        # the client's pace is the upstream's
