"""Static files: `root` + URI (or `alias`), `index` for directories,
`try_files`, types by extension."""
from __future__ import annotations

import errno
import os
import stat
from email.utils import formatdate

from . import autoindex, gzip_filter, not_modified, output, ranges
from .flow import KEEP_ARGS, Finalize, Redirect
from .http import absolute_location
from .request import Request


def serve(w, req: Request) -> int:
    """The static content handler; a status for the caller to finalize, or 0."""
    if req.method not in (b"GET", b"HEAD", b"POST"):
        return 405
    uri = req.uri.decode("latin-1")
    base, path = local_path(w, req, uri)
    if not (path + "/").startswith(os.path.normpath(base) + "/"):
        return 403
    if uri.endswith("/"):
        return _index(w, req, path, uri)
    if req.loc.conf.gzip_static != "off" and req.method != b"POST":
        status = _gzip_static(w, req, path)
        if status is not None:
            return status
    try:
        st = os.stat(path)
    except OSError as exc:
        return _open_failed(w, req, path, exc)
    if os.path.isdir(path):
        location = uri + "/" + (("?" + req.args.decode("latin-1")) if req.args else "")
        req.out_headers.set(b"Location", absolute_location(req, location.encode("latin-1")))
        return 301
    if req.method == b"POST":
        return 405
    return _send_file(w, req, path, st)


def local_path(w, req: Request, uri: str) -> tuple[str, str]:
    """The directory a URI's file must stay in, and the file: root + URI,
    or the location's alias in place of the part of the URI the location
    matched (all of the path, with its captures, for a regex location)."""
    loc = req.loc
    if loc.alias is None:
        root = w.main.path(loc.conf.root)
        return root, os.path.normpath(root + uri)
    alias = w.main.path(w.template(loc.alias).render(req).decode("latin-1"))
    if loc.regex is not None:
        return alias, os.path.normpath(alias)
    return alias, os.path.normpath(alias + uri[len(loc.pattern):])


def try_files(w, req: Request, names: list[str]) -> None:
    """try_files: the first file that exists becomes the request's URI (a
    name ending in "/" must name a directory, any other a file); when none
    does, the last name: a URI to redirect to internally (its args, if it
    has any, replace the request's), a named location, or =code."""
    *files, last = names
    for name in files:
        # as nginx, the conf's "/" says "a directory" and is not rendered:
        # `$uri/` for "/dir" makes the URI "/dir" (static then redirects
        # to "/dir/"), for "/dir/" "/dir/"
        test_dir = len(name) > 1 and name.endswith("/")
        uri = w.template(name[:-1] if test_dir else name).render(req).decode("latin-1")
        try:
            st = os.stat(local_path(w, req, uri)[1])
        except (OSError, ValueError):
            continue
        if stat.S_ISDIR(st.st_mode) == test_dir:
            req.uri = uri.encode("latin-1")
            return
    if last.startswith("="):
        raise Finalize(int(last[1:]))
    target = w.template(last).render(req)
    if target.startswith(b"@"):
        raise Redirect(target, named=True)
    path, q, query = target.partition(b"?")
    raise Redirect(path, query if q else KEEP_ARGS)


def _index(w, req: Request, directory: str, uri: str) -> int:
    for name in req.loc.conf.index:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            raise Redirect((uri + name).encode("latin-1"))
    if os.path.isdir(directory):
        if req.loc.conf.autoindex and req.method in (b"GET", b"HEAD"):
            return autoindex.serve(w, req, directory)
        w.error_log.log(4, f'directory index of "{directory}/" is forbidden',
                        req.number, w.log_context(req))
        return 403
    return _open_failed(w, req, os.path.join(directory, req.loc.conf.index[0]),
                        FileNotFoundError(errno.ENOENT, "No such file or directory"))


def _open_failed(w, req: Request, path: str, exc: OSError) -> int:
    code = exc.errno or 0
    if req.loc.conf.log_not_found or code not in (errno.ENOENT, errno.ENOTDIR):
        w.error_log.log(4, f'open() "{path}" failed ({code}: {os.strerror(code)})',
                        req.number, w.log_context(req))
    return 403 if code == errno.EACCES else 404


def _gzip_static(w, req: Request, path: str) -> int | None:
    """gzip_static: the file's .gz twin, sent as it is with Content-Encoding
    gzip (and without ranges, as nginx), when the client takes gzip (always:
    whatever it takes); None to serve the request as usual."""
    conf = req.loc.conf
    taken = conf.gzip_static == "always" or gzip_filter.accepted(req, conf)
    if not taken and not conf.gzip_vary:
        return None
    try:
        st = os.stat(path + ".gz")
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    if conf.gzip_static == "on" and conf.gzip_vary:
        gzip_filter.vary(req.out_headers)      # the answer depends on Accept-Encoding
    if not taken:
        return None
    req.out_headers.set(b"Content-Encoding", b"gzip")
    return _send_file(w, req, path + ".gz", st, type_of=path)


def _send_file(w, req: Request, path: str, st: os.stat_result, type_of: str = "") -> int:
    """The file at path (its type that of the name type_of, when given: a
    .gz twin's is its original's, whose ranges are not served)."""
    mtime, size = int(st.st_mtime), st.st_size
    etag = b'"%x-%x"' % (mtime, size)           # nginx's: modified time and size
    if not req.loc.conf.etag:
        etag = b""              # no tag to match (nginx's etag off)
    status = not_modified.precondition(req, mtime, etag, req.loc.conf.if_modified_since)
    if status == 412:
        return status
    try:
        with open(path, "rb") as f:
            data = f.read() if status != 304 else b""
    except OSError as exc:
        return _open_failed(w, req, path, exc)
    ext = os.path.splitext(type_of or path)[1][1:].lower()
    mime = req.loc.conf.types.get(ext)
    headers = req.out_headers
    if status != 304 and mime is not None:
        headers.set(b"Content-Type", mime.encode())
    headers.set(b"Last-Modified", formatdate(mtime, usegmt=True).encode())
    if req.loc.conf.etag:
        headers.set(b"ETag", etag)
    if status == 304:
        req.status = 304
        output.finish(w, req)
        return 0
    # an error_page's target keeps the status it stands for
    if req.status == 0 or not req.error_page_done:
        req.status = 200
    if req.status == 200 and not type_of:
        data = _ranges(w, req, data, mtime, etag, mime)
        if data is None:
            return ranges.NOT_SATISFIABLE
    headers.set(b"Content-Length", b"%d" % len(data))
    output.emit(w, req, data, True)
    return 0


def _ranges(w, req: Request, data: bytes, mtime: int, etag: bytes, mime: str | None) -> bytes | None:
    """What of the file to send (a 206 when the request asks for ranges);
    None for a Range that cannot be satisfied (its 416 is made ready)."""
    size = len(data)
    wanted = ranges.wanted(req, size, mtime, etag, req.loc.conf.max_ranges)
    headers = req.out_headers
    if wanted is None:
        if req.loc.conf.max_ranges:
            headers.set(b"Accept-Ranges", b"bytes")
        return data
    if wanted == ranges.NOT_SATISFIABLE:
        headers.set(b"Content-Range", b"bytes */%d" % size)
        return None
    req.status = 206
    if len(wanted) == 1:
        start, end = wanted[0]
        headers.set(b"Content-Range", ranges.single(start, end, size))
        return data[start:end]
    part_type = (mime or req.loc.conf.default_type).encode()
    content_type, body = ranges.multipart(data, wanted, part_type)
    headers.set(b"Content-Type", content_type)
    return body
