# gateway/deadline.py compiled (setup.py): its classes as C structs, the
# fields their __slots__ (t/test_compiled.py checks it).

cdef class Timeouts:
    cdef public object loop, heap, handle, handle_at, count, sweep_at

cdef class Deadline:
    cdef public object timeouts, loop, on_expiry, at, queued_at
