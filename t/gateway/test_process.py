"""The gateway's processes over real sockets: -t, reload (SIGHUP) and quit,
the master and its worker processes (gateway/master.py)."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
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


def test_t_checks_the_lua_of_if_blocks(prefix: Path) -> None:
    (prefix / "conf" / "bad.conf").write_text(
        "events {}\nhttp {\n  server {\n    if ($arg_a) { set_by_lua_block $x { return = } }\n"
        "    location / {\n      if ($arg_b) { content_by_lua_block { ngx.say( } }\n    }\n"
        "  }\n}\n")
    r = _moongate(prefix, "-t", "-c", "conf/bad.conf")
    assert r.returncode == 1
    assert "set_by_lua(bad.conf:4):1: unexpected symbol near '='" in r.stderr
    assert "content_by_lua(bad.conf:6):1: unexpected symbol near '<eof>'" in r.stderr


def test_t_checks_lua_files_except_those_named_with_variables(prefix: Path) -> None:
    (prefix / "lua").mkdir()
    (prefix / "lua" / "bad.lua").write_text("#!/usr/bin/env luajit\nlocal x = = 1\n")
    (prefix / "conf" / "bad.conf").write_text(
        "events {}\nhttp {\n  server {\n    location /a { content_by_lua_file lua/bad.lua; }\n"
        "    location /b { access_by_lua_file lua/missing.lua; }\n"
        "    location /c { content_by_lua_file lua/$arg_x.lua; }\n  }\n}\n")
    r = _moongate(prefix, "-t", "-c", "conf/bad.conf")
    assert r.returncode == 1
    # the shebang line is skipped but still counts: the error is on line 2
    assert (f'failed to load external Lua file "{prefix}/lua/bad.lua": {prefix}/lua/bad.lua:2: '
            f"unexpected symbol near '='") in r.stderr
    assert (f'failed to load external Lua file "{prefix}/lua/missing.lua": cannot open '
            f"{prefix}/lua/missing.lua: No such file or directory in {prefix}/conf/bad.conf:5"
            ) in r.stderr
    assert "$arg_x" not in r.stderr


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


# -- the master and its workers -------------------------------------------------------

WORKERS_CONF = """error_log logs/error.log info;
worker_processes {n};
worker_shutdown_timeout 10;
events {{}}
http {{
    lua_shared_dict counters 1m;
    limit_req_zone $binary_remote_addr zone=perip:1m rate=1r/m;
    init_by_lua_block {{ from_init = "init" }}
    init_worker_by_lua_block {{
        ngx.log(ngx.NOTICE, "init worker ", ngx.worker.id())
        ngx.timer.at(100, function(premature)
            ngx.log(ngx.NOTICE, "timer of worker ", ngx.worker.id(), ": premature ", premature,
                    ", exiting ", ngx.worker.exiting(), ", later: ", ngx.timer.at(1, function() end))
        end)
    }}
    server {{
        listen 127.0.0.1:{port}{opts};
        location = /t {{
            content_by_lua_block {{
                ngx.say("{word} ", ngx.worker.id(), " ", ngx.worker.count(), " ", ngx.worker.pid(), " ",
                        from_init)
            }}
        }}
        location = /count {{
            content_by_lua_block {{
                ngx.say(ngx.worker.id(), " ", (ngx.shared.counters:incr("n", 1, 0)))
            }}
        }}
        location = /limited {{
            limit_req zone=perip burst=2 nodelay;
            content_by_lua_block {{ ngx.say(ngx.worker.pid()) }}
        }}
        location = /body {{
            content_by_lua_block {{
                ngx.req.read_body()
                ngx.say(#ngx.req.get_body_data())
            }}
        }}
    }}
}}
"""


class Gateway:
    """A master process the test started, with its conf and logs."""

    def __init__(self, prefix: Path, n: int = 2, opts: str = "", word: str = "one") -> None:
        self.prefix = prefix
        self.port = free_port()
        self.conf = prefix / "conf" / "nginx.conf"
        self.write(n, opts, word)
        env = dict(os.environ, PYTHONPATH=str(REPO))
        self.proc = subprocess.Popen([sys.executable, "-m", "gateway.cli", "-p", str(prefix), "-c",
                                      "conf/nginx.conf"], env=env)
        _wait(self.port)

    def write(self, n: int, opts: str = "", word: str = "one") -> None:
        self.n = n
        self.conf.write_text(WORKERS_CONF.format(n=n, port=self.port, opts=opts, word=word))

    def get(self) -> tuple[str, int, int]:
        """The word, ngx.worker.id and ngx.worker.pid of one answer."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/t", timeout=5) as r:
            word, wid, count, pid, init = r.read().decode().split()
        assert (count, init) == (str(self.n), "init")
        return word, int(wid), int(pid)

    def log(self) -> str:
        """error.log so far ("" until the master has made it: the listening
        socket may be open before the log is)."""
        path = self.prefix / "logs" / "error.log"
        return path.read_text() if path.exists() else ""

    def wait_log(self, pattern: str, timeout: float = 10) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = re.search(pattern, self.log())
            if m:
                return m
            time.sleep(0.05)
        raise AssertionError(f"not in error.log: {pattern}\n{self.log()}")

    def worker_pids(self) -> set[int]:
        """The workers the master started and has not seen exit."""
        log = self.log()
        started = {int(p) for p in re.findall(r"start worker process (\d+)", log)}
        gone = {int(p) for p in re.findall(r"worker process (\d+) exited", log)}
        return started - gone

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture
def gateway(prefix: Path):
    made: list[Gateway] = []

    def start(**kw) -> Gateway:
        g = Gateway(prefix, **kw)
        made.append(g)
        return g

    yield start
    for g in made:
        g.stop()


def test_workers_share_init_by_lua_and_each_runs_init_worker(gateway) -> None:
    g = gateway(n=2, opts=" reuseport")
    seen = {}
    for _ in range(200):        # reuseport: the kernel spreads connections over both
        word, wid, pid = g.get()
        seen[wid] = pid
        if len(seen) == 2:
            break
    assert sorted(seen) == [0, 1] and seen[0] != seen[1]
    assert set(seen.values()) == g.worker_pids()
    g.wait_log(r"init worker 0")
    g.wait_log(r"init worker 1")


def test_a_killed_worker_is_replaced(gateway) -> None:
    g = gateway(n=1)
    _, wid, pid = g.get()
    os.kill(pid, signal.SIGKILL)
    g.wait_log(rf"\[alert\] \d+#0: worker process {pid} exited on signal 9")
    _, wid2, pid2 = g.get()
    assert (wid, wid2) == (0, 0) and pid2 != pid and g.worker_pids() == {pid2}


def test_reload_under_load_fails_no_request(gateway) -> None:
    g = gateway(n=2)
    old = g.worker_pids()
    failures: list[str] = []
    words: list[str] = []
    stop = threading.Event()

    def load() -> None:
        for _ in range(3000):               # bounded: about 10 s at most
            if stop.is_set():
                return
            try:
                words.append(g.get()[0])
            except Exception as exc:        # any failed request fails the test
                failures.append(repr(exc))

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.3)
        g.write(2, word="two")
        g.proc.send_signal(signal.SIGHUP)
        g.wait_log(r"signal 1 \(SIGHUP\) received from \d+, reconfiguring")
        deadline = time.monotonic() + 10
        while "two" not in words[-20:] and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=15)
    assert not failures, failures[:3]
    assert words[-1] == "two" and "one" in words
    for pid in old:             # the old workers finish and exit
        g.wait_log(rf"worker process {pid} exited with code 0")
    assert len(g.worker_pids()) == 2 and not (g.worker_pids() & old)


def test_a_bad_conf_keeps_the_old_workers(gateway) -> None:
    g = gateway(n=1)
    before = g.worker_pids()
    g.conf.write_text("events {}\nhttp { broken\n")
    g.proc.send_signal(signal.SIGHUP)
    g.wait_log(r"\[emerg\] \d+#0: reload failed: ")
    assert g.get()[0] == "one" and g.worker_pids() == before


def test_quit_lets_a_request_in_flight_finish(gateway) -> None:
    g = gateway(n=1)
    with socket.create_connection(("127.0.0.1", g.port), timeout=10) as s:
        s.sendall(b"POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345")
        time.sleep(0.3)                 # the request runs, waiting for its body
        g.proc.send_signal(signal.SIGQUIT)
        g.wait_log(r"gracefully shutting down")
        assert g.proc.poll() is None
        s.sendall(b"67890")
        answer = b""
        while not answer.endswith(b"\r\n\r\n3\r\n10\n\r\n0\r\n\r\n") and len(answer) < 4096:
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and b"Connection: close\r\n" in answer
    assert g.proc.wait(timeout=15) == 0
    assert not (g.prefix / "logs" / "moongate.pid").exists()


def test_quit_expires_the_pending_timers_prematurely(gateway) -> None:
    g = gateway(n=1)
    g.wait_log(r"init worker 0")
    g.proc.send_signal(signal.SIGQUIT)
    assert g.proc.wait(timeout=15) == 0
    assert ("timer of worker 0: premature true, exiting true, later: nilprocess exiting, "
            "context: ngx.timer") in g.log()


def test_a_signal_sent_while_a_worker_starts_is_not_lost(gateway) -> None:
    g = gateway(n=1)
    g.wait_log(r"init worker 0")
    # the workers of the reload spin for a second in init_worker_by_lua
    g.conf.write_text(g.conf.read_text().replace(
        'ngx.log(ngx.NOTICE, "init worker ", ngx.worker.id())',
        'ngx.log(ngx.NOTICE, "init worker ", ngx.worker.id(), " again") '
        'local stop_at = os.clock() + 1 while os.clock() < stop_at do end'))
    g.proc.send_signal(signal.SIGHUP)
    g.wait_log(r"init worker 0 again")
    g.proc.send_signal(signal.SIGQUIT)      # the new worker is still starting
    assert g.proc.wait(timeout=15) == 0


def test_term_stops_the_master_and_its_workers(gateway) -> None:
    g = gateway(n=2)
    pids = g.worker_pids()
    g.proc.send_signal(signal.SIGTERM)
    assert g.proc.wait(timeout=15) == 0
    for pid in pids:
        g.wait_log(rf"worker process {pid} exited")


def test_a_main_setting_given_twice_is_an_error(prefix: Path) -> None:
    (prefix / "conf" / "nginx.conf").write_text("worker_processes 1;\nevents {}\nhttp {}\n")
    r = _moongate(prefix, "-t", "-c", "conf/nginx.conf", "-g", "worker_processes 2;")
    assert r.returncode == 1
    assert f'"worker_processes" directive is duplicate in {prefix}/conf/nginx.conf:1' in r.stderr


def test_a_shared_dict_is_one_for_all_workers_and_outlives_a_reload(gateway) -> None:
    g = gateway(n=2, opts=" reuseport")

    def count() -> tuple[int, int]:
        with urllib.request.urlopen(f"http://127.0.0.1:{g.port}/count", timeout=5) as r:
            wid, n = r.read().split()
        return int(wid), int(float(n))

    seen = [count() for _ in range(60)]
    assert {wid for wid, _ in seen} == {0, 1}           # both workers answered
    assert [n for _, n in seen] == list(range(1, 61))   # and counted in one dict
    g.proc.send_signal(signal.SIGHUP)
    g.wait_log(r"signal 1 \(SIGHUP\) received")
    deadline = time.monotonic() + 10
    while len(g.worker_pids()) != 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert count()[1] > 60                              # the new workers see the same zone


def test_a_limit_req_zone_is_one_for_all_workers(gateway) -> None:
    g = gateway(n=2, opts=" reuseport")
    passed, refused = [], 0
    for _ in range(30):         # a connection each: the kernel spreads them over both
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{g.port}/limited", timeout=5) as r:
                passed.append(int(r.read()))
        except urllib.error.HTTPError as e:
            assert e.code == 503
            refused += 1
    assert (len(passed), refused) == (3, 27)        # the first and a burst of 2, in all
    limiting = g.wait_log(r"limiting requests, excess: 3\.000 by zone \"perip\"")
    pids = {int(p) for p in re.findall(r"\[error\] (\d+)#0: \*\d+ limiting requests", g.log())}
    assert limiting and pids | set(passed) == g.worker_pids()      # both workers limited
