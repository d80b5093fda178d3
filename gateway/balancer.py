"""Choosing an upstream server for a request, as nginx's upstream modules do.

A Balancer is one worker's view of an `upstream` block: a Peer per server
with its round-robin weight, its failures and its open connections. A
request asks a Selection for peers one at a time (the first try, then each
proxy_next_upstream retry) and reports how each went:

- round robin: nginx's smooth weighted round robin;
- least_conn: the fewest active connections relative to the weight, ties
  by round robin;
- hash KEY: nginx's Cache::Memcached-compatible hash of the key (CRC32),
  rehashed when the server it lands on is unavailable; with `consistent`,
  ketama points (160 per unit of weight) on a ring.

A server that failed max_fails times within fail_timeout is left out for
fail_timeout (unless it is the upstream's only server, as in nginx);
`down` servers never take requests; `backup` servers only when no primary
one is available.
"""
from __future__ import annotations

import bisect
import zlib
from time import monotonic

from .config.model import Upstream, UpstreamServer

HASH_TRIES = 20             # nginx gives up hashing after this many misses
KETAMA_POINTS = 160         # ring points per unit of weight


class Peer:
    __slots__ = ("server", "addr", "name", "weight", "current", "fails", "checked", "conns",
                 "solo")

    def __init__(self, server: UpstreamServer) -> None:
        self.server = server
        self.addr = (server.host, server.port)
        self.name = f"{server.host}:{server.port}"
        self.weight = server.weight
        self.current = 0            # smooth round robin's running weight
        self.fails = 0
        self.checked = 0.0          # when the last failure was counted
        self.conns = 0              # requests in flight (least_conn)
        self.solo = False           # the only server: failures never disable it

    def available(self, now: float) -> bool:
        s = self.server
        if s.down:
            return False
        return self.solo or not (s.max_fails and self.fails >= s.max_fails and now - self.checked <= s.fail_timeout)


class Balancer:
    def __init__(self, upstream: Upstream) -> None:
        self.upstream = upstream
        self.primary = [Peer(s) for s in upstream.servers if not s.backup]
        self.backup = [Peer(s) for s in upstream.servers if s.backup]
        self.total_weight = sum(p.weight for p in self.primary)
        # nginx's peers->single: one server and no backup, the only peer
        # any method can pick (Selection.next takes it straight)
        self.single: Peer | None = None
        if len(self.primary) == 1 and not self.backup:
            self.single = self.primary[0]
            self.single.solo = True
        self.ring: list[tuple[int, Peer]] | None = None       # consistent hash, built once

    def failed(self, peer: Peer) -> None:
        peer.fails += 1
        peer.checked = monotonic()

    def succeeded(self, peer: Peer) -> None:
        if peer.fails and monotonic() - peer.checked > peer.server.fail_timeout:
            peer.fails = 0

    # -- the methods --------------------------------------------------------------------
    def round_robin(self, peers: list[Peer], tried: set, now: float) -> Peer | None:
        best = None
        total = 0
        for p in peers:
            if p in tried or not p.available(now):
                continue
            p.current += p.weight
            total += p.weight
            if best is None or p.current > best.current:
                best = p
        if best is not None:
            best.current -= total
        return best

    def least_conn(self, peers: list[Peer], tried: set, now: float) -> Peer | None:
        live = [p for p in peers if p not in tried and p.available(now)]
        if not live:
            return None
        fewest = min(live, key=lambda p: p.conns / p.weight)
        tied = [p for p in live if p.conns * fewest.weight == fewest.conns * p.weight]
        return tied[0] if len(tied) == 1 else self.round_robin(tied, tried, now)

    def consistent_ring(self) -> list[tuple[int, Peer]]:
        """ketama points: each server's CRC32 chain from "host\\0port"."""
        if self.ring is None:
            points: dict[int, Peer] = {}
            for peer in self.primary:
                base = f"{peer.server.host}\0{peer.server.port}".encode()
                prev = 0
                for _ in range(peer.weight * KETAMA_POINTS):
                    prev = zlib.crc32(base + prev.to_bytes(4, "little"))
                    points.setdefault(prev, peer)
            self.ring = sorted(points.items(), key=lambda item: item[0])
        return self.ring


class Selection:
    """One request's tries of a balancer's peers, in the order it should
    try them: which peers it had, and the hash state. It tells the
    balancer how each try went."""
    __slots__ = ("balancer", "key", "tried", "hash", "rehash", "ring_at")

    def __init__(self, balancer: Balancer, key: bytes | None) -> None:
        self.balancer = balancer
        self.key = key
        self.tried: set[Peer] = set()
        self.hash = 0
        self.rehash = 0
        self.ring_at: int | None = None

    def next(self) -> Peer | None:
        """The next peer to try, or None when none is left."""
        b = self.balancer
        single = b.single
        if single is not None:      # hot path: an upstream of one server
            if self.tried or single.server.down:
                return None
            self.tried.add(single)
            return single
        now = monotonic()
        method = b.upstream.method
        peer = None
        if method == "hash" and b.upstream.hash_consistent:
            peer = self._consistent(now)
        elif method == "hash":
            peer = self._hash(now)
        elif method == "least_conn":
            peer = b.least_conn(b.primary, self.tried, now)
        else:
            peer = b.round_robin(b.primary, self.tried, now)
        if peer is None and b.backup:
            pick = b.least_conn if method == "least_conn" else b.round_robin
            peer = pick(b.backup, self.tried, now)
        if peer is not None:
            self.tried.add(peer)
        return peer

    def failed(self, peer: Peer, status: int, next_only: bool) -> None:
        """A try failed; next_only: it counts for proxy_next_upstream only
        (an http_403 or http_404 answer), not against the peer."""
        if not next_only:
            self.balancer.failed(peer)

    def succeeded(self, peer: Peer) -> None:
        self.balancer.succeeded(peer)

    def one_more(self, peer: Peer) -> None:
        """One try more, after peer failed on a kept-alive connection: for
        an upstream of one server, that server again (with a fresh
        connection once the pool has no other); otherwise the next one."""
        if peer is self.balancer.single:
            self.tried.discard(peer)

    def _hash(self, now: float) -> Peer | None:
        b = self.balancer
        for _ in range(HASH_TRIES if b.total_weight else 0):
            data = (b"%d" % self.rehash if self.rehash else b"") + (self.key or b"")
            self.hash += (zlib.crc32(data) >> 16) & 0x7FFF
            self.rehash += 1
            w = self.hash % b.total_weight
            for peer in b.primary:
                if w < peer.weight:
                    break
                w -= peer.weight
            if peer not in self.tried and peer.available(now):
                return peer
        return b.round_robin(b.primary, self.tried, now)

    def _consistent(self, now: float) -> Peer | None:
        b = self.balancer
        ring = b.consistent_ring()
        if not ring:
            return None
        if self.ring_at is None:
            at = bisect.bisect_left(ring, zlib.crc32(self.key or b""), key=lambda item: item[0])
            self.ring_at = at
        for _ in range(HASH_TRIES):
            peer = ring[self.ring_at % len(ring)][1]
            self.ring_at += 1
            if peer not in self.tried and peer.available(now):
                return peer
        return b.round_robin(b.primary, self.tried, now)
