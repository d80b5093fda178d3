"""nginx variables: `$uri`, `$arg_x`, `$http_host`, user variables from `set`.

One table of getters, used by ngx.var, by `set`/`rewrite`/`return` values,
by proxy_set_header and by log_format. A getter takes the request and
returns bytes, or None when the variable has no value (ngx.var gives nil).
"""
from __future__ import annotations

import os
import re
import socket
import time
from operator import attrgetter
from typing import Callable

from . import geo
from .auth_basic import basic_credentials
from .request import Request

Getter = Callable[[Request], "bytes | None"]


def _num(n: float | int) -> bytes:
    return str(n).encode()


def _peer(req: Request) -> tuple:
    return req.conn.peer


def _port(port: int) -> bytes:
    return _num(port) if port else b""      # nginx: none for a unix socket's, or realip's without


def _original_peer(req: Request) -> tuple:
    """The connection's own address, though realip replaced it."""
    original = req.main().realip
    return original.peer if original is not None else req.conn.peer


def _remote_user(req: Request) -> bytes | None:
    credentials = basic_credentials(req)
    return None if credentials is None else credentials[0]


def _sock(req: Request) -> tuple:
    return req.conn.sockname


def _request_time(req: Request) -> bytes:
    return b"%.3f" % max(0.0, req.conn.worker.clock.now() - req.start_time)


def _is_args(req: Request) -> bytes:
    return b"?" if req.args is not None else b""


def _content_length(req: Request) -> bytes | None:
    return req.header(b"content-length")


def _request_method(req: Request) -> bytes:
    return req.main().method            # a subrequest's is its main request's, in nginx


def _request_length(req: Request) -> bytes:
    if req.parent is not None:      # a subrequest received nothing itself
        return b"0"
    return _num(len(req.raw_header()) + req.body_size)


def _request_body(req: Request) -> bytes | None:
    if req.body_file is not None:       # nginx gives only $request_body_file then
        return None
    return bytes(req.body) if req.body_read and req.body_done and req.body else None


def _request_body_file(req: Request) -> bytes | None:
    return req.body_file.name.encode() if req.body_file is not None else None


def _msec(req: Request) -> bytes:
    return b"%.3f" % time.time()


def _time_iso8601(req: Request) -> bytes:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z").encode()[:-2] + b":" + \
        time.strftime("%z").encode()[-2:]


def _status(req: Request) -> bytes:
    # an aborted request keeps the status it ended with (444, 499)
    return b"%03d" % req.status if req.header_sent or req.aborted else b"000"


def _tls(req: Request, read) -> bytes | None:
    """A $ssl_* variable: what read() tells of the connection's TLS (empty
    on a plain connection, as nginx has them)."""
    tls = req.conn.tls
    if tls is None:
        return b""
    value = read(tls)
    return None if value is None else value.encode("latin-1")


def _server_name(req: Request) -> bytes:
    return req.server.first_name.encode() if req.server is not None else b""


def _host(req: Request) -> bytes:
    if req.host:
        return req.host
    return _server_name(req)


def _document_root(req: Request) -> bytes | None:
    """The location's root, resolved against the prefix as nginx has it."""
    if req.loc is None:
        return None
    return req.conn.worker.main.path(req.loc.conf.root).encode()


def _proxy_add_x_forwarded_for(req: Request) -> bytes:
    """The client's X-Forwarded-For with its address appended (or the
    address alone), as proxy_set_header X-Forwarded-For commonly says."""
    # a name of another length is passed over without lowering it
    found = [v for n, v in req.headers if len(n) == 15 and n.lower() == b"x-forwarded-for"]
    addr = req.conn.remote_addr
    return b", ".join(found + [addr])


def _request_id(req: Request) -> bytes:
    """16 random bytes in hex, the same for the whole request."""
    if req.id is None:
        req.id = os.urandom(16).hex().encode()
    return req.id


def _request_filename(req: Request) -> bytes | None:
    root = _document_root(req)
    return None if root is None else root + req.uri


def _realpath_root(req: Request) -> bytes | None:
    root = _document_root(req)
    return None if root is None else os.path.realpath(root).encode()


def _proxy_host(req: Request) -> bytes | None:
    pp = req.loc.proxy_pass if req.loc is not None else None
    if pp is None or pp.template is not None:
        return None
    return (pp.host if pp.port in (None, pp.default_port) else f"{pp.host}:{pp.port}").encode()


def _proxy_port(req: Request) -> bytes | None:
    pp = req.loc.proxy_pass if req.loc is not None else None
    return None if pp is None or pp.template is not None else _num(pp.port or pp.default_port)


def _sent_content_type(req: Request) -> bytes | None:
    value = req.out_headers.value(b"content-type")
    return value if isinstance(value, bytes) else None


# The variables that are a field of the request are read by attrgetter: a
# C callable, no Python frame (hot path: ngx.var.uri, $remote_addr).
BUILTIN: dict[bytes, Getter] = {
    b"uri": attrgetter("uri"),
    b"document_uri": attrgetter("uri"),
    b"request_uri": attrgetter("request_uri"),
    b"args": attrgetter("args"),
    b"query_string": attrgetter("args"),
    b"is_args": _is_args,
    b"request_method": _request_method,
    b"request": lambda r: r.request_line,
    b"scheme": lambda r: b"http" if r.conn.tls is None else b"https",
    b"https": lambda r: b"" if r.conn.tls is None else b"on",
    b"ssl_protocol": lambda r: _tls(r, lambda t: t.version()),
    b"ssl_cipher": lambda r: _tls(r, lambda t: t.cipher()[0]),
    b"ssl_server_name": lambda r: _tls(r, lambda t: getattr(t, "sni_name", None)),
    b"server_protocol": lambda r: b"HTTP/" + r.version,
    b"host": _host,
    b"hostname": lambda r: socket.gethostname().encode(),
    b"remote_addr": attrgetter("conn.remote_addr"),
    b"remote_port": lambda r: _port(_peer(r)[1]),
    b"remote_user": _remote_user,
    b"gzip_ratio": lambda r: r.gzip.ratio() if r.gzip is not None else None,
    b"realip_remote_addr": lambda r: _original_peer(r)[0].encode(),
    b"realip_remote_port": lambda r: _port(_original_peer(r)[1]),
    b"binary_remote_addr": lambda r: socket.inet_pton(
        socket.AF_INET6 if ":" in _peer(r)[0] else socket.AF_INET, _peer(r)[0]),
    b"server_addr": lambda r: _sock(r)[0].encode(),
    b"server_port": lambda r: _num(_sock(r)[1]),
    b"server_name": _server_name,
    b"status": _status,
    b"request_time": _request_time,
    b"request_length": _request_length,
    b"body_bytes_sent": lambda r: _num(r.body_bytes_sent),
    b"bytes_sent": lambda r: _num(r.bytes_sent),
    b"content_type": lambda r: r.header(b"content-type"),
    b"content_length": _content_length,
    b"request_body": _request_body,
    b"time_local": lambda r: r.conn.worker.dates.local.encode(),
    b"time_iso8601": _time_iso8601,
    b"msec": _msec,
    b"pid": lambda r: _num(os.getpid()),
    b"connection": lambda r: _num(r.number),
    b"connection_requests": lambda r: _num(r.conn.requests),
    b"document_root": _document_root,
    b"nginx_version": lambda r: b"1.22.1",
    b"sent_http_content_type": _sent_content_type,
    b"proxy_add_x_forwarded_for": _proxy_add_x_forwarded_for,
    b"proxy_host": _proxy_host,
    b"proxy_port": _proxy_port,
    b"request_id": _request_id,
    b"request_filename": _request_filename,
    b"realpath_root": _realpath_root,
    b"request_completion": lambda r: b"OK" if r.eof and not r.aborted else b"",
    b"request_body_file": _request_body_file,
    b"pipe": lambda r: b".",
    b"limit_rate": lambda r: b"0",
    b"limit_req_status": lambda r: r.main().limit_req_status,
    b"limit_conn_status": lambda r: r.main().limit_conn_status,
}

# Variables of nginx modules Moongate does not have (TLS, HTTP/2, gzip,
# realip...): known, so a conf naming them loads, and empty, as nginx's are
# on a request those modules do not touch.
ABSENT = frozenset(name.encode() for name in """
    http2 proxy_protocol_addr
    proxy_protocol_port proxy_protocol_server_addr proxy_protocol_server_port
    tcpinfo_rtt tcpinfo_rttvar tcpinfo_snd_cwnd tcpinfo_rcv_space
    ssl_cipher ssl_ciphers ssl_client_cert ssl_client_escaped_cert ssl_client_fingerprint
    ssl_client_i_dn ssl_client_raw_cert ssl_client_s_dn ssl_client_serial
    ssl_client_verify ssl_client_v_start ssl_client_v_end ssl_client_v_remain
    ssl_curves ssl_early_data ssl_protocol ssl_server_name ssl_session_id
    ssl_session_reused invalid_referer secure_link secure_link_expires
    uid_got uid_set uid_reset date_local date_gmt
""".split())

# Variables ngx.var may assign besides user variables (nginx's changeable ones).
WRITABLE = frozenset({b"args", b"query_string", b"limit_rate"})


def _cookie(req: Request, name: bytes) -> bytes | None:
    for header_name, value in req.headers:
        if header_name.lower() != b"cookie":
            continue
        for part in value.split(b";"):
            key, sep, val = part.strip().partition(b"=")
            if sep and key == name:
                return val
    return None


def _arg(req: Request, name: bytes) -> bytes | None:
    if req.args is None:
        return None
    lower = name.lower()
    for part in req.args.split(b"&"):
        key, sep, val = part.partition(b"=")
        if sep and key.lower() == lower:      # nginx looks for "name=": "?c" has no $arg_c
            return val
    return None


def _http(req: Request, name: bytes) -> bytes | None:
    """$http_x_foo: the request header X-Foo; repeated headers join with ", "
    (nginx joins Cookie with "; ")."""
    return _header_reader(name.replace(b"_", b"-").lower())(req)


def _header_reader(lower: bytes) -> Getter:
    """The getter of $http_NAME for the header's lower-case name."""
    size = len(lower)
    joiner = b"; " if lower == b"cookie" else b", "
    # a name with "_" (kept by underscores_in_headers) answers too, as nginx
    # reads each "-" of a name as "_" when it compares
    underscored = lower.replace(b"-", b"_")

    def getter(req: Request) -> bytes | None:
        # Hot path (ngx.var.http_NAME): one frame; a name of another
        # length is passed over without lowering it (a bytes object each)
        found = None
        for n, v in req.headers:
            if len(n) == size and (n.lower() == lower or b"_" in n
                                   and n.lower().replace(b"-", b"_") == underscored):
                found = v if found is None else found + joiner + v
        return found

    return getter


def _sent_http(req: Request, name: bytes) -> bytes | None:
    value = req.out_headers.value(name.replace(b"_", b"-"))
    if isinstance(value, list):
        return b", ".join(value)
    return value


def _upstream(req: Request, name: bytes) -> bytes | None:
    state = req.upstream_state
    return None if state is None else state.get(name)


PREFIXED: tuple[tuple[bytes, Callable[[Request, bytes], "bytes | None"]], ...] = (
    (b"arg_", _arg), (b"http_", _http), (b"cookie_", _cookie),
    (b"sent_http_", _sent_http), (b"upstream_", _upstream),
)


def is_builtin(name: bytes) -> bool:
    """A variable nginx defines ($uri, $http_x ...), as opposed to a user's."""
    return name in BUILTIN or any(name.startswith(prefix) for prefix, _ in PREFIXED)


def is_known(name: bytes, declared: frozenset[bytes] | set[bytes]) -> bool:
    """Whether a conf may use $name: nginx's own, a capture, or declared
    (by `set`, set_by_lua or a named regex capture)."""
    return (name.isdigit() or name in declared or is_builtin(name) or name in ABSENT
            or name.startswith(b"sent_trailer_"))


def get(req: Request, name: bytes) -> bytes | None:
    """The value of $name for the request.

    Hot path of ngx.var.x: a built-in is one lookup; any other name is
    resolved to its getter once (see _resolve), after the user's variables.
    """
    getter = BUILTIN.get(name)
    if getter is not None:
        return getter(req)
    user = req.vars
    if user and name in user:
        return user[name]
    getter = _RESOLVED.get(name)
    if getter is None:
        getter = _resolve(name)
    return getter(req)


def reader(name: bytes) -> Getter:
    """A getter that reads $name as get(req, name) does, for a caller that
    reads the same name again and again (ngx.var.NAME): a built-in's own
    getter, else the user's variable if the request has it, then the
    variable's resolved getter. No name lookup is left for the read."""
    getter = BUILTIN.get(name)
    if getter is not None:
        return getter
    resolved = _RESOLVED.get(name) or _resolve(name)

    def read(req: Request) -> bytes | None:
        user = req.vars
        if user and name in user:
            return user[name]
        return resolved(req)

    return read


# name -> getter, for the names that are not in BUILTIN: $1..$9 and the
# prefixed families. Bounded: Lua code may build names at run time.
_RESOLVED: dict[bytes, Getter] = {}
_RESOLVED_MAX = 1024


def _resolve(name: bytes) -> Getter:
    if name.isdigit():
        n = int(name)

        def getter(req: Request) -> bytes | None:
            caps = req.captures
            return caps[n] if caps is not None and n < len(caps) else None
    elif name.startswith(b"http_"):
        getter = _header_reader(name[5:].replace(b"_", b"-").lower())
    else:
        getter = _mapped(name)
        for prefix, fn in PREFIXED:
            if name.startswith(prefix):
                getter = _prefixed(fn, name[len(prefix):])
                break
    if len(_RESOLVED) >= _RESOLVED_MAX:
        _RESOLVED.clear()
    _RESOLVED[name] = getter
    return getter


def _prefixed(fn: Callable[[Request, bytes], "bytes | None"], rest: bytes) -> Getter:
    return lambda req: fn(req, rest)


def _mapped(name: bytes) -> Getter:
    """$name where an http-level map, geo or split_clients defines it (the
    request's server holds them), else no value."""
    def getter(req: Request) -> bytes | None:
        server = req.server
        found = server.maps.get(name) if server is not None else None
        if found is None:
            return None
        if found.kind == "map":
            return map_value(req, found)
        return geo.geo_value(req, found) if found.kind == "geo" else geo.split_value(req, found)
    return getter


def map_value(req: Request, m) -> bytes:
    """nginx's map: the value of the first key the source's value matches
    (exactly, ignoring case; then the hostnames' wildcards; then the
    regexes, in conf order, whose captures the value may use); else the
    default."""
    # imported here: routing imports the config package, which imports this module
    from .routing import wildcard_lookup
    template = req.conn.worker.template
    source = template(m.source).render(req)
    key = source.lower()
    found = m.exact.get(key)
    if found is None and m.hostnames:
        found = wildcard_lookup(key.removesuffix(b"."), m.exact, m.head, m.tail)
    if found is None:
        text = source.decode("latin-1")
        for regex, value in m.regexes:
            match = regex.search(text)
            if match is not None:
                set_captures(req, match)
                found = value
                break
        else:
            found = m.default
    return template(found).render(req)


def set_captures(req: Request, m: re.Match) -> None:
    """$0..$9 of a conf regex's match, and its named groups, each of which
    nginx makes a variable of its name."""
    req.captures = [g.encode("latin-1") if g is not None else b"" for g in (m.group(0), *m.groups())]
    named = m.groupdict()
    if named:
        variables = req.writable_vars()
        for name, value in named.items():
            variables[name.encode()] = value.encode("latin-1") if value is not None else b""



# -- complex values: "text $var ${var}text $1" -----------------------------------

_VAR = re.compile(rb"\$(?:\{(\w+)\}|(\w+))")


class Template:
    """A value with variables, parsed once at startup (nginx's complex value)."""

    __slots__ = ("parts", "text", "single")

    def __init__(self, text: str | bytes) -> None:
        self.text = text.encode() if isinstance(text, str) else text
        parts: list[bytes | tuple[bytes]] = []
        pos = 0
        for m in _VAR.finditer(self.text):
            if m.start() > pos:
                parts.append(self.text[pos:m.start()])
            parts.append((m.group(1) or m.group(2),))
            pos = m.end()
        if pos < len(self.text):
            parts.append(self.text[pos:])
        self.parts = parts
        # the name of a value that is one variable and nothing else
        # ("$host", "$proxy_add_x_forwarded_for"), rendered without a join
        self.single = parts[0][0] if len(parts) == 1 and isinstance(parts[0], tuple) else None

    @property
    def constant(self) -> bool:
        return all(isinstance(p, bytes) for p in self.parts)

    def render(self, req: Request, escape: Callable[[bytes], bytes] | None = None) -> bytes:
        if self.single is not None and escape is None:
            value = get(req, self.single)
            return b"" if value is None else value
        out = []
        for part in self.parts:
            if isinstance(part, bytes):
                out.append(part)
            else:
                value = get(req, part[0])
                if value is None:
                    value = b"-" if escape is not None else b""
                elif escape is not None:
                    value = escape(value)
                out.append(value)
        return b"".join(out)
