#!/usr/bin/env python3
"""The Python cost of one request, measured inside the process, without wrk.

wrk on this machine shares 2 noisy cores with the server, so a change of
10% in the server's own work often hides in its req/s. This script drives
a Moongate worker the way the event loop does: C keep-alive connections
with transports that only record what is written, one whole request per
read, C reads per loop turn. It reports microseconds of Python per
request for the scenarios of bench/http/front.conf that need no backend
(hello, echo), side by side with its anchor: the least a Python server on
the same libraries does per request (httptools parses the same bytes, the
protocol writes a fixed response). Served over real sockets, such a
server answers wrk about as fast as OpenResty does here (~100k req/s,
session 11): the ratio is what Moongate's own layers cost.

    python3 bench/run_inprocess.py                    # hello and echo, 7 batches each
    python3 bench/run_inprocess.py --only echo --requests 50000 --batches 9

Batches are timed one after another and the best (the least disturbed) is
kept. Every response is checked to be a 200 with the scenario's body.

--opcodes N then runs N more requests under sys.settrace and prints, per
request, the bytecodes each Python function of the gateway and the VM
executed and how often it was called: where the interpreter's time goes
(bench/run_instructions.py counts the instructions as a whole).

    python3 bench/run_inprocess.py --only hello --opcodes 1000
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, fill, pick
from floor import Floor

sys.path.insert(0, str(ROOT))

import uvloop  # noqa: E402

from gateway import config  # noqa: E402
from gateway.routing import ServerNames  # noqa: E402
from gateway.server import Connection  # noqa: E402
from gateway.worker import Worker  # noqa: E402

HEADERS = b"Host: 127.0.0.1:8080\r\nUser-Agent: wrk\r\nX-Token: secret\r\n\r\n"
SCENARIOS = {
    "hello": (b"/hello", b"hello, world\n"),
    "echo": (b"/echo", b"uri: /echo, args: nil\n"),
}

class Transport:
    """What a connection writes to; the last write is kept for checking."""
    __slots__ = ("last",)

    def __init__(self) -> None:
        self.last = b""

    def write(self, data: bytes) -> None:
        self.last = data

    def get_extra_info(self, name: str):
        return ("127.0.0.1", 40000)

    def close(self) -> None:
        pass

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def make_floor() -> Floor:
    floor = Floor()
    floor.connection_made(Transport())
    return floor


async def drive(make, request: bytes, conns: int, requests: int, batches: int) -> tuple[float, bytes]:
    """Best microseconds per request over the batches, and a response."""
    best = float("inf")
    last = b""
    for _ in range(batches + 1):        # the first batch warms up
        clients = [make() for _ in range(conns)]
        start = time.perf_counter()
        for _ in range(requests // conns):
            for c in clients:
                c.data_received(request)
            await asyncio.sleep(0)      # a loop turn: the requests run
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        last = clients[-1].transport.last
    return best / (requests // conns * conns) * 1e6, last


def opcodes(loop, make, request: bytes, conns: int, requests: int) -> None:
    """Bytecodes and calls per request, by function, of `requests` requests
    (after as many untraced, so that first-time work is not counted)."""
    counts: collections.Counter = collections.Counter()
    calls: collections.Counter = collections.Counter()
    bench = str(ROOT / "bench")

    def tracer(frame, event, arg):
        code = frame.f_code
        if code.co_filename.startswith(bench):
            return None
        frame.f_trace_opcodes = True
        where = f"{Path(code.co_filename).name}:{code.co_firstlineno} {code.co_name}"
        if event == "call":
            calls[where] += 1
        elif event == "opcode":
            counts[where] += 1
        return tracer

    loop.run_until_complete(drive(make, request, conns, requests, 0))
    sys.settrace(tracer)
    try:
        loop.run_until_complete(drive(make, request, conns, requests, 0))
    finally:
        sys.settrace(None)
    n = requests // conns * conns
    print(f"  {sum(counts.values()) / n:.0f} bytecodes, {sum(calls.values()) / n:.1f} calls a request")
    for where, count in counts.most_common(25):
        print(f"  {count / n:8.1f} {calls[where] / n:6.2f}  {where}")


def moongate_maker(worker: Worker, names: ServerNames):
    def make() -> Connection:
        c = Connection(worker, names)
        c.connection_made(Transport())
        return c
    return make


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="comma-separated scenarios: " + ", ".join(SCENARIOS))
    ap.add_argument("--requests", type=int, default=20000, help="requests per batch (default 20000)")
    ap.add_argument("--batches", type=int, default=7, help="timed batches (default 7)")
    ap.add_argument("--connections", type=int, default=50, help="keep-alive connections (default 50)")
    ap.add_argument("--opcodes", type=int, default=0, metavar="N",
                    help="then count bytecodes by function over N requests")
    args = ap.parse_args()
    names_wanted = pick(args.only, list(SCENARIOS))

    with tempfile.TemporaryDirectory(prefix="moongate-inprocess-") as tmp:
        prefix = Path(tmp)
        (prefix / "logs").mkdir()
        conf = fill((ROOT / "bench" / "http" / "front.conf").read_text(), PORT=1, BACKEND_PORT=1,
                    WORKERS=1, MASTER_PROCESS="off", REUSEPORT="")
        (prefix / "front.conf").write_text(conf)
        main_conf = config.load(str(prefix / "front.conf"), str(prefix))
        loop = uvloop.new_event_loop()
        asyncio.set_event_loop(loop)
        worker = Worker(main_conf)
        server = main_conf.http.servers[0]
        make = moongate_maker(worker, ServerNames([server], server))
        rows = []
        wrong = False
        for name in names_wanted:
            path, body = SCENARIOS[name]
            request = b"GET " + path + b" HTTP/1.1\r\n" + HEADERS
            ours, answer = loop.run_until_complete(
                drive(make, request, args.connections, args.requests, args.batches))
            floor, _ = loop.run_until_complete(
                drive(make_floor, request, args.connections, args.requests, args.batches))
            ok = answer.startswith(b"HTTP/1.1 200 OK\r\n") and b"\r\n\r\n" + body in answer
            wrong = wrong or not ok
            rows.append((name, ours, floor, ok))
            if args.opcodes:
                print(f"{name}: bytecodes a request (per call of each function: count, calls)")
                opcodes(loop, make, request, args.connections, args.opcodes)
        worker.close()
        loop.close()
    print(f"{'scenario':<10} {'moongate us/req':>16} {'floor us/req':>13} {'ratio':>7}")
    for name, ours, floor, ok in rows:
        print(f"{name:<10} {ours:>16.2f} {floor:>13.2f} {ours / floor:>6.1f}x{'' if ok else '  WRONG RESPONSE'}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
