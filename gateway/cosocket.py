"""The asyncio side of cosockets (ngx.socket.tcp): connections, name
resolution and the per-worker keep-alive pools.

A `Stream` is an asyncio protocol with a bytearray that fills as data
arrives and at most one reader and one writer waiting on it, each on a bare
loop future with a timer (no Task per operation). The Lua side
(gateway/ngx/socket_tcp.py) runs on a request thread and waits with
threads.wait; every wait is undone in a `finally`, so a thread killed in
the middle of one (ngx.thread.kill, an exit) leaves the stream usable.

Pools follow lua-nginx-module's: one per key ("host:port", "unix:/path", or
the `pool` option) and per worker; idle connections are reused most
recent first, closed after their idle timeout or as soon as the peer sends
anything or closes; a pool created with a `backlog` makes connect
operations beyond its size wait for a free slot.
"""
from __future__ import annotations

import asyncio
import ipaddress
import random
import socket
from collections import deque

from . import threads

RESOLVER_TIMEOUT = 30.0     # nginx's resolver_timeout default
# socket.gaierror codes -> nginx's resolver states (ngx_resolver_strerror)
HOST_NOT_FOUND = (3, "Host not found")
SERVER_FAILURE = (2, "Server failure")
NOT_FOUND_CODES = frozenset(code for code in (
    getattr(socket, "EAI_NONAME", None), getattr(socket, "EAI_NODATA", None),
    getattr(socket, "EAI_ADDRFAMILY", None)) if code is not None)


class ResolveError(Exception):
    """A host name that did not resolve; the message is lua-nginx-module's."""


def _wake(fut: asyncio.Future, value: bool) -> None:
    if not fut.done():
        fut.set_result(value)


def _wait(fut: asyncio.Future, timeout: float) -> bool:
    """Block the calling thread until fut has a result (True) or timeout
    passes (False)."""
    timer = asyncio.get_running_loop().call_later(timeout, _wake, fut, False)
    try:
        return threads.wait(fut)
    finally:
        timer.cancel()


class Stream(asyncio.Protocol):
    """One cosocket connection, plain or TLS."""
    __slots__ = (
        "transport", "peer", "tls",
        # reading: what arrived and was not taken yet, and how it ended
        "buf", "eof", "fin", "error", "lost", "reader", "read_ahead", "paused",
        # writing: the writer waiting for the transport's buffer to drain
        "write_paused", "writer",
        # keep-alive: the pool holding it while idle, and its history
        "pool", "idle_timer", "reused",
    )

    def __init__(self, peer: str, read_ahead: int) -> None:
        self.transport = None
        self.peer = peer                    # "127.0.0.1:80" or "unix:/path", for logs
        self.tls = False
        self.buf = bytearray()
        self.eof = False                    # no more bytes will come
        self.fin = False                    # the peer closed its side cleanly
        self.error: OSError | None = None   # what ended the connection, if it failed
        self.lost = False
        self.reader: asyncio.Future | None = None
        self.read_ahead = read_ahead        # bytes buffered ahead of the reader before pausing
        self.paused = False
        self.write_paused = False
        self.writer: asyncio.Future | None = None
        self.pool: Pool | None = None
        self.idle_timer: asyncio.TimerHandle | None = None
        self.reused = 0

    # -- asyncio.Protocol ---------------------------------------------------------------
    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self.pool is not None:
            self.pool.drop(self)            # an idle connection must stay silent
            return
        self.buf += data
        reader = self.reader
        if reader is not None:
            _wake(reader, True)
        elif len(self.buf) >= self.read_ahead and not self.paused:
            self.paused = True
            self.transport.pause_reading()

    def eof_received(self) -> bool:
        self.eof = self.fin = True
        if self.pool is not None:
            self.pool.drop(self)
            return False
        if self.reader is not None:
            _wake(self.reader, True)
        return not self.tls                 # keep the writing half open, as nginx does

    def connection_lost(self, exc) -> None:
        self.lost = self.eof = True
        self.error = exc if isinstance(exc, OSError) else None
        if self.pool is not None:
            self.pool.drop(self)
        for fut in (self.reader, self.writer):
            if fut is not None:
                _wake(fut, True)

    def pause_writing(self) -> None:
        self.write_paused = True

    def resume_writing(self) -> None:
        self.write_paused = False
        if self.writer is not None:
            _wake(self.writer, True)

    # -- the request thread's side ------------------------------------------------------
    def wait_data(self, timeout: float) -> bool:
        """Wait until more bytes arrive or the stream ends; False on timeout."""
        if self.paused:
            self.paused = False
            self.transport.resume_reading()
        self.reader = asyncio.get_running_loop().create_future()
        try:
            return _wait(self.reader, timeout)
        finally:
            self.reader = None

    def wait_drained(self, timeout: float) -> bool:
        """Wait until the peer took what was written (or the stream ended);
        False on timeout."""
        self.writer = asyncio.get_running_loop().create_future()
        try:
            return _wait(self.writer, timeout)
        finally:
            self.writer = None

    def wait_lost(self) -> None:
        """A write failed: wait the tick until connection_lost says why."""
        self.writer = asyncio.get_running_loop().create_future()
        try:
            threads.wait(self.writer)
        finally:
            self.writer = None

    @property
    def complete(self) -> bool:
        """The stream ended without an error on its reading side: all of it is here."""
        return self.eof and (self.fin or self.error is None)

    def take(self, n: int) -> bytes:
        """The first n buffered bytes, consumed."""
        buf = self.buf
        data = bytes(buf[:n])
        del buf[:n]
        return data

    def close(self) -> None:
        if self.transport is not None and not self.lost:
            self.transport.close()


# -- connecting ------------------------------------------------------------------------

async def resolve(host: str, port: int, kind: int) -> tuple:
    """The socket address to reach host:port by: an IP literal as is, a name
    through the system resolver (in a thread of the loop's pool), one of its
    IPv4 addresses at random when it has some, as nginx picks one of the
    A records. Raises ResolveError."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return (host, port) if ip.version == 4 else (host, port, 0, 0)
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(loop.getaddrinfo(host, port, type=kind), RESOLVER_TIMEOUT)
    except asyncio.TimeoutError:
        raise ResolveError(f"{host} could not be resolved (110: Operation timed out)") from None
    except socket.gaierror as exc:
        code, text = HOST_NOT_FOUND if exc.errno in NOT_FOUND_CODES else SERVER_FAILURE
        raise ResolveError(f"{host} could not be resolved ({code}: {text})") from None
    v4 = [info for info in infos if info[0] == socket.AF_INET]
    return random.choice(v4 or infos)[4]


async def open_stream(addr, peer: str, read_ahead: int) -> Stream:
    """A connected Stream to addr (a socket address, or a unix path as str).

    The socket is made here, so that a cancelled connect closes it."""
    loop = asyncio.get_running_loop()
    if isinstance(addr, str):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    else:
        sock = socket.socket(socket.AF_INET6 if len(addr) == 4 else socket.AF_INET,
                             socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        await loop.sock_connect(sock, addr)
        _, stream = await loop.create_connection(lambda: Stream(peer, read_ahead), sock=sock)
    except BaseException:
        sock.close()
        raise
    return stream


async def start_tls(stream: Stream, context, server_name: str | None, timeout: float) -> None:
    """Upgrade a stream to TLS in place: the same Stream gets the decrypted
    bytes. Raises TimeoutError after timeout (the loop's own handshake
    timeout, later, only backs it up)."""
    loop = asyncio.get_running_loop()
    stream.tls = True
    stream.transport = await asyncio.wait_for(
        loop.start_tls(stream.transport, stream, context, server_hostname=server_name,
                       ssl_handshake_timeout=timeout + 1), timeout)


# -- keep-alive pools ------------------------------------------------------------------

class Pool:
    """The connections of one pool key in this worker.

    `connections` counts, as lua-nginx-module does, the connections in use
    that belong to the pool, the idle ones, and the connect operations
    waiting for a slot; the pool is forgotten when it drops to zero.
    """

    def __init__(self, pools: Pools, key: bytes, size: int, backlog: int) -> None:
        self.pools = pools
        self.key = key
        self.size = size
        self.backlog = backlog              # -1: connect operations never wait
        self.connections = 0
        self.idle: deque[Stream] = deque()  # most recently kept first
        self.waiting: deque[asyncio.Future] = deque()

    def take(self) -> Stream | None:
        """The most recently kept idle connection, no longer idle."""
        if not self.idle:
            return None
        stream = self.idle.popleft()
        _unpool(stream)
        return stream

    def keep(self, stream: Stream, timeout: float, counted: bool) -> None:
        """Keep an unused connection for the next connect to this key; the
        oldest one makes room when the pool is full. `counted`: the
        connection already counts in this pool."""
        if len(self.idle) >= self.size:
            oldest = self.idle.pop()
            _unpool(oldest)
            oldest.close()
            if counted:
                self.connections -= 1
        if not counted:
            self.connections += 1
        stream.pool = self
        if stream.paused:
            stream.paused = False
            stream.transport.resume_reading()
        # 0 keeps it for as long as the peer does; a negative timeout (a huge
        # unsigned one in nginx, whose timer then wraps) expires it at once
        if timeout:
            stream.idle_timer = asyncio.get_running_loop().call_later(max(timeout, 0),
                                                                      self.drop, stream)
        self.idle.appendleft(stream)
        self.wake_one()

    def drop(self, stream: Stream) -> None:
        """An idle connection went bad or timed out: close and forget it."""
        if stream.pool is not self:
            return
        _unpool(stream)
        self.idle.remove(stream)
        stream.close()
        self.release()

    def release(self) -> None:
        """A connection counted here is gone."""
        self.connections -= 1
        if self.connections <= 0:
            self.pools.forget(self)
        else:
            self.wake_one()

    def wake_one(self) -> None:
        while self.waiting:
            fut = self.waiting.popleft()
            if not fut.done():
                fut.set_result(True)
                return

    def wait_turn(self, timeout: float) -> bool:
        """Wait (a connect operation beyond the pool's size) until a
        connection is released or kept; False on timeout."""
        fut = asyncio.get_running_loop().create_future()
        self.waiting.append(fut)
        try:
            return _wait(fut, timeout)
        finally:
            if not fut.done():
                fut.cancel()


def _unpool(stream: Stream) -> None:
    stream.pool = None
    if stream.idle_timer is not None:
        stream.idle_timer.cancel()
        stream.idle_timer = None


class Pools:
    """A worker's pools, by key."""

    def __init__(self) -> None:
        self.by_key: dict[bytes, Pool] = {}

    def get(self, key: bytes) -> Pool | None:
        return self.by_key.get(key)

    def create(self, key: bytes, size: int, backlog: int = -1) -> Pool:
        pool = self.by_key[key] = Pool(self, key, size, backlog)
        return pool

    def forget(self, pool: Pool) -> None:
        if self.by_key.get(pool.key) is pool:
            del self.by_key[pool.key]
