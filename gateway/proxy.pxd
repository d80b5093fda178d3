# gateway/proxy.py compiled (setup.py): an upstream connection, its pool,
# an attempt's state and a location's plan as C structs, the fields their
# __slots__ (t/test_compiled.py checks it). The functions of every proxied
# request take these (and the Request, the peer) typed.
import cython
from gateway.balancer cimport Peer
from gateway.request cimport Request

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

@cython.locals(conn=UpstreamConnection, peer=Peer, pool=Pool)
cpdef proxy(w, Request req, pp)
cpdef _answered(pp, Peer peer, UpstreamConnection conn, began, earlier=*)
cpdef _attempted(Request req, tried, UpstreamState state)
cpdef _respond(w, Request req, UpstreamConnection conn, pp, UpstreamState state, read_timeout)
@cython.locals(conn=UpstreamConnection)
cpdef _send(Pool pool, addr, data, Request req, body_from, timeouts, send_timeout, secure)
cpdef _upstream_uri(Request req, pp)
cpdef _streams_body(Request req, conf)
@cython.locals(plan=ProxyPlan)
cpdef _plan(w, conf)
@cython.locals(plan=ProxyPlan)
cpdef _request_bytes(w, Request req, pp, host, keepalive, streaming)
@cython.locals(plan=ProxyPlan)
cpdef _relay(w, Request req, UpstreamConnection conn, pp, read_timeout)
