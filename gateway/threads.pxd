# gateway/threads.py compiled (setup.py): a thread's wait as a C struct,
# the fields its __slots__ (t/test_compiled.py checks it).

cdef class Waiting:
    cdef public object awaitable, waiter, thread, future

# The waits of every proxied request, called as C functions by the modules
# that cimport them (gateway.proxy).
cpdef wake_soon(Waiting msg, outcome=*)
cpdef Waiting parked()
cpdef wait_parked(Waiting msg)
cpdef wake(Waiting msg, outcome=*)
