"""client_header_timeout on a kept-alive connection, over a real socket:
the head of the next request must arrive within it, whether it comes in a
read of its own or pipelined behind the previous request."""
from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from nginx_blocks import serving

CONF = """error_log logs/error.log info;
events {{}}
http {{
    client_header_timeout 1;
    keepalive_timeout 30;
    server {{
        listen 127.0.0.1:{port};
        location = /t {{ content_by_lua_block {{ ngx.say("ok") }} }}
    }}
}}
"""
REQUEST = b"GET /t HTTP/1.1\r\nHost: localhost\r\n\r\n"
PARTIAL = b"GET /t HTTP/1.1\r\nHost: loc"


@pytest.fixture
def gateway(tmp_path: Path):
    with serving(tmp_path, CONF) as port:
        yield port, tmp_path / "logs" / "error.log"


def _response(s: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"ok\n"):
        chunk = s.recv(4096)
        assert chunk, f"closed early: {data!r}"
        data += chunk
    return data


def _closed_after(s: socket.socket) -> float:
    """Seconds until the server closes the connection (bounded by the socket timeout)."""
    start = time.monotonic()
    assert s.recv(4096) == b""
    return time.monotonic() - start


def test_a_partial_head_after_a_kept_alive_request_times_out(gateway) -> None:
    port, log = gateway
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(REQUEST)
        assert _response(s).startswith(b"HTTP/1.1 200 OK\r\n")
        s.sendall(PARTIAL)                  # a read of its own
        assert _closed_after(s) < 5         # client_header_timeout 1, not keepalive_timeout 30
    assert "client timed out (110: Connection timed out) while reading client request headers" \
        in log.read_text()


def test_a_partial_head_pipelined_behind_a_request_times_out(gateway) -> None:
    port, log = gateway
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(REQUEST + PARTIAL)        # in the same read as the request before it
        assert _response(s).startswith(b"HTTP/1.1 200 OK\r\n")
        assert _closed_after(s) < 5
    assert "while reading client request headers" in log.read_text()


def test_an_idle_kept_alive_connection_stays_open_past_the_header_timeout(gateway) -> None:
    port, _ = gateway
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(REQUEST)
        _response(s)
        time.sleep(1.5)                     # longer than client_header_timeout
        s.sendall(REQUEST)                  # keepalive_timeout (30 s) still holds
        assert _response(s).startswith(b"HTTP/1.1 200 OK\r\n")


def test_bytes_before_a_head_on_a_kept_alive_connection_time_out(gateway) -> None:
    port, _ = gateway
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(REQUEST)
        _response(s)
        s.sendall(b"\r\n")                  # not yet a request: the header timeout runs
        assert _closed_after(s) < 5
