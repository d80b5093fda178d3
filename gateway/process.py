"""A process that serves: its listeners, signals and event loop.

`serve` is the whole gateway in one process (master_process off);
`serve_worker` is one worker process the master (gateway/master.py) forked,
on the listening sockets it inherited. Signals as nginx's: TERM/INT stop at
once, QUIT stops accepting, closes idle connections and lets requests in
flight finish (for worker_shutdown_timeout at most), USR1 reopens the log
files; HUP reloads a single process (a worker leaves reloads to the master).
"""
from __future__ import annotations

import asyncio
import gc
import os
import signal
from typing import Callable

from luavm.value import LuaError

from . import server
from .config.model import LuaChunk, Main
from .logs import LEVEL_NUMBER
from .ngx import base
from .worker import StartupError, Worker, error_text

IDLE_GRACE_S = 1.0

# what the master blocks to take them with sigtimedwait; its workers unblock them
MASTER_SIGNALS = {signal.SIGHUP, signal.SIGQUIT, signal.SIGTERM, signal.SIGINT,
                  signal.SIGUSR1, signal.SIGCHLD}


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


def run_init_worker(w: Worker) -> None:
    """init_worker_by_lua: a failure is logged and the worker serves on, as
    in nginx."""
    try:
        run_init(w, w.main.http.init_worker_by_lua, base.INIT_WORKER)
    except StartupError as exc:
        w.error_log.log(LEVEL_NUMBER["error"], str(exc))


def freeze_startup() -> None:
    """Startup is over: what it made (the conf, the Lua state and its
    compiled code) lives as long as the worker. Take it out of the cycle
    collector's generations, so that a full pass, which pauses every
    request, walks only what was made since."""
    gc.collect()
    gc.freeze()


def serve(main: Main, reload_conf: Callable[[], Main] | None = None) -> int:
    """Run the gateway until a signal stops it; the exit status.

    `reload_conf` loads the conf again for a reload (SIGHUP, `-s reload`).
    """
    import uvloop
    if main.http is None or not main.http.servers:
        raise StartupError("no \"http\" section with a \"server\" in the configuration")
    loop = uvloop.new_event_loop()
    asyncio.set_event_loop(loop)
    w = Worker(main)
    workers = [w]           # every worker this process had (a reload adds one)
    try:
        for notice in main.notices:
            w.error_log.log(LEVEL_NUMBER["notice"], notice)
        run_init(w, main.http.init_by_lua, base.INIT)
        try:
            listeners = loop.run_until_complete(server.listen(w, loop))
        except OSError as exc:
            raise StartupError(f"bind() failed ({exc.errno}: {exc.strerror})") from None
        pid_path = main.path(main.pid)
        write_pid(pid_path)
        run_init_worker(w)
        freeze_startup()
        run = Running(w, listeners, reload_conf, workers)
        stopping = _install_signals(loop, run)
        w.error_log.log(LEVEL_NUMBER["notice"], f"moongate started, pid {os.getpid()}")
        loop.run_until_complete(stopping)
        remove_pid(pid_path)
        return 0
    finally:
        for each in workers:
            each.close()
        loop.close()


def serve_worker(w: Worker, sockets: dict, worker_id: int) -> int:
    """One worker process, forked by the master from its Lua state (init_by_lua
    has run there): serve on the inherited sockets until a signal stops it."""
    import uvloop
    loop = uvloop.new_event_loop()
    asyncio.set_event_loop(loop)
    w.worker_id = worker_id
    w.error_log.pid = os.getpid()
    try:
        listeners = loop.run_until_complete(server.listen(w, loop, sockets=sockets))
        run_init_worker(w)
        freeze_startup()
        stopping = _install_signals(loop, Running(w, listeners, None, [w]))
        # Unblocked once the loop runs: uvloop listens for signals only
        # while it runs, and one the master sent meanwhile (still pending)
        # would be delivered now and lost.
        loop.call_soon(signal.pthread_sigmask, signal.SIG_UNBLOCK, MASTER_SIGNALS)
        loop.run_until_complete(stopping)
        return 0
    finally:
        w.close()
        loop.close()


class Running:
    """What a running gateway holds: its current worker and its listeners."""

    def __init__(self, w: Worker, listeners: dict, reload_conf, workers: list[Worker]) -> None:
        self.worker = w
        self.listeners = listeners
        self.reload_conf = reload_conf
        self.workers = workers              # every worker so far, closed at exit

    async def reload(self) -> None:
        """SIGHUP: a new worker on the new conf takes new connections; the
        old one finishes what it serves. A bad conf changes nothing."""
        old = self.worker
        # the old worker's objects must be collectable once it is done
        # (frozen ones never are); a reloaded single process goes unfrozen
        gc.unfreeze()
        try:
            main = self.reload_conf()
            w = Worker(main)
            run_init(w, main.http.init_by_lua, base.INIT)
            self.listeners = await server.listen(w, asyncio.get_running_loop(), self.listeners)
            run_init_worker(w)
        except Exception as exc:        # ConfError, StartupError, OSError: keep serving
            old.error_log.log(LEVEL_NUMBER["emerg"], f"reload failed: {exc}")
            return
        self.worker = w
        self.workers.append(w)
        w.error_log.log(LEVEL_NUMBER["notice"], "reconfiguring")
        old.exiting = True          # as an old nginx worker: its timers expire now
        old.timers.expire_all()

    def close_listeners(self) -> None:
        for listener in self.listeners.values():
            listener.server.close()


def _install_signals(loop, run: Running) -> asyncio.Future:
    stopping = loop.create_future()

    def stop() -> None:
        run.close_listeners()
        if not stopping.done():
            stopping.set_result(None)

    def quit_() -> None:
        w = run.worker
        if w.exiting:
            return
        w.exiting = True
        w.error_log.log(LEVEL_NUMBER["notice"], "gracefully shutting down")
        run.close_listeners()
        w.timers.expire_all()
        loop.create_task(_drain(w, stopping))

    def reload() -> None:
        if run.reload_conf is not None:
            loop.create_task(run.reload())

    loop.add_signal_handler(signal.SIGTERM, stop)
    loop.add_signal_handler(signal.SIGINT, stop)
    loop.add_signal_handler(signal.SIGQUIT, quit_)
    loop.add_signal_handler(signal.SIGHUP, reload)
    loop.add_signal_handler(signal.SIGUSR1, lambda: run.worker.error_log.reopen())
    return stopping


async def _drain(w: Worker, stopping: asyncio.Future) -> None:
    """Graceful stop: busy connections close after their request (w.exiting
    turns keep-alive off), idle ones after IDLE_GRACE_S, since a request may
    already be on its way that the kernel holds for us (a keep-alive client
    would see its connection closed under it); stop when none is left and
    no timer callback runs, or when worker_shutdown_timeout has passed."""
    loop = asyncio.get_running_loop()
    timeout = w.main.worker_shutdown_timeout
    deadline = None if timeout is None else loop.time() + timeout
    idle_until = loop.time() + IDLE_GRACE_S
    while True:
        if loop.time() >= idle_until:
            for conn in list(w.open_connections):
                if conn.idle():
                    conn.close()
        done = not w.open_connections and not w.timers.running
        if done or (deadline is not None and loop.time() >= deadline):
            break
        await asyncio.sleep(0.05)
    if not stopping.done():
        stopping.set_result(None)


def write_pid(path: str) -> None:
    """Write the pid file whole or not at all: a reader (`-s reload`, a
    supervisor) never sees it empty, as it could between open and write."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    partial = f"{path}.{os.getpid()}.tmp"
    with open(partial, "w") as f:
        f.write(f"{os.getpid()}\n")
    os.replace(partial, path)


def remove_pid(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
