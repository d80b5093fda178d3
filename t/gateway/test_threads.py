"""gateway.threads' ready queue, in process: jobs spawned from the loop run
in order in its next turn, a job that waits lets the next ones go on, and
a job that fails (a fault of ours) neither stops the others nor the loop;
a parked wait ended with wake_soon goes on before the jobs spawned in the
same turn; drive runs a coroutine on a thread, within a time limit."""
from __future__ import annotations

import asyncio
import types

import pytest

from gateway import threads

# what threads needs of a worker: its current request, and a clock it reads
# again in a new loop turn (never stale here)
WORKER = types.SimpleNamespace(request=None, clock=types.SimpleNamespace(stale=False))


def _run(body) -> list:
    seen: list = []
    errors: list = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(lambda _loop, ctx: errors.append(ctx["exception"]))
        await body(seen)

    asyncio.run(main())
    return seen + [("errors", [type(e).__name__ for e in errors])]


def _spawn(fn, arg, req=None) -> None:
    threads.spawn(fn, arg, WORKER, req)


def test_jobs_run_in_order_in_the_next_turn() -> None:
    async def body(seen: list) -> None:
        for i in range(3):
            _spawn(seen.append, i)
        seen.append("spawned")
        await asyncio.sleep(0)
        await asyncio.sleep(0)

    assert _run(body) == ["spawned", 0, 1, 2, ("errors", [])]


def test_a_job_that_waits_lets_the_next_go_on() -> None:
    async def body(seen: list) -> None:
        def slow(_):
            seen.append("slow starts")
            threads.wait(asyncio.sleep(0.01))
            seen.append("slow ends")

        _spawn(slow, None)
        _spawn(seen.append, "quick")
        await asyncio.sleep(0.05)

    assert _run(body) == ["slow starts", "quick", "slow ends", ("errors", [])]


def test_a_failing_job_does_not_stall_the_ones_behind_it() -> None:
    async def body(seen: list) -> None:
        def broken(_):
            raise RuntimeError("a bug of ours")

        _spawn(broken, None)
        _spawn(seen.append, "after")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        _spawn(seen.append, "later")        # the queue still runs in later turns
        await asyncio.sleep(0)
        await asyncio.sleep(0)

    assert _run(body) == ["after", "later", ("errors", ["RuntimeError"])]


def test_a_thread_makes_its_request_current_whenever_it_runs() -> None:
    async def body(seen: list) -> None:
        def job(name):
            seen.append((name, WORKER.request))
            threads.wait(asyncio.sleep(0.01 if name == "a" else 0))
            seen.append((name, WORKER.request))
        _spawn(job, "a", "req-a")
        _spawn(job, "b", "req-b")
        await asyncio.sleep(0.05)

    assert _run(body) == [("a", "req-a"), ("b", "req-b"), ("b", "req-b"), ("a", "req-a"),
                          ("errors", [])]


def test_a_woken_thread_goes_on_before_the_jobs_spawned_with_it() -> None:
    async def body(seen: list) -> None:
        waits = []

        def parker(_):
            waits.append(threads.parked())
            seen.append(("woken with", threads.wait_parked(waits[0])))

        _spawn(parker, None)
        await asyncio.sleep(0)
        _spawn(seen.append, "new job")          # a request read first in this turn,
        threads.wake_soon(waits[0], "answer")   # then the upstream's answer
        await asyncio.sleep(0)
        await asyncio.sleep(0)

    assert _run(body) == [("woken with", "answer"), "new job", ("errors", [])]


async def _connecting(seen: list, delay: float, result: str = "connected") -> str:
    """A coroutine that waits on a future and cleans up if stopped."""
    try:
        await asyncio.sleep(delay)
        seen.append("awake")
        return result
    finally:
        seen.append("cleaned up")


def test_drive_returns_the_coroutines_result_on_the_thread() -> None:
    async def body(seen: list) -> None:
        def job(_):
            seen.append(threads.drive(_connecting(seen, 0.001), 1.0))

        _spawn(job, None)
        await asyncio.sleep(0.05)

    assert _run(body) == ["awake", "cleaned up", "connected", ("errors", [])]


def test_drive_raises_the_coroutines_exception() -> None:
    async def failing() -> None:
        await asyncio.sleep(0)
        raise ConnectionRefusedError(111, "Connection refused")

    async def body(seen: list) -> None:
        def job(_):
            with pytest.raises(ConnectionRefusedError):
                threads.drive(failing(), 1.0)
            seen.append("raised")

        _spawn(job, None)
        await asyncio.sleep(0.05)

    assert _run(body) == ["raised", ("errors", [])]


def test_drive_past_its_time_stops_the_coroutine_where_it_waits() -> None:
    async def body(seen: list) -> None:
        def job(_):
            with pytest.raises(TimeoutError):
                threads.drive(_connecting(seen, 10), 0.02)
            seen.append("timed out")

        _spawn(job, None)
        await asyncio.sleep(0.1)

    assert _run(body) == ["cleaned up", "timed out", ("errors", [])]


def test_an_interrupted_drive_stops_the_coroutine() -> None:
    async def body(seen: list) -> None:
        threads_seen = []

        def job(_):
            threads_seen.append(threads.current())
            with pytest.raises(KeyboardInterrupt):
                threads.drive(_connecting(seen, 10), 5.0)
            seen.append("interrupted")

        _spawn(job, None)
        await asyncio.sleep(0.01)
        assert threads.interrupt(threads_seen[0], KeyboardInterrupt())
        await asyncio.sleep(0.01)

    assert _run(body) == ["cleaned up", "interrupted", ("errors", [])]
