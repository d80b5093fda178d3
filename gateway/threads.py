"""Request threads: run Lua handlers on greenlets, off the event loop.

A request's Lua code runs synchronously on a pooled greenlet (its "entry
thread", as lua-nginx-module calls the coroutine of a handler); light
threads (ngx.thread.spawn) and timers run on greenlets of their own. When an
ngx API call must wait (the request body, a sleep, a socket, an upstream),
it calls `wait(awaitable)`: that switches straight back to whoever ran the
thread last, past any user coroutines: the event loop, or the thread that
has just spawned it (which then goes on, as ngx.thread.spawn returns when
the new thread first waits). The loop resumes the waiting greenlet with the
result once the awaitable is done.

Threads started from the loop (`spawn`) wait in a ready queue that the
loop runs once per turn: one greenlet takes the jobs one after another
until the queue is empty or a job waits (then the next greenlet goes on).
A turn that serves many requests that never wait (hello world) costs two
greenlet switches in all, not two per request, and no asyncio Task.

Every thread greenlet hangs off the loop's greenlet and carries:
  resumer    the greenlet to switch back to when it waits or ends
  worker     the worker it runs for, and
  request    the request it serves: before every switch into the thread,
             the worker's "current request" is pointed at it (_enter)
  waiting    its pending Waiting while it waits, else None
"""
from __future__ import annotations

import asyncio
from collections import deque
from functools import partial

import greenlet
from greenlet import greenlet as Greenlet

from .deadline import Deadline

_pool: list[greenlet.greenlet] = []
POOL_MAX = 256
# Jobs spawned and not yet started: (fn, arg, worker, request), and parked
# waits to end: (Waiting, outcome). While either is not empty, a call of
# _run_ready is scheduled on the loop or running.
_ready: deque = deque()
_woken: deque = deque()


class _Done:
    """What a thread's greenlet switches back with when its job has ended."""
    __slots__ = ()


DONE = _Done()


def _thread_main(job):
    """A pooled greenlet's life: run jobs one after another. A job is given
    by threads.start, or None: take the ready queue's."""
    return _serve(greenlet.getcurrent(), job)


def _serve(me: _Thread, job):
    """_thread_main's loop, with its greenlet typed (compiled: its fields
    are struct fields)."""
    while True:
        if job is not None:
            _run(*job)
        # Hot path: on the loop's behalf, go on with the queue until it is
        # empty; a thread that started this one gets it back at once.
        back = me.resumer
        while _ready and back.parent is None:
            fn, arg, w, req = _ready.popleft()
            me.worker = w
            me.request = w.request = req        # _enter, inline
            me.waiting = None
            try:                    # _run, inlined: one frame less per request
                fn(arg)
            except Exception as exc:
                _job_failed(fn, exc)
            back = me.resumer
        me.resumer = None
        # an idle greenlet keeps no request (nor its connection) alive
        me.request = job = fn = arg = req = None
        if len(_pool) >= POOL_MAX:
            me.parent = back        # ending returns DONE to it
            return DONE
        _pool.append(me)
        job = back.switch(DONE)


class _Thread(Greenlet):
    """A thread's greenlet. Its fields are slots (compiled: C struct
    fields, threads.pxd): a greenlet's own attributes live in a dict and
    cost ~70-120 ns a read or write, and the ready queue sets and reads
    them for every request."""
    __slots__ = ("resumer", "worker", "request", "waiting")


def _thread_greenlet(parent: greenlet.greenlet | None = None) -> greenlet.greenlet:
    """A pooled thread greenlet, or a new one hanging off parent (default:
    the greenlet running now, the loop's)."""
    return _pool.pop() if _pool else _Thread(_thread_main, parent)


def _run(fn, arg) -> None:
    """One job. A fault of ours in it goes to the loop's exception handler,
    not up through the greenlet: that would end the greenlet working
    through the ready queue, and the jobs behind it would never start."""
    try:
        fn(arg)
    except Exception as exc:
        _job_failed(fn, exc)


def _job_failed(fn, exc: Exception) -> None:
    asyncio.get_running_loop().call_exception_handler(
        {"message": f"request thread job {fn.__qualname__} failed", "exception": exc})


class Waiting:
    """A thread asked to wait: for `awaitable`, to be resumed on `waiter`
    (the greenlet that called wait: the thread's, or a user coroutine's).
    A parked wait has no awaitable: whoever holds it ends it with wake."""
    __slots__ = ("awaitable", "waiter", "thread", "future")

    def __init__(self, awaitable, waiter, thread) -> None:
        self.awaitable = awaitable
        self.waiter = waiter
        self.thread = thread
        self.future = None


def spawn(fn, arg, w, req) -> None:
    """Run fn(arg) on a thread of its own serving req for worker w, started
    by the loop in its next turn (from the loop or from a thread alike)."""
    if not _ready and not _woken:
        asyncio.get_running_loop().call_soon(_run_ready)
    _ready.append((fn, arg, w, req))


def wake_soon(msg: Waiting, outcome=None) -> None:
    """wake(msg, outcome), from the loop's next turn, before the threads
    spawned meanwhile start. For a protocol's read callback: switching
    into the thread from there would copy the loop's deeper C stack aside
    and back. The order is nginx's: an upstream response that came in with
    new requests is relayed first, so its keep-alive connection is back in
    the pool when they look for one."""
    if not _ready and not _woken:
        asyncio.get_running_loop().call_soon(_run_ready)
    _woken.append((msg, outcome))


def spawn_now(fn, arg, w, req) -> None:
    """spawn, but from the loop the thread runs at once, until it first
    waits or ends (a request whose body is arriving is routed before the
    rest of its body is read)."""
    hub = greenlet.getcurrent()
    if hub.parent is not None:
        spawn(fn, arg, w, req)
        return
    g = _thread_greenlet()
    g.resumer = hub
    g.worker = w
    g.request = req
    g.waiting = None
    _enter(g)
    _follow(g.switch((fn, arg)))


def _enter(thread) -> None:
    """About to switch into thread: its request is the worker's current one."""
    thread.worker.request = thread.request


def serve(req) -> None:
    """The calling thread serves req from now on (a subrequest's thread)."""
    thread = thread_of(greenlet.getcurrent())
    thread.request = thread.worker.request = req


def _run_ready() -> None:
    """The loop's turn of the ready queue: the woken threads go on, then a
    greenlet takes the jobs until one waits, and another goes on."""
    hub = greenlet.getcurrent()
    while True:
        if _woken:
            wake(*_woken.popleft())
        elif _ready:
            g = _thread_greenlet()
            g.resumer = hub
            _follow(g.switch(None))
        else:
            return


def start(fn, arg) -> greenlet.greenlet:
    """From a thread: run fn(arg) on a new thread now, until it first waits
    or ends (then this one goes on); the new thread's greenlet.

    The new thread serves the same request."""
    me = greenlet.getcurrent()
    parent = thread_of(me)
    g = _thread_greenlet(parent.parent)
    g.resumer = me
    g.worker = parent.worker
    g.request = parent.request
    g.waiting = None
    _follow(g.switch((fn, arg)))
    return g


def _follow(msg) -> None:
    """Handle what a thread switched back with: done, or a wait."""
    if msg is DONE or type(msg) is not Waiting:
        return
    thread = msg.thread
    thread.waiting = msg
    fut = msg.awaitable
    if fut is None:         # parked: wake() ends it
        return
    if not isinstance(fut, asyncio.Future):     # a coroutine: its Task
        fut = asyncio.ensure_future(fut)
    msg.future = fut
    fut.add_done_callback(partial(wake, msg))   # the thread gets the done future


def wait(awaitable):
    """Block the calling thread (not the loop) until awaitable is done;
    its result, or its exception raised here (or the exception another
    thread interrupted this wait with)."""
    me = greenlet.getcurrent()
    return wait_parked(Waiting(awaitable, me, thread_of(me))).result()


def parked() -> Waiting:
    """On a thread: a wait for the caller to hand to whoever will end it
    with wake(), then block on with wait_parked.

    Hot path (a proxied response's head): where a protocol's own callback
    knows when the wait is over, the thread is resumed with no future, done
    callback or closure in between. From within a read callback, wake it
    with wake_soon."""
    me = greenlet.getcurrent()
    return Waiting(None, me, thread_of(me))


def wait_parked(msg: Waiting):
    """Block the calling thread until wake(msg, outcome) (for a wait with
    an awaitable, the loop calls it when that is done): outcome is
    returned, or raised when it is an exception (as is the exception
    another thread interrupted this wait with)."""
    thread = msg.thread
    back = thread.resumer
    thread.resumer = None
    outcome = back.switch(msg)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def wake(msg: Waiting, outcome=None) -> None:
    """From the loop: resume the thread waiting on msg with outcome, and run
    it until it waits again or ends. Nothing when it no longer waits on
    msg (it was interrupted meanwhile)."""
    thread = msg.thread
    if thread.waiting is not msg:
        return
    thread.waiting = None
    thread.resumer = greenlet.getcurrent()
    w = thread.worker
    if w.clock.stale:
        w.tick()            # e.g. woken by a timer, in a turn no client read began
    w.request = thread.request      # _enter, inline
    _follow(msg.waiter.switch(outcome))


def drive(coro, timeout: float):
    """Run coroutine `coro` on the calling thread, without an asyncio Task;
    its result, or its exception raised here. Past `timeout` seconds it is
    closed where it waits (its own cleanup runs) and TimeoutError raised;
    a wait another thread interrupts ends it the same way, with that
    exception.

    Hot path (a new upstream connection): a Task takes a loop turn to
    start and another to report its end, and asyncio.wait_for adds a Task
    of its own; driven here, the thread goes on in the turn after each
    future it waits for is done."""
    msg = None

    def expire() -> None:
        if msg is not None:
            wake(msg, _EXPIRED)

    loop = asyncio.get_running_loop()
    timer = Deadline(loop, expire)
    timer.set(timeout)
    send = coro.send
    try:
        while True:
            try:
                fut = send(None)
            except StopIteration as stop:
                return stop.value
            msg = parked()
            if fut is None:                     # a bare yield: go on next turn
                loop.call_soon(wake, msg)
            else:
                fut._asyncio_future_blocking = False
                fut.add_done_callback(partial(wake, msg))
            try:
                outcome = wait_parked(msg)
            except BaseException:
                _stop(coro, fut)
                raise
            msg = None
            if outcome is _EXPIRED:
                _stop(coro, fut)
                raise TimeoutError()
    finally:
        timer.close()


def _stop(coro, fut) -> None:
    """drive's coroutine will not be resumed: close it, and cancel the
    future it waited for (as a cancelled Task would)."""
    if fut is not None:
        fut.cancel()
    coro.close()


class _Expired:
    """What drive's timer wakes it with."""
    __slots__ = ()


_EXPIRED = _Expired()


def interrupt(thread: greenlet.greenlet, exc: BaseException) -> bool:
    """Make a waiting thread's `wait` raise exc, and run it until it waits
    again or ends; False if the thread was not waiting.

    What it waited for is cancelled when the wait made it (a coroutine);
    a future someone else owns is left alone."""
    msg = thread.waiting
    if msg is None:
        return False
    thread.waiting = None
    if msg.future is not msg.awaitable:
        msg.future.cancel()
    me = greenlet.getcurrent()
    thread.resumer = me
    _enter(thread)
    _follow(msg.waiter.switch(exc))
    if me.parent is not None:
        _enter(thread_of(me))
    return True


def thread_of(g: greenlet.greenlet) -> greenlet.greenlet:
    """The thread a greenlet belongs to: itself, or the thread a user
    coroutine runs in (the greenlet just below the loop's)."""
    while g.parent.parent is not None:
        g = g.parent
    return g


def current() -> greenlet.greenlet | None:
    """The thread running now, or None on the event loop."""
    g = greenlet.getcurrent()
    return None if g.parent is None else thread_of(g)


def in_thread() -> bool:
    """True when called on a thread (waiting is possible)."""
    return greenlet.getcurrent().parent is not None
