"""nginx's auth_request module: a subrequest decides whether the request
may go on, in the access phase (after allow/deny and auth_basic, before
access_by_lua; main requests only).

The subrequest is a GET of the auth_request URI with the request's
headers and no body. Its 2xx lets the request go on; 401 and 403 end it
with that status (a 401 with the subrequest's WWW-Authenticate); anything
else is a 500, logged as nginx logs it. auth_request_set's variables are
set from the subrequest's ($upstream_http_x_user of its proxied answer,
say) whatever it answered.
"""
from __future__ import annotations

from . import subrequest
from .config.model import LocConf
from .flow import Finalize
from .request import Request


def check(w, req: Request, conf: LocConf) -> None:
    """Go on, or Finalize with the status the subrequest decided."""
    uri, _, args = conf.auth_request.encode("latin-1").partition(b"?")
    sr = subrequest.Subrequest(req, uri, args or None, b"GET")
    subrequest.set_body(sr, req, b"", False)
    sr.headers = [h for h in sr.headers if h[0].lower() != b"content-length"]
    sr.content_length = -1
    subrequest.run(w, req, [sr])
    status = sr.outcome
    for name, value in conf.auth_request_set:
        req.writable_vars()[name] = w.template(value).render(sr)
    if 200 <= status < 300:
        return
    if status == 401:
        challenge = sr.out_headers.value(b"WWW-Authenticate")
        if challenge is not None:
            req.out_headers.set(b"WWW-Authenticate", challenge)
    if status not in (401, 403):
        w.error_log.log(4, f"auth request unexpected status: {status}", req.number,
                        w.log_context(req))
        status = 500
    raise Finalize(status)
