"""Lua coroutines on pooled greenlets (DESIGN.md, Coroutines).

A coroutine runs on a *carrier*: a greenlet that runs one coroutine body to
its end, then goes back to the pool for the next one (creating a greenlet
costs ~8 us, switching to a parked one ~0.5 us). Because each coroutine has
its own C stack slice, a yield works from any depth: inside pcall,
metamethods, iterators, or Python builtins that called back into Lua.
"""
from __future__ import annotations

import greenlet

from . import callstack
from .errors import as_lua_error
from .runtime import call
from .value import EMPTY, Multi, TYPE_NAMES, values

_pool: list = []
POOL_MAX = 64


class Coroutine:
    """A Lua thread: a function, its status, and the carrier running it."""
    __slots__ = ("fn", "status", "carrier", "resumer", "no_yield", "error_stack", "__weakref__")

    def __init__(self, fn) -> None:
        self.fn = fn
        self.no_yield = 0             # > 0 inside builtins LuaJIT cannot yield across
        self.status = "suspended"     # running | suspended | normal | dead
        self.carrier = None
        self.resumer = None           # the greenlet to switch back to
        self.error_stack = None       # callstack levels at the error it died of

    def __repr__(self) -> str:
        return f"thread: 0x{id(self):08x}"


TYPE_NAMES[Coroutine] = "thread"


def current() -> Coroutine | None:
    """The coroutine running now, or None on the main thread."""
    return getattr(greenlet.getcurrent(), "lua_co", None)


def _carrier_main(job):
    """A carrier's life: run coroutine bodies one after another."""
    g = greenlet.getcurrent()
    while True:
        co, args = job
        g.lua_co = co
        try:
            msg = ("return", values(call(co.fn, *args)))
        except greenlet.GreenletExit:
            raise
        except Exception as exc:
            msg = ("error", as_lua_error(exc).value)
            co.error_stack = _stack_at_error(exc.__traceback__)
        co.status = "dead"
        co.carrier = None
        g.lua_co = None
        back = co.resumer
        co.resumer = None
        if len(_pool) < POOL_MAX:
            _pool.append(g)
            job = back.switch(msg)
        else:
            return msg      # the greenlet ends; its parent receives msg


def _stack_at_error(tb) -> list:
    """The levels of a coroutine dying of an error, as LuaJIT leaves its stack
    for debug.traceback and getinfo. LuaJIT saves no position for a Lua frame
    that raised an error itself (not through a builtin): its line is -1."""
    levels = list(callstack.error_levels(tb))
    if levels and levels[0].info is not None:
        levels[0] = levels[0]._replace(line=-1)
    return levels


def resume(co: Coroutine, args: tuple):
    """Run co until it yields or ends: (True, values...) or (False, error)."""
    if co.status != "suspended":
        what = "dead" if co.status == "dead" else "running"
        return Multi((False, f"cannot resume {what} coroutine".encode()))
    here = current()
    if here is not None:
        here.status = "normal"
    co.status = "running"
    co.resumer = greenlet.getcurrent()
    if co.carrier is None:
        carrier = _pool.pop() if _pool else greenlet.greenlet(_carrier_main)
        co.carrier = carrier
        carrier.parent = co.resumer
        msg = carrier.switch((co, args))
    else:
        co.carrier.parent = co.resumer
        msg = co.carrier.switch(args)
    if here is not None:
        here.status = "running"
    kind, vals = msg
    if kind == "yield":
        co.status = "suspended"
        return Multi((True,) + vals)
    if kind == "return":
        return Multi((True,) + vals)
    return Multi((False, vals))


def yield_(args: tuple):
    """Suspend the running coroutine; returns the next resume's arguments."""
    co = current()
    if co is None or co.no_yield:
        from .auxlib import lua_error
        raise lua_error("attempt to yield across C-call boundary")
    back = co.resumer
    co.resumer = None
    resumed_with = back.switch(("yield", args))
    return Multi(resumed_with) if len(resumed_with) != 1 else resumed_with[0]


def no_yield(fn, *args):
    """fn(*args) for a builtin that calls Lua but cannot be yielded across
    in LuaJIT (table.sort's comparator, gsub's callback): a yield there is
    an error. Hot path (every gsub with a function): nothing to mark on
    the main thread, and no context manager, which would cost ~0.5 us."""
    co = current()
    if co is None:
        return fn(*args)
    co.no_yield += 1
    try:
        return fn(*args)
    finally:
        co.no_yield -= 1


__all__ = ["Coroutine", "current", "resume", "yield_", "EMPTY"]
