# gateway/threads.py compiled (setup.py): a thread's wait as a C struct,
# the fields its __slots__ (t/test_compiled.py checks it).

cdef class Waiting:
    cdef public object awaitable, waiter, thread, future
