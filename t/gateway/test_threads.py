"""gateway.threads' ready queue, in process: jobs spawned from the loop run
in order in its next turn, a job that waits lets the next ones go on, and
a job that fails (a fault of ours) neither stops the others nor the loop."""
from __future__ import annotations

import asyncio
import types

from gateway import threads

WORKER = types.SimpleNamespace(request=None)


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
