# gateway/output.py compiled (setup.py): the functions of every response
# take their Request typed, so its fields are read as struct fields.
from gateway.request cimport Request

cpdef send_header(w, Request req)
cpdef _from_lua(Request req)
cpdef filter_failed(Request req)
cpdef emit(w, Request req, data, last=*)
cpdef flush(w, Request req)
cpdef finish(w, Request req)
cpdef write_out(w, Request req, last)
cpdef _remember_head(w, Request req, key, length)
cpdef _build_head(w, Request req, length)
