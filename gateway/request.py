"""One request cycle: what the client sent, what we answer, and its state.

A Request is created by the connection when a request's headers are parsed
and lives until its log phase ends. Its fields are grouped: the request as
received, its body, where routing took it, the response, and the Lua side.
"""
from __future__ import annotations

import types
import weakref
from typing import Mapping

from .http import NO_BODY


# The variables of a request that set none (Request.vars)
NO_VARS: Mapping = types.MappingProxyType({})


class BodyRejected(Exception):
    """The request body broke a limit (413) or the protocol (400) while a
    handler was reading it."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


# Response headers nginx adds itself unless the handler set or cleared them
OWN_LINES = frozenset({b"server", b"date"})


class ResponseHeaders(dict):
    """Response headers: case-insensitive names, insertion order kept, a
    name holding one value or a list (Set-Cookie, repeated add_header).

    The dict itself maps each lower-case name to (name as first set,
    bytes | list | None); None: cleared, with the line nginx would send
    itself (hide). A dict subclass with no __init__ of its own: every
    request makes one, and most never set a header (hot path).
    """

    __slots__ = ()

    def set(self, name: bytes, value) -> None:
        """Replace a header; None (or an empty list) removes it (for
        Server and Date, the line nginx would add too, as nginx does)."""
        key = name.lower()
        if value is None or value == []:
            if key in OWN_LINES:
                self[key] = (name, None)
            else:
                self.pop(key, None)
        else:
            self[key] = (name, value)

    def hide(self, name: bytes) -> None:
        """No such header, not even the one nginx would add (Server, Date,
        Content-Length): a name holding None (headers-more's clear)."""
        self[name.lower()] = (name, None)

    def add(self, name: bytes, value: bytes) -> None:
        key = name.lower()
        old = self.get(key)
        if old is None or old[1] is None:
            self[key] = (name, value)
        else:
            values = old[1] if isinstance(old[1], list) else [old[1]]
            self[key] = (old[0], values + [value])

    def weaken_etag(self) -> None:
        """A strong ETag becomes weak: the body is no longer the same bytes
        (gzip, sub_filter), though it means the same."""
        etag = self.value(b"etag")
        if type(etag) is bytes and etag.startswith(b'"'):
            self.set(b"ETag", b"W/" + etag)

    def value(self, name: bytes):
        """The value (bytes or a list) of a header, whatever the name's case."""
        item = self.get(name.lower())
        return None if item is None else item[1]

    def pairs(self):
        """(name, value) for every value, in order; lists are expanded."""
        for name, value in self.values():
            if value is None:
                continue
            if isinstance(value, list):
                for v in value:
                    yield name, v
            else:
                yield name, value


class Request:
    """One request: its fields grouped as below.

    Hot path: one is made for every request, and making one costs about
    70 instructions a field. The fields most requests write are slots, set
    in __init__; the ones few requests ever write are class attributes
    holding their default (immutable values only), and land in the
    instance's __dict__ when a request sets them.
    """

    __slots__ = (
        # the request as received
        "conn", "number", "method", "request_uri", "uri", "args", "version", "headers",
        "original_uri", "keep_alive", "start_time", "host",
        # its body
        "body_chunked", "body_done", "body_waiter", "content_length", "body_file",
        # routing
        "server", "loc",
        # the response
        "status", "out_headers", "header_sent", "header_filtered", "out",
        "flushed", "chunked", "eof", "body_bytes_sent", "bytes_sent",
        # the Lua side
        "phase", "aborted", "uthreads", "entry", "at_end",
        # subrequests (gateway.subrequest)
        "parent",
        # the fields below, once a request sets one
        "__dict__",
    )

    # -- the fields few requests set (their defaults) ---------------------------------
    # (method, headers) as received, once set_method, set_header or an
    # error_page rebinds those fields (keep_received); None: they are as received
    received: tuple[bytes, list] | None = None
    # The body's bytes while in memory: a bytearray from the head on, for
    # a request that has a body (gateway.server, gateway.body)
    body: bytes | bytearray = b""
    # `set $x` and ngx.var.x = ...: read-only and empty until the first (writable_vars)
    vars: Mapping[bytes, bytes | None] = NO_VARS
    internal = False
    uri_changes = 10                    # nginx's NGX_HTTP_MAX_URI_CHANGES + 1
    id: bytes | None = None             # $request_id, made when first asked for
    body_size = 0
    body_read = False                   # ngx.req.read_body() was called (or proxying)
    body_discarded = False
    body_whole = False                  # the whole body is wanted: it may go to a file
    captures: list[bytes] | None = None     # $1..$9 of the last regex match
    upstream_state = None               # $upstream_* of proxy_pass (proxy.UpstreamState)
    # the upstream exchange waiting for its response head, which the
    # client's leaving ends (proxy_ignore_client_abort off: gateway.proxy)
    upstream_waiting = None
    balancer = None                     # ngx.balancer's state while balancer_by_lua runs (proxy)
    error_page_done = False
    ctx = None
    # chunk id -> the environment of its own a handler reading _G got in
    # this request, once Lua code asked for it (gateway.worker._own_env)
    own_envs: dict | None = None
    arg = None
    # The threads of this request waiting for subrequests (a set, from
    # the first ngx.location.capture on): while any is, nothing but an
    # abort may end the request (ngx.exit) or kill those threads. A
    # thread killed while it waited stays: its handler ends unanswered.
    capturing: set | None = None
    # $limit_req_status, $limit_conn_status of a main request the limits
    # have looked at (PASSED, DELAYED, REJECTED...): it is limited once
    # (gateway.limits)
    limit_req_status: bytes | None = None
    limit_conn_status: bytes | None = None
    limit_conns = None          # the limit_conn counts it holds (gateway.limits.Held)
    # the connection's own address while realip has replaced it (gateway.realip.Original)
    realip = None
    gzip = None                 # its body's deflate stream (gateway.gzip_filter.Deflate)
    sub = None                  # its body's replacements (gateway.sub_filter.Substitution)
    # The request line as received, for one that could not be parsed (a
    # malformed head is logged with it, as nginx does)
    raw_line: bytes | None = None
    # A header or body filter died: nothing more of the response goes out
    # (gateway.output.filter_failed)
    output_failed = False

    def __init__(self, conn, number: int, start_time: float, method: bytes = b"GET",
                 request_uri: bytes = b"/", uri: bytes = b"/", args: bytes | None = None,
                 version: bytes = b"1.1", headers: list | None = None) -> None:
        # Hot path: the server passes what it parsed (gateway.server).
        self.conn = conn
        self.number = number                # the connection number nginx logs as *N
        self.method = method
        self.request_uri = request_uri      # as sent, with the query string
        self.uri = uri                      # decoded, normalised path (ngx.var.uri)
        self.original_uri = uri             # uri as received, before any rewrite
        self.args = args                    # the query string
        self.version = version
        if headers is None:
            headers = []
        self.headers: list[tuple[bytes, bytes]] = headers
        self.keep_alive = True
        self.start_time = start_time
        self.host = b""

        self.body_chunked = False           # Transfer-Encoding given: a body of unknown size
        self.body_done = False
        self.body_waiter = None             # a future the body reader waits on
        self.content_length = -1
        self.body_file = None               # a temp file, once the body outgrew memory (gateway.body)

        self.server = None
        self.loc = None

        self.status = 0
        self.out_headers = ResponseHeaders()
        self.header_sent = False            # logically: output started, headers frozen
        self.header_filtered = False
        self.out: list[bytes] = []          # body chunks not yet written to the socket
        self.flushed = False                # something went to the socket already
        self.chunked = False                # the body goes out in chunked encoding
        self.eof = False
        self.body_bytes_sent = 0
        self.bytes_sent = 0

        self.phase = 0
        self.aborted = False
        self.uthreads = None                # ngx.uthread.Group while light threads run
        self.entry = None                   # the thread of a rewrite/access/content handler
        self.at_end: list | None = None     # weak methods to call when the request ends
        self.parent: Request | None = None  # the request a subrequest was made for

    # -- its end -------------------------------------------------------------------
    def on_end(self, method) -> None:
        """Call this bound method when the request ends (a cosocket it
        opened closes then, as nginx's cleanup does), unless its object is
        gone by then."""
        if self.at_end is None:
            self.at_end = []
        self.at_end.append(weakref.WeakMethod(method))

    def end(self) -> None:
        """The request is over: run what on_end asked for."""
        calls, self.at_end = self.at_end, None
        for ref in calls or ():
            method = ref()
            if method is not None:
                method()

    def main(self) -> Request:
        """The main request of a subrequest (itself for a main request)."""
        req = self
        while req.parent is not None:
            req = req.parent
        return req

    def writable_vars(self) -> dict:
        """The request's variables, to set one."""
        if self.vars is NO_VARS:
            self.vars = {}
        return self.vars

    def keep_received(self) -> None:
        """Keep the method and headers as received: they are to change."""
        if self.received is None:
            self.received = (self.method, self.headers)

    # -- request headers -----------------------------------------------------------
    def header(self, lower_name: bytes) -> bytes | None:
        """The first request header of that (lower-case) name."""
        for name, value in self.headers:
            if name.lower() == lower_name:
                return value
        return None

    @property
    def request_line(self) -> bytes:
        if self.raw_line is not None:
            return self.raw_line
        return b"%s %s HTTP/%s" % (self.method, self.request_uri, self.version)

    def has_body(self) -> bool:
        return self.content_length > 0 or self.body_chunked

    def raw_header(self) -> bytes:
        """The request head, for ngx.req.raw_header and $request_length:
        rebuilt from what was parsed, only when asked for."""
        method, headers = self.received or (self.method, self.headers)
        lines = [b"%s %s HTTP/%s\r\n" % (method, self.request_uri, self.version)]
        lines += [b"%s: %s\r\n" % item for item in headers]
        lines.append(b"\r\n")
        return b"".join(lines)

    def response_type(self) -> str:
        """The response's MIME type, lower-case and without parameters
        (the location's default_type when none was set)."""
        ctype = self.out_headers.value(b"content-type")
        if ctype is None:
            text = self.loc.conf.default_type if self.loc is not None else ""
        else:
            text = (ctype[-1] if type(ctype) is list else ctype).decode("latin-1")
        return text.split(";", 1)[0].strip().lower()

    def body_allowed(self) -> bool:
        return self.status not in NO_BODY and self.method != b"HEAD"


def conf_of(w, req: Request):
    """The settings a request runs under: its location's, else its server's
    (before routing), else the http level's (a timer has neither)."""
    if req.loc is not None:
        return req.loc.conf
    if req.server is not None:
        return req.server.conf
    if w.http is not None:
        return w.http.conf
    # no http block (resty -e): the defaults; imported here, as the config
    # package imports this module on its way (gateway.variables)
    from .config.model import DEFAULTS
    return DEFAULTS
