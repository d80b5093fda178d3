#!/usr/bin/env python3
"""Time loops over the ngx API on Moongate's two paths and on OpenResty (bench/api/api.conf).

Three servers run the same handlers, side by side in one run:

    moongate ffi       lua_load_resty_core on (the default): lualib's Lua/FFI
                       ngx.encode_base64, ngx.md5, ngx.re.* over the C helpers
    moongate builtin   lua_load_resty_core off: the Python builtins over the
                       same C helpers
    OpenResty          Debian's nginx + libnginx-mod-http-lua (LuaJIT with its
                       JIT; resty.core always loaded)

Each scenario is one location whose handler runs a loop ?n= times and times
it itself with ngx.now(), so the HTTP path is not measured: the loop of
OpenResty's article on its FFI API (`n = n + #ngx.encode_base64("123456")`)
and the same shape over ngx.md5, ngx.re.match (without and with "jo"),
ngx.re.gsub, cosocket round trips (send a line, receive("*l") it back)
to an echo server this script starts in a process of its own
(bench/api/echo.py), ngx.shared.DICT get/set/incr and ngx.sleep(0).
OpenResty is 10-100x faster than us, so each column gets its own
n (calibrated until a request takes a few tenths of a second: ngx.now() has
millisecond resolution) and the table shows time per iteration.

shdict_incr_2w runs on three more servers, each with 2 workers under a
master and `listen ... reuseport`: two requests at once, one per worker
(checked with ngx.worker.id()), increment the same counter n times each;
the time is per increment of the pair (their span over 2n) and the final
count must be 2n.

    python3 bench/run_api.py                     # all scenarios, 5 reps, print the table
    python3 bench/run_api.py --only base64,md5 --reps 3
    python3 bench/run_api.py --write             # also update bench/RESULTS.md
    python3 bench/run_api.py --only base64 --joff   # Moongate's tier 1 off (jit.off())

Before timing on a set of servers, each of its scenarios runs n=1000 on all
three: the checksums must be OpenResty's; a wrong one is reported, marked
WRONG and not timed (each timed request's checksum is checked against its n
too).

Exit status: 0 if every answer was right, 1 on a wrong answer, an error or a
server that died, 2 on bad arguments or a missing nginx/Lua module.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import math
import re
import statistics
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import common
from common import BenchError, Server

CONF = common.ROOT / "bench" / "api" / "api.conf"
START_MARK = "<!-- api:begin -->"
END_MARK = "<!-- api:end -->"

FFI = "moongate ffi"
BUILTIN = "moongate builtin"
OPENRESTY = "OpenResty"
COLUMNS = [FFI, BUILTIN, OPENRESTY]  # the last one is the reference
# The locations of api.conf, in table order.
SCENARIOS = [
    "base64", "md5", "re_match", "re_match_jo", "re_gsub", "cosocket_echo",
    "shdict_get", "shdict_set", "shdict_incr", "sleep0", "shdict_incr_2w",
]  # fmt: skip
# Scenarios that run on servers with more than one worker, as one request per
# worker at once (pair()); the others run on one worker.
WORKERS = {"shdict_incr_2w": 2}
ECHO = common.ROOT / "bench" / "api" / "echo.py"

# The checksum request: small enough for the slowest column, the same n on all.
CHECK_N = 1000
# Below this an elapsed time is mostly ngx.now()'s millisecond steps, so
# calibration grows n tenfold instead of projecting from it.
MEASURABLE_SECS = 0.02
MAX_N = 10**9
# OpenResty's column, as Debian packages it.
PACKAGES = ["nginx", "libnginx-mod-http-lua", "lua-resty-core"]
REQUEST_TIMEOUT = 60.0
# New connections until each worker has one: reuseport hashes them over the
# workers' sockets, so missing one worker after this many means it is not in
# effect (2**-29 by chance with 2 workers).
PIN_TRIES = 30
# A new shdict key per pair of requests, so every pair counts from 0.
PAIR_KEYS = itertools.count(1)


@dataclass
class Cell:
    """One column on one scenario: its n and its timed requests."""

    checksum: str | None = None  # the answer at CHECK_N, as the handler said it
    n: int = CHECK_N  # iterations per timed request, set by calibrate()
    per_op: list[float] = field(default_factory=list)  # seconds per iteration
    error: str | None = None  # set once: the rest of the requests are skipped
    wrong: bool = False
    overlaps: list[float] = field(default_factory=list)  # pairs: share of the span both ran

    def median(self) -> float | None:
        if self.error or self.wrong or not self.per_op:
            return None
        return statistics.median(self.per_op)


# -- servers ---------------------------------------------------------------------


def server_name(column: str, workers: int) -> str:
    """The column's server for a worker count: names in logs and notes differ."""
    return column if workers == 1 else f"{column} ({workers} workers)"


def make_echo(workdir: Path) -> Server:
    """The echo server of cosocket_echo, on a free port."""
    (port,) = common.free_ports(1)
    return Server("echo server", [sys.executable, str(ECHO), str(port)], workdir / "echo", port)


def make_servers(
    workdir: Path, moongate_cmd: str | None, nginx: str, echo_port: int, workers: int, joff: bool
) -> list[Server]:
    """The three columns for a worker count, in COLUMNS order, with their confs under
    workdir; joff switches Moongate's tier 1 off (jit.off() in init_by_lua)."""
    template = CONF.read_text()
    ffi_port, builtin_port, or_port = common.free_ports(3)

    def conf(port: int, resty_core: str) -> str:
        # As bench/http/front.conf: one worker alone, or N under a master
        # with a reuseport socket each.
        return common.fill(
            template, PORT=port, RESTY_CORE=resty_core, ECHO_PORT=echo_port, WORKERS=workers,
            MASTER_PROCESS="on" if workers > 1 else "off", REUSEPORT=" reuseport" if workers > 1 else "",
        )  # fmt: skip

    base = workdir if workers == 1 else workdir / f"{workers}w"
    off = " init_by_lua_block { jit.off() }" if joff else ""
    ffi = common.make_prefix(
        base, "moongate-ffi", "api.conf", conf(ffi_port, "lua_load_resty_core on;" + off)
    )
    builtin = common.make_prefix(
        base, "moongate-builtin", "api.conf", conf(builtin_port, "lua_load_resty_core off;" + off)
    )
    # The directive is deprecated (and ignored) in OpenResty, which always
    # loads resty.core: a comment stands in its place.
    orr = common.make_prefix(
        base, "openresty", "api.conf", common.LOAD_MODULES + conf(or_port, "# resty.core: always loaded")
    )
    return [
        common.moongate_server(server_name(FFI, workers), moongate_cmd, ffi, "api.conf", ffi_port),
        common.moongate_server(
            server_name(BUILTIN, workers), moongate_cmd, builtin, "api.conf", builtin_port
        ),
        # No -g: daemon and master_process come from the conf, as for ours.
        common.nginx_server(server_name(OPENRESTY, workers), nginx, orr, "api.conf", or_port, globals_=None),
    ]


def find_tools() -> str:
    """nginx with the Lua module and lua-resty-core, or a BenchError naming the packages."""
    missing: list[str] = []
    nginx = common.find_nginx(missing, resty_core=True)
    if missing:
        raise BenchError(
            "missing: " + "; ".join(missing) + "; the whole set: apt-get install " + " ".join(PACKAGES)
        )
    assert nginx
    return nginx


# -- requests --------------------------------------------------------------------


def loop(server: Server, scenario: str, n: int) -> tuple[float, str]:
    """(elapsed seconds, checksum) of one request running the loop n times.

    A ValueError says why there is no answer (failed request, bad status or body).
    """
    path = f"/{scenario}?n={n}"
    try:
        status, body = common.http_get(server.port, path, timeout=REQUEST_TIMEOUT)
    except (OSError, http.client.HTTPException) as exc:
        raise ValueError(f"{path}: request failed: {exc!r}") from None
    words = body.decode("utf-8", "replace").split()
    if status != 200 or len(words) != 2:
        raise ValueError(f"{path}: status {status}, body {body[:300]!r}")
    try:
        return float(words[0]), words[1]
    except ValueError:
        raise ValueError(f"{path}: elapsed time not a number in {body[:300]!r}") from None


def pin_workers(server: Server, workers: int) -> list[http.client.HTTPConnection]:
    """One open keep-alive connection per worker of the server, in worker id order.

    With reuseport each worker accepts on its own socket and a connection
    stays with the worker that accepted it, so the requests sent on these
    run on the workers they were pinned to (pair() checks that they did).
    """
    pinned: dict[int, http.client.HTTPConnection] = {}
    try:
        for _ in range(PIN_TRIES):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=REQUEST_TIMEOUT)
            conn.request("GET", "/worker")
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200 or not body.strip().isdigit():
                conn.close()
                raise ValueError(f"/worker: status {resp.status}, body {body[:300]!r}")
            worker = int(body)
            if worker in pinned:
                conn.close()
            else:
                pinned[worker] = conn
            if len(pinned) == workers:
                return [pinned[w] for w in sorted(pinned)]
    except (OSError, http.client.HTTPException) as exc:
        raise ValueError(f"/worker: request failed: {exc!r}") from None
    finally:
        if len(pinned) != workers:
            for conn in pinned.values():
                conn.close()
    raise ValueError(f"{PIN_TRIES} connections all went to worker(s) {sorted(pinned)}: no reuseport?")


def pair_request(conn: http.client.HTTPConnection, path: str, start: threading.Barrier) -> tuple[int, bytes]:
    """Status and body of GET path on conn, sent once the other thread is ready too."""
    start.wait(REQUEST_TIMEOUT)
    conn.request("GET", path)
    resp = conn.getresponse()
    return resp.status, resp.read()


def pair(server: Server, scenario: str, n: int, cell: Cell) -> tuple[float, str]:
    """(span in seconds, final count) of one request per worker at once, each running the loop n times.

    The span runs from the first loop's start to the last one's end, both
    read by the handlers on the same clock. A ValueError says why there is
    no answer, including an answer from another worker than its connection's.
    """
    workers = WORKERS[scenario]
    path = f"/{scenario}?n={n}&key={next(PAIR_KEYS)}"
    conns = pin_workers(server, workers)
    start = threading.Barrier(workers)
    try:
        with ThreadPoolExecutor(workers) as pool:
            answers = list(pool.map(lambda conn: pair_request(conn, path, start), conns))
    except (OSError, http.client.HTTPException, threading.BrokenBarrierError) as exc:
        raise ValueError(f"{path}: request failed: {exc!r}") from None
    finally:
        for conn in conns:
            conn.close()
    starts, ends, counts = [], [], []
    for worker, (status, body) in enumerate(answers):
        words = body.decode("utf-8", "replace").split()
        if status != 200 or len(words) != 4:
            raise ValueError(f"{path}: status {status}, body {body[:300]!r}")
        if words[3] != str(worker):
            raise ValueError(f"{path}: worker {words[3]} answered on the connection of worker {worker}")
        try:
            starts.append(float(words[0]))
            ends.append(float(words[1]))
            counts.append(float(words[2]))
        except ValueError:
            raise ValueError(f"{path}: times or count not numbers in {body[:300]!r}") from None
    span = max(ends) - min(starts)
    if span > 0:
        cell.overlaps.append(max(0.0, min(ends) - max(starts)) / span)
    # The last increment of all is the final count: the largest value an
    # incr returned. The checksum is compared as the other scenarios' are.
    return span, f"{max(counts):.15g}"


def request(server: Server, scenario: str, n: int, cell: Cell) -> tuple[float, str]:
    """(elapsed seconds, checksum) of the scenario at n, on one worker or one per worker."""
    if scenario in WORKERS:
        return pair(server, scenario, n, cell)
    return loop(server, scenario, n)


def check(scenario: str, servers: list[Server], cells: dict[str, Cell]) -> None:
    """Run n=CHECK_N everywhere; a checksum that is not OpenResty's is WRONG.

    OpenResty is the reference; if it cannot answer, the bench conf itself is
    broken and nothing can be measured (BenchError).
    """
    *ours, ref = servers
    try:
        _, expected = request(ref, scenario, CHECK_N, Cell())
    except ValueError as exc:
        raise BenchError(f"{ref.name}: {exc}\n{common.tail(ref)}") from None
    cells[ref.name].checksum = expected
    for server in ours:
        cell = cells[server.name]
        try:
            # A scratch cell: only timed pairs go into the overlap note.
            _, cell.checksum = request(server, scenario, CHECK_N, Cell())
        except ValueError as exc:
            cell.error = common.died(server) or str(exc)
            continue
        if cell.checksum != expected:
            cell.wrong = True
            cell.error = f"checksum at n={CHECK_N}: {cell.checksum}, {ref.name} said {expected}"
            print(f"\n*** WRONG ANSWER: {scenario} on {server.name}: {cell.error} ***", file=sys.stderr)


def calibrate(server: Server, scenario: str, cell: Cell, args: argparse.Namespace) -> None:
    """Grow cell.n until one request takes at least 60% of --time.

    Tenfold while the time is too short to mean anything, then straight to
    the n that --time predicts. The last request, at the final n, is the
    warm-up of the timed ones.
    """
    while True:
        elapsed, _ = request(server, scenario, cell.n, Cell())
        common.log(args, f"  {scenario:<14} {server.name:<28} calibrate n={cell.n:<11,} {elapsed:.3f} s")
        if elapsed >= 0.6 * args.time:
            return
        if cell.n >= MAX_N:
            raise ValueError(f"n={cell.n:,} still takes only {elapsed:.3f} s")
        grow = 10.0 if elapsed < MEASURABLE_SECS else min(10.0, args.time / elapsed)
        cell.n = min(MAX_N, math.ceil(cell.n * grow))


def timed(server: Server, scenario: str, cell: Cell, args: argparse.Namespace, label: str) -> None:
    """One timed request; its checksum must be n/CHECK_N times the checked one.

    A pair of requests (WORKERS) does n iterations per worker, so its time
    per iteration is over all of them.
    """
    elapsed, checksum = request(server, scenario, cell.n, cell)
    assert cell.checksum is not None
    if float(checksum) * CHECK_N != float(cell.checksum) * cell.n:
        cell.wrong = True
        raise ValueError(f"checksum {checksum} at n={cell.n}, {cell.checksum} at n={CHECK_N}")
    per_op = elapsed / (cell.n * WORKERS.get(scenario, 1))
    cell.per_op.append(per_op)
    overlap = f"  both ran {cell.overlaps[-1]:.0%}" if scenario in WORKERS and cell.overlaps else ""
    common.log(
        args,
        f"  {scenario:<14} {server.name:<28} {label:<9} n={cell.n:<11,} {elapsed:.3f} s  "
        f"{fmt_us(per_op)} µs/op{overlap}",
    )


def measure(scenario: str, servers: list[Server], cells: dict[str, Cell], args: argparse.Namespace) -> None:
    """Calibrate each column, then the timed requests, interleaved and rotated."""
    for rep in range(-1, args.reps):  # -1: calibration, which ends with the warm-up
        for server in common.rotated(servers, max(rep, 0)):
            cell = cells[server.name]
            if cell.error or cell.wrong:
                continue
            try:
                if rep < 0:
                    calibrate(server, scenario, cell, args)
                else:
                    timed(server, scenario, cell, args, f"rep {rep + 1}/{args.reps}")
            except ValueError as exc:
                cell.error = str(exc)
            if gone := common.died(server):
                cell.error = gone
            if cell.error:
                common.log(args, f"  {scenario:<14} {server.name:<28} ERROR {cell.error}")


# -- the table -------------------------------------------------------------------


def sig3(x: float) -> str:
    """Three significant digits, never in exponent form (0.0213, 5.12, 213)."""
    if x <= 0:
        return f"{x:g}"
    return f"{x:.{max(0, 2 - math.floor(math.log10(x)))}f}"


def fmt_us(seconds: float) -> str:
    return sig3(seconds * 1e6)


def fmt_n(n: int) -> str:
    if n >= 1_000_000:
        return f"{sig3(n / 1e6)}M"
    return f"{sig3(n / 1e3)}k" if n >= 1000 else str(n)


def fmt_cell(cell: Cell) -> str:
    if cell.wrong:
        return "WRONG"
    med = cell.median()
    return fmt_us(med) if med is not None else "n/a"


def fmt_ratio(num: Cell, den: Cell) -> str:
    a, b = num.median(), den.median()
    return f"{sig3(a / b)}x" if a is not None and b else "n/a"


def render(scenarios: list[str], results: dict[str, dict[str, Cell]], notes: list[str]) -> str:
    header = [
        "scenario", f"{FFI} µs/op", f"{BUILTIN} µs/op", f"{OPENRESTY} µs/op",
        "ffi/builtin", "ffi/OpenResty", "builtin/OpenResty", "n per request (ffi / builtin / OpenResty)",
    ]  # fmt: skip
    rows = []
    for sc in scenarios:
        ffi, builtin, ref = results[sc].values()  # in COLUMNS order
        rows.append(
            [sc, fmt_cell(ffi), fmt_cell(builtin), fmt_cell(ref),
             fmt_ratio(ffi, builtin), fmt_ratio(ffi, ref), fmt_ratio(builtin, ref),
             " / ".join(fmt_n(c.n) if c.per_op else "—" for c in (ffi, builtin, ref))]
        )  # fmt: skip
    return common.table_with_notes(header, rows, notes)


def overlap_note(scenario: str, cells: dict[str, Cell]) -> str:
    """How much of a pair's span both loops ran at once, per column: the lock
    is contended only then. The loops start within a few ms of each other;
    the rest is one worker finishing first (the lock is not fair, and the
    cores are shared)."""
    shares = " / ".join(
        f"{statistics.median(c.overlaps):.0%}" if c.overlaps and c.median() is not None else "—"
        for c in cells.values()
    )
    return (
        f"{scenario}: both workers' loops ran at once for a median {shares} of a timed pair's span "
        "(ffi / builtin / OpenResty); the rest is one worker alone, the other done"
    )


def collect_notes(
    scenarios: list[str], results: dict[str, dict[str, Cell]], servers: list[Server]
) -> list[str]:
    """Wrong answers, errors and error-log lines, one line each, for under the table."""
    notes = []
    for sc in scenarios:
        for name, cell in results[sc].items():
            if cell.wrong:
                notes.append(f"**{sc} on {name}: WRONG ANSWER**: {cell.error}")
            elif cell.error:
                notes.append(f"{sc} on {name}: {cell.error.splitlines()[0]}")
        if sc in WORKERS:
            notes.append(overlap_note(sc, results[sc]))
    return notes + common.error_log_notes(servers)


# -- RESULTS.md ------------------------------------------------------------------

# How shdict_incr_2w is run, under the method when it is in the table.
PAIRS_FACT = (
    "- shdict_incr_2w: three more servers with 2 workers each under a master, `listen ... reuseport`; "
    "per pair of requests one keep-alive connection to each worker (ngx.worker.id() checked in both "
    "answers), both sent at once and incrementing the same new key n times. The time is per increment "
    "of the pair: from the first loop's start to the last one's end, over 2n. The checksum is the final "
    "count, 2n if the zone's lock lost no increment"
)
# Heads the earlier runs a write keeps in the section (see kept_blocks).
KEPT_TITLE = "### Kept from an earlier write (scenarios not re-run since)"


def row_scenario(line: str) -> str | None:
    """The scenario of a table row of the section ("| base64 | ..."), else None."""
    return line.split("|")[1].strip() if line.startswith("| ") else None


def line_scenario(line: str) -> str | None:
    """The scenario a line of the section is about: a table row, or a fact or
    note that starts with its name ("- shdict_incr_2w: ...", "- md5 on ...")."""
    if m := re.match(r"- (?:\*\*)?(\w+)(?::| on )", line):
        return m.group(1)
    return row_scenario(line)


def kept_blocks(rerun: list[str]) -> list[str]:
    """What the section in RESULTS.md says of the scenarios this run did not measure.

    The section holds the run that wrote it, then the runs it kept, each
    under KEPT_TITLE. Each of these blocks is kept as it was (command, date,
    table) minus the rows, facts and notes of the scenarios in rerun; a block
    left with no row goes. So `--only X --write` replaces X's row and keeps the others, with
    the command and date they were measured with, instead of dropping them.
    """
    text = common.RESULTS.read_text() if common.RESULTS.exists() else ""
    if START_MARK not in text or END_MARK not in text:
        return []
    body = text.split(START_MARK, 1)[1].split(END_MARK, 1)[0].strip("\n").splitlines()
    blocks: list[list[str]] = [[]]
    for line in body[1:]:  # past the section's title
        if line == KEPT_TITLE:
            blocks.append([])
        else:
            blocks[-1].append(line)
    kept = []
    for block in blocks:
        text = "\n".join(ln for ln in block if line_scenario(ln) not in rerun).strip("\n")
        # All its notes were about the scenarios re-run: the heading goes too.
        text = text.removesuffix("Notes:").strip("\n")
        if any(row_scenario(ln) in SCENARIOS for ln in text.splitlines()):
            kept.append(text)
    return kept


def package_versions(names: list[str]) -> str:
    """Debian package versions, e.g. 'libnginx-mod-http-lua 1:0.10.23-1'."""
    query = ["dpkg-query", "-W", "-f=${Version}"]
    return ", ".join(f"{name} {common.cmd_output([*query, name])}" for name in names)


def write_results(table: str, scenarios: list[str], args: argparse.Namespace, nginx: str) -> None:
    """Replace the ngx API section of RESULTS.md between its markers, keep the rest.

    The rows of the scenarios not run this time stay, under their own command
    (kept_blocks).
    """
    facts = [
        (
            "- Method: each handler times its loop itself (ngx.update_time() then ngx.now(), "
            "before and after), so only the Lua side is measured. Per column, n grows from "
            f"{CHECK_N:,} until a request takes ≥ {0.6 * args.time:g} s (aiming at {args.time:g} s; "
            f"the last calibration request is the warm-up), then {args.reps} "
            f"timed request{'s' if args.reps != 1 else ''} per column, interleaved in a rotated order; "
            "medians of µs per iteration. Checksums equal to OpenResty's at n=1,000 and "
            "proportional to n on every timed request"
        ),
        (
            f"- Columns: `{FFI}` = lua_load_resty_core on (lualib's Lua/FFI API over the C helpers), "
            f"`{BUILTIN}` = off (Python builtins over the same helpers), `{OPENRESTY}` = Debian's nginx "
            "+ the Lua module (LuaJIT with its JIT, resty.core). Ratios are of times: above 1x the first "
            "is slower. An FFI call is cheap only once a JIT compiles it; interpreted, it costs more "
            "than a call of a builtin (OpenResty's article warns of this for LuaJIT with its JIT off). "
            "Moongate's tier 1 compiles the base64 and md5 loops whole (Lua, the C call, ffi.string); "
            "the other FFI paths it does not compile yet run interpreted, slower than the builtins"
        ),
        f"- Date: {common.now_stamp()}",
        common.host_line(),
        f"- {common.cmd_output([nginx, '-v'])}; "
        + package_versions(["libnginx-mod-http-lua", "lua-resty-core", "libluajit2-5.1-2"]),
        common.load_line(args.load_before),
    ]
    if any(sc in WORKERS for sc in scenarios):
        facts.insert(2, PAIRS_FACT)
    kept = "".join(f"\n\n{KEPT_TITLE}\n\n{block}" for block in kept_blocks(scenarios))
    common.write_section(START_MARK, END_MARK, "## ngx API (bench/api)", facts, table + kept)


# -- main ------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="timed requests per scenario and column (default 5)")
    ap.add_argument(
        "--time", type=float, default=0.4, help="seconds one timed request should take (default 0.4)"
    )
    ap.add_argument("--only", help="comma-separated scenarios: " + ",".join(SCENARIOS))
    ap.add_argument("--joff", action="store_true",
                    help="run Moongate with tier 1 off (jit.off()); not with --write")
    common.add_server_options(ap, "ngx API")
    args = ap.parse_args()
    if args.joff and args.write:
        ap.error("--joff is for a look by hand: RESULTS.md keeps the default setup")
    # Under ~0.1 s ngx.now()'s millisecond steps are more than 1% of the time.
    if args.reps < 1 or args.time < 0.1:
        ap.error("--reps must be positive and --time at least 0.1")
    return args


def run(args: argparse.Namespace, workdir: Path) -> int:
    scenarios = common.pick(args.only, SCENARIOS)
    nginx = find_tools()
    echo = make_echo(workdir)
    # Cells keyed by server name, in COLUMNS order (render relies on it).
    results = {sc: {server_name(c, WORKERS.get(sc, 1)): Cell() for c in COLUMNS} for sc in scenarios}
    everyone: list[Server] = []
    with common.servers_running([echo]):
        # One worker count at a time, so that the servers of the other do not
        # share the 2 cores meanwhile.
        for workers in sorted({WORKERS.get(sc, 1) for sc in scenarios}):
            group = [sc for sc in scenarios if WORKERS.get(sc, 1) == workers]
            servers = make_servers(workdir, args.moongate, nginx, echo.port, workers, args.joff)
            everyone += servers
            common.log(args, f"servers under {workdir}; " + ", ".join(f"{s.name} :{s.port}" for s in servers))
            with common.servers_running(servers):
                for sc in group:
                    check(sc, servers, results[sc])
                for sc in group:
                    measure(sc, servers, results[sc], args)
    table = render(scenarios, results, collect_notes(scenarios, results, everyone))
    print(table)
    if args.write:
        write_results(table, scenarios, args, nginx)
    return common.exit_status(results)


def main() -> int:
    return common.run_in_workdir("run_api.py", parse_args(), run)


if __name__ == "__main__":
    sys.exit(main())
