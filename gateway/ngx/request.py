"""ngx.req.*: the request line, headers, URI arguments and body."""
from __future__ import annotations

import asyncio

from luavm.runtime import tostring
from luavm.auxlib import arg_error, check_str, lua_error
from luavm.value import Multi, Table, type_name

from .. import body, threads
from ..request import BodyRejected
from . import base, escape
from .base import ANY_REQUEST, request_for
from .response import DEFAULT_MAX, check_max, header_value, headers_table

BODY = base.REWRITE | base.ACCESS | base.CONTENT
SET_HEADER = (base.SET | base.REWRITE | base.ACCESS | base.CONTENT | base.HEADER_FILTER
              | base.BODY_FILTER)

# ngx.HTTP_GET ... as lua-nginx-module numbers the methods.
METHODS = {
    b"GET": 2, b"HEAD": 4, b"POST": 8, b"PUT": 16, b"DELETE": 32, b"MKCOL": 64, b"COPY": 128,
    b"MOVE": 256, b"OPTIONS": 512, b"PROPFIND": 1024, b"PROPPATCH": 2048, b"LOCK": 4096,
    b"UNLOCK": 8192, b"PATCH": 16384, b"TRACE": 32768,
}
METHOD_NAMES = {n: name for name, n in METHODS.items()}


def install(ngx: Table, w) -> None:
    req_t = Table()

    def get_method(*_):
        return request_for(w, ANY_REQUEST).method

    def set_method(method=None, *_):
        req = request_for(w, base.SET | base.REWRITE | base.ACCESS | base.CONTENT)
        if type(method) is not float:
            raise arg_error(1, "set_method", f"number expected, got {type_name(method)}")
        name = METHOD_NAMES.get(int(method))
        if name is None:
            raise lua_error(f"unsupported HTTP method: {int(method)}")
        req.keep_received()
        req.method = name

    def http_version(*_):
        version = request_for(w, ANY_REQUEST).version
        return float(version) if version in (b"1.0", b"1.1", b"2.0") else 0.9

    def raw_header(no_request_line=None, *_):
        raw = request_for(w, ANY_REQUEST).raw_header()
        if no_request_line:
            return raw.split(b"\r\n", 1)[1]
        return raw

    def start_time(*_):
        return request_for(w, ANY_REQUEST).start_time

    def is_internal(*_):
        return request_for(w, ANY_REQUEST).internal

    # -- headers ------------------------------------------------------------------------
    def get_headers(max_headers=None, raw=None, *_):
        # Hot path: check_max's default, inline
        req = request_for(w, ANY_REQUEST)
        limit = DEFAULT_MAX if max_headers is None else check_max(max_headers, 1, "get_headers")
        return headers_table(req.headers, limit, raw)

    def set_header(name=None, value=None, *_):
        # Hot path (a gateway's header edits in rewrite_by_lua): no
        # check_str or header_value call for a string name and a string
        # value or nil
        req = request_for(w, SET_HEADER)
        key = name if type(name) is bytes else check_str(name, 1, "set_header")
        lower = key.replace(b"_", b"-").lower()
        req.keep_received()
        new = value if value is None or type(value) is bytes else header_value(value, key)
        # Hot path (a gateway's usual header edits): a copy without the old
        # values, where a name of another length is not lower-cased
        size = len(lower)
        headers = [h for h in req.headers if len(h[0]) != size or h[0].lower() != lower]
        if type(new) is bytes:
            headers.append((key, new))
        elif new is not None:
            headers += [(key, v) for v in new]
        req.headers = headers
        if lower == b"host" and new is not None:
            req.host = new if isinstance(new, bytes) else new[-1]

    def clear_header(name=None, *_):
        return set_header(name, None)

    # -- URI and arguments ------------------------------------------------------------------
    def get_uri_args(max_args=None, *_):
        req = request_for(w, ANY_REQUEST)
        args, truncated = escape.decode_args(req.args or b"", check_max(max_args, 1, "get_uri_args"))
        return Multi((args, b"truncated")) if truncated else args

    def set_uri_args(args=None, *_):
        req = request_for(w, base.SET | base.REWRITE | base.ACCESS | base.CONTENT)
        if type(args) is bytes:
            req.args = args
        elif type(args) is float:
            req.args = tostring(args)
        elif args.__class__ is Table:
            req.args = escape.encode_args(args)
        else:
            raise arg_error(1, "set_uri_args", f"string, number, or table expected, but got "
                                               f"{type_name(args)}")

    def set_uri(uri=None, jump=None, *_):
        req = request_for(w, base.SET | base.REWRITE | base.ACCESS | base.CONTENT)
        target = check_str(uri, 1, "set_uri")
        if not target:
            raise arg_error(1, "set_uri", "attempt to use zero-length uri")
        if jump:
            if req.phase != base.REWRITE:
                raise lua_error("API disabled in the context of " + base.CONTEXT_NAMES[req.phase])
            raise base.Exec(target, req.args)
        req.uri = target

    # -- the body -----------------------------------------------------------------------------
    def read_body(*_):
        req = request_for(w, BODY)
        read_whole_body(w, req)

    def discard_body(*_):
        req = request_for(w, BODY)
        req.body_discarded = True
        body.replace(req, b"")
        req.conn.resume_body()

    def get_body_data(*_):
        req = request_for(w, ANY_REQUEST)
        if not req.body_read or not req.body or req.body_file is not None:
            return None         # nil too when the body went to a file, as in nginx
        return bytes(req.body)

    def get_body_file(*_):
        req = request_for(w, ANY_REQUEST)
        name = body.in_file(req)
        return name.encode() if name is not None else None

    def set_body_data(data=None, *_):
        req = request_for(w, BODY)
        if not req.body_read:
            raise lua_error("request body not read yet")
        body.replace(req, check_str(data, 1, "set_body_data"))
        req.keep_received()
        req.headers = [(n, v) for n, v in req.headers if n.lower() != b"content-length"]
        req.headers.append((b"Content-Length", b"%d" % len(req.body)))

    def get_post_args(max_args=None, *_):
        req = request_for(w, BODY)
        if not req.body_read:
            raise lua_error("no request body found; maybe you should turn on "
                            "lua_need_request_body?")
        if req.body_file is not None:
            return Multi((None, b"request body in temp file not supported"))
        args, truncated = escape.decode_args(bytes(req.body), check_max(max_args, 1, "get_post_args"))
        return Multi((args, b"truncated")) if truncated else args

    for name, fn in (
        ("get_method", get_method), ("set_method", set_method), ("http_version", http_version),
        ("raw_header", raw_header), ("start_time", start_time), ("is_internal", is_internal),
        ("get_headers", get_headers), ("set_header", set_header), ("clear_header", clear_header),
        ("get_uri_args", get_uri_args), ("set_uri_args", set_uri_args), ("set_uri", set_uri),
        ("read_body", read_body), ("discard_body", discard_body), ("get_body_data", get_body_data),
        ("get_body_file", get_body_file), ("set_body_data", set_body_data),
        ("get_post_args", get_post_args),
    ):
        req_t[name.encode()] = fn
    ngx[b"req"] = req_t
    for name, n in METHODS.items():
        ngx[b"HTTP_" + name] = float(n)


def read_whole_body(w, req) -> None:
    """Wait until the whole request body is here (nginx's read client body);
    Expect: 100-continue is answered first. Raises Exit(413/408/400)."""
    req.body_read = True
    body.want_whole(req)
    if req.body_done or not req.has_body():
        req.body_done = True
        return
    answer_expect(req)
    if not threads.in_thread():
        raise lua_error("no request body reader here")
    req.body_waiter = asyncio.get_running_loop().create_future()
    try:
        threads.wait(req.body_waiter)
    except TimeoutError:
        req.keep_alive = False
        raise base.Exit(408) from None
    except ConnectionError:
        req.keep_alive = False
        raise base.Exit(499) from None
    except BodyRejected as exc:
        req.keep_alive = False
        raise base.Exit(exc.status) from None
    finally:
        req.body_waiter = None


def answer_expect(req) -> None:
    """`Expect: 100-continue`: tell the client to send its body."""
    expect = req.header(b"expect")
    if expect is not None and expect.lower() == b"100-continue" and req.version == b"1.1":
        req.conn.write(b"HTTP/1.1 100 Continue\r\n\r\n")
