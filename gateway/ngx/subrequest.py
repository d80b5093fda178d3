"""ngx.location.capture and ngx.location.capture_multi (lua-nginx-module's
subrequest API): the queries and their options, checked in lua-nginx-module's
order and worded as it words its errors, and the results as Lua tables
(status, header, body, truncated). The subrequests themselves run in
gateway.subrequest.

Each query is checked and its subrequest made before the next query is
looked at, as lua-nginx-module does; none runs before all are made, so a
bad query leaves nothing behind.
"""
from __future__ import annotations

import math
import re
from urllib.parse import unquote_to_bytes

from luavm.auxlib import arg_error, lua_error, type_error
from luavm.runtime import table_list
from luavm.value import Multi, Table, fmt_number, type_name

from .. import subrequest
from ..subrequest import AdjustError, Subrequest
from . import base, escape
from .base import request_for
from .request import METHOD_NAMES, METHODS

CAPTURE = base.REWRITE | base.ACCESS | base.CONTENT
LOG_ERR = 4
# A ".." segment: an unsafe URI (nginx's ngx_http_parse_unsafe_uri).
_CLIMB = re.compile(rb"(?:^|/)\.\.(?:/|$)")


class Options:
    """One query's options, as lua-nginx-module reads them."""
    __slots__ = ("args", "vars", "share_all_vars", "copy_all_vars", "always_forward_body",
                 "method", "ctx", "body")

    def __init__(self) -> None:
        self.args: bytes | None = None
        self.vars: list[tuple[bytes, bytes]] = []
        self.share_all_vars = False
        self.copy_all_vars = False
        self.always_forward_body = False
        self.method = METHODS[b"GET"]
        self.ctx: Table | None = None
        self.body: bytes | None = None


def install(ngx: Table, w) -> None:
    def capture(*args):
        n = len(args)
        if n != 1 and n != 2:
            raise lua_error("expecting one or two arguments")
        uri, opts = args[0], args[1] if n == 2 else None
        # the length of the Lua array {uri, opts} that capture_multi gets
        size = 2 if opts is not None else 1 if uri is not None else 0
        return _capture(w, [(size, uri, opts)])[0]

    def capture_multi(*args):
        if len(args) != 1:
            raise lua_error(f"only one argument is expected, but got {len(args)}")
        queries = args[0]
        if queries.__class__ is not Table:
            raise type_error(1, "capture_multi", "table", queries)
        n = queries.length()
        if n == 0:
            raise lua_error("at least one subrequest should be specified")
        items = []
        for i in range(n):
            query = queries.get(float(i + 1))
            if query.__class__ is not Table:
                raise lua_error(f"the query argument {i} is not a table, but a {type_name(query)}")
            items.append((query.length(), query.get(1.0), query.get(2.0)))
        return Multi(tuple(_capture(w, items)))

    location = Table()
    location[b"capture"] = capture
    location[b"capture_multi"] = capture_multi
    ngx[b"location"] = location


def _capture(w, items: list[tuple[int, object, object]]) -> list[Table]:
    """Make the subrequests of the queries (size of the query, uri, options),
    run them, and return their results."""
    parent = request_for(w, CAPTURE)
    subs = [_subrequest(w, parent, i, *item) for i, item in enumerate(items)]
    subrequest.run(w, parent, subs)
    return [_result(w, sr) for sr in subs]


def _subrequest(w, parent, index: int, size: int, uri, opts) -> Subrequest:
    if size != 1 and size != 2:
        raise lua_error(f"query argument {index} expecting one or two arguments")
    if size == 1:
        options = Options()
    elif opts.__class__ is Table:
        options = _options(opts)
    else:
        raise lua_error(f"expecting table as the 2nd argument for subrequest {index}, "
                        f"but got {type_name(opts)}")
    if uri.__class__ is float:
        uri = fmt_number(uri)
    elif uri.__class__ is not bytes:
        raise arg_error(3, "?", f"string expected, got {type_name(uri)}")
    path, args = _split_uri(uri)
    if options.args:
        args = args + b"&" + options.args if args else options.args
    if subrequest.depth(parent) > subrequest.MAX_DEPTH:
        w.error_log.log(LOG_ERR, f'lua subrequests cycle while processing "{path.decode("latin-1")}"',
                        parent.number, w.log_context(parent))
        raise lua_error("failed to issue subrequest: -1")
    try:
        return _make(w, parent, path, args, options)
    except AdjustError as exc:
        raise lua_error(f"failed to adjust the subrequest: {exc.code}") from None


def _make(w, parent, path: bytes, args: bytes | None, options: Options) -> Subrequest:
    method = METHOD_NAMES.get(options.method)
    if method is None:
        subrequest.adjust_failed(w, parent, f"unsupported HTTP method: {options.method}", base.ERROR)
    sr = Subrequest(parent, path, args, method)
    subrequest.set_body(sr, parent, options.body, options.always_forward_body)
    if options.share_all_vars:
        sr.vars = parent.writable_vars()
    elif options.copy_all_vars:
        sr.vars = dict(parent.vars)
    subrequest.set_vars(w, parent, sr, options.vars)
    sr.ctx = options.ctx
    return sr


def _split_uri(uri: bytes) -> tuple[bytes, bytes | None]:
    """The path (%XX decoded) and the query string of a capture's URI; a
    Lua error for an unsafe one: empty, climbing with "..", or with a NUL."""
    path, q, args = uri.partition(b"?")
    if path.find(b"%") >= 0:
        path = unquote_to_bytes(path)
    if not path or _CLIMB.search(path) or path.find(b"\0") >= 0:
        shown = uri.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
        raise lua_error(f"unsafe uri in argument #1: {shown}")
    return path, args if q else None


def _options(opts: Table) -> Options:
    """A query's options table, read in lua-nginx-module's order."""
    o = Options()
    args = opts.get(b"args")
    if args.__class__ is Table:
        o.args = escape.encode_args(args)
    elif args.__class__ is bytes or args.__class__ is float:
        o.args = _text(args)
    elif args is not None:
        raise lua_error("Bad args option value")
    variables = opts.get(b"vars")
    if variables.__class__ is Table:
        o.vars = _vars(variables)
    elif variables is not None:
        raise lua_error("Bad vars option value")
    o.share_all_vars = _flag(opts, b"share_all_vars")
    o.copy_all_vars = _flag(opts, b"copy_all_vars")
    o.always_forward_body = opts.get(b"always_forward_body") not in (None, False)
    method = opts.get(b"method")
    if method.__class__ is float:
        o.method = int(method) if math.isfinite(method) else -1     # no method has that number
    elif method is not None:
        raise lua_error("Bad http request method")
    ctx = opts.get(b"ctx")
    if ctx.__class__ is Table:
        o.ctx = ctx
    elif ctx is not None:
        raise lua_error(f"Bad ctx option value type {type_name(ctx)}, expected a Lua table")
    body = opts.get(b"body")
    if body.__class__ is bytes or body.__class__ is float:
        o.body = _text(body)
    elif body is not None:
        raise lua_error("Bad http request body")
    return o


def _vars(t: Table) -> list[tuple[bytes, bytes]]:
    pairs = []
    for name, value in dict.items(t):
        if name.__class__ is not bytes:
            raise lua_error('attempt to use a non-string key in the "vars" option table')
        if value.__class__ is not bytes and value.__class__ is not float:
            raise lua_error(f"attempt to use bad variable value type {type_name(value)}")
        pairs.append((name, _text(value)))
    return pairs


def _flag(opts: Table, name: bytes) -> bool:
    value = opts.get(name)
    if value is None or value is True or value is False:
        return bool(value)
    raise lua_error(f"Bad {name.decode()} option value")


def _text(v: bytes | float) -> bytes:
    return v if v.__class__ is bytes else fmt_number(v)


def _result(w, sr: Subrequest) -> Table:
    res = Table()
    res[b"status"] = float(sr.outcome)
    res[b"truncated"] = sr.truncated()
    res[b"body"] = sr.captured_body()
    res[b"header"] = _headers(w, sr)
    return res


def _headers(w, sr: Subrequest) -> Table:
    """res.header: each response header under the name it was set with, a
    repeated one as an array; Content-Type always so named, and the
    location's default_type when none was set (nginx's content type)."""
    headers = Table()
    for key, (name, value) in sr.out_headers.items():
        if value is None:
            continue        # cleared (ResponseHeaders.hide)
        if key == b"content-type":
            headers[b"Content-Type"] = value[-1] if value.__class__ is list else value
        elif value.__class__ is list:
            headers[name] = table_list(tuple(value))
        else:
            headers[name] = value
    if b"Content-Type" not in headers and sr.outcome != 304:
        conf = sr.loc.conf if sr.loc is not None else w.http.conf
        headers[b"Content-Type"] = conf.default_type.encode()
    return headers
