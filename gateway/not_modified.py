"""Conditional requests for static files, as nginx's not_modified filter
answers them: If-Unmodified-Since and If-Match fail with a 412,
If-Modified-Since (`if_modified_since exact`, nginx's default) and
If-None-Match make a 304."""
from __future__ import annotations

from .ngx.time import parse_http_time
from .request import Request


def precondition(req: Request, mtime: int, etag: bytes, if_modified_since: str) -> int:
    """The status the request's conditions call for with a file of this
    modification time and entity tag (b"": none): 0 (send it), 304 or
    412. `if_modified_since`: off, exact or before, as the directive."""
    since = req.header(b"if-unmodified-since")
    if since is not None:
        t = parse_http_time(since)
        if t is None or t < mtime:
            return 412
    wanted = req.header(b"if-match")
    if wanted is not None and not etag_matches(wanted, etag, weak=False):
        return 412
    since = req.header(b"if-modified-since")
    unwanted = req.header(b"if-none-match")
    if since is None and unwanted is None:
        return 0
    if since is not None and not _unmodified_since(since, mtime, if_modified_since):
        return 0
    if unwanted is not None and not etag_matches(unwanted, etag, weak=True):
        return 0
    return 304


def _unmodified_since(since: bytes, mtime: int, how: str) -> bool:
    if how == "off":
        return False
    t = parse_http_time(since)
    return t is not None and (t == mtime or how == "before" and t >= mtime)


def etag_matches(value: bytes, etag: bytes, weak: bool) -> bool:
    """Whether an If-Match / If-None-Match list names the tag (`*` names
    any); a weak comparison ignores the `W/` marks."""
    if value == b"*":
        return True
    if not etag:
        return False
    if weak and etag.startswith(b"W/"):
        etag = etag[2:]
    for item in value.split(b","):
        item = item.strip(b" \t")
        if weak and item.startswith(b"W/"):
            item = item[2:]
        if item == etag:
            return True
    return False
