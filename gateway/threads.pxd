# gateway/threads.py compiled (setup.py): a thread's greenlet and its wait as
# C structs, the fields their __slots__ (t/test_compiled.py checks it).
cimport cython
from gateway.cgreenlet cimport greenlet as Greenlet

cdef class _Thread(Greenlet):
    cdef public object resumer, worker, request, waiting

cdef class Waiting:
    cdef public object awaitable, waiter
    cdef public _Thread thread
    cdef public object future

cdef _serve(_Thread me, job)
@cython.locals(thread=_Thread)
cdef _follow(msg)

# The waits of every proxied request, called as C functions by the modules
# that cimport them (gateway.proxy).
cpdef wake_soon(Waiting msg, outcome=*)
cpdef Waiting parked()
@cython.locals(thread=_Thread)
cpdef wait_parked(Waiting msg)
@cython.locals(thread=_Thread)
cpdef wake(Waiting msg, outcome=*)
