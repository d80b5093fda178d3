# gateway/output.py compiled (setup.py): the functions of every response
# take their Request typed, its worker, location and settings, so their
# fields are read as struct fields.
import cython
from gateway.config.model cimport LocConf, Location
from gateway.request cimport Request
from gateway.worker_state cimport WorkerState

@cython.locals(conf=LocConf)
cpdef send_header(WorkerState w, Request req)
cpdef _from_lua(Request req)
cpdef filter_failed(Request req)
@cython.locals(loc=Location, conf=LocConf)
cpdef emit(WorkerState w, Request req, data, last=*)
cpdef flush(WorkerState w, Request req)
@cython.locals(loc=Location)
cpdef finish(WorkerState w, Request req)
@cython.locals(loc=Location)
cpdef write_out(WorkerState w, Request req, last)
cpdef _remember_head(WorkerState w, Request req, key, length)
cpdef _build_head(WorkerState w, Request req, length)
@cython.locals(loc=Location)
cpdef _charset(Request req, content_type)
