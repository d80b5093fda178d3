# gateway/phases.py compiled (setup.py): a request's way through the phases
# takes it, its location and the location's settings typed, so their
# fields are read as struct fields; gateway.output's functions and the
# proxy are called as C functions (cimport).
import cython
from gateway cimport output
from gateway.config.model cimport LocConf, Location, Server
from gateway.proxy cimport proxy
from gateway.request cimport Request

@cython.locals(loc=Location, conf=LocConf)
cpdef handle(Request req)
cpdef run_phases(w, Request req)
@cython.locals(loc=Location, conf=LocConf, server=Server)
cpdef _location_phases(w, Request req)
cpdef _finalize(w, Request req, status)
cpdef log_phase(w, Request req, LocConf conf)
