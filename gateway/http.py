"""HTTP/1.x response pieces: status lines, nginx's error pages, dates.

Everything here is precomputed or cached because it is on the hot path of
every response.
"""
from __future__ import annotations

import time
from email.utils import formatdate

REASONS = {
    100: "Continue", 101: "Switching Protocols",
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 206: "Partial Content",
    301: "Moved Permanently", 302: "Moved Temporarily",
    303: "See Other", 304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
    400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden",
    404: "Not Found", 405: "Not Allowed", 406: "Not Acceptable", 408: "Request Time-out",
    409: "Conflict", 410: "Gone", 411: "Length Required", 412: "Precondition Failed",
    413: "Request Entity Too Large", 414: "Request-URI Too Large",
    415: "Unsupported Media Type", 416: "Requested Range Not Satisfiable",
    421: "Misdirected Request", 429: "Too Many Requests",
    494: "Request Header Or Cookie Too Large",
    500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
    503: "Service Temporarily Unavailable", 504: "Gateway Time-out",
    505: "HTTP Version Not Supported", 507: "Insufficient Storage",
}

# Status lines as nginx sends them: a status it has no reason for is sent
# with the number alone (`HTTP/1.1 299 `), as nginx does.
_STATUS_LINES: dict[int, bytes] = {}


def status_line(status: int) -> bytes:
    line = _STATUS_LINES.get(status)
    if line is None:
        reason = REASONS.get(status, "")
        line = _STATUS_LINES[status] = f"HTTP/1.1 {status} {reason}\r\n".encode()
    return line


# The statuses nginx has a page for (ngx_http_special_response.c); it
# answers any other error or redirect status with an empty body.
PAGES = frozenset({301, 302, 303, 307, 308, 400, 401, 402, 403, 404, 405, 406, 408, 409, 410,
                   411, 412, 413, 414, 415, 416, 421, 429, 494, 495, 496, 497, 498,
                   500, 501, 502, 503, 504, 505, 507})
# Pages whose heading is not the status line's: nginx's own codes for a
# 400 that says why (a line of its own under the heading), and a few
# older names.
PAGE_HEADINGS = {302: "302 Found", 401: "401 Authorization Required", 494: "400 Bad Request",
                 495: "400 Bad Request", 496: "400 Bad Request", 497: "400 Bad Request",
                 498: "404 Not Found"}
WHY = {494: "Request Header Or Cookie Too Large", 495: "The SSL certificate error",
       496: "No required SSL certificate was sent",
       497: "The plain HTTP request was sent to HTTPS port"}


def error_page(status: int) -> bytes:
    """The body nginx sends for an error or redirect status when no
    error_page says otherwise (b"": a status it has no page for)."""
    if status not in PAGES:
        return b""
    heading = PAGE_HEADINGS.get(status) or f"{status} {REASONS[status]}"
    why = WHY.get(status)
    if why is None:
        title, lines = heading, f"<center><h1>{heading}</h1></center>\r\n"
    else:
        title = "400 " + why
        lines = f"<center><h1>{heading}</h1></center>\r\n<center>{why}</center>\r\n"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n{lines}"
            "<hr><center>moongate</center>\r\n</body>\r\n</html>\r\n").encode()


# Statuses whose responses have no body (and no Content-Length from us).
NO_BODY = frozenset({100, 101, 204, 304})


class DateCache:
    """The `Date` header value and nginx's time strings, recomputed at most
    once a second (uvicorn and nginx cache them the same way)."""

    __slots__ = ("second", "http_date", "local", "server_date", "heads")

    def __init__(self) -> None:
        self.second = -1
        self.http_date = b""
        self.local = ""
        self.server_date = b""      # the Server and Date lines every response starts with
        # Whole response heads that carry no header of the handler's, by
        # what makes them differ (see output.write_out): they hold the
        # Date, so they are dropped when it changes.
        self.heads: dict[tuple, bytes] = {}

    def refresh(self, now: float) -> None:
        sec = int(now)
        if sec != self.second:
            self.second = sec
            self.http_date = formatdate(sec, usegmt=True).encode()
            self.local = time.strftime("%d/%b/%Y:%H:%M:%S %z", time.localtime(sec))
            self.server_date = b"Server: moongate\r\nDate: " + self.http_date + b"\r\n"
            self.heads = {}


def absolute_location(req, location: bytes) -> bytes:
    """A Location nginx itself sets (return, rewrite, a directory's slash, a
    proxied one) made absolute when it is a path and absolute_redirect is
    on: the client's Host (server_name_in_redirect: the server's name), or
    our address, and our port unless it is 80 (or port_in_redirect is off).
    Locations set from Lua stay as they are, as lua-nginx-module sends
    them, and so do a subrequest's (nginx makes them absolute when it sends
    a response)."""
    if location[:1] != b"/" or req.parent is not None:
        return location
    conf = req.loc.conf if req.loc is not None else req.server.conf
    if not conf.absolute_redirect:
        return location
    conn = req.conn
    if conf.server_name_in_redirect:
        host = req.server.first_name.encode()
    else:
        host = req.host or conn.sockname[0].encode()
    scheme, default_port = (b"http://", 80) if conn.tls is None else (b"https://", 443)
    port = conn.sockname[1]
    if port == default_port or not conf.port_in_redirect:
        return scheme + host + location
    return scheme + host + b":%d" % port + location
