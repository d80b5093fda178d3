"""ngx.socket.udp: lua-nginx-module's UDP (and datagram unix domain)
cosockets: setpeername, send, receive, settimeout, close.

The object is a table like the TCP one ([1] the connected socket, [2] the
timeout settimeout stored, in ms). Datagrams that arrive while nobody reads
wait in a bounded queue, as they would in the kernel's buffer; an ICMP
error (a closed port) is queued in their place and is what the next
receive returns, as recv() reports it in nginx.
"""
from __future__ import annotations

import asyncio
import socket
from collections import deque

from luavm.auxlib import arg_error, lua_error
from luavm.value import EMPTY, Multi, Table, Userdata, fmt_number, tonum, type_name

from .. import cosocket, threads
from ..request import conf_of
from .socket_tcp import (
    LOG_CRIT, LOG_ERR, YIELDABLE, check_object, current_request, errno_text,
    error_text, request_of, send_data, socket_maker, to_integer,
)

CTX, TIMEOUT = 1.0, 2.0         # the object's slots
MAX_DATAGRAM = 65536            # what receive() reads at most, as lua-nginx-module
QUEUE_MAX = 1024                # datagrams kept for a reader; older ones are dropped


class Datagrams(asyncio.DatagramProtocol):
    """A connected datagram socket: what arrived, and one waiting reader."""

    def __init__(self) -> None:
        self.transport = None
        self.queue: deque = deque()     # bytes, or the OSError recv() would give
        self.reader: asyncio.Future | None = None
        self.sending = False
        self.send_error: OSError | None = None
        self.lost = False

    def connection_made(self, transport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        self._push(data)

    def error_received(self, exc: Exception) -> None:
        if self.sending:
            self.send_error = exc       # our own sendto failed at once
        elif isinstance(exc, OSError):
            self._push(exc)

    def connection_lost(self, exc) -> None:
        self.lost = True
        self._wake()

    def _push(self, item) -> None:
        if len(self.queue) >= QUEUE_MAX:
            self.queue.popleft()
        self.queue.append(item)
        self._wake()

    def _wake(self) -> None:
        if self.reader is not None and not self.reader.done():
            self.reader.set_result(True)

    def wait(self, timeout: float) -> bool:
        """Block the calling thread until a datagram (or error) arrives;
        False on timeout."""
        loop = asyncio.get_running_loop()
        fut = self.reader = loop.create_future()
        timer = loop.call_later(timeout, _expire, fut)
        try:
            return threads.wait(fut)
        finally:
            timer.cancel()
            self.reader = None


def _expire(fut: asyncio.Future) -> None:
    if not fut.done():
        fut.set_result(False)


class UdpSocket:
    """What slot [1] holds: one connected datagram socket."""
    __slots__ = ("w", "request", "conf", "proto", "read_timeout", "reading", "__weakref__")

    def __init__(self, w, req, proto: Datagrams, timeout: float) -> None:
        self.w = w
        self.request = req
        req.on_end(self.close)          # a socket kept past its request closes with it
        self.conf = conf_of(w, req)
        self.proto = proto
        self.read_timeout = timeout
        self.reading = False

    def log(self, msg: str, level: int = LOG_ERR, gated: bool = True) -> None:
        if gated and not self.conf.lua_socket_log_errors:
            return
        w, req = self.w, self.request
        w.error_log.log(level, msg, req.number, w.log_context(req))

    def close(self) -> None:
        proto, self.proto = self.proto, None
        if proto is not None and not proto.lost:
            proto.transport.close()

    def __del__(self) -> None:
        if self.proto is not None:
            try:
                self.close()
            except RuntimeError:
                pass        # the loop is gone: the process is exiting


def _state(sock: Table) -> UdpSocket | None:
    ud = sock.get(CTX)
    return ud.payload if ud.__class__ is Userdata and ud.payload.__class__ is UdpSocket else None


def _timeout(sock: Table, default: float) -> float:
    ms = to_integer(sock.get(TIMEOUT))
    return ms / 1000 if ms is not None and ms > 0 else default


async def _open(host: str, port: int) -> Datagrams:
    """A datagram socket connected to host:port or unix:/path (connecting a
    datagram socket does not wait: it only sets the peer)."""
    if host[:5].lower() == "unix:":
        family, addr = socket.AF_UNIX, host[5:]
    else:
        addr = await cosocket.resolve(host, port, socket.SOCK_DGRAM)
        family = socket.AF_INET6 if len(addr) == 4 else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        sock.setblocking(False)
        sock.connect(addr)
        _, proto = await asyncio.get_running_loop().create_datagram_endpoint(Datagrams, sock=sock)
    except BaseException:
        sock.close()
        raise
    return proto


def _split_port(text: str) -> tuple[str, int]:
    """"host:port" or "[v6]:port" (port 0 when there is none)."""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest[1:].isdigit() else 0
    host, sep, port = text.rpartition(":")
    if sep and host.count(":") == 0 and port.isdigit():
        return host, int(port)
    return text, 0


def install(ngx: Table, w) -> None:
    """ngx.socket.udp (ngx.socket is socket_tcp's table)."""
    meta = Table()
    methods = Table()
    meta[b"__index"] = methods

    udp = socket_maker(w, meta)

    def setpeername(*args):
        n = len(args)
        if n not in (2, 3):
            raise lua_error("ngx.socket.udp setpeername: expecting 2 or 3 arguments "
                            f"(including the object), but seen {n}")
        req = request_of(w, YIELDABLE)
        sock = check_object(args, "setpeername")
        host = args[1]
        if host.__class__ is float:
            host = fmt_number(host)
        elif host.__class__ is not bytes:
            raise arg_error(2, "setpeername", f"string expected, got {type_name(host)}")
        port = 0
        if n == 3:
            if tonum(args[2]) is None:
                raise arg_error(3, "setpeername", f"number expected, got {type_name(args[2])}")
            port = to_integer(args[2])
            if not 0 <= port <= 65535:
                return Multi((None, b"bad port number: %d" % port))
        old = _state(sock)
        if old is not None:
            if old.reading:
                return Multi((None, b"socket busy"))
            old.close()
        text = host.decode("latin-1")
        if not text or text.lower() == "unix:":
            what = "no host" if not text else "no path in the unix domain socket"
            return Multi((None, b'failed to parse host name "%s": %s' % (host, what.encode())))
        if n == 2 and text[:5].lower() != "unix:":
            text, port = _split_port(text)     # nginx's URL parser takes "host:port"
        elif text.startswith("[") and text.endswith("]"):
            text = text[1:-1]
        conf = conf_of(w, req)
        try:
            proto = threads.wait(_open(text, port))
        except cosocket.ResolveError as exc:
            return Multi((None, str(exc).encode()))
        except OSError as exc:
            w.error_log.log(LOG_CRIT, f"connect() failed ({errno_text(exc)})", req.number,
                            w.log_context(req))
            return Multi((None, error_text(exc)))
        sock[CTX] = Userdata(None, UdpSocket(w, req, proto,
                                             _timeout(sock, conf.lua_socket_read_timeout)))
        return 1.0

    def usable(args: tuple, fname: str, what: str):
        """The socket to use, or the nil, "closed" to return."""
        req = current_request(w)
        state = _state(check_object(args, fname))
        if state is None or state.proto is None:
            if conf_of(w, req).lua_socket_log_errors:
                u = id(state) if state is not None else 0
                w.error_log.log(LOG_ERR, f"attempt to {what} data on a closed socket: "
                                         f"u:{u:016X}, c:{0:016X}", req.number, w.log_context(req))
            return Multi((None, b"closed"))
        if state.request is not req:
            raise lua_error("bad request")
        return state

    def send(*args):
        if len(args) != 2:
            raise lua_error(f"expecting 2 arguments (including the object), but got {len(args)}")
        state = usable(args, "send", "send")
        if state.__class__ is Multi:
            return state
        data = send_data(args[1], "send")
        proto = state.proto
        proto.sending = True
        try:
            proto.transport.sendto(data)
        finally:
            proto.sending = False
        exc, proto.send_error = proto.send_error, None
        if exc is not None:
            state.log(f"send() failed ({errno_text(exc)})", gated=False)
            return Multi((None, error_text(exc)))
        return 1.0

    def receive(*args):
        n = len(args)
        if n not in (1, 2):
            raise lua_error(f"expecting 1 or 2 arguments (including the object), but got {n}")
        state = usable(args, "receive", "receive")
        if state.__class__ is Multi:
            return state
        size = MAX_DATAGRAM
        if n == 2:
            if tonum(args[1]) is None:
                raise arg_error(2, "receive", f"number expected, got {type_name(args[1])}")
            size = to_integer(args[1])
            if size < 0 or size > MAX_DATAGRAM:
                size = MAX_DATAGRAM     # as nginx's size_t cast and cap make it
        if state.reading:
            return Multi((None, b"socket busy"))
        proto = state.proto
        state.reading = True
        try:
            while not proto.queue:
                if proto.lost:
                    return Multi((None, b"closed"))
                if not proto.wait(state.read_timeout):
                    state.log("lua udp socket read timed out")
                    return Multi((None, b"timeout"))
        finally:
            state.reading = False
        item = proto.queue.popleft()
        if item.__class__ is bytes:
            return item[:size]
        state.log(f"recv() failed ({errno_text(item)})", gated=False)
        return Multi((None, error_text(item)))

    def settimeout(*args):
        if len(args) < 2:
            raise lua_error("ngx.socket settimeout: expecting at least 2 arguments (including "
                            f"the object) but seen {len(args)}")
        sock = check_object(args, "settimeout")
        ms = tonum(args[1])
        sock[TIMEOUT] = float(int(ms)) if ms is not None and ms == ms and abs(ms) < 2.0**62 else 0.0
        state = _state(sock)
        if state is not None:
            state.read_timeout = _timeout(sock, state.conf.lua_socket_read_timeout)
        return EMPTY

    def close(*args):
        if len(args) != 1:
            raise lua_error(f"expecting 1 argument (including the object) but seen {len(args)}")
        req = current_request(w)
        state = _state(check_object(args, "close"))
        if state is None or state.proto is None:
            return Multi((None, b"closed"))
        if state.request is not req:
            raise lua_error("bad request")
        if state.reading:
            return Multi((None, b"socket busy"))
        state.close()
        return 1.0

    for name, fn in (("setpeername", setpeername), ("send", send), ("receive", receive),
                     ("settimeout", settimeout), ("close", close)):
        methods[name.encode()] = fn
    ngx[b"socket"][b"udp"] = udp
