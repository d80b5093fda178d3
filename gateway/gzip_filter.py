"""nginx's gzip filter: responses compressed for the clients that accept it.

The header filter (gateway.output.send_header calls `start` last, after
header_filter_by_lua) decides as nginx's ngx_http_gzip_header_filter and
ngx_http_gzip_ok do: gzip on; a 200, 403 or 404; no Content-Encoding yet;
a Content-Length, when the response has one, of at least gzip_min_length;
a type among gzip_types; not a HEAD; a main request; `gzip` among the
request's Accept-Encoding (q not 0); HTTP/1.1 or gzip_http_version; a
request with Via only as gzip_proxied allows; a User-Agent gzip_disable
does not match. Then the response gets Content-Encoding: gzip, loses its
Content-Length and Accept-Ranges, and its ETag turns weak; gzip_vary adds
`Vary: Accept-Encoding` to every response the first conditions let
through, compressed or not.

The body is deflated as it is written (gateway.output.write_out): a flush
ends a deflate block (Z_SYNC_FLUSH), so the client can read what came.
"""
from __future__ import annotations

import re
import zlib

from .config.model import LocConf
from .request import Request

STATUSES = frozenset({200, 403, 404})
_Q_ZERO = re.compile(rb"\s*q\s*=\s*0(?:\.0{0,3})?\s*(?:$|,)")


class Deflate:
    """A response's deflate stream, and what went in and came out ($gzip_ratio)."""

    def __init__(self, level: int) -> None:
        self.z = zlib.compressobj(level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        self.size_in = 0
        self.size_out = 0

    def deflate(self, data: bytes, last: bool) -> bytes:
        self.size_in += len(data)
        out = self.z.compress(data) + self.z.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
        self.size_out += len(out)
        return out

    def ratio(self) -> bytes:
        """zin/zout as nginx prints it: two decimals, rounded."""
        if not self.size_out:
            return b""
        return b"%.2f" % (self.size_in / self.size_out)


def start(req: Request, conf: LocConf) -> None:
    """At the end of the header filters: compress this response, or not."""
    headers = req.out_headers
    if req.status not in STATUSES or req.method == b"HEAD" or req.parent is not None:
        return
    encoding = headers.get(b"content-encoding")
    if encoding is not None and encoding[1]:
        return
    length = headers.value(b"content-length")
    if length is not None and _int(length) < conf.gzip_min_length:
        return
    mime = req.response_type()
    if mime not in conf.gzip_types and "*" not in conf.gzip_types:
        return
    if conf.gzip_vary:
        vary(headers)
    if not accepted(req, conf):
        return
    headers.set(b"Content-Encoding", b"gzip")
    headers.set(b"Content-Length", None)
    headers.set(b"Accept-Ranges", None)
    headers.weaken_etag()
    req.gzip = Deflate(conf.gzip_comp_level)


def vary(headers) -> None:
    """`Vary: Accept-Encoding`, once (gzip_vary)."""
    value = headers.value(b"vary")
    if value != b"Accept-Encoding" and not (value.__class__ is list and b"Accept-Encoding" in value):
        headers.add(b"Vary", b"Accept-Encoding")


def _int(value) -> int:
    text = value[-1] if value.__class__ is list else value
    return int(text) if text.isdigit() else -1


def accepted(req: Request, conf: LocConf) -> bool:
    """ngx_http_gzip_ok: the client takes gzip, and the conf lets this
    request have it."""
    ae = req.header(b"accept-encoding")
    if ae is None or not _names_gzip(ae.lower()):
        return False
    if req.version < conf.gzip_http_version:
        return False
    if req.header(b"via") is not None and not _proxied_ok(req, conf.gzip_proxied):
        return False
    agent = req.header(b"user-agent")
    if agent is not None and conf.gzip_disable:
        text = agent.decode("latin-1")
        if any(regex.search(text) for regex in conf.gzip_disable):
            return False
    return True


def _names_gzip(ae: bytes) -> bool:
    """`gzip` as a token of Accept-Encoding, with a q other than 0."""
    at = 0
    while True:
        at = ae.find(b"gzip", at)
        if at < 0:
            return False
        end = at + 4
        if (at == 0 or ae[at - 1] in b", ") and (end == len(ae) or ae[end] in b",; "):
            rest = ae[end:].lstrip(b" ")
            return not (rest.startswith(b";") and _Q_ZERO.match(rest[1:]))
        at = end


def _proxied_ok(req: Request, allowed: frozenset[str]) -> bool:
    """gzip_proxied for a request that came through a proxy (Via)."""
    if "any" in allowed:
        return True
    headers = req.out_headers
    cache = headers.get(b"cache-control")
    cache_text = (b",".join(cache[1]) if cache[1].__class__ is list else cache[1]).lower() \
        if cache is not None else b""
    return (("expired" in allowed and headers.get(b"expires") is not None)
            or ("no-cache" in allowed and b"no-cache" in cache_text)
            or ("no-store" in allowed and b"no-store" in cache_text)
            or ("private" in allowed and b"private" in cache_text)
            or ("no_last_modified" in allowed and headers.get(b"last-modified") is None)
            or ("no_etag" in allowed and headers.get(b"etag") is None)
            or ("auth" in allowed and req.header(b"authorization") is not None))
