# gateway/ngx/output.py compiled (setup.py): ngx.say and ngx.print read
# their Request's and worker's fields as struct fields, and call
# gateway.output's functions as C functions (cimport).
import cython
from gateway cimport output
from gateway.ngx.base cimport request_for
from gateway.request cimport Request
from gateway.worker_state cimport WorkerState

@cython.locals(req=Request)
cpdef write(WorkerState w, newline, tuple args, null)
