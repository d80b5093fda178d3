"""ngx.sleep: the calling thread waits; the worker goes on serving others."""
from __future__ import annotations

import asyncio

from luavm.auxlib import lua_error, type_error
from luavm.value import Table, tonum

from .. import threads
from .base import YIELDABLE, request_for


def _wake(fut: asyncio.Future) -> None:
    if not fut.done():
        fut.set_result(None)


def pause(seconds: float) -> None:
    """Wait on the calling thread: a bare loop future, cheaper than
    asyncio.sleep's Task (ngx.sleep(0) is how Lua code yields)."""
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    if seconds > 0:
        loop.call_later(seconds, _wake, fut)
    else:
        loop.call_soon(_wake, fut)
    threads.wait(fut)


def install(ngx: Table, w) -> None:
    def sleep(*args):
        if len(args) != 1:
            raise lua_error(f"attempt to pass {len(args)} arguments, but accepted 1")
        request_for(w, YIELDABLE)
        seconds = tonum(args[0])
        if seconds is None:
            raise type_error(1, "sleep", "number", args[0])
        delay = int(seconds * 1000)         # whole milliseconds, as nginx's timers
        if delay < 0:
            raise lua_error(f'invalid sleep duration "{delay}"')
        pause(delay / 1000)

    ngx[b"sleep"] = sleep
