"""Gateway blocks of `t/**/*.t`: Test::Nginx's sections, run against a real
gateway on loopback.

    === TEST 1: hello
    --- config
    location = /t {
        content_by_lua_block { ngx.say("hi") }
    }
    --- request
    GET /t
    --- response_body
    hi

Each block writes a conf into a fresh prefix directory, starts
`python -m gateway.cli -p PREFIX -c conf/nginx.conf` (or conf/moongate.yaml)
on a free port, sends its request(s) over a socket, stops the gateway and
checks what came back and what error.log says.

Sections (a block is a gateway block when it has any of the first five):
  config         nginx syntax, inside `server { listen ...; server_name localhost; }`
  http_config    nginx syntax, inside `http { }` before the server
  main_config    nginx syntax, at the top level
  yaml_config    YAML mapping of server-level directives: the conf is then
                 conf/moongate.yaml (with `yaml_http_config` for http level)
  yaml_http_config
  request        `METHOD /uri` [`HTTP/1.0`], then the body lines if any;
                 HTTP/1.1 with Host: localhost and Connection: close is added
  raw_request    the exact bytes to send instead (`\r\n` written as is; a
                 trailing newline of the section is dropped)
  more_headers   `Name: value` lines added to the request
  pipelined_requests  one request line per line, sent at once; their bodies joined
  user_files     files under the prefix: `>>> html/a.txt` then its content
  response_body  the body, exactly (trailing newlines of the section: one kept
                 when the body has one... compared after stripping both)
  response_body_like  a regex (re.S) the whole body must match
  error_code     the status
  response_headers  `Name: value` lines that must be there; `!Name` must be absent
  error_log      lines each of which must be a substring of error.log
  error_log_like  lines each of which is a regex that must match in error.log
  no_error_log   lines none of which may appear in error.log ([error] by default)
  access_log_like  lines each of which is a regex that must match a line of
                 logs/access.log (the conf's default access_log)
  no_access_log  logs/access.log must be empty (no request was logged)
  must_die       the gateway must fail to start; error_log lines are then
                 looked for in its stderr too
  ignore_response  no response is expected (the gateway closes without one);
                 only the logs are checked
  no_response    the gateway closes the connection without a byte of answer;
                 the logs are checked too
  timeout        seconds to wait for the response (default 10)
  abort          the client closes its connection when `timeout` has passed,
                 whatever came back (Test::Nginx's); only the logs are checked
  wait           seconds to wait after the exchange before the logs are read
  note, skip     as in Lua blocks
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import httptools

GATEWAY_SECTIONS = frozenset({
    "config", "http_config", "main_config", "yaml_config", "yaml_http_config", "request",
    "raw_request", "more_headers", "pipelined_requests", "user_files", "response_body",
    "response_body_like", "error_code", "response_headers", "error_log", "error_log_like",
    "no_error_log", "access_log_like", "no_access_log", "must_die", "ignore_response",
    "no_response", "timeout",
    "abort", "wait", "note", "skip",
})
MARKERS = ("config", "http_config", "main_config", "yaml_config", "yaml_http_config")
REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 15.0

NGINX_CONF = """\
daemon off;
error_log logs/error.log debug;
pid logs/moongate.pid;
{main_config}
events {{
    worker_connections 64;
}}
http {{
    access_log logs/access.log;
    default_type text/plain;
    keepalive_timeout 68;
{http_config}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        client_max_body_size 30M;
{config}
    }}
}}
"""


def is_gateway_block(sections: dict) -> bool:
    return any(name in sections for name in MARKERS)


def check_sections(sections: dict) -> list[str]:
    problems = []
    if not any(name in sections for name in ("request", "raw_request", "pipelined_requests",
                                              "must_die")):
        problems.append("a gateway block needs '--- request', '--- raw_request', "
                        "'--- pipelined_requests' or '--- must_die'")
    if "response_body" in sections and "response_body_like" in sections:
        problems.append("'--- response_body' and '--- response_body_like' cannot be combined")
    return problems


# -- running ---------------------------------------------------------------------------

@dataclass
class Response:
    status: int = 0
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


@dataclass
class GatewayOutcome:
    responses: list[Response]
    error_log: str
    stderr: str
    started: bool
    raw: bytes = b""
    port: int = 0           # the server's, for $TEST_NGINX_SERVER_PORT in expectations
    access_log: str = ""


# Ports for the servers tests start: below the kernel's ephemeral range
# (where port 0 binds and outgoing connections take theirs) and one stripe per
# xdist worker, so that no other test process can take a port between
# free_port and the server's own bind (a port 0 pick could be handed to
# another worker's server too, which then answered for ours).
_PORTS_FIRST, _PORTS_END = 10000, 32768


def _port_stripe() -> range:
    workers = max(int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")), 1)
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0) % workers
    size = (_PORTS_END - _PORTS_FIRST) // workers
    return range(_PORTS_FIRST + size * worker, _PORTS_FIRST + size * (worker + 1))


_stripe = _port_stripe()
_next_port = 0          # index in _stripe of the next port to try


def free_port() -> int:
    """A port of this worker's stripe that none holds now; each is handed out
    once until the stripe wraps around."""
    global _next_port
    for _ in range(len(_stripe)):
        port = _stripe[_next_port % len(_stripe)]
        _next_port += 1
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"no free port in {_stripe}")


def write_conf(sections: dict, prefix: Path, port: int, template: str = NGINX_CONF) -> str:
    """The conf file of a block, under prefix; its path relative to prefix.
    `template`: NGINX_CONF, or a variant of it with the same line numbers."""
    (prefix / "conf").mkdir(parents=True, exist_ok=True)
    (prefix / "logs").mkdir(exist_ok=True)
    (prefix / "html").mkdir(exist_ok=True)
    if "yaml_config" in sections or "yaml_http_config" in sections:
        return _write_yaml(sections, prefix, port)
    text = template.format(port=port, main_config=sections.get("main_config", ""),
                             http_config=sections.get("http_config", ""),
                             config=sections.get("config", ""))
    (prefix / "conf" / "nginx.conf").write_text(text)
    return "conf/nginx.conf"


def _write_yaml(sections: dict, prefix: Path, port: int) -> str:
    def indent(text: str, n: int) -> str:
        return "".join(" " * n + line + "\n" for line in text.splitlines())

    text = ("daemon: off\nerror_log: logs/error.log debug\npid: logs/moongate.pid\n"
            "events:\n  worker_connections: 64\nhttp:\n  access_log: logs/access.log\n"
            "  default_type: text/plain\n" + indent(sections.get("yaml_http_config", ""), 2) +
            f"  server:\n    - listen: 127.0.0.1:{port}\n      server_name: localhost\n" +
            indent(sections.get("yaml_config", ""), 6))
    (prefix / "conf" / "moongate.yaml").write_text(text)
    return "conf/moongate.yaml"


def write_user_files(text: str, prefix: Path) -> None:
    current: list[str] | None = None
    files: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith(">>> "):
            current = files.setdefault(line[4:].strip(), [])
        elif current is not None:
            current.append(line)
    for name, lines in files.items():
        path = prefix / (name if "/" in name else "html/" + name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n")


def build_requests(sections: dict) -> bytes:
    if "raw_request" in sections:
        raw = sections["raw_request"]
        return raw.encode("utf-8", "surrogateescape").decode("unicode_escape").encode("latin-1")
    extra = sections.get("more_headers", "").strip("\n")
    if "pipelined_requests" in sections:
        lines = [ln for ln in sections["pipelined_requests"].splitlines() if ln.strip()]
        return b"".join(_request(line, "", extra, close=(i == len(lines) - 1))
                        for i, line in enumerate(lines))
    text = sections["request"].strip("\n")
    first, _, body = text.partition("\n")
    return _request(first, body, extra, close=True)


def _request(line: str, body: str, extra: str, close: bool) -> bytes:
    parts = line.split()
    method, uri = parts[0], parts[1] if len(parts) > 1 else "/"
    version = parts[2] if len(parts) > 2 else "HTTP/1.1"
    headers = [f"{method} {uri} {version}"]
    names = {h.split(":", 1)[0].strip().lower() for h in extra.splitlines() if ":" in h}
    if "host" not in names:
        headers.append("Host: localhost")
    if close and "connection" not in names:
        headers.append("Connection: close")
    headers += [h for h in extra.splitlines() if h.strip()]
    data = body.encode("utf-8", "surrogateescape")
    if body and "content-length" not in names and "transfer-encoding" not in names:
        headers.append(f"Content-Length: {len(data)}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode("utf-8", "surrogateescape") + data


def gateway_command(prefix: Path, conf: str) -> list[str]:
    return [sys.executable, "-m", "gateway.cli", "-p", str(prefix), "-c", conf]


def single_process(sections: dict) -> list[str]:
    """Test::Nginx's default, `master_process off` (given with -g, so line
    numbers stay), unless the block chooses itself."""
    if "master_process" in sections.get("main_config", "") + sections.get("yaml_config", ""):
        return []
    return ["-g", "master_process off;"]


def run(sections: dict, prefix: Path, template: str = NGINX_CONF,
        command: Callable[[Path, str], list[str]] = gateway_command) -> GatewayOutcome:
    """Run a block on the server `command` starts (t/tools/nginx_expect.py
    gives real nginx and its conf template)."""
    port = free_port()
    # Test::Nginx's variable for the server's own port (a proxy to itself).
    sections = {k: v.replace("$TEST_NGINX_SERVER_PORT", str(port)) for k, v in sections.items()}
    conf = write_conf(sections, prefix, port, template)
    if "user_files" in sections:
        write_user_files(sections["user_files"], prefix)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(command(prefix, conf) + single_process(sections), cwd=str(prefix), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        started = _wait_listening(proc, port, prefix / "logs" / "moongate.pid")
        raw = b""
        if started and "must_die" not in sections:
            timeout = float(sections.get("timeout", "10").strip() or 10)
            raw = exchange(port, build_requests(sections), timeout)
            time.sleep(float(sections.get("wait", "0").strip() or 0))
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    log_path = prefix / "logs" / "error.log"
    error_log = log_path.read_text(errors="replace") if log_path.exists() else ""
    access_path = prefix / "logs" / "access.log"
    access_log = access_path.read_text(errors="replace") if access_path.exists() else ""
    return GatewayOutcome(parse_responses(raw), error_log, err.decode(errors="replace"), started, raw,
                          port, access_log)


def _wait_listening(proc: subprocess.Popen, port: int, pid_file: Path) -> bool:
    """The server is up: its pid file is written (after it bound its port:
    another test's server that took the same free port between free_port
    and our bind must not answer for it), and the port takes connections."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if not pid_file.exists():
            time.sleep(0.03)
            continue
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.03)
    return False


@contextlib.contextmanager
def serving(prefix: Path, conf: str) -> Iterator[int]:
    """A gateway on `conf` (nginx.conf text with {port} to fill) under
    prefix, for a test that talks to it over its own sockets; its port."""
    (prefix / "conf").mkdir(exist_ok=True)
    (prefix / "logs").mkdir(exist_ok=True)
    port = free_port()
    (prefix / "conf" / "nginx.conf").write_text(conf.format(port=port))
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(gateway_command(prefix, "conf/nginx.conf"), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not _wait_listening(proc, port, prefix / "logs" / "moongate.pid"):
            raise AssertionError("the gateway did not start")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def exchange(port: int, data: bytes, timeout: float) -> bytes:
    """Send the request bytes, read until the gateway closes (or timeout)."""
    chunks = []
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


class _ResponseCollector:
    def __init__(self) -> None:
        self.responses: list[Response] = []
        self.body: list[bytes] = []

    def on_message_begin(self) -> None:
        self.responses.append(Response())
        self.body = []

    def on_status(self, status: bytes) -> None:
        pass

    def on_header(self, name: bytes, value: bytes) -> None:
        self.responses[-1].headers.append((name.decode("latin-1"), value.decode("latin-1")))

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self.responses[-1].body = b"".join(self.body)


def parse_responses(raw: bytes) -> list[Response]:
    """The responses in what came back (pipelined ones in order).

    A response to HEAD has no body whatever its Content-Length says; the
    parser cannot know that, so blocks about HEAD check the raw text."""
    collector = _ResponseCollector()
    parser = httptools.HttpResponseParser(collector)
    try:
        parser.feed_data(raw)
        if raw:
            parser.feed_data(b"")
    except httptools.HttpParserError:
        pass
    statuses = re.findall(rb"^HTTP/1\.[01] (\d{3})", raw, re.M)
    for resp, status in zip(collector.responses, statuses):
        resp.status = int(status)
    if collector.responses and collector.body and not collector.responses[-1].body:
        collector.responses[-1].body = b"".join(collector.body)     # close-delimited
    return collector.responses


# -- checking --------------------------------------------------------------------------

def check(sections: dict, got: GatewayOutcome) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    sections = {k: v.replace("$TEST_NGINX_SERVER_PORT", str(got.port)) for k, v in sections.items()}
    if "must_die" in sections:
        if got.started:
            problems.append(("must_die", "the gateway started"))
        logs = got.stderr + got.error_log
        problems += _check_log_lines(sections, logs)
        return problems
    if not got.started:
        return [("start", f"the gateway did not start:\n{got.stderr}\n{got.error_log}")]
    if "no_response" in sections and got.raw:
        problems.append(("no_response", f"the gateway answered: {got.raw[:300]!r}"))
    if "ignore_response" in sections or "abort" in sections or "no_response" in sections:
        return (problems + _check_log_lines(sections, got.error_log)
                + _check_access_log(sections, got.access_log))
    resp = got.responses[-1] if got.responses else Response()
    if not got.responses:
        problems.append(("response", f"no response; raw: {got.raw!r}\nstderr:\n{got.stderr}"))
    if "error_code" in sections and resp.status != int(sections["error_code"].strip()):
        problems.append(("error_code", f"expected {sections['error_code'].strip()}, got {resp.status}"))
    if "response_body" in sections:
        want = sections["response_body"].encode("utf-8", "surrogateescape")
        if resp.body.rstrip(b"\n") != want.rstrip(b"\n") or (want.endswith(b"\n") and
                                                             not resp.body.endswith(b"\n")):
            problems.append(("response_body", f"expected:\n{want!r}\ngot:\n{resp.body!r}"))
    if "response_body_like" in sections:
        pattern = sections["response_body_like"].strip("\n").encode()
        if not re.fullmatch(pattern, resp.body.rstrip(b"\n"), re.S):
            problems.append(("response_body_like", f"{pattern!r} does not match\n{resp.body!r}"))
    if "response_headers" in sections:
        problems += _check_headers(sections["response_headers"], resp)
    problems += _check_log_lines(sections, got.error_log)
    problems += _check_access_log(sections, got.access_log)
    return problems


def _check_access_log(sections: dict, log: str) -> list[tuple[str, str]]:
    problems = []
    for line in sections.get("access_log_like", "").splitlines():
        if line.strip() and not re.search(line.strip(), log, re.M):
            problems.append(("access_log_like", f"{line.strip()!r} matches no line of:\n{log}"))
    if "no_access_log" in sections and log:
        problems.append(("no_access_log", f"access.log has:\n{log}"))
    return problems


def _check_headers(text: str, resp: Response) -> list[tuple[str, str]]:
    problems = []
    have: dict[str, list[str]] = {}
    for name, value in resp.headers:
        have.setdefault(name.lower(), []).append(value)
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("!"):
            if line[1:].strip().lower() in have:
                problems.append(("response_headers", f"{line[1:].strip()} is present: "
                                                     f"{have[line[1:].strip().lower()]}"))
            continue
        name, _, value = line.partition(":")
        got = have.get(name.strip().lower())
        if got is None or value.strip() not in got:
            problems.append(("response_headers", f"{name.strip()}: expected {value.strip()!r}, "
                                                 f"got {got!r}"))
    return problems


def _check_log_lines(sections: dict, log: str) -> list[tuple[str, str]]:
    problems = []
    for line in sections.get("error_log", "").splitlines():
        if line.strip() and line.strip() not in log:
            problems.append(("error_log", f"{line.strip()!r} not found in:\n{log}"))
    for line in sections.get("error_log_like", "").splitlines():
        if line.strip() and not re.search(line.strip(), log):
            problems.append(("error_log_like", f"{line.strip()!r} matches nothing in:\n{log}"))
    for line in sections.get("no_error_log", "").splitlines():
        if line.strip() and line.strip() in log:
            problems.append(("no_error_log", f"{line.strip()!r} found in:\n{log}"))
    return problems
