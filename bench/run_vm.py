#!/usr/bin/env python3
"""Run the VM benchmark suite (bench/vm/*.lua) on Moongate's luavm and its anchors.

Every program runs on six implementations, side by side in one run:

    moongate       <python> -m luavm file.lua   (or --moongate CMD): tier 1 on
    moongate -joff the same with -joff: tier 0 alone
    python         bench/vm/py/<program>.py, the program ported to Python by
                   hand: the floor of tier 0 (the same algorithm written as
                   a Python programmer would, without Lua's semantics)
    luajit -joff   LuaJIT's interpreter (the bar for tier 0's design)
    luajit         LuaJIT with its trace compiler (the bar for tier 1)
    lua5.1         PUC Lua 5.1 (the reference for outputs and for the ratios)

The machine is noisy (2 shared cores), so absolute seconds mean little across
runs: runs are interleaved round-robin (for each program, each repetition
runs every implementation once, in a rotated order) so all implementations
share the same noise, and the table reports medians and ratios measured in
this one run.

    python3 bench/run_vm.py                      # all programs, 5 reps
    python3 bench/run_vm.py --only fib,loop --reps 3
    python3 bench/run_vm.py --size fib=27,nbody=1000
    python3 bench/run_vm.py --write              # also update bench/RESULTS.md
    python3 bench/run_vm.py --long --write       # tier 1 against LuaJIT at long sizes

At the default sizes (lua5.1 takes 0.3-1 s) LuaJIT with its JIT on is done
in 15-65 ms, less than Python takes to start: those runs cannot tell how
good tier 1's code is. --long runs the six programs of tier 1's target at
sizes where LuaJIT takes about a second (LONG_SIZES), on moongate (tier 1)
and luajit alone, and writes its own section of RESULTS.md.

Exit status: 0 if every output matched lua5.1's, 1 on any output mismatch
(timeouts and crashes of our VM are reported but do not fail the run, so the
script is usable while luavm is still being written), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import atexit
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    ROOT,
    cmd_output,
    cpu_model,
    markdown_table,
    now_stamp,
    rotated,
    write_section,
)

VM_DIR = ROOT / "bench" / "vm"
PORT_DIR = VM_DIR / "py"
START_MARK = "<!-- vm-suite:start -->"
END_MARK = "<!-- vm-suite:end -->"
LONG_START = "<!-- vm-long:start -->"
LONG_END = "<!-- vm-long:end -->"

OURS = "moongate"
OURS_T0 = "moongate -joff"
PYTHON = "python"
JOFF = "luajit -joff"
LUAJIT = "luajit"
LUA51 = "lua5.1"
# Column order of the table; outputs are checked against REFERENCE.
IMPL_ORDER = [OURS, OURS_T0, PYTHON, JOFF, LUAJIT, LUA51]
REFERENCE = LUA51

# --long: issue 7's six programs, each at a size LuaJIT (JIT on) runs for
# about a second on the benchmark machine, so start-up and compile time are
# a small part of the comparison.
LONG_SIZES = {
    "fib": "40",
    "loop": "200000000",
    "mandelbrot": "3500",
    "nbody": "5000000",
    "spectral_norm": "4000",
    "fannkuch": "10",
}

# The programs read their size as `tonumber(arg and arg[1]) or DEFAULT`;
# we read DEFAULT back from the source so the table can show the size
# without a second copy of the defaults that could drift.
DEFAULT_SIZE_RE = re.compile(r"tonumber\(arg and arg\[1\]\) or ([0-9][0-9.e+]*)")


@dataclass
class Impl:
    """One implementation: its column name and the argv prefix that runs a file."""

    name: str
    argv: list[str]
    # Set when the implementation cannot run at all (binary missing).
    unavailable: str | None = None
    # The environment of its runs (None: this process's).
    env: dict[str, str] | None = None
    # Where its own version of each program lives (None: it runs the .lua).
    port_dir: Path | None = None


@dataclass
class Cell:
    """What one implementation did on one program, over all repetitions."""

    times: list[float] = field(default_factory=list)
    # First failure seen ("timeout (>120s)", "exit 1: ..."); once set, the
    # remaining repetitions are skipped: a crash or timeout will not heal
    # and repeating a 120 s timeout five times only wastes the run.
    error: str | None = None
    mismatch: bool = False
    output: bytes | None = None
    # Our VM's untimed first run, which fills tier 1's code cache.
    first: float | None = None

    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and not self.error else None


@dataclass
class Program:
    name: str
    path: Path
    size: str  # what is passed as arg[1], or the default read from the source
    explicit_size: bool


def first_error_line(stderr: bytes, returncode: int) -> str:
    """The line that says what went wrong.

    For a Python traceback that is the last line (the exception), not the
    first ("Traceback (most recent call last):"); for Lua's own errors it is
    the first line ("lua5.1: t.lua:3: attempt to ...").
    """
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    if not lines:
        return f"exit {returncode}, no stderr"
    if lines[0].startswith("Traceback (most recent call last)"):
        return lines[-1]
    return lines[0]


def run_once(impl: Impl, prog: Program, timeout: float) -> tuple[float | None, bytes, str | None]:
    """Run one program once; return (seconds, stdout, error-or-None).

    Wall-clock time of the whole process, like hyperfine: for our VM that
    includes Python's start-up and the Lua-to-Python compilation, which is
    what a user of `luavm file.lua` pays too (with Python's bytecode cache,
    as an installed package has it: see python_cache_env).
    """
    path = impl.port_dir / f"{prog.name}.py" if impl.port_dir else prog.path
    if not path.exists():
        return None, b"", f"no {path.relative_to(ROOT)}"
    argv = [*impl.argv, str(path)]
    if prog.size:  # the default too: harmless, and the command line says it all
        argv.append(prog.size)
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            argv,
            cwd=ROOT,  # `python -m luavm` must find the package in the repo root
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
            env=impl.env,
        )
    except subprocess.TimeoutExpired:
        return None, b"", f"timeout (>{timeout:g}s)"
    except OSError as exc:  # e.g. the --moongate command does not exist
        return None, b"", f"cannot start: {exc}"
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        return None, proc.stdout, f"exit {proc.returncode}: {first_error_line(proc.stderr, proc.returncode)}"
    return elapsed, proc.stdout, None


def python_cache_env() -> dict[str, str]:
    """The environment for our VM's runs: Python's bytecode cache on.

    A sandbox may set PYTHONDONTWRITEBYTECODE, which makes every run compile
    the VM's own modules from source (~70 ms here), a cost no installed
    package pays. The cache goes to a directory of its own outside the
    repo, and is filled before the first timed run.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "moongate-bench-pycache")
    # tier 1's code cache of this run alone: filled by warm_up, not by earlier runs
    env["MOONGATE_JIT_CACHE"] = jit_cache = tempfile.mkdtemp(prefix="moongate-bench-jit-")
    atexit.register(shutil.rmtree, jit_cache, True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "luavm")],
                   env=env, capture_output=True, check=False)
    return env


def build_impls(moongate_cmd: str | None) -> list[Impl]:
    """The six implementations, with missing anchors marked unavailable."""
    ours = shlex.split(moongate_cmd) if moongate_cmd else [sys.executable, "-m", "luavm"]
    env = python_cache_env()
    impls = [
        Impl(OURS, ours, env=env),
        Impl(OURS_T0, [*ours, "-joff"], env=env),
        Impl(PYTHON, [sys.executable], env=env, port_dir=PORT_DIR),
        Impl(JOFF, ["luajit", "-joff"]),
        Impl(LUAJIT, ["luajit"]),
        Impl(LUA51, ["lua5.1"]),
    ]
    for impl in impls:
        if impl.env is None and shutil.which(impl.argv[0]) is None:
            impl.unavailable = f"{impl.argv[0]} not found"
    return impls


def parse_sizes(spec: str | None, names: list[str]) -> dict[str, str]:
    """--size N (every selected program) or --size name=N,name=N."""
    if not spec:
        return {}
    if "=" not in spec:
        return dict.fromkeys(names, spec)
    sizes: dict[str, str] = {}
    for item in spec.split(","):
        name, _, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if name not in names or not value:
            raise SystemExit(f"run_vm.py: bad --size item {item!r} (programs: {', '.join(names)})")
        sizes[name] = value
    return sizes


def load_programs(only: str | None, size_spec: str | None, long: bool = False) -> list[Program]:
    all_paths = sorted(VM_DIR.glob("*.lua"))
    by_name = {p.stem: p for p in all_paths}
    if only:
        wanted = [n.strip().removesuffix(".lua") for n in only.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in by_name]
        if unknown:
            print(
                f"run_vm.py: unknown program(s) {', '.join(unknown)}; have {', '.join(by_name)}",
                file=sys.stderr,
            )
            sys.exit(2)
    else:
        wanted = list(by_name)
    if long:            # the other programs have no long size: skipped
        wanted = [n for n in wanted if n in LONG_SIZES]
    sizes = parse_sizes(size_spec, wanted)
    programs = []
    for name in wanted:
        path = by_name[name]
        if name in sizes:
            programs.append(Program(name, path, sizes[name], True))
        elif long:
            programs.append(Program(name, path, LONG_SIZES[name], True))
        else:
            m = DEFAULT_SIZE_RE.search(path.read_text())
            programs.append(Program(name, path, m.group(1) if m else "", False))
    return programs


def run_suite(
    programs: list[Program], impls: list[Impl], reps: int, timeout: float, verbose: bool
) -> dict[str, dict[str, Cell]]:
    """Run everything, interleaved; results[program][impl] -> Cell."""
    results: dict[str, dict[str, Cell]] = {}
    for prog in programs:
        cells = {impl.name: Cell(error=impl.unavailable) for impl in impls}
        results[prog.name] = cells
        warm_up(impls, prog, cells, timeout)
        for rep in range(reps):
            for impl in rotated(impls, rep):
                cell = cells[impl.name]
                if cell.error:
                    continue
                secs, out, err = run_once(impl, prog, timeout)
                if err:
                    cell.error = err
                    cell.output = out
                else:
                    assert secs is not None
                    cell.times.append(secs)
                    # Outputs must not change between repetitions either.
                    if cell.output is not None and out != cell.output:
                        cell.mismatch = True
                    cell.output = out
                if verbose:
                    shown = err if err else f"{secs:.3f}s"
                    print(f"  {prog.name:<14} rep {rep + 1}/{reps}  {impl.name:<13} {shown}", file=sys.stderr)
        check_outputs(prog, cells)
    return results


def warm_up(impls: list[Impl], prog: Program, cells: dict[str, Cell], timeout: float) -> None:
    """One untimed run of tier 1: what it compiles goes to the code cache
    (luavm/jit/codecache.py), so the timed runs link it, as every run after
    a program's first does for a user; its time is kept apart."""
    ours = next((impl for impl in impls if impl.name == OURS and not impl.unavailable), None)
    if ours is not None:
        secs, _, err = run_once(ours, prog, timeout)
        if err:
            cells[OURS].error = err
        cells[OURS].first = secs


def check_outputs(prog: Program, cells: dict[str, Cell]) -> None:
    """Compare every implementation's stdout with lua5.1's (else LuaJIT's)."""
    ref_name = next(
        (n for n in (REFERENCE, JOFF, LUAJIT)
         if n in cells and cells[n].output is not None and not cells[n].error), None
    )
    if ref_name is None:
        return
    expected = cells[ref_name].output
    for name, cell in cells.items():
        if name == ref_name or cell.error or cell.output is None:
            continue
        if cell.output != expected:
            cell.mismatch = True
        if cell.mismatch:
            # Loudly: a fast wrong answer is worth nothing.
            print(
                f"\n*** OUTPUT MISMATCH: {prog.name} on {name} differs from {ref_name} ***", file=sys.stderr
            )
            print(f"--- {ref_name}:\n{expected.decode('utf-8', 'replace')[:800]}", file=sys.stderr)
            print(f"--- {name}:\n{cell.output.decode('utf-8', 'replace')[:800]}", file=sys.stderr)


def fmt_secs(cell: Cell) -> str:
    if cell.error:
        # Keep table cells on one line and short; the full line is in notes.
        return "timeout" if cell.error.startswith("timeout") else "n/a"
    med = cell.median()
    text = f"{med:.3f}" if med is not None else "n/a"
    return f"{text} WRONG" if cell.mismatch else text


def ratio(num: Cell, den: Cell) -> float | None:
    a, b = num.median(), den.median()
    if a is None or b is None or b == 0 or num.mismatch:
        return None
    return a / b


def fmt_ratio(r: float | None) -> str:
    return f"{r:.2f}x" if r is not None else "n/a"


def render(
    programs: list[Program], results: dict[str, dict[str, Cell]], impls: list[Impl]
) -> tuple[str, bool]:
    """The Markdown table plus summary and notes; also whether anything mismatched."""
    names = [i.name for i in impls]
    impl_by_name = {i.name: i for i in impls}
    header = ["program", "size", *[f"{n} (s)" for n in names],
              "tier 0/lua5.1", "tier 0/python", "tier 0/luajit -joff", "tier 1/lua5.1", "tier 1/luajit"]
    rows = []
    tier0: list[tuple[float, str]] = []
    floor: list[tuple[float, float]] = []           # (python/lua5.1, tier 0/python)
    tier1: list[tuple[float, float, str]] = []      # (vs luajit, vs lua5.1, program)
    mismatched = False
    notes: list[str] = []
    # Failures grouped by (implementation, message): while luavm cannot run
    # at all, one line says why instead of one identical line per program.
    failures: dict[tuple[str, str], list[str]] = {}
    for prog in programs:
        cells = results[prog.name]
        t0_51 = ratio(cells[OURS_T0], cells[LUA51])
        t0_py = ratio(cells[OURS_T0], cells[PYTHON])
        t0_joff = ratio(cells[OURS_T0], cells[JOFF])
        t1_51 = ratio(cells[OURS], cells[LUA51])
        t1_jit = ratio(cells[OURS], cells[LUAJIT])
        if t0_51 is not None:
            tier0.append((t0_51, prog.name))
        py_51 = ratio(cells[PYTHON], cells[LUA51])
        if py_51 is not None and t0_py is not None:
            floor.append((py_51, t0_py))
        if t1_51 is not None and t1_jit is not None:
            tier1.append((t1_jit, t1_51, prog.name))
        rows.append([prog.name, prog.size, *[fmt_secs(cells[n]) for n in names],
                     *map(fmt_ratio, (t0_51, t0_py, t0_joff, t1_51, t1_jit))])
        for n in names:
            cell = cells[n]
            if cell.mismatch:
                mismatched = True
                notes.append(f"- **{prog.name} on {n}: OUTPUT MISMATCH with lua5.1**")
            elif cell.error and cell.error != impl_by_name[n].unavailable:
                failures.setdefault((n, cell.error), []).append(prog.name)
    for (n, err), progs in failures.items():
        notes.append(f"- {n} ({', '.join(progs)}): {err}")
    for impl in impls:
        if impl.unavailable:
            notes.append(f"- {impl.name}: {impl.unavailable}")

    # Text columns (program, size) left-aligned, numbers right-aligned.
    out = markdown_table(header, rows, text_cols=2)
    out.append("")
    out.append(tier0_summary(tier0, len(programs)))
    out.append("")
    out.append(floor_summary(floor))
    out.append("")
    out.append(tier1_summary(tier1))
    if notes:
        out += ["", "Notes:", *notes]
    return "\n".join(out), mismatched


def render_long(programs: list[Program], results: dict[str, dict[str, Cell]]) -> tuple[str, bool]:
    """--long: tier 1 against LuaJIT, and issue 7's 1.5x bar."""
    header = ["program", "size", f"{OURS} (s)", f"{LUAJIT} (s)", "tier 1/luajit", "target",
              f"{OURS} first run (s)"]
    rows = []
    near: list[str] = []
    mismatched = False
    for prog in programs:
        cells = results[prog.name]
        r = ratio(cells[OURS], cells[LUAJIT])
        mismatched = mismatched or any(c.mismatch for c in cells.values())
        verdict = "n/a" if r is None else ("≤ 1.5x met" if r <= 1.5 else "≤ 1.5x **not met**")
        if r is not None and r <= 1.5:
            near.append(prog.name)
        rows.append([prog.name, prog.size, fmt_secs(cells[OURS]), fmt_secs(cells[LUAJIT]),
                     fmt_ratio(r), verdict,
                     "—" if cells[OURS].first is None else f"{cells[OURS].first:.3f}"])
    out = markdown_table(header, rows, text_cols=2)
    out += ["", f"Tier 1 (moongate) within 1.5x of luajit at these sizes: {len(near)} of "
                f"{len(programs)}{' (' + ', '.join(near) + ')' if near else ''}."]
    notes = [f"- {prog.name} on {name}: {cell.error}" for prog in programs
             for name, cell in results[prog.name].items() if cell.error]
    if notes:
        out += ["", "Notes:", *notes]
    return "\n".join(out), mismatched


def tier0_summary(tier0: list[tuple[float, str]], total: int) -> str:
    """Issue 2's target: the median of tier 0 over lua5.1, and the worst."""
    if not tier0:
        return "Tier 0 (moongate -joff) median over lua5.1: n/a (no correct timed run)."
    med = statistics.median(r for r, _ in tier0)
    worst, worst_name = max(tier0)
    missing = total - len(tier0)
    tail = f" ({missing} program(s) without a ratio)" if missing else ""
    return (f"Tier 0 (moongate -joff) median over lua5.1: **{med:.2f}x**; "
            f"worst: **{worst:.2f}x** ({worst_name}){tail}.")


def floor_summary(floor: list[tuple[float, float]]) -> str:
    """How far tier 0 is from the same programs written in Python by hand."""
    if not floor:
        return "Python by hand: n/a (no correct timed run)."
    return (f"Python by hand (bench/vm/py, the floor of tier 0) median over lua5.1: "
            f"**{statistics.median(r for r, _ in floor):.2f}x**; tier 0 over it: median "
            f"**{statistics.median(r for _, r in floor):.2f}x** ({len(floor)} programs).")


def tier1_summary(tier1: list[tuple[float, float, str]]) -> str:
    """Issue 7's targets: within 1.5x of LuaJIT, and faster than lua5.1."""
    if not tier1:
        return "Tier 1 (moongate): n/a (no correct timed run)."
    near = [name for r, _, name in tier1 if r <= 1.5]
    faster = [name for _, r, name in tier1 if r < 1.0]
    return (f"Tier 1 (moongate): within 1.5x of luajit: {len(near)} of {len(tier1)}"
            f"{' (' + ', '.join(near) + ')' if near else ''}; faster than lua5.1: "
            f"{len(faster)} of {len(tier1)}{' (' + ', '.join(faster) + ')' if faster else ''}.")


def machine_info() -> list[str]:
    return [
        f"- nproc: {os.cpu_count()}",
        f"- CPU: {cpu_model()}",
        f"- Python: {platform.python_version()} ({sys.executable})",
        f"- luajit -v: {cmd_output(['luajit', '-v'])}",
        f"- lua5.1 -v: {cmd_output(['lua5.1', '-v'])}",
    ]


def write_results(table: str, reps: int, timeout: float, long: bool = False) -> None:
    """Replace the VM section (or the --long one) of RESULTS.md between its
    markers, keep the rest."""
    facts = [
        (
            f"- Method: {reps} rep{'s' if reps != 1 else ''} per program, interleaved round-robin; "
            f"median wall-clock seconds per process; timeout {timeout:g} s per run; "
            "ours with Python's bytecode cache (PYTHONPYCACHEPREFIX, precompiled) and tier 1's "
            "code cache (MOONGATE_JIT_CACHE, a directory of this run, filled by one untimed first "
            "run per program)"
        ),
        f"- Date: {now_stamp()}",
        *machine_info(),
    ]
    if long:
        write_section(LONG_START, LONG_END, "## Tier 1 at long sizes (bench/vm, --long)", facts, table)
    else:
        write_section(START_MARK, END_MARK, "## VM suite (bench/vm)", facts, table)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--reps", type=int, default=5, help="repetitions per program and implementation (default 5)"
    )
    ap.add_argument("--timeout", type=float, default=120.0, help="per-run timeout in seconds (default 120)")
    ap.add_argument("--only", help="comma-separated program names, e.g. fib,loop")
    ap.add_argument("--size", help="N for every selected program, or name=N,name=N")
    ap.add_argument("--moongate", metavar="CMD", help="command that runs our VM (default: <python> -m luavm)")
    ap.add_argument("--long", action="store_true",
                    help="tier 1 and luajit alone, at sizes where luajit runs about a second")
    ap.add_argument("--write", action="store_true", help="replace the VM section of bench/RESULTS.md")
    ap.add_argument("-q", "--quiet", action="store_true", help="no per-run progress on stderr")
    args = ap.parse_args()
    if args.reps < 1:
        ap.error("--reps must be >= 1")

    programs = load_programs(args.only, args.size, args.long)
    if not programs:        # --long --only with none of LONG_SIZES' programs
        print("run_vm.py: no program to run at long sizes", file=sys.stderr)
        return 0
    impls = build_impls(args.moongate)
    if args.long:
        impls = [i for i in impls if i.name in (OURS, LUAJIT)]
    print(
        f"{len(programs)} programs x {len(impls)} implementations x {args.reps} reps "
        f"(ours: {shlex.join(impls[0].argv)})",
        file=sys.stderr,
    )
    results = run_suite(programs, impls, args.reps, args.timeout, verbose=not args.quiet)
    if args.long:
        table, mismatched = render_long(programs, results)
    else:
        table, mismatched = render(programs, results, impls)
    print(table)
    if args.write:
        write_results(table, args.reps, args.timeout, args.long)
    if mismatched:
        print(
            "\n*** OUTPUT MISMATCH: see above; ratios for wrong outputs are not reported ***", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
