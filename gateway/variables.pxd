# gateway/variables.py compiled (setup.py): a template as a C struct, the
# fields its __slots__ (t/test_compiled.py checks it).

cdef class Template:
    cdef public object parts, text, single
