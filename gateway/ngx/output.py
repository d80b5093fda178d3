"""ngx.say, ngx.print, ngx.flush, ngx.eof, and the control flow calls
ngx.exit, ngx.exec and ngx.redirect (lua-nginx-module's output and control).
"""
from __future__ import annotations

from luavm.auxlib import arg_error, check_str, lua_error
from luavm.runtime import tostring
from luavm.value import Multi, Table, fmt_number, type_name

from .. import output, threads
from . import base, escape
from .base import OUTPUT, request_for

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# What ngx.exit still does after the headers went out (others end the response as it is).
KEEP_AFTER_HEADER = frozenset({408, 444, 499})
# The ngx.exit statuses that end a request without an answer: allowed even
# while subrequests are pending.
ABORTS = KEEP_AFTER_HEADER | {base.ERROR}
# What the output calls return after the response ended, or once a
# header or body filter died (the chunk was not sent: gateway.output.filter_failed)
SEEN_EOF = Multi((None, b"seen eof"))
FILTER_FAILED = Multi((None, b"nginx output filter error"))


def _ended(req) -> Multi:
    """What an output call returns once the response has ended."""
    return FILTER_FAILED if req.output_failed else SEEN_EOF


def install(ngx: Table, w) -> None:
    null = ngx[b"null"]

    # ngx.say and ngx.print: the Lua functions themselves; their body is
    # write, a module function, so that compiled it takes its Request typed
    def say(*args):
        return write(w, True, args, null)

    def print_(*args):
        return write(w, False, args, null)

    def flush(wait=None, *_):
        req = request_for(w, OUTPUT)
        if req.eof:
            return _ended(req)
        output.flush(w, req)
        if req.output_failed:
            return FILTER_FAILED
        if wait and threads.in_thread() and req.parent is None:    # a subrequest's stays here
            threads.wait(req.conn.drain())
        return 1.0

    def send_headers(*_):
        req = request_for(w, base.REWRITE | base.ACCESS | base.CONTENT)
        if not req.header_sent:
            output.send_header(w, req)
        return FILTER_FAILED if req.output_failed else 1.0

    def eof(*_):
        req = request_for(w, OUTPUT)
        if req.eof:
            return _ended(req)
        output.finish(w, req)
        return FILTER_FAILED if req.output_failed else 1.0

    def exit_(status=None, *_):
        req = request_for(w, base.REWRITE | base.ACCESS | base.CONTENT | base.TIMER
                          | base.HEADER_FILTER)
        if type(status) is not float:
            raise arg_error(1, "exit", f"number expected, got {type_name(status)}")
        code = int(status)
        if code not in ABORTS:
            check_no_pending(req)
        if req.header_sent and code >= 300 and code not in KEEP_AFTER_HEADER \
                and req.phase != base.HEADER_FILTER:
            # too late for an error status: the response ends as it is
            if code != req.status:
                w.error_log.log(4, f"attempt to set status {code} via ngx.exit after sending "
                                   "out the response status " + str(req.status), req.number,
                                w.log_context(req))
            code = 200
        raise base.Exit(code)

    def exec_(uri=None, args=None, *_):
        req = request_for(w, base.REWRITE | base.ACCESS | base.CONTENT)
        target = check_str(uri, 1, "exec")
        if not target:
            raise lua_error("The uri argument is empty")
        check_no_pending(req)
        if req.header_sent:
            raise lua_error("attempt to call ngx.exec after sending out response headers")
        path, q, query = target.partition(b"?")
        query_args = query if q else None
        if args is not None:
            extra = _args_text(args)
            query_args = (query_args + b"&" + extra) if query_args else extra
        raise base.Exec(path, query_args)

    def redirect(uri=None, status=None, *_):
        req = request_for(w, base.REWRITE | base.ACCESS | base.CONTENT)
        target = check_str(uri, 1, "redirect")
        code = 302 if status is None else int(status) if type(status) is float else -1
        if code not in REDIRECT_STATUSES:
            raise lua_error("only ngx.HTTP_MOVED_TEMPORARILY, ngx.HTTP_MOVED_PERMANENTLY, "
                            "ngx.HTTP_PERMANENT_REDIRECT, ngx.HTTP_SEE_OTHER, and "
                            "ngx.HTTP_TEMPORARY_REDIRECT are allowed")
        check_no_pending(req)
        if req.header_sent:
            raise lua_error("attempt to call ngx.redirect after sending out the headers")
        req.out_headers.set(b"Location", target)
        raise base.Exit(code)

    ngx[b"say"] = say
    ngx[b"print"] = print_
    ngx[b"flush"] = flush
    ngx[b"send_headers"] = send_headers
    ngx[b"eof"] = eof
    ngx[b"exit"] = exit_
    ngx[b"exec"] = exec_
    ngx[b"redirect"] = redirect


def write(w, newline: bool, args: tuple, null) -> float | Multi:
    """ngx.say (newline) or ngx.print.

    Hot path: arguments that are all strings go as they are, and where no
    filter runs (a plain location) they join the held body here
    (output.send_header and emit, inline) as pieces: write_out joins the
    whole body once."""
    req = request_for(w, OUTPUT)
    if req.eof:
        return _ended(req)
    for v in args:
        if type(v) is not bytes:
            args = (flatten_args("say" if newline else "print", args, null),)
            break
    loc = req.loc
    if loc is not None and loc.plain_output:
        if not req.header_sent:
            req.header_sent = req.header_filtered = True
            if req.status == 0:
                req.status = 200
        out = req.out
        out += args
        if newline:
            out.append(b"\n")
    else:
        data = b"".join(args)
        output.emit(w, req, data + b"\n" if newline else data)
        if req.output_failed:
            return FILTER_FAILED
    return 1.0


def flatten_args(fname: str, args: tuple, null) -> bytes:
    """ngx.say/print's arguments as one string.

    Hot path: handlers print counts and sizes, and nil (a variable the
    request lacks) often, so strings, numbers, nil and booleans make the
    text in one pass with no call per piece but number_text's; anything
    else (ngx.null, an array table, a bad value) leaves a None in the
    list, join refuses it, and the loop below does it all."""
    try:
        return b"".join([v if type(v) is bytes
                         else number_text(v) if type(v) is float
                         else b"nil" if v is None
                         else b"true" if v is True
                         else b"false" if v is False
                         else None
                         for v in args])
    except TypeError:
        pass
    out: list[bytes] = []
    for n, v in enumerate(args, 1):
        _flatten(v, out, fname, n, null)
    return b"".join(out)


def _flatten(v, out: list, fname: str, n: int, null) -> None:
    cls = v.__class__       # a Table subclass of lua_tables says Table
    if cls is bytes:
        out.append(v)
    elif cls is float:
        out.append(number_text(v))
    elif v is None:
        out.append(b"nil")
    elif v is True or v is False:
        out.append(b"true" if v else b"false")
    elif v is null:
        out.append(b"null")
    elif cls is Table:
        _flatten_table(v, out, fname, n, null)
    else:
        raise arg_error(n, fname, "string, number, boolean, nil, ngx.null, or array table "
                                  f"expected, but got {type_name(v)}")


def _flatten_table(t: Table, out: list, fname: str, n: int, null) -> None:
    size = 0
    for k in t:
        if type(k) is not float or k < 1 or not k.is_integer():
            raise arg_error(n, fname, "non-array table found")
        size = max(size, int(k))
    for i in range(1, size + 1):
        item = t.get(float(i))
        if item.__class__ is Table:
            _flatten_table(item, out, fname, n, null)
        elif item is None or type(item) in (bytes, float, bool) or item is null:
            _flatten(item, out, fname, n, null)
        else:
            raise arg_error(n, fname, f"bad data type {type_name(item)} found")


def check_no_pending(req) -> None:
    """Nothing but an abort (ABORTS) may end a request while any of its
    threads waits for subrequests (lua-nginx-module's no_abort)."""
    if req.capturing:
        raise lua_error("attempt to abort with pending subrequests")


# Counts and sizes are the numbers handlers print most: their text, made
# once (a lookup costs half of formatting; -0.0 finds 0.0's "0").
_INT_TEXT = {float(i): b"%d" % i for i in range(1024)}


def number_text(v: float) -> bytes:
    """A number as ngx.print writes it (ngx_http_lua_write_num): values that
    are an int32 in %d, so -0 is "0"; others in %.14g, as tostring does."""
    text = _INT_TEXT.get(v)
    if text is not None:
        return text
    if v.is_integer() and -2.0**31 <= v < 2.0**31:
        return b"%d" % int(v)
    return fmt_number(v)


def _args_text(args) -> bytes:
    """ngx.exec's args: a query string, or a table as ngx.encode_args makes it."""
    if type(args) is bytes:
        return args
    if type(args) is float:
        return tostring(args)
    if args.__class__ is Table:
        return escape.encode_args(args)
    raise arg_error(2, "exec", "string, number, or table expected, but got " + type_name(args))
