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
ngx.re.gsub, and cosocket round trips (send a line, receive("*l") it back)
to an echo server this script starts in a process of its own
(bench/api/echo.py). OpenResty is 10-100x faster than us, so each column gets its own
n (calibrated until a request takes a few tenths of a second: ngx.now() has
millisecond resolution) and the table shows time per iteration.

    python3 bench/run_api.py                     # all scenarios, 5 reps, print the table
    python3 bench/run_api.py --only base64,md5 --reps 3
    python3 bench/run_api.py --write             # also update bench/RESULTS.md

Before timing, every scenario runs n=1000 on all three: the checksums must be
OpenResty's; a wrong one is reported, marked WRONG and not timed (each timed
request's checksum is checked against its n too).

Exit status: 0 if every answer was right, 1 on a wrong answer, an error or a
server that died, 2 on bad arguments or a missing nginx/Lua module.
"""

from __future__ import annotations

import argparse
import http.client
import math
import statistics
import sys
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
# The locations of api.conf, in table order.
SCENARIOS = ["base64", "md5", "re_match", "re_match_jo", "re_gsub", "cosocket_echo"]
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


@dataclass
class Cell:
    """One column on one scenario: its n and its timed requests."""

    checksum: str | None = None  # the answer at CHECK_N, as the handler said it
    n: int = CHECK_N  # iterations per timed request, set by calibrate()
    per_op: list[float] = field(default_factory=list)  # seconds per iteration
    error: str | None = None  # set once: the rest of the requests are skipped
    wrong: bool = False

    def median(self) -> float | None:
        if self.error or self.wrong or not self.per_op:
            return None
        return statistics.median(self.per_op)


# -- servers ---------------------------------------------------------------------


def make_servers(workdir: Path, moongate_cmd: str | None, nginx: str) -> tuple[Server, list[Server]]:
    """The echo server, and the three columns with their confs written under workdir."""
    template = CONF.read_text()
    ffi_port, builtin_port, or_port, echo_port = common.free_ports(4)

    def conf(port: int, resty_core: str) -> str:
        return common.fill(template, PORT=port, RESTY_CORE=resty_core, ECHO_PORT=echo_port)

    ffi = common.make_prefix(workdir, "moongate-ffi", "api.conf", conf(ffi_port, "lua_load_resty_core on;"))
    builtin = common.make_prefix(
        workdir, "moongate-builtin", "api.conf", conf(builtin_port, "lua_load_resty_core off;")
    )
    # The directive is deprecated (and ignored) in OpenResty, which always
    # loads resty.core: a comment stands in its place.
    orr = common.make_prefix(
        workdir, "openresty", "api.conf", common.LOAD_MODULES + conf(or_port, "# resty.core: always loaded")
    )
    echo = Server("echo server", [sys.executable, str(ECHO), str(echo_port)], workdir / "echo", echo_port)
    return echo, [
        common.moongate_server(FFI, moongate_cmd, ffi, "api.conf", ffi_port),
        common.moongate_server(BUILTIN, moongate_cmd, builtin, "api.conf", builtin_port),
        common.nginx_server(OPENRESTY, nginx, orr, "api.conf", or_port),
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


def check(scenario: str, servers: list[Server], cells: dict[str, Cell]) -> None:
    """Run n=CHECK_N everywhere; a checksum that is not OpenResty's is WRONG.

    OpenResty is the reference; if it cannot answer, the bench conf itself is
    broken and nothing can be measured (BenchError).
    """
    *ours, ref = servers
    try:
        _, expected = loop(ref, scenario, CHECK_N)
    except ValueError as exc:
        raise BenchError(f"{ref.name}: {exc}\n{common.tail(ref)}") from None
    cells[ref.name].checksum = expected
    for server in ours:
        cell = cells[server.name]
        try:
            _, cell.checksum = loop(server, scenario, CHECK_N)
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
        elapsed, _ = loop(server, scenario, cell.n)
        common.log(args, f"  {scenario:<12} {server.name:<17} calibrate n={cell.n:<11,} {elapsed:.3f} s")
        if elapsed >= 0.6 * args.time:
            return
        if cell.n >= MAX_N:
            raise ValueError(f"n={cell.n:,} still takes only {elapsed:.3f} s")
        grow = 10.0 if elapsed < MEASURABLE_SECS else min(10.0, args.time / elapsed)
        cell.n = min(MAX_N, math.ceil(cell.n * grow))


def timed(server: Server, scenario: str, cell: Cell, args: argparse.Namespace, label: str) -> None:
    """One timed request; its checksum must be n/CHECK_N times the checked one."""
    elapsed, checksum = loop(server, scenario, cell.n)
    assert cell.checksum is not None
    if float(checksum) * CHECK_N != float(cell.checksum) * cell.n:
        cell.wrong = True
        raise ValueError(f"checksum {checksum} at n={cell.n}, {cell.checksum} at n={CHECK_N}")
    cell.per_op.append(elapsed / cell.n)
    common.log(
        args,
        f"  {scenario:<12} {server.name:<17} {label:<9} n={cell.n:<11,} {elapsed:.3f} s  "
        f"{fmt_us(elapsed / cell.n)} µs/op",
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
                common.log(args, f"  {scenario:<12} {server.name:<17} ERROR {cell.error}")


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
        ffi, builtin, ref = (results[sc][name] for name in (FFI, BUILTIN, OPENRESTY))
        rows.append(
            [sc, fmt_cell(ffi), fmt_cell(builtin), fmt_cell(ref),
             fmt_ratio(ffi, builtin), fmt_ratio(ffi, ref), fmt_ratio(builtin, ref),
             " / ".join(fmt_n(c.n) if c.per_op else "—" for c in (ffi, builtin, ref))]
        )  # fmt: skip
    return common.table_with_notes(header, rows, notes)


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
    return notes + common.error_log_notes(servers)


# -- RESULTS.md ------------------------------------------------------------------


def package_versions(names: list[str]) -> str:
    """Debian package versions, e.g. 'libnginx-mod-http-lua 1:0.10.23-1'."""
    query = ["dpkg-query", "-W", "-f=${Version}"]
    return ", ".join(f"{name} {common.cmd_output([*query, name])}" for name in names)


def write_results(table: str, args: argparse.Namespace, nginx: str) -> None:
    """Replace the ngx API section of RESULTS.md between its markers, keep the rest."""
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
            "luavm has no JIT tier yet, so our FFI path may well be slower than our builtin one"
        ),
        f"- Date: {common.now_stamp()}",
        common.host_line(),
        f"- {common.cmd_output([nginx, '-v'])}; "
        + package_versions(["libnginx-mod-http-lua", "lua-resty-core", "libluajit2-5.1-2"]),
        common.load_line(args.load_before),
    ]
    common.write_section(START_MARK, END_MARK, "## ngx API (bench/api)", facts, table)


# -- main ------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="timed requests per scenario and column (default 5)")
    ap.add_argument(
        "--time", type=float, default=0.4, help="seconds one timed request should take (default 0.4)"
    )
    ap.add_argument("--only", help="comma-separated scenarios: " + ",".join(SCENARIOS))
    common.add_server_options(ap, "ngx API")
    args = ap.parse_args()
    # Under ~0.1 s ngx.now()'s millisecond steps are more than 1% of the time.
    if args.reps < 1 or args.time < 0.1:
        ap.error("--reps must be positive and --time at least 0.1")
    return args


def run(args: argparse.Namespace, workdir: Path) -> int:
    scenarios = common.pick(args.only, SCENARIOS)
    nginx = find_tools()
    echo, servers = make_servers(workdir, args.moongate, nginx)
    results = {sc: {s.name: Cell() for s in servers} for sc in scenarios}
    common.log(args, f"servers under {workdir}; " + ", ".join(f"{s.name} :{s.port}" for s in servers))
    with common.servers_running([echo, *servers]):
        for sc in scenarios:
            check(sc, servers, results[sc])
        for sc in scenarios:
            measure(sc, servers, results[sc], args)
    table = render(scenarios, results, collect_notes(scenarios, results, servers))
    print(table)
    if args.write:
        write_results(table, args, nginx)
    return common.exit_status(results)


def main() -> int:
    return common.run_in_workdir("run_api.py", parse_args(), run)


if __name__ == "__main__":
    sys.exit(main())
