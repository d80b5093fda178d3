"""t/lua/http_client.lua, an HTTP/1.1 client written in Lua on cosockets,
against a Python HTTP/1.1 server the module starts: bodies by length,
chunked and delimited by the close, keep-alive through the cosocket pool
(counted from the server's side), HEAD and 204, request bodies."""
from __future__ import annotations

import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from nginx_blocks import REPO
from test_cosocket import RUN_LUA, Gateway

CONF = f"""daemon off;
master_process off;
error_log logs/error.log info;
events {{}}
http {{
    lua_package_path "{REPO}/t/lua/?.lua;;";
    server {{
        listen 127.0.0.1:{{port}};
        location = /lua {{
            {RUN_LUA}
        }}
    }}
}}
"""
PRELUDE = """
local http = require "http_client"
local function get(path, opts)
    opts = opts or {}
    opts.host, opts.port, opts.path = "127.0.0.1", {port}, path
    return assert(http.request(opts))
end
"""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    connections = 0

    def setup(self) -> None:
        super().setup()
        Handler.connections += 1

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {"Content-Length": str(len(body))}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._send(200, b"", {"Content-Length": "5"})

    def do_GET(self) -> None:
        if self.path == "/hello":
            self._send(200, b"hello", {"Content-Length": "5", "Set-Cookie": "a=1",
                                       "set-cookie": "b=2"})
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"one,", b"two,", b"three"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.flush()
            self.wfile.write(b"0\r\nX-Trailer: t\r\n\r\n")
        elif self.path == "/close":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"until the end")
            self.close_connection = True
        elif self.path == "/empty":
            self._send(204, b"", {})
        else:
            self._send(404, b"no such page")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self._send(200, self.headers.get("X-Test", "").encode() + b":" + body)


@pytest.fixture(scope="module")
def backend():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def gw():
    with tempfile.TemporaryDirectory(prefix="mg-http-client-") as prefix:
        g = Gateway(Path(prefix), CONF)
        try:
            yield g
        finally:
            g.stop()


def run(gw: Gateway, port: int, code: str) -> str:
    return gw.run(PRELUDE + code, port=port)


def test_bodies_and_keep_alive(gw, backend):
    before = Handler.connections
    body = run(gw, backend, """
        local res = get("/hello")
        ngx.say(res.status, " ", res.body, " ", res.reused, " ", table.concat(res.headers["set-cookie"], ";"))
        res = get("/chunked")
        ngx.say(res.status, " ", res.body, " ", res.reused)
        res = get("/missing")
        ngx.say(res.status, " ", res.body, " ", res.reused)
        res = get("/hello", {method = "HEAD"})
        ngx.say(res.status, " [", res.body, "] ", res.reused)
        res = get("/empty")
        ngx.say(res.status, " [", res.body, "] ", res.reused)
        res = get("/echo", {method = "POST", body = "data", headers = {["X-Test"] = "yes"}})
        ngx.say(res.status, " ", res.body, " ", res.reused)
    """)
    assert body == ("200 hello 0 a=1;b=2\n200 one,two,three 1\n404 no such page 2\n"
                    "200 [] 3\n204 [] 4\n200 yes:data 5\n")
    assert Handler.connections - before == 1


def test_connections_that_close(gw, backend):
    before = Handler.connections
    body = run(gw, backend, """
        local res = get("/close", {pool = "closing"})
        ngx.say(res.status, " ", res.body, " ", res.reused)
        res = get("/hello", {pool = "closing", keepalive = false})
        ngx.say(res.status, " ", res.body, " ", res.reused)
        res = get("/hello", {pool = "closing"})
        ngx.say(res.status, " ", res.body, " ", res.reused)
    """)
    assert body == "200 until the end 0\n200 hello 0\n200 hello 0\n"
    assert Handler.connections - before == 3


def test_connect_errors(gw, backend):
    body = gw.run("""
        local http = require "http_client"
        ngx.say(http.request{host = "127.0.0.1", port = 1, path = "/"})
    """)
    assert body == "nilconnect: connection refused\n"
