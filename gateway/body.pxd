# gateway/body.py compiled (setup.py): a request's body functions take the
# Request and its settings typed, so their fields are read as struct fields.
from gateway.config.model cimport LocConf
from gateway.request cimport Request

cpdef LocConf _conf(Request req)
cpdef received(Request req, data, LocConf conf)
cpdef want_whole(Request req)
cpdef taken(Request req)
cpdef length(Request req)
