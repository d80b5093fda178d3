# gateway/proxy.py compiled (setup.py): an upstream connection, its pool,
# an attempt's state and a location's plan as C structs, the fields their
# __slots__ (t/test_compiled.py checks it).

cdef class UpstreamConnection:
    cdef public object transport, parser, head_here, parked, head, status, headers, chunks, buffered
    cdef public object complete, error, waiter, paused, no_body, closed, reusable, requests
    cdef public object connect_time, loop, head_timeout, idle_timeout, pool, addr, drained

cdef class Pool:
    cdef public object upstream, idle, count

cdef class UpstreamState:
    cdef public object pp, addr, status, connect_time, started, head_at, ended, headers, earlier

cdef class ProxyPlan:
    cdef public object line_end, host, own_connection, skip, extra, hidden, special
