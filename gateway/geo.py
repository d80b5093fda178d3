"""nginx's geo and split_clients modules at request time: the values of
the variables their blocks define (gateway.config.model.Geo and
SplitClients; gateway.variables reads them with map's)."""
from __future__ import annotations

import bisect
import ipaddress

from . import realip
from .request import Request


def geo_value(req: Request, geo) -> bytes:
    """nginx's geo: the value of the most specific network holding the
    address (with `ranges`, of the range holding it), else the default."""
    if geo.source is not None:
        text = req.conn.worker.template(geo.source).render(req).decode("latin-1")
    else:
        text = req.conn.peer[0]
        if geo.proxies and realip.trusted(text, geo.proxies):
            forwarded = req.header(b"x-forwarded-for")
            addr = forwarded and realip.forwarded(forwarded, geo.proxies, geo.proxy_recursive)
            if addr:
                text = addr[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        ip = ipaddress.IPv4Address("255.255.255.255")      # nginx's INADDR_NONE
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    value = int(ip)
    if geo.ranges is not None:
        if ip.version == 4:
            at = bisect.bisect_right(geo.ranges, (value, 0xFFFFFFFF, "\uffff")) - 1
            if at >= 0 and geo.ranges[at][0] <= value <= geo.ranges[at][1]:
                return geo.ranges[at][2].encode()
        return geo.default.encode()
    bits = ip.max_prefixlen
    for prefix, table in geo.networks[ip.version]:
        found = table.get(value >> (bits - prefix) << (bits - prefix))
        if found is not None:
            return found.encode()
    return geo.default.encode()


def split_value(req: Request, split) -> bytes:
    """nginx's split_clients: the part MurmurHash2 of the key falls in."""
    h = murmur_hash2(req.conn.worker.template(split.source).render(req))
    for bound, value in split.parts:
        if h < bound or bound == 0xFFFFFFFF:
            return value.encode()
    return b""


def murmur_hash2(data: bytes) -> int:
    """ngx_murmur_hash2: MurmurHash2, 32 bits, seed 0."""
    m, mask = 0x5BD1E995, 0xFFFFFFFF
    n = len(data)
    h = n & mask
    whole = n - n % 4
    for i in range(0, whole, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * m) & mask
        k ^= k >> 24
        k = (k * m) & mask
        h = ((h * m) & mask) ^ k
    rest = n - whole
    if rest == 3:
        h ^= data[whole + 2] << 16
    if rest >= 2:
        h ^= data[whole + 1] << 8
    if rest >= 1:
        h ^= data[whole]
        h = (h * m) & mask
    h ^= h >> 13
    h = (h * m) & mask
    h ^= h >> 15
    return h
