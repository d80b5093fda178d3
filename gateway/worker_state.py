"""What a worker's hot path reads on every request, apart from the Worker.

gateway.worker's Worker derives from WorkerState. Compiled (setup.py),
WorkerState is a C struct (worker_state.pxd), and the hot-path modules
take their worker typed as one, so these fields are loads there instead
of attribute lookups; the handler runs of every Lua phase start here too
(run_handler). It lives in a module of its own, importing nothing,
because the modules that type the worker are imported by gateway.worker
itself: their types must exist before it does.
"""
from __future__ import annotations


class WorkerState:
    """The fields; Worker.__init__ sets them (see there for what each is)."""

    __slots__ = ("main", "http", "error_log", "clock", "dates", "request", "phase", "exiting",
                 "active_requests", "connections", "templates", "proxy_plans", "balancers",
                 "mains", "state")

    def run_handler(self, req, chunk, phase: int):
        """Run a *_by_lua handler for req in its phase; its results."""
        return self.state.call(self.enter_handler(req, chunk, phase))

    def enter_handler(self, req, chunk, phase: int):
        """req enters phase: the main function that runs chunk's handler.

        Hot path: every Lua phase of every request. A chunk that assigns
        no global runs the main function made for its first run again,
        with _G itself as its environment: an empty one of its own that
        reads through to _G would look the same to it, and making one
        costs more than the handler often does, as does each global read
        through it. That holds until Lua code asks for a handler's
        environment (luavm fenv.stand_in: the function asked about gets
        one of its own then, and from then on every run does). The
        Worker makes the main functions (Worker._main).
        """
        req.phase = phase           # first: a chunk that cannot load is logged in it
        main = self.mains.get(id(chunk))
        if main is None:
            main = self._main(req, chunk)
        return main
