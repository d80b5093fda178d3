"""nginx's rewrite module: set, rewrite, return, break, if and set_by_lua,
run in conf order at server level and in a location's rewrite phase
(gateway.phases)."""
from __future__ import annotations

import os
import stat

from . import output
from .flow import Finalize, Redirect
from .http import absolute_location
from .request import Request
from .variables import set_captures

REDIRECTS = frozenset({301, 302, 303, 307, 308})


def run_script(w, req: Request, script) -> bool:
    """set, rewrite, return, break, if and set_by_lua in conf order; True
    when `break` or a `rewrite ... break` ended it (the location is not
    searched again, as nginx's break clears uri_changed)."""
    for op in script:
        kind = op.kind
        if kind == "set":
            req.writable_vars()[op.args[0].encode()] = w.template(op.args[1]).render(req)
        elif kind == "set_by_lua":
            req.writable_vars()[op.args[0].encode()] = w.run_set(req, op.lua)
        elif kind == "rewrite":
            if _rewrite(w, req, op):
                return True
        elif kind == "return":
            _return(w, req, op.args)
        elif kind == "if":
            if _condition(w, req, op):
                if op.location is not None:
                    req.loc = op.location       # the request takes the block's location
                if run_script(w, req, op.script):
                    return True
        elif kind == "break":
            return True
    return False


def _condition(w, req: Request, op) -> bool:
    """An `if`'s condition: a variable neither empty nor "0", = and != of
    strings, ~ ~* !~ !~* (a match sets $1..$9), or a file test."""
    args = op.args
    if len(args) == 2:          # -f -d -e -x, or ! of one
        return _file_test(args[0].lstrip("!"), w.template(args[1]).render(req)) != (args[0][0] == "!")
    value = w.template(args[0]).render(req)
    if len(args) == 1:
        return value != b"" and value != b"0"
    how = args[1]
    if how == "=" or how == "!=":
        return (value == w.template(args[2]).render(req)) == (how == "=")
    m = op.regex.search(value.decode("latin-1"))
    if m is not None and how[0] == "~":
        set_captures(req, m)
    return (m is not None) == (how[0] == "~")


def _file_test(test: str, path: bytes) -> bool:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False
    if test == "-f":
        return stat.S_ISREG(st.st_mode)
    if test == "-d":
        return stat.S_ISDIR(st.st_mode)
    if test == "-x":
        return bool(st.st_mode & stat.S_IXUSR)
    return True             # -e


def _rewrite(w, req: Request, op) -> bool:
    """One `rewrite regex replacement [flag]`; True to stop the script."""
    m = op.regex.search(req.uri.decode("latin-1"))
    if m is None:
        return False
    set_captures(req, m)
    target = w.template(op.args[1]).render(req)
    flag = op.args[2] if len(op.args) > 2 else ""
    if target.startswith((b"http://", b"https://")) or flag in ("redirect", "permanent"):
        # the request's args follow, after the replacement's own; a
        # replacement ending in "?" drops them
        if target.endswith(b"?"):
            target = target[:-1]
        elif req.args:
            target += (b"&" if b"?" in target else b"?") + req.args
        req.out_headers.set(b"Location", absolute_location(req, target))
        raise Finalize(301 if flag == "permanent" else 302)
    path, q, query = target.partition(b"?")
    if q:
        if query:       # "...?a=b" comes before the request's args, "...?" drops them
            req.args = query + (b"&" + req.args if req.args else b"")
        else:
            req.args = None
    req.uri = path
    if flag == "last":
        raise Redirect(path)
    return flag == "break"


def _return(w, req: Request, args: list[str]) -> None:
    if not args[0].isdigit():                       # `return URL`: a 302
        req.out_headers.set(b"Location", absolute_location(req, w.template(args[0]).render(req)))
        raise Finalize(302)
    status = int(args[0])
    if len(args) == 1:
        raise Finalize(status)
    text = w.template(args[1]).render(req)
    if status in REDIRECTS:
        req.out_headers.set(b"Location", absolute_location(req, text))
        raise Finalize(status)
    req.status = status
    output.emit(w, req, text, True)
    raise Finalize(0)
