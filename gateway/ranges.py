"""Byte ranges of static files, as nginx's range filter serves them: one
range is a 206 with Content-Range, several a multipart/byteranges body,
a Range no byte of the file satisfies a 416; anything else (another
unit, an If-Range that no longer holds, ranges adding up to more than
the file) gets the whole file."""
from __future__ import annotations

import itertools

from .ngx.time import parse_http_time
from .request import Request

NOT_SATISFIABLE = 416
# nginx numbers its multipart boundaries with a counter, zero-padded to
# the width of its atomic type's largest value
_boundaries = itertools.count(1)
BOUNDARY_DIGITS = 20


def wanted(req: Request, size: int, mtime: int, etag: bytes,
           max_ranges: int) -> list[tuple[int, int]] | int | None:
    """The (start, end) byte ranges, end excluded, a Range header asks
    of a file; NOT_SATISFIABLE; or None for the whole file (also past
    max_ranges ranges; -1: no limit, 0: never)."""
    if max_ranges == 0:
        return None
    value = req.header(b"range")
    if value is None or len(value) < 7 or value[:6].lower() != b"bytes=":
        return None
    condition = req.header(b"if-range")
    if condition is not None:
        if condition.endswith(b'"'):
            if condition != etag:
                return None
        elif parse_http_time(condition) != mtime:
            return None
    found = parse(value[6:], size)
    if found.__class__ is list and 0 < max_ranges < len(found):
        return None
    return found


def parse(spec: bytes, size: int) -> list[tuple[int, int]] | int | None:
    """nginx's ngx_http_range_parse of what follows `bytes=`."""
    ranges: list[tuple[int, int]] = []
    total = 0
    for item in spec.split(b","):
        first, dash, last = item.strip(b" ").partition(b"-")
        first, last = first.rstrip(b" "), last.lstrip(b" ")
        if not dash or not (first.isdigit() or not first) or not (last.isdigit() or first and not last):
            return NOT_SATISFIABLE
        if not first:                   # a suffix: the last bytes
            start, end = max(size - int(last), 0), size
        else:
            start = int(first)
            end = size if not last else min(int(last) + 1, size)
        if start < end:
            ranges.append((start, end))
            total += end - start
        elif start == 0:
            return None                 # an empty file: nginx sends it whole
    if not ranges:
        return NOT_SATISFIABLE
    return None if total > size else ranges


def single(start: int, end: int, size: int) -> bytes:
    """The Content-Range of one range."""
    return b"bytes %d-%d/%d" % (start, end - 1, size)


def multipart(data: bytes, ranges: list[tuple[int, int]], content_type: bytes) -> tuple[bytes, bytes]:
    """The Content-Type and body of a multipart/byteranges answer."""
    boundary = b"%0*d" % (BOUNDARY_DIGITS, next(_boundaries))
    size = len(data)
    parts = []
    for start, end in ranges:
        parts += [b"\r\n--", boundary, b"\r\nContent-Type: ", content_type,
                  b"\r\nContent-Range: ", single(start, end, size), b"\r\n\r\n", data[start:end]]
    parts += [b"\r\n--", boundary, b"--\r\n"]
    return b"multipart/byteranges; boundary=" + boundary, b"".join(parts)
