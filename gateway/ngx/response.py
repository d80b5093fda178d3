"""ngx.header.* and ngx.resp.get_headers: the response headers.

`ngx.header.content_type = "text/html"`: names are case-insensitive and
`_` stands for `-`; a table value sets a list; nil clears. Setting a header
after the headers went out logs an error, as lua-nginx-module does, and
changes nothing.
"""
from __future__ import annotations

from luavm.auxlib import arg_error, lua_error
from luavm.runtime import INDEX, NEWINDEX, length, table_list, tostring
from luavm.value import Multi, Table, fmt_number, type_name

from ..lua_tables import new_table, shortcut_class
from .base import ANY_REQUEST, HEADER_FILTER, OUTPUT, SET, request_for

WRITE = OUTPUT | HEADER_FILTER | SET

# Headers that take one value: a table given for them keeps its last element.
SINGLE = frozenset({b"content-type", b"content-length", b"location", b"last-modified",
                    b"etag", b"expires", b"date", b"server", b"content-encoding"})


def header_name(key) -> bytes:
    if type(key) is not bytes:
        key = tostring(key)         # as resty.core does: ngx.header[1] is "1"
    return key.replace(b"_", b"-")


def header_value(v, name: bytes):
    """A Lua value as a header value: bytes, a list of bytes, or None."""
    if type(v) is bytes:      # the usual case first
        return v
    if v is None:
        return None
    if v.__class__ is Table:
        values = [header_value(v[float(i)], name) for i in range(1, int(length(v)) + 1)
                  if v.get(float(i)) is not None]
        if name.lower() in SINGLE:
            return values[-1] if values else None
        return values
    return tostring(v)      # numbers, booleans, and as resty.core: "function: 0x..."


def install(ngx: Table, w) -> None:
    def get(t, key):
        req = request_for(w, ANY_REQUEST)
        value = req.out_headers.value(header_name(key))
        if type(value) is list:
            return table_list(tuple(value))
        return value

    def set_(t, key, value):
        # Hot path (ngx.header.X = "v" in a header filter): no
        # header_value call for a string value
        req = request_for(w, WRITE)
        name = header_name(key)
        if req.header_filtered or (req.header_sent and req.phase != HEADER_FILTER):
            w.error_log.log(4, "attempt to set ngx.header.HEADER after sending out response "
                               "headers", req.number, w.log_context(req))
            return
        if type(value) is not bytes:
            value = header_value(value, name)
        elif not value and name.lower() != b"content-type":
            value = None            # an empty value clears the header, as in nginx
        req.out_headers.set(name, value)

    header = Table()
    header.meta = Table({INDEX: get, NEWINDEX: set_})
    ngx[b"header"] = header

    def get_headers(max_headers=None, raw=None, *_):
        req = request_for(w, ANY_REQUEST)
        return headers_table(req.out_headers.pairs(), check_max(max_headers, 1, "get_headers"),
                             raw)

    resp = ngx.get(b"resp") or Table()
    resp[b"get_headers"] = get_headers
    ngx[b"resp"] = resp


def headers_table(pairs, limit: int, raw) -> Table | Multi:
    """Headers as ngx.req.get_headers and ngx.resp.get_headers return them:
    lower-case names unless raw, repeated names as lists, "truncated" as a
    second result past `limit` (0: no limit). Unless raw, the table also
    answers `h.content_type` and `h["Content-Type"]`."""
    result = Table() if raw else new_table(NormalisedHeaders, NORMALISED)
    truncated = False
    if limit:
        pairs = pairs if type(pairs) is list else list(pairs)
        if len(pairs) > limit:
            pairs, truncated = pairs[:limit], True
    for name, value in pairs:
        key = name if raw else name.lower()
        if key in result:
            _add_value(result, key, value)
        else:
            result[key] = value         # hot path: the first value of a name
    return Multi((result, b"truncated")) if truncated else result


def _normalised_lookup(t: Table, key):
    """The __index of a get_headers table, and (for a table made with it,
    gateway.lua_tables) its __missing__: a name with `_` for `-` and in
    any case, as lua-resty-core's header tables read.

    Hot path: h.user_agent, h["X-Token"], a header the request lacks."""
    if NORMALISED.get(INDEX) is not _normalised_lookup and t.meta is NORMALISED:
        return Table.__missing__(t, key)        # Lua code replaced the shared __index
    if type(key) is not bytes:
        if type(key) is not float:      # string.lower's error, as resty.core's lookup gives
            raise lua_error(f"bad argument #1 to 'lower' (string expected, got {type_name(key)})")
        key = fmt_number(key)
    norm = key.replace(b"_", b"-").lower()
    return t.get(norm)


NORMALISED = Table({INDEX: _normalised_lookup})
NormalisedHeaders = shortcut_class("NormalisedHeaders", _normalised_lookup, NORMALISED)


def _add_value(t: Table, key: bytes, value: bytes) -> None:
    """Repeated names collect their values in a list, in order."""
    old = t.get(key)
    if old is None:
        t[key] = value
    elif old.__class__ is Table:
        old[float(len(old) + 1)] = value
    else:
        t[key] = table_list((old, value))


DEFAULT_MAX = 100      # headers or arguments given by default (lua-nginx-module's)


def check_max(v, n: int, fname: str) -> int:
    """The max_headers / max_args argument: 100 by default, 0 for no limit."""
    if v is None:
        return DEFAULT_MAX
    if type(v) is not float:
        raise arg_error(n, fname, f"number expected, got {type_name(v)}")
    return max(0, int(v))
