"""proxy_pass against backends the tests run themselves (raw sockets on a
thread), where the timing of the backend's bytes matters: streaming,
large bodies with bounded memory, upstreams failing mid-response."""
from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import pytest

from nginx_blocks import REPO, free_port

CONF = """daemon off;
master_process off;
error_log logs/error.log info;
events {{}}
http {{
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{backend};
            proxy_read_timeout 1;
            {extra}
        }}
    }}
}}
"""


class Backend:
    """A listening socket; each connection is handled by `handle` on a thread."""

    def __init__(self, handle: Callable[[socket.socket], None], raw: bool = False) -> None:
        self.raw = raw              # the handler reads the request head itself
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.handle = handle
        self.connections = 0
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
        with conn:
            if not self.raw:
                read_head(conn)
            try:
                self.handle(conn)
            except OSError:
                pass            # the gateway went away: the test says what it expected

    def close(self) -> None:
        self.sock.close()


def read_head(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


class Gateway:
    def __init__(self, prefix: Path, backend: int, extra: str = "", conf: str = CONF) -> None:
        (prefix / "conf").mkdir(exist_ok=True)
        (prefix / "logs").mkdir(exist_ok=True)
        self.prefix = prefix
        self.port = free_port()
        (prefix / "conf" / "nginx.conf").write_text(conf.format(port=self.port, backend=backend,
                                                                extra=extra))
        env = dict(os.environ, PYTHONPATH=str(REPO))
        self.proc = subprocess.Popen([sys.executable, "-m", "gateway.cli", "-p", str(prefix), "-c",
                                      "conf/nginx.conf"], env=env)
        deadline = time.monotonic() + 15
        pid_file = prefix / "logs" / "moongate.pid"     # written once the port is bound
        while time.monotonic() < deadline:
            try:
                if pid_file.exists():
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError("the gateway did not start")

    def connect(self, request: bytes) -> socket.socket:
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        s.sendall(request)
        return s

    def log(self) -> str:
        return (self.prefix / "logs" / "error.log").read_text()

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def run(tmp_path: Path):
    made: list = []

    def start(handle, extra: str = "", raw: bool = False) -> tuple[Gateway, Backend]:
        backend = Backend(handle, raw)
        made.append(backend)
        g = Gateway(tmp_path, backend.port, extra)
        made.append(g)
        return g, backend

    yield start
    for thing in reversed(made):
        thing.stop() if isinstance(thing, Gateway) else thing.close()


def read_all(s: socket.socket) -> bytes:
    out = bytearray()
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return bytes(out)
        out += chunk


GET = b"GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"


def test_the_first_bytes_arrive_before_the_backend_finishes(run) -> None:
    release = threading.Event()

    def handle(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n")
        release.wait(10)
        conn.sendall(b"4\r\nlast\r\n0\r\n\r\n")

    g, _ = run(handle, "proxy_buffering off;")
    with g.connect(GET) as s:
        got = b""
        while b"first" not in got:
            chunk = s.recv(4096)
            assert chunk, got
            got += chunk
        assert not release.is_set()         # the backend is still holding the rest
        release.set()
        got += read_all(s)
    assert got.startswith(b"HTTP/1.1 200 OK\r\n") and b"Transfer-Encoding: chunked\r\n" in got
    assert got.endswith(b"\r\n\r\n5\r\nfirst\r\n4\r\nlast\r\n0\r\n\r\n")


def test_a_large_download_streams_with_bounded_memory(run) -> None:
    size = 48 * 1024 * 1024
    block = os.urandom(1024 * 1024)

    def handle(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size)
        for _ in range(size // len(block)):
            conn.sendall(block)

    g, _ = run(handle)
    before = g.rss_kb()
    with g.connect(GET) as s:
        time.sleep(0.5)                     # a slow client: the gateway must hold back
        digest = hashlib.sha256()
        head = b""
        while b"\r\n\r\n" not in head:
            head += s.recv(65536)
        head, body = head.split(b"\r\n\r\n", 1)
        got = len(body)
        digest.update(body)
        peak = g.rss_kb()
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            got += len(chunk)
            digest.update(chunk)
            if got % (8 << 20) < len(chunk):
                peak = max(peak, g.rss_kb())
    assert b"Content-Length: %d\r\n" % size in head
    assert got == size and digest.hexdigest() == hashlib.sha256(block * (size // len(block))).hexdigest()
    assert peak - before < 24 * 1024, (before, peak)     # far less than the body


def test_a_large_upload_goes_through_a_temp_file_with_bounded_memory(run) -> None:
    size = 48 * 1024 * 1024
    block = os.urandom(1024 * 1024)

    def handle(conn: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        head, rest = data.split(b"\r\n\r\n", 1)
        assert b"Content-Length: %d" % size in head
        digest, got = hashlib.sha256(rest), len(rest)
        while got < size:
            chunk = conn.recv(1 << 20)
            if not chunk:
                break
            got += len(chunk)
            digest.update(chunk)
        answer = b"%d %s" % (got, digest.hexdigest().encode())
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(answer), answer))

    g, _ = run(handle, extra="client_max_body_size 64m;", raw=True)
    before = peak = g.rss_kb()
    head = b"POST /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: %d\r\n\r\n"
    with g.connect(head % size) as s:
        for n in range(size // len(block)):
            s.sendall(block)
            if n % 8 == 0:
                peak = max(peak, g.rss_kb())
        answer = read_all(s)
    assert answer.startswith(b"HTTP/1.1 200 OK"), answer[:200]
    expected = hashlib.sha256(block * (size // len(block))).hexdigest().encode()
    assert answer.split(b"\r\n\r\n", 1)[1] == b"%d %s" % (size, expected)
    assert peak - before < 24 * 1024, (before, peak)     # far less than the body
    assert "a client request body is buffered to a temporary file" in g.log()
    assert not any((g.prefix / "client_body_temp").iterdir())    # and the file is gone


def test_proxy_request_buffering_off_sends_the_body_as_it_arrives(run) -> None:
    first_part = threading.Event()
    size = 4 * 1024 * 1024

    def handle(conn: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        got = len(data.split(b"\r\n\r\n", 1)[1])
        while got < size:
            chunk = conn.recv(1 << 20)
            if not chunk:
                break
            got += len(chunk)
            if got >= 1 << 20:
                first_part.set()        # before the client has sent the rest
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%d" % (len(str(got)), got))

    g, _ = run(handle, extra="client_max_body_size 64m; proxy_request_buffering off;", raw=True)
    head = b"POST /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: %d\r\n\r\n"
    with g.connect(head % size) as s:
        s.sendall(b"a" * (2 << 20))
        assert first_part.wait(5), "the upstream saw nothing before the body was whole"
        s.sendall(b"b" * (size - (2 << 20)))
        answer = read_all(s)
    assert answer.endswith(b"\r\n\r\n%d" % size), answer[-200:]
    assert "buffered to a temporary file" not in g.log()


def test_an_upstream_closing_mid_body_cuts_the_response(run) -> None:
    def handle(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 10)

    g, _ = run(handle, 'log_by_lua_block { ngx.log(ngx.ERR, "completion: [", '
                       'ngx.var.request_completion, "]") }')
    with g.connect(GET) as s:
        got = read_all(s)
    assert got.startswith(b"HTTP/1.1 200 OK\r\n") and got.endswith(b"\r\n\r\n" + b"x" * 10)
    deadline = time.monotonic() + 5
    want = "upstream prematurely closed connection while reading upstream, client: 127.0.0.1"
    while "completion: [" not in g.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert want in g.log() and 'upstream: "http://127.0.0.1:' in g.log()
    assert "completion: []" in g.log()          # cut short: not complete


def test_a_body_the_upstream_ends_by_closing_is_whole(run) -> None:
    # an HTTP/1.0 answer with no Content-Length: its end is the close; the
    # keep-alive client gets it whole (chunked) and the connection stays
    def handle(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + b"y" * 10)

    g, _ = run(handle, 'log_by_lua_block { ngx.log(ngx.ERR, "completion: [", '
                       'ngx.var.request_completion, "]") }')
    keep = b"GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n"
    with g.connect(keep + GET) as s:
        got = read_all(s)
    first, second = got.split(b"HTTP/1.1 200 OK\r\n")[1:]
    for answer in (first, second):
        assert b"Transfer-Encoding: chunked" in answer
        assert answer.endswith(b"\r\n\r\na\r\nyyyyyyyyyy\r\n0\r\n\r\n")
    deadline = time.monotonic() + 5
    while g.log().count("completion: [") < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert g.log().count("completion: [OK]") == 2
    assert "prematurely" not in g.log()


def test_an_upstream_stalling_mid_body_times_out(run) -> None:
    done = threading.Event()

    def handle(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n")
        done.wait(10)

    g, _ = run(handle)
    try:
        with g.connect(GET) as s:
            got = read_all(s)
    finally:
        done.set()
    assert got.endswith(b"\r\n\r\n2\r\nab\r\n")     # cut short: no last chunk
    assert "upstream timed out (110: Connection timed out) while reading upstream" in g.log()


def test_head_and_bodiless_statuses_do_not_wait_for_a_body(run) -> None:
    def handle(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nX-B: 1\r\n\r\n")

    g, backend = run(handle)
    with g.connect(GET.replace(b"GET", b"HEAD")) as s:
        got = read_all(s)
    assert got.startswith(b"HTTP/1.1 200 OK\r\n") and b"Content-Length: 1234\r\n" in got
    assert b"X-B: 1\r\n" in got and got.endswith(b"\r\n\r\n")


# -- upstream blocks: balancing, failures, retries, keep-alive --------------------------

UPSTREAM_CONF = """daemon off;
master_process off;
error_log logs/error.log info;
events {{}}
http {{
    upstream up {{
        {extra}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://up;
            proxy_http_version 1.1;
            proxy_read_timeout 2;
            {backend}
        }}
    }}
}}
"""


class Named:
    """A keep-alive backend that answers every request with its name and
    counts connections and requests; `status` and `hold` shape the answer."""

    def __init__(self, name: str, status: int = 200) -> None:
        self.name = name
        self.status = status
        self.requests = 0
        self.backend = Backend(self.serve)
        self.port = self.backend.port

    @property
    def connections(self) -> int:
        return self.backend.connections

    def serve(self, conn: socket.socket) -> None:
        while True:
            self.requests += 1
            body = self.name.encode()
            conn.sendall(b"HTTP/1.1 %d X\r\nContent-Length: %d\r\n\r\n%s"
                         % (self.status, len(body), body))
            if not read_head(conn):
                return


def closing_backend() -> Backend:
    """Accepts, reads the request, closes: a failure after the request was sent."""
    return Backend(lambda conn: None)


def dead_port() -> int:
    """A loopback port nothing listens on: connections are refused."""
    return free_port()


@pytest.fixture
def upstream(tmp_path: Path):
    made: list[Gateway] = []

    def start(servers: str, location: str = "") -> Gateway:
        g = Gateway(tmp_path, 0, servers, UPSTREAM_CONF.replace("{backend}", location))
        made.append(g)
        return g

    yield start
    for g in made:
        g.stop()


def fetch(g: Gateway, path: str = "/x", method: str = "GET") -> tuple[int, bytes]:
    with g.connect(b"%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                   b"Content-Length: 0\r\n\r\n" % (method.encode(), path.encode())) as s:
        raw = read_all(s)
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_smooth_weighted_round_robin(upstream) -> None:
    a, b = Named("a"), Named("b")
    g = upstream(f"server 127.0.0.1:{a.port} weight=2; server 127.0.0.1:{b.port};")
    assert b"".join(fetch(g)[1] for _ in range(6)) == b"abaaba"


def test_hash_picks_as_nginx_does(upstream) -> None:
    a, b, c = Named("a"), Named("b"), Named("c")
    g = upstream(f"hash $arg_k; server 127.0.0.1:{a.port}; server 127.0.0.1:{b.port} weight=2; "
                 f"server 127.0.0.1:{c.port};")
    got = b"".join(fetch(g, f"/x?k=key{i}")[1] for i in range(30))
    assert got == b"cabbbbacacacbbbbcacabbcaacbbbb"      # nginx 1.22's picks


def test_consistent_hash_moves_only_the_keys_of_a_server_taken_out(upstream, tmp_path) -> None:
    a, b, c = Named("a"), Named("b"), Named("c")
    servers = (f"hash $arg_k consistent; server 127.0.0.1:{a.port}; server 127.0.0.1:{b.port}{{}}; "
               f"server 127.0.0.1:{c.port};")
    g = upstream(servers.format(""))
    before = [fetch(g, f"/x?k=key{i}")[1] for i in range(40)]
    assert before == [fetch(g, f"/x?k=key{i}")[1] for i in range(40)]
    assert set(before) == {b"a", b"b", b"c"}
    g.stop()
    g = upstream(servers.format(" down"))
    after = [fetch(g, f"/x?k=key{i}")[1] for i in range(40)]
    assert b"b" not in after
    assert all(x == y for x, y in zip(before, after) if x != b"b")


def test_least_conn_avoids_the_busy_server(upstream) -> None:
    release = threading.Event()

    def slow(conn: socket.socket) -> None:
        release.wait(10)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow")

    busy = Backend(slow)
    fast = Named("fast")
    g = upstream(f"least_conn; server 127.0.0.1:{busy.port}; server 127.0.0.1:{fast.port};")
    try:
        held = g.connect(b"GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        deadline = time.monotonic() + 5
        while busy.connections == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [fetch(g)[1] for _ in range(3)] == [b"fast"] * 3
        release.set()
        assert read_all(held).endswith(b"slow")
    finally:
        release.set()


def test_a_failing_server_is_left_out_for_fail_timeout(upstream) -> None:
    bad, good = closing_backend(), Named("good")
    g = upstream(f"server 127.0.0.1:{bad.port} max_fails=1 fail_timeout=30; "
                 f"server 127.0.0.1:{good.port};")
    assert [fetch(g) for _ in range(4)] == [(200, b"good")] * 4
    assert bad.connections == 1         # tried once, then disabled
    assert "upstream prematurely closed connection while reading response header" in g.log()


def test_the_only_server_is_never_left_out_and_a_down_one_never_tried(upstream) -> None:
    bad = closing_backend()
    g = upstream(f"server 127.0.0.1:{bad.port} max_fails=1 fail_timeout=30;")
    # one try a request (no other server to go on to), and failures do not
    # disable the only server (nginx's peers->single)
    assert [fetch(g)[0] for _ in range(3)] == [502] * 3
    assert bad.connections == 3
    g.stop()
    g = upstream(f"server 127.0.0.1:{bad.port} down;")
    assert fetch(g)[0] == 502
    assert bad.connections == 3
    assert "no live upstreams while connecting to upstream" in g.log()


def test_backup_serves_when_the_primary_servers_cannot(upstream) -> None:
    spare = Named("spare")
    g = upstream(f"server 127.0.0.1:{dead_port()}; server 127.0.0.1:{spare.port} backup;")
    assert fetch(g) == (200, b"spare")
    assert "connect() failed (111: Connection refused) while connecting to upstream" in g.log()


def test_a_post_is_not_sent_twice(upstream) -> None:
    bad, good = closing_backend(), Named("good")
    g = upstream(f"server 127.0.0.1:{bad.port} max_fails=0; server 127.0.0.1:{good.port};")
    # round robin: bad, good, bad. The POST reached bad, so it is not retried;
    # the GET that fails on bad goes on to good.
    assert [fetch(g, method="POST")[0], fetch(g)[0], fetch(g)[0]] == [502, 200, 200]
    assert (bad.connections, good.requests) == (2, 2)


def test_next_upstream_on_a_status_and_the_last_answer_wins(upstream) -> None:
    busy, ok = Named("busy", 503), Named("ok")
    g = upstream(f"server 127.0.0.1:{busy.port}; server 127.0.0.1:{ok.port};",
                 "proxy_next_upstream error timeout http_503;")
    assert [fetch(g) for _ in range(2)] == [(200, b"ok")] * 2
    busy2, busy3 = Named("b2", 503), Named("b3", 503)
    g.stop()
    g = upstream(f"server 127.0.0.1:{busy2.port}; server 127.0.0.1:{busy3.port};",
                 "proxy_next_upstream http_503;")
    status, body = fetch(g)
    assert status == 503 and body in (b"b2", b"b3") and busy2.requests + busy3.requests == 2


def test_next_upstream_tries_and_off(upstream) -> None:
    bad, good = closing_backend(), Named("good")
    g = upstream(f"server 127.0.0.1:{bad.port} max_fails=0; server 127.0.0.1:{good.port};",
                 "proxy_next_upstream_tries 1;")
    assert sorted(fetch(g)[0] for _ in range(4)) == [200, 200, 502, 502]


def test_keepalive_connections_are_reused_and_capped(upstream) -> None:
    a = Named("a")
    g = upstream(f"server 127.0.0.1:{a.port}; keepalive 4; keepalive_requests 2;")
    assert [fetch(g) for _ in range(5)] == [(200, b"a")] * 5
    assert (a.requests, a.connections) == (5, 3)


@pytest.mark.parametrize("second, status, logged", [
    ("close", 200, "upstream prematurely closed connection while reading response header"),
    ("garbage", 502, "upstream sent invalid header"),
    ("silence", 504, "upstream timed out (110: Connection timed out) while reading response header"),
])
def test_a_pooled_connection_failing_before_the_head(upstream, second, status, logged) -> None:
    """The second request goes over the pooled connection (the thread waits
    parked on it): a bad head or silence there answer it, as nginx does; a
    close (the upstream ending an idle connection as it is reused) is
    logged and the request tried again on a new connection, even with one
    server (nginx's one try more for a cached connection)."""
    release = threading.Event()

    def serve(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        read_head(conn)
        if second == "garbage":
            conn.sendall(b"HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n")
        elif second == "silence":
            release.wait(10)

    backend = Backend(serve)
    g = upstream(f"server 127.0.0.1:{backend.port}; keepalive 4;")
    try:
        assert fetch(g) == (200, b"ok")
        assert fetch(g)[0] == status
    finally:
        release.set()
    assert backend.connections == (2 if second == "close" else 1)
    assert logged in g.log()


@pytest.mark.parametrize("method, location", [("POST", ""), ("GET", "proxy_next_upstream off;")])
def test_a_pooled_connection_closed_is_not_retried_where_nginx_would_not(upstream, method,
                                                                         location) -> None:
    def serve(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        read_head(conn)

    backend = Backend(serve)
    g = upstream(f"server 127.0.0.1:{backend.port}; keepalive 4;", location)
    assert fetch(g) == (200, b"ok")
    assert fetch(g, method=method)[0] == 502
    assert backend.connections == 1


def test_keepalive_clients_in_parallel(upstream) -> None:
    """Clients that send their next request as soon as a response is whole,
    as wrk does: it arrives while the proxied request's thread still runs,
    and the thread that ends it must not start the next one itself."""
    a = Named("a")
    g = upstream(f"server 127.0.0.1:{a.port}; keepalive 8;")
    one = b"GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n"
    failures: list[str] = []

    def client() -> None:
        try:
            with socket.create_connection(("127.0.0.1", g.port), timeout=5) as s:
                for _ in range(100):
                    s.sendall(one)
                    got = b""
                    while not got.endswith(b"\r\n\r\na"):
                        chunk = s.recv(4096)
                        if not chunk:
                            failures.append(repr(got))
                            return
                        got += chunk
        except OSError as exc:          # a timeout: a request that never got its answer
            failures.append(repr(exc))

    threads = [threading.Thread(target=client) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not failures, failures[:2]
    assert "[error]" not in g.log() and "[alert]" not in g.log(), g.log()[-2000:]


# -- the keep-alive pool, in process ---------------------------------------------------

class _Transport:
    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


ADDR = ("127.0.0.1", 1)


def _pool_of(n: int):
    """(a pool, n idle connections given back to it in turn); on a running loop."""
    from gateway.config.model import Upstream
    from gateway.proxy import Pool, UpstreamConnection
    pool = Pool(Upstream("up", "t", keepalive=4, keepalive_timeout=0.05))
    conns = []
    for _ in range(n):
        conn = UpstreamConnection()
        conn.connection_made(_Transport())
        pool.give_back(ADDR, conn)
        conns.append(conn)
    return pool, conns


def test_an_idle_connection_the_upstream_closes_leaves_the_pool() -> None:
    import asyncio

    async def run():
        pool, (gone, alive) = _pool_of(2)
        # the first one given back lies under the other: a take would never reach it
        gone.connection_lost(None)
        assert pool.count == 1
        assert pool.take(ADDR) is alive
        assert pool.take(ADDR) is None and pool.count == 0

    asyncio.run(run())


def test_an_idle_connection_is_closed_after_keepalive_timeout() -> None:
    import asyncio

    async def run():
        pool, (conn,) = _pool_of(1)
        await asyncio.sleep(0.15)
        assert conn.transport.closed and pool.count == 0

    asyncio.run(run())
