"""What a worker's hot path reads on every request, apart from the Worker.

gateway.worker's Worker derives from WorkerState. Compiled (setup.py),
WorkerState is a C struct (worker_state.pxd), and the hot-path modules
take their worker typed as one, so these fields are loads there instead
of attribute lookups. It lives in a module of its own, importing nothing,
because the modules that type the worker are imported by gateway.worker
itself: their types must exist before it does.
"""
from __future__ import annotations


class WorkerState:
    """The fields; Worker.__init__ sets them (see there for what each is)."""

    __slots__ = ("main", "http", "error_log", "clock", "dates", "request", "phase", "exiting",
                 "active_requests", "connections", "templates", "proxy_plans", "balancers",
                 "mains", "state")
