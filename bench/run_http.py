#!/usr/bin/env python3
"""Load-test Moongate and OpenResty side by side with wrk (bench/http/*.conf).

Both fronts run the same conf (bench/http/front.conf, one worker, access_log
off); the proxy scenario's backend is one plain nginx (bench/http/backend.conf)
shared by both, so only the front differs. Each scenario gets a short warm-up
on each front, then --reps timed wrk runs per front, interleaved in a rotated
order so both share the machine's noise; the table shows medians and the
ratio moongate/OpenResty measured in this one run.

    python3 bench/run_http.py                       # all scenarios, 3 reps, print the table
    python3 bench/run_http.py --only hello --reps 5 --duration 10
    python3 bench/run_http.py --write               # also update bench/RESULTS.md

Before timing, every scenario is requested once on both fronts: status 200
and the same body (for proxy also 403 without the token). A wrong Moongate
response is reported, marked WRONG and not timed.

Exit status: 0 if every response was right, 1 on a wrong response or a
front that died, 2 on bad arguments or a missing wrk/nginx.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    LOAD_MODULES,
    ROOT,
    BenchError,
    Server,
    add_server_options,
    cmd_output,
    died,
    error_log_notes,
    exit_status,
    fill,
    find_nginx,
    free_ports,
    host_line,
    http_get,
    load_line,
    log,
    make_prefix,
    moongate_server,
    nginx_server,
    now_stamp,
    pick,
    rotated,
    run_in_workdir,
    servers_running,
    table_with_notes,
    write_section,
)

CONF_DIR = ROOT / "bench" / "http"
START_MARK = "<!-- http:begin -->"
END_MARK = "<!-- http:end -->"

OURS = "moongate"
OPENRESTY = "OpenResty"


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    headers: tuple[str, ...] = ()
    # Issue's bar for moongate/OpenResty req/s, None where there is none yet.
    target: float | None = None
    # Also request without the headers and expect this status (proxy: 403).
    bare_status: int | None = None


SCENARIOS = [
    Scenario("hello", "/hello", target=0.6),
    Scenario("echo", "/echo?a=1&b=two", headers=("User-Agent: wrk-bench",), target=0.5),
    Scenario("proxy", "/proxy", headers=("X-Token: secret",), bare_status=403),
]


@dataclass
class WrkRun:
    rps: float
    p50_ms: float
    p99_ms: float
    # Anything but clean 2xx: non-2xx responses, socket errors (wrk's words).
    trouble: list[str] = field(default_factory=list)


@dataclass
class Cell:
    """One front on one scenario, over all repetitions."""

    runs: list[WrkRun] = field(default_factory=list)
    error: str | None = None  # set once: the rest of the repetitions are skipped
    wrong: bool = False

    def median(self, attr: str) -> float | None:
        if self.error or self.wrong or not self.runs:
            return None
        return statistics.median(getattr(r, attr) for r in self.runs)


# -- confs -----------------------------------------------------------------------


def make_servers(workdir: Path, moongate_cmd: str | None, nginx: str) -> tuple[Server, list[Server]]:
    """The backend and the two fronts, with their confs written under workdir."""
    backend_port, ours_port, or_port = free_ports(3)
    front = (CONF_DIR / "front.conf").read_text()
    backend_conf = fill((CONF_DIR / "backend.conf").read_text(), BACKEND_PORT=backend_port)
    be = make_prefix(workdir, "backend", "backend.conf", backend_conf)
    ours = make_prefix(workdir, OURS, "front.conf", fill(front, PORT=ours_port, BACKEND_PORT=backend_port))
    or_conf = LOAD_MODULES + fill(front, PORT=or_port, BACKEND_PORT=backend_port)
    orr = make_prefix(workdir, "openresty", "front.conf", or_conf)
    backend = nginx_server("backend nginx", nginx, be, "backend.conf", backend_port)
    fronts = [
        moongate_server(OURS, moongate_cmd, ours, "front.conf", ours_port),
        nginx_server(OPENRESTY, nginx, orr, "front.conf", or_port),
    ]
    return backend, fronts


def find_tools(wrk_arg: str | None) -> tuple[str, str]:
    """wrk and nginx (with the Lua module), or a BenchError that says what is missing."""
    wrk = wrk_arg or shutil.which("wrk")
    missing = []
    if not wrk or not os.access(wrk, os.X_OK):
        missing.append("wrk (apt-get install wrk)")
    nginx = find_nginx(missing)
    if missing:
        raise BenchError("missing: " + "; ".join(missing))
    assert wrk and nginx
    return wrk, nginx


# -- checking responses ------------------------------------------------------------


def verify(scenario: Scenario, ours: Server, ref: Server) -> str | None:
    """Why Moongate's answer differs from OpenResty's, or None if it is right.

    OpenResty is the reference; if it does not answer 200 the bench conf
    itself is broken and nothing can be measured (BenchError).
    """

    def fetch(server: Server, headers: tuple[str, ...]) -> tuple[int, bytes]:
        try:
            status, body = http_get(server.port, scenario.path, headers)
        except (OSError, http.client.HTTPException) as exc:
            return 0, f"request failed: {exc!r}".encode()
        # The echo body shows the Host header, whose port differs per front.
        return status, body.replace(b":%d" % server.port, b":PORT")

    ref_status, ref_body = fetch(ref, scenario.headers)
    if ref_status != 200:
        raise BenchError(f"{ref.name} answered {scenario.path} with {ref_status}: {ref_body[:200]!r}")
    status, body = fetch(ours, scenario.headers)
    if (status, body) != (200, ref_body):
        return f"{scenario.path}: got {status} {body[:300]!r}, {ref.name} sent 200 {ref_body[:300]!r}"
    if scenario.bare_status is not None:
        for server in (ref, ours):
            bare, _ = fetch(server, ())
            if bare != scenario.bare_status:
                msg = f"{scenario.path} without {scenario.headers}: {bare}, expected {scenario.bare_status}"
                if server is ref:
                    raise BenchError(f"{ref.name}: {msg}")
                return msg
    return None


# -- wrk ------------------------------------------------------------------------


LATENCY_RE = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(text: str) -> WrkRun:
    """Requests/sec, p50 and p99 (ms) and any errors from `wrk --latency` output."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    lat = {p: float(v) * UNIT_MS[u] for p, v, u in LATENCY_RE.findall(text)}
    if not rps or "50" not in lat or "99" not in lat:
        raise ValueError("unexpected wrk output: " + " | ".join(text.strip().splitlines()[-4:]))
    trouble = []
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text):
        trouble.append(f"{m.group(1)} non-2xx/3xx responses")
    if (m := re.search(r"Socket errors:\s+(.*)", text)) and re.search(r"[1-9]", m.group(1)):
        trouble.append(f"socket errors: {m.group(1).strip()}")
    return WrkRun(float(rps.group(1)), lat["50"], lat["99"], trouble)


def run_wrk(wrk: str, server: Server, scenario: Scenario, args: argparse.Namespace, secs: float) -> WrkRun:
    argv = [wrk, "-t", str(args.threads), "-c", str(args.connections), "-d", f"{secs:g}s", "--latency"]
    for h in scenario.headers:
        argv += ["-H", h]
    argv.append(f"http://127.0.0.1:{server.port}{scenario.path}")
    # wrk itself never hangs past -d by much; the margin covers a stuck server.
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=secs + 30, check=False)
    if proc.returncode != 0:
        raise ValueError(f"wrk exit {proc.returncode}: {(proc.stderr or proc.stdout).strip()[:200]}")
    return parse_wrk(proc.stdout)


def measure(
    wrk: str, scenario: Scenario, fronts: list[Server], cells: dict[str, Cell], args: argparse.Namespace
) -> None:
    """Warm each front up, then the timed repetitions, interleaved and rotated."""
    for rep in range(-1, args.reps):  # -1: the warm-up, not recorded
        for server in rotated(fronts, max(rep, 0)):
            cell = cells[server.name]
            if cell.error or cell.wrong:
                continue
            secs = args.warmup if rep < 0 else args.duration
            try:
                run = run_wrk(wrk, server, scenario, args, secs)
            except (ValueError, subprocess.TimeoutExpired) as exc:
                cell.error = str(exc)
            if gone := died(server):
                cell.error = gone
            if cell.error:
                log(args, f"  {scenario.name:<6} {server.name:<10} ERROR {cell.error}")
                continue
            label = "warm-up" if rep < 0 else f"rep {rep + 1}/{args.reps}"
            if rep >= 0:
                cell.runs.append(run)
            log(
                args,
                f"  {scenario.name:<6} {server.name:<10} {label:<8} {run.rps:>10.0f} req/s  "
                f"p50 {run.p50_ms:.2f} ms  p99 {run.p99_ms:.2f} ms  {'; '.join(run.trouble)}".rstrip(),
            )


# -- the table -------------------------------------------------------------------


def fmt_rps(cell: Cell) -> str:
    if cell.wrong:
        return "WRONG"
    med = cell.median("rps")
    return f"{med:,.0f}" if med is not None else "n/a"


def fmt_lat(cell: Cell) -> str:
    p50, p99 = cell.median("p50_ms"), cell.median("p99_ms")
    return f"{p50:.2f} / {p99:.2f}" if p50 is not None and p99 is not None else "n/a"


def render(scenarios: list[Scenario], results: dict[str, dict[str, Cell]], notes: list[str]) -> str:
    header = [
        "scenario", f"{OURS} req/s", f"{OPENRESTY} req/s", "ratio", "target",
        f"{OURS} p50 / p99 (ms)", f"{OPENRESTY} p50 / p99 (ms)",
    ]  # fmt: skip
    rows = []
    for sc in scenarios:
        ours, ref = results[sc.name][OURS], results[sc.name][OPENRESTY]
        a, b = ours.median("rps"), ref.median("rps")
        r = a / b if a is not None and b else None
        target = "—"
        if sc.target is not None:
            verdict = "" if r is None else (" met" if r >= sc.target else " **not met**")
            target = f"≥ {sc.target:.1f}x{verdict}"
        rows.append(
            [sc.name, fmt_rps(ours), fmt_rps(ref), f"{r:.2f}x" if r is not None else "n/a", target,
             fmt_lat(ours), fmt_lat(ref)]
        )  # fmt: skip
    return table_with_notes(header, rows, notes)


def collect_notes(
    scenarios: list[Scenario], results: dict[str, dict[str, Cell]], fronts: list[Server]
) -> list[str]:
    """Errors, wrong answers and wrk's complaints, one line each, for under the table."""
    notes = []
    for sc in scenarios:
        for name, cell in results[sc.name].items():
            if cell.wrong and cell.error:
                notes.append(f"**{sc.name} on {name}: WRONG RESPONSE**: {cell.error}")
            elif cell.error:
                notes.append(f"{sc.name} on {name}: {cell.error.splitlines()[0]}")
            trouble = sorted({t for run in cell.runs for t in run.trouble})
            if trouble:
                notes.append(f"{sc.name} on {name} (some runs): {'; '.join(trouble)}")
    return notes + error_log_notes(fronts)


# -- RESULTS.md ------------------------------------------------------------------


def machine_info(wrk: str, nginx: str, load: tuple[float, float, float]) -> list[str]:
    return [
        host_line(),
        f"- {cmd_output([nginx, '-v'])} + libnginx-mod-http-lua; {cmd_output([wrk, '-v'])}",
        load_line(load),
    ]


def write_results(table: str, args: argparse.Namespace, wrk: str, nginx: str) -> None:
    """Replace the HTTP section of RESULTS.md between its markers, keep the rest."""
    facts = [
        (
            f"- Method: wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s --latency, "
            f"{args.warmup:g} s warm-up then {args.reps} rep{'s' if args.reps != 1 else ''} per front, "
            "interleaved; medians. One worker each, access_log off, same conf (bench/http/front.conf); "
            "the proxy backend is one plain nginx shared by both"
        ),
        "- Targets (issue): hello ≥ 0.6x, echo ≥ 0.5x OpenResty's req/s",
        f"- Date: {now_stamp()}",
        *machine_info(wrk, nginx, args.load_before),
    ]
    write_section(START_MARK, END_MARK, "## HTTP (bench/http)", facts, table)


# -- main ------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=3, help="timed wrk runs per scenario and front (default 3)")
    ap.add_argument("--duration", type=float, default=5.0, help="seconds per timed run (default 5)")
    ap.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per front (default 2)")
    ap.add_argument("-c", "--connections", type=int, default=50, help="wrk connections (default 50)")
    # One wrk thread: the machine has 2 cores and wrk competes with the server.
    ap.add_argument("-t", "--threads", type=int, default=1, help="wrk threads (default 1)")
    ap.add_argument("--only", help="comma-separated scenarios: " + ",".join(s.name for s in SCENARIOS))
    ap.add_argument("--wrk", help="the wrk binary (default: from PATH)")
    add_server_options(ap, "HTTP")
    args = ap.parse_args()
    if args.reps < 1 or args.duration <= 0 or args.warmup < 0 or args.connections < 1 or args.threads < 1:
        ap.error("--reps, --duration, --connections and --threads must be positive")
    if args.connections < args.threads:
        ap.error("wrk needs at least as many connections as threads")
    return args


def select(only: str | None) -> list[Scenario]:
    by_name = {s.name: s for s in SCENARIOS}
    return [by_name[n] for n in pick(only, list(by_name))]


def run(args: argparse.Namespace, workdir: Path) -> int:
    scenarios = select(args.only)
    wrk, nginx = find_tools(args.wrk)
    backend, fronts = make_servers(workdir, args.moongate, nginx)
    ours, ref = fronts
    results = {sc.name: {f.name: Cell() for f in fronts} for sc in scenarios}
    log(
        args,
        f"servers under {workdir}; {OURS} :{ours.port}, {OPENRESTY} :{ref.port}, backend :{backend.port}",
    )
    with servers_running([backend, *fronts]):
        for sc in scenarios:
            if problem := verify(sc, ours, ref):
                print(f"\n*** WRONG RESPONSE from {OURS}: {problem} ***", file=sys.stderr)
                results[sc.name][OURS] = Cell(error=problem, wrong=True)
        for sc in scenarios:
            measure(wrk, sc, fronts, results[sc.name], args)
    table = render(scenarios, results, collect_notes(scenarios, results, fronts))
    print(table)
    if args.write:
        write_results(table, args, wrk, nginx)
    return exit_status(results)


def main() -> int:
    return run_in_workdir("run_http.py", parse_args(), run)


if __name__ == "__main__":
    sys.exit(main())
