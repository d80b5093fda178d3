#!/usr/bin/env python3
"""Load-test Moongate and OpenResty side by side with wrk (bench/http/*.conf).

Both fronts run the same conf (bench/http/front.conf, access_log off); the
proxy scenarios' backend is one plain nginx (bench/http/backend.conf) shared
by both, so only the front differs. The whole suite runs once per worker
count (--workers, default 1,2): one worker without a master, N > 1 under a
master with `listen ... reuseport`, on both fronts alike. Each scenario gets
a short warm-up on each front, then --reps timed wrk runs per front,
interleaved in a rotated order so both share the machine's noise; the
tables show medians, the ratio moongate/OpenResty measured in this one run,
and how each front's req/s grows from the fewest workers to the most.

    python3 bench/run_http.py                       # all scenarios, 1 and 2 workers, 3 reps
    python3 bench/run_http.py --only hello --workers 1 --reps 5 --duration 10
    python3 bench/run_http.py --write               # also update bench/RESULTS.md

Before timing, every scenario is requested once on both fronts, at every
worker count: status 200, the same body, the response headers the scenario
expects (for proxy also 403 without the token). A wrong Moongate response
is reported, marked WRONG and not timed.

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
import time
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
    group_pids,
    host_line,
    http_request,
    load_line,
    log,
    make_prefix,
    markdown_table,
    moongate_server,
    nginx_server,
    now_stamp,
    pick,
    rotated,
    run_in_workdir,
    servers_running,
    with_notes,
    write_section,
)

CONF_DIR = ROOT / "bench" / "http"
START_MARK = "<!-- http:begin -->"
END_MARK = "<!-- http:end -->"

OURS = "moongate"
OPENRESTY = "OpenResty"

# The targets: the per-scenario ones hold with one worker each; the
# scaling one is req/s with 2 workers over req/s with 1, on our front.
TARGET_WORKERS = 1
SCALING_TARGET = 1.6
SCALING_WORKERS = (1, 2)


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    headers: tuple[str, ...] = ()
    # Issue's bar for moongate/OpenResty req/s, None where there is none.
    target: float | None = None
    # Issue's bar for moongate/OpenResty p99 latency (at most), None where none.
    p99_target: float | None = None
    # Also request without the headers and expect this status (proxy: 403).
    bare_status: int | None = None
    # Response headers both fronts must send (value None: must not send).
    response_headers: tuple[tuple[str, str | None], ...] = ()


SCENARIOS = [
    Scenario("hello", "/hello", target=0.6),
    Scenario("echo", "/echo?a=1&b=two", headers=("User-Agent: wrk-bench",), target=0.5),
    Scenario("proxy", "/proxy", headers=("X-Token: secret",), target=0.75, p99_target=2.0, bare_status=403),
    Scenario(
        "proxy_rewrite",
        "/proxy_rewrite",
        # X-Forwarded-For: the conf appends to it (see front.conf); X-Debug:
        # cleared in Lua, so the backend's echo must show it empty.
        headers=("X-Client-Id: 42", "X-Debug: 1", "X-Forwarded-For: 10.0.0.1"),
        target=0.75,
        p99_target=2.0,
        response_headers=(("X-Gateway", "bench"), ("X-Backend", None)),
    ),
]


@dataclass
class WrkRun:
    rps: float
    p50_ms: float
    p99_ms: float
    # Anything but clean 2xx, counted: "non-2xx/3xx responses", "socket read
    # errors" (wrk's words), so the runs of a cell can be added up.
    trouble: dict[str, int] = field(default_factory=dict)


@dataclass
class Cell:
    """One front on one scenario at one worker count, over all repetitions."""

    runs: list[WrkRun] = field(default_factory=list)
    error: str | None = None  # set once: the rest of the repetitions are skipped
    wrong: bool = False

    def median(self, attr: str) -> float | None:
        if self.error or self.wrong or not self.runs:
            return None
        return statistics.median(getattr(r, attr) for r in self.runs)

    @property
    def troubled(self) -> bool:
        """Some timed request failed: wrk counts error responses in req/s too."""
        return any(r.trouble for r in self.runs)


# results[(scenario name, workers)][front name]
Results = dict[tuple[str, int], dict[str, Cell]]


# -- confs -----------------------------------------------------------------------


def make_backend(workdir: Path, nginx: str) -> Server:
    """The proxy backend, one nginx process for the whole run."""
    (port,) = free_ports(1)
    conf = fill((CONF_DIR / "backend.conf").read_text(), BACKEND_PORT=port)
    prefix = make_prefix(workdir, "backend", "backend.conf", conf)
    return nginx_server("backend nginx", nginx, prefix, "backend.conf", port)


def front_conf(port: int, backend_port: int, workers: int) -> str:
    """front.conf for one front: one worker alone, or N under a master with
    a reuseport socket each (the kernel balances connections between them)."""
    return fill(
        (CONF_DIR / "front.conf").read_text(),
        PORT=port,
        BACKEND_PORT=backend_port,
        WORKERS=workers,
        MASTER_PROCESS="on" if workers > 1 else "off",
        REUSEPORT=" reuseport" if workers > 1 else "",
    )


def make_fronts(
    workdir: Path, args: argparse.Namespace, nginx: str, backend: Server, workers: int
) -> list[Server]:
    """The two fronts for one worker count, with their confs under workdir/<workers>w."""
    ours_port, or_port = free_ports(2)
    base = workdir / f"{workers}w"
    ours = make_prefix(base, OURS, "front.conf", front_conf(ours_port, backend.port, workers))
    orr = make_prefix(
        base, "openresty", "front.conf", LOAD_MODULES + front_conf(or_port, backend.port, workers)
    )
    return [
        moongate_server(OURS, args.moongate, ours, "front.conf", ours_port),
        # No -g: daemon and master_process come from the conf, as for ours.
        nginx_server(OPENRESTY, nginx, orr, "front.conf", or_port, globals_=None),
    ]


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


def process_count_note(server: Server, workers: int, timeout: float = 10.0) -> str | None:
    """A note if the front does not run the processes its conf asks for.

    One worker: the process we started; N: a master and N workers. Workers
    are forked after the master listens, so they are given a moment.
    """
    assert server.proc is not None
    want = 1 if workers == 1 else workers + 1
    deadline = time.monotonic() + timeout
    while (have := len(group_pids(server.proc.pid))) != want and time.monotonic() < deadline:
        time.sleep(0.1)
    if have == want:
        return None
    return f"**{server.name} with {workers} worker(s): {have} processes, expected {want}**"


# -- checking responses ------------------------------------------------------------


def fetch(server: Server, scenario: Scenario, headers: tuple[str, ...]) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body, with the front's port masked in the body."""
    try:
        status, got_headers, body = http_request(server.port, scenario.path, headers)
    except (OSError, http.client.HTTPException) as exc:
        return 0, {}, f"request failed: {exc!r}".encode()
    # The echo body shows the Host header, whose port differs per front.
    return status, got_headers, body.replace(b":%d" % server.port, b":PORT")


def header_problem(scenario: Scenario, got: dict[str, str]) -> str | None:
    for name, want in scenario.response_headers:
        if (have := got.get(name.lower())) != want:
            return f"{scenario.path}: response header {name} is {have!r}, expected {want!r}"
    return None


def verify(scenario: Scenario, ours: Server, ref: Server) -> str | None:
    """Why Moongate's answer differs from OpenResty's, or None if it is right.

    OpenResty is the reference; if it does not answer 200 with the expected
    headers the bench conf itself is broken and nothing can be measured
    (BenchError).
    """
    ref_status, ref_headers, ref_body = fetch(ref, scenario, scenario.headers)
    if ref_status != 200:
        raise BenchError(f"{ref.name} answered {scenario.path} with {ref_status}: {ref_body[:200]!r}")
    if problem := header_problem(scenario, ref_headers):
        raise BenchError(f"{ref.name}: {problem}")
    status, headers, body = fetch(ours, scenario, scenario.headers)
    if (status, body) != (200, ref_body):
        return f"{scenario.path}: got {status} {body[:300]!r}, {ref.name} sent 200 {ref_body[:300]!r}"
    if problem := header_problem(scenario, headers):
        return problem
    if scenario.bare_status is not None:
        for server in (ref, ours):
            bare, _, _ = fetch(server, scenario, ())
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
    trouble = {}
    if (m := re.search(r"^\s*(\d+) requests in", text, re.M)) and m.group(1) == "0":
        # A front that hung: its "0.00ms" latencies measure nothing.
        trouble["runs without a completed request"] = 1
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text):
        trouble["non-2xx/3xx responses"] = int(m.group(1))
    if m := re.search(r"Socket errors:\s+(.*)", text):
        # "connect 0, read 4, write 0, timeout 0"
        for kind, count in re.findall(r"(\w+) (\d+)", m.group(1)):
            if int(count):
                trouble[f"socket {kind} errors"] = int(count)
    return WrkRun(float(rps.group(1)), lat["50"], lat["99"], trouble)


def fmt_trouble(trouble: dict[str, int]) -> str:
    return ", ".join(f"{what}: {count}" for what, count in trouble.items())


def wrk_threads(args: argparse.Namespace, workers: int) -> int:
    """-t, or one wrk thread per front worker: one thread would cap the
    load several workers can take, and more than the cores only adds noise."""
    return args.threads or max(1, min(workers, os.cpu_count() or 1))


def run_wrk(wrk: str, server: Server, scenario: Scenario, args: argparse.Namespace, workers: int,
            secs: float) -> WrkRun:  # fmt: skip
    threads = wrk_threads(args, workers)
    argv = [wrk, "-t", str(threads), "-c", str(args.connections), "-d", f"{secs:g}s", "--latency"]
    for h in scenario.headers:
        argv += ["-H", h]
    argv.append(f"http://127.0.0.1:{server.port}{scenario.path}")
    # wrk itself never hangs past -d by much; the margin covers a stuck server.
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=secs + 30, check=False)
    if proc.returncode != 0:
        raise ValueError(f"wrk exit {proc.returncode}: {(proc.stderr or proc.stdout).strip()[:200]}")
    return parse_wrk(proc.stdout)


def measure(
    wrk: str, scenario: Scenario, workers: int, fronts: list[Server], cells: dict[str, Cell],
    args: argparse.Namespace,
) -> None:  # fmt: skip
    """Warm each front up, then the timed repetitions, interleaved and rotated."""
    what = f"{scenario.name:<13} {workers}w"
    # -1: the warm-up, not recorded (none with --warmup 0: wrk has no -d0s)
    for rep in range(-1 if args.warmup else 0, args.reps):
        for server in rotated(fronts, max(rep, 0)):
            cell = cells[server.name]
            if cell.error or cell.wrong:
                continue
            secs = args.warmup if rep < 0 else args.duration
            try:
                run = run_wrk(wrk, server, scenario, args, workers, secs)
            except (ValueError, subprocess.TimeoutExpired) as exc:
                cell.error = str(exc)
            if gone := died(server):
                cell.error = gone
            if cell.error:
                log(args, f"  {what} {server.name:<10} ERROR {cell.error}")
                continue
            label = "warm-up" if rep < 0 else f"rep {rep + 1}/{args.reps}"
            if rep >= 0:
                cell.runs.append(run)
            log(
                args,
                f"  {what} {server.name:<10} {label:<8} {run.rps:>10.0f} req/s  "
                f"p50 {run.p50_ms:.2f} ms  p99 {run.p99_ms:.2f} ms  {fmt_trouble(run.trouble)}".rstrip(),
            )


# -- the tables ------------------------------------------------------------------


def fmt_rps(cell: Cell) -> str:
    if cell.wrong:
        return "WRONG"
    med = cell.median("rps")
    return f"{med:,.0f}" if med is not None else "n/a"


def fmt_lat(cell: Cell) -> str:
    p50, p99 = cell.median("p50_ms"), cell.median("p99_ms")
    return f"{p50:.2f} / {p99:.2f}" if p50 is not None and p99 is not None else "n/a"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def fmt_ratio(r: float | None, *cells: Cell) -> str:
    """The ratio, starred when a cell it comes from had failed requests."""
    if r is None:
        return "n/a"
    return f"{r:.2f}x" + ("*" if any(c.troubled for c in cells) else "")


def verdict(r: float | None, bar: float | None, at_least: bool = True, failed: bool = False) -> str:
    """'≥ 0.6x met', '≤ 2x **not met**', or '—' where there is no bar.

    failed: our front failed requests in these runs, which no figure makes
    up for (and wrk counts the error responses as served).
    """
    if bar is None:
        return "—"
    sign = "≥" if at_least else "≤"
    if failed:
        return f"{sign} {bar:g}x **not met** (failed requests)"
    if r is None:
        return f"{sign} {bar:g}x"
    met = r >= bar if at_least else r <= bar
    return f"{sign} {bar:g}x" + (" met" if met else " **not met**")


def render_main(scenarios: list[Scenario], workers: list[int], results: Results) -> list[str]:
    header = [
        "scenario", "workers", f"{OURS} req/s", f"{OPENRESTY} req/s", "ratio", "target",
        f"{OURS} p50 / p99 (ms)", f"{OPENRESTY} p50 / p99 (ms)", "p99 ratio", "p99 target",
    ]  # fmt: skip
    rows = []
    for sc in scenarios:
        for n in workers:
            ours, ref = results[sc.name, n][OURS], results[sc.name, n][OPENRESTY]
            r = ratio(ours.median("rps"), ref.median("rps"))
            r99 = ratio(ours.median("p99_ms"), ref.median("p99_ms"))
            # The targets are stated for one worker each.
            target = sc.target if n == TARGET_WORKERS else None
            p99_target = sc.p99_target if n == TARGET_WORKERS else None
            rows.append(
                [sc.name, str(n), fmt_rps(ours), fmt_rps(ref), fmt_ratio(r, ours, ref), verdict(r, target, failed=ours.troubled),
                 fmt_lat(ours), fmt_lat(ref), fmt_ratio(r99, ours, ref),
                 verdict(r99, p99_target, at_least=False, failed=ours.troubled)]
            )  # fmt: skip
    return markdown_table(header, rows)


def render_scaling(scenarios: list[Scenario], workers: list[int], results: Results) -> list[str]:
    """req/s with each worker count over req/s with the fewest, per front."""
    base = workers[0]
    header = ["scenario", "workers", f"{OURS} scaling", "target", f"{OPENRESTY} scaling"]
    rows = []
    for sc in scenarios:
        for n in workers[1:]:
            pairs = [(results[sc.name, n][f], results[sc.name, base][f]) for f in (OURS, OPENRESTY)]
            ours, ref = (ratio(a.median("rps"), b.median("rps")) for a, b in pairs)
            target = SCALING_TARGET if (base, n) == SCALING_WORKERS else None
            rows.append(
                [sc.name, f"{n} vs {base}", fmt_ratio(ours, *pairs[0]),
                 verdict(ours, target, failed=any(c.troubled for c in pairs[0])),
                 fmt_ratio(ref, *pairs[1])]
            )  # fmt: skip
    return markdown_table(header, rows)


def render(scenarios: list[Scenario], workers: list[int], results: Results, notes: list[str]) -> str:
    out = render_main(scenarios, workers, results)
    if len(workers) > 1:
        out += [
            "",
            f"Scaling (req/s with N workers over req/s with {workers[0]}, each front on its own):",
            "",
        ]
        out += render_scaling(scenarios, workers, results)
    if any(c.troubled for cells in results.values() for c in cells.values()):
        out += ["", "\\* from runs with failed requests (see the notes): wrk counts them in req/s too."]
    return with_notes(out, notes)


def cell_notes(scenarios: list[Scenario], workers: list[int], results: Results) -> list[str]:
    """Errors, wrong answers and wrk's complaints, one line each, for under the table."""
    notes = []
    for sc in scenarios:
        for n in workers:
            for name, cell in results[sc.name, n].items():
                what = f"{sc.name} on {name} ({n} worker{'s' if n > 1 else ''})"
                if cell.wrong and cell.error:
                    notes.append(f"**{what}: WRONG RESPONSE**: {cell.error}")
                elif cell.error:
                    notes.append(f"{what}: {cell.error.splitlines()[0]}")
                trouble: dict[str, int] = {}
                for run in cell.runs:
                    for kind, count in run.trouble.items():
                        trouble[kind] = trouble.get(kind, 0) + count
                if trouble:
                    notes.append(f"{what}, timed runs together: {fmt_trouble(trouble)}")
    return notes


# -- RESULTS.md ------------------------------------------------------------------


def machine_info(wrk: str, nginx: str, load: tuple[float, float, float]) -> list[str]:
    return [
        host_line(),
        f"- {cmd_output([nginx, '-v'])} + libnginx-mod-http-lua; {cmd_output([wrk, '-v'])}",
        load_line(load),
    ]


def write_results(table: str, args: argparse.Namespace, wrk: str, nginx: str) -> None:
    """Replace the HTTP section of RESULTS.md between its markers, keep the rest."""
    threads = ", ".join(
        f"-t{wrk_threads(args, n)} for {n} worker{'s' if n > 1 else ''}" for n in args.workers
    )
    facts = [
        (
            f"- Method: wrk -c{args.connections} -d{args.duration:g}s --latency ({threads}), "
            f"{args.warmup:g} s warm-up then {args.reps} rep{'s' if args.reps != 1 else ''} per front, "
            "interleaved; medians. Same conf on both fronts (bench/http/front.conf), access_log off; "
            "1 worker: master_process off; N > 1: master_process on, `listen ... reuseport`. "
            "The proxy backend is one plain nginx process shared by both fronts and every worker count. "
            "2 cores shared by wrk, the front's workers and the backend"
        ),
        (
            f"- Targets (issue), with {TARGET_WORKERS} worker each: hello ≥ 0.6x, echo ≥ 0.5x, "
            "proxy and proxy_rewrite ≥ 0.75x OpenResty's req/s with a p99 at most 2x OpenResty's; "
            f"our req/s with 2 workers ≥ {SCALING_TARGET}x our req/s with 1"
        ),
        f"- Date: {now_stamp()}",
        *machine_info(wrk, nginx, args.load_before),
    ]
    write_section(START_MARK, END_MARK, "## HTTP (bench/http)", facts, table)


# -- main ------------------------------------------------------------------------


def worker_counts(text: str) -> list[int]:
    """--workers "1,2": positive, distinct, in ascending order (the first is the scaling base)."""
    try:
        counts = sorted({int(w) for w in text.split(",") if w.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not counts or counts[0] < 1:
        raise argparse.ArgumentTypeError(f"worker counts must be positive: {text!r}")
    return counts


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=3, help="timed wrk runs per scenario and front (default 3)")
    ap.add_argument("--duration", type=float, default=5.0, help="seconds per timed run (default 5)")
    ap.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per front (default 2)")
    ap.add_argument("-c", "--connections", type=int, default=50, help="wrk connections (default 50)")
    ap.add_argument(
        "--workers", type=worker_counts, default=worker_counts("1,2"),
        help="comma-separated worker_processes values, each a run of every scenario (default 1,2)",
    )  # fmt: skip
    # wrk competes with the fronts for the machine's 2 cores.
    ap.add_argument(
        "-t", "--threads", type=int, help="wrk threads (default: one per front worker, up to nproc)"
    )
    ap.add_argument("--only", help="comma-separated scenarios: " + ",".join(s.name for s in SCENARIOS))
    ap.add_argument("--wrk", help="the wrk binary (default: from PATH)")
    add_server_options(ap, "HTTP")
    args = ap.parse_args()
    if args.reps < 1 or args.duration <= 0 or args.warmup < 0 or args.connections < 1:
        ap.error("--reps, --duration and --connections must be positive")
    if not (args.duration.is_integer() and args.warmup.is_integer()):
        ap.error("--duration and --warmup are whole seconds (wrk's -d takes no fractions)")
    if args.threads is not None and not 1 <= args.threads <= args.connections:
        ap.error("--threads must be positive and at most --connections")
    return args


def select(only: str | None) -> list[Scenario]:
    by_name = {s.name: s for s in SCENARIOS}
    return [by_name[n] for n in pick(only, list(by_name))]


def run_workers(
    workers: int, scenarios: list[Scenario], backend: Server, results: Results, wrk: str, nginx: str,
    args: argparse.Namespace, workdir: Path,
) -> list[str]:  # fmt: skip
    """Every scenario on both fronts with `workers` workers each; the notes it leaves."""
    fronts = make_fronts(workdir, args, nginx, backend, workers)
    ours, ref = fronts
    for sc in scenarios:
        results[sc.name, workers] = {f.name: Cell() for f in fronts}
    log(args, f"{workers} worker(s): {OURS} :{ours.port}, {OPENRESTY} :{ref.port}, backend :{backend.port}")
    notes = []
    with servers_running(fronts):
        for sc in scenarios:
            if problem := verify(sc, ours, ref):
                print(f"\n*** WRONG RESPONSE from {OURS} ({workers}w): {problem} ***", file=sys.stderr)
                results[sc.name, workers][OURS] = Cell(error=problem, wrong=True)
        notes += [note for f in fronts if (note := process_count_note(f, workers))]
        for sc in scenarios:
            measure(wrk, sc, workers, fronts, results[sc.name, workers], args)
    # Read after the stop, so a worker's dying words are in.
    return notes + [f"{workers} worker(s): {note}" for note in error_log_notes(fronts)]


def run(args: argparse.Namespace, workdir: Path) -> int:
    scenarios = select(args.only)
    wrk, nginx = find_tools(args.wrk)
    backend = make_backend(workdir, nginx)
    results: Results = {}
    notes: list[str] = []
    log(args, f"servers under {workdir}")
    with servers_running([backend]):
        for n in args.workers:
            notes += run_workers(n, scenarios, backend, results, wrk, nginx, args, workdir)
    notes = cell_notes(scenarios, args.workers, results) + notes
    table = render(scenarios, args.workers, results, notes)
    print(table)
    if args.write:
        write_results(table, args, wrk, nginx)
    return exit_status(results)


def main() -> int:
    return run_in_workdir("run_http.py", parse_args(), run)


if __name__ == "__main__":
    sys.exit(main())
