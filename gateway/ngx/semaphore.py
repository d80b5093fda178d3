"""ngx.semaphore (new, wait, post, count): lua-resty-core's semaphore for
the threads of one worker, over the event loop.

`require "ngx.semaphore"` gives this module. Waiters are served first come,
first served: a wait returns at once only when no one waits before it; a
post wakes waiters on the loop's next turn, as lua-nginx-module posts its
wake-up event. count() is the resources left minus the waiters.
"""
from __future__ import annotations

import asyncio
from collections import deque

from luavm.auxlib import lua_error
from luavm.value import Multi, Table, tonum

from .. import threads
from .base import CONTEXT_NAMES, YIELDABLE


class Semaphore:
    __slots__ = ("resources", "waiters", "waking")

    def __init__(self, n: int) -> None:
        self.resources = n
        self.waiters: deque[asyncio.Future] = deque()
        self.waking = False

    def post(self, n: int) -> None:
        self.resources += n
        if self.waiters and not self.waking:
            self.waking = True
            asyncio.get_event_loop().call_soon(self._wake)

    def _wake(self) -> None:
        self.waking = False
        while self.waiters and self.resources > 0:
            fut = self.waiters.popleft()
            self.resources -= 1
            fut.set_result(True)

    def wait(self, seconds: float) -> bool:
        """Wait in line (on a thread): True when a resource was taken, False
        on timeout."""
        loop = asyncio.get_event_loop()
        fut = loop.create_future()
        self.waiters.append(fut)
        timer = loop.call_later(seconds, self._time_out, fut)
        try:
            return threads.wait(fut)
        except BaseException:       # killed while waiting: leave no trace
            if fut.done():
                self.post(1)        # a resource given to a thread that will not use it
            else:
                self.waiters.remove(fut)
                fut.cancel()
            raise
        finally:
            timer.cancel()

    def _time_out(self, fut: asyncio.Future) -> None:
        if not fut.done():
            self.waiters.remove(fut)
            fut.set_result(False)


def _instance(self) -> Semaphore:
    sem = self[b"sem"] if self.__class__ is Table else None
    if sem.__class__ is not Semaphore:
        raise lua_error("not a semaphore instance")
    return sem


def _number(v) -> float:
    """tonumber(v), where lua-resty-core does arithmetic on it next."""
    n = tonum(v)
    if n is None:
        raise lua_error("attempt to perform arithmetic on a nil value")
    return n


def module(w) -> Table:
    """The table `require "ngx.semaphore"` returns, for worker w."""
    m = Table()
    meta = Table({b"__index": m})

    def new(n=None, *_):
        count = tonum(n) if n is not None else None
        count = 0.0 if count is None else count
        if count < 0:
            raise lua_error("no negative number")
        sem = Table({b"sem": Semaphore(int(count))})
        sem.meta = meta
        return sem

    def wait(self=None, seconds=None, *_):
        sem = _instance(self)
        req = w.request
        if req is None:
            raise lua_error("no request found")
        ms = _number(seconds) * 1000
        if ms < 0:
            raise lua_error("no negative number")
        if not req.phase & YIELDABLE:
            return Multi((None, f"API disabled in the context of {CONTEXT_NAMES[req.phase]}"
                          .encode()))
        if not sem.waiters and sem.resources > 0:
            sem.resources -= 1
            return True
        if ms == 0:
            return Multi((None, b"timeout"))
        # as the values lua-nginx-module resumes a waiting thread with
        return Multi((True, None)) if sem.wait(int(ms) / 1000) else Multi((False, b"timeout"))

    def post(self=None, n=None, *_):
        sem = _instance(self)
        num = 1.0 if n is None else _number(n)
        if num < 1:
            raise lua_error("positive number required")
        sem.post(int(num))
        return True

    def count(self=None, *_):
        sem = _instance(self)
        return float(sem.resources - len(sem.waiters))

    m[b"new"] = new
    m[b"wait"] = wait
    m[b"post"] = post
    m[b"count"] = count
    return m
