"""What the bench scripts share: servers, the machine's description, RESULTS.md.

run_http.py and run_api.py start Moongate and nginx on free loopback ports
under a temporary prefix and must stop them on every exit path; all three
scripts (run_vm.py too) describe the machine the same way and replace their
own section of RESULTS.md between marker comments. The scripts run as
`python3 bench/run_X.py`, so this directory is on sys.path and they import
this module as `common`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import os
import platform
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"

NGINX_MODULES = Path("/usr/lib/nginx/modules")
# Debian's nginx with the Lua module is OpenResty's runtime; Moongate has no
# modules to load, so these lines are the only difference between the confs.
LOAD_MODULES = "".join(
    f"load_module {NGINX_MODULES / name};\n" for name in ("ndk_http_module.so", "ngx_http_lua_module.so")
)
# Foreground, one process: the worker is the process we start and kill.
# Confs that choose their own process model (http/front.conf) go without it.
NGINX_GLOBALS = "daemon off; master_process off;"
# How long the process we started gets to stop after SIGTERM: a master first
# stops its workers (Moongate's give theirs 5 s before a SIGKILL).
STOP_WAIT_S = 10.0
# Where Debian's lua-resty-core puts the FFI API OpenResty loads at start-up.
RESTY_CORE = Path("/usr/share/lua/5.1/resty/core.lua")


class BenchError(Exception):
    """A setup failure that makes the whole run meaningless (exit 2)."""


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
    """Stop the server and every process it started, such as a master's workers.

    SIGTERM goes to the process we started only: a master stops its workers
    and waits for them, as in production. Whatever is left of its process
    group then (workers of a master that died or took too long) is killed;
    the server runs in its own session, so nothing else is in that group.
    """
    proc = server.proc
    if proc is None:
        return
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(STOP_WAIT_S)
    if group_gone(proc.pid, 1.0):
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5.0)
    if not group_gone(proc.pid, 5.0):
        print(f"{server.name}: processes {group_pids(proc.pid)} survived SIGKILL", file=sys.stderr)


def group_pids(pgid: int) -> list[int]:
    """The live processes of a process group (zombies aside: they are gone,
    only not yet reaped by whoever inherited them). Empty without /proc."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            # After the command name in parentheses: state, ppid, pgrp, ...
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                pids.append(int(stat.parent.name))
    return pids


def group_gone(pgid: int, timeout: float) -> bool:
    """Whether the process group has no live process left within timeout."""
    deadline = time.monotonic() + timeout
    while group_pids(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def died(server: Server) -> str | None:
    """Why the server is no longer running, or None while it is."""
    if server.proc is None or server.proc.poll() is None:
        return None
    return f"{server.name} died (exit {server.proc.returncode}):\n{tail(server)}"


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


def error_log_notes(servers: list[Server]) -> list[str]:
    """One line under the table per server whose error log is not empty."""
    notes = []
    for server in servers:
        lines = error_log_lines(server)
        if lines:
            notes.append(f"{server.name} error.log: {len(lines)} line(s), first: `{lines[0][:200]}`")
    return notes


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def servers_running(servers: list[Server]) -> Iterator[None]:
    """Start the servers in order; stop every one on the way out, whatever happens."""
    # SIGTERM (e.g. from `timeout` or CI) or SIGHUP (the terminal closed)
    # would otherwise end us without running the finally below and leave the
    # servers behind.
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, *STOP_SIGNALS)}
    for sig in STOP_SIGNALS:
        signal.signal(sig, _exit_on_signal)
    try:
        for server in servers:
            start(server)
        yield
    finally:
        # A second Ctrl-C (or a TERM) must not cut the stopping short.
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        try:
            for server in reversed(servers):
                stop(server)
        finally:
            for sig, handler in previous.items():
                # None: a handler not set from Python; the default is the closest.
                signal.signal(sig, signal.SIG_DFL if handler is None else handler)


def _exit_on_signal(signo: int, _frame: object) -> None:
    sys.exit(128 + signo)


# -- confs and servers -----------------------------------------------------------


def fill(template: str, **values: int | str) -> str:
    """The conf template with its @KEY@ placeholders replaced."""
    for key, value in values.items():
        template = template.replace(f"@{key}@", str(value))
    return template


def make_prefix(workdir: Path, name: str, conf_name: str, text: str) -> Path:
    """A server's prefix directory under workdir, with its conf and logs/."""
    prefix = workdir / name
    (prefix / "logs").mkdir(parents=True)
    (prefix / conf_name).write_text(text)
    return prefix


def moongate_server(name: str, cmd: str | None, prefix: Path, conf_name: str, port: int) -> Server:
    """Our gateway on a prefix; cmd (--moongate) replaces `<python> -m gateway.cli`."""
    argv = shlex.split(cmd) if cmd else [sys.executable, "-m", "gateway.cli"]
    return Server(name, [*argv, "-p", str(prefix), "-c", conf_name], prefix, port)


def nginx_server(
    name: str, nginx: str, prefix: Path, conf_name: str, port: int, globals_: str | None = NGINX_GLOBALS
) -> Server:
    """nginx on a prefix; globals_ (-g) None: the conf says how it runs (daemon, master_process)."""
    argv = [nginx, "-p", str(prefix), "-c", conf_name]
    return Server(name, argv + (["-g", globals_] if globals_ else []), prefix, port)


def find_nginx(missing: list[str], resty_core: bool = False) -> str | None:
    """nginx's path; what is missing of nginx and the Lua module goes to `missing`.

    resty_core: also require lua-resty-core (the FFI API OpenResty loads).
    """
    # nginx lives in /usr/sbin, which is not on every user's PATH.
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not nginx:
        missing.append("nginx (apt-get install nginx)")
    for mod in ("ndk_http_module.so", "ngx_http_lua_module.so"):
        if not (NGINX_MODULES / mod).exists():
            missing.append(f"{NGINX_MODULES / mod} (apt-get install libnginx-mod-http-lua)")
    if resty_core and not RESTY_CORE.exists():
        missing.append(f"{RESTY_CORE} (apt-get install lua-resty-core)")
    return nginx


def http_request(
    port: int, path: str, headers: tuple[str, ...] = (), timeout: float = 10
) -> tuple[int, dict[str, str], bytes]:
    """Status, response headers (lower-case names) and body of GET path on
    the loopback port (request headers as "Name: value")."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=dict(h.split(": ", 1) for h in headers))
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


def http_get(port: int, path: str, headers: tuple[str, ...] = (), timeout: float = 10) -> tuple[int, bytes]:
    """Status and body of GET path on the loopback port."""
    status, _, body = http_request(port, path, headers, timeout)
    return status, body


# -- running ---------------------------------------------------------------------


def rotated(items: list, rep: int) -> list:
    """items, rotated by one per repetition so no column always runs right
    after the same neighbour (caches, turbo, other tenants)."""
    k = rep % len(items)
    return items[k:] + items[:k]


def log(args: argparse.Namespace, line: str) -> None:
    """Progress on stderr, unless -q."""
    if not args.quiet:
        print(line, file=sys.stderr, flush=True)


def pick(only: str | None, names: list[str], what: str = "scenario") -> list[str]:
    """The names --only selects, in its order (all of them without --only)."""
    if not only:
        return names
    wanted = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in names]
    if unknown:
        raise BenchError(f"unknown {what}(s) {', '.join(unknown)}; have {', '.join(names)}")
    return wanted


def add_server_options(ap: argparse.ArgumentParser, section: str) -> None:
    """The options of the scripts that start servers (run_http.py, run_api.py)."""
    ap.add_argument(
        "--moongate", metavar="CMD", help="command that runs our gateway (default: <python> -m gateway.cli)"
    )
    ap.add_argument("--keep", action="store_true", help="keep the servers' prefix directory (confs, logs)")
    ap.add_argument("--write", action="store_true", help=f"replace the {section} section of bench/RESULTS.md")
    ap.add_argument("-q", "--quiet", action="store_true", help="no per-run progress on stderr")


def run_in_workdir(
    script: str, args: argparse.Namespace, run: Callable[[argparse.Namespace, Path], int]
) -> int:
    """run(args, workdir) in a fresh temporary directory, removed afterwards
    (unless --keep), with setup errors as exit 2 and Ctrl-C as 130."""
    args.load_before = os.getloadavg()
    suite = script.removeprefix("run_").removesuffix(".py")
    workdir = Path(tempfile.mkdtemp(prefix=f"moongate-bench-{suite}-"))
    try:
        return run(args, workdir)
    except BenchError as exc:
        print(f"{script}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{script}: interrupted; servers stopped", file=sys.stderr)
        return 130
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


# -- the table and RESULTS.md ------------------------------------------------------


def markdown_table(header: list[str], rows: list[list[str]], text_cols: int = 1) -> list[str]:
    """A Markdown table padded to its widths: the first text_cols columns
    left-aligned, the figures right-aligned, so the source reads as well in a
    terminal as rendered."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cols: list[str]) -> str:
        cells = [
            c.ljust(w) if i < text_cols else c.rjust(w)
            for i, (c, w) in enumerate(zip(cols, widths, strict=True))
        ]
        return "| " + " | ".join(cells) + " |"

    rule = ["-" * (w + 2) if i < text_cols else "-" * (w + 1) + ":" for i, w in enumerate(widths)]
    return [line(header), "|" + "|".join(rule) + "|", *(line(r) for r in rows)]


def table_with_notes(header: list[str], rows: list[list[str]], notes: list[str]) -> str:
    """The table, then the notes (errors, wrong answers, logs) as a list under it."""
    return with_notes(markdown_table(header, rows), notes)


def with_notes(lines: list[str], notes: list[str]) -> str:
    """lines (tables and all), then the notes as a list under them."""
    if notes:
        lines = [*lines, "", "Notes:", *(f"- {n}" for n in notes)]
    return "\n".join(lines)


def exit_status(results: dict[str, dict[str, Any]]) -> int:
    """1 if any cell (results[scenario][column], with .wrong and .error) failed, else 0."""
    failed = any(c.wrong or c.error for cells in results.values() for c in cells.values())
    return 1 if failed else 0


def cmd_output(argv: list[str]) -> str:
    """The first line a version command prints (nginx -v and wrk -v print to stderr)."""
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "n/a"
    text = (proc.stdout + proc.stderr).strip()
    return text.splitlines()[0] if text else "n/a"


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                return ln.split(":", 1)[1].strip()
    return "unknown"


def libpython_linkage() -> str:
    """Whether this interpreter runs libpython as a shared library (calls
    into it go through the PLT: pyenv's and python.org's --enable-shared
    builds) or linked into the executable (Debian's /usr/bin/python3.11,
    the python:3.11 images): the latter is the faster build of the same
    version (bench/README.md)."""
    with contextlib.suppress(OSError):
        if "libpython" in Path("/proc/self/maps").read_text():
            return "libpython shared"
    return "libpython static"


def host_line() -> str:
    python = (f"{platform.python_version()} ({sys.executable} -> "
              f"{Path(sys.executable).resolve()}, {libpython_linkage()})")
    return (f"- nproc: {os.cpu_count()}; CPU: {cpu_model()}; Python: {python}; "
            f"gateway: {compiled_line()}")


def compiled_line() -> str:
    """Whether the gateway's hot-path modules run compiled (setup.py
    COMPILED) or as plain Python (`make pure`): the same code runs ~25%
    fewer instructions compiled."""
    count = sum(1 for p in (ROOT / "gateway").rglob("*.cpython-*.so")
                if not p.name.startswith("_helpers."))
    return f"{count} modules compiled by Cython" if count else "plain Python"


def load_line(load: tuple[float, float, float]) -> str:
    # Other tenants share the 2 cores; a high load explains low absolute figures.
    return f"- load average before the run: {' '.join(f'{x:.2f}' for x in load)}"


def invoked_command() -> str:
    """The command line as typed, with the script's path relative to the repo."""
    script = Path(sys.argv[0]).resolve()
    with contextlib.suppress(ValueError):
        script = script.relative_to(ROOT)
    exe = sys.executable
    with contextlib.suppress(ValueError):
        exe = str(Path(exe).relative_to(ROOT))  # not resolved: .venv/bin/python is a symlink
    return shlex.join([exe, str(script), *sys.argv[1:]])


def now_stamp() -> str:
    return datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")


def write_section(start_mark: str, end_mark: str, title: str, facts: list[str], table: str) -> None:
    """Replace one suite's section of RESULTS.md (between its markers), keep
    the rest; append it when it is new. facts: the "- ..." lines under the
    command (method, date, machine)."""
    section = "\n".join(
        [start_mark, title, "", f"- Command: `{invoked_command()}` (from the repo root)", *facts, "", table,
         end_mark]
    )  # fmt: skip
    if RESULTS.exists():
        text = RESULTS.read_text()
    else:
        text = (
            "# Moongate benchmark results\n\nGenerated sections are replaced in place by the bench scripts.\n"
        )
    if start_mark in text and end_mark in text:
        before, rest = text.split(start_mark, 1)
        _, after = rest.split(end_mark, 1)
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    RESULTS.write_text(text)
    print(f"wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
