"""The master process (master_process on, nginx's default) and its workers.

The master loads the conf, runs init_by_lua, binds the listening sockets and
forks `worker_processes` workers from that state (gateway/process.py's
serve_worker), as nginx does: the workers share what init_by_lua built and
the sockets, either one socket per address that every worker accepts on, or
with `listen ... reuseport` one socket per address and worker, which the
kernel balances. The master serves no request; it waits for signals:

- HUP: load the conf again and run its init_by_lua; if that fails, log it and
  keep the old workers. Otherwise start new workers and send the old ones
  QUIT: they stop accepting and finish what they serve.
- QUIT: graceful stop of every worker, then exit. TERM/INT: fast stop.
- USR1: reopen the log files, here and in every worker.
- CHLD: a worker that exits without being told to is logged as nginx logs it
  (`worker process 1234 exited on signal 9`) and replaced.
"""
from __future__ import annotations

import os
import signal
import socket
import time
from typing import Callable

from .config.model import Main
from .logs import LEVEL_NUMBER
from .ngx import base
from .process import MASTER_SIGNALS, remove_pid, run_init, serve_worker, write_pid
from .server import listen_groups, reuseport
from .worker import StartupError, Worker

NOTICE = LEVEL_NUMBER["notice"]
ALERT = LEVEL_NUMBER["alert"]
EXIT_FATAL = 2              # a worker that cannot start at all: not respawned
STOP_GRACE_S = 5.0          # TERM: how long workers get before SIGKILL
SIGNAL_NAMES = {signal.SIGHUP: "SIGHUP", signal.SIGQUIT: "SIGQUIT", signal.SIGTERM: "SIGTERM",
                signal.SIGINT: "SIGINT", signal.SIGUSR1: "SIGUSR1", signal.SIGCHLD: "SIGCHLD"}


class Child:
    """A worker process: its pid, its ngx.worker.id, and the conf generation
    it serves."""
    __slots__ = ("pid", "worker_id", "generation")

    def __init__(self, pid: int, worker_id: int, generation: int) -> None:
        self.pid = pid
        self.worker_id = worker_id
        self.generation = generation


def bind(host: str, port: int, reuseport: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuseport:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host or "0.0.0.0", port))
        sock.listen(511)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


class Master:
    def __init__(self, main: Main, reload_conf: Callable[[], Main] | None) -> None:
        self.main = main
        self.reload_conf = reload_conf
        self.worker: Worker | None = None       # the state workers fork from
        # (host, port, slot) -> socket; slot is None for a shared socket,
        # the worker id with reuseport
        self.sockets: dict[tuple[str, int, int | None], socket.socket] = {}
        self.children: dict[int, Child] = {}
        self.generation = 0
        self.stopping = ""                      # "", "quit" or "stop"
        self.stop_deadline = 0.0

    # -- start ------------------------------------------------------------------------------
    def run(self) -> int:
        """Start the workers and handle signals until every worker is gone."""
        main = self.main
        if main.http is None or not main.http.servers:
            raise StartupError("no \"http\" section with a \"server\" in the configuration")
        signal.pthread_sigmask(signal.SIG_BLOCK, MASTER_SIGNALS)
        self.worker = self._load(main)
        for notice in main.notices:
            self.log(NOTICE, notice)
        try:
            self._bind(main)
        except OSError as exc:
            raise StartupError(f"bind() failed ({exc.errno}: {exc.strerror})") from None
        pid_path = main.path(main.pid)
        write_pid(pid_path)
        try:
            self.log(NOTICE, f"moongate started, pid {os.getpid()}")
            self._spawn_all()
            self._wait_for_signals()
        finally:
            remove_pid(pid_path)
            for sock in self.sockets.values():
                sock.close()
            self.worker.close()
        return 0

    @staticmethod
    def _load(main: Main) -> Worker:
        """A Lua state for main with init_by_lua run (StartupError if it fails)."""
        w = Worker(main)
        try:
            run_init(w, main.http.init_by_lua, base.INIT)
        except BaseException:
            w.close()
            raise
        return w

    def _bind(self, main: Main) -> None:
        """The sockets main listens on: kept where the address (and its
        reuseport setting) stays, new ones bound, the rest closed."""
        wanted: dict[tuple[str, int, int | None], bool] = {}
        for (host, port), entries in listen_groups(main.http).items():
            reuse = reuseport(entries)
            for slot in (range(main.worker_processes) if reuse else [None]):
                wanted[(host, port, slot)] = reuse
        fresh = {}
        try:
            for key, reuse in wanted.items():
                fresh[key] = self.sockets.get(key) or bind(key[0], key[1], reuse)
        except OSError:
            for key, sock in fresh.items():
                if key not in self.sockets:
                    sock.close()
            raise
        for key, sock in self.sockets.items():
            if key not in fresh:
                sock.close()
        self.sockets = fresh

    def _sockets_for(self, worker_id: int) -> dict[tuple[str, int], socket.socket]:
        mine = {}
        for (host, port, slot), sock in self.sockets.items():
            if slot is None or slot == worker_id:
                mine[(host, port)] = sock
        return mine

    def _spawn_all(self) -> None:
        for worker_id in range(self.worker.main.worker_processes):
            self._spawn(worker_id)

    def _spawn(self, worker_id: int) -> None:
        sockets = self._sockets_for(worker_id)
        pid = os.fork()
        if pid == 0:
            # the child: never returns into the master's code
            code = 1
            try:
                code = serve_worker(self.worker, sockets, worker_id)
            except StartupError as exc:
                self.worker.error_log.log(LEVEL_NUMBER["emerg"], str(exc))
                code = EXIT_FATAL
            except BaseException as exc:     # log whatever killed the worker, then exit
                self.worker.error_log.log(ALERT, f"worker process failed: {exc!r}")
            finally:
                os._exit(code)
        self.children[pid] = Child(pid, worker_id, self.generation)
        self.log(NOTICE, f"start worker process {pid}")

    # -- signals ----------------------------------------------------------------------------
    def _wait_for_signals(self) -> None:
        while self.children or not self.stopping:
            info = signal.sigtimedwait(MASTER_SIGNALS, 0.5)
            if info is not None:
                self._on_signal(info.si_signo, info.si_pid)
            self._reap()
            if self.stopping == "stop" and self.children and time.monotonic() > self.stop_deadline:
                for child in self.children.values():
                    _kill(child.pid, signal.SIGKILL)

    def _on_signal(self, signo: int, sender: int) -> None:
        if signo == signal.SIGCHLD:
            return              # _reap runs after every signal
        what = {signal.SIGHUP: "reconfiguring", signal.SIGQUIT: "shutting down",
                signal.SIGUSR1: "reopening logs"}.get(signo, "exiting")
        self.log(NOTICE, f"signal {int(signo)} ({SIGNAL_NAMES[signo]}) received from {sender}, {what}")
        if signo == signal.SIGHUP:
            if not self.stopping:
                self._reload()
        elif signo == signal.SIGUSR1:
            self.worker.error_log.reopen()
            self._tell_all(signal.SIGUSR1)
        elif signo == signal.SIGQUIT:
            if not self.stopping:
                self.stopping = "quit"
                self._tell_all(signal.SIGQUIT)
        elif self.stopping != "stop":
            self.stopping = "stop"
            self.stop_deadline = time.monotonic() + STOP_GRACE_S
            self._tell_all(signal.SIGTERM)

    def _tell_all(self, signo: int) -> None:
        for child in self.children.values():
            _kill(child.pid, signo)

    def _reload(self) -> None:
        """New workers on the new conf; the old ones stop gracefully. A conf
        that fails to load or to bind changes nothing."""
        if self.reload_conf is None:
            return
        old = self.worker
        try:
            main = self.reload_conf()
            if main.http is None or not main.http.servers:
                raise StartupError("no \"http\" section with a \"server\" in the configuration")
            w = self._load(main)
        except Exception as exc:        # ConfError, StartupError: keep serving
            self.log(LEVEL_NUMBER["emerg"], f"reload failed: {exc}")
            return
        try:
            self._bind(main)
        except OSError as exc:
            self.log(LEVEL_NUMBER["emerg"], f"reload failed: bind() failed ({exc.errno}: {exc.strerror})")
            w.close()
            return
        retiring = list(self.children.values())
        self.worker = w
        self.generation += 1
        self._spawn_all()
        for child in retiring:
            _kill(child.pid, signal.SIGQUIT)
        old.close()

    def _reap(self) -> None:
        """Collect exited workers; replace those that were not told to go."""
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                self.children.clear()
                return
            if pid == 0:
                return
            child = self.children.pop(pid, None)
            if child is None:
                continue
            expected = self.stopping or child.generation != self.generation
            if os.WIFSIGNALED(status):
                self.log(NOTICE if expected else ALERT,
                         f"worker process {pid} exited on signal {os.WTERMSIG(status)}")
            else:
                code = os.waitstatus_to_exitcode(status)
                self.log(NOTICE if code == 0 else ALERT, f"worker process {pid} exited with code {code}")
                if code == EXIT_FATAL:
                    continue        # it cannot start: starting it again would loop
            if not expected:
                self._spawn(child.worker_id)

    def log(self, level: int, msg: str) -> None:
        self.worker.error_log.log(level, msg)


def _kill(pid: int, signo: int) -> None:
    try:
        os.kill(pid, signo)
    except ProcessLookupError:
        pass        # already gone: _reap will see it
