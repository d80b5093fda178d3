# gateway/proxy.py compiled (setup.py): an upstream connection, its pool,
# an attempt's state and a location's plan as C structs, the fields their
# __slots__ (t/test_compiled.py checks it). The functions of every proxied
# request take these (and the Request, its worker, the peer, the
# location's settings and its proxy_pass) typed, and the methods each
# exchange calls, like gateway.output's and gateway.threads' functions
# (cimport), are called as C functions.
import cython
from gateway cimport output, threads
from gateway.balancer cimport Peer
from gateway.config.model cimport LocConf, ProxyPass, Upstream
from gateway.request cimport Request
from gateway.worker_state cimport WorkerState

cdef class UpstreamConnection:
    cdef public object transport, parser, head_here, parked, head, status, headers, chunks, buffered
    cdef public object complete, error, waiter, paused, no_body, closed, reusable, requests
    cdef public object connect_time, loop, head_timeout, idle_timeout, pool, addr, drained
    cpdef begin(self, data, no_body)
    cpdef wait_head(self, timeout)
    cpdef body_ready(self)
    cpdef take_body(self)

cdef class Pool:
    cdef public Upstream upstream
    cdef public object idle, count
    @cython.locals(conn=UpstreamConnection)
    cpdef take(self, addr)
    cpdef give_back(self, addr, UpstreamConnection conn)
    cpdef drop(self, addr, UpstreamConnection conn)

cdef class Upstreams:
    cdef public object balancer
    cdef public Pool pool, tls_pool

cdef class UpstreamState:
    cdef public object pp, addr, status, connect_time, started, head_at, ended, headers, earlier

cdef class ProxyPlan:
    cdef public object line_end, host, own_connection, skip, extra, hidden, special

@cython.locals(conn=UpstreamConnection, peer=Peer, pool=Pool, conf=LocConf, ups=Upstreams)
cpdef proxy(WorkerState w, Request req, ProxyPass pp)
cpdef _answered(ProxyPass pp, Peer peer, UpstreamConnection conn, began, earlier=*)
cpdef _attempted(Request req, tried, UpstreamState state)
cpdef _respond(WorkerState w, Request req, UpstreamConnection conn, ProxyPass pp,
               UpstreamState state, read_timeout)
@cython.locals(conn=UpstreamConnection)
cpdef _send(Pool pool, addr, data, Request req, body_from, timeouts, send_timeout, secure)
cpdef _upstream_uri(Request req, ProxyPass pp)
cpdef _streams_body(Request req, LocConf conf)
@cython.locals(plan=ProxyPlan)
cpdef _plan(WorkerState w, LocConf conf)
@cython.locals(plan=ProxyPlan, conf=LocConf)
cpdef _request_bytes(WorkerState w, Request req, ProxyPass pp, host, keepalive, streaming)
@cython.locals(plan=ProxyPlan, conf=LocConf)
cpdef _relay(WorkerState w, Request req, UpstreamConnection conn, ProxyPass pp, read_timeout)
