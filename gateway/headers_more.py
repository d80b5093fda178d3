"""headers-more (bundled with OpenResty): more_set_headers and
more_clear_headers edit the response headers as the header filters start,
whatever the status; more_set_input_headers and more_clear_input_headers
edit the request headers at the end of the rewrite phase, after the
rewrite directives and before rewrite_by_lua.

A header set replaces every header of its name (the first keeps its place
and its spelling); an empty value removes them. Unlike a Lua edit it also
reaches what nginx adds itself: Server and Date go away when cleared, and a
cleared Content-Length sends the body chunked.
"""
from __future__ import annotations

from .config.model import MoreHeader, MoreHeaders
from .http import NO_BODY, absolute_location
from .request import Request, ResponseHeaders, conf_of
from .routing import normalise_host


def apply_output(w, req: Request, commands: list[MoreHeaders]) -> None:
    """more_set_headers and more_clear_headers, in the order given."""
    for more in commands:
        if more.statuses and req.status not in more.statuses:
            continue
        if more.types and _response_type(w, req).split(b";", 1)[0] not in more.types:
            continue    # the response's type, without its parameters
        for header in more.headers:
            value = w.template(header.value).render(req) if header.value else b""
            if header.lower == b"location" and value.startswith(b"/"):
                value = absolute_location(req, value)   # nginx's header filter, as for its own
            _set_output(req.out_headers, header, value)


def _response_type(w, req: Request) -> bytes:
    """The Content-Type the response goes out with."""
    value = req.out_headers.value(b"content-type")
    if value is not None:
        return value[-1] if value.__class__ is list else value
    if req.status in NO_BODY:
        return b""
    return conf_of(w, req).default_type.encode("latin-1")


def _set_output(headers: ResponseHeaders, header: MoreHeader, value: bytes) -> None:
    if header.wildcard:
        _set_output_wildcard(headers, header, value)
    elif header.lower == b"content-length" and not value:
        headers.hide(header.name)       # nor the length nginx would send
    elif header.lower == b"content-type":
        headers.set(header.name, value)     # an empty type is none at all
    else:
        old = headers.get(header.lower)
        name = header.name if old is None or old[1] is None else old[0]
        headers.set(name, value or None)


def _set_output_wildcard(headers: ResponseHeaders, header: MoreHeader, value: bytes) -> None:
    """`X-Foo-*`: every header whose name starts so (not Content-Type, which
    nginx keeps apart from the others); the first takes a value, the others
    go. With none there, a value is a header of that very name, `*` and all."""
    matched = [key for key, (_, v) in headers.items()
               if key.startswith(header.lower) and v is not None and key != b"content-type"]
    for key in matched[1 if value else 0:]:
        headers.pop(key)
    if not value:
        return
    if matched:
        name = headers[matched[0]][0]
        headers[matched[0]] = (name, value)
    else:
        headers.set(header.name, value)


def apply_input(w, req: Request, commands: list[MoreHeaders]) -> int:
    """more_set_input_headers and more_clear_input_headers; 0, or 444 (the
    connection closes unanswered, as nginx ends it) for a Host nginx would
    not take."""
    for more in commands:
        if more.types and req.header(b"content-type") not in more.types:
            continue    # the request's type, compared whole
        for header in more.headers:
            value = w.template(header.value).render(req) if header.value else b""
            if header.lower == b"host" and not header.wildcard:
                host = normalise_host(value) if value else ""
                if host is None:
                    w.error_log.log(4, f'more_set_input_headers: invalid host "{value.decode("latin-1")}"',
                                    req.number, w.log_context(req))
                    return 444
                req.host = host.encode("latin-1")
            _set_input(req, header, value, more.replace)
    return 0


def _set_input(req: Request, header: MoreHeader, value: bytes, replace: bool) -> None:
    """The first request header of the name takes the value, the others
    go; a new one goes last unless -r. A wildcard stands for a prefix only
    when clearing (with a value it is a name like any other)."""
    if header.wildcard and not value:
        def matches(lower: bytes) -> bool:
            return lower.startswith(header.lower)
    else:
        wanted = header.name.lower()

        def matches(lower: bytes) -> bool:
            return lower == wanted
    req.keep_received()
    headers: list[tuple[bytes, bytes]] = []
    found = False
    for name, old in req.headers:
        if not matches(name.lower()):
            headers.append((name, old))
        elif value and not found:
            headers.append((name, value))
            found = True
    if value and not found and not replace:
        headers.append((header.name, value))
    req.headers = headers
