"""large_client_header_buffers over a real socket when the head arrives in
pieces: the server measures header lines only once the head's reads add
up to more than one buffer (gateway.server.on_header), so the limits must
hold when no single read shows them broken."""
from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from nginx_blocks import serving

CONF = """events {{}}
http {{
    large_client_header_buffers 4 1k;
    server {{
        listen 127.0.0.1:{port};
        location = /t {{ content_by_lua_block {{
            local n = 0
            for _ in pairs(ngx.req.get_headers(0)) do n = n + 1 end
            ngx.say(n)
        }} }}
    }}
}}
"""


@pytest.fixture
def port(tmp_path: Path):
    with serving(tmp_path, CONF) as port:
        yield port


def _send_in_pieces(port: int, pieces: list[bytes]) -> bytes:
    """Each piece a write of its own (a read of its own on the server);
    the answer, until the server closes or 2 s pass."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for piece in pieces:
            s.sendall(piece)
            time.sleep(0.02)
        s.settimeout(2)
        data = b""
        try:
            while chunk := s.recv(65536):
                data += chunk
        except TimeoutError:
            pass
        return data


def _head(headers: list[bytes]) -> list[bytes]:
    return [b"GET /t HTTP/1.1\r\n", b"Host: localhost\r\nConnection: close\r\n",
            *headers, b"\r\n"]


def test_headers_together_past_all_buffers_in_small_reads_are_a_400(port) -> None:
    # 6 lines of ~800 bytes: each read and each line within a 1k buffer,
    # together past the 4k of all four
    lines = [b"X-H%d: %s\r\n" % (i, b"b" * 790) for i in range(6)]
    answer = _send_in_pieces(port, _head(lines))
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"Request Header Or Cookie Too Large" in answer


def test_one_header_line_past_a_buffer_in_pieces_is_a_400(port) -> None:
    # the line comes in three reads of ~500 bytes: none alone is past 1k
    line = b"X-Long: " + b"a" * 1400 + b"\r\n"
    answer = _send_in_pieces(port, _head([line[:500], line[500:1000], line[1000:]]))
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"Request Header Or Cookie Too Large" in answer


def test_many_headers_within_the_buffers_in_pieces_are_served(port) -> None:
    lines = [b"X-H%d: %s\r\n" % (i, b"c" * 300) for i in range(8)]     # ~2.5k in all
    answer = _send_in_pieces(port, _head(lines))
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert answer.endswith(b"\r\n\r\n10\n")      # Host, Connection and the eight


@pytest.mark.parametrize("method", [b"GET", b"PROPPATCH", b"UNSUBSCRIBE"])
def test_the_request_line_limit_counts_the_method(port, method: bytes) -> None:
    # nginx holds the whole line in one 1k buffer: method, URL and version
    def answer(line_size: int) -> bytes:
        url = b"/t?" + b"a" * (line_size - len(method) - len(b"  HTTP/1.1\r\n") - 3)
        line = b"%s %s HTTP/1.1\r\n" % (method, url)
        assert len(line) == line_size
        # the URL in pieces: none alone is past the limit
        return _send_in_pieces(port, [line[:400], line[400:800], line[800:],
                                      b"Host: localhost\r\nConnection: close\r\n\r\n"])
    assert answer(1024).startswith(b"HTTP/1.1 200 OK\r\n")
    assert answer(1025).startswith(b"HTTP/1.1 414 ")


def test_a_line_that_does_not_fit_what_is_left_takes_a_buffer_of_its_own(port) -> None:
    # eight lines of 512 bytes pack two to a 1k buffer; six of 513 do not
    # fit the first buffer and the four large ones (one line in each)
    def lines(n: int, size: int) -> list[bytes]:
        return [b"X-H%d: %s\r\n" % (i, b"d" * (size - 8)) for i in range(n)]
    head = [b"GET /t HTTP/1.1\r\n", b"Host: localhost\r\n"]
    served = _send_in_pieces(port, head + lines(8, 512) + [b"Connection: close\r\n\r\n"])
    assert served.startswith(b"HTTP/1.1 200 OK\r\n")
    refused = _send_in_pieces(port, head + lines(6, 513) + [b"Connection: close\r\n\r\n"])
    assert refused.startswith(b"HTTP/1.1 400 ")
