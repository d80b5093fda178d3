"""Deadline: a timeout that is set and cleared far more often than it fires.

A keep-alive connection arms its timeouts on every request (the client's
header and keep-alive timeouts, an upstream's read timeout, a pooled
connection's idle time) and nearly always clears them before they expire.
So a Deadline only moves a number; what fires is its entry in its loop's
Timeouts, a heap of pending Deadlines behind one event-loop timer. An
entry is made when a Deadline is set and has none, or one due later than
the new deadline; when an entry comes due, its Deadline expires, or is
queued again at its deadline if that moved later meanwhile. Entries that
went stale (their Deadline was closed, or queued sooner) stay until they
come due or the heap is swept.

One timer per loop, not one per Deadline: making an event-loop timer and
cancelling it costs ~3 us (uvloop makes and closes a libuv handle each
time), and every new connection needs one or two; a heap push is ~0.3 us.

Hot path: set() and clear() run for every request on a kept-alive
connection, and a Deadline is made for every new connection.
"""
from __future__ import annotations

import asyncio
import math
import weakref
from collections.abc import Callable
from heapq import heapify, heappop, heappush

# A heap holds entries nothing waits for any more (a closed Deadline's, or
# one's that was moved sooner) until they come due; past this many
# entries, and twice as many as after the last sweep, they are swept.
SWEEP_MIN = 256


class Timeouts:
    """The pending Deadlines of one event loop, soonest first, behind one
    TimerHandle armed for the soonest. An entry is (when, count, deadline);
    it is live while deadline.queued_at is its `when`."""
    __slots__ = ("loop", "heap", "handle", "handle_at", "count", "sweep_at")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        # a proxy: timeouts_of keeps a loop's Timeouts while the loop lives
        # (a weak key), which a strong reference back would make forever
        self.loop = weakref.proxy(loop)
        self.heap: list[tuple[float, int, Deadline]] = []
        self.handle: asyncio.TimerHandle | None = None
        self.handle_at = math.inf       # when the handle fires
        self.count = 0                  # entries made: the tie-breaker of equal times
        self.sweep_at = SWEEP_MIN     # the heap's size that calls for a sweep

    def push(self, deadline: Deadline, at: float) -> None:
        """An entry for deadline, due at `at` (any other it has goes stale)."""
        deadline.queued_at = at
        self.count += 1
        heap = self.heap
        heappush(heap, (at, self.count, deadline))
        if at < self.handle_at:
            self._arm(at)
        elif len(heap) > self.sweep_at:
            self._sweep()

    def _arm(self, at: float) -> None:
        if self.handle is not None:
            self.handle.cancel()
        self.handle_at = at
        self.handle = self.loop.call_at(at, self._fire)

    def _sweep(self) -> None:
        """Drop the stale entries (each still holds its Deadline). In place:
        _fire may be walking the heap (an expiry sets other Deadlines)."""
        heap = self.heap
        heap[:] = [e for e in heap if e[2].queued_at == e[0]]
        heapify(heap)
        self.sweep_at = max(SWEEP_MIN, 2 * len(heap))

    def _fire(self) -> None:
        self.handle = None
        self.handle_at = -math.inf      # meanwhile a push arms nothing: the end does
        heap = self.heap
        now = self.loop.time()
        while heap and heap[0][0] <= now:
            at, _, deadline = heappop(heap)
            if deadline.queued_at != at:
                continue                # stale
            deadline.queued_at = 0.0
            if not deadline.at:
                continue                # cleared
            if deadline.at > now:       # moved later since it was queued
                self.push(deadline, deadline.at)
                continue
            deadline.at = 0.0
            try:
                deadline.on_expiry()    # may set it, or others, again
            except Exception as exc:    # one owner's fault must not stop the others' timeouts
                self.loop.call_exception_handler({"message": "Deadline expiry failed",
                                                  "exception": exc})
        self.handle_at = math.inf
        if heap:
            self._arm(heap[0][0])


_TIMEOUTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# The last loop asked about and its Timeouts, one tuple (replaced whole,
# so a thread running another loop never sees half of it): a worker has
# one loop, and a WeakKeyDictionary lookup makes a weak reference each time.
_last: tuple = (None, None)


def timeouts_of(loop: asyncio.AbstractEventLoop) -> Timeouts:
    """The Timeouts of a loop, made at its first Deadline."""
    global _last
    found = _TIMEOUTS.get(loop)
    if found is None:
        found = _TIMEOUTS[loop] = Timeouts(loop)
    _last = (loop, found)
    return found


class Deadline:
    __slots__ = ("timeouts", "loop", "on_expiry", "at", "queued_at")

    def __init__(self, loop: asyncio.AbstractEventLoop, on_expiry: Callable[[], None]) -> None:
        # hot path: every new connection (timeouts_of's cache, inline)
        last = _last
        self.timeouts = last[1] if last[0] is loop else timeouts_of(loop)
        self.loop = loop
        self.on_expiry = on_expiry
        self.at = 0.0                   # loop time it expires at; 0: none pending
        self.queued_at = 0.0            # when its entry in timeouts is due; 0: none

    def set(self, seconds: float) -> None:
        """Expire `seconds` from now (replacing any pending deadline)."""
        self.at = at = self.loop.time() + seconds
        queued = self.queued_at
        if not queued or at < queued:
            self.timeouts.push(self, at)

    def clear(self) -> None:
        """Nothing pending (the entry, if queued, comes due to no effect)."""
        self.at = 0.0

    def close(self) -> None:
        """The owner is closed for good: nothing pending, and the callback
        let go. The callback is the owner's bound method, so until then the
        owner and its Deadline hold each other (and a queued entry, until
        it comes due or is swept, would hold both)."""
        self.at = self.queued_at = 0.0      # its entry, if any, goes stale
        self.on_expiry = _spent


def _spent() -> None:
    """A closed Deadline's callback."""
