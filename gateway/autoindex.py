"""autoindex: the listing of a directory whose URI ends in "/" and that has
no index file, in nginx's formats (html, json, jsonp, xml) byte for byte:
directories first, then by name, hidden files left out; names of more than
50 characters cut in the html table; autoindex_exact_size and
autoindex_localtime."""
from __future__ import annotations

import html
import json
import os
import re
import stat
import time
from email.utils import formatdate

from . import output, variables
from .csrc import lib
from .ngx.escape import escape
from .request import Request

NAME_LEN = 50           # the html table's name column (NGX_HTTP_AUTOINDEX_NAME_LEN)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# a jsonp callback nginx takes: letters, digits, `_`, `.` and `[...]`
CALLBACK = re.compile(rb"[A-Za-z0-9_.\[\]]+")
TYPES = {"html": b"text/html", "json": b"application/json", "jsonp": b"application/javascript",
         "xml": b"text/xml; charset=utf-8"}


class Entry:
    __slots__ = ("name", "is_dir", "mtime", "size")

    def __init__(self, name: bytes, st: os.stat_result) -> None:
        self.name = name
        self.is_dir = stat.S_ISDIR(st.st_mode)
        self.mtime = int(st.st_mtime)
        self.size = st.st_size


def serve(w, req: Request, directory: str) -> int:
    """The listing as the response; a status for the caller to finalize."""
    conf = req.loc.conf
    callback = b""
    if conf.autoindex_format == "jsonp":
        callback = variables.get(req, b"arg_callback") or b""
        if callback and not CALLBACK.fullmatch(callback):
            w.error_log.log(7, f'client sent invalid callback name: "{callback.decode("latin-1")}"',
                            req.number, w.log_context(req))
            return 400
    try:
        entries = _entries(directory)
    except OSError as exc:
        w.error_log.log(3, f'opendir() "{directory}" failed ({exc.errno}: {exc.strerror})',
                        req.number, w.log_context(req))
        return 500
    body = _render(req, conf, entries, callback)
    req.status = 200
    req.out_headers.set(b"Content-Type", TYPES[conf.autoindex_format])
    req.out_headers.set(b"Content-Length", b"%d" % len(body))
    output.emit(w, req, body, True)
    return 0


def _entries(directory: str) -> list[Entry]:
    entries = []
    with os.scandir(os.fsencode(directory)) as it:
        for item in it:
            if item.name.startswith(b"."):
                continue
            try:
                entries.append(Entry(item.name, item.stat()))
            except OSError:
                continue        # gone since it was listed
    entries.sort(key=lambda e: (not e.is_dir, e.name))
    return entries


def _render(req: Request, conf, entries: list[Entry], callback: bytes) -> bytes:
    fmt = conf.autoindex_format
    if fmt == "html":
        # names count in characters where the charset says UTF-8, else in bytes (nginx)
        utf8 = conf.charset.lower() == "utf-8"
        return _html(req.uri, entries, conf.autoindex_exact_size, conf.autoindex_localtime, utf8)
    if fmt == "xml":
        return _xml(entries, conf.autoindex_localtime)
    body = _json(entries)
    if fmt == "jsonp" and callback:
        return b"/* callback */\r\n" + callback + b"(" + body + b");"
    return body


def _html(uri: bytes, entries: list[Entry], exact: bool, localtime: bool, utf8: bool) -> bytes:
    title = _html_escape(uri)
    lines = [b"<html>\r\n<head><title>Index of " + title + b"</title></head>\r\n<body>\r\n"
             b"<h1>Index of " + title + b"</h1><hr><pre><a href=\"../\">../</a>\r\n"]
    for e in entries:
        name = e.name + b"/" if e.is_dir else e.name
        text, length = _column(name, utf8)
        pad = b" " * (NAME_LEN - length + 1) if length < NAME_LEN else b" "
        when = time.localtime(e.mtime) if localtime else time.gmtime(e.mtime)
        date = b"%02d-%s-%d %02d:%02d " % (when.tm_mday, MONTHS[when.tm_mon - 1].encode(),
                                          when.tm_year, when.tm_hour, when.tm_min)
        href = escape(e.name, lib.MG_FFI_ESCAPE_URI_COMPONENT) + (b"/" if e.is_dir else b"")
        lines.append(b'<a href="' + href + b'">' + text + b"</a>" + pad + date + _size(e, exact)
                     + b"\r\n")
    lines.append(b"</pre><hr></body>\r\n</html>\r\n")
    return b"".join(lines)


def _column(name: bytes, utf8: bool) -> tuple[bytes, int]:
    """A name as the html table shows it (cut to the column, `..>` for the
    rest), escaped, and its length: in characters for UTF-8 (a name that
    is not UTF-8 counts in bytes then too), else in bytes."""
    encoding = "latin-1"
    if utf8:
        try:
            name.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            pass
    chars = name.decode(encoding)
    if len(chars) > NAME_LEN:
        return _html_escape(chars[:NAME_LEN - 3].encode(encoding)) + b"..&gt;", NAME_LEN
    return _html_escape(name), len(chars)


def _size(e: Entry, exact: bool) -> bytes:
    """The size column: bytes, or nginx's rounded K, M and G."""
    if exact:
        return b"%19s" % (b"-" if e.is_dir else b"%d" % e.size)
    if e.is_dir:
        return b"      -"
    size = e.size
    for unit, scale in ((1 << 30, b"G"), (1 << 20, b"M"), (1024, b"K")):
        if size > (unit - 1 if unit > 1024 else 9999):
            n = size // unit + (1 if size % unit > unit // 2 - 1 else 0)
            return b"%6d%s" % (n, scale)
    return b" %6d" % size


def _json(entries: list[Entry]) -> bytes:
    items = []
    for e in entries:
        name = json.dumps(e.name.decode("utf-8", "surrogateescape"), ensure_ascii=False)[1:-1]
        item = (b'{ "name":"' + name.encode("utf-8", "surrogateescape") + b'", "type":"'
                + (b"directory" if e.is_dir else b"file") + b'", "mtime":"'
                + formatdate(e.mtime, usegmt=True).encode() + b'"')
        if not e.is_dir:
            item += b', "size":%d' % e.size
        items.append(item + b" }")
    return b"[\r\n" + b",\r\n".join(items) + (b"\r\n]" if items else b"]")


def _xml(entries: list[Entry], localtime: bool) -> bytes:
    lines = [b'<?xml version="1.0"?>\r\n<list>\r\n']
    for e in entries:
        when = time.localtime(e.mtime) if localtime else time.gmtime(e.mtime)
        mtime = time.strftime("%Y-%m-%dT%H:%M:%SZ", when).encode()
        name = _html_escape(e.name)
        if e.is_dir:
            lines.append(b'<directory mtime="' + mtime + b'">' + name + b"</directory>\r\n")
        else:
            lines.append(b'<file mtime="' + mtime + b'" size="%d">' % e.size + name
                         + b"</file>\r\n")
    lines.append(b"</list>\r\n")
    return b"".join(lines)


def _html_escape(data: bytes) -> bytes:
    return html.escape(data.decode("latin-1"), quote=True).replace("&#x27;", "'").encode("latin-1")
