"""The output chain: header filter, body filter, and the writer.

As in nginx, output "sends the headers" at the first byte of body (or at
the end): from then on the headers are frozen and header_filter_by_lua has
run. The bytes themselves are held until the handler ends or calls
ngx.flush, so a handler that never flushes gets one write with a
Content-Length; after a flush the rest goes out chunked (HTTP/1.1) or
close-delimited (HTTP/1.0).

A subrequest's output goes through the same filters, then stays with it
for its parent to read (gateway.subrequest) instead of going to the socket.

Hot path: send_header and write_out run for every response.
"""
from __future__ import annotations

from . import gzip_filter, headers_more, sub_filter
from .http import NO_BODY, status_line
from .ngx import base
from .ngx.time import http_time
from .config.model import with_charset
from .request import OWN_LINES, Request, conf_of

# add_header applies to these statuses unless `always` is given (nginx).
ADD_HEADER_STATUSES = frozenset({200, 201, 204, 206, 301, 302, 303, 304, 307, 308})


def send_header(w, req: Request) -> None:
    """Freeze the response headers: run the header filters once."""
    if req.header_sent:
        return
    req.header_sent = True
    if req.status == 0:
        req.status = 200
    conf = req.loc.conf if req.loc is not None else w.http.conf
    if not conf.lua_use_default_type and _from_lua(req) and b"content-type" not in req.out_headers:
        req.out_headers.set(b"Content-Type", b"")       # none at all, not default_type
    # nginx's order of header filters: headers-more, Lua, then the headers
    # module's add_header and expires, sub_filter, gzip
    if conf.more_headers:
        headers_more.apply_output(w, req, conf.more_headers)
    if conf.header_filter_by_lua is not None:
        if not w.run_filter(req, conf.header_filter_by_lua, base.HEADER_FILTER):
            filter_failed(req)
    if conf.add_header and req.parent is None:     # nginx adds none to subrequests
        _add_headers(w, req, conf.add_header)
    if conf.expires != "off" and req.status in ADD_HEADER_STATUSES and req.parent is None:
        _expires(w, req, conf.expires)
    if conf.sub_filter:
        sub_filter.start(w, req, conf)
    if conf.gzip:
        gzip_filter.start(req, conf)
    req.header_filtered = True


def _from_lua(req: Request) -> bool:
    """The response is a Lua handler's: output from a Lua phase, or the
    end of a content_by_lua location's."""
    return bool(req.phase & base.OUTPUT) or (req.loc is not None
                                              and req.loc.content_by_lua is not None)


def filter_failed(req: Request) -> None:
    """A header or body filter died of an error: as nginx ends such a
    request, nothing more of the response goes out (what was held is
    dropped) and the connection closes; the log phase still runs."""
    req.output_failed = True
    req.eof = True
    req.out = []
    req.keep_alive = False
    if req.parent is None:          # a subrequest's output only stops
        req.conn.close()


def _add_headers(w, req: Request, items) -> None:
    status_ok = req.status in ADD_HEADER_STATUSES
    for name, template, always in items:
        if status_ok or always:
            value = w.template(template).render(req)
            if value:
                req.out_headers.add(name.encode(), value)


# nginx's `expires max`
MAX_EXPIRES = b"Thu, 31 Dec 2037 23:55:55 GMT"
MAX_AGE = b"max-age=315360000"


def _expires(w, req: Request, expires) -> None:
    """nginx's expires filter: Expires and Cache-Control of the response."""
    headers = req.out_headers
    if expires == "epoch":
        headers.set(b"Expires", b"Thu, 01 Jan 1970 00:00:01 GMT")
        headers.set(b"Cache-Control", b"no-cache")
    elif expires == "max":
        headers.set(b"Expires", MAX_EXPIRES)
        headers.set(b"Cache-Control", MAX_AGE)
    else:
        headers.set(b"Expires", http_time(w.clock.sec + expires))
        headers.set(b"Cache-Control", b"max-age=%d" % expires if expires >= 0 else b"no-cache")


def emit(w, req: Request, data: bytes, last: bool = False) -> None:
    """Body output from a handler (ngx.say/print, a proxied body, a file).

    Hot path: every ngx.say and the end of every response.
    """
    if not req.header_sent:
        send_header(w, req)
    if req.eof:
        return
    loc = req.loc
    conf = loc.conf if loc is not None else w.http.conf
    if conf.body_filter_by_lua is not None:
        filtered = w.run_body_filter(req, conf.body_filter_by_lua, data, last)
        if filtered is None:
            filter_failed(req)
            return
        data, last = filtered
    if data:
        req.out.append(data)
    if last:
        req.eof = True
        write_out(w, req, True)


def flush(w, req: Request) -> None:
    """ngx.flush: what is held goes to the socket now."""
    if not req.header_sent:
        send_header(w, req)
    if not req.eof:
        write_out(w, req, False)


def finish(w, req: Request) -> None:
    """The end of the response body (the `last` buffer).

    Hot path: ends every response; once the headers went out and no body
    filter wants to see the end, it is the write itself (emit, inline).
    """
    if req.eof:
        return
    if req.header_sent:
        loc = req.loc
        if (loc.conf if loc is not None else w.http.conf).body_filter_by_lua is None:
            req.eof = True
            write_out(w, req, True)
            return
    emit(w, req, b"", True)


def write_out(w, req: Request, last: bool) -> None:
    """Write the held body (and the headers, the first time): one
    transport write.

    Hot path: once per response that never flushes. A response with no
    header of the handler's and a known length has a head that only its
    status, type, length and keep-alive tell apart: it is built once per
    second (the Date) and reused (the lookup is inline).
    """
    if req.parent is not None:      # a subrequest's output is captured (gateway.subrequest)
        req.captured(last)
        return
    chunks = req.out
    if chunks:
        req.out = []
        body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    else:
        body = b""
    if req.status in NO_BODY or req.method == b"HEAD":     # not req.body_allowed()
        body = b""
    else:
        if req.sub is not None:
            body = req.sub.feed(body, last)
        if req.gzip is not None:
            body = req.gzip.deflate(body, last)
    size = len(body)
    if not req.flushed:
        req.flushed = True
        if req.out_headers or not last or w.exiting:
            # a body rewritten or compressed goes chunked, as nginx sends it
            known = last and req.gzip is None and req.sub is None
            head = _build_head(w, req, size if known else -1)
        else:
            loc = req.loc
            key = (req.status, (loc.conf if loc is not None else w.http.conf).default_type, size,
                   req.keep_alive)
            head = w.dates.heads.get(key)
            if head is None:
                head = _remember_head(w, req, key, size)
        if req.chunked:
            data = head + _chunk(body, last)
        else:
            data = head + body
        w_size = len(head)
    elif req.chunked:
        data = _chunk(body, last)
        w_size = 0
    else:
        data = body
        w_size = 0
    conn = req.conn
    if not conn.closing:    # bytes for a closed connection were not sent ($body_bytes_sent)
        req.body_bytes_sent += size
        req.bytes_sent += w_size + size
        if data:
            conn.transport.write(data)      # conn.write, inline


def _chunk(body: bytes, last: bool) -> bytes:
    data = b"%x\r\n%b\r\n" % (len(body), body) if body else b""
    return data + b"0\r\n\r\n" if last else data


KEEP_ALIVE = b"Connection: keep-alive\r\n"
CLOSE = b"Connection: close\r\n"
# default_type -> its Content-Type line, built once per value.
_TYPE_LINES: dict[str, bytes] = {}


def _charset(req: Request, content_type: bytes) -> bytes:
    """A type the response set, with the location's `charset` when it is
    one of charset_types and names none yet (nginx's charset filter)."""
    loc = req.loc
    charset = loc.conf.charset if loc is not None else ""
    if not charset or b";" in content_type or (content_type.decode("latin-1")
                                                not in loc.conf.charset_types):
        return content_type
    return with_charset(content_type.decode("latin-1"), charset).encode("latin-1")


def _type_line(default_type: str) -> bytes:
    line = _TYPE_LINES.get(default_type)
    if line is None:
        line = _TYPE_LINES[default_type] = b"Content-Type: " + default_type.encode() + b"\r\n"
    return line


# Past this many distinct heads in one second, stop remembering new ones.
HEADS_MAX = 256


def _remember_head(w, req: Request, key: tuple, length: int) -> bytes:
    """A reusable head (see write_out) built, and kept for the rest of the second."""
    head = _build_head(w, req, length)
    heads = w.dates.heads
    if len(heads) < HEADS_MAX:
        heads[key] = head
    return head


def _build_head(w, req: Request, length: int) -> bytes:
    """The status line and headers, nginx's order: Server, Date,
    Content-Type, Content-Length or Transfer-Encoding, Connection, the rest.
    Sets req.chunked, and clears req.keep_alive where the response must
    end the connection."""
    status = req.status
    items = req.out_headers
    parts = [status_line(status), w.dates.server_date]
    if items:
        ctype = items.get(b"content-type")
        clen = items.get(b"content-length")
    else:
        ctype = clen = None
    if ctype is not None:
        if ctype[1]:            # an empty type is none at all, as in nginx
            parts += [b"Content-Type: ", _charset(req, _one(ctype[1])), b"\r\n"]
    elif status not in NO_BODY:
        parts.append(_type_line(req.loc.conf.default_type if req.loc is not None
                                else w.http.conf.default_type))
    req.chunked = False
    if clen is not None and clen[1] is not None:
        parts += [b"Content-Length: ", _one(clen[1]), b"\r\n"]
    elif status in NO_BODY:
        pass
    elif length >= 0 and clen is None:
        parts.append(b"Content-Length: %d\r\n" % length)
    elif req.version == b"1.1" and conf_of(w, req).chunked_transfer_encoding:
        req.chunked = True
        parts.append(b"Transfer-Encoding: chunked\r\n")
    else:
        req.keep_alive = False      # the body ends when the connection does (HTTP/1.0, or chunked off)
    if w.exiting:
        req.keep_alive = False      # a graceful stop: this is the connection's last answer
    parts.append(KEEP_ALIVE if req.keep_alive else CLOSE)
    if items and _other_headers(items, parts):
        parts[1] = _own_lines(w, items)
    parts.append(b"\r\n")
    return b"".join(parts)


def _own_lines(w, items: dict) -> bytes:
    """Server and Date where the handler set or cleared neither: the
    handler's own go with the other headers, in their place (as nginx)."""
    lines = b"" if b"server" in items else b"Server: moongate\r\n"
    if b"date" not in items:
        lines += b"Date: " + w.dates.http_date + b"\r\n"
    return lines


# Headers _build_head writes itself
IN_HEAD = frozenset({b"content-type", b"content-length", b"connection"})
# The names _other_headers looks at twice (the only ones that may hold None)
SPECIAL = IN_HEAD | OWN_LINES


def _other_headers(items: dict, parts: list[bytes]) -> bool:
    """The headers after Connection, in the order they were set; whether
    the handler set or cleared Server or Date."""
    own = False
    for key, (name, value) in items.items():
        if key in SPECIAL:
            own = own or key in OWN_LINES
            if key in IN_HEAD or value is None:
                continue
        if type(value) is list:
            for v in value:
                parts += [name, b": ", v, b"\r\n"]
        else:
            parts += [name, b": ", value, b"\r\n"]
    return own


def _one(value) -> bytes:
    return value[-1] if type(value) is list else value
