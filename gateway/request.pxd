# Request as a C struct when gateway/request.py is compiled (setup.py): the
# hot path's reads of these fields are loads, not attribute lookups. The
# names are request.py's __slots__, in its order (t/test_compiled.py checks
# it); the fields few requests set stay in __dict__, their defaults class
# attributes, as in the plain module.
from gateway.config.model cimport Location, Server

cdef class Request:
    # the request as received
    cdef public object conn, number, method, request_uri, uri, args, version, headers
    cdef public object original_uri, keep_alive, start_time, host
    # its body
    cdef public object body_chunked, body_done, body_waiter, content_length, body_file
    # routing
    cdef public Server server
    cdef public Location loc
    # the response
    cdef public object status, out_headers, header_sent, header_filtered, out
    cdef public object flushed, chunked, eof, body_bytes_sent, bytes_sent
    # the Lua side
    cdef public object phase, aborted, uthreads, entry, at_end
    # subrequests (gateway.subrequest)
    cdef public object parent
    # the fields below, once a request sets one
    cdef dict __dict__
