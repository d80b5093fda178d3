# gateway/output.py compiled (setup.py): the functions of every response
# take their Request typed, and its location and settings, so their
# fields are read as struct fields.
import cython
from gateway.config.model cimport LocConf, Location
from gateway.request cimport Request

@cython.locals(conf=LocConf)
cpdef send_header(w, Request req)
cpdef _from_lua(Request req)
cpdef filter_failed(Request req)
@cython.locals(loc=Location, conf=LocConf)
cpdef emit(w, Request req, data, last=*)
cpdef flush(w, Request req)
@cython.locals(loc=Location)
cpdef finish(w, Request req)
@cython.locals(loc=Location)
cpdef write_out(w, Request req, last)
cpdef _remember_head(w, Request req, key, length)
cpdef _build_head(w, Request req, length)
@cython.locals(loc=Location)
cpdef _charset(Request req, content_type)
