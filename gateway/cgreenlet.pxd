# greenlet's C type, declared from its header (greenlet/greenlet.h, found
# through setup.py's include path), so that a compiled module can derive an
# extension type from it: gateway/threads.pxd's _Thread, whose fields are
# then C struct fields instead of slots read through the type's descriptors.
cdef extern from "greenlet.h":
    ctypedef class greenlet.greenlet [object PyGreenlet]:
        pass
