"""nginx's realip module: behind a trusted proxy, the client is the address
the proxy names in a header (real_ip_header: X-Real-IP by default, or
X-Forwarded-For, or any other), not the proxy itself.

It runs where nginx runs it: when the request is read, with the server's
settings, and again in the preaccess phase with the location's, unless an
address was set already. The connection's address is replaced for the rest
of the request ($remote_addr, $remote_port, $binary_remote_addr, allow and
deny, the limits' keys, the client in error.log lines) and given back when
the request ends, as nginx's cleanup does; $realip_remote_addr and
$realip_remote_port keep the proxy's.
"""
from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING

from .request import Request

if TYPE_CHECKING:       # gateway.variables imports this module, and the conf imports that
    from .config.model import LocConf

_SEPARATORS = re.compile(rb"[ ,]+")


class Original:
    """The connection's own address, while a request has replaced it."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.peer = conn.peer
        self.remote_addr = conn.remote_addr

    def restore(self) -> None:
        self.conn.peer, self.conn.remote_addr = self.peer, self.remote_addr


def apply(req: Request, conf: LocConf) -> None:
    """The request's client becomes the address the header names, if the
    connection comes from a trusted proxy (set_real_ip_from)."""
    if req.realip is not None or req.parent is not None:
        return
    conn = req.conn
    if not trusted(conn.peer[0], conf.set_real_ip_from):
        return
    name = conf.real_ip_header.encode()
    values = [value for header, value in req.headers if header.lower() == name]
    if not values:
        return
    # X-Forwarded-For's headers read as one list; of any other, the first
    value = b", ".join(values) if name == b"x-forwarded-for" else values[0]
    addr = forwarded(value, conf.set_real_ip_from, conf.real_ip_recursive)
    if addr is None:
        return
    req.realip = Original(conn)
    req.on_end(req.realip.restore)
    conn.peer = addr
    conn.remote_addr = addr[0].encode()


def trusted(host: str, proxies: list) -> bool:
    """Whether an address (or "unix:") is among set_real_ip_from's."""
    if host == "unix:":
        return "unix:" in proxies
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(p != "unix:" and p.version == ip.version and ip in p for p in proxies)


def forwarded(value: bytes, proxies: list, recursive: bool) -> tuple[str, int] | None:
    """The client a header value (X-Forwarded-For's list) names: its last
    address; recursive, the last one not among the trusted proxies,
    walking left (all trusted: the first). An address that does not parse
    ends the walk (at the start: no client at all). Also geo's `proxy`."""
    found = None
    for token in reversed([t for t in _SEPARATORS.split(value) if t]):
        addr = _address(token.decode("latin-1"))
        if addr is None:
            return found
        found = addr
        if not recursive or not trusted(addr[0], proxies):
            return found
    return found


def _address(text: str) -> tuple[str, int] | None:
    """`addr`, `addr:port`, `[v6]:port` or `v6`, as ngx_parse_addr_port
    reads them: (address as nginx prints it, port or 0)."""
    port = "0"
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest:
            if not rest.startswith(":"):
                return None
            port = rest[1:]
    elif text.count(":") == 1:
        host, _, port = text.partition(":")
    else:
        host = text
    if not port.isdigit() or int(port) > 65535:
        return None
    try:
        return str(ipaddress.ip_address(host)), int(port)
    except ValueError:
        return None
