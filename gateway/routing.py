"""Which server and which location a request goes to, as nginx decides.

Servers: by the listening address, then the Host header against
server_name (exact, then the longest `*.` wildcard, then the longest `.*`
wildcard, then regexes in conf order), else the default server of the address.
Locations: `=` exact; else the longest prefix, and unless it is `^~`, the
first matching regex (`~`, `~*`) in conf order, nested locations included.
"""
from __future__ import annotations

import re

from .config.model import Location, Server
from .config.regex import compile_conf_regex


class ServerNames:
    """The servers of one listening address, indexed for Host lookups."""

    def __init__(self, servers: list[Server], default: Server) -> None:
        self.default = default
        self.exact: dict[str, Server] = {}
        self.head: list[tuple[str, Server]] = []      # "*.example.com" -> ".example.com"
        self.tail: list[tuple[str, Server]] = []      # "www.example.*" -> "www.example."
        self.regex: list[tuple[re.Pattern, Server]] = []
        for srv in servers:
            for name in srv.server_names:
                self._add(name, srv)
        self.head.sort(key=lambda item: -len(item[0]))
        self.tail.sort(key=lambda item: -len(item[0]))

    def _add(self, name: str, srv: Server) -> None:
        if name.startswith("~"):
            self.regex.append((compile_conf_regex(name[1:]), srv))
        elif name.startswith("*."):
            self.head.append((name[1:], srv))
        elif name.startswith("."):          # ".example.com": the name and its subdomains
            self.exact.setdefault(name[1:], srv)
            self.head.append((name, srv))
        elif name.endswith(".*"):
            self.tail.append((name[:-1], srv))
        else:
            self.exact.setdefault(name, srv)

    def find(self, host: str) -> Server:
        return self.lookup(host)[0]

    def lookup(self, host: str) -> tuple[Server, re.Match | None]:
        """The server for a host name, and the match of its server_name
        when a regex named it (its captures are the request's $1.., its
        named groups variables)."""
        srv = wildcard_lookup(host, self.exact, self.head, self.tail)
        if srv is not None:
            return srv, None
        for regex, srv in self.regex:
            m = regex.search(host)
            if m is not None:
                return srv, m
        return self.default, None


def wildcard_lookup(name, exact: dict, head: list, tail: list):
    """nginx's lookup of a host name among names with wildcards: the exact
    name, else the longest ".suffix" (from "*.suffix") it ends with, else
    the longest "prefix." (from "prefix.*") it starts with; None if none."""
    found = exact.get(name)
    if found is not None:
        return found
    for suffix, value in head:
        if name.endswith(suffix):
            return value
    for prefix, value in tail:
        if name.startswith(prefix):
            return value
    return None


# What nginx refuses in a host name: control bytes, space, DEL, a path
# separator, an empty label
_BAD_HOST = re.compile(rb"[\x00-\x20\x7f/]|\.\.").search


def normalise_host(value: bytes) -> str | None:
    """The Host header as server_name matching sees it (lower case, no
    port, no trailing dot), or None for one nginx refuses with a 400
    (ngx_http_validate_host)."""
    if _BAD_HOST(value) is not None:
        return None
    host = value.decode("latin-1").lower()
    end = host.find("]") if host.startswith("[") else -1
    if end > 0:
        host = host[:end + 1]           # an IPv6 literal, its colons kept
    else:
        host = host.partition(":")[0]
    if host.endswith("."):
        host = host[:-1]
    return host or None


def find_location(server: Server, uri: bytes) -> tuple[Location | None, re.Match | None]:
    """The location for a URI among a server's locations, and the regex
    match when a regex location won (for $1..$9): nginx's search. (An
    `=` location is found first by its index, Server.exact.)"""
    loc, match, _ = _find(server.locations, uri.decode("latin-1"))
    return loc, match


def _find(locations: list[Location], uri: str):
    """nginx's ngx_http_core_find_location: (location, match, final)."""
    best: Location | None = None
    for loc in locations:
        if loc.modifier == "=":
            if uri == loc.pattern:
                return loc, None, True
        elif loc.modifier in ("", "^~") and uri.startswith(loc.pattern):
            if best is None or len(loc.pattern) > len(best.pattern):
                best = loc
    found = best
    if best is not None and best.locations:
        # Locations nested in the longest prefix are tried first, their
        # regexes included.
        inner, match, final = _find(best.locations, uri)
        if final:
            return inner, match, True
        found = inner or best
    if best is None or best.modifier != "^~":
        for loc in locations:
            if loc.regex is not None:
                match = loc.regex.search(uri)
                if match:
                    return loc, match, True
    return found, None, False


def named_location(server: Server, name: str) -> Location | None:
    for loc in server.locations:
        if loc.modifier == "@" and loc.pattern == name:
            return loc
    return None
