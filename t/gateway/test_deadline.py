"""gateway.deadline: the Deadlines of a loop share one event-loop timer.

A fake loop with a clock the test moves stands in for uvloop, so every
expiry is checked at the exact loop time it happens, without sleeping."""
from __future__ import annotations

import gc

from gateway import deadline
from gateway.deadline import Deadline


class Handle:
    def __init__(self, loop: FakeLoop, at: float, callback) -> None:
        self.loop, self.at, self.callback, self.cancelled = loop, at, callback, False

    def cancel(self) -> None:
        self.cancelled = True


class FakeLoop:
    """time(), call_at() and call_exception_handler(), as a loop has them."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.handles: list[Handle] = []
        self.made = 0
        self.errors: list[dict] = []

    def time(self) -> float:
        return self.now

    def call_at(self, at: float, callback) -> Handle:
        self.made += 1
        handle = Handle(self, at, callback)
        self.handles.append(handle)
        return handle

    def call_exception_handler(self, context: dict) -> None:
        self.errors.append(context)

    def armed(self) -> list[Handle]:
        return [h for h in self.handles if not h.cancelled]

    def advance(self, seconds: float) -> None:
        """Move the clock, running the timers that come due, in order."""
        end = self.now + seconds
        while True:
            due = [h for h in self.armed() if h.at <= end]
            if not due:
                break
            handle = min(due, key=lambda h: h.at)
            handle.cancelled = True
            self.now = max(self.now, handle.at)
            handle.callback()
        self.now = end


def test_deadlines_share_one_timer_and_expire_in_order() -> None:
    loop = FakeLoop()
    fired = []
    deadlines = [Deadline(loop, lambda i=i: fired.append((i, loop.now))) for i in range(50)]
    for i, d in enumerate(deadlines):
        d.set(10.0 + i)
    assert loop.made == 1 and len(loop.armed()) == 1
    loop.advance(12.5)
    assert fired == [(0, 1010.0), (1, 1011.0), (2, 1012.0)]
    loop.advance(100.0)
    assert [i for i, _ in fired] == list(range(50))
    assert loop.armed() == []


def test_a_deadline_moved_later_or_sooner_or_cleared() -> None:
    loop = FakeLoop()
    fired = []
    later = Deadline(loop, lambda: fired.append(("later", loop.now)))
    sooner = Deadline(loop, lambda: fired.append(("sooner", loop.now)))
    cleared = Deadline(loop, lambda: fired.append(("cleared", loop.now)))
    later.set(5.0)
    sooner.set(20.0)
    cleared.set(7.0)
    loop.advance(3.0)
    later.set(5.0)          # now due at 1008: its entry at 1005 finds it moved
    sooner.set(1.0)         # due at 1004, before any entry it had
    cleared.clear()
    loop.advance(30.0)
    assert fired == [("sooner", 1004.0), ("later", 1008.0)]


def test_an_expiry_may_set_its_deadline_again() -> None:
    loop = FakeLoop()
    times = []

    def again() -> None:
        times.append(loop.now)
        if len(times) < 3:
            d.set(2.0)

    d = Deadline(loop, again)
    d.set(2.0)
    loop.advance(10.0)
    assert times == [1002.0, 1004.0, 1006.0]


def test_a_failing_expiry_is_reported_and_the_others_still_fire() -> None:
    loop = FakeLoop()
    fired = []

    def boom() -> None:
        raise RuntimeError("owner bug")

    Deadline(loop, boom).set(1.0)
    Deadline(loop, lambda: fired.append(loop.now)).set(1.0)
    Deadline(loop, lambda: fired.append(loop.now)).set(2.0)
    loop.advance(5.0)
    assert fired == [1001.0, 1002.0]
    assert [str(e["exception"]) for e in loop.errors] == ["owner bug"]


def test_a_closed_deadline_never_fires_and_lets_its_owner_go() -> None:
    loop = FakeLoop()

    class Owner:
        fired = False

        def expire(self) -> None:
            Owner.fired = True

    owner = Owner()
    d = Deadline(loop, owner.expire)
    d.set(1.0)
    d.close()
    gc.disable()
    try:
        del owner
        assert not any(isinstance(o, Owner) for o in gc.get_objects())
    finally:
        gc.enable()
    loop.advance(5.0)
    assert not Owner.fired


def test_stale_entries_are_swept() -> None:
    loop = FakeLoop()
    live = Deadline(loop, lambda: None)
    live.set(1.0)
    for _ in range(5000):
        d = Deadline(loop, lambda: None)
        d.set(60.0)
        d.close()
    timeouts = deadline.timeouts_of(loop)
    assert len(timeouts.heap) <= 2 * deadline.SWEEP_MIN
    assert any(e[2] is live for e in timeouts.heap)
