# gateway/ngx/output.py compiled (setup.py): ngx.say and ngx.print read
# their Request's fields as struct fields, and call gateway.output's
# functions as C functions (cimport).
import cython
from gateway cimport output
from gateway.request cimport Request

@cython.locals(req=Request)
cpdef write(w, newline, tuple args, null)
