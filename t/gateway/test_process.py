"""The gateway process: -t, reload (SIGHUP) and quit, over real sockets."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from nginx_blocks import REPO, free_port

CONF = """events {{}}
http {{
    server {{
        listen 127.0.0.1:{port};
        location = /t {{ content_by_lua_block {{ ngx.say("{word}") }} }}
    }}
}}
"""


def _moongate(prefix: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "gateway.cli", "-p", str(prefix), *args],
                          env=env, capture_output=True, text=True, timeout=30, **kw)


def _get(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/t", timeout=5) as r:
        return r.read().decode()


def _wait(port: int) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            _get(port)
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("the gateway did not answer")


@pytest.fixture
def prefix(tmp_path: Path) -> Path:
    (tmp_path / "conf").mkdir()
    return tmp_path


def test_t_reports_lua_syntax_errors_with_the_conf_line(prefix: Path) -> None:
    (prefix / "conf" / "bad.conf").write_text(
        "events {}\nhttp {\n  server {\n    location / {\n      content_by_lua_block {\n"
        "        local x = \n      }\n    }\n  }\n}\n")
    r = _moongate(prefix, "-t", "-c", "conf/bad.conf")
    assert r.returncode == 1
    assert ("failed to load inlined Lua code: content_by_lua(bad.conf:5):3: unexpected symbol "
            "near '<eof>'") in r.stderr
    assert f"configuration file {prefix}/conf/bad.conf test failed" in r.stderr


def test_t_reports_unknown_directives_in_nginx_words(prefix: Path) -> None:
    (prefix / "conf" / "bad.conf").write_text("events {}\nhttp {\n  foo bar;\n}\n")
    r = _moongate(prefix, "-t", "-c", "conf/bad.conf")
    assert r.returncode == 1
    assert f'moongate: [emerg] unknown directive "foo" in {prefix}/conf/bad.conf:3' in r.stderr


def test_reload_serves_the_new_conf_and_quit_stops(prefix: Path) -> None:
    port = free_port()
    conf = prefix / "conf" / "nginx.conf"
    conf.write_text(CONF.format(port=port, word="one"))
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "gateway.cli", "-p", str(prefix), "-c",
                             "conf/nginx.conf"], env=env)
    try:
        _wait(port)
        assert _get(port) == "one\n"
        conf.write_text(CONF.format(port=port, word="two"))
        assert _moongate(prefix, "-c", "conf/nginx.conf", "-s", "reload").returncode == 0
        deadline = time.monotonic() + 10
        while _get(port) != "two\n" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _get(port) == "two\n"
        conf.write_text("events {}\nhttp { broken\n")      # a bad conf changes nothing
        proc.send_signal(signal.SIGHUP)
        time.sleep(0.3)
        assert _get(port) == "two\n"
        conf.write_text(CONF.format(port=port, word="two"))
        assert _moongate(prefix, "-c", "conf/nginx.conf", "-s", "quit").returncode == 0
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_send_timeout_drops_a_client_that_stops_reading(prefix: Path) -> None:
    port = free_port()
    (prefix / "conf" / "nginx.conf").write_text(f"""
error_log logs/error.log info;
events {{}}
http {{
    server {{
        listen 127.0.0.1:{port};
        send_timeout 1;
        location = /t {{
            content_by_lua_block {{
                local chunk = string.rep("x", 65536)
                for i = 1, 2000 do
                    ngx.print(chunk)
                    ngx.flush(true)
                end
            }}
        }}
    }}
}}
""")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "gateway.cli", "-p", str(prefix), "-c",
                             "conf/nginx.conf"], env=env)
    try:
        deadline = time.monotonic() + 15
        while not (prefix / "logs" / "moongate.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        import socket
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.sendall(b"GET /t HTTP/1.1\r\nHost: localhost\r\n\r\n")
            log = prefix / "logs" / "error.log"
            deadline = time.monotonic() + 10
            want = "client timed out (110: Connection timed out) while sending response to client"
            while want not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)        # not reading: the gateway's buffers fill up
            assert want in log.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
