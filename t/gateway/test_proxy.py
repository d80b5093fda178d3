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

    def __init__(self, handle: Callable[[socket.socket], None]) -> None:
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
    def __init__(self, prefix: Path, backend: int, extra: str = "") -> None:
        (prefix / "conf").mkdir(exist_ok=True)
        (prefix / "logs").mkdir(exist_ok=True)
        self.prefix = prefix
        self.port = free_port()
        (prefix / "conf" / "nginx.conf").write_text(CONF.format(port=self.port, backend=backend,
                                                                extra=extra))
        env = dict(os.environ, PYTHONPATH=str(REPO))
        self.proc = subprocess.Popen([sys.executable, "-m", "gateway.cli", "-p", str(prefix), "-c",
                                      "conf/nginx.conf"], env=env)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
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

    def start(handle, extra: str = "") -> tuple[Gateway, Backend]:
        backend = Backend(handle)
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


def test_an_upstream_closing_mid_body_cuts_the_response(run) -> None:
    def handle(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 10)

    g, _ = run(handle)
    with g.connect(GET) as s:
        got = read_all(s)
    assert got.startswith(b"HTTP/1.1 200 OK\r\n") and got.endswith(b"\r\n\r\n" + b"x" * 10)
    deadline = time.monotonic() + 5
    want = "upstream prematurely closed connection while reading upstream, client: 127.0.0.1"
    while want not in g.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert want in g.log() and 'upstream: "http://127.0.0.1:' in g.log()


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
