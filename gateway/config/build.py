"""The directive table: gives a directive tree its meaning (the typed model).

Each known directive has a Spec: the contexts it may appear in (bit flags,
as nginx's NGX_HTTP_MAIN_CONF | NGX_HTTP_SRV_CONF ...), how many arguments
it takes, whether it has a block, and the function that applies it to the
model object of its context. Errors are nginx's, word for word, with the
conf file and line.
"""
from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from typing import Callable

from .model import (
    DEFAULTS, LOC_FIELDS, Geo, Http, LimitConnZone, LimitReq, LimitReqZone, Listen, LocConf, Location, LuaChunk, Main,
    Map, MoreHeader, MoreHeaders, SplitClients, every_location, with_charset,
    PROXY_URL, REDIRECT_DEFAULT, ProxyPass, ProxyRewrite, ScriptOp, Server, Upstream, UpstreamServer,
)
from . import variables_used
from .. import tls
from .regex import compile_conf_regex
from .tree import ConfError, Directive

# Contexts, as nginx's conf flags.
# SIF and LIF: inside an `if` at server level and at location level; LMT:
# inside limit_except.
MAIN, EVENTS, HTTP, SRV, LOC, UPS, TYPES, SIF, LIF, LMT = 1, 2, 4, 8, 16, 32, 64, 128, 256, 512
ANY = -1            # any number of arguments


@dataclass(frozen=True)
class Spec:
    ctx: int
    nargs: tuple[int, int]     # min, max (ANY)
    apply: Callable[[Builder, Directive, object], None]
    block: bool | None = False      # None: either (`server` in http vs in upstream)


SPECS: dict[str, Spec] = {}

# Directives nginx knows that change nothing for Moongate (tuning knobs,
# temp paths, modules we do not have): accepted, with a notice.
IGNORED = frozenset("""
    sendfile tcp_nopush tcp_nodelay accept_mutex accept_mutex_delay multi_accept use
    worker_rlimit_core worker_rlimit_nofile worker_cpu_affinity worker_priority
    timer_resolution working_directory
    lua_transform_underscores_in_response_headers
    lua_http10_buffering lua_malloc_trim lua_sa_restart
    client_body_in_file_only
    client_body_in_single_buffer proxy_temp_path fastcgi_temp_path uwsgi_temp_path
    scgi_temp_path proxy_buffer_size proxy_buffers proxy_busy_buffers_size
    output_buffers postpone_output reset_timedout_connection lingering_close
    lingering_time lingering_timeout server_names_hash_bucket_size
    server_names_hash_max_size types_hash_max_size types_hash_bucket_size
    variables_hash_max_size variables_hash_bucket_size open_file_cache
    open_file_cache_valid open_file_cache_min_uses open_file_cache_errors
    resolver resolver_timeout source_charset gzip_buffers gzip_window gzip_hash
    debug_connection log_subrequest ssl_session_cache ssl_session_timeout
    ssl_session_tickets ssl_dhparam ssl_ecdh_curve ssl_buffer_size ssl_stapling
    ssl_stapling_verify ssl_trusted_certificate proxy_ssl_session_reuse proxy_ssl_verify_depth
    lua_ssl_verify_depth lua_thread_cache_max_count lua_worker_thread_vm_pool_size
    lua_capture_error_log open_log_file_cache proxy_max_temp_file_size
    merge_slashes keepalive_disable send_lowat msie_padding uninitialized_variable_warn
    sendfile_max_chunk aio aio_write directio directio_alignment read_ahead
    proxy_headers_hash_max_size proxy_headers_hash_bucket_size map_hash_max_size
    map_hash_bucket_size proxy_socket_keepalive
""".split())


# Directives nginx knows that would change behaviour but Moongate does not
# implement yet: refused in plain words rather than "unknown" or ignored.
NOT_SUPPORTED = frozenset("""
    fastcgi_pass uwsgi_pass scgi_pass grpc_pass memcached_pass
    proxy_cache proxy_cache_path subrequest_output_buffer_size
    limit_rate limit_rate_after proxy_limit_rate proxy_store proxy_bind proxy_force_ranges
    proxy_ignore_headers proxy_cookie_flags add_trailer ssi gunzip rewrite_log keepalive_time
""".split())


class Builder:
    """Walks a directive tree, filling a Main model."""

    def __init__(self, file: str, prefix: str) -> None:
        self.main = Main(file=file, prefix=prefix, error_log=[])
        self.server_defaults = Server("")     # server-level settings given at http level
        self.main_set: set[str] = set()       # main-level settings given once only

    def once(self, d: Directive) -> None:
        """A main-level setting nginx takes once (from -g or the file)."""
        if d.name in self.main_set:
            raise d.error(f'"{d.name}" directive is duplicate')
        self.main_set.add(d.name)

    def build(self, tree: list[Directive]) -> Main:
        self.apply_block(tree, MAIN, self.main)
        if self.main.http is not None:
            finish_http(self.main.http, self.server_defaults, os.path.dirname(self.main.file))
            variables_used.check(self.main.http)
        if not self.main.error_log:
            self.main.error_log.append(("logs/error.log", "error"))
        return self.main

    def apply_block(self, block: list[Directive], ctx: int, target) -> None:
        for d in block:
            self.apply(d, ctx, target)

    def apply(self, d: Directive, ctx: int, target) -> None:
        spec = SPECS.get(d.name)
        if spec is None:
            if ctx == TYPES:
                apply_type(d, target)
                return
            if d.name in NOT_SUPPORTED:
                raise d.error(f'"{d.name}" directive is not supported by moongate')
            if d.name in IGNORED:
                self.main.notices.append(f'"{d.name}" directive is ignored by moongate in {d.where()}')
                return
            raise d.error(f'unknown directive "{d.name}"')
        if not spec.ctx & ctx:
            raise d.error(f'"{d.name}" directive is not allowed here')
        if spec.block is True and d.block is None:
            raise d.error(f'directive "{d.name}" has no opening "{{"')
        if spec.block is False and d.block is not None:
            raise d.error(f'directive "{d.name}" is not terminated by ";"')
        lo, hi = spec.nargs
        n = len(d.args)
        if n < lo or (hi != ANY and n > hi):
            raise d.error(f'invalid number of arguments in "{d.name}" directive')
        spec.apply(self, d, target)


def directive(names: str, ctx: int, nargs: tuple[int, int], block: bool | None = False):
    """Register the decorated function as the Spec of each name."""
    def register(fn):
        for name in names.split():
            SPECS[name] = Spec(ctx, nargs, fn, block)
        return fn
    return register


# -- argument parsers ------------------------------------------------------------

_SIZE = re.compile(r"(\d+)([kKmMgG]?)")
_TIME_PART = re.compile(r"(\d+)(ms|y|M|w|d|h|m|s|)")
_TIME_UNITS = {"ms": 0.001, "": 1, "s": 1, "m": 60, "h": 3600, "d": 86400,
               "w": 604800, "M": 2592000, "y": 31536000}


def parse_size(d: Directive, text: str) -> int:
    m = _SIZE.fullmatch(text)
    if not m:
        raise d.error(f'"{d.name}" directive invalid value')
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30}[m.group(2).lower()]


def parse_time(d: Directive, text: str) -> float:
    """nginx time values: `60`, `60s`, `500ms`, `1m30s`, ... in seconds."""
    total, pos = 0.0, 0
    for m in _TIME_PART.finditer(text):
        if m.start() != pos:
            break
        total += int(m.group(1)) * _TIME_UNITS[m.group(2)]
        pos = m.end()
    if pos != len(text) or not text:
        raise d.error(f'"{d.name}" directive invalid value')
    return total


def conf_regex(d: Directive, pattern: str, caseless: bool = False) -> re.Pattern:
    """A regex of the conf, or nginx's error for one that does not compile."""
    try:
        return compile_conf_regex(pattern, re.I if caseless else 0)
    except re.error as exc:
        raise d.error(f'pcre2_compile() failed: {exc} in "{pattern}"') from None


def parse_flag(d: Directive) -> bool:
    value = d.args[0]
    if value.lower() not in ("on", "off"):
        raise d.error(f'invalid value "{value}" in "{d.name}" directive, it must be "on" or "off"')
    return value.lower() == "on"


def parse_words(d: Directive, allowed: frozenset[str]) -> frozenset[str]:
    """The arguments, each one of `allowed`."""
    for arg in d.args:
        if arg not in allowed:
            raise d.error(f'invalid value "{arg}"')
    return frozenset(d.args)


def parse_network(d: Directive, text: str, error: str):
    """An address or a CIDR network (its host bits dropped), or the error."""
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise d.error(error) from None


def parse_int(d: Directive, text: str) -> int:
    if not text.isdigit():
        raise d.error(f'"{d.name}" directive invalid value')
    return int(text)


def parse_addr(d: Directive, text: str, default_port: int | None) -> tuple[str, int | None]:
    """`host:port`, `[v6]:port`, `host`, or a bare port."""
    if text.isdigit():
        return "", _port(d, text)
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, _port(d, rest[1:]) if rest.startswith(":") else default_port
    host, sep, port = text.rpartition(":")
    if not sep:
        return text, default_port
    return ("" if host == "*" else host), _port(d, port)


def _port(d: Directive, text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise d.error(f'invalid port in "{d.args[0]}" of the "{d.name}" directive')
    return int(text)


# -- main and events ------------------------------------------------------------

@directive("worker_processes", MAIN, (1, 1))
def _worker_processes(b: Builder, d: Directive, main: Main) -> None:
    b.once(d)
    value = d.args[0]
    main.worker_processes = (os.cpu_count() or 1) if value == "auto" else parse_int(d, value)


@directive("worker_shutdown_timeout", MAIN, (1, 1))
def _worker_shutdown_timeout(b: Builder, d: Directive, main: Main) -> None:
    b.once(d)
    main.worker_shutdown_timeout = parse_time(d, d.args[0])


@directive("error_log", MAIN | HTTP | SRV | LOC, (1, 2))
def _error_log(b: Builder, d: Directive, target) -> None:
    level = d.args[1] if len(d.args) > 1 else "error"
    if level not in LEVELS:
        raise d.error(f'invalid log level "{level}"')
    # One error log per worker: the levels below main add to it.
    b.main.error_log.append((d.args[0], level))


LEVELS = ("debug", "info", "notice", "warn", "error", "crit", "alert", "emerg")


@directive("pid", MAIN, (1, 1))
def _pid(b: Builder, d: Directive, main: Main) -> None:
    b.once(d)
    main.pid = d.args[0]


@directive("daemon master_process", MAIN, (1, 1))
def _main_flag(b: Builder, d: Directive, main: Main) -> None:
    b.once(d)
    setattr(main, d.name, parse_flag(d))


@directive("env", MAIN, (1, 1))
def _env(b: Builder, d: Directive, main: Main) -> None:
    main.env.append(d.args[0])


@directive("events", MAIN, (0, 0), block=True)
def _events(b: Builder, d: Directive, main: Main) -> None:
    b.apply_block(d.block, EVENTS, main)


@directive("worker_connections", EVENTS, (1, 1))
def _worker_connections(b: Builder, d: Directive, main: Main) -> None:
    main.worker_connections = parse_int(d, d.args[0])


@directive("http", MAIN, (0, 0), block=True)
def _http(b: Builder, d: Directive, main: Main) -> None:
    if main.http is not None:
        raise d.error('"http" directive is duplicate')
    main.http = Http()
    b.apply_block(d.block, HTTP, main.http)


# -- http-level -------------------------------------------------------------------

@directive("lua_package_path lua_package_cpath", HTTP, (1, 1))
def _package_path(b: Builder, d: Directive, http: Http) -> None:
    if getattr(http, d.name) is not None:
        raise d.error(f'"{d.name}" directive is duplicate')
    setattr(http, d.name, d.args[0])


@directive("lua_load_resty_core rewrite_by_lua_no_postpone access_by_lua_no_postpone", HTTP, (1, 1))
def _http_lua_flag(b: Builder, d: Directive, http: Http) -> None:
    # lua_load_resty_core on (the default): lualib's FFI versions of the ngx
    # API replace the builtins
    if getattr(http, d.name) is not None:
        raise d.error(f'"{d.name}" directive is duplicate')
    setattr(http, d.name, parse_flag(d))


@directive("lua_shared_dict", HTTP, (2, 2))
def _shared_dict(b: Builder, d: Directive, http: Http) -> None:
    name, size = d.args
    if name in http.lua_shared_dict:
        raise d.error(f'lua_shared_dict "{name}" is already defined as "{name}"')
    if http.zone_taken(name):
        raise d.error(f'the shared memory zone "{name}" is already declared for a different use')
    http.lua_shared_dict[name] = parse_size(d, size)


@directive("lua_regex_cache_max_entries lua_regex_match_limit lua_max_pending_timers "
           "lua_max_running_timers", HTTP, (1, 1))
def _http_number(b: Builder, d: Directive, http: Http) -> None:
    # ngx.re's compile-once cache size and PCRE's match limit (gateway/ngx/regex.py);
    # how many ngx.timer callbacks may wait and run at once (gateway/ngx/timer.py)
    if getattr(http, d.name) is not None:
        raise d.error(f'"{d.name}" directive is duplicate')
    setattr(http, d.name, parse_int(d, d.args[0]))


@directive("log_format", HTTP, (2, ANY))
def _log_format(b: Builder, d: Directive, http: Http) -> None:
    name, parts = d.args[0], d.args[1:]
    if parts[0].startswith("escape="):
        parts = parts[1:]
    if name in http.log_formats or name == "combined":
        raise d.error(f'duplicate "log_format" name "{name}"')
    http.log_formats[name] = "".join(parts)


@directive("upstream", HTTP, (1, 1), block=True)
def _upstream(b: Builder, d: Directive, http: Http) -> None:
    name = d.args[0]
    if name in http.upstreams:
        raise d.error(f'duplicate upstream "{name}"')
    up = Upstream(name, d.where())
    http.upstreams[name] = up
    b.apply_block(d.block, UPS, up)
    if not up.servers:
        raise d.error('no servers are inside upstream')


@directive("server", HTTP | UPS, (0, ANY), block=None)
def _server(b: Builder, d: Directive, target) -> None:
    if isinstance(target, Upstream):
        _upstream_server(d, target)
        return
    if d.block is None:
        raise d.error('directive "server" has no opening "{"')
    if d.args:
        raise d.error('invalid number of arguments in "server" directive')
    srv = Server(d.where())
    target.servers.append(srv)
    b.apply_block(d.block, SRV, srv)
    if not srv.listen:
        srv.listen.append(Listen("", 80))


def _upstream_server(d: Directive, up: Upstream) -> None:
    if d.block is not None:
        raise d.error('directive "server" is not terminated by ";"')
    if not d.args:
        raise d.error('invalid number of arguments in "server" directive')
    host, port = parse_addr(d, d.args[0], 80)
    srv = UpstreamServer(host, port)
    for param in d.args[1:]:
        key, _, value = param.partition("=")
        if key == "weight" and value.isdigit() and int(value) > 0:
            srv.weight = int(value)
        elif key == "max_fails" and value.isdigit():
            srv.max_fails = int(value)
        elif key == "fail_timeout" and value:
            srv.fail_timeout = parse_time(d, value)
        elif param in ("backup", "down"):
            setattr(srv, param, True)
        else:
            raise d.error(f'invalid parameter "{param}"')
    up.servers.append(srv)


@directive("keepalive", UPS, (1, 1))
def _keepalive(b: Builder, d: Directive, up: Upstream) -> None:
    up.keepalive = parse_int(d, d.args[0])


@directive("least_conn", UPS, (0, 0))
def _least_conn(b: Builder, d: Directive, up: Upstream) -> None:
    _balancing_method(d, up, "least_conn")


@directive("hash", UPS, (1, 2))
def _hash(b: Builder, d: Directive, up: Upstream) -> None:
    if len(d.args) == 2 and d.args[1] != "consistent":
        raise d.error(f'invalid parameter "{d.args[1]}"')
    _balancing_method(d, up, "hash")
    up.hash_key = d.args[0]
    up.hash_consistent = len(d.args) == 2


def _balancing_method(d: Directive, up: Upstream, method: str) -> None:
    if up.method != "round_robin":
        raise d.error('load balancing method redefined')
    up.method = method


# -- server-level -------------------------------------------------------------------

@directive("listen", SRV, (1, ANY))
def _listen(b: Builder, d: Directive, srv: Server) -> None:
    host, port = parse_addr(d, d.args[0], 80)
    listen = Listen(host, port)
    for param in d.args[1:]:
        if param in ("default_server", "default"):
            listen.default_server = True
        elif param == "reuseport":
            listen.reuseport = True
        elif param == "ssl":
            listen.ssl = True
        elif param == "http2":
            # HTTP/2 is not spoken: TLS clients agree on HTTP/1.1 (ALPN)
            b.main.notices.append(f'the "http2" parameter is ignored by moongate in {d.where()}')
        elif param.startswith(("backlog=", "rcvbuf=", "sndbuf=", "so_keepalive=")) or param in (
                "deferred", "bind", "fastopen"):
            pass    # socket tuning with no effect on behaviour
        else:
            raise d.error(f'invalid parameter "{param}"')
    srv.listen.append(listen)


# -- TLS (gateway/tls.py) ------------------------------------------------------------

@directive("ssl_certificate ssl_certificate_key", HTTP | SRV, (1, 1))
def _ssl_file(b: Builder, d: Directive, target) -> None:
    srv = _server_of(b, target)
    files = getattr(srv, d.name)
    if files is None:
        setattr(srv, d.name, [d.args[0]])
    else:
        files.append(d.args[0])


SSL_PROTOCOLS = frozenset({"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"})


def parse_protocols(d: Directive) -> tuple[str, ...]:
    for name in d.args:
        if name not in SSL_PROTOCOLS:
            raise d.error(f'invalid value "{name}"')
    return tuple(d.args)


@directive("ssl_protocols", HTTP | SRV, (1, ANY))
def _ssl_protocols(b: Builder, d: Directive, target) -> None:
    _set_once(d, _server_of(b, target), "ssl_protocols", parse_protocols(d))


@directive("ssl_ciphers", HTTP | SRV, (1, 1))
def _ssl_ciphers(b: Builder, d: Directive, target) -> None:
    _set_once(d, _server_of(b, target), "ssl_ciphers", d.args[0])


@directive("ssl_prefer_server_ciphers", HTTP | SRV, (1, 1))
def _ssl_prefer_server_ciphers(b: Builder, d: Directive, target) -> None:
    _set_once(d, _server_of(b, target), "ssl_prefer_server_ciphers", parse_flag(d))


@directive("server_name", SRV, (1, ANY))
def _server_name(b: Builder, d: Directive, srv: Server) -> None:
    for name in d.args:
        if name.startswith("~"):
            conf_regex(d, name[1:])
        srv.server_names.append(name.lower() if not name.startswith("~") else name)


@directive("client_header_timeout", HTTP | SRV, (1, 1))
def _client_header_timeout(b: Builder, d: Directive, target) -> None:
    _server_of(b, target).client_header_timeout = parse_time(d, d.args[0])


@directive("client_header_buffer_size", HTTP | SRV, (1, 1))
def _client_header_buffer_size(b: Builder, d: Directive, target) -> None:
    _server_of(b, target).client_header_buffer_size = parse_size(d, d.args[0])


@directive("large_client_header_buffers", HTTP | SRV, (2, 2))
def _large_client_header_buffers(b: Builder, d: Directive, target) -> None:
    _server_of(b, target).large_client_header_buffers = (
        parse_int(d, d.args[0]), parse_size(d, d.args[1]))


@directive("ignore_invalid_headers", HTTP | SRV, (1, 1))
def _ignore_invalid_headers(b: Builder, d: Directive, target) -> None:
    _server_of(b, target).ignore_invalid_headers = parse_flag(d)


@directive("underscores_in_headers", HTTP | SRV, (1, 1))
def _underscores_in_headers(b: Builder, d: Directive, target) -> None:
    _server_of(b, target).underscores_in_headers = parse_flag(d)


def _server_of(b: Builder, target) -> Server:
    """Where a server-level setting goes: the server, or, at http level,
    the defaults that finish_http gives servers not setting their own."""
    return target if isinstance(target, Server) else b.server_defaults


# -- locations -----------------------------------------------------------------------

@directive("location", SRV | LOC, (1, 2), block=True)
def _location(b: Builder, d: Directive, parent) -> None:
    loc = parse_location(d)
    if isinstance(parent, Location):
        if parent.modifier in ("=", "@"):
            raise d.error(f'location "{loc.pattern}" cannot be inside the '
                          f'{"exact" if parent.modifier == "=" else "named"} location "{parent.pattern}"')
        if loc.modifier == "@":
            raise d.error(f'named location "{loc.pattern}" can be on the server level only')
        if loc.modifier in ("", "=", "^~") and not loc.pattern.startswith(parent.pattern) \
                and parent.regex is None:
            raise d.error(f'location "{loc.pattern}" is outside location "{parent.pattern}"')
    parent.locations.append(loc)
    b.apply_block(d.block, LOC, loc)


def parse_location(d: Directive) -> Location:
    args = d.args
    if len(args) == 2:
        modifier, pattern = args
        if modifier not in ("=", "^~", "~", "~*"):
            raise d.error(f'invalid location modifier "{modifier}"')
    else:
        text = args[0]
        for modifier in ("^~", "~*", "=", "~", "@"):
            if text.startswith(modifier) and len(text) > len(modifier):
                pattern = text if modifier == "@" else text[len(modifier):]
                break
        else:
            modifier, pattern = "", text
        if modifier == "@":
            pattern = text
    loc = Location(modifier, pattern, d.where())
    if modifier in ("~", "~*"):
        loc.regex = conf_regex(d, pattern, caseless=modifier == "~*")
    return loc


# what limit_except may name; GET takes HEAD with it
LIMIT_METHODS = frozenset("GET HEAD POST PUT DELETE MKCOL COPY MOVE OPTIONS PROPFIND PROPPATCH "
                          "LOCK UNLOCK PATCH".split())


@directive("limit_except", LOC, (1, ANY), block=True)
def _limit_except(b: Builder, d: Directive, loc: Location) -> None:
    """`limit_except METHOD ... { ... }`: requests of any other method take
    the block's settings, a location nginx makes of it."""
    if loc.limit_except is not None:
        raise d.error('"limit_except" directive is duplicate')
    allowed = set()
    for arg in d.args:
        method = arg.upper()
        if method not in LIMIT_METHODS:
            raise d.error(f'invalid method "{arg}"')
        allowed.add(method.encode())
        if method == "GET":
            allowed.add(b"HEAD")
    inner = Location(loc.modifier, loc.pattern, d.where(), regex=loc.regex)
    b.apply_block(d.block, LMT, inner)
    loc.limit_except = (frozenset(allowed), inner)


@directive("internal", LOC, (0, 0))
def _internal(b: Builder, d: Directive, loc: Location) -> None:
    loc.internal = True


# -- settings merged down (LocConf) ---------------------------------------------------

def _set_once(d: Directive, conf: LocConf | Server, name: str, value) -> None:
    if getattr(conf, name) is not None:
        raise d.error(f'"{d.name}" directive is duplicate')
    setattr(conf, name, value)


@directive("root", HTTP | SRV | LOC | LIF, (1, 1))
def _root(b: Builder, d: Directive, target) -> None:
    if isinstance(target, Location) and target.alias is not None:
        raise d.error('"root" directive is duplicate, "alias" directive was specified earlier')
    _set_once(d, target.conf, "root", d.args[0])


@directive("alias", LOC, (1, 1))
def _alias(b: Builder, d: Directive, loc: Location) -> None:
    if loc.alias is not None:
        raise d.error('"alias" directive is duplicate')
    if loc.conf.root is not None:
        raise d.error('"alias" directive is duplicate, "root" directive was specified earlier')
    if loc.modifier == "@":
        raise d.error('"alias" directive cannot be used inside the named location')
    loc.alias = d.args[0]


@directive("try_files", SRV | LOC, (2, ANY))
def _try_files(b: Builder, d: Directive, target) -> None:
    if target.try_files:
        raise d.error('"try_files" directive is duplicate')
    last = d.args[-1]
    if last.startswith("=") and not (last[1:].isdigit() and 100 <= int(last[1:]) <= 999):
        raise d.error(f'invalid code "{last}"')
    target.try_files = list(d.args)


@directive("index", HTTP | SRV | LOC, (1, ANY))
def _index(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "index", list(d.args))


@directive("default_type", HTTP | SRV | LOC, (1, 1))
def _default_type(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "default_type", d.args[0])


@directive("types", HTTP | SRV | LOC, (0, 0), block=True)
def _types(b: Builder, d: Directive, target) -> None:
    types: dict[str, str] = {}
    b.apply_block(d.block, TYPES, types)
    target.conf.types = {**(target.conf.types or {}), **types}


def apply_type(d: Directive, types: dict[str, str]) -> None:
    """A line of a `types` block: `text/html html htm;`."""
    if not d.args:
        raise d.error(f'invalid number of arguments in "{d.name}" directive')
    for ext in d.args:
        types[ext.lower()] = d.name


@directive("client_max_body_size client_body_buffer_size", HTTP | SRV | LOC, (1, 1))
def _body_size(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, parse_size(d, d.args[0]))


@directive("client_body_temp_path", HTTP | SRV | LOC, (1, 4))
def _body_temp_path(b: Builder, d: Directive, target) -> None:
    # nginx's hashed subdirectory levels are accepted; files go in the path itself
    _set_once(d, target.conf, d.name, d.args[0])


@directive("client_body_timeout send_timeout proxy_connect_timeout proxy_read_timeout "
           "proxy_send_timeout", HTTP | SRV | LOC, (1, 1))
def _timeout(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, parse_time(d, d.args[0]))


@directive("keepalive_timeout", HTTP | SRV | LOC | UPS, (1, 2))
def _keepalive_timeout(b: Builder, d: Directive, target) -> None:
    if isinstance(target, Upstream):
        target.keepalive_timeout = parse_time(d, d.args[0])
        return
    _set_once(d, target.conf, "keepalive_timeout", parse_time(d, d.args[0]))


@directive("keepalive_requests", HTTP | SRV | LOC | UPS, (1, 1))
def _keepalive_requests(b: Builder, d: Directive, target) -> None:
    if isinstance(target, Upstream):
        target.keepalive_requests = parse_int(d, d.args[0])
        return
    _set_once(d, target.conf, "keepalive_requests", parse_int(d, d.args[0]))


@directive("expires", HTTP | SRV | LOC | LIF, (1, 2))
def _expires(b: Builder, d: Directive, target) -> None:
    value = d.args[0]
    if len(d.args) == 2 or value.startswith(("@", "modified")):
        raise d.error('"expires" with "modified" or "@" is not supported by moongate')
    if value in ("off", "epoch", "max"):
        _set_once(d, target.conf, "expires", value)
        return
    sign = -1 if value.startswith("-") else 1
    _set_once(d, target.conf, "expires", sign * int(parse_time(d, value.lstrip("+-"))))


@directive("etag", HTTP | SRV | LOC, (1, 1))
def _etag(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "etag", parse_flag(d))


@directive("if_modified_since", HTTP | SRV | LOC, (1, 1))
def _if_modified_since(b: Builder, d: Directive, target) -> None:
    if d.args[0] not in ("off", "exact", "before"):
        raise d.error(f'invalid value "{d.args[0]}" in "if_modified_since" directive, '
                      'it must be "off", "exact" or "before"')
    _set_once(d, target.conf, "if_modified_since", d.args[0])


@directive("max_ranges", HTTP | SRV | LOC, (1, 1))
def _max_ranges(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "max_ranges", parse_int(d, d.args[0]))


@directive("allow deny", HTTP | SRV | LOC | LMT, (1, 1))
def _access_rule(b: Builder, d: Directive, target) -> None:
    """ngx_http_access_module: rules in conf order, a level's own replacing
    the ones above."""
    value = d.args[0]
    network = None if value == "all" else parse_network(d, value, f'invalid parameter "{value}"')
    _append(target.conf, "access_rules", (d.name == "allow", network))


# -- nginx's auth_basic module (gateway/auth_basic.py) ---------------------------------

@directive("satisfy", HTTP | SRV | LOC, (1, 1))
def _satisfy(b: Builder, d: Directive, target) -> None:
    if d.args[0] not in ("all", "any"):
        raise d.error(f'invalid value "{d.args[0]}"')
    _set_once(d, target.conf, "satisfy", d.args[0])


@directive("auth_basic", HTTP | SRV | LOC | LMT, (1, 1))
def _auth_basic(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "auth_basic", d.args[0])


@directive("auth_basic_user_file", HTTP | SRV | LOC | LMT, (1, 1))
def _auth_basic_user_file(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "auth_basic_user_file", d.args[0])


# -- nginx's sub filter (gateway/sub_filter.py) -----------------------------------------

@directive("sub_filter", HTTP | SRV | LOC, (2, 2))
def _sub_filter(b: Builder, d: Directive, target) -> None:
    _append(target.conf, "sub_filter", (d.args[0], d.args[1]))


@directive("sub_filter_once sub_filter_last_modified", HTTP | SRV | LOC, (1, 1))
def _sub_filter_flag(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, parse_flag(d))


# -- nginx's gzip filter (gateway/gzip_filter.py) --------------------------------------

@directive("gzip", HTTP | SRV | LOC | LIF, (1, 1))
@directive("gzip_vary", HTTP | SRV | LOC, (1, 1))
def _gzip_flag(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, parse_flag(d))


@directive("autoindex_format", HTTP | SRV | LOC, (1, 1))
def _autoindex_format(b: Builder, d: Directive, target) -> None:
    if d.args[0] not in ("html", "xml", "json", "jsonp"):
        raise d.error(f'invalid value "{d.args[0]}"')
    _set_once(d, target.conf, "autoindex_format", d.args[0])


@directive("gzip_static", HTTP | SRV | LOC, (1, 1))
def _gzip_static(b: Builder, d: Directive, target) -> None:
    if d.args[0] not in ("on", "off", "always"):
        raise d.error(f'invalid value "{d.args[0]}"')
    _set_once(d, target.conf, "gzip_static", d.args[0])


@directive("gzip_types sub_filter_types", HTTP | SRV | LOC, (1, ANY))
def _filter_types(b: Builder, d: Directive, target) -> None:
    # text/html is always among them, whatever the list says
    _set_once(d, target.conf, d.name, frozenset(t.lower() for t in d.args) | {"text/html"})


@directive("gzip_min_length", HTTP | SRV | LOC, (1, 1))
def _gzip_min_length(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "gzip_min_length", parse_size(d, d.args[0]))


@directive("gzip_comp_level", HTTP | SRV | LOC, (1, 1))
def _gzip_comp_level(b: Builder, d: Directive, target) -> None:
    level = parse_int(d, d.args[0])
    if not 1 <= level <= 9:
        raise d.error("value must be between 1 and 9")
    _set_once(d, target.conf, "gzip_comp_level", level)


GZIP_PROXIED = frozenset({"off", "expired", "no-cache", "no-store", "private", "no_last_modified",
                          "no_etag", "auth", "any"})


@directive("gzip_proxied", HTTP | SRV | LOC, (1, ANY))
def _gzip_proxied(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "gzip_proxied", parse_words(d, GZIP_PROXIED))


@directive("gzip_http_version", HTTP | SRV | LOC, (1, 1))
def _gzip_http_version(b: Builder, d: Directive, target) -> None:
    if d.args[0] not in ("1.0", "1.1"):
        raise d.error(f'invalid value "{d.args[0]}"')
    _set_once(d, target.conf, "gzip_http_version", d.args[0].encode())


@directive("gzip_disable", HTTP | SRV | LOC, (1, ANY))
def _gzip_disable(b: Builder, d: Directive, target) -> None:
    # "msie6" is nginx's name for MSIE 4-6 (not SV1)
    regexes = [conf_regex(d, r"MSIE [4-6]\.(?!.*SV1)" if arg == "msie6" else arg, caseless=True)
               for arg in d.args]
    _set_once(d, target.conf, "gzip_disable", regexes)


# -- nginx's auth_request module (gateway/auth_request.py) -----------------------------

@directive("auth_request", HTTP | SRV | LOC, (1, 1))
def _auth_request(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "auth_request", "" if d.args[0] == "off" else d.args[0])


@directive("auth_request_set", HTTP | SRV | LOC, (2, 2))
def _auth_request_set(b: Builder, d: Directive, target) -> None:
    name = _variable_name(d, d.args[0])
    _append(target.conf, "auth_request_set", (name, d.args[1]))


# -- nginx's realip module (gateway/realip.py) ----------------------------------------

@directive("set_real_ip_from", HTTP | SRV | LOC, (1, 1))
def _set_real_ip_from(b: Builder, d: Directive, target) -> None:
    value = d.args[0]
    trusted = value if value == "unix:" else parse_network(
        d, value, f'host not found in set_real_ip_from "{value}"')
    _append(target.conf, "set_real_ip_from", trusted)


@directive("real_ip_header", HTTP | SRV | LOC, (1, 1))
def _real_ip_header(b: Builder, d: Directive, target) -> None:
    if d.args[0] == "proxy_protocol":
        raise d.error('"real_ip_header proxy_protocol" is not supported by moongate')
    _set_once(d, target.conf, "real_ip_header", d.args[0].lower())


@directive("real_ip_recursive", HTTP | SRV | LOC, (1, 1))
def _real_ip_recursive(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "real_ip_recursive", parse_flag(d))


@directive("charset", HTTP | SRV | LOC | LIF, (1, 1))
def _charset(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "charset", "" if d.args[0] == "off" else d.args[0])


@directive("charset_types", HTTP | SRV | LOC, (1, ANY))
def _charset_types(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "charset_types", frozenset(d.args))


@directive("server_tokens proxy_intercept_errors proxy_pass_request_headers proxy_pass_request_body "
           "proxy_buffering proxy_request_buffering proxy_ignore_client_abort log_not_found "
           "absolute_redirect port_in_redirect "
           "server_name_in_redirect chunked_transfer_encoding recursive_error_pages autoindex "
           "autoindex_exact_size autoindex_localtime", HTTP | SRV | LOC, (1, 1))
@directive("lua_code_cache lua_check_client_abort lua_need_request_body lua_use_default_type",
           HTTP | SRV | LOC | LIF, (1, 1))
def _loc_flag(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, parse_flag(d))


@directive("proxy_ssl_server_name proxy_ssl_verify", HTTP | SRV | LOC, (1, 1))
def _proxy_ssl_flag(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, parse_flag(d))


@directive("proxy_ssl_name proxy_ssl_ciphers lua_ssl_ciphers", HTTP | SRV | LOC, (1, 1))
def _proxy_ssl_value(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, d.args[0])


@directive("proxy_ssl_trusted_certificate proxy_ssl_certificate proxy_ssl_certificate_key "
           "lua_ssl_trusted_certificate lua_ssl_crl lua_ssl_certificate lua_ssl_certificate_key",
           HTTP | SRV | LOC, (1, 1))
def _ssl_client_file(b: Builder, d: Directive, target) -> None:
    # PEM files of TLS clients (proxy_pass https://, tcpsock:sslhandshake),
    # relative to the conf's directory as nginx's
    path = os.path.join(os.path.dirname(b.main.file), d.args[0])
    if d.name != "lua_ssl_trusted_certificate":     # read when first used
        _check_pem(d, path)
    _set_once(d, target.conf, d.name, path)


@directive("proxy_ssl_protocols lua_ssl_protocols", HTTP | SRV | LOC, (1, ANY))
def _ssl_client_protocols(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, parse_protocols(d))


@directive("proxy_http_version", HTTP | SRV | LOC, (1, 1))
def _proxy_http_version(b: Builder, d: Directive, target) -> None:
    if d.args[0] not in ("1.0", "1.1"):
        raise d.error(f'invalid value "{d.args[0]}" in "proxy_http_version" directive, '
                      'it must be "1.0" or "1.1"')
    _set_once(d, target.conf, "proxy_http_version", d.args[0])


@directive("access_log", HTTP | SRV | LOC | LIF | LMT, (1, ANY))
def _access_log(b: Builder, d: Directive, target) -> None:
    logs = target.conf.access_log
    if logs is None:
        logs = target.conf.access_log = []
    if d.args[0] == "off":
        return      # [] means off at this level
    fmt = d.args[1] if len(d.args) > 1 else "combined"
    logs.append((d.args[0], fmt))


@directive("add_header", HTTP | SRV | LOC | LIF, (2, 3))
def _add_header(b: Builder, d: Directive, target) -> None:
    if len(d.args) == 3 and d.args[2] != "always":
        raise d.error(f'invalid parameter "{d.args[2]}"')
    _append(target.conf, "add_header", (d.args[0], d.args[1], len(d.args) == 3))


@directive("more_set_headers more_clear_headers more_set_input_headers more_clear_input_headers",
           HTTP | SRV | LOC | LIF, (1, ANY))
def _more_headers(b: Builder, d: Directive, target) -> None:
    """headers-more (bundled with OpenResty): `[-s statuses] [-t types]
    [-r] 'Name: value'...`, each option where headers-more takes it."""
    is_input = "input" in d.name
    options = "tr" if is_input else "ts"
    headers: list[MoreHeader] = []
    types: list[bytes] = []
    statuses: set[int] = set()
    replace = False
    args = iter(d.args)
    for arg in args:
        if not arg:
            continue
        if not arg.startswith("-"):
            headers.append(_more_header(d, arg, d.name.startswith("more_clear")))
        elif len(arg) == 2 and arg[1] in options:
            if arg == "-r":
                replace = True
                continue
            value = next(args, None)
            if value is None:
                raise d.error(f"{d.name}: option {arg} takes an argument.")
            if arg == "-t":
                # a `;` parts types as a space does (what headers-more does)
                types += [t.encode() for t in re.split(r"[\s;]+", value) if t]
            else:
                statuses.update(_more_statuses(d, value))
        else:
            raise d.error(f'{d.name}: invalid option name: "{arg}"')
    if headers:         # options alone do nothing (headers-more accepts them)
        field = "more_input_headers" if is_input else "more_headers"
        _append(target.conf, field, MoreHeaders(tuple(headers), tuple(types),
                                                frozenset(statuses), replace))


def _more_header(d: Directive, arg: str, clear: bool) -> MoreHeader:
    """`Name: value` as headers-more reads it: the name ends at a colon or
    a space, the value starts after any run of both."""
    match = re.match(r"\s*(\S[^:\s]*)[:\s]*(.*)", arg, re.S)
    if match is None:
        raise d.error(f"{d.name}: no key found in the header argument: {arg}")
    name, value = match.group(1), "" if clear else match.group(2)
    wildcard = name.endswith("*")
    if wildcard and len(name) < 2:
        raise d.error(f"{d.name}: wildcard key to short: {arg}")
    raw = name.encode("latin-1")
    return MoreHeader(raw, (raw[:-1] if wildcard else raw).lower(), value, wildcard)


def _more_statuses(d: Directive, value: str) -> list[int]:
    for char in value:
        if not char.isspace() and char not in "0123456789":
            raise d.error(f'{d.name}: invalid digit "{char}" found in the status code list '
                          f'"{value}"')
    return [int(code) for code in value.split()]


NEXT_UPSTREAM = frozenset({"error", "timeout", "invalid_header", "http_500", "http_502",
                           "http_503", "http_504", "http_403", "http_404", "http_429",
                           "non_idempotent"})


@directive("proxy_next_upstream", HTTP | SRV | LOC, (1, ANY))
def _proxy_next_upstream(b: Builder, d: Directive, target) -> None:
    if d.args == ["off"]:
        _set_once(d, target.conf, "proxy_next_upstream", frozenset())
        return
    _set_once(d, target.conf, "proxy_next_upstream", parse_words(d, NEXT_UPSTREAM))


@directive("proxy_next_upstream_tries", HTTP | SRV | LOC, (1, 1))
def _proxy_next_upstream_tries(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "proxy_next_upstream_tries", parse_int(d, d.args[0]))


@directive("proxy_next_upstream_timeout", HTTP | SRV | LOC, (1, 1))
def _proxy_next_upstream_timeout(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, "proxy_next_upstream_timeout", parse_time(d, d.args[0]))


@directive("proxy_method proxy_set_body", HTTP | SRV | LOC, (1, 1))
def _proxy_template(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, d.args[0])


@directive("proxy_hide_header proxy_pass_header", HTTP | SRV | LOC, (1, 1))
def _proxy_header_list(b: Builder, d: Directive, target) -> None:
    _append(target.conf, d.name, d.args[0].lower())


@directive("proxy_redirect proxy_cookie_domain proxy_cookie_path", HTTP | SRV | LOC, (1, 2))
def _proxy_rewrite(b: Builder, d: Directive, target) -> None:
    """A rule of the directive's list, or `off` (an empty list); `off` and
    rules do not mix in one level (nginx: duplicate)."""
    rules = getattr(target.conf, d.name)
    if len(d.args) == 1:
        if d.args[0] == "off":
            if rules is not None:
                raise d.error(f'"{d.name}" directive is duplicate')
            setattr(target.conf, d.name, [])
            return
        if d.args[0] != "default" or d.name != "proxy_redirect":
            raise d.error(f'invalid parameter "{d.args[0]}"')
        rule = _redirect_default(d, target)
    else:
        rule = _rewrite_rule(d, *d.args)
    if rules == []:
        raise d.error(f'"{d.name}" directive is duplicate')
    _append(target.conf, d.name, rule)


def _redirect_default(d: Directive, target) -> ProxyRewrite:
    """proxy_redirect default: only after a proxy_pass of the same location
    (the rule is made of its URL and the location's name)."""
    pp = target.proxy_pass if isinstance(target, Location) else None
    if pp is None:
        raise d.error('"proxy_redirect default" should be placed after the "proxy_pass" directive')
    if pp.template is not None:
        raise d.error('"proxy_redirect default" cannot be used with "proxy_pass" directive '
                      'with variables')
    return REDIRECT_DEFAULT


def _rewrite_rule(d: Directive, pattern: str, replacement: str) -> ProxyRewrite:
    """`~` begins a regex (caseless for a cookie domain, `~*` caseless for
    the others); else the pattern is text with variables."""
    if pattern.startswith("~"):
        pattern = pattern[1:]
        caseless = d.name == "proxy_cookie_domain"
        if not caseless and pattern.startswith("*"):
            pattern, caseless = pattern[1:], True
        return ProxyRewrite(ProxyRewrite.REGEX, conf_regex(d, pattern, caseless), replacement)
    kind = ProxyRewrite.DOMAIN if d.name == "proxy_cookie_domain" else ProxyRewrite.PREFIX
    return ProxyRewrite(kind, pattern, replacement)


@directive("proxy_set_header", HTTP | SRV | LOC, (2, 2))
def _proxy_set_header(b: Builder, d: Directive, target) -> None:
    _append(target.conf, "proxy_set_header", (d.args[0], d.args[1]))


def _append(conf: LocConf, name: str, item) -> None:
    items = getattr(conf, name)
    if items is None:
        setattr(conf, name, [item])
    else:
        items.append(item)


@directive("error_page", HTTP | SRV | LOC | LIF, (2, ANY))
def _error_page(b: Builder, d: Directive, target) -> None:
    args = list(d.args)
    uri = args.pop()
    change: int | None = None
    if args[-1].startswith("="):
        code = args.pop()[1:]
        change = int(code) if code.isdigit() else -1      # -1: `=` alone, the target's status
    pages = target.conf.error_page
    if pages is None:
        pages = target.conf.error_page = {}
    for code in args:
        if not code.isdigit() or not 300 <= int(code) <= 599:
            raise d.error(f'value "{code}" must be between 300 and 599')
        pages[int(code)] = (uri, change)


# -- nginx's map module ---------------------------------------------------------------

@directive("map", HTTP, (2, 2), block=True)
def _map(b: Builder, d: Directive, http: Http) -> None:
    """`map $source $variable { key value; ~regex value; default value; hostnames; }`"""
    name = _variable_name(d, d.args[1])
    m = Map(d.args[0], d.where())
    for entry in d.block:
        if entry.block is not None or len(entry.args) > 1:
            raise entry.error("invalid number of the map parameters")
        if entry.name == "hostnames" and not entry.args:
            m.hostnames = True
            continue
        if entry.name == "volatile" and not entry.args:
            continue                # nothing is cached between reads here anyway
        if not entry.args:
            raise entry.error("invalid number of the map parameters")
        _map_entry(entry, m, entry.name, entry.args[0])
    m.head.sort(key=lambda item: -len(item[0]))     # the longest wildcard wins
    m.tail.sort(key=lambda item: -len(item[0]))
    http.maps[name] = m


def _map_entry(entry: Directive, m: Map, key: str, value: str) -> None:
    if key == "default":
        m.default = value
    elif key.startswith("~"):
        caseless = key.startswith("~*")
        m.regexes.append((conf_regex(entry, key[2:] if caseless else key[1:], caseless), value))
    elif m.hostnames and key.startswith(("*.", ".")):
        if key.startswith("."):     # ".example.com": the name itself too
            m.exact.setdefault(key[1:].lower().encode(), value)
        m.head.append((key.lstrip("*").lower().encode(), value))
    elif m.hostnames and key.endswith(".*"):
        m.tail.append((key[:-1].lower().encode(), value))
    else:
        name = (key[1:] if key.startswith("\\") else key).lower().encode()   # "\\default" is the word itself
        if name in m.exact:
            raise entry.error(f'conflicting parameter "{name.decode("latin-1")}"')
        m.exact[name] = value


# -- nginx's geo and split_clients modules (gateway/geo.py) ----------------------------

def _variable_name(d: Directive, text: str) -> bytes:
    """The name of a variable a directive defines (map, geo, split_clients,
    auth_request_set), from its `$name`."""
    if not text.startswith("$"):
        raise d.error(f'invalid variable name "{text}"')
    return text[1:].lower().encode()


@directive("geo", HTTP, (1, 2), block=True)
def _geo(b: Builder, d: Directive, http: Http) -> None:
    """`geo [$address] $variable { default v; ranges; proxy net; proxy_recursive;
    delete net; net v; }`"""
    name = _variable_name(d, d.args[-1])
    geo = Geo(d.args[0] if len(d.args) == 2 else None, d.where())
    nets: dict[tuple[int, int, int], str] = {}       # (version, prefix, address) -> value
    for entry in d.block:
        words = [entry.name, *entry.args]
        if entry.block is not None or len(words) > 2:
            raise entry.error("invalid number of the geo parameters")
        key, value = words[0], words[-1]
        if len(words) == 1 and key in ("ranges", "proxy_recursive"):
            if key == "ranges":
                geo.ranges = []
            else:
                geo.proxy_recursive = True
        elif len(words) == 1:
            raise entry.error("invalid number of the geo parameters")
        elif key == "default":
            geo.default = value
        elif key == "proxy":
            geo.proxies.append(_geo_network(b, entry, value))
        elif key == "delete":
            net = _geo_network(b, entry, value)
            nets.pop((net.version, net.prefixlen, int(net.network_address)), None)
        elif geo.ranges is not None:
            geo.ranges.append(_geo_range(entry, key, value))
        else:
            net = _geo_network(b, entry, key)
            at = (net.version, net.prefixlen, int(net.network_address))
            if at in nets:
                b.main.notices.append(f'duplicate network "{key}", value: "{value}", old value: '
                                      f'"{nets[at]}" in {entry.where()}')
            nets[at] = value
    by_prefix: dict[tuple[int, int], dict[int, str]] = {}
    for (version, prefix, address), value in nets.items():
        by_prefix.setdefault((version, prefix), {})[address] = value
    for (version, prefix), table in sorted(by_prefix.items(), key=lambda kv: -kv[0][1]):
        geo.networks[version].append((prefix, table))
    if geo.ranges is not None:
        geo.ranges.sort()
    http.maps[name] = geo


def _geo_network(b: Builder, d: Directive, text: str):
    net = parse_network(d, text, f'invalid network "{text}"')
    if "/" in text and ipaddress.ip_interface(text).ip != net.network_address:
        b.main.notices.append(f"low address bits of {text} are meaningless in {d.where()}")
    return net


def _geo_range(d: Directive, text: str, value: str) -> tuple[int, int, str]:
    first, dash, last = text.partition("-")
    try:
        start, end = int(ipaddress.IPv4Address(first)), int(ipaddress.IPv4Address(last))
    except ValueError:
        raise d.error(f'invalid range "{text}"') from None
    if not dash or end < start:
        raise d.error(f'invalid range "{text}"')
    return start, end, value


@directive("split_clients", HTTP, (2, 2), block=True)
def _split_clients(b: Builder, d: Directive, http: Http) -> None:
    """`split_clients "key" $variable { 0.5% a; 20% b; * c; }`"""
    name = _variable_name(d, d.args[1])
    split = SplitClients(d.args[0], d.where())
    total = 0           # in hundredths of a percent, as nginx counts
    for entry in d.block:
        if entry.block is not None or len(entry.args) != 1:
            raise entry.error("invalid number of parameters")
        if entry.name == "*":
            split.parts.append((0xFFFFFFFF, entry.args[0]))
            continue
        m = re.fullmatch(r"(\d+)(?:\.(\d{1,2}))?%", entry.name)
        percent = int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0")) if m else 0
        if not percent:
            raise entry.error(f'invalid percent value "{entry.name}"')
        total += percent
        if total > 10000:
            raise entry.error("percent total is greater than 100%")
        split.parts.append((total * 0xFFFFFFFF // 10000, entry.args[0]))
    http.maps[name] = split


# -- nginx's limit_req and limit_conn modules (gateway/limits.py) ---------------------

ZONE_MIN = 8 * 4096         # nginx: eight pages


def _zone_arg(d: Directive, arg: str) -> tuple[str, int]:
    """`zone=name:size` of limit_req_zone and limit_conn_zone."""
    name, colon, text = arg[5:].partition(":")
    m = _SIZE.fullmatch(text)
    if not colon or not name or m is None:
        raise d.error(f'invalid zone size "{arg}"')
    size = int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30}[m.group(2).lower()]
    if size < ZONE_MIN:
        raise d.error(f'zone "{arg}" is too small')
    return name, size


def _new_zone(d: Directive, http: Http, name: str | None, bound: dict) -> None:
    """A limit zone's name is free: not bound by this directive before,
    nor declared for another use."""
    if name is None:
        raise d.error(f'"{d.name}" must have "zone" parameter')
    if name in bound:
        raise d.error(f'{d.name} "{name}" is already bound to key "{bound[name].key}"')
    if http.zone_taken(name):
        raise d.error(f'the shared memory zone "{name}" is already declared for a different use')


@directive("limit_req_zone", HTTP, (3, 3))
def _limit_req_zone(b: Builder, d: Directive, http: Http) -> None:
    """`limit_req_zone key zone=name:size rate=N[r/s|r/m]`"""
    name, size, rate = None, 0, 1000
    for arg in d.args[1:]:
        if arg.startswith("zone="):
            name, size = _zone_arg(d, arg)
        elif arg.startswith("rate="):
            text, scale = arg[5:], 1
            if text.endswith(("r/s", "r/m")):
                text, scale = text[:-3], 1 if text.endswith("s") else 60
            if not text.isdigit() or int(text) <= 0:
                raise d.error(f'invalid rate "{arg}"')
            rate = int(text) * 1000 // scale
        else:
            raise d.error(f'invalid parameter "{arg}"')
    _new_zone(d, http, name, http.limit_req_zones)
    http.limit_req_zones[name] = LimitReqZone(name, d.args[0], size, rate, d.where())


@directive("limit_conn_zone", HTTP, (2, 2))
def _limit_conn_zone(b: Builder, d: Directive, http: Http) -> None:
    """`limit_conn_zone key zone=name:size`"""
    if not d.args[1].startswith("zone="):
        raise d.error(f'invalid parameter "{d.args[1]}"')
    name, size = _zone_arg(d, d.args[1])
    _new_zone(d, http, name, http.limit_conn_zones)
    http.limit_conn_zones[name] = LimitConnZone(name, d.args[0], size, d.where())


@directive("limit_req", HTTP | SRV | LOC, (1, 3))
def _limit_req(b: Builder, d: Directive, target) -> None:
    """`limit_req zone=name [burst=N] [nodelay | delay=N]`"""
    zone, burst, delay, nodelay = None, 0, 0, False
    for arg in d.args:
        if arg.startswith("zone="):
            zone = arg[5:]
        elif arg.startswith(("burst=", "delay=")):
            what, _, n = arg.partition("=")
            if not n.isdigit() or int(n) <= 0:
                raise d.error(f'invalid {what} value "{arg}"')
            if what == "burst":
                burst = int(n)
            else:
                delay = int(n)
        elif arg == "nodelay":
            nodelay = True
        else:
            raise d.error(f'invalid parameter "{arg}"')
    if zone is None:
        raise d.error('"limit_req" must have "zone" parameter')
    if any(limit.zone == zone for limit in target.conf.limit_req or ()):
        raise d.error('"limit_req" directive is duplicate')
    _append(target.conf, "limit_req", LimitReq(zone, burst * 1000, (burst if nodelay else delay) * 1000))


@directive("limit_conn", HTTP | SRV | LOC, (2, 2))
def _limit_conn(b: Builder, d: Directive, target) -> None:
    """`limit_conn zone number`"""
    zone, n = d.args
    if not n.isdigit() or int(n) <= 0:
        raise d.error(f'invalid number of connections "{n}"')
    if int(n) > 65535:
        raise d.error("connection limit must be less 65536")
    if any(z == zone for z, _ in target.conf.limit_conn or ()):
        raise d.error('"limit_conn" directive is duplicate')
    _append(target.conf, "limit_conn", (zone, int(n)))


@directive("limit_req_status limit_conn_status", HTTP | SRV | LOC, (1, 1))
def _limit_status(b: Builder, d: Directive, target) -> None:
    code = parse_int(d, d.args[0])
    if not 400 <= code <= 599:
        raise d.error("value must be between 400 and 599")
    _set_once(d, target.conf, d.name, code)


LIMIT_LOG_LEVELS = {"info": 7, "notice": 6, "warn": 5, "error": 4}     # gateway.logs.LEVELS


@directive("limit_req_log_level limit_conn_log_level", HTTP | SRV | LOC, (1, 1))
def _limit_log_level(b: Builder, d: Directive, target) -> None:
    level = LIMIT_LOG_LEVELS.get(d.args[0])
    if level is None:
        raise d.error(f'invalid value "{d.args[0]}"')
    _set_once(d, target.conf, d.name, level)


@directive("limit_req_dry_run limit_conn_dry_run", HTTP | SRV | LOC, (1, 1))
def _limit_dry_run(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, parse_flag(d))


# -- nginx's rewrite module: run in conf order ------------------------------------------

@directive("set", SRV | SIF | LOC | LIF, (2, 2))
def _set(b: Builder, d: Directive, target) -> None:
    if not d.args[0].startswith("$"):
        raise d.error(f'invalid variable name "{d.args[0]}"')
    target.script.append(ScriptOp("set", [d.args[0][1:], d.args[1]], d.where()))


@directive("rewrite", SRV | SIF | LOC | LIF, (2, 3))
def _rewrite(b: Builder, d: Directive, target) -> None:
    if len(d.args) == 3 and d.args[2] not in ("last", "break", "redirect", "permanent"):
        raise d.error(f'invalid parameter "{d.args[2]}"')
    regex = conf_regex(d, d.args[0])
    target.script.append(ScriptOp("rewrite", list(d.args), d.where(), regex=regex))


@directive("return", SRV | SIF | LOC | LIF, (1, 2))
def _return(b: Builder, d: Directive, target) -> None:
    code = d.args[0]
    if len(d.args) == 2 and not code.isdigit():
        raise d.error(f'invalid return code "{code}"')
    if len(d.args) == 1 and not code.isdigit() and not code.startswith(
            ("http://", "https://", "$scheme")):
        raise d.error(f'invalid return code "{code}"')
    if code.isdigit() and int(code) > 999:
        raise d.error(f'invalid return code "{code}"')
    target.script.append(ScriptOp("return", list(d.args), d.where()))


@directive("break", SRV | SIF | LOC | LIF, (0, 0))
def _break(b: Builder, d: Directive, target) -> None:
    target.script.append(ScriptOp("break", [], d.where()))


COMPARISONS = ("=", "!=")
MATCHES = ("~", "~*", "!~", "!~*")
FILE_TESTS = ("-f", "!-f", "-d", "!-d", "-e", "!-e", "-x", "!-x")


@directive("if", SRV | LOC, (1, ANY), block=True)
def _if(b: Builder, d: Directive, target) -> None:
    """`if (condition) { ... }`. At server level it holds the rewrite
    module's directives; in a location, nginx makes a location of the
    block, which the request takes when the condition holds (its
    rewrite directives still run in the enclosing location's order)."""
    op = ScriptOp("if", _if_condition(d), d.where())
    if len(op.args) == 3 and op.args[1] in MATCHES:
        op.regex = conf_regex(d, op.args[2], caseless=op.args[1].endswith("*"))
    if isinstance(target, Location):
        inner = Location(target.modifier, target.pattern, d.where(), regex=target.regex)
        b.apply_block(d.block, LIF, inner)
        op.script, inner.script, op.location = inner.script, [], inner
    else:
        b.apply_block(d.block, SIF, op)
    target.script.append(op)


def _if_condition(d: Directive) -> list[str]:
    """The words of an `if` condition, its parentheses taken off, as
    nginx's ngx_http_rewrite_if_condition reads them."""
    words = list(d.args)
    if not words[0].startswith("("):
        raise d.error(f'invalid condition "{words[0]}"')
    words[0] = words[0][1:]
    if words[-1].endswith(")"):
        words[-1] = words[-1][:-1]
    if words[0] == "":
        words.pop(0)
    if words and words[-1] == "" and len(words) != 3:
        words.pop()
    if words and words[0].startswith("$"):
        if len(words) == 1 or len(words) == 3 and words[1] in COMPARISONS + MATCHES:
            return words
        raise d.error(f'unexpected "{words[1]}" in condition')
    if len(words) == 2 and words[0] in FILE_TESTS:
        return words
    raise d.error(f'invalid condition "{words[0] if words else d.args[0]}"')


# -- Lua ---------------------------------------------------------------------------------

def lua_chunk(b: Builder, d: Directive, lead: int = 0) -> LuaChunk:
    """The LuaChunk of a `*_by_lua`, `*_by_lua_block` or `*_by_lua_file`
    directive whose first `lead` arguments are not code (set_by_lua's $var);
    the arguments after the code are set_by_lua's ngx.arg."""
    tag = d.name.rsplit("_by_lua", 1)[0] + "_by_lua"
    rest = d.args[lead:]
    args = rest[1:]
    if d.name.endswith("_file"):
        if "$" in rest[0] and not d.name.startswith("init"):
            # lua-nginx-module evaluates variables in the path per request
            return LuaChunk(d.name, None, "", d.where(), args=args, path_template=rest[0])
        path = b.main.path(rest[0])
        return LuaChunk(d.name, None, "@" + path, d.where(), path=path, args=args)
    chunkname = f"={tag}({os.path.basename(d.file)}:{d.line})"
    return LuaChunk(d.name, rest[0].encode(), chunkname, d.where(), args=args)


def _lua_names(phase: str) -> str:
    return f"{phase}_by_lua {phase}_by_lua_block {phase}_by_lua_file"


@directive(_lua_names("init") + " " + _lua_names("init_worker"), HTTP, (1, 1))
def _init_lua(b: Builder, d: Directive, http: Http) -> None:
    field = d.name.rsplit("_by_lua", 1)[0] + "_by_lua"
    if getattr(http, field) is not None:
        raise d.error(f'"{d.name}" directive is duplicate')
    setattr(http, field, lua_chunk(b, d))


@directive(" ".join(_lua_names(p) for p in ("rewrite", "access", "header_filter", "body_filter", "log")),
           HTTP | SRV | LOC | LIF, (1, 1))
def _phase_lua(b: Builder, d: Directive, target) -> None:
    field = d.name.rsplit("_by_lua", 1)[0] + "_by_lua"
    _set_once(d, target.conf, field, lua_chunk(b, d))


@directive(_lua_names("balancer"), UPS, (1, 1))
def _balancer_lua(b: Builder, d: Directive, up: Upstream) -> None:
    if up.balancer_by_lua is not None:
        raise d.error(f'"{d.name}" directive is duplicate')
    up.balancer_by_lua = lua_chunk(b, d)


@directive(_lua_names("content"), LOC | LIF, (1, 1))
def _content_lua(b: Builder, d: Directive, loc: Location) -> None:
    if loc.content_by_lua is not None or loc.proxy_pass is not None:
        raise d.error(f'"{d.name}" directive is duplicate')
    loc.content_by_lua = lua_chunk(b, d)


@directive(_lua_names("set"), SRV | SIF | LOC | LIF, (2, ANY))
def _set_lua(b: Builder, d: Directive, target) -> None:
    if not d.args[0].startswith("$"):
        raise d.error(f'invalid variable name "{d.args[0]}"')
    if d.lua and len(d.args) != 2:
        raise d.error(f'invalid number of arguments in "{d.name}" directive')
    chunk = lua_chunk(b, d, lead=1)
    target.script.append(ScriptOp("set_by_lua", [d.args[0][1:]], d.where(), lua=chunk))


# -- cosockets (gateway/ngx/socket_tcp.py) --------------------------------------------

@directive("lua_socket_connect_timeout lua_socket_send_timeout lua_socket_read_timeout "
           "lua_socket_keepalive_timeout", HTTP | SRV | LOC | LIF, (1, 1))
def _socket_timeout(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, parse_time(d, d.args[0]))


@directive("lua_socket_pool_size", HTTP | SRV | LOC | LIF, (1, 1))
def _socket_pool_size(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, parse_int(d, d.args[0]))


@directive("lua_socket_buffer_size", HTTP | SRV | LOC | LIF, (1, 1))
def _socket_buffer_size(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, parse_size(d, d.args[0]))


@directive("lua_socket_log_errors", HTTP | SRV | LOC | LIF, (1, 1))
def _socket_log_errors(b: Builder, d: Directive, target) -> None:
    _set_once(d, target.conf, d.name, parse_flag(d))


def _check_pem(d: Directive, path: str) -> None:
    """A TLS file nginx reads when it loads the conf must be there."""
    if not os.path.isfile(path):
        raise d.error(f'cannot load "{path}" for "{d.name}": BIO_new_file() failed '
                      "(2: No such file or directory)")


# -- proxy ---------------------------------------------------------------------------------

@directive("proxy_pass", LOC | LIF | LMT, (1, 1))
def _proxy_pass(b: Builder, d: Directive, loc: Location) -> None:
    if loc.proxy_pass is not None or loc.content_by_lua is not None:
        raise d.error('"proxy_pass" directive is duplicate')
    if "$" in d.args[0]:            # evaluated per request (gateway/proxy.py)
        loc.proxy_pass = ProxyPass("http", "", 80, None, template=d.args[0])
        return
    m = PROXY_URL.fullmatch(d.args[0])
    if not m:
        raise d.error(f'invalid URL prefix in "{d.args[0]}"')
    scheme, hostport, uri = m.groups()
    host, port = parse_addr(d, hostport, None)
    loc.proxy_pass = ProxyPass(scheme, host, port, uri)


# -- after the tree: merging and checks -------------------------------------------------

# Settings whose directives add up over the levels, the enclosing ones'
# first (headers-more's merge)
CUMULATIVE = ("more_headers", "more_input_headers")


def merge_loc(conf: LocConf, parent: LocConf) -> None:
    """Fill every unset setting from the enclosing level (nginx's merge_loc_conf)."""
    for name in LOC_FIELDS:
        if getattr(conf, name) is None:
            setattr(conf, name, getattr(parent, name))
    if conf is not parent:      # a server's own fallback location shares its conf
        for name in CUMULATIVE:
            own, outer = getattr(conf, name), getattr(parent, name)
            if own is not outer and outer:
                setattr(conf, name, outer + own)


def finish_http(http: Http, server_defaults: Server, conf_dir: str) -> None:
    merge_loc(http.conf, DEFAULTS)
    _check_limit_zones(http)
    for srv in http.servers:
        _server_defaults(srv, server_defaults)
        for name in ("ssl_certificate", "ssl_certificate_key"):     # relative to the conf's directory
            files = getattr(srv, name)
            if files:
                setattr(srv, name, [os.path.join(conf_dir, f) for f in files])
        srv.ssl_context = tls.server_context(srv)
        merge_loc(srv.conf, http.conf)
        for loc in srv.locations:
            _finish_location(loc, srv.conf, http)
        srv.index_locations()
        srv.maps = http.maps
        srv.fallback = Location("", "", srv.where, conf=srv.conf, try_files=srv.try_files)
        _finish_location(srv.fallback, srv.conf, http)


def _check_limit_zones(http: Http) -> None:
    """Every limit_req and limit_conn names a zone of its kind (nginx finds
    out when it makes the zones: no file or line)."""
    confs = [http.conf]
    for srv in http.servers:
        confs.append(srv.conf)
        for loc in every_location(srv.locations):
            confs.append(loc.conf)
    for conf in confs:
        zones = [limit.zone for limit in conf.limit_req or ()
                 if limit.zone not in http.limit_req_zones]
        zones += [zone for zone, _ in conf.limit_conn or () if zone not in http.limit_conn_zones]
        if zones:
            raise ConfError(f'zero size shared memory zone "{zones[0]}"')


def _server_defaults(srv: Server, defaults: Server) -> None:
    fresh = Server("")
    for name in ("client_header_timeout", "client_header_buffer_size", "large_client_header_buffers",
                 "ignore_invalid_headers", "underscores_in_headers"):
        if getattr(srv, name) == getattr(fresh, name):
            setattr(srv, name, getattr(defaults, name))
    for name in ("ssl_certificate", "ssl_certificate_key", "ssl_protocols", "ssl_ciphers",
                 "ssl_prefer_server_ciphers"):
        if getattr(srv, name) is None:
            setattr(srv, name, getattr(defaults, name))


def _finish_location(loc: Location, parent: LocConf, http: Http) -> None:
    merge_loc(loc.conf, parent)
    conf = loc.conf
    if conf.charset and conf.default_type in conf.charset_types:
        # the type nginx's charset filter sends when nothing else is set
        conf.default_type = with_charset(conf.default_type, conf.charset)
    loc.preaccess = bool(conf.set_real_ip_from or conf.limit_req or conf.limit_conn)
    loc.checks_auth = ((conf.auth_basic != "off" and bool(conf.auth_basic_user_file))
                       or bool(conf.auth_request))
    loc.lua_rewrite_first = bool(http.rewrite_by_lua_no_postpone) and conf.rewrite_by_lua is not None
    loc.rewrites = bool(loc.script or conf.more_input_headers or loc.lua_rewrite_first)
    loc.ordered_access = (
        (conf.satisfy == "any" and bool(conf.access_rules or loc.checks_auth
                                        or conf.access_by_lua is not None))
        or (bool(http.access_by_lua_no_postpone) and conf.access_by_lua is not None))
    loc.before_content = bool(
        loc.rewrites or conf.lua_need_request_body or conf.rewrite_by_lua is not None
        or loc.preaccess or loc.ordered_access or conf.access_rules or loc.checks_auth
        or conf.access_by_lua is not None or loc.try_files)
    loc.plain_output = (not conf.add_header and not conf.more_headers
                        and conf.lua_use_default_type and conf.header_filter_by_lua is None
                        and conf.body_filter_by_lua is None and conf.expires == "off"
                        and not conf.gzip and not conf.sub_filter)
    pp = loc.proxy_pass
    if pp is not None and pp.port is None:
        up = http.upstreams.get(pp.host)
        if up is None:
            pp.port = pp.default_port
        else:
            pp.upstream = up
    if pp is not None and pp.scheme == "https" and conf.proxy_ssl_verify \
            and not conf.proxy_ssl_trusted_certificate:
        raise ConfError("no proxy_ssl_trusted_certificate for proxy_ssl_verify")
    for inner in loc.locations:
        _finish_location(inner, loc.conf, http)
    for op in loc.script:
        if op.location is not None:
            _finish_block(op.location, loc, http, keeps_lua=True)
    if loc.limit_except is not None:
        _finish_block(loc.limit_except[1], loc, http, keeps_lua=False)


def _finish_block(inner: Location, loc: Location, http: Http, keeps_lua: bool) -> None:
    """The location nginx makes of an `if` or limit_except block takes
    what the block does not set from the enclosing one, as nginx merges
    it: the settings, the content handler, and alias with root; not
    try_files. The handler is proxy_pass, or for an `if` content_by_lua
    too (nginx gives limit_except's block no content handler but the
    proxy's, and none of the location's rewrite directives)."""
    if inner.content_by_lua is None and inner.proxy_pass is None:
        inner.proxy_pass = loc.proxy_pass
        if keeps_lua:
            inner.content_by_lua = loc.content_by_lua
    if inner.conf.root is None:
        inner.alias = loc.alias
    inner.internal = loc.internal
    _finish_location(inner, loc.conf, http)


def build(tree: list[Directive], file: str, prefix: str) -> Main:
    """The model of a parsed conf; raises ConfError."""
    return Builder(file, prefix).build(tree)


__all__ = ["build", "ConfError", "SPECS", "IGNORED"]
