"""ngx.timer (at, every, running_count, pending_count): Lua callbacks run
later on threads of their own, as lua-nginx-module's timers.

A timer's callback runs like a handler of a request that has no client
(nginx's "fake request"): its phase is TIMER, where ngx.sleep, light
threads and cosockets work but output does not, and its error.log lines
end with `, context: ngx.timer`. `lua_max_pending_timers` bounds the timers
waiting to expire; `lua_max_running_timers` the callbacks running at once
(beyond it an expiring timer is dropped with an alert). When the worker
exits, every pending timer expires at once with `premature` true.
"""
from __future__ import annotations

import asyncio

from luavm.auxlib import arg_error, lua_error, type_error
from luavm.stdlib.fenv import is_lua_function
from luavm.value import LuaError, Multi, Table, tonum

from .. import threads
from ..logs import LEVEL_NUMBER
from ..request import Request
from . import uthread
from .base import INIT, TIMER, Exec, Exit

LOG_ALERT = LEVEL_NUMBER["alert"]
MAX_PENDING = 1024
MAX_RUNNING = 256


class Timer:
    """One pending expiry: the callback, its arguments, its loop handle."""
    __slots__ = ("fn", "args", "every", "handle")

    def __init__(self, fn, args: tuple, every: float) -> None:
        self.fn = fn
        self.args = args
        self.every = every          # seconds between runs; 0 for ngx.timer.at
        self.handle = None


class Timers:
    """A worker's timers."""

    def __init__(self, w) -> None:
        self.w = w
        http = w.http
        self.max_pending = (http and http.lua_max_pending_timers) or MAX_PENDING
        self.max_running = (http and http.lua_max_running_timers) or MAX_RUNNING
        self.pending: set[Timer] = set()
        self.running = 0

    def add(self, delay: float, fn, args: tuple, every: float) -> None:
        timer = Timer(fn, args, every)
        self.pending.add(timer)
        timer.handle = asyncio.get_event_loop().call_later(delay, self._expire, timer, False)

    def expire_all(self) -> None:
        """The worker is exiting: run every pending timer now, prematurely."""
        for timer in list(self.pending):
            timer.handle.cancel()
            self._expire(timer, True)

    def _expire(self, timer: Timer, premature: bool) -> None:
        self.pending.discard(timer)
        w = self.w
        if w.clock.stale:
            w.tick()
        if timer.every and not premature and not w.exiting:
            self.add(timer.every, timer.fn, timer.args, timer.every)
        if self.running >= self.max_running:
            w.error_log.log(LOG_ALERT, f"lua failed to run timer with function defined at "
                               f"{_defined_at(w, timer.fn)}: "
                               f"{self.max_running} lua_max_running_timers are not enough")
            return
        self.running += 1
        w.connections += 1
        req = Request(None, w.connections, w.clock.now())
        req.phase = TIMER
        threads.spawn(self._run, (req, timer, premature), w, req)

    def _run(self, job) -> None:
        """A timer's thread: the callback, then its light threads."""
        req, timer, premature = job
        w = self.w
        try:
            uthread.run_entry(req, w.state.call, (timer.fn, premature, *timer.args))
        except LuaError as exc:
            w.log_lua_error(req, exc)
        except (Exit, Exec):
            pass
        finally:
            self.running -= 1
            w.request = None
            if req.at_end is not None:
                req.end()


def _defined_at(w, fn) -> str:
    """`=content_by_lua(nginx.conf:12):3`: where a Lua function was defined."""
    info = w.state.call(w.state.globals[b"debug"][b"getinfo"], fn, b"S")[0]
    return f"{info[b'source'].decode('latin-1')}:{int(info[b'linedefined'])}"


def install(ngx: Table, w) -> None:
    timers = w.timers = Timers(w)

    def create(fname: str, args: tuple, every: bool):
        if len(args) < 2:
            raise lua_error(f"expecting at least 2 arguments but got {len(args)}")
        seconds = tonum(args[0])
        if seconds is None:
            raise type_error(1, fname, "number", args[0])
        fn = args[1]
        if not is_lua_function(fn):
            raise arg_error(2, fname, "Lua function expected")
        delay = int(seconds * 1000) / 1000      # whole milliseconds, as nginx's timers
        if every and delay == 0:
            raise lua_error("delay cannot be zero")
        if w.request is None and w.phase == INIT:
            raise lua_error("no request")
        if w.exiting and delay > 0:
            return Multi((None, b"process exiting"))
        if len(timers.pending) >= timers.max_pending:
            return Multi((None, b"too many pending timers"))
        timers.add(max(delay, 0.0), fn, args[2:], delay if every else 0.0)
        return 1.0

    def at(*args):
        return create("at", args, False)

    def every(*args):
        return create("every", args, True)

    timer = Table()
    timer[b"at"] = at
    timer[b"every"] = every
    timer[b"running_count"] = lambda *_: float(timers.running)
    timer[b"pending_count"] = lambda *_: float(len(timers.pending))
    ngx[b"timer"] = timer
