# gateway/phases.py compiled (setup.py): a request's way through the phases
# takes it, its worker, its location and the location's settings typed,
# so their fields are read as struct fields; gateway.output's functions
# the proxy and the handlers' entry thread are called as C functions
# (cimport).
import cython
from gateway cimport output
from gateway.config.model cimport LocConf, Location, Server
from gateway.ngx cimport uthread
from gateway.proxy cimport proxy
from gateway.request cimport Request
from gateway.worker_state cimport WorkerState

@cython.locals(loc=Location, conf=LocConf, w=WorkerState)
cpdef handle(Request req)
cpdef run_phases(WorkerState w, Request req)
@cython.locals(loc=Location, conf=LocConf, server=Server)
cpdef _location_phases(WorkerState w, Request req)
cpdef _lua_phase(WorkerState w, Request req, chunk, phase)
cpdef _finalize(WorkerState w, Request req, status)
cpdef log_phase(WorkerState w, Request req, LocConf conf)
