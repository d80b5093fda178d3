"""Compressed responses over a real socket, decompressed here (a block
cannot say what a gzip body holds): Lua output with a flush in the middle,
a static file, a proxied body, a body filter's output, sub_filter's
output, and $gzip_ratio."""
from __future__ import annotations

import gzip
import re
import socket
import zlib
from pathlib import Path

import pytest

from nginx_blocks import parse_responses, serving

CONF = """events {{}}
http {{
    gzip on;
    gzip_types text/plain;
    log_format ratio "$uri $gzip_ratio";
    access_log logs/access.log ratio;
    server {{
        listen 127.0.0.1:{port};
        location = /flush {{ content_by_lua_block {{
            ngx.say(string.rep("first ", 200))
            ngx.flush(true)
            ngx.say(string.rep("second ", 200))
        }} }}
        location = /filtered {{
            content_by_lua_block {{ ngx.say(string.rep("abc", 100)) }}
            body_filter_by_lua_block {{ ngx.arg[1] = string.upper(ngx.arg[1]) }}
        }}
        location = /subbed {{
            sub_filter "old" "new";
            sub_filter_once off;
            sub_filter_types text/plain;
            content_by_lua_block {{ ngx.say(string.rep("old ", 100)) }}
        }}
        location = /backend {{ content_by_lua_block {{ ngx.print(string.rep("proxied ", 5000)) }} }}
        location = /proxied {{ proxy_pass http://127.0.0.1:{port}/backend; }}
        location / {{ root html; }}
    }}
}}
"""


@pytest.fixture
def server(tmp_path: Path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "a.txt").write_bytes(bytes(range(256)) * 40)
    with serving(tmp_path, CONF) as port:
        yield port, tmp_path


def _get(port: int, path: str, accept: str = "gzip") -> tuple[dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: {accept}\r\n"
                  "Connection: close\r\n\r\n".encode())
        raw = b""
        while chunk := s.recv(65536):
            raw += chunk
    fields = dict(line.split(": ", 1) for line in
                  raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:])
    return fields, parse_responses(raw)[0].body


def test_lua_output_flushed_midway_decompresses_whole(server) -> None:
    port, _ = server
    fields, body = _get(port, "/flush")
    assert fields["Content-Encoding"] == "gzip" and fields["Transfer-Encoding"] == "chunked"
    assert gzip.decompress(body) == ("first " * 200 + "\n" + "second " * 200 + "\n").encode()
    # the flush ended a deflate block: what came before it reads on its own
    partial = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body[:len(body) // 2 + 20])
    assert partial.startswith(b"first first")


def test_a_static_file_and_a_proxied_body(server) -> None:
    port, _ = server
    fields, body = _get(port, "/a.txt")
    assert fields["Content-Encoding"] == "gzip" and fields["ETag"].startswith('W/"')
    assert gzip.decompress(body) == bytes(range(256)) * 40
    fields, body = _get(port, "/proxied")
    assert fields["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == b"proxied " * 5000


def test_the_body_filter_sees_the_uncompressed_body(server) -> None:
    port, _ = server
    fields, body = _get(port, "/filtered")
    assert gzip.decompress(body) == b"ABC" * 100 + b"\n"


def test_sub_filter_rewrites_before_gzip_compresses(server) -> None:
    port, _ = server
    fields, body = _get(port, "/subbed")
    assert fields["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == b"new " * 100 + b"\n"


def test_gzip_ratio_in_the_access_log(server) -> None:
    port, prefix = server
    _get(port, "/proxied")
    _get(port, "/a.txt", accept="identity")
    log = (prefix / "logs" / "access.log").read_text()
    ratio = re.search(r"^/proxied (\d+\.\d\d)$", log, re.M)
    assert ratio and float(ratio.group(1)) > 10        # 40 kB of one word repeated
    assert re.search(r"^/a\.txt -$", log, re.M)
