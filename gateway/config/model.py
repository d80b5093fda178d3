"""The typed config model: what a conf means, whichever syntax spelled it.

The shape is nginx's: a main conf holding the http conf, which holds
servers, which hold locations (nested, or named `@name`). Settings that
nginx merges down (http -> server -> location) live in `LocConf`, one per
level; `gateway.config.build` fills every unset field from the level above,
so at request time a location's LocConf is complete and needs no lookups.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import ClassVar


@dataclass
class LuaChunk:
    """The Lua code of one `*_by_lua*` directive, compiled once per worker."""
    directive: str        # e.g. "content_by_lua_block"
    source: bytes | None  # None for *_by_lua_file: read from `path` when first run
    chunkname: str        # "=content_by_lua(nginx.conf:12)", or "@/abs/path.lua" for *_file
    where: str            # FILE:LINE of the directive, for conf-time errors
    path: str | None = None                         # *_by_lua_file: the file, absolute
    args: list[str] = field(default_factory=list)   # set_by_lua*: $var and its arguments
    # *_by_lua_file with nginx variables in its path: the path as written,
    # made per request (gateway.worker.file_chunk); `path` is None then
    path_template: str | None = None

    @property
    def phase(self) -> str:
        """`content_by_lua_block` -> `content_by_lua*`, the name nginx's errors use."""
        return self.directive.split("_by_lua")[0] + "_by_lua*"


@dataclass
class ScriptOp:
    """One directive of nginx's rewrite module, run in conf order:
    `set`, `rewrite`, `return`, `break`, `if` and `set_by_lua*`."""
    kind: str
    args: list[str]         # an `if`'s: its condition's words
    where: str
    regex: re.Pattern | None = None          # rewrite's pattern, an `if`'s ~ pattern
    lua: LuaChunk | None = None              # set_by_lua*
    script: list[ScriptOp] = field(default_factory=list)     # the body of an `if`
    # an `if` in a location: the location nginx makes of its block
    location: Location | None = None


def script_ops(script: list[ScriptOp]) -> Iterator[ScriptOp]:
    """Every op of a script, those in its `if` blocks too."""
    for op in script:
        yield op
        yield from script_ops(op.script)


def if_locations(script: list[ScriptOp]) -> Iterator[Location]:
    """The locations nginx makes of a location's `if` blocks."""
    return (op.location for op in script if op.location is not None)


def every_location(locations: list[Location]) -> Iterator[Location]:
    """Locations, the nested ones and those of `if` and limit_except blocks too."""
    for loc in locations:
        yield loc
        yield from if_locations(loc.script)
        if loc.limit_except is not None:
            yield loc.limit_except[1]
        yield from every_location(loc.locations)


@dataclass
class Listen:
    host: str             # "" means every address (0.0.0.0)
    port: int
    default_server: bool = False
    reuseport: bool = False
    ssl: bool = False           # TLS on this address (gateway.tls)


@dataclass
class UpstreamServer:
    host: str
    port: int
    weight: int = 1
    max_fails: int = 1
    fail_timeout: float = 10.0
    backup: bool = False
    down: bool = False


@dataclass
class Upstream:
    name: str
    where: str
    servers: list[UpstreamServer] = field(default_factory=list)
    keepalive: int = 0                 # idle connections kept per worker
    keepalive_requests: int = 1000     # a kept connection serves at most these
    keepalive_timeout: float = 60.0    # and is closed after idling this long
    method: str = "round_robin"        # round_robin | least_conn | hash
    hash_key: str | None = None        # hash's key, a value with variables
    hash_consistent: bool = False      # ketama, as nginx's `hash ... consistent`
    balancer_by_lua: LuaChunk | None = None    # picks the peers itself (ngx.balancer)


# proxy_pass's URL: scheme, host[:port], URI part
PROXY_URL = re.compile(r"(https?)://([^/]+)(/.*)?")


@dataclass
class ProxyPass:
    scheme: str           # http or https
    host: str             # an address or an upstream name
    port: int | None      # None: an upstream name, or the scheme's port
    uri: str | None       # the URI part of proxy_pass (None: pass the request URI as is)
    upstream: Upstream | None = None
    # proxy_pass with variables: the URL, evaluated per request (the fields
    # above are then that request's); its URI part replaces the request's whole
    template: str | None = None

    @property
    def default_port(self) -> int:
        return 443 if self.scheme == "https" else 80


@dataclass
class LimitReqZone:
    """`limit_req_zone key zone=name:size rate=N(r/s|r/m)`: buckets per key
    in shared memory (gateway.limit_req)."""
    name: str
    key: str                # a complex value; requests whose key is empty are not limited
    size: int
    rate: int               # milli-requests a second, as nginx keeps it
    where: str


@dataclass
class LimitConnZone:
    """`limit_conn_zone key zone=name:size`: requests in progress per key,
    in shared memory (gateway.limit_conn)."""
    name: str
    key: str
    size: int
    where: str


@dataclass
class LimitReq:
    """`limit_req zone=name [burst=N] [nodelay | delay=N]` (milli-requests)."""
    zone: str
    burst: int = 0
    delay: int = 0          # excess up to this goes undelayed (nodelay: up to burst)


@dataclass(frozen=True)
class ProxyRewrite:
    """One rule of proxy_redirect, proxy_cookie_domain or proxy_cookie_path
    (gateway.proxy_rewrite): what of a header value it matches and what
    replaces that."""
    kind: str                       # one of the kinds below
    pattern: str | re.Pattern | None    # text with variables, or a regex (None: default)
    replacement: str = ""           # text with variables (and a regex's $1...)

    PREFIX: ClassVar[str] = "prefix"    # the value begins with the pattern (case-sensitive)
    REGEX: ClassVar[str] = "regex"      # the regex matches somewhere: the whole value goes
    DOMAIN: ClassVar[str] = "domain"    # the whole value but a leading dot, caseless
    DEFAULT: ClassVar[str] = "default"  # proxy_redirect default: the proxy_pass URL's prefix


# proxy_redirect where no level of the conf has one: `default`
REDIRECT_DEFAULT = ProxyRewrite(ProxyRewrite.DEFAULT, None)


@dataclass(frozen=True)
class MoreHeader:
    """One header of a more_* directive: `Name: value`, or `Name` alone
    (or a clear directive's) to remove it; a name ending in `*` stands for
    every header it begins (headers-more's wildcard)."""
    name: bytes
    lower: bytes                # lower-case, without a wildcard's `*`
    value: str                  # with variables; "" clears
    wildcard: bool = False


@dataclass(frozen=True)
class MoreHeaders:
    """more_set_headers, more_clear_headers, more_set_input_headers or
    more_clear_input_headers (gateway.headers_more): its headers, applied
    when the status is one of `statuses` and the type one of `types`
    (none given: any)."""
    headers: tuple[MoreHeader, ...]
    types: tuple[bytes, ...] = ()
    statuses: frozenset[int] = frozenset()
    replace: bool = False       # -r: input headers are set only where they exist


@dataclass
class LocConf:
    """Settings nginx merges from http to server to location.

    None means "not set at this level"; build.merge_loc fills it from the
    level above and finally from DEFAULTS.
    """
    root: str | None = None
    index: list[str] | None = None
    default_type: str | None = None
    types: dict[str, str] | None = None                 # extension -> MIME type
    client_max_body_size: int | None = None
    client_body_buffer_size: int | None = None      # a bigger body goes to a temp file
    client_body_temp_path: str | None = None
    client_body_timeout: float | None = None
    send_timeout: float | None = None
    keepalive_timeout: float | None = None
    keepalive_requests: int | None = None
    server_tokens: bool | None = None
    log_not_found: bool | None = None           # error.log lines for files not found
    charset: str | None = None                  # "" (off) or added to text types' Content-Type
    charset_types: frozenset[str] | None = None
    expires: int | str | None = None            # "off", "epoch", "max" or seconds (may be < 0)
    etag: bool | None = None                    # static files' ETag
    if_modified_since: str | None = None        # "off", "exact" or "before"
    max_ranges: int | None = None               # -1: no limit; 0: no ranges at all
    # allow/deny: (allow?, network or None for `all`), the first match decides
    access_rules: list[tuple[bool, object]] | None = None
    access_log: list[tuple[str, str]] | None = None     # (path, format name); [] = off
    error_page: dict[int, tuple[str, int | None]] | None = None   # status -> (uri, =code)
    recursive_error_pages: bool | None = None       # an error page's own error follows error_page too
    add_header: list[tuple[str, str, bool]] | None = None         # name, value, always
    lua_code_cache: bool | None = None
    rewrite_by_lua: LuaChunk | None = None
    access_by_lua: LuaChunk | None = None
    header_filter_by_lua: LuaChunk | None = None
    body_filter_by_lua: LuaChunk | None = None
    log_by_lua: LuaChunk | None = None
    proxy_set_header: list[tuple[str, str]] | None = None
    proxy_http_version: str | None = None
    proxy_connect_timeout: float | None = None
    proxy_read_timeout: float | None = None
    proxy_send_timeout: float | None = None
    proxy_next_upstream: frozenset[str] | None = None   # error timeout http_502 ... | off
    proxy_next_upstream_tries: int | None = None        # 0: no limit
    proxy_next_upstream_timeout: float | None = None    # 0: no limit
    proxy_intercept_errors: bool | None = None
    proxy_hide_header: list[str] | None = None          # lower-case names
    proxy_pass_header: list[str] | None = None
    proxy_pass_request_headers: bool | None = None
    proxy_pass_request_body: bool | None = None
    proxy_buffering: bool | None = None
    # the upstream request's method and body instead of the client's (with variables)
    proxy_method: str | None = None
    proxy_set_body: str | None = None
    # the upstream exchange goes on when the client leaves (gateway.proxy)
    proxy_ignore_client_abort: bool | None = None
    # proxy_pass https:// (gateway.tls.upstream_context)
    proxy_ssl_server_name: bool | None = None
    proxy_ssl_name: str | None = None                   # with variables
    proxy_ssl_verify: bool | None = None
    proxy_ssl_trusted_certificate: str | None = None    # absolute once the conf is finished
    proxy_ssl_protocols: tuple[str, ...] | None = None
    proxy_ssl_ciphers: str | None = None
    proxy_ssl_certificate: str | None = None            # a client certificate, and its key
    proxy_ssl_certificate_key: str | None = None
    chunked_transfer_encoding: bool | None = None   # off: a body of unknown length ends the connection
    proxy_request_buffering: bool | None = None
    lua_check_client_abort: bool | None = None      # a client closing aborts Lua handlers
    lua_need_request_body: bool | None = None       # the body is read before the Lua phases
    lua_use_default_type: bool | None = None        # off: Lua's responses get no default_type
    # proxy_redirect, proxy_cookie_domain, proxy_cookie_path: rules in conf
    # order ([]: off)
    proxy_redirect: list[ProxyRewrite] | None = None
    proxy_cookie_domain: list[ProxyRewrite] | None = None
    proxy_cookie_path: list[ProxyRewrite] | None = None
    limit_req: list[LimitReq] | None = None
    limit_req_status: int | None = None
    limit_req_log_level: int | None = None      # refusals; delays one level below
    limit_req_dry_run: bool | None = None
    limit_conn: list[tuple[str, int]] | None = None     # zone, requests at most
    limit_conn_status: int | None = None
    limit_conn_log_level: int | None = None
    limit_conn_dry_run: bool | None = None
    # realip: the proxies trusted (networks, or "unix:"), the header naming
    # the client, and whether to walk X-Forwarded-For past trusted ones
    set_real_ip_from: list | None = None
    satisfy: str | None = None                  # "all" or "any" of the access checks
    auth_basic: str | None = None               # the realm (with variables), or "off"
    absolute_redirect: bool | None = None       # Locations nginx sets (gateway.http.absolute_location)
    port_in_redirect: bool | None = None
    server_name_in_redirect: bool | None = None
    sub_filter: list[tuple[str, str]] | None = None     # string, replacement (gateway.sub_filter)
    # headers-more's directives, the enclosing levels' first (build.merge_loc)
    more_headers: list[MoreHeaders] | None = None           # response headers
    more_input_headers: list[MoreHeaders] | None = None     # request headers
    sub_filter_once: bool | None = None
    sub_filter_types: frozenset[str] | None = None
    sub_filter_last_modified: bool | None = None
    gzip: bool | None = None                    # gateway.gzip_filter
    autoindex: bool | None = None               # directory listings (gateway.autoindex)
    autoindex_format: str | None = None         # html, xml, json or jsonp
    autoindex_exact_size: bool | None = None
    autoindex_localtime: bool | None = None
    gzip_static: str | None = None              # "on", "off" or "always": files' .gz twins (gateway.static)
    gzip_types: frozenset[str] | None = None    # "*": any
    gzip_min_length: int | None = None
    gzip_comp_level: int | None = None
    gzip_vary: bool | None = None
    gzip_proxied: frozenset[str] | None = None  # for requests with Via: off, any, expired...
    gzip_http_version: bytes | None = None
    gzip_disable: list[re.Pattern] | None = None    # User-Agents not to compress for
    auth_basic_user_file: str | None = None     # an htpasswd file's path (with variables)
    auth_request: str | None = None             # a URI ("" for off: gateway.auth_request)
    auth_request_set: list[tuple[bytes, str]] | None = None     # variable name, value
    real_ip_header: str | None = None           # lower-case
    real_ip_recursive: bool | None = None

    # cosockets (gateway/ngx/socket_tcp.py): default timeouts, pool size, idle timeout
    lua_socket_connect_timeout: float | None = None
    lua_socket_send_timeout: float | None = None
    lua_socket_read_timeout: float | None = None
    lua_socket_keepalive_timeout: float | None = None   # 0: idle connections never expire
    lua_socket_pool_size: int | None = None
    lua_socket_buffer_size: int | None = None           # bytes read ahead of the Lua reader
    lua_socket_log_errors: bool | None = None
    lua_ssl_trusted_certificate: str | None = None      # "" (the default): no CA certificates
    lua_ssl_protocols: tuple[str, ...] | None = None    # tcpsock:sslhandshake's versions
    lua_ssl_ciphers: str | None = None
    lua_ssl_crl: str | None = None                      # "": no revocation list
    lua_ssl_certificate: str | None = None              # a client certificate, and its key
    lua_ssl_certificate_key: str | None = None

# The TLS versions servers and clients allow when the conf names none (nginx
# >= 1.23.4's default, as current OpenResty's)
TLS_PROTOCOLS = ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")

DEFAULTS = LocConf(
    # nginx's types when the conf gives none
    root="html", index=["index.html"], default_type="text/plain",
    types={"html": "text/html", "gif": "image/gif", "jpg": "image/jpeg"},
    client_max_body_size=1 << 20, client_body_buffer_size=16 << 10,
    client_body_temp_path="client_body_temp", client_body_timeout=60.0, send_timeout=60.0,
    keepalive_timeout=75.0, keepalive_requests=1000, server_tokens=True, log_not_found=True,
    expires="off", etag=True, if_modified_since="exact", max_ranges=-1, access_rules=[],
    charset="", charset_types=frozenset({"text/html", "text/xml", "text/plain", "text/vnd.wap.wml",
                                         "application/javascript", "application/rss+xml"}),
    access_log=[("logs/access.log", "combined")], error_page={}, recursive_error_pages=False,
    add_header=[],
    lua_code_cache=True, proxy_set_header=[], proxy_http_version="1.0",
    proxy_connect_timeout=60.0, proxy_read_timeout=60.0, proxy_send_timeout=60.0,
    proxy_next_upstream=frozenset({"error", "timeout"}), proxy_next_upstream_tries=0,
    proxy_next_upstream_timeout=0.0, proxy_intercept_errors=False, proxy_ignore_client_abort=False,
    proxy_hide_header=[],
    proxy_pass_header=[], proxy_pass_request_headers=True, proxy_pass_request_body=True,
    proxy_buffering=True, proxy_request_buffering=True,
    proxy_redirect=[REDIRECT_DEFAULT], proxy_cookie_domain=[], proxy_cookie_path=[],
    chunked_transfer_encoding=True,
    proxy_ssl_server_name=False, proxy_ssl_name="$proxy_host", proxy_ssl_verify=False,
    proxy_ssl_trusted_certificate="", proxy_ssl_protocols=TLS_PROTOCOLS,
    proxy_ssl_ciphers="DEFAULT", proxy_ssl_certificate="", proxy_ssl_certificate_key="",
    lua_check_client_abort=False, lua_need_request_body=False, lua_use_default_type=True,
    limit_req=[], limit_req_status=503, limit_req_log_level=4, limit_req_dry_run=False,
    limit_conn=[], limit_conn_status=503, limit_conn_log_level=4, limit_conn_dry_run=False,
    set_real_ip_from=[], real_ip_header="x-real-ip", real_ip_recursive=False,
    satisfy="all", auth_basic="off", auth_basic_user_file="", auth_request="", auth_request_set=[],
    absolute_redirect=True, port_in_redirect=True, server_name_in_redirect=False,
    more_headers=[], more_input_headers=[], sub_filter=[], sub_filter_once=True, sub_filter_types=frozenset({"text/html"}),
    sub_filter_last_modified=False,
    autoindex=False, autoindex_format="html", autoindex_exact_size=True, autoindex_localtime=False,
    gzip=False, gzip_static="off", gzip_types=frozenset({"text/html"}), gzip_min_length=20, gzip_comp_level=1,
    gzip_vary=False, gzip_proxied=frozenset({"off"}), gzip_http_version=b"1.1", gzip_disable=[],
    lua_socket_connect_timeout=60.0, lua_socket_send_timeout=60.0, lua_socket_read_timeout=60.0,
    lua_socket_keepalive_timeout=60.0, lua_socket_pool_size=30, lua_socket_buffer_size=4096,
    lua_socket_log_errors=True, lua_ssl_trusted_certificate="",
    lua_ssl_protocols=TLS_PROTOCOLS, lua_ssl_ciphers="DEFAULT",
    lua_ssl_crl="", lua_ssl_certificate="", lua_ssl_certificate_key="",
)

LOC_FIELDS = tuple(f.name for f in fields(LocConf))


def with_charset(content_type: str, charset: str) -> str:
    """A Content-Type as nginx's charset filter sends it."""
    return f"{content_type}; charset={charset}"


@dataclass
class Location:
    """`location [=|^~|~|~*|@] pattern { ... }`."""
    modifier: str         # "=", "^~", "", "~", "~*" or "@" (named)
    pattern: str
    where: str
    conf: LocConf = field(default_factory=LocConf)
    regex: re.Pattern | None = None
    script: list[ScriptOp] = field(default_factory=list)
    content_by_lua: LuaChunk | None = None
    proxy_pass: ProxyPass | None = None
    locations: list[Location] = field(default_factory=list)    # nested
    internal: bool = False
    alias: str | None = None        # the location's part of the URI replaced by this path
    try_files: list[str] = field(default_factory=list)      # files to try, then a URI or =code
    # rewrite, preaccess, access or try_files have work here (gateway.phases);
    # set when the conf is finished (a location made otherwise runs them all)
    before_content: bool = True
    # no add_header, header_filter_by_lua or body_filter_by_lua: output goes
    # straight to the held body (gateway.ngx.output); set when the conf is finished
    plain_output: bool = False
    # limit_except: the methods allowed, and the location nginx makes of its
    # block for requests of any other method
    limit_except: tuple[frozenset[bytes], Location] | None = None
    # realip, limit_req or limit_conn to run in the preaccess phase; set
    # when the conf is finished
    preaccess: bool = False
    # auth_basic (a realm and a file are set) or auth_request to check in
    # the access phase
    checks_auth: bool = False
    # access checks to run in another order than allow/deny, auth, Lua, each
    # able to refuse: `satisfy any`, or access_by_lua_no_postpone
    # (gateway.phases._ordered_access)
    ordered_access: bool = False
    # rewrite directives, more_set_input_headers or a rewrite_by_lua that
    # runs first (rewrite_by_lua_no_postpone) (gateway.phases._rewrite)
    rewrites: bool = False
    lua_rewrite_first: bool = False

    @property
    def name(self) -> str:
        return f"{self.modifier} {self.pattern}" if self.modifier else self.pattern


@dataclass
class Server:
    where: str
    listen: list[Listen] = field(default_factory=list)
    server_names: list[str] = field(default_factory=list)
    conf: LocConf = field(default_factory=LocConf)
    script: list[ScriptOp] = field(default_factory=list)     # server-level rewrite directives
    locations: list[Location] = field(default_factory=list)
    client_header_timeout: float = 60.0
    client_header_buffer_size: int = 1024
    large_client_header_buffers: tuple[int, int] = (4, 8192)
    # request headers whose names hold anything but letters, digits and
    # "-" (and "_" with underscores_in_headers) are dropped, as nginx does
    ignore_invalid_headers: bool = True
    underscores_in_headers: bool = False
    # TLS (gateway.tls): None where the server sets nothing (the http
    # level's then); the context is made when the conf is finished
    ssl_certificate: list[str] | None = None
    ssl_certificate_key: list[str] | None = None
    ssl_protocols: tuple[str, ...] | None = None
    ssl_ciphers: str | None = None
    ssl_prefer_server_ciphers: bool | None = None
    ssl_context: object = None
    # the `=` locations by their pattern as URIs compare with it (latin-1
    # bytes): an exact match wins over every other location, so finding
    # it is one lookup (gateway.phases); made by index_locations
    exact: dict[bytes, Location] = field(default_factory=dict)
    # the http level's maps (Http.maps), for the variables of its requests
    maps: dict[bytes, Map | Geo | SplitClients] = field(default_factory=dict)
    try_files: list[str] = field(default_factory=list)      # a server-level one: its fallback's
    # Where a URI no location matches goes: the server's own settings, as
    # nginx serves it with them (static files; the server level's Lua
    # phases). Made when the conf is finished (config.build.finish_http).
    fallback: Location | None = None

    def index_locations(self) -> None:
        """Fill `exact` from the server's locations (the first of a pattern wins)."""
        self.exact = {}
        for loc in self.locations:
            if loc.modifier == "=":
                try:
                    self.exact.setdefault(loc.pattern.encode("latin-1"), loc)
                except UnicodeEncodeError:
                    pass        # no URI decoded as latin-1 equals it: nginx's search agrees

    @property
    def first_name(self) -> str:
        """$server_name: the first server_name, or "" as nginx has it."""
        return self.server_names[0] if self.server_names else ""


@dataclass
class Geo:
    """`geo [$address] $variable { ... }`: the value of the most specific
    network holding an address (the client's by default), else the
    default (gateway.geo.geo_value)."""
    source: str | None          # a complex value; None: the client's address
    where: str
    default: str = ""
    # per IP version: (prefix length, {network address as an int: value}),
    # longest prefix first
    networks: dict[int, list[tuple[int, dict[int, str]]]] = field(
        default_factory=lambda: {4: [], 6: []})
    ranges: list[tuple[int, int, str]] | None = None     # `ranges`: IPv4 (first, last, value)
    proxies: list = field(default_factory=list)   # `proxy`: X-Forwarded-For names the client
    proxy_recursive: bool = False
    kind: ClassVar[str] = "geo"     # which block made a variable (gateway.variables._mapped)


@dataclass
class SplitClients:
    """`split_clients "key" $variable { N% value; ... * value; }`: the
    value of the part MurmurHash2 of the key falls in (gateway.geo)."""
    source: str
    where: str
    parts: list[tuple[int, str]] = field(default_factory=list)   # (upper bound of the hash, value)
    kind: ClassVar[str] = "split_clients"


@dataclass
class Map:
    """`map $source $variable { ... }`: $variable is the value of the first
    key the source's value matches (gateway.variables.map_value)."""
    kind: ClassVar[str] = "map"
    source: str                 # a complex value, "$http_upgrade"
    where: str
    exact: dict[bytes, str] = field(default_factory=dict)   # keys lower-cased: nginx ignores case
    regexes: list[tuple[re.Pattern, str]] = field(default_factory=list)    # in conf order
    default: str = ""
    hostnames: bool = False     # keys "*.example.com" and "www.example.*" (and ".example.com")
    head: list[tuple[bytes, str]] = field(default_factory=list)    # ".example.com" suffixes
    tail: list[tuple[bytes, str]] = field(default_factory=list)    # "www.example." prefixes


@dataclass
class Http:
    conf: LocConf = field(default_factory=LocConf)
    servers: list[Server] = field(default_factory=list)
    upstreams: dict[str, Upstream] = field(default_factory=dict)
    log_formats: dict[str, str] = field(default_factory=dict)
    lua_package_path: str | None = None
    lua_package_cpath: str | None = None
    lua_shared_dict: dict[str, int] = field(default_factory=dict)   # name -> bytes
    lua_regex_cache_max_entries: int | None = None   # None: 1024
    lua_regex_match_limit: int | None = None         # None or 0: PCRE2's default
    lua_load_resty_core: bool | None = None          # None: on (lualib/resty/core)
    # rewrite_by_lua / access_by_lua first in their phase, not last
    rewrite_by_lua_no_postpone: bool | None = None
    access_by_lua_no_postpone: bool | None = None
    lua_max_pending_timers: int | None = None        # None: 1024
    lua_max_running_timers: int | None = None        # None: 256
    init_by_lua: LuaChunk | None = None
    init_worker_by_lua: LuaChunk | None = None
    # the variables map, geo and split_clients blocks define, by name
    maps: dict[bytes, Map | Geo | SplitClients] = field(default_factory=dict)
    limit_req_zones: dict[str, LimitReqZone] = field(default_factory=dict)
    limit_conn_zones: dict[str, LimitConnZone] = field(default_factory=dict)

    def zone_taken(self, name: str) -> bool:
        """A shared memory zone of that name is declared (nginx's zones
        share one namespace, whatever their use)."""
        return (name in self.lua_shared_dict or name in self.limit_req_zones
                or name in self.limit_conn_zones)


@dataclass
class Main:
    """The whole conf: main context, events and http."""
    file: str             # the conf file, absolute
    prefix: str           # -p, absolute; relative paths resolve against it
    worker_processes: int = 1
    error_log: list[tuple[str, str]] = field(default_factory=list)   # (path, level)
    pid: str = "logs/moongate.pid"
    daemon: bool = False           # nginx defaults to on; Moongate stays in the foreground unless told
    master_process: bool = True
    worker_shutdown_timeout: float | None = None    # a graceful stop waits this long at most
    worker_connections: int = 512
    env: list[str] = field(default_factory=list)
    http: Http | None = None
    notices: list[str] = field(default_factory=list)    # conf-time notices, logged at start

    def path(self, p: str) -> str:
        """A conf path as nginx resolves it: relative to the prefix."""
        import os
        return p if os.path.isabs(p) else os.path.join(self.prefix, p)
