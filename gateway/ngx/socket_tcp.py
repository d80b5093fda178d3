"""ngx.socket.tcp (and its alias ngx.socket.stream), ngx.socket.connect:
lua-nginx-module's TCP cosockets, on gateway/cosocket.py.

A cosocket is a table with a shared metatable of methods and the slots
lua-nginx-module gives it: [1] the connection (a userdata, once connect was
called), [2]/[4]/[5] the connect/send/read timeouts settimeout stored (ms),
[3] the pool key. Each operation that must wait (connect, send past the
transport's buffer, receive) waits on the request's thread; the worker goes
on serving others meanwhile.

Answers and error.log lines are lua-nginx-module's (0.10.x with
lua-resty-core, whose setoption/getoption/sslhandshake these methods also
play): failures return `nil, err` (receive adds the partial data), misuse
raises a Lua error. A read failure other than a timeout closes the reading
half, a write failure the writing half, as there. Host names go through the
system resolver (the `resolver` directive is not needed; see
gateway/cosocket.resolve).
"""
from __future__ import annotations

import asyncio
import os
import socket
import ssl

from luavm.auxlib import arg_error, lua_error
from luavm.value import EMPTY, Multi, Table, Userdata, fmt_number, str2number, tonum, type_name

from .. import cosocket, threads, tls
from ..request import conf_of
from ..logs import LEVEL_NUMBER
from . import base
from .base import ACCESS, CONTENT, REWRITE, TIMER
from .output import number_text

# Where cosockets may be created and connected; elsewhere "API disabled".
YIELDABLE = REWRITE | ACCESS | CONTENT | TIMER
# The object's slots, as lua-nginx-module numbers them.
CTX, CONNECT_TIMEOUT, KEY, SEND_TIMEOUT, READ_TIMEOUT = 1.0, 2.0, 3.0, 4.0, 5.0
LOG_CRIT, LOG_ERR = LEVEL_NUMBER["crit"], LEVEL_NUMBER["error"]
LOG_ERR_ERRNOS = frozenset({111, 104, 11, 100, 101, 112, 113})   # logged at [error], not [crit]
HOST_MISMATCH = 62          # X509_V_ERR_HOSTNAME_MISMATCH
OPTIONS = {                 # setoption/getoption's names -> (level, option)
    b"keepalive": ("SOL_SOCKET", "SO_KEEPALIVE"), b"reuseaddr": ("SOL_SOCKET", "SO_REUSEADDR"),
    b"tcp-nodelay": ("IPPROTO_TCP", "TCP_NODELAY"), b"sndbuf": ("SOL_SOCKET", "SO_SNDBUF"),
    b"rcvbuf": ("SOL_SOCKET", "SO_RCVBUF"),
}
CONNECT_CHUNK = (b"local sock = ngx.socket.tcp() local ok, err = sock:connect(...) "
                 b"if ok then return sock end return nil, err")


def socket_maker(w, meta: Table):
    """ngx.socket.tcp / ngx.socket.udp: a fresh object of that metatable,
    made where cosockets may be."""
    def make(*args):
        if args:
            raise lua_error(f"expecting zero arguments, but got {len(args)}")
        request_of(w, YIELDABLE)
        sock = Table()
        sock.meta = meta
        return sock
    return make


def request_of(w, mask: int):
    """The current request, if cosockets may be made in its phase: init_by_lua
    has none ("no request found"), as in lua-nginx-module."""
    req = w.request
    if req is None:
        if w.phase == base.INIT_WORKER:
            raise base.disabled(w.phase)
        raise lua_error("no request found")
    if not req.phase & mask:
        raise base.disabled(req.phase)
    return req


def current_request(w):
    req = w.request
    if req is None:
        raise lua_error("no request found")
    return req


def check_object(args: tuple, fname: str) -> Table:
    sock = args[0] if args else None
    if sock.__class__ is not Table:
        raise arg_error(1, fname, f"table expected, got {type_name(sock) if args else 'no value'}")
    return sock


def error_text(exc: OSError) -> bytes:
    """An OS error as lua-nginx-module returns it: strerror, lower-cased
    (for LuaSocket's sake)."""
    return os.strerror(exc.errno).lower().encode() if exc.errno else b"error"


def errno_text(exc: OSError) -> str:
    """`111: Connection refused`, as nginx logs an errno."""
    return f"{exc.errno}: {os.strerror(exc.errno)}"


# -- sending: the data argument of send (tcp and udp) ----------------------------------

def send_data(value, fname: str) -> bytes:
    """send's argument as bytes: a string, number, boolean, nil, or an array
    table of strings, numbers and such tables."""
    cls = value.__class__
    if cls is bytes:
        return value
    if cls is float:
        return number_text(value)
    if value is None:
        return b"nil"
    if value is True or value is False:
        return b"true" if value else b"false"
    if cls is Table:
        out: list[bytes] = []
        _flatten(value, out, fname)
        return b"".join(out)
    raise arg_error(2, fname, "string, number, boolean, nil, or array table expected, "
                              f"got {type_name(value)}")


def _flatten(t: Table, out: list, fname: str) -> None:
    size = 0
    for k in t:
        if k.__class__ is not float or k < 1 or not k.is_integer():
            raise arg_error(2, fname, "non-array table found")
        size = max(size, int(k))
    for i in range(1, size + 1):
        item = t.get(float(i))
        cls = item.__class__
        if cls is bytes:
            out.append(item)
        elif cls is float:
            out.append(number_text(item))
        elif cls is Table:
            _flatten(item, out, fname)
        else:
            raise arg_error(2, fname, f"bad data type {type_name(item)} found")


def to_integer(v) -> int | None:
    """lua_tointeger of a number or numeric string (None when it is neither)."""
    n = tonum(v)
    if n is None or n != n or n in (float("inf"), float("-inf")):
        return None if n is None else 0
    return int(n)


# -- the connection behind a cosocket ----------------------------------------------------

class Socket:
    """What slot [1] of a socket object holds (a TCP socket here, the
    request's in gateway/ngx/req_socket.py): the stream it reads, its
    timeouts, and what it is busy with."""
    __slots__ = ("w", "request", "conf", "stream", "read_closed", "connect_timeout",
                 "send_timeout", "read_timeout", "connecting", "reading", "writing", "__weakref__")

    def __init__(self, w, req, sock: Table) -> None:
        self.w = w
        self.request = req
        req.on_end(self.finish)         # a socket kept past its request closes with it
        self.conf = conf = conf_of(w, req)
        self.stream = None
        self.read_closed = False
        self.connect_timeout = _timeout(sock, CONNECT_TIMEOUT, conf.lua_socket_connect_timeout)
        self.send_timeout = _timeout(sock, SEND_TIMEOUT, conf.lua_socket_send_timeout)
        self.read_timeout = _timeout(sock, READ_TIMEOUT, conf.lua_socket_read_timeout)
        self.connecting = self.reading = self.writing = False

    def log(self, msg: str, level: int = LOG_ERR, gated: bool = True) -> None:
        """An error.log line about this socket, in its request's context;
        `gated` ones obey lua_socket_log_errors."""
        if gated and not self.conf.lua_socket_log_errors:
            return
        w, req = self.w, self.request
        w.error_log.log(level, msg, req.number, w.log_context(req))

    def busy(self, reading: bool, writing: bool) -> Multi | None:
        """lua-nginx-module's answer when another light thread is using the
        socket the same way."""
        if self.connecting:
            return Multi((None, b"socket busy connecting"))
        if reading and self.reading:
            return Multi((None, b"socket busy reading"))
        if writing and self.writing:
            return Multi((None, b"socket busy writing"))
        return None

    def read_failed(self, partial: bytes) -> Multi:
        """The stream ended while reading: the reading half is closed."""
        self.read_closed = True
        stream = self.stream
        exc = None if stream.fin else stream.error     # a write error after the peer's FIN
        if exc is None:
            return Multi((None, b"closed", partial))
        self.log(f"recv() failed ({errno_text(exc)})", gated=False)
        return Multi((None, error_text(exc), partial))

    def finish(self) -> None:
        """Stop using the stream (a killed reader ends it, as in nginx)."""
        self.stream = None


class TcpSocket(Socket):
    """A TCP (or unix stream) connection attempt and its state."""
    __slots__ = ("pool", "write_closed", "reused")

    def __init__(self, w, req, sock: Table) -> None:
        super().__init__(w, req, sock)
        self.pool: cosocket.Pool | None = None      # the pool this connection counts in
        self.write_closed = False
        self.reused = 0

    def write_failed(self, exc: OSError | None) -> Multi:
        self.write_closed = True
        if exc is None:
            exc = BrokenPipeError(32, "Broken pipe")    # the peer had closed: EPIPE
        self.log(f"send() failed ({errno_text(exc)})", gated=False)
        return Multi((None, error_text(exc)))

    def finish(self) -> None:
        """Close the connection (if any) and give back its place in the pool."""
        stream, self.stream = self.stream, None
        if stream is not None:
            stream.close()
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.release()

    def __del__(self) -> None:
        # The Lua object was collected without close or setkeepalive, as
        # lua-nginx-module's __gc does.
        if self.stream is not None:
            try:
                self.finish()
            except RuntimeError:
                pass        # the loop is gone: the process is exiting


def _timeout(sock: Table, slot: float, default: float) -> float:
    """A timeout in seconds: what settimeout stored in the slot, if positive."""
    ms = to_integer(sock.get(slot))
    return ms / 1000 if ms is not None and ms > 0 else default


def _closed_report(state: Socket | None, what: str) -> str:
    """lua-nginx-module's line for an operation on a closed socket (its
    pointers are our object ids)."""
    u = id(state) if state is not None else 0
    stream = state.stream if state is not None else None
    c = id(stream) if stream is not None else 0
    eof = 1 if stream is not None and stream.eof else 0
    return f"attempt to {what} data on a closed socket: u:{u:016X}, c:{c:016X}, ft:0 eof:{eof}"


def state_of(sock: Table, cls: type = TcpSocket):
    """The socket's state, when slot [1] holds one of class cls."""
    ud = sock.get(CTX)
    return ud.payload if ud.__class__ is Userdata and ud.payload.__class__ is cls else None


def report_closed(w, state: Socket | None, req, what: str) -> None:
    if conf_of(w, req).lua_socket_log_errors:
        w.error_log.log(LOG_ERR, _closed_report(state, what), req.number, w.log_context(req))


def readable_check(w, cls: type):
    """`readable(args, fname, report)` for a socket class: the state to read
    from, or the nil, err to return."""
    def readable(args: tuple, fname: str, report: bool = True):
        req = current_request(w)
        state = state_of(check_object(args, fname), cls)
        if state is None or state.stream is None or state.read_closed:
            if report:
                report_closed(w, state, req, "receive")
            return Multi((None, b"closed"))
        if state.request is not req:
            raise lua_error("bad request")
        return state.busy(True, False) or state
    return readable


def receive_method(readable):
    """sock:receive(pattern?), over a readable check."""
    def receive(*args):
        if len(args) not in (1, 2):
            raise lua_error("expecting 1 or 2 arguments (including the object), "
                            f"but got {len(args)}")
        state = readable(args, "receive")
        if state.__class__ is Multi:
            return state
        if len(args) == 1 or args[1] == b"*l":
            # hot path: a whole line already buffered
            buf = state.stream.buf
            i = buf.find(b"\n")
            if i >= 0:
                line = bytes(buf[:i])
                del buf[:i + 1]
                return line.replace(b"\r", b"") if line.find(b"\r") >= 0 else line
            take, partial = line_pattern()
        else:
            take, partial = receive_pattern(args[1], "receive")
            if take is None:
                return b""
        buf = state.stream.buf
        if buf:                         # hot path: the buffer already has it
            data = take(buf, state.stream.complete)
            if data is not None:
                return data
        return read(state, take, partial)
    return receive


def receiveany_method(readable):
    def receiveany(*args):
        if len(args) != 2:
            raise lua_error(f"expecting 2 arguments (including the object), but got {len(args)}")
        state = readable(args, "receiveany")
        if state.__class__ is Multi:
            return state
        limit = to_integer(args[1]) if args[1].__class__ in (float, bytes) else None
        if limit is None or limit <= 0:
            raise arg_error(2, "receiveany", "bad max argument")
        take, partial = any_pattern(limit)
        return read(state, take, partial)
    return receiveany


def receiveuntil_method(w, readable):
    def receiveuntil(*args):
        return until_iterator(w, args, readable)
    return receiveuntil


def settimeout(*args):
    if len(args) != 2:
        raise lua_error("ngx.socket settimeout: expecting 2 arguments (including the "
                        f"object) but seen {len(args)}")
    sock = check_object(args, "settimeout")
    ms = _timeout_value(args[1])
    return _set_timeouts(sock, (ms, ms, ms))


def settimeouts(*args):
    if len(args) != 4:
        raise lua_error("ngx.socket settimeout: expecting 4 arguments (including the "
                        f"object) but seen {len(args)}")
    sock = check_object(args, "settimeouts")
    return _set_timeouts(sock, [_timeout_value(v) for v in args[1:]])


def _set_timeouts(sock: Table, values) -> tuple:
    """The connect, send and read timeouts (ms), kept on the object."""
    for slot, ms in zip((CONNECT_TIMEOUT, SEND_TIMEOUT, READ_TIMEOUT), values):
        sock[slot] = float(ms)
    _apply_timeouts(sock)
    return EMPTY


def _apply_timeouts(sock: Table) -> None:
    """The timeouts just stored apply to a connected socket at once."""
    ud = sock.get(CTX)
    state = ud.payload if ud.__class__ is Userdata else None
    if isinstance(state, Socket):
        conf = state.conf
        state.connect_timeout = _timeout(sock, CONNECT_TIMEOUT, conf.lua_socket_connect_timeout)
        state.send_timeout = _timeout(sock, SEND_TIMEOUT, conf.lua_socket_send_timeout)
        state.read_timeout = _timeout(sock, READ_TIMEOUT, conf.lua_socket_read_timeout)


# -- reading ---------------------------------------------------------------------------
#
# Each pattern is a `take(buf, complete)` that returns the data it asks for
# once the buffer holds it (None: not yet; `complete`: the stream ended
# cleanly, nothing more will come), and a `partial(stream)` that takes what
# a failed read returns instead. Reads that the buffer satisfies never
# leave the thread.

def read(state, take, partial) -> bytes | Multi:
    """Run a receive pattern on state's stream until it is satisfied, the
    stream ends (nil, "closed" or the error, partial) or the read timeout
    passes (nil, "timeout", partial)."""
    stream = state.stream
    state.reading = True
    try:
        while True:
            data = take(stream.buf, stream.complete)
            if data is not None:
                return data
            if stream.eof:
                return state.read_failed(partial(stream))
            if not stream.wait_data(state.read_timeout):
                state.log("lua tcp socket read timed out")
                return Multi((None, b"timeout", partial(stream)))
    except BaseException:
        state.finish()      # the thread was killed while it waited: as nginx, close
        raise
    finally:
        state.reading = False


def take_all(stream) -> bytes:
    return stream.take(len(stream.buf))


def line_pattern():
    """"*l": a line without its LF; every CR in it is dropped, as in
    lua-nginx-module."""
    scanned = 0

    def take(buf: bytearray, complete: bool) -> bytes | None:
        nonlocal scanned
        i = buf.find(b"\n", scanned)
        if i < 0:
            scanned = len(buf)
            return None
        line = bytes(buf[:i])
        del buf[:i + 1]
        return line.replace(b"\r", b"") if line.find(b"\r") >= 0 else line

    def partial(stream) -> bytes:
        return take_all(stream).replace(b"\r", b"")

    return take, partial


def size_pattern(n: int):
    def take(buf: bytearray, complete: bool) -> bytes | None:
        if len(buf) < n:
            return None
        data = bytes(buf[:n])
        del buf[:n]
        return data
    return take, take_all


def all_take(buf: bytearray, complete: bool) -> bytes | None:
    """"*a": everything up to the end of the stream (a success, then)."""
    if not complete:
        return None
    data = bytes(buf)
    buf.clear()
    return data


def any_pattern(n: int):
    """receiveany(max): whatever is there, up to max bytes."""
    def take(buf: bytearray, complete: bool) -> bytes | None:
        if not buf:
            return None
        data = bytes(buf[:n])
        del buf[:n]
        return data
    return take, _nothing


def _nothing(stream) -> bytes:
    return b""


def pattern_tail(buf: bytearray, pat: bytes) -> int:
    """How many bytes at the end of buf could begin pat (a match may follow)."""
    for k in range(min(len(pat) - 1, len(buf)), 0, -1):
        if buf.endswith(pat[:k]):
            return k
    return 0


def until_pattern(pat: bytes, inclusive: bool, size: int, done: list):
    """receiveuntil's iterator step: the data before pat (and pat, when
    inclusive); with a size, chunks of at most size bytes, the last one
    ending at pat (`done[0]` is then set: the next call returns nil)."""
    scanned = 0

    def take(buf: bytearray, complete: bool) -> bytes | None:
        nonlocal scanned
        p = buf.find(pat, scanned)
        if p < 0:
            scanned = max(0, len(buf) - len(pat) + 1)
            if size and len(buf) - pattern_tail(buf, pat) >= size:
                return chunk(buf, size)
            return None
        if size and p >= size:
            return chunk(buf, size)
        data = bytes(buf[:p + len(pat)] if inclusive else buf[:p])
        del buf[:p + len(pat)]
        done[0] = bool(size)
        return data

    def partial(stream) -> bytes:
        buf = stream.buf
        return stream.take(len(buf) - pattern_tail(buf, pat))

    return take, partial


def chunk(buf: bytearray, n: int) -> bytes:
    data = bytes(buf[:n])
    del buf[:n]
    return data


# -- the Lua API -------------------------------------------------------------------------

def install(ngx: Table, w) -> None:
    """ngx.socket with tcp, stream and connect."""
    pools = cosocket.Pools()
    ssl_contexts: dict[tuple, ssl.SSLContext] = {}
    meta = Table()
    methods = Table()
    meta[b"__index"] = methods

    tcp = socket_maker(w, meta)

    # -- connect --------------------------------------------------------------------------
    def connect(*args):
        n = len(args)
        if n not in (2, 3, 4):
            raise lua_error("ngx.socket connect: expecting 2, 3, or 4 arguments "
                            f"(including the object), but seen {n}")
        req = request_of(w, YIELDABLE)
        sock = check_object(args, "connect")
        host = args[1]
        if host.__class__ is float:
            host = fmt_number(host)
        elif host.__class__ is not bytes:
            raise arg_error(2, "connect", f"string expected, got {type_name(host)}")
        conf = conf_of(w, req)
        pool_size, backlog, key = 0, -1, None
        if args[n - 1].__class__ is Table:
            pool_size, backlog, key = _pool_options(args[n - 1], n, conf)
            n -= 1
        n = min(n, 3)
        if n == 3 and tonum(args[2]) is not None:
            port = to_integer(args[2])
            if not 0 <= port <= 65535:
                return Multi((None, b"bad port number: %d" % port))
            if key is None:
                key = host + b":" + (args[2] if args[2].__class__ is bytes else fmt_number(args[2]))
        elif host[:5].lower() == b"unix:":
            port = 0
        else:
            return Multi((None, b"missing the port number"))
        sock[KEY] = key if key is not None else host
        old = state_of(sock)
        if old is not None:
            if old.request is not req:
                raise lua_error("bad request")
            busy = old.busy(True, True)
            if busy is not None:
                return busy
            old.finish()
        state = TcpSocket(w, req, sock)
        sock[CTX] = Userdata(None, state)
        pool = pools.get(sock[KEY])
        if pool is None and pool_size > 0:
            pool = pools.create(sock[KEY], pool_size, backlog)
        return _connect(state, pool, host, port, False)

    def _connect(state: TcpSocket, pool, host: bytes, port: int, resuming: bool):
        """lua-nginx-module's connect helper: a kept connection of the pool,
        or a turn in its backlog, or a new connection."""
        if pool is not None:
            state.pool = pool           # an idle connection counts in it already
            stream = pool.take()
            if stream is not None:
                state.stream = stream
                state.reused = stream.reused + 1
                return 1.0
            pool.connections += 1
            if pool.backlog >= 0 and not resuming and pool.connections > pool.size:
                return _wait_turn(state, pool, host, port)
        target = _target(host, port)
        if target.__class__ is Multi:
            return _connect_failed(state, target)
        state.connecting = True
        try:
            state.stream = threads.wait(_dial(target, host, port, state))
        except cosocket.ResolveError as exc:
            return _connect_failed(state, Multi((None, str(exc).encode())))
        except asyncio.TimeoutError:
            state.log(f"lua tcp socket connect timed out, when connecting to "
                      f"{_peer_text(host, port)}")
            return _connect_failed(state, Multi((None, b"timeout")))
        except OSError as exc:
            if target.__class__ is str:     # unix sockets fail at once, in nginx's connect()
                state.log(f"connect() to {host.decode('latin-1')} failed ({errno_text(exc)})",
                          LOG_ERR if exc.errno in LOG_ERR_ERRNOS else LOG_CRIT, gated=False)
            else:
                state.log(f"connect() failed ({errno_text(exc)})")
            return _connect_failed(state, Multi((None, error_text(exc))))
        except BaseException:
            state.finish()      # killed while connecting
            raise
        finally:
            state.connecting = False
        return 1.0

    def _wait_turn(state: TcpSocket, pool, host: bytes, port: int):
        """A connect beyond the pool's size waits for a connection to be
        released, within the backlog and the connect timeout."""
        if pool.connections > pool.size + pool.backlog:
            return _connect_failed(state, Multi((None, b"too many waiting connect operations")))
        state.connecting = True
        try:
            turn = pool.wait_turn(state.connect_timeout)
        except BaseException:
            state.finish()
            raise
        finally:
            state.connecting = False
        state.pool = None
        pool.connections -= 1
        if not turn:
            state.log("lua tcp socket queued connect timed out, when trying to connect to "
                      f"{host.decode('latin-1')}:{port}")
            return Multi((None, b"timeout"))
        return _connect(state, pool, host, port, True)

    async def _dial(target, host: bytes, port: int, state: TcpSocket) -> cosocket.Stream:
        if target.__class__ is str:
            addr, peer = target, target
        else:
            addr = await cosocket.resolve(target[0], port, socket.SOCK_STREAM)
            peer = f"{addr[0]}:{port}"
        return await asyncio.wait_for(
            cosocket.open_stream(addr, peer, state.conf.lua_socket_buffer_size),
            state.connect_timeout)

    def _connect_failed(state: TcpSocket, result: Multi) -> Multi:
        state.finish()
        return result

    # -- send -------------------------------------------------------------------------------
    def send(*args):
        if len(args) != 2:
            raise lua_error(f"expecting 2 arguments (including the object), but got {len(args)}")
        req = current_request(w)
        sock = check_object(args, "send")
        state = state_of(sock)
        if state is None or state.stream is None or state.write_closed:
            report_closed(w, state, req, "send")
            return Multi((None, b"closed"))
        if state.request is not req:
            raise lua_error("bad request")
        busy = state.busy(False, True)
        if busy is not None:
            return busy
        data = send_data(args[1], "send")
        if not data:
            return 0.0
        stream = state.stream
        if stream.lost:
            return state.write_failed(stream.error)
        stream.transport.write(data)
        if stream.transport.is_closing():
            stream.wait_lost()
            return state.write_failed(stream.error)
        if stream.write_paused:
            state.writing = True
            try:
                drained = stream.wait_drained(state.send_timeout)
            except BaseException:
                state.finish()
                raise
            finally:
                state.writing = False
            if not drained:
                state.log("lua tcp socket write timed out")
                state.write_closed = True
                return Multi((None, b"timeout"))
            if stream.lost and stream.error is not None:
                return state.write_failed(stream.error)
        return float(len(data))

    # -- the rest ----------------------------------------------------------------------------
    def close(*args):
        if len(args) != 1:
            raise lua_error(f"expecting 1 argument (including the object) but seen {len(args)}")
        req = current_request(w)
        state = state_of(check_object(args, "close"))
        if state is None or state.stream is None or (state.read_closed and state.write_closed):
            return Multi((None, b"closed"))
        if state.request is not req:
            raise lua_error("bad request")
        busy = state.busy(True, True)
        if busy is not None:
            return busy
        state.finish()
        return 1.0

    def getreusedtimes(*args):
        if len(args) != 1:
            raise lua_error(f"expecting 1 argument (including the object), but got {len(args)}")
        state = state_of(check_object(args, "getreusedtimes"))
        if state is None or state.stream is None or (state.read_closed and state.write_closed):
            return Multi((None, b"closed"))
        return float(state.reused)

    def setkeepalive(*args):
        n = len(args)
        if not 1 <= n <= 3:
            raise lua_error(f"expecting 1 to 3 arguments (including the object), but got {n}")
        sock = check_object(args, "setkeepalive")
        state = state_of(sock)
        if state is None or state.stream is None or state.read_closed or state.write_closed:
            return Multi((None, b"closed"))
        req = current_request(w)
        if state.request is not req:
            raise lua_error("bad request")
        busy = state.busy(True, True)
        if busy is not None:
            return busy
        stream = state.stream
        if stream.eof:
            return Multi((None, b"closed"))
        if stream.buf:
            return Multi((None, b"unread data in buffer"))
        key = sock.get(KEY)
        if key.__class__ is not bytes:
            return Multi((None, b"key not found"))
        conf = state.conf
        pool = pools.get(key)
        if pool is None:
            size = conf.lua_socket_pool_size if n < 3 or args[2] is None else \
                _check_integer(args[2], 3, "setkeepalive")
            if size <= 0:
                raise arg_error(n, "setkeepalive", f'bad "pool_size" option value: {size}')
            pool = pools.create(key, size)
        counted = state.pool is pool
        if state.pool is not None and not counted:
            state.pool.release()
        stream.reused = state.reused
        state.stream = state.pool = None
        if n < 2 or args[1] is None:
            pool.keep(stream, conf.lua_socket_keepalive_timeout, counted)
        elif tonum(args[1]) is None:
            # lua-nginx-module checks the timeout once the connection is kept:
            # it stays, with no idle timeout
            pool.keep(stream, 0, counted)
            raise arg_error(2, "setkeepalive", f"number expected, got {type_name(args[1])}")
        else:
            pool.keep(stream, to_integer(args[1]) / 1000, counted)
        return 1.0

    # -- TLS and socket options (lua-resty-core's FFI methods in OpenResty) -----------------
    def sslhandshake(*args):
        if not args or args[0] is None or len(args) > 5:
            raise lua_error("ngx.socket sslhandshake: expecting 1 ~ 5 arguments (including "
                            f"the object), but seen {len(args) if args and args[0] else 0}")
        req = current_request(w)
        sock = args[0]
        if sock.__class__ is not Table or sock.get(CTX) is None:
            raise lua_error("socket is never created nor connected")
        reused_session, server_name, verify, status_req = (tuple(args[1:]) + (None,) * 4)[:4]
        state = state_of(sock)
        if state is None or state.stream is None or state.read_closed or state.write_closed:
            return Multi((None, b"closed"))
        if state.request is not req:
            raise lua_error("bad request")
        busy = state.busy(True, True)
        if busy is not None:
            return busy
        if status_req is not None and status_req is not False:
            raise lua_error("no OCSP support")
        if server_name is not None and server_name.__class__ is not bytes:
            server_name = None
        stream = state.stream
        if not stream.tls:
            failure = _handshake(state, server_name, verify is not None and verify is not False)
            if failure is not None:
                return failure
        if reused_session is False:
            return True
        return Userdata(None, stream.transport.get_extra_info("ssl_object").session)

    def _handshake(state: TcpSocket, server_name: bytes | None, verify: bool) -> Multi | None:
        stream = state.stream
        if stream.buf or stream.eof or stream.transport.is_closing():
            # a TLS server says nothing before the client's hello
            return _handshake_failed(state, "the peer spoke or closed before the handshake")
        name = server_name.decode("latin-1") if server_name else None
        context = _ssl_context(verify, name is not None, state.conf)
        state.connecting = True
        try:
            threads.wait(cosocket.start_tls(stream, context, name, state.connect_timeout))
        except ssl.SSLCertVerificationError as exc:
            if exc.verify_code == HOST_MISMATCH:
                state.log(f'lua ssl certificate does not match host "{name}"')
                err = b"certificate host mismatch"
            else:
                err = f"{exc.verify_code}: {exc.verify_message}".encode()
                state.log(f"lua ssl certificate verify error: ({err.decode()})")
            state.finish()
            return Multi((None, err))
        except (asyncio.TimeoutError, TimeoutError):
            state.finish()
            return Multi((None, b"timeout"))
        except ssl.SSLError as exc:
            reason = (exc.reason or "error").lower().replace("_", " ")
            return _handshake_failed(state, f"SSL: {reason}")
        except OSError as exc:
            return _handshake_failed(state, errno_text(exc) if exc.errno else str(exc))
        except BaseException:
            state.finish()
            raise
        finally:
            state.connecting = False
        if stream.lost or stream.transport.get_extra_info("ssl_object") is None:
            return _handshake_failed(state, "the connection was closed")
        return None

    def _handshake_failed(state: TcpSocket, why: str) -> Multi:
        state.log(f"SSL_do_handshake() failed ({why})", gated=False)
        state.finish()
        return Multi((None, b"handshake failed"))

    def _ssl_context(verify: bool, check_host: bool, conf) -> ssl.SSLContext:
        """The context for these lua_ssl_* settings, made once."""
        key = (verify, check_host, conf.lua_ssl_trusted_certificate, conf.lua_ssl_protocols,
               conf.lua_ssl_ciphers, conf.lua_ssl_crl, conf.lua_ssl_certificate,
               conf.lua_ssl_certificate_key)
        context = ssl_contexts.get(key)
        if context is None:
            context = ssl_contexts[key] = tls.client_context(
                verify, check_host, conf.lua_ssl_trusted_certificate, conf.lua_ssl_protocols,
                conf.lua_ssl_ciphers, conf.lua_ssl_crl,
                conf.lua_ssl_certificate, conf.lua_ssl_certificate_key)
        return context

    def getoption(*args):
        return _option(args, None)

    def setoption(*args):
        return _option(args, args[2] if len(args) > 2 else None, True)

    def _option(args: tuple, value, setting: bool = False):
        sock = args[0] if args else None
        if sock.__class__ is not Table or sock.get(CTX) is None:
            raise lua_error("socket is never created nor connected")
        option = args[1] if len(args) > 1 else None
        if option is None:
            return Multi((None, b'missing the "option" argument'))
        if setting and value is None:
            return Multi((None, b'missing the "value" argument'))
        names = OPTIONS.get(option)
        if names is None:
            return Multi((None, b"unsupported option " + (option if option.__class__ is bytes
                                                          else str(option).encode())))
        state = state_of(sock)
        if state is None or state.stream is None:
            return Multi((None, b"closed"))
        raw = state.stream.transport.get_extra_info("socket")
        level, name = getattr(socket, names[0]), getattr(socket, names[1])
        try:
            if not setting:
                return float(raw.getsockopt(level, name))
            number = to_integer(value)
            if number is None:
                raise lua_error(f"cannot convert '{type_name(value)}' to 'int'")
            raw.setsockopt(level, name, number)
        except OSError as exc:
            return Multi((None, error_text(exc)))
        return True

    readable = readable_check(w, TcpSocket)
    for name, fn in (("connect", connect), ("send", send), ("receive", receive_method(readable)),
                     ("receiveany", receiveany_method(readable)),
                     ("receiveuntil", receiveuntil_method(w, readable)),
                     ("close", close), ("settimeout", settimeout), ("settimeouts", settimeouts),
                     ("getreusedtimes", getreusedtimes), ("setkeepalive", setkeepalive),
                     ("sslhandshake", sslhandshake), ("getoption", getoption),
                     ("setoption", setoption)):
        methods[name.encode()] = fn
    socket_t = ngx.get(b"socket")
    if socket_t is None:
        socket_t = ngx[b"socket"] = Table()
    socket_t[b"tcp"] = socket_t[b"stream"] = tcp
    socket_t[b"connect"] = w.state.load(CONNECT_CHUNK, "=ngx.socket.connect")


def _pool_options(opts: Table, n: int, conf) -> tuple[int, int, bytes | None]:
    """connect's options table: pool_size, backlog, pool (the key)."""
    size = opts.get(b"pool_size")
    pool_size = 0
    if tonum(size) is not None:
        pool_size = to_integer(size)
        if pool_size <= 0:
            raise arg_error(n, "connect", f'bad "pool_size" option value: {pool_size}')
    elif size is not None:
        raise arg_error(n, "connect", f'bad "pool_size" option type: {type_name(size)}')
    backlog = -1
    value = opts.get(b"backlog")
    if tonum(value) is not None:
        backlog = to_integer(value)
        if backlog < 0:
            raise arg_error(n, "connect", f'bad "backlog" option value: {backlog}')
        if pool_size == 0:
            pool_size = conf.lua_socket_pool_size
    key = opts.get(b"pool")
    if key.__class__ is float:
        key = fmt_number(key)
    elif key is not None and key.__class__ is not bytes:
        raise arg_error(n, "connect", f'bad "pool" option type: {type_name(key)}')
    return pool_size, backlog, key


def _target(host: bytes, port: int):
    """Where connect goes: a unix path (str; a port is then ignored), or
    (host, port) to resolve; nil, err for what nginx's URL parser refuses."""
    text = host.decode("latin-1")
    if text[:5].lower() == "unix:":
        if not text[5:]:
            return Multi((None, b'failed to parse host name "%s": no path in the unix domain '
                                b'socket' % host))
        return text[5:]
    if not text:
        return Multi((None, b'failed to parse host name "": no host'))
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return (text, port)


def _peer_text(host: bytes, port: int) -> str:
    text = host.decode("latin-1")
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return f"{text}:{port}"


def _timeout_value(v) -> int:
    """settimeout's argument in ms (lua_tonumber: anything else is 0)."""
    ms = tonum(v)
    ms = int(ms) if ms is not None and ms == ms and abs(ms) < 2.0**62 else 0
    if ms >> 31:
        raise lua_error("bad timeout value")
    return ms


def _check_integer(v, n: int, fname: str) -> int:
    number = tonum(v)
    if number is None:
        raise arg_error(n, fname, f"number expected, got {type_name(v)}")
    return to_integer(number)


def receive_pattern(v, fname: str):
    """receive's pattern argument: (take, partial), or (None, None) for
    receive(0), which returns "" at once."""
    number = str2number(v) if v.__class__ is bytes else v
    if number.__class__ is float:
        n = to_integer(number)
        if n < 0:
            raise arg_error(2, fname, "bad pattern argument")
        return size_pattern(n) if n else (None, None)
    if v.__class__ is bytes:
        if len(v) != 2 or v[:1] != b"*":
            raise arg_error(2, fname, f"bad pattern argument: {v.decode('latin-1')}")
        if v == b"*l":
            return line_pattern()
        if v == b"*a":
            return all_take, take_all
    raise arg_error(2, fname, "bad pattern argument")


def until_iterator(w, args: tuple, readable):
    """receiveuntil(pattern, options?): the iterator reading up to pattern
    (tcp and request sockets alike)."""
    n = len(args)
    if n not in (2, 3):
        raise lua_error(f"expecting 2 or 3 arguments (including the object), but got {n}")
    inclusive = False
    if n == 3:
        opts = args[2]
        if opts.__class__ is not Table:
            raise arg_error(3, "receiveuntil", f"table expected, got {type_name(opts)}")
        value = opts.get(b"inclusive")
        if value is not None:
            if value is not True and value is not False:
                raise lua_error(f'bad "inclusive" option value type: {type_name(value)}')
            inclusive = value
    current_request(w)
    check_object(args, "receiveuntil")
    pat = args[1]
    if pat.__class__ is float:
        pat = fmt_number(pat)
    elif pat.__class__ is not bytes:
        raise arg_error(2, "receiveuntil", f"string expected, got {type_name(pat)}")
    if not pat:
        return Multi((None, b"pattern is empty"))
    done = [False]          # a sized read found the pattern: the next call returns nil
    holder = args[:1]

    def iterator(*iargs):
        if len(iargs) > 1:
            raise lua_error(f"expecting 0 or 1 arguments, but seen {len(iargs)}")
        size = 0
        if iargs:
            if tonum(iargs[0]) is None:
                raise arg_error(1, "?", f"number expected, got {type_name(iargs[0])}")
            size = max(0, to_integer(iargs[0]))
        state = readable(holder, "receiveuntil", False)
        if state.__class__ is Multi:
            return state
        if done[0]:
            done[0] = False
            return Multi((None, None, None))
        take, partial = until_pattern(pat, inclusive, size, done)
        return read(state, take, partial)

    return iterator
