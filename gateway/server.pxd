# Connection as a C struct when gateway/server.py is compiled (setup.py);
# the fields are server.py's __slots__ (t/test_compiled.py checks it). The
# parser callbacks and the request hand-offs are declared with the Request
# they handle typed, so its fields are read as struct fields.
import cython
from gateway.config.model cimport LocConf
from gateway.request cimport Request
from gateway.worker_state cimport WorkerState

cdef class Connection:
    # per connection
    cdef public WorkerState worker
    cdef public object names, transport, parser, peer, remote_addr, sockname, number, requests
    cdef public object closing, paused, body_paused, reading_stopped, write_paused, drain_waiters
    cdef public object send_timer
    # timeouts
    cdef public object timer, timer_kind, loop
    # the request being parsed, and the queue of parsed ones
    cdef public object head_started, url, headers, seen_host, seen_length, seen_chunked, head_bytes
    cdef public object buffer_left, buffers_used
    cdef public object parsing, queue
    cdef public object active
    cdef public object rejected
    # limits of the default server, and the last Host header with what it resolved to
    cdef public object first_buffer, buffer_size, buffers, head_limit, url_limit, name_chars
    cdef public object good_names
    cdef public object host_raw, host, host_server, host_match
    cdef public object line_version
    cdef public object tls

    @cython.locals(req=Request, conf=LocConf)
    cpdef on_headers_complete(self)
    @cython.locals(req=Request, conf=LocConf)
    cpdef on_body(self, body)
    @cython.locals(req=Request)
    cpdef on_message_complete(self)
    cpdef _start(self, Request req, has_body)
    @cython.locals(conf=LocConf)
    cpdef request_done(self, Request req)
