"""ngx.thread (spawn, wait, kill): light threads, as lua-nginx-module's
"user threads" behave (its README, ngx.thread.spawn).

A handler that may wait (rewrite, access, content, a timer) runs on its
entry thread; each light thread runs on a thread of its own
(gateway.threads.start) and serves the same request. The handler's phase
ends when the entry thread and every light thread have ended, or at once
when any of them calls ngx.exit / ngx.exec, or when the entry thread dies of
an error: the others are then killed. A light thread dying of an error is
logged and ends alone.

Each thread's terminal state follows lua-nginx-module's coroutine
statuses: "running" while alive (even when waiting for I/O), "zombie" when
it has ended but its parent has not waited for it yet, "dead" afterwards.
"""
from __future__ import annotations

import asyncio

import greenlet

from luavm import coroutine
from luavm.auxlib import arg_error, lua_error
from luavm.stdlib.fenv import is_lua_function
from luavm.value import LuaError, Multi, Table, TYPE_NAMES

from .. import threads
from ..request import Request
from ..logs import LEVEL_NUMBER
from .base import ACCESS, CONTENT, REWRITE, YIELDABLE, Exec, Exit, request_for
from .sleep import pause


LOG_INFO = LEVEL_NUMBER["info"]


class Killed(BaseException):
    """Raised in a waiting thread that ngx.thread.kill or an exit killed.

    A BaseException so that Lua's pcall cannot stop it."""


class LightThread:
    """A Lua value of type thread: an entry thread or a light thread."""
    __slots__ = ("fn", "parent", "status", "results", "waited_by", "greenlet", "__weakref__")

    def __init__(self, fn, parent: LightThread | None) -> None:
        self.fn = fn
        self.parent = parent
        self.status = "running"
        self.results: tuple = ()          # (ok, values...) once it has ended
        self.waited_by = None             # the parent's future while it waits on this
        self.greenlet = None

    def __repr__(self) -> str:
        return f"thread: 0x{id(self):08x}"


TYPE_NAMES[LightThread] = "thread"


class Group:
    """The threads of one handler run (lua-nginx-module's request ctx)."""
    __slots__ = ("entry", "by_greenlet", "alive", "exit", "idle", "on_abort")

    def __init__(self) -> None:
        g = threads.current()
        self.entry = LightThread(None, None)
        self.entry.greenlet = g
        self.by_greenlet = {g: self.entry}
        self.alive = 0                  # light threads still running
        self.exit: BaseException | None = None    # the ngx.exit/exec ending the handler
        self.idle = None                # the entry's future while it waits for the rest
        self.on_abort = None            # ngx.on_abort's handler

    def current(self) -> LightThread:
        return self.by_greenlet[threads.current()]


def run_entry(req: Request, fn, args: tuple):
    """fn(*args) on the entry thread of a handler: its results once the
    light threads it spawned have ended too (or killed, if it fails).

    Hot path: every rewrite, access and content handler (a C call from
    gateway.phases, compiled)."""
    req.entry = greenlet.getcurrent()
    try:
        results = fn(*args)
        if req.uthreads is not None:
            join(req)
    except BaseException:
        if req.uthreads is not None:
            abort(req)
        raise
    finally:
        req.entry = None
    return results


def client_aborted(w, req) -> None:
    """The client closed its connection while a handler runs: with
    lua_check_client_abort on, run the ngx.on_abort handler as a light
    thread, or end the request (499) when there is none."""
    if req.entry is None or not req.loc.conf.lua_check_client_abort:
        return
    w.error_log.log(LOG_INFO, "client prematurely closed connection", req.number,
                    w.log_context(req))
    group = req.uthreads
    handler = group.on_abort if group is not None else None
    if handler is None:
        if group is not None:
            group.exit = Exit(499)
            _kill_all(group, except_for=group.entry)
        threads.interrupt(req.entry, Exit(499))
        return
    group.on_abort = None
    lt = LightThread(handler, group.entry)
    group.alive += 1
    threads.spawn(_run, (w, req, group, lt, ()), w, req.entry.request)


def join(req) -> None:
    """At the end of the entry thread: wait for the light threads; raise the
    exit one of them made, if any."""
    group = req.uthreads
    while group.alive and group.exit is None:
        group.idle = asyncio.get_running_loop().create_future()
        threads.wait(group.idle)
    req.uthreads = None
    if group.exit is not None:
        raise group.exit


def abort(req) -> None:
    """The entry thread ends by an exit or an error: kill the light threads."""
    group = req.uthreads
    req.uthreads = None
    _kill_all(group, except_for=group.entry)


def _kill_all(group: Group, except_for: LightThread) -> None:
    for lt in list(group.by_greenlet.values()):
        if lt is not except_for and lt is not group.entry:
            _kill(group, lt)


def _mark_dead(group: Group, lt: LightThread) -> bool:
    """A running thread is dead from now on; False if it was not running."""
    if lt.status != "running":
        return False
    lt.status = "dead"
    group.alive -= 1
    return True


def _kill(group: Group, lt: LightThread) -> None:
    if _mark_dead(group, lt):
        threads.interrupt(lt.greenlet, Killed())


def _run(job) -> None:
    """A light thread's life (a threads.start job)."""
    w, req, group, lt, args = job
    me = lt.greenlet = threads.current()
    group.by_greenlet[me] = lt
    try:
        outcome = (True,) + w.state.call(lt.fn, *args)
    except LuaError as exc:
        w.log_lua_error(req, exc, "lua user thread aborted: runtime error: ")
        outcome = (False, exc.value)
    except (Exit, Exec) as exc:
        _exit(group, lt, exc)
        return
    except Killed:
        return
    finally:
        del group.by_greenlet[me]
    _ended(group, lt, outcome)


def _exit(group: Group, lt: LightThread, exc: BaseException) -> None:
    """ngx.exit or ngx.exec in a light thread ends the whole handler: the
    other light threads are killed, then the entry thread gets the exit."""
    _mark_dead(group, lt)
    if group.exit is not None:          # an exit under way already unwinds this one
        return
    group.exit = exc
    _kill_all(group, except_for=lt)
    # The entry thread is waiting (for I/O, a child, or the others to end),
    # or it is up the stack in ngx.thread.spawn, which raises the exit itself.
    threads.interrupt(group.entry.greenlet, exc)


def _ended(group: Group, lt: LightThread, outcome: tuple) -> None:
    """A light thread returned or died of an error: hand its results over."""
    group.alive -= 1
    lt.results = outcome
    waiter = lt.waited_by
    if waiter is not None:
        lt.status = "dead"
        if not waiter.done():
            waiter.set_result(outcome)
    elif lt.parent is not None and lt.parent.status == "running":
        lt.status = "zombie"
    else:
        lt.status = "dead"
    if group.alive == 0 and group.idle is not None and not group.idle.done():
        group.idle.set_result(None)


def _thread_arg(v, n: int, fname: str) -> LightThread:
    if type(v) is not LightThread:
        raise arg_error(n, fname, "lua thread expected")
    return v


def install(ngx: Table, w) -> None:
    def group_of(req) -> Group:
        group = req.uthreads
        if group is None:
            group = req.uthreads = Group()
        return group

    def spawn(fn=None, *args):
        req = request_for(w, YIELDABLE)
        if not is_lua_function(fn):
            raise arg_error(1, "spawn", "Lua function expected")
        group = group_of(req)
        lt = LightThread(fn, group.current())
        group.alive += 1
        threads.start(_run, (w, req, group, lt, args))
        if group.exit is not None:      # it (or a thread it spawned) called ngx.exit
            raise group.exit
        return lt

    def wait(*args):
        req = request_for(w, YIELDABLE)
        group = group_of(req)
        me = group.current()
        waiting = []
        for n, t in enumerate(args, 1):
            t = _thread_arg(t, n, "wait")
            if t.parent is not me:
                raise lua_error("only the parent coroutine can wait on the thread")
            if t.status == "zombie":
                t.status = "dead"
                return Multi(t.results)
            if t.status == "dead":
                if n < len(args):
                    continue
                return Multi((None, b"already waited or killed"))
            waiting.append(t)
        if not waiting:
            return None
        fut = asyncio.get_running_loop().create_future()
        for t in waiting:
            t.waited_by = fut
        try:
            outcome = threads.wait(fut)
        finally:
            for t in waiting:
                t.waited_by = None
        return Multi(outcome)

    def kill(t=None, *_):
        req = request_for(w, YIELDABLE)
        group = group_of(req)
        t = _thread_arg(t, 1, "kill")
        if t.parent is not group.current():
            return Multi((None, b"killer not parent"))
        if req.capturing and t.greenlet in req.capturing:     # gateway.subrequest
            return Multi((None, b"pending subrequests"))
        if t.status == "zombie":
            t.status = "dead"
            return Multi((None, b"already terminated"))
        if t.status == "dead":
            return Multi((None, b"already waited or killed"))
        _kill(group, t)
        return 1.0

    _install_coroutine_status(w)
    def on_abort(fn=None, *_):
        req = request_for(w, REWRITE | ACCESS | CONTENT)
        group = group_of(req)
        if group.on_abort is not None:
            return Multi((None, b"duplicate call"))
        if not req.loc.conf.lua_check_client_abort:
            return Multi((None, b"lua_check_client_abort is off"))
        if not is_lua_function(fn):
            raise arg_error(1, "on_abort", "Lua function expected")
        group.on_abort = fn
        return 1.0

    ngx[b"on_abort"] = on_abort
    thread = Table()
    thread[b"spawn"] = spawn
    thread[b"wait"] = wait
    thread[b"kill"] = kill
    ngx[b"thread"] = thread


def _install_coroutine_status(w) -> None:
    """coroutine.status knows light threads (and "zombie"); coroutine.yield
    outside any user coroutine lets the other threads run, as in
    lua-nginx-module, instead of failing."""
    lib = w.state.globals[b"coroutine"]
    lua_status, lua_yield = lib[b"status"], lib[b"yield"]

    def status(co=None, *_):
        if type(co) is LightThread:
            return co.status.encode()
        return lua_status(co)

    def yield_(*args):
        if coroutine.current() is None and threads.in_thread():
            pause(0)
            return None
        return lua_yield(*args)

    lib[b"status"] = status
    lib[b"yield"] = yield_
