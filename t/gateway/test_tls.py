"""TLS termination (`listen ... ssl`, gateway/tls.py) over real sockets:
certificates by server name (SNI), the TLS variables, redirects, keep-alive,
ssl_protocols, ALPN, reload, and the conf errors in nginx's words.

The certificates in t/gateway/tls/ are self-signed, for `localhost` and
`other.test`, valid for a hundred years."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nginx_blocks import REPO, free_port

CERTS = Path(__file__).parent / "tls"

CONF = """daemon off;
master_process off;
error_log logs/error.log info;
events {{}}
http {{
    access_log off;
    {http_extra}
    ssl_certificate localhost.crt;
    ssl_certificate_key localhost.key;
    server {{
        listen 127.0.0.1:{port} ssl;
        listen 127.0.0.1:{plain};
        server_name localhost;
        location = /t {{
            content_by_lua_block {{
                ngx.say(ngx.var.scheme, " ", ngx.var.https, " ", ngx.var.ssl_server_name, " ",
                        ngx.var.server_name)
            }}
        }}
        location = /p {{ content_by_lua_block {{ ngx.say(ngx.var.ssl_protocol) }} }}
        location = /r {{ return 302 /x; }}
        location = /c {{ content_by_lua_block {{ ngx.say(ngx.var.connection_requests) }} }}
        # a cosocket to this gateway's own TLS address, held to TLSv1.2
        location = /cosocket {{
            lua_ssl_protocols TLSv1.2;
            lua_ssl_verify_depth 2;
            content_by_lua_block {{
                local sock = ngx.socket.tcp()
                assert(sock:connect("127.0.0.1", {port}))
                assert(sock:sslhandshake(nil, "localhost", false))
                sock:send("GET /p HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n")
                local data = sock:receive("*a")
                ngx.print(data:match("\\r\\n\\r\\n(.*)"))
            }}
        }}
        # proxy_pass https:// to this gateway's own TLS address
        location = /up {{ proxy_pass https://127.0.0.1:{port}/t; }}
        location = /sni {{
            proxy_ssl_server_name on;
            proxy_ssl_name other.test;
            proxy_set_header Host other.test;
            proxy_pass https://127.0.0.1:{port}/;
        }}
        location = /verified {{
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate localhost.crt;
            proxy_ssl_name localhost;
            proxy_pass https://127.0.0.1:{port}/t;
        }}
        location = /untrusted {{
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate other.test.crt;
            proxy_pass https://127.0.0.1:{port}/t;
        }}
        location = /pooled {{
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_pass https://tls_backend/c;
        }}
    }}
    upstream tls_backend {{
        server 127.0.0.1:{port};
        keepalive 4;
    }}
    server {{
        listen 127.0.0.1:{port} ssl http2;
        server_name other.test;
        ssl_certificate {other}.crt;
        ssl_certificate_key {other}.key;
        location / {{ content_by_lua_block {{ ngx.say("other ", ngx.var.ssl_server_name) }} }}
    }}
}}
"""


class Gateway:
    def __init__(self, prefix: Path, **kw) -> None:
        self.prefix = prefix
        self.port, self.plain = free_port(), free_port()
        self.write(**kw)
        env = dict(os.environ, PYTHONPATH=str(REPO))
        self.proc = subprocess.Popen([sys.executable, "-m", "gateway.cli", "-p", str(prefix),
                                      "-c", "conf/nginx.conf"],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.plain), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise AssertionError("the gateway did not start")

    def write(self, other: str = "other.test", http_extra: str = "") -> None:
        (self.prefix / "conf" / "nginx.conf").write_text(
            CONF.format(port=self.port, plain=self.plain, other=other, http_extra=http_extra))

    def get(self, path: str, name: str | None = None, **kw) -> tuple[bytes, bytes, tuple]:
        """The response to GET path over TLS, naming `name` (SNI; None: no
        name), and the server's certificate (DER) and the TLS version."""
        ctx = client_context(**kw)
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as raw:
            with ctx.wrap_socket(raw, server_hostname=name) as tls:
                tls.sendall(b"GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
                            % (path.encode(), (name or "localhost").encode()))
                session = (tls.getpeercert(binary_form=True), tls.version())
                data = _read_all(tls)
                head, _, body = data.partition(b"\r\n\r\n")
                return head, body, session

    def log(self) -> str:
        return (self.prefix / "logs" / "error.log").read_text()

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGQUIT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def client_context(alpn: list[str] | None = None,
                   version: ssl.TLSVersion | None = None) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE     # the certificate is checked by its bytes
    if alpn:
        ctx.set_alpn_protocols(alpn)
    if version is not None:
        ctx.maximum_version = version
    return ctx


def _read_all(sock: ssl.SSLSocket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ssl.SSLZeroReturnError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def cert_der(name: str) -> bytes:
    return ssl.PEM_cert_to_DER_cert((CERTS / f"{name}.crt").read_text())


@pytest.fixture
def prefix(tmp_path: Path) -> Path:
    (tmp_path / "conf").mkdir()
    (tmp_path / "logs").mkdir()
    for f in CERTS.iterdir():
        shutil.copy(f, tmp_path / "conf" / f.name)
    return tmp_path


@pytest.fixture
def gateway(prefix: Path):
    started = []

    def start(**kw) -> Gateway:
        g = Gateway(prefix, **kw)
        started.append(g)
        return g

    yield start
    for g in started:
        g.stop()


def test_each_server_name_gets_its_certificate_and_a_client_naming_none_the_default(gateway) -> None:
    g = gateway()
    head, body, session = g.get("/t", "localhost")
    assert head.startswith(b"HTTP/1.1 200")
    assert body.endswith(b"https on localhost localhost\n")
    assert session[0] == cert_der("localhost")
    _, body, session = g.get("/t", "other.test")
    assert body.endswith(b"other other.test\n")
    assert session[0] == cert_der("other.test")
    _, body, session = g.get("/t", None)
    assert body.endswith(b"https on nil localhost\n")   # no $ssl_server_name without SNI
    assert session[0] == cert_der("localhost")


def test_the_plain_address_of_the_same_server_says_http(gateway) -> None:
    g = gateway()
    with socket.create_connection(("127.0.0.1", g.plain), timeout=5) as s:
        s.sendall(b"GET /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    assert data.endswith(b"\r\n\r\nhttp   localhost\n")


def test_redirects_are_https(gateway) -> None:
    g = gateway()
    head, _, _ = g.get("/r", "localhost")
    assert b"\r\nLocation: https://localhost:%d/x" % g.port in head


def test_keep_alive_over_tls(gateway) -> None:
    g = gateway()
    with socket.create_connection(("127.0.0.1", g.port), timeout=5) as raw:
        with client_context().wrap_socket(raw, server_hostname="localhost") as tls:
            for _ in range(3):
                tls.sendall(b"GET /t HTTP/1.1\r\nHost: localhost\r\n\r\n")
                data = b""
                while not data.endswith(b"localhost\n"):
                    data += tls.recv(65536)
                assert b"Connection: keep-alive" in data


def test_alpn_agrees_on_http_1_1_and_http2_is_a_notice(gateway) -> None:
    g = gateway()
    with socket.create_connection(("127.0.0.1", g.port), timeout=5) as raw:
        ctx = client_context(alpn=["h2", "http/1.1"])
        with ctx.wrap_socket(raw, server_hostname="other.test") as tls:
            assert tls.selected_alpn_protocol() == "http/1.1"
    assert 'the "http2" parameter is ignored by moongate' in g.log()


def test_ssl_protocols_bound_the_version(gateway) -> None:
    g = gateway(http_extra="ssl_protocols TLSv1.2;")
    _, body, session = g.get("/p", "localhost")
    assert body.endswith(b"TLSv1.2\n")
    assert session[1] == "TLSv1.2"
    g = gateway(http_extra="ssl_protocols TLSv1.3;")
    with pytest.raises(ssl.SSLError):
        g.get("/p", "localhost", version=ssl.TLSVersion.TLSv1_2)
    _, body, _ = g.get("/p", "other.test")
    assert body.endswith(b"other other.test\n")


def test_a_reload_takes_the_new_certificates(gateway, prefix: Path) -> None:
    g = gateway()
    _, _, session = g.get("/", "other.test")
    assert session[0] == cert_der("other.test")
    g.write(other="localhost")          # other.test now shows localhost's certificate
    g.proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        _, _, session = g.get("/", "other.test")
        if session[0] == cert_der("localhost"):
            return
        time.sleep(0.1)
    raise AssertionError("the reload kept the old certificate")


@pytest.mark.parametrize("server, message", [
    ("listen 80 ssl;", 'no "ssl_certificate" is defined for the "listen ... ssl" directive in '),
    ("listen 80 ssl; ssl_certificate nope.crt; ssl_certificate_key localhost.key;",
     'cannot load certificate "{conf}/nope.crt": BIO_new_file() failed'),
    ("listen 80 ssl; ssl_certificate localhost.crt; ssl_certificate_key other.test.key;",
     'SSL_CTX_use_PrivateKey("{conf}/other.test.key") failed (SSL: key values mismatch)'),
    ("listen 80 ssl; ssl_certificate localhost.crt;",
     'no "ssl_certificate_key" is defined for certificate "{conf}/localhost.crt"'),
    ("ssl_protocols TLSv1.2 TLSv4;", 'invalid value "TLSv4"'),
    ("listen 80 ssl; ssl_certificate localhost.crt; ssl_certificate_key localhost.key; "
     "ssl_ciphers NOSUCHCIPHER;", 'SSL_CTX_set_cipher_list("NOSUCHCIPHER") failed'),
    ("lua_ssl_certificate nope.crt;",
     'cannot load "{conf}/nope.crt" for "lua_ssl_certificate": BIO_new_file() failed'),
    ("location / { proxy_ssl_trusted_certificate nope.crt; }",
     'cannot load "{conf}/nope.crt" for "proxy_ssl_trusted_certificate"'),
])
def test_conf_errors_in_nginx_words(prefix: Path, server: str, message: str) -> None:
    (prefix / "conf" / "t.conf").write_text(f"events {{}}\nhttp {{\n server {{ {server} }}\n}}\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "gateway.cli", "-p", str(prefix), "-t",
                           "-c", "conf/t.conf"], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert message.format(conf=prefix / "conf") in done.stderr


def plain_get(port: int, path: str) -> bytes:
    """The response to GET path on a plain connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  % path.encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data


def test_proxy_pass_https_sends_no_name_unless_told(gateway) -> None:
    g = gateway()
    assert plain_get(g.plain, "/up").endswith(b"\r\n\r\nhttps on nil localhost\n")
    assert plain_get(g.plain, "/sni").endswith(b"\r\n\r\nother other.test\n")


def test_proxy_ssl_verify_checks_the_upstream_certificate(gateway) -> None:
    g = gateway()
    assert plain_get(g.plain, "/verified").endswith(b"\r\n\r\nhttps on localhost localhost\n")
    assert plain_get(g.plain, "/untrusted").startswith(b"HTTP/1.1 502")
    assert "upstream SSL certificate verify error: (18:self-signed certificate) while SSL " \
           "handshaking to upstream" in g.log()


def test_tls_upstream_connections_are_kept_alive(gateway) -> None:
    g = gateway()
    counts = [plain_get(g.plain, "/pooled").rsplit(b"\r\n\r\n", 1)[1] for _ in range(3)]
    assert counts == [b"1\n", b"2\n", b"3\n"]


def test_lua_ssl_protocols_hold_a_cosocket_handshake(gateway) -> None:
    g = gateway()
    assert plain_get(g.plain, "/cosocket").endswith(b"\r\n\r\nTLSv1.2\n")


def test_proxy_ssl_verify_needs_trusted_certificates(prefix: Path) -> None:
    (prefix / "conf" / "t.conf").write_text(
        "events {}\nhttp {\n server { location / { proxy_ssl_verify on; "
        "proxy_pass https://127.0.0.1:1; } }\n}\n")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "gateway.cli", "-p", str(prefix), "-t",
                           "-c", "conf/t.conf"], env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert "no proxy_ssl_trusted_certificate for proxy_ssl_verify" in done.stderr
