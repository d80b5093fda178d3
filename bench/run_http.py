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
import contextlib
import datetime
import http.client
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONF_DIR = ROOT / "bench" / "http"
RESULTS = ROOT / "bench" / "RESULTS.md"
START_MARK = "<!-- http:begin -->"
END_MARK = "<!-- http:end -->"

OURS = "moongate"
OPENRESTY = "OpenResty"
NGINX_MODULES = Path("/usr/lib/nginx/modules")
# Debian's nginx with the Lua module is OpenResty's runtime; Moongate has no
# modules to load, so these lines are the only difference between the confs.
LOAD_MODULES = "".join(
    f"load_module {NGINX_MODULES / name};\n" for name in ("ndk_http_module.so", "ngx_http_lua_module.so")
)
# Foreground, one process: the worker is the process we start and kill.
NGINX_GLOBALS = "daemon off; master_process off;"


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
class Server:
    """One server process: where it lives and how it is started."""

    name: str
    argv: list[str]
    prefix: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def output(self) -> Path:
        return self.prefix / "logs" / "stdout-stderr.log"


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


class BenchError(Exception):
    """A setup failure that makes the whole run meaningless (exit 2)."""


# -- processes -------------------------------------------------------------------


def free_ports(n: int) -> list[int]:
    """n ports the kernel says are free (all bound at once, so they differ)."""
    with contextlib.ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(n)]
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]


def start(server: Server, timeout: float = 30.0) -> None:
    """Start the server in its own session and wait until its port accepts.

    Its own session: Ctrl-C in the terminal reaches only this script, which
    then stops the servers itself, in order, instead of racing them.
    """
    (server.prefix / "logs").mkdir(parents=True, exist_ok=True)
    with server.output.open("wb") as out:
        server.proc = subprocess.Popen(
            server.argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise BenchError(f"{server.name} exited with {server.proc.returncode}:\n{tail(server)}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", server.port), 0.2):
            return
        time.sleep(0.1)
    raise BenchError(
        f"{server.name} did not listen on port {server.port} within {timeout:g}s:\n{tail(server)}"
    )


def stop(server: Server) -> None:
    """SIGTERM the server's process group, SIGKILL what is left after 5 s."""
    proc = server.proc
    if proc is None or proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(wait)
            return


def tail(server: Server, lines: int = 15) -> str:
    """The end of the server's stdout/stderr and error logs, to say why it failed."""
    out = []
    for path in [server.output, *sorted((server.prefix / "logs").glob("*error.log"))]:
        with contextlib.suppress(OSError):
            text = path.read_text(errors="replace").splitlines()
            if text:
                out += [f"  [{path.name}]", *("  " + ln for ln in text[-lines:])]
    return "\n".join(out) or "  (no output)"


def error_log_lines(server: Server) -> list[str]:
    """Lines the server logged at level error or worse during the run."""
    path = server.prefix / "logs" / "error.log"
    with contextlib.suppress(OSError):
        return [ln for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
    return []


@contextlib.contextmanager
def servers_running(servers: list[Server]) -> Iterator[None]:
    """Start the servers in order; stop every one on the way out, whatever happens."""
    # SIGTERM (e.g. from `timeout` or CI) would otherwise end us without
    # running the finally below and leave the servers behind.
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        for server in servers:
            start(server)
        yield
    finally:
        for server in reversed(servers):
            stop(server)
        signal.signal(signal.SIGTERM, previous)


# -- confs -----------------------------------------------------------------------


def fill(template: str, **values: int) -> str:
    for key, value in values.items():
        template = template.replace(f"@{key}@", str(value))
    return template


def make_servers(workdir: Path, moongate_cmd: str | None, nginx: str) -> tuple[Server, list[Server]]:
    """The backend and the two fronts, with their confs written under workdir."""
    backend_port, ours_port, or_port = free_ports(3)
    front = (CONF_DIR / "front.conf").read_text()
    backend_conf = fill((CONF_DIR / "backend.conf").read_text(), BACKEND_PORT=backend_port)

    def prefix_with(name: str, conf_name: str, text: str) -> Path:
        prefix = workdir / name
        (prefix / "logs").mkdir(parents=True)
        (prefix / conf_name).write_text(text)
        return prefix

    be = prefix_with("backend", "backend.conf", backend_conf)
    ours = prefix_with(OURS, "front.conf", fill(front, PORT=ours_port, BACKEND_PORT=backend_port))
    orr = prefix_with(
        "openresty", "front.conf", LOAD_MODULES + fill(front, PORT=or_port, BACKEND_PORT=backend_port)
    )
    ours_argv = shlex.split(moongate_cmd) if moongate_cmd else [sys.executable, "-m", "gateway.cli"]
    backend = Server(
        "backend nginx", [nginx, "-p", str(be), "-c", "backend.conf", "-g", NGINX_GLOBALS], be, backend_port
    )
    fronts = [
        Server(OURS, [*ours_argv, "-p", str(ours), "-c", "front.conf"], ours, ours_port),
        Server(OPENRESTY, [nginx, "-p", str(orr), "-c", "front.conf", "-g", NGINX_GLOBALS], orr, or_port),
    ]
    return backend, fronts


def find_tools(wrk_arg: str | None) -> tuple[str, str]:
    """wrk and nginx (with the Lua module), or a BenchError that says what is missing."""
    wrk = wrk_arg or shutil.which("wrk")
    # nginx lives in /usr/sbin, which is not on every user's PATH.
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    missing = []
    if not wrk or not os.access(wrk, os.X_OK):
        missing.append("wrk (apt-get install wrk)")
    if not nginx:
        missing.append("nginx (apt-get install nginx)")
    for mod in ("ndk_http_module.so", "ngx_http_lua_module.so"):
        if not (NGINX_MODULES / mod).exists():
            missing.append(f"{NGINX_MODULES / mod} (apt-get install libnginx-mod-http-lua)")
    if missing:
        raise BenchError("missing: " + "; ".join(missing))
    assert wrk and nginx
    return wrk, nginx


# -- checking responses ------------------------------------------------------------


def get(port: int, path: str, headers: tuple[str, ...]) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=dict(h.split(": ", 1) for h in headers))
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def verify(scenario: Scenario, ours: Server, ref: Server) -> str | None:
    """Why Moongate's answer differs from OpenResty's, or None if it is right.

    OpenResty is the reference; if it does not answer 200 the bench conf
    itself is broken and nothing can be measured (BenchError).
    """

    def fetch(server: Server, headers: tuple[str, ...]) -> tuple[int, bytes]:
        try:
            status, body = get(server.port, scenario.path, headers)
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
        k = max(rep, 0) % len(fronts)
        for server in fronts[k:] + fronts[:k]:
            cell = cells[server.name]
            if cell.error or cell.wrong:
                continue
            secs = args.warmup if rep < 0 else args.duration
            try:
                run = run_wrk(wrk, server, scenario, args, secs)
            except (ValueError, subprocess.TimeoutExpired) as exc:
                cell.error = str(exc)
            if server.proc is not None and server.proc.poll() is not None:
                cell.error = f"{server.name} died (exit {server.proc.returncode}):\n{tail(server)}"
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


def log(args: argparse.Namespace, line: str) -> None:
    if not args.quiet:
        print(line, file=sys.stderr, flush=True)


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
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    # The scenario name left-aligned, figures right-aligned, so the Markdown
    # source reads as well in a terminal as rendered.
    def line(cols: list[str]) -> str:
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cols, widths, strict=True))
        ]
        return "| " + " | ".join(cells) + " |"

    rule = ["-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)]
    out = [line(header), "|" + "|".join(rule) + "|", *(line(r) for r in rows)]
    if notes:
        out += ["", "Notes:", *(f"- {n}" for n in notes)]
    return "\n".join(out)


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
    for server in fronts:
        lines = error_log_lines(server)
        if lines:
            notes.append(f"{server.name} error.log: {len(lines)} line(s), first: `{lines[0][:200]}`")
    return notes


# -- RESULTS.md ------------------------------------------------------------------


def cmd_output(argv: list[str]) -> str:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "n/a"
    text = (proc.stdout + proc.stderr).strip()  # nginx -v and wrk -v print to stderr
    return text.splitlines()[0] if text else "n/a"


def machine_info(wrk: str, nginx: str, load: tuple[float, float, float]) -> list[str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    return [
        f"- nproc: {os.cpu_count()}; CPU: {cpu}; Python: {platform.python_version()} ({sys.executable})",
        f"- {cmd_output([nginx, '-v'])} + libnginx-mod-http-lua; {cmd_output([wrk, '-v'])}",
        # Other tenants share the 2 cores; a high load explains low absolute figures.
        f"- load average before the run: {' '.join(f'{x:.2f}' for x in load)}",
    ]


def invoked_command() -> str:
    """The command line as typed, with the script's path relative to the repo."""
    script = Path(sys.argv[0]).resolve()
    with contextlib.suppress(ValueError):
        script = script.relative_to(ROOT)
    exe = sys.executable
    with contextlib.suppress(ValueError):
        exe = str(Path(exe).relative_to(ROOT))  # not resolved: .venv/bin/python is a symlink
    return shlex.join([exe, str(script), *sys.argv[1:]])


def write_results(table: str, args: argparse.Namespace, wrk: str, nginx: str) -> None:
    """Replace the HTTP section of RESULTS.md between its markers, keep the rest."""
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    section = "\n".join(
        [
            START_MARK,
            "## HTTP (bench/http)",
            "",
            f"- Command: `{invoked_command()}` (from the repo root)",
            (
                f"- Method: wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s --latency, "
                f"{args.warmup:g} s warm-up then {args.reps} rep{'s' if args.reps != 1 else ''} per front, "
                "interleaved; medians. One worker each, access_log off, same conf (bench/http/front.conf); "
                "the proxy backend is one plain nginx shared by both"
            ),
            "- Targets (issue): hello ≥ 0.6x, echo ≥ 0.5x OpenResty's req/s",
            f"- Date: {now}",
            *machine_info(wrk, nginx, args.load_before),
            "",
            table,
            END_MARK,
        ]
    )
    text = RESULTS.read_text() if RESULTS.exists() else "# Moongate benchmark results\n"
    if START_MARK in text and END_MARK in text:
        before, rest = text.split(START_MARK, 1)
        _, after = rest.split(END_MARK, 1)
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text)
    print(f"wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)


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
    ap.add_argument(
        "--moongate", metavar="CMD", help="command that runs our gateway (default: <python> -m gateway.cli)"
    )
    ap.add_argument("--wrk", help="the wrk binary (default: from PATH)")
    ap.add_argument("--keep", action="store_true", help="keep the servers' prefix directory (confs, logs)")
    ap.add_argument("--write", action="store_true", help="replace the HTTP section of bench/RESULTS.md")
    ap.add_argument("-q", "--quiet", action="store_true", help="no per-run progress on stderr")
    args = ap.parse_args()
    if args.reps < 1 or args.duration <= 0 or args.warmup < 0 or args.connections < 1 or args.threads < 1:
        ap.error("--reps, --duration, --connections and --threads must be positive")
    if args.connections < args.threads:
        ap.error("wrk needs at least as many connections as threads")
    return args


def select(only: str | None) -> list[Scenario]:
    if not only:
        return SCENARIOS
    by_name = {s.name: s for s in SCENARIOS}
    wanted = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in by_name]
    if unknown:
        raise BenchError(f"unknown scenario(s) {', '.join(unknown)}; have {', '.join(by_name)}")
    return [by_name[n] for n in wanted]


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
    failed = any(c.wrong or c.error for cells in results.values() for c in cells.values())
    return 1 if failed else 0


def main() -> int:
    args = parse_args()
    args.load_before = os.getloadavg()
    workdir = Path(tempfile.mkdtemp(prefix="moongate-bench-http-"))
    try:
        return run(args, workdir)
    except BenchError as exc:
        print(f"run_http.py: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("run_http.py: interrupted; servers stopped", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
