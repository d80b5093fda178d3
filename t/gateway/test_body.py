"""Request bodies bigger than memory should hold (gateway/body.py): while no
handler asks for the body the connection stops reading, and once one does
the body goes to a temp file."""
from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

from test_proxy import Gateway, read_all

CONF = """daemon off;
master_process off;
error_log logs/error.log info;
events {{}}
http {{
    client_max_body_size 64m;
    server {{
        listen 127.0.0.1:{port};
        location = /t {{
            content_by_lua_block {{
                ngx.sleep(0.6)              -- the client sends meanwhile
                ngx.req.read_body()
                local f = assert(io.open(ngx.req.get_body_file(), "rb"))
                local size = f:seek("end")
                f:close()
                ngx.say(size)
            }}
        }}
    }}
}}
"""


def test_an_unread_body_pauses_the_connection_then_goes_to_a_file(tmp_path: Path) -> None:
    size = 32 * 1024 * 1024
    g = Gateway(tmp_path, 0, conf=CONF)
    try:
        before = peak = g.rss_kb()
        s = g.connect(b"POST /t HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      b"Content-Length: %d\r\n\r\n" % size)
        sent = threading.Event()

        def send() -> None:
            block = os.urandom(1 << 20)
            for _ in range(size // len(block)):
                s.sendall(block)
            sent.set()

        threading.Thread(target=send, daemon=True).start()
        while not sent.wait(0.05):
            peak = max(peak, g.rss_kb())
        answer = read_all(s)
        s.close()
        assert answer.split(b"\r\n\r\n", 1)[1] == b"%d\n" % size, answer[-200:]
        assert peak - before < 24 * 1024, (before, peak)
    finally:
        g.stop()


def test_the_connection_reads_on_once_the_body_is_asked_for(tmp_path: Path) -> None:
    g = Gateway(tmp_path, 0, conf=CONF)
    try:
        body = b"x" * (200 * 1024)      # over client_body_buffer_size (16k): a pause, then a file
        with socket.create_connection(("127.0.0.1", g.port), timeout=10) as s:
            s.sendall(b"POST /t HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            assert read_all(s).split(b"\r\n\r\n", 1)[1] == b"204800\n"
    finally:
        g.stop()
