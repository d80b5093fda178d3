# gateway/http.py compiled (setup.py): the per-second date cache as a C
# struct, the fields its __slots__ (t/test_compiled.py checks it).

cdef class DateCache:
    cdef public object second, http_date, local, server_date, heads
