#!/usr/bin/env python3
"""User-space instructions per request: Moongate, OpenResty and the floor.

wrk's req/s on this machine moves by 10-20% between runs (2 shared cores),
which hides most changes to the server's own work. Instructions do not
move: each front runs under valgrind's callgrind, is warmed up, and its
counters are dumped before and after a fixed number of keep-alive requests
(over several connections at once, so that one loop turn serves several,
as under wrk). Only user space is counted: the kernel's share (the reads,
writes and epoll of a request, ~6-8 us here) is the same for every front.

Fronts: Moongate and OpenResty on bench/http/front.conf (one worker,
access_log off), and the floor (bench/floor.py: uvloop + httptools
writing a canned response, in every scenario: the least a Python front
does before any work of its own). Scenarios and their requests are run_http.py's;
the proxy ones go to its backend nginx, which runs outside valgrind.

    python3 bench/run_instructions.py                    # every scenario, 2000 requests
    python3 bench/run_instructions.py --only hello --requests 4000

Needs valgrind (apt-get install valgrind) and nginx with the Lua module.
"""

from __future__ import annotations

import argparse
import selectors
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (
    LOAD_MODULES,
    ROOT,
    BenchError,
    Server,
    fill,
    find_nginx,
    free_ports,
    host_line,
    make_prefix,
    markdown_table,
    moongate_server,
    nginx_server,
    pick,
    start,
    stop,
)
from run_http import SCENARIOS, Scenario, make_backend

FRONTS = ["moongate", "OpenResty", "floor"]
WARMUP = 300
# valgrind runs a front ~50x slower: start-up takes a while
START_TIMEOUT = 180.0


def front_conf(port: int, backend_port: int) -> str:
    return fill((ROOT / "bench" / "http" / "front.conf").read_text(), PORT=port,
                BACKEND_PORT=backend_port, WORKERS=1, MASTER_PROCESS="off", REUSEPORT="")


def make_front(name: str, workdir: Path, nginx: str, backend_port: int) -> Server:
    (port,) = free_ports(1)
    if name == "floor":
        prefix = workdir / name
        (prefix / "logs").mkdir(parents=True)
        return Server(name, [sys.executable, str(ROOT / "bench" / "floor.py"), str(port)],
                      prefix, port)
    if name == "moongate":
        conf = front_conf(port, backend_port)
        return moongate_server(name, None, make_prefix(workdir, name, "front.conf", conf),
                               "front.conf", port)
    prefix = make_prefix(workdir, "openresty", "front.conf",
                         LOAD_MODULES + front_conf(port, backend_port))
    return nginx_server(name, nginx, prefix, "front.conf", port, globals_=None)


def drive(port: int, scenario: Scenario, n: int, connections: int) -> None:
    """n of the scenario's GET requests over keep-alive connections, each
    sent when the connection's previous response is whole."""
    head = "".join(f"{h}\r\n" for h in scenario.headers)
    request = f"GET {scenario.path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{head}\r\n".encode()
    sel = selectors.DefaultSelector()
    pending: dict[socket.socket, bytes] = {}
    sent = done = 0
    for _ in range(min(connections, n)):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(request)
        sent += 1
        pending[s] = b""
        sel.register(s, selectors.EVENT_READ)
    try:
        while done < n:
            for key, _ in sel.select(timeout=60):
                s = key.fileobj
                data = s.recv(65536)
                if not data:
                    raise BenchError(f"port {port}: connection closed after {done} responses")
                pending[s] += data
                while (end := _response_end(pending[s])) is not None:
                    pending[s] = pending[s][end:]
                    done += 1
                    if sent < n:
                        s.sendall(request)
                        sent += 1
    finally:
        for s in pending:
            s.close()


def _response_end(buf: bytes) -> int | None:
    """Where the first whole response in buf ends (None: not whole yet)."""
    head, sep, rest = buf.partition(b"\r\n\r\n")
    if not sep:
        return None
    lower = head.lower()
    if b"transfer-encoding: chunked" in lower:
        if rest.startswith(b"0\r\n\r\n"):
            return len(head) + 4 + 5
        end = rest.find(b"\r\n0\r\n\r\n")
        return None if end < 0 else len(head) + 4 + end + 7
    length = int(lower.split(b"content-length:")[1].split(b"\r\n")[0])
    return len(head) + 4 + length if len(rest) >= length else None


def dump(server: Server, scenario: Scenario) -> None:
    """Have callgrind write its counters (and zero them). It takes the
    command when the front next runs: requests wake it until it has."""
    control = subprocess.Popen(["callgrind_control", "-d", str(server.proc.pid)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while control.poll() is None:
        if time.monotonic() > deadline:
            control.kill()
            raise BenchError(f"{server.name}: callgrind_control -d did not return")
        drive(server.port, scenario, 1, 1)
        time.sleep(0.05)


def total(out: Path) -> int:
    for line in out.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise BenchError(f"no totals in {out}")


def count(name: str, scenario: Scenario, n: int, connections: int, workdir: Path, nginx: str,
          backend_port: int) -> float:
    """Instructions per request of one front on one scenario."""
    server = make_front(name, workdir, nginx, backend_port)
    out = server.prefix / "callgrind.out"
    server.argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *server.argv]
    start(server, START_TIMEOUT)
    try:
        drive(server.port, scenario, WARMUP, connections)
        dump(server, scenario)
        drive(server.port, scenario, n, connections)
        dump(server, scenario)
    finally:
        stop(server)
    return total(Path(f"{out}.2")) / n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="comma-separated scenarios: " + ", ".join(s.name for s in SCENARIOS))
    ap.add_argument("--requests", type=int, default=2000, help="counted requests (default 2000)")
    ap.add_argument("--connections", type=int, default=16, help="keep-alive connections (default 16)")
    args = ap.parse_args()
    missing: list[str] = []
    nginx = find_nginx(missing)
    if missing:
        print("missing: " + "; ".join(missing), file=sys.stderr)
        return 2
    by_name = {s.name: s for s in SCENARIOS}
    rows = []
    with tempfile.TemporaryDirectory(prefix="moongate-instr-") as tmp:
        backend = make_backend(Path(tmp), nginx)
        start(backend)
        try:
            for name in pick(args.only, list(by_name)):
                counts = {}
                for front in FRONTS:
                    counts[front] = count(front, by_name[name], args.requests, args.connections,
                                          Path(tmp) / name, nginx, backend.port)
                    print(f"  {name:13} {front:10} {counts[front]:9,.0f} instructions/request",
                          file=sys.stderr)
                rows.append(_row(name, counts))
        finally:
            stop(backend)
    print(f"- Command: `python3 bench/run_instructions.py --requests {args.requests} "
          f"--connections {args.connections}`")
    print(host_line())
    print()
    print("\n".join(markdown_table(
        ["scenario", "moongate instr/req", "OpenResty instr/req", "floor instr/req",
         "moongate/OpenResty"], rows)))
    return 0


def _row(name: str, counts: dict[str, float]) -> list[str]:
    return [name, f"{counts['moongate']:,.0f}", f"{counts['OpenResty']:,.0f}",
            f"{counts['floor']:,.0f}", f"{counts['moongate'] / counts['OpenResty']:.2f}x"]


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"run_instructions.py: {exc}", file=sys.stderr)
        sys.exit(1)
