"""The variables a conf uses must exist, as nginx checks once the whole conf
is read: `unknown "foo" variable` otherwise (a typo would else render as an
empty string at every request).

A variable exists when nginx defines it ($uri, $http_x, $arg_y ...), when a
`set` or set_by_lua anywhere declares it, or when a regex of the conf
(location, rewrite, server_name) has a named capture of that name.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..variables import is_known
from .model import Http, ScriptOp, Server, every_location
from .regex import compile_conf_regex
from .tree import ConfError

_VAR = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


def check(http: Http) -> None:
    """Raise ConfError for the first unknown variable the conf uses (names
    are case-insensitive, as nginx's)."""
    declared = set(_declared(http))
    for text in _values(http):
        for m in _VAR.finditer(text):
            name = m.group(1) or m.group(2)
            if not is_known(name.lower().encode(), declared):
                raise ConfError(f'unknown "{name}" variable')


def _declared(http: Http) -> Iterator[bytes]:
    yield from http.maps
    for m in http.maps.values():
        for regex, _ in m.regexes if m.kind == "map" else ():
            yield from (n.encode() for n in regex.groupindex)
    for srv in http.servers:
        for name in srv.server_names:
            if name.startswith("~"):
                yield from _named_groups(name[1:])
        yield from _script_names(srv.script)
        yield from (name for name, _ in srv.conf.auth_request_set)
        for loc in every_location(srv.locations):
            if loc.regex is not None:
                yield from (n.encode() for n in loc.regex.groupindex)
            yield from _script_names(loc.script)
            yield from (name for name, _ in loc.conf.auth_request_set)


def _script_names(script: list[ScriptOp]) -> Iterator[bytes]:
    for op in script:
        if op.kind in ("set", "set_by_lua"):
            yield op.args[0].lower().encode()
        elif op.regex is not None:
            yield from (n.encode() for n in op.regex.groupindex)
        yield from _script_names(op.script)         # an `if`'s body


def _named_groups(pattern: str) -> Iterator[bytes]:
    try:
        yield from (n.encode() for n in compile_conf_regex(pattern).groupindex)
    except re.error:
        return


def _values(http: Http) -> Iterator[str]:
    """Every conf value that is rendered with variables."""
    yield from http.log_formats.values()
    for m in http.maps.values():
        if m.source is not None:
            yield m.source      # geo's and split_clients' values are plain text
        if m.kind == "map":
            yield m.default
            yield from m.exact.values()
            yield from (value for _, value in m.regexes + m.head + m.tail)
    for up in http.upstreams.values():
        if up.hash_key:
            yield up.hash_key
    for srv in http.servers:
        yield from _server_values(srv)


def _server_values(srv: Server) -> Iterator[str]:
    yield from _script_values(srv.script)
    for loc in every_location(srv.locations):
        yield from _script_values(loc.script)
        conf = loc.conf
        yield from (value for _, value in conf.proxy_set_header or ())
        yield from (value for _, value, _ in conf.add_header or ())
        yield from (value for _, value in conf.sub_filter or ())
        for more in (conf.more_headers or []) + (conf.more_input_headers or []):
            yield from (header.value for header in more.headers)
        yield from (uri for uri, _ in (conf.error_page or {}).values())
        if loc.proxy_pass is not None and loc.proxy_pass.template is not None:
            yield loc.proxy_pass.template


def _script_values(script: list[ScriptOp]) -> Iterator[str]:
    for op in script:
        if op.kind == "set":
            yield op.args[1]
        elif op.kind in ("rewrite", "return"):
            yield from op.args[1:] if op.kind == "rewrite" else op.args
        elif op.kind == "set_by_lua" and op.lua is not None:
            yield from op.lua.args
        elif op.kind == "if":
            # the condition's variable, and the string or path it is held to
            # (a regex is not rendered)
            yield from op.args if op.regex is None else op.args[:1]
            yield from _script_values(op.script)
