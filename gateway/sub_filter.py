"""nginx's sub filter: strings of a response body replaced by others.

The header filter (gateway.output.send_header, before gzip's) takes a
response whose type is among sub_filter_types and whose length is not
known to be 0: a main request's loses Content-Length, and Last-Modified
and ETag unless sub_filter_last_modified keeps them (its ETag weak).

The body is rewritten as it is written (gateway.output.write_out, before
gzip): each sub_filter string is matched ignoring case, the earliest
match first (at one place, the first string of the conf); with
sub_filter_once, each string is replaced once. A string may straddle two
writes: the end of a write that could begin one is held for the next.
"""
from __future__ import annotations

from .config.model import LocConf
from .request import Request


class Substitution:
    """One response's replacements and what it holds back."""

    def __init__(self, pairs: list[tuple[bytes, bytes]], once: bool) -> None:
        self.pairs = pairs                  # (lower-case string, replacement)
        self.once = once
        self.left = list(range(len(pairs)))     # strings still to replace
        self.hold = max(len(p) for p, _ in pairs) - 1
        self.tail = b""

    def feed(self, data: bytes, last: bool) -> bytes:
        buf = self.tail + data
        low = buf.lower()
        out = []
        pos = 0
        while self.left:
            best_at, best = -1, -1
            for i in self.left:
                at = low.find(self.pairs[i][0], pos)
                if at >= 0 and (best_at < 0 or at < best_at):
                    best_at, best = at, i
            if best < 0:
                break
            out += (buf[pos:best_at], self.pairs[best][1])
            pos = best_at + len(self.pairs[best][0])
            if self.once:
                self.left.remove(best)
        keep = 0 if last or not self.left else min(self.hold, len(buf) - pos)
        out.append(buf[pos:len(buf) - keep])
        self.tail = buf[len(buf) - keep:]
        return b"".join(out)


def start(w, req: Request, conf: LocConf) -> None:
    """At the header filters: rewrite this response's body, or not."""
    headers = req.out_headers
    length = headers.value(b"content-length")
    mime = req.response_type()
    if (length == b"0" or req.method == b"HEAD"
            or (mime not in conf.sub_filter_types and "*" not in conf.sub_filter_types)):
        return
    if req.parent is None:
        headers.set(b"Content-Length", None)
        if not conf.sub_filter_last_modified:
            headers.set(b"Last-Modified", None)
            headers.set(b"ETag", None)
        else:
            headers.weaken_etag()
    pairs = [(text.lower().encode("latin-1"), w.template(value).render(req))
             for text, value in conf.sub_filter]
    req.sub = Substitution(pairs, conf.sub_filter_once)

