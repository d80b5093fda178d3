# gateway/ngx/uthread.py compiled (setup.py): the entry thread of every
# rewrite, access and content handler, called as a C function by the
# modules that cimport it (gateway.phases).
from gateway.request cimport Request

cpdef run_entry(Request req, fn, tuple args)
