# gateway/phases.py compiled (setup.py): a request's way through the phases
# takes it typed, so its fields are read as struct fields.
from gateway.request cimport Request

cpdef handle(Request req)
cpdef run_phases(w, Request req)
cpdef _location_phases(w, Request req)
cpdef _finalize(w, Request req, status)
cpdef log_phase(w, Request req, conf)
