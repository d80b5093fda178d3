# gateway/worker_state.py compiled (setup.py): the worker's hot fields as a
# C struct, the names its __slots__ (t/test_compiled.py checks it).
from gateway.http cimport DateCache
from gateway.request cimport Request

cdef class WorkerState:
    cdef public object main, http, error_log, clock
    cdef public DateCache dates
    cdef public object request, phase, exiting, active_requests, connections, templates, proxy_plans
    cdef public object balancers
    cdef public dict mains
    cdef public object state

    cpdef run_handler(self, Request req, chunk, phase)
    cpdef enter_handler(self, Request req, chunk, phase)
