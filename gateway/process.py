"""A running gateway process: init, listeners, signals, the event loop.

One process serves today (worker_processes above 1 is the workers issue).
Signals as nginx's: TERM/INT stop at once, QUIT stops accepting and lets
requests in flight finish, USR1 reopens the log files.
"""
from __future__ import annotations

import asyncio
import os
import signal

from luavm.value import LuaError

from . import server
from .config.model import LuaChunk, Main
from .logs import LEVEL_NUMBER
from .ngx import base
from .worker import Worker, error_text

QUIT_GRACE_S = 10.0


class StartupError(Exception):
    """The gateway cannot start; the message is nginx's wording."""


def run_init(w: Worker, chunk: LuaChunk | None, phase: int) -> None:
    """init_by_lua / init_worker_by_lua: run in _G itself, no request."""
    if chunk is None:
        return
    w.phase = phase
    try:
        w.state.call(w.factory(chunk)(w.state.globals))
    except LuaError as exc:
        tag = base.CONTEXT_NAMES[phase].rstrip("*")
        raise StartupError(f"{tag} error: {error_text(exc.value)}") from None
    except (base.Exit, base.Exec):
        pass
    finally:
        w.phase = base.INIT_WORKER if phase == base.INIT else base.TIMER


def serve(main: Main) -> int:
    """Run the gateway until a signal stops it; the exit status."""
    import uvloop
    if main.http is None or not main.http.servers:
        raise StartupError("no \"http\" section with a \"server\" in the configuration")
    loop = uvloop.new_event_loop()
    asyncio.set_event_loop(loop)
    w = Worker(main)
    try:
        for notice in main.notices:
            w.error_log.log(LEVEL_NUMBER["notice"], notice)
        run_init(w, main.http.init_by_lua, base.INIT)
        try:
            listeners = loop.run_until_complete(server.listen(w, loop))
        except OSError as exc:
            raise StartupError(f"bind() failed ({exc.errno}: {exc.strerror})") from None
        pid_path = main.path(main.pid)
        _write_pid(pid_path)
        run_init(w, main.http.init_worker_by_lua, base.INIT_WORKER)
        stopping = _install_signals(loop, w, listeners)
        w.error_log.log(LEVEL_NUMBER["notice"], f"moongate started, pid {os.getpid()}")
        loop.run_until_complete(stopping)
        _remove(pid_path)
        return 0
    finally:
        w.close()
        loop.close()


def _install_signals(loop, w: Worker, listeners) -> asyncio.Future:
    stopping = loop.create_future()

    def stop() -> None:
        for s in listeners:
            s.close()
        if not stopping.done():
            stopping.set_result(None)

    def quit_() -> None:
        w.exiting = True
        for s in listeners:
            s.close()
        loop.create_task(_drain(w, stopping))

    loop.add_signal_handler(signal.SIGTERM, stop)
    loop.add_signal_handler(signal.SIGINT, stop)
    loop.add_signal_handler(signal.SIGQUIT, quit_)
    loop.add_signal_handler(signal.SIGUSR1, w.error_log.reopen)
    return stopping


async def _drain(w: Worker, stopping: asyncio.Future) -> None:
    """Graceful stop: wait until no request runs (bounded), then stop."""
    deadline = asyncio.get_running_loop().time() + QUIT_GRACE_S
    while w.active_requests and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
    if not stopping.done():
        stopping.set_result(None)


def _write_pid(path: str) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        f.write(f"{os.getpid()}\n")


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
