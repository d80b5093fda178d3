"""Request threads: run a request's phases on a greenlet, off the event loop.

A request's Lua code runs synchronously on a pooled greenlet (its "entry
thread", as lua-nginx-module calls the coroutine of a handler). When an
ngx API call must wait (the request body, a sleep, a socket, an upstream),
it calls `wait(awaitable)`: that switches straight back to the event loop,
past any user coroutines, and the loop resumes the waiting greenlet with the
result once the awaitable is done. A request that never waits (hello world)
runs start to end in one switch and costs no asyncio Task at all.
"""
from __future__ import annotations

import asyncio

import greenlet

_pool: list[greenlet.greenlet] = []
POOL_MAX = 256


class _Done:
    """What a thread's greenlet switches back with when its job has ended."""
    __slots__ = ()


DONE = _Done()


def _thread_main(job):
    """A pooled greenlet's life: run jobs one after another."""
    me = greenlet.getcurrent()
    hub = me.parent
    while True:
        fn, arg = job
        try:
            fn(arg)
        except greenlet.GreenletExit:
            raise
        job = None
        if len(_pool) >= POOL_MAX:
            return DONE
        _pool.append(me)
        job = hub.switch(DONE)


class Waiting:
    """A thread asked to wait: for `awaitable`, to be resumed on `waiter`."""
    __slots__ = ("awaitable", "waiter")

    def __init__(self, awaitable, waiter) -> None:
        self.awaitable = awaitable
        self.waiter = waiter


def spawn(fn, arg, on_switch) -> None:
    """Run fn(arg) on a pooled greenlet, from the event loop.

    `on_switch()` is called before every switch into the thread, so the
    worker can point "the current request" at it.
    """
    if greenlet.getcurrent().parent is not None:
        # On a thread (a request that ended starts the next one queued on
        # its connection): the new thread must hang off the loop's greenlet,
        # or its switches back would land in this one. Start it from there.
        asyncio.get_running_loop().call_soon(spawn, fn, arg, on_switch)
        return
    # Hot path: a request that never waits comes back DONE from one switch.
    g = _pool.pop() if _pool else greenlet.greenlet(_thread_main)
    on_switch()
    msg = g.switch((fn, arg))
    if msg is not DONE:
        _follow(msg, on_switch)


def _follow(msg, on_switch) -> None:
    """Handle what a thread switched back with: done, or a wait."""
    if msg is DONE or msg.__class__ is not Waiting:
        return
    fut = asyncio.ensure_future(msg.awaitable)
    waiter = msg.waiter

    def resume(f: asyncio.Future) -> None:
        on_switch()
        _follow(waiter.switch(f), on_switch)

    fut.add_done_callback(resume)


def wait(awaitable):
    """Block the calling thread (not the loop) until awaitable is done;
    its result, or its exception raised here."""
    me = greenlet.getcurrent()
    hub = _hub_of(me)
    fut = hub.switch(Waiting(awaitable, me))
    return fut.result()


def _hub_of(g: greenlet.greenlet) -> greenlet.greenlet:
    """The event loop's greenlet: the root of every thread and carrier."""
    while g.parent is not None:
        g = g.parent
    return g


def in_thread() -> bool:
    """True when called on a request thread (waiting is possible)."""
    return greenlet.getcurrent().parent is not None
