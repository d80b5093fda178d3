"""Cosockets (ngx.socket.tcp/udp) against backends the tests run themselves
on 127.0.0.1: keep-alive pools counted from the backend's side, timeouts,
peers that close or reset, unix sockets, TLS, UDP, large transfers; and
ngx.req.socket with clients that send their body slowly or leave.

One gateway serves the whole module: its /lua location runs the Lua code
a test POSTs (with the backend's port written in), so each test is one
request; error.log lines are read from where the test started.
"""
from __future__ import annotations

import http.client
import os
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

import pytest

from nginx_blocks import REPO, free_port

DATA = Path(__file__).resolve().parent / "data"
CERT, KEY = DATA / "cosocket-cert.pem", DATA / "cosocket-key.pem"
RUN_LUA = ('content_by_lua_block { ngx.req.read_body() '
           'assert(loadstring(ngx.req.get_body_data(), "=test"))() }')
CONF = f"""daemon off;
master_process off;
error_log logs/error.log info;
events {{}}
http {{
    client_max_body_size 1m;
    server {{
        listen 127.0.0.1:{{port}};
        location = /lua {{
            lua_ssl_trusted_certificate {CERT};
            {RUN_LUA}
        }}
        location = /lua-untrusted {{
            {RUN_LUA}
        }}
        location = /lua-small-buffer {{
            lua_socket_buffer_size 1k;
            {RUN_LUA}
        }}
        location = /lua-body {{
            {{body_lines}}
        }}
        location = /lua-body-big {{
            {{body_big}}
        }}
    }}
}}
"""
# /lua-body answers each line of the request body as it reads it
BODY_LINES = """content_by_lua_block {
    local sock = assert(ngx.req.socket())
    while true do
        local line, err = sock:receive()
        if not line then
            ngx.log(ngx.ERR, "end: ", err)
            ngx.say("end: ", err)
            break
        end
        ngx.say("got ", line)
        ngx.flush(true)
    end
}"""
# /lua-body-big reads a large piece of the body at once, then its lines
BODY_BIG = """content_by_lua_block {
    local sock = assert(ngx.req.socket())
    local piece = assert(sock:receive(300000))
    local lines = 0
    while true do
        local line, err = sock:receive()
        if not line then
            ngx.say(#piece, " ", lines, " ", err)
            break
        end
        lines = lines + 1
    end
}"""


class Gateway:
    """A gateway on a free port; `conf` has `{port}` where it listens."""

    def __init__(self, prefix: Path, conf: str = CONF) -> None:
        (prefix / "conf").mkdir()
        (prefix / "logs").mkdir()
        self.prefix = prefix
        self.port = free_port()
        (prefix / "conf" / "nginx.conf").write_text(
            conf.replace("{port}", str(self.port)).replace("{body_lines}", BODY_LINES)
            .replace("{body_big}", BODY_BIG))
        env = dict(os.environ, PYTHONPATH=str(REPO))
        self.proc = subprocess.Popen([sys.executable, "-m", "gateway.cli", "-p", str(prefix),
                                      "-c", "conf/nginx.conf"], env=env)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("the gateway did not start")

    def run(self, code: str, path: str = "/lua", **ports) -> str:
        """POST Lua code (with `{name}` ports filled in) and return the body."""
        for name, value in ports.items():
            code = code.replace("{" + name + "}", str(value))
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("POST", path, body=code.encode())
        resp = conn.getresponse()
        body = resp.read().decode("latin-1")
        conn.close()
        assert resp.status == 200, f"{resp.status}: {body}\n{self.log()[-3000:]}"
        return body

    def log(self) -> str:
        return (self.prefix / "logs" / "error.log").read_text()

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Backend:
    """A TCP (or unix) listener; each connection is handled by `handle` on a
    thread. Counts connections, and the ones that were closed by the peer."""

    def __init__(self, handle: Callable[[socket.socket], None], path: str | None = None,
                 wrap: ssl.SSLContext | None = None) -> None:
        if path is None:
            self.sock = socket.socket()
            self.sock.bind(("127.0.0.1", 0))
            self.port = self.sock.getsockname()[1]
        else:
            self.sock = socket.socket(socket.AF_UNIX)
            self.sock.bind(path)
            self.port = 0
        self.sock.listen(16)
        self.handle = handle
        self.wrap = wrap
        self.connections = 0
        self.ended = 0              # connections whose handler has returned
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        try:
            if self.wrap is not None:
                conn = self.wrap.wrap_socket(conn, server_side=True)
            with conn:
                self.handle(conn)
        except (OSError, ssl.SSLError):
            pass
        finally:
            self.ended += 1

    def close(self) -> None:
        self.sock.close()


def echo_lines(conn: socket.socket) -> None:
    """Answer each line with the same line; end when the peer closes."""
    f = conn.makefile("rb")
    for line in f:
        conn.sendall(line)


def wait_for(cond: Callable[[], bool], seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


@pytest.fixture(scope="module")
def gw():
    with tempfile.TemporaryDirectory(prefix="mg-cosocket-") as prefix:
        g = Gateway(Path(prefix))
        try:
            yield g
        finally:
            g.stop()


@pytest.fixture
def echo():
    b = Backend(echo_lines)
    yield b
    b.close()


def new_log(gw: Gateway, since: int) -> str:
    return gw.log()[since:]


# -- TCP ------------------------------------------------------------------------------

def test_round_trips_reuse_one_pooled_connection(gw, echo):
    code = """
        for i = 1, 3 do
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", {port}))
            sock:send("ping " .. i .. "\\n")
            ngx.say(sock:receive(), " ", sock:getreusedtimes(), " ", sock:setkeepalive())
        end
    """
    assert gw.run(code, port=echo.port) == "ping 1 0 1\nping 2 1 1\nping 3 2 1\n"
    # the pool belongs to the worker: the next request reuses it too
    assert gw.run(code, port=echo.port) == "ping 1 3 1\nping 2 4 1\nping 3 5 1\n"
    assert echo.connections == 1


def test_idle_connections_expire_and_peer_closes_drop_them(gw, echo):
    keep = """
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", {port}, {pool = "{pool}"}))
        sock:send("x\\n")
        assert(sock:receive())
        ngx.say(sock:getreusedtimes(), " ", sock:setkeepalive({timeout}))
    """
    assert gw.run(keep, port=echo.port, pool="short", timeout=100) == "0 1\n"
    assert wait_for(lambda: echo.ended == 1)        # the idle timeout closed it
    assert gw.run(keep, port=echo.port, pool="short", timeout=100) == "0 1\n"

    def once(conn: socket.socket) -> None:
        conn.sendall(conn.recv(100))        # then close: the pooled connection must go
    closer = Backend(once)
    assert gw.run(keep, port=closer.port, pool="closer", timeout=0) == "0 1\n"
    assert wait_for(lambda: closer.ended == 1)
    time.sleep(0.1)
    assert gw.run(keep, port=closer.port, pool="closer", timeout=0) == "0 1\n"
    assert closer.connections == 2
    closer.close()


def test_the_end_of_the_request_closes_its_sockets(gw, echo):
    gw.run("""
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", {port}))
        sock:send("left open\\n")
        ngx.say(sock:receive())
    """, port=echo.port)
    assert wait_for(lambda: echo.ended == 1)


def test_connect_timeout(gw):
    # a listener whose accept queue is full: further SYNs go unanswered
    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(0)
    port = hole.getsockname()[1]
    fillers = []
    for _ in range(3):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        fillers.append(s)
    since = len(gw.log())
    start = time.monotonic()
    body = gw.run("""
        local sock = ngx.socket.tcp()
        sock:settimeouts(200, 1000, 1000)
        ngx.say(sock:connect("127.0.0.1", {port}))
        ngx.say(sock:send("x"))
    """, port=port)
    assert body == "niltimeout\nnilclosed\n"
    assert time.monotonic() - start < 3
    assert (f"lua tcp socket connect timed out, when connecting to 127.0.0.1:{port}"
            in new_log(gw, since))
    for s in fillers + [hole]:
        s.close()


def test_send_timeout_when_the_peer_does_not_read(gw):
    stalled = threading.Event()
    backend = Backend(lambda conn: stalled.wait(5))
    since = len(gw.log())
    body = gw.run("""
        local sock = ngx.socket.tcp()
        sock:settimeouts(1000, 200, 1000)
        assert(sock:connect("127.0.0.1", {port}))
        local chunk = string.rep("x", 1024 * 1024)
        for i = 1, 64 do
            local n, err = sock:send(chunk)
            if not n then
                ngx.say(i > 1, " ", err)
                break
            end
        end
        ngx.say(sock:send("x"))
    """, port=backend.port)
    stalled.set()
    assert body == "true timeout\nnilclosed\n"
    assert "lua tcp socket write timed out" in new_log(gw, since)
    backend.close()


def test_writing_to_a_closed_peer_is_a_broken_pipe(gw):
    silent = Backend(lambda conn: time.sleep(2))
    closing = Backend(lambda conn: None)
    since = len(gw.log())
    body = gw.run("""
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", {port}))
        ngx.say(sock:receive())
        ngx.say(sock:send("x"))
        local pause = ngx.socket.tcp()      -- lets the peer's RST come back
        pause:settimeout(100)
        assert(pause:connect("127.0.0.1", {silent}))
        pause:receive()
        ngx.say(sock:send("x"))
        ngx.say(sock:send("x"))
        ngx.say(sock:close())
    """, port=closing.port, silent=silent.port)
    assert body == "nilclosed\n1\nnilbroken pipe\nnilclosed\nnilclosed\n"
    assert "send() failed (32: Broken pipe)" in new_log(gw, since)
    silent.close()
    closing.close()


def test_a_reset_while_reading(gw):
    def reset(conn: socket.socket) -> None:
        conn.sendall(b"partial")
        time.sleep(0.2)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    backend = Backend(reset)
    since = len(gw.log())
    body = gw.run("""
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", {port}))
        ngx.say(sock:receive("*a"))
        ngx.say(sock:receive())
    """, port=backend.port)
    assert body == "nilconnection reset by peerpartial\nnilclosed\n"
    assert "recv() failed (104: Connection reset by peer)" in new_log(gw, since)
    backend.close()


def test_reads_that_wait_for_more_data(gw):
    def pieces(conn: socket.socket) -> None:
        for piece in (b"hel", b"lo\r\nwor", b"ld\nab-", b"-", b"-cd--", b"-"):
            conn.sendall(piece)
            time.sleep(0.05)
    backend = Backend(pieces)
    body = gw.run("""
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", {port}))
        ngx.say(sock:receive())
        ngx.say(sock:receive())
        local reader = sock:receiveuntil("---")
        ngx.say(reader())
        ngx.say(reader())
        ngx.say(reader())
    """, port=backend.port)
    assert body == "hello\nworld\nab\ncd\nnilclosed\n"
    backend.close()


@pytest.mark.parametrize("path", ["/lua", "/lua-small-buffer"])
def test_large_transfers(gw, path):
    size = 3 * 1024 * 1024 + 7
    backend = Backend(lambda conn: conn.sendall(bytes(range(256)) * (size // 256) + b"x" * (size % 256)))
    body = gw.run("""
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", {port}))
        local head = assert(sock:receive(1024 * 1024))
        local rest = assert(sock:receive("*a"))
        ngx.say(#head + #rest, " ", head:byte(1), " ", head:byte(256), " ", rest:sub(-1))
    """, path=path, port=backend.port)
    assert body == f"{size} 0 255 x\n"
    backend.close()


def test_unix_domain_sockets(gw):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "echo.sock")
        backend = Backend(echo_lines, path=path)
        body = gw.run("""
            for i = 1, 2 do
                local sock = ngx.socket.tcp()
                assert(sock:connect("unix:{sockpath}"))
                sock:send("over unix\\n")
                ngx.say(sock:receive(), " ", sock[3], " ", sock:getreusedtimes())
                assert(sock:setkeepalive())
            end
        """, sockpath=path)
        assert body == f"over unix unix:{path} 0\nover unix unix:{path} 1\n"
        assert backend.connections == 1
        backend.close()


def test_a_socket_saved_past_its_request_closes_with_it(gw, echo):
    gw.run("""
        SAVED = ngx.socket.tcp()
        assert(SAVED:connect("127.0.0.1", {port}))
    """, port=echo.port)
    body = gw.run("ngx.say(pcall(SAVED.send, SAVED, 'x'))")
    assert body == "truenilclosed\n"


def test_a_pool_backlog_hands_a_released_connection_to_a_waiting_connect(gw):
    def slow(conn: socket.socket) -> None:
        for line in conn.makefile("rb"):
            time.sleep(0.3)
            conn.sendall(line)
    backend = Backend(slow)
    code = """
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", {port}, {pool = "b", pool_size = 1, backlog = 1}))
        sock:send("{name}\\n")
        ngx.say(sock:receive(), " ", sock:getreusedtimes())
        assert(sock:setkeepalive())
    """
    results = {}

    def first() -> None:
        results["a"] = gw.run(code, port=backend.port, name="a")
    t = threading.Thread(target=first)
    t.start()
    time.sleep(0.1)
    results["b"] = gw.run(code, port=backend.port, name="b")
    t.join()
    assert results == {"a": "a 0\n", "b": "b 1\n"}
    assert backend.connections == 1
    backend.close()


def test_socket_options(gw, echo):
    body = gw.run("""
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", {port}))
        ngx.say(sock:getoption("tcp-nodelay"))
        ngx.say(sock:setoption("keepalive", 1), " ", sock:getoption("keepalive") > 0)
        ngx.say(sock:setoption("rcvbuf", 8192), " ", sock:getoption("rcvbuf") >= 8192)
        ngx.say(sock:getoption("nope"))
        ngx.say(sock:getoption())
        ngx.say(sock:setoption("keepalive"))
    """, port=echo.port)
    assert body == ('1\ntrue true\ntrue true\nnilunsupported option nope\n'
                    'nilmissing the "option" argument\nnilmissing the "value" argument\n')


# -- TLS ----------------------------------------------------------------------------------

@pytest.fixture
def tls_echo():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERT, KEY)
    b = Backend(echo_lines, wrap=context)
    yield b
    b.close()


def test_tls_handshake_verified_and_kept_alive(gw, tls_echo):
    code = """
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", {port}))
        local session, err = sock:sslhandshake(nil, "test.moongate", true)
        ngx.say(type(session), " ", err, " ", sock:getreusedtimes())
        ngx.say(sock:sslhandshake(false, "test.moongate", true))
        sock:send("secret\\n")
        ngx.say(sock:receive())
        assert(sock:setkeepalive())
    """
    assert gw.run(code, port=tls_echo.port) == "userdata nil 0\ntrue\nsecret\n"
    assert gw.run(code, port=tls_echo.port) == "userdata nil 1\ntrue\nsecret\n"
    assert tls_echo.connections == 1


def test_tls_verification_failures(gw, tls_echo):
    plain = Backend(lambda conn: conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n"))
    since = len(gw.log())
    body = gw.run("""
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", {port}))
        ngx.say(sock:sslhandshake(nil, "other.moongate", true))
        ngx.say(sock:send("x"))
        assert(sock:connect("127.0.0.1", {port}))
        ngx.say(type(sock:sslhandshake(nil, "other.moongate", false)))
        assert(sock:connect("127.0.0.1", {plain}))
        sock:settimeout(1000)
        ngx.say(sock:sslhandshake())
    """, port=tls_echo.port, plain=plain.port)
    plain.close()
    assert body == "nilcertificate host mismatch\nnilclosed\nuserdata\nnilhandshake failed\n"
    log = new_log(gw, since)
    assert 'lua ssl certificate does not match host "other.moongate"' in log
    assert "SSL_do_handshake() failed" in log
    body = gw.run("""
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", {port}))
        ngx.say(sock:sslhandshake(nil, "test.moongate", true))
    """, path="/lua-untrusted", port=tls_echo.port)
    assert body == "nil18: self-signed certificate\n"
    assert "lua ssl certificate verify error: (18: self-signed certificate)" in new_log(gw, since)


def test_tls_handshake_timeout(gw):
    silent = Backend(lambda conn: time.sleep(2))
    body = gw.run("""
        local sock = ngx.socket.tcp()
        sock:settimeout(200)
        assert(sock:connect("127.0.0.1", {port}))
        ngx.say(sock:sslhandshake())
        ngx.say(sock:send("x"))
    """, port=silent.port)
    assert body == "niltimeout\nnilclosed\n"
    silent.close()


# -- UDP ----------------------------------------------------------------------------------

class UdpEcho:
    def __init__(self, family: int = socket.AF_INET, path: str | None = None) -> None:
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        self.sock.bind(path if path else ("127.0.0.1", 0))
        self.port = 0 if path else self.sock.getsockname()[1]
        self.received: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                data, addr = self.sock.recvfrom(70000)
            except OSError:
                return
            self.received.append(data)
            if addr:
                self.sock.sendto(b"echo:" + data, addr)

    def close(self) -> None:
        self.sock.close()


def test_udp_exchanges(gw):
    backend = UdpEcho()
    body = gw.run("""
        local sock = ngx.socket.udp()
        ngx.say(sock:setpeername("127.0.0.1", {port}))
        ngx.say(sock:send("hello"))
        ngx.say(sock:receive())
        ngx.say(sock:send({"a", 1, {"b"}}))
        ngx.say(sock:receive(3))
        ngx.say(sock:send(string.rep("z", 10000)))
        ngx.say(#sock:receive())
        ngx.say(sock:close())
    """, port=backend.port)
    assert body == "1\n1\necho:hello\n1\nech\n1\n10005\n1\n"
    backend.close()


def test_udp_to_a_unix_datagram_socket(gw):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "dgram.sock")
        backend = UdpEcho(socket.AF_UNIX, path)
        body = gw.run("""
            local sock = ngx.socket.udp()
            ngx.say(sock:setpeername("unix:{sockpath}"))
            ngx.say(sock:send("over unix"))
        """, sockpath=path)
        assert body == "1\n1\n"
        assert wait_for(lambda: backend.received == [b"over unix"])
        backend.close()


# -- the request socket -------------------------------------------------------------------

def test_the_request_body_is_read_as_it_arrives(gw):
    body = b"".join(b"line %d\n" % i for i in range(3))
    conn = socket.create_connection(("127.0.0.1", gw.port), timeout=5)
    conn.sendall(b"PUT /lua-body HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(body))
    received = b""
    for i in range(3):
        conn.sendall(b"line %d\n" % i)
        # the handler answers each line before the client sends the next one
        while b"got line %d" % i not in received:
            chunk = conn.recv(4096)
            assert chunk, received
            received += chunk
    while chunk:
        chunk = conn.recv(4096)
        received += chunk
    conn.close()
    assert b"end: closed" in received


def test_a_client_leaving_in_the_middle_of_its_body(gw):
    since = len(gw.log())
    conn = socket.create_connection(("127.0.0.1", gw.port), timeout=5)
    conn.sendall(b"PUT /lua-body HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npart")
    time.sleep(0.2)
    conn.close()
    assert wait_for(lambda: "end: client aborted" in new_log(gw, since))


def test_a_large_body_through_the_request_socket(gw):
    """receive(n) may ask for more than a body buffer holds: while the
    socket's reader waits (BodyStream.wait_data), the connection must go on
    reading the body, as nginx reads into more buffers."""
    body = b"x" * 300000 + b"line\n" * 20000
    conn = http.client.HTTPConnection("127.0.0.1", gw.port, timeout=10)
    conn.request("PUT", "/lua-body-big", body=body)
    resp = conn.getresponse()
    assert (resp.status, resp.read()) == (200, b"300000 20000 closed\n")
    conn.close()
