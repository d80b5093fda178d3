# gateway/ngx/base.py compiled (setup.py): request_for, which every
# request-bound ngx function calls first, takes the worker and answers
# the Request typed.
import cython
from gateway.request cimport Request
from gateway.worker_state cimport WorkerState

@cython.locals(req=Request)
cpdef Request request_for(WorkerState w, mask)
