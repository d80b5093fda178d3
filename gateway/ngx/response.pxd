# gateway/ngx/response.py compiled (setup.py): its functions get the current
# request from base.request_for as a C call, typed, so they read its
# fields as struct fields.
from gateway.ngx.base cimport request_for
