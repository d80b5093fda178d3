"""Static files over a real socket where a block cannot say it: the
ETag and Last-Modified a file is served with come back in conditional
requests (they depend on the file's time), and several ranges make a
multipart/byteranges body with CRLFs in it."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from nginx_blocks import parse_responses, serving

CONF = """events {{}}
http {{
    types {{ text/plain txt; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{ root html; }}
    }}
}}
"""


@pytest.fixture
def port(tmp_path: Path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "a.txt").write_bytes(b"0123456789")
    with serving(tmp_path, CONF) as port:
        yield port


def _get(port: int, *headers: str) -> tuple[int, dict[str, str], bytes]:
    head = "GET /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall((head + "".join(h + "\r\n" for h in headers) + "\r\n").encode())
        raw = b""
        while chunk := s.recv(65536):
            raw += chunk
    resp = parse_responses(raw)[0]
    fields = dict(line.split(": ", 1) for line in
                  raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:])
    return resp.status, fields, resp.body


def test_the_etag_and_last_modified_served_make_a_304(port) -> None:
    status, fields, _ = _get(port)
    assert status == 200
    etag, modified = fields["ETag"], fields["Last-Modified"]
    for header in (f"If-None-Match: {etag}", f"If-None-Match: W/{etag}",
                   f'If-None-Match: "other", {etag}', f"If-Modified-Since: {modified}"):
        status, fields, body = _get(port, header)
        assert (status, body) == (304, b""), header
        assert fields["ETag"] == etag and fields["Last-Modified"] == modified
    assert _get(port, 'If-None-Match: "other"')[0] == 200
    assert _get(port, f"If-Match: {etag}")[0] == 200
    assert _get(port, f"If-Match: W/{etag}")[0] == 412        # If-Match compares strongly
    assert _get(port, f"If-Unmodified-Since: {modified}")[0] == 200
    # If-Range holds with the current tag or time: the range is sent
    for condition in (etag, modified):
        status, _, body = _get(port, "Range: bytes=0-1", f"If-Range: {condition}")
        assert (status, body) == (206, b"01")


def test_several_ranges_make_a_multipart_body(port) -> None:
    status, fields, body = _get(port, "Range: bytes=0-1, 5-6,8-")
    assert status == 206
    boundary = fields["Content-Type"].removeprefix("multipart/byteranges; boundary=")
    assert len(boundary) == 20 and boundary.isdigit()
    b = boundary.encode()
    assert body == (b"\r\n--" + b + b"\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n01"
                    b"\r\n--" + b + b"\r\nContent-Type: text/plain\r\nContent-Range: bytes 5-6/10\r\n\r\n56"
                    b"\r\n--" + b + b"\r\nContent-Type: text/plain\r\nContent-Range: bytes 8-9/10\r\n\r\n89"
                    b"\r\n--" + b + b"--\r\n")
    assert fields["Content-Length"] == str(len(body))
    # the next multipart answer has the next boundary, as nginx numbers them
    _, fields, _ = _get(port, "Range: bytes=0-0,2-2")
    assert fields["Content-Type"].endswith("%020d" % (int(boundary) + 1))


@pytest.mark.parametrize("spec, size, expected", [
    # what nginx 1.22 answered for a 6-byte file (and an empty one)
    (b"0-1,3-4", 6, [(0, 2), (3, 5)]),
    (b"2-", 6, [(2, 6)]),
    (b"0-100", 6, [(0, 6)]),
    (b"-100", 6, [(0, 6)]),
    (b" 1 - 2 , 4-", 6, [(1, 3), (4, 6)]),
    (b"0-1,1-2,2-3,3-4,4-5,0-5", 6, None),     # more bytes than the file: all of it
    (b"0-1", 0, None),                         # an empty file is sent whole
    (b"abc", 6, 416), (b"5-2", 6, 416), (b"-0", 6, 416), (b"10-20", 6, 416),
    (b"1-2,", 6, 416), (b"-", 6, 416), (b"1-2-3", 6, 416),
])
def test_range_parse_as_nginx(spec: bytes, size: int, expected) -> None:
    from gateway import ranges
    assert ranges.parse(spec, size) == expected
