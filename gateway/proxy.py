"""proxy_pass: forward a request to an upstream server and relay its answer.

The upstream exchange is asyncio (one UpstreamConnection protocol per
connection, parsed with httptools); the request's thread waits on it with
threads.wait, or, for the head over a pooled connection, parked on the
connection (threads.parked), which wakes it. Upstream blocks pick servers
by smooth weighted round robin (nginx's), try the next server on a
connection error, and keep up to `keepalive` idle connections per upstream
for HTTP/1.1.

The response streams: its headers go to the client (through the header
filters) once they are here, then the body chunk by chunk as it arrives,
through the body filters. Both sides hold bounded buffers: reading from
the upstream pauses while UPSTREAM_BUFFER bytes wait for the client, and
the request's thread waits for the client's socket to drain after each
chunk, so a large download never sits whole in memory.
"""
from __future__ import annotations

import asyncio
import ipaddress
import ssl
from time import monotonic
from collections.abc import AsyncIterator

import httptools

from . import body, output, proxy_rewrite, threads, tls
from .balancer import Balancer, Peer, Selection
from .config.model import PROXY_URL, ProxyPass, Upstream, UpstreamServer
from .deadline import Deadline
from .http import absolute_location
from .ngx.balancer import BalancerState, run_balancer
from .ngx.escape import ESCAPE_URI, escape
from .ngx.request import answer_expect, read_whole_body
from .request import Request

# Client headers never forwarded (those nginx's proxy module sets itself by
# default: the hop-by-hop ones, Expect, Host), and upstream headers never
# relayed (nginx's proxy_hide_header defaults and hop-by-hop ones).
HOP_BY_HOP = frozenset({b"connection", b"keep-alive", b"te", b"transfer-encoding", b"upgrade",
                        b"expect", b"host"})
HIDDEN = frozenset({b"connection", b"keep-alive", b"transfer-encoding", b"date", b"server",
                    b"x-pad", b"x-accel-expires", b"x-accel-redirect", b"x-accel-limit-rate",
                    b"x-accel-buffering", b"x-accel-charset"})
UPSTREAM_BUFFER = 256 * 1024    # body bytes read ahead of the client before reading pauses
NO_BODY_STATUSES = frozenset({204, 304})
LOG_ERR = 4
LOG_INFO = 7


class UpstreamError(Exception):
    """A failed exchange: the status for the client, the error.log text, the
    proxy_next_upstream condition it is (error, timeout, invalid_header),
    whether the request had been sent, and whether it went over a kept-alive
    connection from the pool (nginx's u->peer.cached)."""

    def __init__(self, status: int, message: str, kind: str = "error", sent: bool = True,
                 level: int = LOG_ERR) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.sent = sent
        self.cached = False
        self.level = level          # of its error.log line
        self.connect_time: float | None = None    # None: it never connected


def _timed_out(what: str, sent: bool = True) -> UpstreamError:
    return UpstreamError(504, f"upstream timed out (110: Connection timed out) while {what}",
                         "timeout", sent)


# A protocol by its methods alone, as gateway.server's Connection: compiled
# (proxy.pxd), it is a C type, which cannot derive from asyncio.Protocol.
class UpstreamConnection:
    """One connection to an upstream server; one exchange at a time: the
    response head is awaited whole, the body read chunk by chunk."""

    __slots__ = ("transport", "parser", "head_here", "parked", "head", "status", "headers", "chunks",
                 "buffered", "complete", "error", "waiter", "paused", "no_body", "closed", "reusable",
                 "requests", "connect_time", "loop", "head_timeout", "idle_timeout", "pool", "addr",
                 "drained")

    def __init__(self) -> None:
        self.transport = None
        self.parser = httptools.HttpResponseParser(self)
        self.head_here = False                      # the status line and headers are parsed
        # who waits for them: a thread parked on it (a body held in memory:
        # _send), or a future (a body streamed: send_request)
        self.parked: threads.Waiting | None = None
        self.head: asyncio.Future | None = None
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
        self.requests = 0                           # exchanges on this connection
        self.connect_time = 0.0
        self.loop = loop = asyncio.get_running_loop()
        self.head_timeout = Deadline(loop, self._head_timed_out)   # proxy_read_timeout for the head
        self.idle_timeout = Deadline(loop, self._leave_pool)       # keepalive_timeout in a Pool
        self.pool: Pool | None = None               # the pool it idles in, while it does
        self.addr: tuple[str, int] = ("", 0)
        self.drained: asyncio.Future | None = None  # while a body waits to be sent

    def connection_made(self, transport) -> None:
        self.transport = transport

    def connection_lost(self, exc) -> None:
        self.closed = True
        # Its timers and its parser call back into it: let them go, so that
        # a closed connection is freed as soon as nothing uses it, and not
        # by a pass of the cycle collector (a full pass pauses every request).
        self.head_timeout.close()
        self.idle_timeout.close()
        self._leave_pool()          # an idle one the upstream closed
        self.resume_writing()
        if self.requests and not self.complete:
            self._cut_short()
        self.parser = None

    def _cut_short(self) -> None:
        """The upstream closed in the middle of a response: a body it
        delimits by closing is whole, anything else failed. (httptools
        has no call for the end of the input: the head tells which.)"""
        if self.head_here and self._close_delimited():
            self.complete = True
            self._wake()
            return
        if not self.head_here:
            self._fail(UpstreamError(502, "upstream prematurely closed connection while "
                                          "reading response header from upstream"))
        else:
            self._fail(UpstreamError(502, "upstream prematurely closed connection while "
                                          "reading upstream"))

    def _close_delimited(self) -> bool:
        """Whether the response's body ends when the connection does (no
        Content-Length, not chunked)."""
        for name, value in self.headers:
            lower = name.lower()
            if lower == b"content-length" or (lower == b"transfer-encoding"
                                              and value.lower() != b"identity"):
                return False
        return True

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self._fail(UpstreamError(502, "upstream sent invalid header" if not self.head_here
                                     else "upstream sent invalid chunked response",
                                     "invalid_header"))
            self.transport.close()
            return
        if self.parked is not None and self.head_here:
            self._wake_parked(None)

    def _fail(self, error: UpstreamError) -> None:
        self.error = error
        if not self.head_here:
            self._head_failed(error)
        self._wake()

    def client_left(self) -> None:
        """The client closed its connection while this exchange waited for
        the response head (proxy_ignore_client_abort off): as nginx, close
        this one too and end the request with 499."""
        if not self.head_here and not self.closed:
            self._head_failed(UpstreamError(
                499, "epoll_wait() reported that client prematurely closed connection, so upstream "
                     "connection is closed too while sending request to upstream", "client",
                level=LOG_INFO))
            self.transport.close()

    def _head_failed(self, error: UpstreamError) -> None:
        """No head will come: its waiter gets the error."""
        if self.head is not None and not self.head.done():
            self.head.set_exception(error)
        if self.parked is not None:
            self._wake_parked(error)

    def _wake_parked(self, outcome) -> None:
        """The thread waiting in wait_head goes on, in the loop's next turn."""
        msg, self.parked = self.parked, None
        threads.wake_soon(msg, outcome)

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
        self.head_here = True
        if self.head is not None and not self.head.done():
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
    def begin(self, data: bytes, no_body: bool) -> None:
        """Write the request (head, and a body held in memory); the response
        head is then awaited (wait_head, or send_request's future)."""
        self.head_here = False
        self.status, self.headers, self.chunks, self.buffered = 0, [], [], 0
        self.complete, self.error, self.no_body, self.reusable = False, None, no_body, False
        # a connection is reused only after a whole response: its parser
        # goes on with the next one
        self.requests += 1
        self.transport.write(data)

    def wait_head(self, timeout: float) -> None:
        """On the request's thread: wait for the response head, at most
        `timeout` (proxy_read_timeout)."""
        self.head_timeout.set(timeout)
        self.parked = threads.parked()
        try:
            threads.wait_parked(self.parked)
        finally:
            self.parked = None
            self.head_timeout.clear()

    def _leave_pool(self) -> None:
        """Out of the pool it idles in, if any, and closed."""
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.drop(self.addr, self)

    def _head_timed_out(self) -> None:
        if not self.head_here:
            self.transport.close()
            self._head_failed(_timed_out("reading response header from upstream"))

    async def send_request(self, data: bytes, body_chunks: AsyncIterator[bytes],
                           no_body: bool, timeout: float, send_timeout: float) -> None:
        """Send the request head, then body_chunks (a body from a temp file,
        or as it arrives); return once the response head is here."""
        self.head = self.loop.create_future()
        self.begin(data, no_body)
        try:
            await self._send_body(body_chunks, send_timeout)
            self.head_timeout.set(timeout)
            await self.head
        finally:
            self.head = None
            self.head_timeout.clear()

    async def _send_body(self, chunks: AsyncIterator[bytes], timeout: float) -> None:
        """A body, a chunk at a time, at the upstream's pace."""
        try:
            async for chunk in chunks:
                if self.closed or self.head_here or self.error is not None:    # it answered (or left)
                    return
                await self._write(chunk, timeout)
        except ConnectionError:
            self.transport.close()
            raise UpstreamError(499, "client prematurely closed connection, so upstream "
                                     "connection is closed too while sending request to upstream",
                                "client") from None

    async def _write(self, chunk: bytes, timeout: float) -> None:
        self.transport.write(chunk)
        if self.transport.get_write_buffer_size() > UPSTREAM_BUFFER:
            self.drained = asyncio.get_running_loop().create_future()
            try:
                await self._within(self.drained, timeout, "sending request to upstream")
            finally:
                self.drained = None

    async def _within(self, fut: asyncio.Future, timeout: float, what: str) -> None:
        """Wait for fut; past timeout the connection goes, with nginx's error."""
        try:
            await asyncio.wait_for(fut, timeout)
        except asyncio.TimeoutError:
            self.transport.close()
            raise _timed_out(what) from None

    def pause_writing(self) -> None:
        """Nothing to do: a body sender waits on `drained` once the
        transport's buffer is past its limit (_write)."""

    def resume_writing(self) -> None:
        if self.drained is not None and not self.drained.done():
            self.drained.set_result(None)

    def eof_received(self) -> None:
        """The upstream closed its side: the transport closes, and
        connection_lost tells a response cut short from a whole one."""
        return None

    def body_ready(self) -> bool:
        """take_body has something to say without waiting."""
        return bool(self.chunks) or self.complete or self.error is not None

    async def wait_body(self, timeout: float) -> None:
        """Wait until take_body has something to say, at most `timeout`
        between two reads."""
        while not self.body_ready():
            self.waiter = asyncio.get_running_loop().create_future()
            try:
                await self._within(self.waiter, timeout, "reading upstream")
            finally:
                self.waiter = None

    def take_body(self) -> bytes | None:
        """The body bytes that arrived since the last call; None at the end."""
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


class Pool:
    """One upstream's idle keep-alive connections in this worker: at most
    `keepalive` per upstream, each closed after keepalive_timeout idle or
    keepalive_requests requests."""

    __slots__ = ("upstream", "idle", "count")

    def __init__(self, upstream: Upstream) -> None:
        self.upstream = upstream
        self.idle: dict[tuple[str, int], list[UpstreamConnection]] = {}
        self.count = 0

    def take(self, addr: tuple[str, int]) -> UpstreamConnection | None:
        conns = self.idle.get(addr)
        while conns:
            conn = conns.pop()
            self.count -= 1
            conn.pool = None
            conn.idle_timeout.clear()
            if not conn.closed:
                return conn
        return None

    def give_back(self, addr: tuple[str, int], conn: UpstreamConnection) -> None:
        up = self.upstream
        if self.count >= up.keepalive or conn.requests >= up.keepalive_requests:
            conn.transport.close()
            return
        self.idle.setdefault(addr, []).append(conn)
        self.count += 1
        conn.pool, conn.addr = self, addr
        conn.idle_timeout.set(up.keepalive_timeout)

    def drop(self, addr: tuple[str, int], conn: UpstreamConnection) -> None:
        """An idle conn leaves the pool (keepalive_timeout, or the upstream
        closed it), closed."""
        conns = self.idle.get(addr)
        if conns and conn in conns:
            conns.remove(conn)
            self.count -= 1
        conn.transport.close()


class Upstreams:
    """What a worker keeps per upstream block: its balancer, and its pools
    of plain and of TLS connections (proxy_pass https://)."""

    __slots__ = ("balancer", "pool", "tls_pool")

    def __init__(self, upstream: Upstream) -> None:
        self.balancer = Balancer(upstream)
        self.pool = Pool(upstream)
        self.tls_pool = Pool(upstream)


def _upstreams(w, upstream: Upstream) -> Upstreams:
    found = w.balancers.get(upstream.name)
    if found is None:
        found = w.balancers[upstream.name] = Upstreams(upstream)
    return found


class Direct:
    """proxy_pass to one address: a selection of one peer."""

    def __init__(self, host: str, port: int) -> None:
        self.peer = Peer(UpstreamServer(host, port))
        self.given = False

    def next(self) -> Peer | None:
        if self.given:
            return None
        self.given = True
        return self.peer

    def failed(self, peer: Peer, status: int, next_only: bool) -> None:
        pass

    def one_more(self, peer: Peer) -> None:
        """One try more, after peer failed on a kept-alive connection (a
        direct proxy_pass keeps none)."""

    def succeeded(self, peer: Peer) -> None:
        pass

    def timeouts(self, conf) -> tuple[float, float]:
        return conf.proxy_connect_timeout, conf.proxy_read_timeout


class Balanced(Selection):
    """An upstream block's selection (gateway/balancer.py), tried with the
    location's timeouts."""
    __slots__ = ()

    timeouts = Direct.timeouts      # the location's, as a direct proxy_pass's


class Scripted(Direct):
    """balancer_by_lua: the Lua code names the peer of every try
    (ngx.balancer.set_current_peer); without one, the upstream's first
    server is tried, as in nginx."""

    def __init__(self, w, req: Request, upstream: Upstream, tries_limit: int) -> None:
        self.w = w
        self.req = req
        self.upstream = upstream
        self.state = BalancerState(tries_limit)
        self.tries_left: int | None = None      # known once the code ran the first time

    def next(self) -> Peer | None:
        if self.tries_left == 0:
            return None
        state = self.state
        state.peer = None
        run_balancer(self.w, self.req, self.upstream.balancer_by_lua, state)
        if self.tries_left is None:
            self.tries_left = len(self.upstream.servers) + state.more_tries
        self.tries_left -= 1
        if state.peer is None:
            return Peer(self.upstream.servers[0])
        return Peer(UpstreamServer(*state.peer))

    def failed(self, peer: Peer, status: int, next_only: bool) -> None:
        self.state.last_failure = (b"next" if next_only else b"failed", status)

    def one_more(self, peer: Peer) -> None:
        if self.tries_left is not None:
            self.tries_left += 1

    def timeouts(self, conf) -> tuple[float, float]:
        connect, _, read = self.state.timeouts
        return (connect or conf.proxy_connect_timeout), (read or conf.proxy_read_timeout)


NON_IDEMPOTENT = frozenset({b"POST", b"LOCK", b"PATCH"})
# the answers proxy_next_upstream may pass on, by the names it gives them
STATUS_KINDS = {status: f"http_{status}" for status in (500, 502, 503, 504, 403, 404, 429)}


def proxy(w, req: Request, pp: ProxyPass) -> int:
    """The proxy_pass content handler: a status to finalize with, or 0."""
    conf = req.loc.conf
    streaming = _streams_body(req, conf)
    if streaming:
        req.body_read = True
        answer_expect(req)
    else:
        read_whole_body(w, req)
    if pp.template is not None:
        evaluated = _evaluate(w, req, pp.template)
        if type(evaluated) is int:
            return evaluated
        pp = evaluated
    if pp.upstream is not None:
        ups = _upstreams(w, pp.upstream)
        if pp.upstream.balancer_by_lua is not None:
            selection = Scripted(w, req, pp.upstream, conf.proxy_next_upstream_tries)
        else:
            key = w.template(pp.upstream.hash_key).render(req) if pp.upstream.hash_key else None
            selection = Balanced(ups.balancer, key)
        host_header = pp.upstream.name.encode()
        pool = ups.pool if pp.upstream.keepalive > 0 and conf.proxy_http_version == "1.1" else None
        if pool is not None and pp.scheme == "https":
            pool = ups.tls_pool       # its connections are not the plain ones
    else:
        pool = None
        selection = Direct(pp.host, pp.port)
        host_header = (pp.host if pp.port == pp.default_port else f"{pp.host}:{pp.port}").encode()
    secure = _secure(w, req, pp) if pp.scheme == "https" else None
    data = _request_bytes(w, req, pp, host_header, pool is not None, streaming)
    if streaming:
        body_from = body.arriving
    elif req.body_file is not None and conf.proxy_pass_request_body and conf.proxy_set_body is None:
        body_from = body.from_file
    else:
        body_from = None
    peer = selection.next()
    if peer is None:
        w.error_log.log(LOG_ERR, "no live upstreams while connecting to upstream", req.number,
                        w.log_context(req, _upstream_url(req, pp, pp.host)))
        return 502
    started = monotonic()
    # Hot path: what only a failure needs (the retry budget, the URL in the
    # error.log line) is made when one happens.
    retry = None
    tried = None        # the attempts before this one ($upstream_addr lists them all)
    timeouts = selection.timeouts(conf)
    while True:
        began = started if tried is None else monotonic()
        peer.conns += 1
        try:
            conn = _send(pool, peer.addr, data, req, body_from, timeouts, conf.proxy_send_timeout,
                         secure)
        except UpstreamError as exc:
            peer.conns -= 1
            w.error_log.log(exc.level, exc.message, req.number,
                            w.log_context(req, _upstream_url(req, pp, peer.name)))
            status = 0 if exc.kind == "client" else exc.status
            tried = _attempted(req, tried, UpstreamState(pp, peer.name, status, exc.connect_time,
                                                         began, None, []))
            if exc.kind == "client":
                return exc.status           # nothing to retry for
            selection.failed(peer, exc.status, False)
            retry = retry or Retry(conf, req, started, streaming)
            if exc.cached and exc.kind == "error":
                # the upstream closed a kept-alive connection as it was
                # reused: nginx gives the request one try more for it
                retry.one_more()
                selection.one_more(peer)
            nxt = selection.next() if retry.allows(exc.kind, exc.sent) else None
            if nxt is None:
                return exc.status
            peer = nxt
            timeouts = selection.timeouts(conf)
            continue
        kind = STATUS_KINDS.get(conn.status)
        if kind is not None:
            retry = retry or Retry(conf, req, started, streaming)
            if retry.allows(kind, True):
                # nginx counts these as failures, 403 and 404 excepted
                selection.failed(peer, conn.status, conn.status in (403, 404))
                nxt = selection.next()
                if nxt is not None:
                    peer.conns -= 1
                    conn.transport.close()
                    tried = _attempted(req, tried, _answered(pp, peer, conn, began))
                    peer = nxt
                    timeouts = selection.timeouts(conf)
                    continue
        if conf.proxy_intercept_errors and conn.status >= 300 and conn.status in conf.error_page:
            # the location's error_page answers instead of the upstream's body
            peer.conns -= 1
            conn.transport.close()
            _attempted(req, tried, _answered(pp, peer, conn, began))
            return conn.status
        try:
            _respond(w, req, conn, pp, _answered(pp, peer, conn, began, tried), timeouts[1])
        finally:
            peer.conns -= 1
        selection.succeeded(peer)
        if pool is not None and conn.reusable and not conn.closed:
            pool.give_back(peer.addr, conn)
        elif not conn.closed:
            conn.transport.close()
        return 0


class Retry:
    """proxy_next_upstream for one request: which failures go to the next
    server, and the tries and time it may take."""

    def __init__(self, conf, req: Request, started: float, streaming: bool) -> None:
        self.when = conf.proxy_next_upstream
        # a body sent as it came cannot be sent again
        self.idempotent = (not streaming and
                           (req.method not in NON_IDEMPOTENT or "non_idempotent" in self.when))
        self.tries_left = conf.proxy_next_upstream_tries - 1 if conf.proxy_next_upstream_tries else -1
        timeout = conf.proxy_next_upstream_timeout
        self.deadline = started + timeout if timeout else None

    def allows(self, kind: str, sent: bool) -> bool:
        if kind not in self.when or (sent and not self.idempotent) or self.tries_left == 0:
            return False
        if self.deadline is not None and monotonic() >= self.deadline:
            return False
        self.tries_left -= 1
        return True

    def one_more(self) -> None:
        """A try that does not count against proxy_next_upstream_tries."""
        if self.tries_left >= 0:        # -1: no limit
            self.tries_left += 1


def _answered(pp: ProxyPass, peer: Peer, conn: UpstreamConnection, began: float,
              earlier: list | None = None) -> UpstreamState:
    """An attempt whose response head came (after the `earlier` ones)."""
    return UpstreamState(pp, peer.name, conn.status, conn.connect_time, began, monotonic(),
                         conn.headers, earlier)


def _attempted(req: Request, tried: list | None, state: UpstreamState) -> list:
    """An attempt that did not give the response: the request's $upstream_*
    tell of it after the ones tried before; the attempts so far."""
    state.earlier = tried
    req.upstream_state = state
    return [state] if tried is None else [*tried, state]


def _respond(w, req: Request, conn: UpstreamConnection, pp: ProxyPass, state: UpstreamState,
             read_timeout: float) -> None:
    req.upstream_state = state
    try:
        _relay(w, req, conn, pp, read_timeout)
    except UpstreamError as exc:
        # the head is gone to the client: all nginx can do is cut the
        # response short (no last chunk) and close the connection
        w.error_log.log(LOG_ERR, exc.message, req.number,
                        w.log_context(req, state.url(req)))
        output.flush(w, req)
        req.eof = True
        req.keep_alive = False
        req.aborted = True          # not complete ($request_completion)
    state.ended = monotonic()


class UpstreamState:
    """One attempt of a proxied request, for $upstream_addr, _status,
    _connect_time, _header_time, _response_time and _http_NAME: kept as
    it comes, formatted only when a variable is read. After retries, the
    variables list every attempt, as nginx's do ("a, b"); "-" stands for
    what an attempt never got (a connection, a head, a status)."""
    __slots__ = ("pp", "addr", "status", "connect_time", "started", "head_at", "ended", "headers",
                 "earlier")

    def __init__(self, pp: ProxyPass, addr: str, status: int, connect_time: float | None, started: float,
                 head_at: float | None, headers: list[tuple[bytes, bytes]],
                 earlier: list[UpstreamState] | None = None) -> None:
        self.pp = pp
        self.addr = addr
        self.status = status
        self.connect_time = connect_time
        self.started = started
        self.head_at = head_at
        # until the body is relayed (or when it failed)
        self.ended = monotonic() if head_at is None else head_at
        self.headers = headers      # the upstream's response headers, as they came
        self.earlier = earlier      # the attempts before it, if any

    def get(self, name: bytes) -> bytes | None:
        if name.startswith(b"http_"):           # the last response's
            wanted = name[5:].replace(b"_", b"-")
            values = [v for n, v in self.headers if n.lower() == wanted]
            return b", ".join(values) if values else None
        value = self._value(name)
        if value is None or self.earlier is None:
            return value
        return b", ".join([state._value(name) for state in self.earlier] + [value])

    def url(self, req: Request) -> str:
        """The upstream request's URL, as error.log lines name it."""
        return _upstream_url(req, self.pp, self.addr)

    def _value(self, name: bytes) -> bytes | None:
        if name == b"addr":
            return self.addr.encode()
        if name == b"status":
            return b"%d" % self.status if self.status else b"-"
        if name == b"connect_time":
            return b"-" if self.connect_time is None else b"%.3f" % self.connect_time
        if name == b"header_time":
            return b"-" if self.head_at is None else b"%.3f" % (self.head_at - self.started)
        if name == b"response_time":
            return b"%.3f" % (self.ended - self.started)
        return None


def _upstream_url(req: Request, pp: ProxyPass, peer_name: str) -> str:
    """The upstream request's URL as error.log lines name it."""
    return f"{pp.scheme}://{peer_name}{_upstream_uri(req, pp).decode('latin-1')}"


class Secure:
    """TLS to the upstream: the context, and the name to send (SNI) and
    check the certificate against ("": none, unchecked)."""
    __slots__ = ("context", "name")

    def __init__(self, context: ssl.SSLContext, name: str) -> None:
        self.context = context
        self.name = name


def _secure(w, req: Request, pp: ProxyPass) -> Secure:
    """proxy_pass https://: proxy_ssl_server_name sends proxy_ssl_name
    (proxy_ssl_verify checks the certificate against it, so it is sent
    then too)."""
    conf = req.loc.conf
    name = ""
    if conf.proxy_ssl_server_name or conf.proxy_ssl_verify:
        name = w.template(conf.proxy_ssl_name).render(req).decode("latin-1")
        host, sep, port = name.rpartition(":")
        if sep and port.isdigit():
            name = host         # $proxy_host's port is no part of the name
    return Secure(tls.upstream_context(conf, w.upstream_tls), name)


def _send(pool: Pool | None, addr: tuple[str, int], data: bytes, req: Request, body_from,
          timeouts: tuple[float, float], send_timeout: float,
          secure: Secure | None) -> UpstreamConnection:
    """One peer's exchange, up to the response head (on the request's thread).

    Hot path: a body held in memory costs no asyncio Task or future: the
    thread connects (when the pool has no connection) and waits parked for
    the head, under its timer."""
    no_body = req.method == b"HEAD"
    conn = pool.take(addr) if pool is not None else None
    cached = conn is not None
    try:
        if conn is None:
            conn = _connect(addr, timeouts[0], secure)
        else:
            conn.connect_time = 0.0
        if not req.loc.conf.proxy_ignore_client_abort:
            req.upstream_waiting = conn         # the client's leaving ends it (server)
        if body_from is None:
            conn.begin(data, no_body)
            conn.wait_head(timeouts[1])
        else:
            threads.wait(conn.send_request(data, body_from(req), no_body, timeouts[1],
                                           send_timeout))
    except UpstreamError as exc:
        exc.cached = cached
        if conn is not None and exc.sent:
            exc.connect_time = conn.connect_time
        raise
    finally:
        req.upstream_waiting = None
    return conn


def _connect(addr: tuple[str, int], timeout: float, secure: Secure | None) -> UpstreamConnection:
    """A new connection to addr (with TLS for proxy_pass https://), within
    proxy_connect_timeout."""
    loop = asyncio.get_running_loop()
    begun = loop.time()
    if secure is None:
        connecting = loop.create_connection(UpstreamConnection, addr[0], addr[1])
    else:
        connecting = loop.create_connection(UpstreamConnection, addr[0], addr[1],
                                            ssl=secure.context, server_hostname=secure.name)
    try:
        _, conn = threads.drive(connecting, timeout)
    except TimeoutError:
        raise _timed_out("connecting to upstream", sent=False) from None
    except ssl.SSLError as exc:
        raise UpstreamError(502, tls.handshake_error(exc), "error", sent=False) from None
    except OSError as exc:
        raise UpstreamError(502, f"connect() failed ({exc.errno}: {exc.strerror}) while "
                                 "connecting to upstream", "error", sent=False) from None
    conn.connect_time = loop.time() - begun
    return conn


def _evaluate(w, req: Request, template: str) -> ProxyPass | int:
    """proxy_pass with variables, for this request: an upstream block of
    that name, or an address (nginx needs a `resolver` for a host name, which
    Moongate does not have); a status when the URL is not one."""
    url = w.template(template).render(req).decode("latin-1")
    m = PROXY_URL.fullmatch(url)
    if m is None:
        w.error_log.log(LOG_ERR, f'invalid URL prefix in "{url}"', req.number, w.log_context(req))
        return 500
    scheme, hostport, uri = m.groups()
    host, sep, port = hostport.rpartition(":")
    if not sep or not port.isdigit():
        host, port = hostport, ""
    host = host.strip("[]")
    upstream = w.http.upstreams.get(host) if not port else None
    if upstream is None and not _is_address(host):
        w.error_log.log(LOG_ERR, f"no resolver defined to resolve {host}", req.number,
                        w.log_context(req))
        return 502
    pp = ProxyPass(scheme, host, 0, uri, upstream, template)
    pp.port = int(port) if port else pp.default_port
    return pp


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _upstream_uri(req: Request, pp: ProxyPass) -> bytes:
    """The URI sent upstream. Without a URI in proxy_pass: the client's own
    (still escaped) unless a rewrite changed it; with one: the location's
    prefix replaced by it, or, when proxy_pass has variables, the whole
    URI and query replaced by it."""
    if pp.template is not None and pp.uri is not None:
        return pp.uri.encode("latin-1")
    args = b"?" + req.args if req.args is not None else b""
    if pp.uri is None:
        if req.uri == req.original_uri and not req.internal:
            return req.request_uri.split(b"?", 1)[0] + args
        return escape(req.uri, ESCAPE_URI) + args
    prefix = req.loc.pattern.encode() if req.loc.modifier in ("", "^~", "=") else b""
    if prefix and req.uri.startswith(prefix):
        return pp.uri.encode() + escape(req.uri[len(prefix):], ESCAPE_URI) + args
    return pp.uri.encode() + args


def _streams_body(req: Request, conf) -> bool:
    """proxy_request_buffering off: the body goes up as it arrives (a
    chunked one is still read whole first, as nginx does over HTTP/1.0)."""
    return (not conf.proxy_request_buffering and conf.proxy_pass_request_body
            and conf.proxy_set_body is None
            and req.content_length > 0 and not req.body_read and not req.body_done)


class ProxyPlan:
    """What a location's proxy directives make of every exchange, worked
    out once per location: the upstream request's head from
    proxy_set_header and proxy_http_version (a request then only renders
    the values with variables and filters its own headers), and the
    upstream headers proxy_hide_header and proxy_pass_header keep from
    the client (hot path)."""

    __slots__ = ("line_end", "host", "own_connection", "skip", "extra", "hidden", "special")

    def __init__(self, w, conf) -> None:
        self.line_end = b" HTTP/" + conf.proxy_http_version.encode()
        sets = [(name.encode(), _plan_value(w, value)) for name, value in conf.proxy_set_header]
        lowers = [name.lower() for name, _ in sets]
        # the last Host given, sent in the place of the upstream's name
        self.host = None
        for (_, value), lower in zip(sets, lowers):
            if lower == b"host":
                self.host = value
        # a Connection of the conf's replaces keep-alive/close
        self.own_connection = b"connection" in lowers
        # the client's headers not forwarded: hop-by-hop, the ones the conf
        # sets (even to ""), and Content-Length (ours follows the body)
        self.skip = HOP_BY_HOP | frozenset(lowers) | {b"content-length"}
        # the other proxy_set_header lines, in conf order ("" sends none)
        self.extra = [(name + b": ", value) for (name, value), lower in zip(sets, lowers)
                      if lower != b"host" and value != b""]
        self.hidden = (HIDDEN - {n.encode("latin-1") for n in conf.proxy_pass_header}
                       | {n.encode("latin-1") for n in conf.proxy_hide_header})
        # the upstream headers _relay does more with than pass on
        self.special = self.hidden | {b"location", b"refresh"}
        if conf.proxy_cookie_domain or conf.proxy_cookie_path:
            self.special |= {b"set-cookie"}


def _plan(w, conf) -> ProxyPlan:
    plan = w.proxy_plans.get(id(conf))
    if plan is None:
        plan = w.proxy_plans[id(conf)] = ProxyPlan(w, conf)
    return plan


def _plan_value(w, text: str):
    """A proxy_set_header value: its bytes when constant, else its Template."""
    template = w.template(text)
    return template.text if template.constant else template


def _request_bytes(w, req: Request, pp: ProxyPass, host: bytes, keepalive: bool,
                   streaming: bool) -> bytes:
    conf = req.loc.conf
    plan = _plan(w, conf)
    if plan.host is not None:
        host = plan.host if type(plan.host) is bytes else plan.host.render(req)
    method = req.method if conf.proxy_method is None else w.template(conf.proxy_method).render(req)
    lines = [method + b" " + _upstream_uri(req, pp) + plan.line_end, b"Host: " + host]
    if not plan.own_connection:
        lines.append(b"Connection: keep-alive" if keepalive else b"Connection: close")
    if conf.proxy_pass_request_headers:
        skip = plan.skip
        lines += [name + b": " + value for name, value in req.headers if name.lower() not in skip]
    for name, value in plan.extra:
        if type(value) is not bytes:
            value = value.render(req)
        if value:
            lines.append(name + value)
    if conf.proxy_set_body is not None:         # the conf's body, not the client's
        data = w.template(conf.proxy_set_body).render(req)
        lines.append(b"Content-Length: %d" % len(data))
        return b"\r\n".join(lines) + b"\r\n\r\n" + data
    with_body = conf.proxy_pass_request_body
    size = (req.content_length if streaming else body.length(req)) if with_body else 0
    if with_body and (size or req.content_length >= 0 or req.body_chunked):
        # nginx's rule: a length when the body has one (the client's
        # Content-Length, a chunked body read whole, one Lua set)
        lines.append(b"Content-Length: %d" % size)
    head = b"\r\n".join(lines) + b"\r\n\r\n"
    # a body in a temp file is sent from there (UpstreamConnection.send_body)
    return head + bytes(req.body) if size and req.body_file is None and not streaming else head


def _relay(w, req: Request, conn: UpstreamConnection, pp: ProxyPass, read_timeout: float) -> None:
    """The upstream's response to the client, streamed (see the module doc)."""
    conf = req.loc.conf
    req.status = conn.status
    plan = _plan(w, conf)
    special = plan.special
    out = req.out_headers
    for name, value in conn.headers:
        lower = name.lower()
        if lower in special:
            if lower in plan.hidden:
                continue
            value = _rewritten(w, req, pp, lower, value)
        if lower not in out or lower == b"content-type" or lower == b"content-length":
            out[lower] = (name, value)
        else:
            out.add(name, value)
    client = req.conn
    # Hot path: a small response is all here with its head: one emit, no wait.
    while True:
        if not conn.body_ready():
            threads.wait(conn.wait_body(read_timeout))
        data = conn.take_body()
        if data is None:
            output.finish(w, req)
            return
        if conn.complete and not conn.chunks:
            # nginx ends a proxied body with an empty last buffer of its
            # own: a body filter sees the end apart from the data
            output.emit(w, req, data, False)
            output.finish(w, req)
            return
        output.emit(w, req, data, False)
        output.flush(w, req)
        if client.write_paused:
            threads.wait(client.drain())    # the client's pace is the upstream's


def _rewritten(w, req: Request, pp: ProxyPass, lower: bytes, value: bytes) -> bytes:
    """A Location, Refresh or Set-Cookie header of the upstream's, as the
    client gets it."""
    if lower == b"set-cookie":
        return proxy_rewrite.cookie(w, req, value)
    value = proxy_rewrite.redirect(w, req, pp, value, lower == b"refresh")
    return absolute_location(req, value) if lower == b"location" else value
