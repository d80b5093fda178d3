# gateway/balancer.py compiled (setup.py): a peer and a request's selection
# as C structs, the fields their __slots__ (t/test_compiled.py checks it).

cdef class Peer:
    cdef public object server, addr, name, weight, current, fails, checked, conns, solo

cdef class Selection:
    cdef public object balancer, key, tried, hash, rehash, ring_at
