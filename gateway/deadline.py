"""Deadline: a timeout that is set and cleared far more often than it fires.

A keep-alive connection arms its timeouts on every request (the client's
header and keep-alive timeouts, an upstream's read timeout, a pooled
connection's idle time) and nearly always clears them before they expire.
Creating and cancelling an event-loop timer each time costs more than the
request's own work, so a Deadline keeps one TimerHandle and only moves a
number: the handle is re-armed when it fires before the current deadline,
and replaced only when a sooner deadline comes.

Hot path: set() and clear() run for every request on a kept-alive connection.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable


class Deadline:
    __slots__ = ("loop", "on_expiry", "at", "handle", "handle_at")

    def __init__(self, loop: asyncio.AbstractEventLoop, on_expiry: Callable[[], None]) -> None:
        self.loop = loop
        self.on_expiry = on_expiry
        self.at = 0.0                   # loop time it expires at; 0: none pending
        self.handle: asyncio.TimerHandle | None = None
        self.handle_at = 0.0            # when the handle fires

    def set(self, seconds: float) -> None:
        """Expire `seconds` from now (replacing any pending deadline)."""
        self.at = at = self.loop.time() + seconds
        handle = self.handle
        if handle is None or at < self.handle_at:
            if handle is not None:
                handle.cancel()
            self.handle_at = at
            self.handle = self.loop.call_at(at, self._fire)

    def clear(self) -> None:
        """Nothing pending (the handle, if armed, fires to no effect)."""
        self.at = 0.0

    def cancel(self) -> None:
        """Nothing pending, and no handle left armed (the owner closes)."""
        self.at = 0.0
        if self.handle is not None:
            self.handle.cancel()
            self.handle = None

    def close(self) -> None:
        """The owner is closed for good: as cancel(), and the callback let
        go. The callback is the owner's bound method, so until then the
        owner and its Deadline hold each other, and only a pass of the
        cycle collector would free them."""
        self.cancel()
        self.on_expiry = _spent

    def _fire(self) -> None:
        self.handle = None
        at = self.at
        if not at:
            return
        if self.loop.time() < at:       # moved later since the handle was armed
            self.handle_at = at
            self.handle = self.loop.call_at(at, self._fire)
            return
        self.at = 0.0
        self.on_expiry()


def _spent() -> None:
    """A closed Deadline's callback."""
