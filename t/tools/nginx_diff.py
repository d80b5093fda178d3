#!/usr/bin/env python3
"""Send the same raw requests to real OpenResty (Debian's nginx with
lua-nginx-module) and to Moongate on the same conf, and print where the
answers differ: the status line, the headers (without Date, Server,
Last-Modified, ETag, Content-Length and Transfer-Encoding, which differ
by design or by time) and the body (nginx's chunked bodies de-chunked;
ports and nginx's name read as the same). A dev-time tool, as
nginx_expect.py: it finds behaviour to look at, the test blocks then pin
what is decided.

A spec file is Python that defines CONF (an nginx.conf with `@PORT@`
where the port goes; the lines that load the Lua module are added for
nginx), REQUESTS (raw request bytes, each sent on a connection of its
own: end them with `Connection: close`) and, optionally, FILES (path
under the prefix -> content):

    CONF = '''events {}
    http { server { listen 127.0.0.1:@PORT@; location / { return 200 "$host\\n"; } } }'''
    REQUESTS = [b"GET / HTTP/1.1\\r\\nHost: a.test\\r\\nConnection: close\\r\\n\\r\\n"]

    nginx_diff.py spec.py            the requests that differ, and a count
    nginx_diff.py -v spec.py         also both servers' error.log lines of level error and up
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nginx_blocks import REPO, exchange, free_port, gateway_command  # noqa: E402

MODULES = ("load_module /usr/lib/nginx/modules/ndk_http_module.so;\n"
           "load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;\n")
PACKAGE_PATH = 'lua_package_path "/usr/share/lua/5.1/?.lua;;";'
NOT_COMPARED = frozenset({"date", "server", "last-modified", "etag", "keep-alive",
                          "content-length", "transfer-encoding"})
PORT = re.compile(rb":1\d{4}\b")        # free_port's range
NGINX_NAME = re.compile(rb"nginx/\d+\.\d+\.\d+")
SERIOUS = ("[error]", "[alert]", "[crit]", "[emerg]")
ANSWER_TIMEOUT = 2.0


def start(kind: str, prefix: Path, conf: str, port: int) -> subprocess.Popen:
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    (prefix / "conf").mkdir(exist_ok=True)
    text = conf.replace("@PORT@", str(port))
    if kind == "nginx":
        # in the foreground, one process, unless the conf says otherwise
        lead = MODULES + "".join(f"{name} off;\n" for name in ("daemon", "master_process")
                                 if name not in text)
        if "error_log" not in text:         # nginx's own default is outside the prefix
            lead += "error_log logs/error.log info;\n"
        text = lead + text.replace("http {", "http { " + PACKAGE_PATH, 1)
        argv = ["nginx", "-p", str(prefix), "-c", "conf/nginx.conf"]
        env = None
    else:
        argv = gateway_command(prefix, "conf/nginx.conf")
        env = dict(os.environ, PYTHONPATH=str(REPO))
    (prefix / "conf" / "nginx.conf").write_text(text)
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"{kind} did not start (see {prefix}/logs/error.log)")


def dechunk(body: bytes) -> bytes:
    out = b""
    while body:
        size, _, rest = body.partition(b"\r\n")
        try:
            n = int(size, 16)
        except ValueError:
            return out + b"<bad chunk>" + body
        if n == 0:
            break
        out += rest[:n]
        body = rest[n + 2:]
    return out


def normalise(answer: bytes) -> tuple[str, list[str], bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if any(line.lower() == "transfer-encoding: chunked" for line in lines):
        body = dechunk(body)
    headers = sorted(PORT.sub(b":PORT", line.encode("latin-1")).decode("latin-1")
                     for line in lines[1:] if line.split(":")[0].lower() not in NOT_COMPARED)
    return lines[0], headers, NGINX_NAME.sub(b"moongate", PORT.sub(b":PORT", body))


def compare(conf: str, requests: list[bytes], files: dict[str, str | bytes],
            verbose: bool = False) -> int:
    """Print the requests answered differently; how many were."""
    with tempfile.TemporaryDirectory() as tmp:
        prefixes = {kind: Path(tmp) / kind for kind in ("nginx", "moongate")}
        ports, procs = {}, []
        try:
            for kind, prefix in prefixes.items():
                for name, content in files.items():
                    path = prefix / name
                    path.parent.mkdir(parents=True, exist_ok=True)
                    if isinstance(content, bytes):
                        path.write_bytes(content)
                    else:
                        path.write_text(content)
                ports[kind] = free_port()
                procs.append(start(kind, prefix, conf, ports[kind]))
            differ = 0
            for raw in requests:
                # each answer: until the server closes, or 2 s of silence
                theirs = normalise(exchange(ports["nginx"], raw, ANSWER_TIMEOUT))
                ours = normalise(exchange(ports["moongate"], raw, ANSWER_TIMEOUT))
                if theirs != ours:
                    differ += 1
                    _show(raw, theirs, ours)
            print(f"{len(requests) - differ}/{len(requests)} answered alike")
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait()
        if verbose:
            for kind, prefix in prefixes.items():
                log = prefix / "logs" / "error.log"
                print(f"--- {kind} error.log")
                if log.exists():
                    print("\n".join(line for line in log.read_text().splitlines()
                                    if any(level in line for level in SERIOUS)))
        return differ


def _show(raw: bytes, theirs, ours) -> None:
    print("==", raw[:120])
    for what, a, b in zip(("status", "headers", "body"), theirs, ours):
        if a != b:
            print(f"  {what} nginx: {a if what != 'body' else a[:600]!r}")
            print(f"  {what} ours:  {b if what != 'body' else b[:600]!r}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("spec", help="a Python file defining CONF, REQUESTS and optionally FILES")
    ap.add_argument("-v", action="store_true", help="show error.log lines of level error and up")
    args = ap.parse_args()
    spec: dict = {}
    exec(compile(Path(args.spec).read_text(), args.spec, "exec"), spec)
    differ = compare(spec["CONF"], spec["REQUESTS"], spec.get("FILES", {}), args.v)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
