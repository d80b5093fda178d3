"""nginx's auth_basic module: HTTP Basic authentication against an
htpasswd file, in the access phase (after allow/deny, before
access_by_lua; main requests only).

The file is nginx's: `user:password[:comment]` lines, `#` comments, and
passwords as ngx_crypt reads them: `$apr1$` (Apache's MD5), `{PLAIN}`,
`{SHA}`, `{SSHA}`, and anything else through the system's crypt(3)
(`$1$`, `$5$`, `$6$`, `$y$`, DES). As nginx, the file is read when a
request needs it (here: again only once it changed), so edits apply at
once.
"""
from __future__ import annotations

import base64
import binascii
import ctypes
import ctypes.util
import functools
import hashlib
import hmac
import os

from .flow import Finalize
from .request import Request

ITOA64 = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

def check(w, req: Request, realm: bytes, user_file: str) -> None:
    """Go on if the request's credentials match the file; else Finalize
    with 401 (and the realm to answer in) or 403/500 for a file that
    cannot be read."""
    credentials = basic_credentials(req)
    if credentials is None:
        w.error_log.log(7, "no user/password was provided for basic authentication",
                        req.number, w.log_context(req))
        _challenge(req, realm)
    user, password = credentials
    path = w.template(user_file).render(req).decode("latin-1")
    path = os.path.join(os.path.dirname(w.main.file), path)      # nginx: relative to the conf
    try:
        users = _users(w.htpasswd_files, path)
    except OSError as exc:
        # nginx: a missing or forbidden file is a 403, other failures a 500
        denied = isinstance(exc, (FileNotFoundError, PermissionError))
        w.error_log.log(4 if denied else 3, f'open() "{path}" failed ({exc.errno}: {exc.strerror})',
                        req.number, w.log_context(req))
        raise Finalize(403 if denied else 500) from None
    stored = users.get(user)
    if stored is None:
        w.error_log.log(4, f'user "{user.decode("latin-1")}" was not found in "{path}"',
                        req.number, w.log_context(req))
        _challenge(req, realm)
    encrypted = encrypt(password, stored)
    if encrypted is None:
        w.error_log.log(3, "crypt() failed", req.number, w.log_context(req))
        raise Finalize(500)
    if not hmac.compare_digest(encrypted, stored):
        w.error_log.log(4, f'user "{user.decode("latin-1")}": password mismatch',
                        req.number, w.log_context(req))
        _challenge(req, realm)


def basic_credentials(req: Request) -> tuple[bytes, bytes] | None:
    """The user and password of the request's `Authorization: Basic`
    header (also $remote_user's), as ngx_http_auth_basic_user reads it."""
    value = req.header(b"authorization")
    if value is None or value[:6].lower() != b"basic ":
        return None
    try:
        decoded = base64.b64decode(value[6:].lstrip(b" "), validate=True)
    except (binascii.Error, ValueError):
        return None
    user, colon, password = decoded.partition(b":")
    if not user or not colon:
        return None
    return user, password


def _challenge(req: Request, realm: bytes) -> None:
    req.out_headers.set(b"WWW-Authenticate", b'Basic realm="' + realm + b'"')
    raise Finalize(401)


def _users(files: dict, path: str) -> dict[bytes, bytes]:
    """The users of an htpasswd file, read again once it changed; `files`
    is the worker's: path -> ((mtime_ns, size), users)."""
    st = os.stat(path)
    stamp = (st.st_mtime_ns, st.st_size)
    cached = files.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with open(path, "rb") as f:
        users = parse_htpasswd(f.read())
    files[path] = (stamp, users)
    return users


def parse_htpasswd(data: bytes) -> dict[bytes, bytes]:
    """`user:password[:comment]` per line; `#` starts a comment line; a
    user's first line counts."""
    users: dict[bytes, bytes] = {}
    for line in data.replace(b"\r", b"\n").split(b"\n"):
        if line.startswith(b"#"):
            continue
        user, colon, rest = line.partition(b":")
        if colon and user:
            users.setdefault(user, rest.split(b":", 1)[0])
    return users


def encrypt(password: bytes, stored: bytes) -> bytes | None:
    """The password encrypted as `stored` was (its scheme and salt), to
    compare with it; None when crypt(3) fails."""
    if stored.startswith(b"$apr1$"):
        return md5_crypt(password, stored[6:].split(b"$", 1)[0], b"$apr1$")
    if stored.startswith(b"{PLAIN}"):
        return b"{PLAIN}" + password
    if stored.startswith(b"{SHA}"):
        return b"{SHA}" + base64.b64encode(hashlib.sha1(password).digest())
    if stored.startswith(b"{SSHA}"):
        try:
            salt = base64.b64decode(stored[6:])[20:]
        except (binascii.Error, ValueError):
            salt = b""
        return b"{SSHA}" + base64.b64encode(hashlib.sha1(password + salt).digest() + salt)
    return _libc_crypt(password, stored)


def md5_crypt(password: bytes, salt: bytes, magic: bytes) -> bytes:
    """Poul-Henning Kamp's MD5 crypt, which Apache's $apr1$ is with its
    own magic: 1000 rounds of MD5 over the password and an 8-byte salt."""
    salt = salt[:8]
    ctx = hashlib.md5(password + magic + salt)
    final = hashlib.md5(password + salt + password).digest()
    for left in range(len(password), 0, -16):
        ctx.update(final[:min(left, 16)])
    n = len(password)
    while n:
        ctx.update(b"\0" if n & 1 else password[:1])
        n >>= 1
    final = ctx.digest()
    for i in range(1000):
        step = hashlib.md5(password if i & 1 else final)
        if i % 3:
            step.update(salt)
        if i % 7:
            step.update(password)
        step.update(final if i & 1 else password)
        final = step.digest()
    out = bytearray()
    for a, b, c in ((0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5)):
        out += _to64((final[a] << 16) | (final[b] << 8) | final[c], 4)
    out += _to64(final[11], 2)
    return magic + salt + b"$" + bytes(out)


def _to64(v: int, n: int) -> bytes:
    out = bytearray()
    for _ in range(n):
        out.append(ITOA64[v & 0x3F])
        v >>= 6
    return bytes(out)


def _libc_crypt(password: bytes, stored: bytes) -> bytes | None:
    return _crypt_function()(password, stored)


@functools.cache
def _crypt_function():
    """crypt(3) of the system's libcrypt, loaded the first time it is needed."""
    crypt = ctypes.CDLL(ctypes.util.find_library("crypt") or "libcrypt.so.1").crypt
    crypt.restype = ctypes.c_char_p
    crypt.argtypes = (ctypes.c_char_p, ctypes.c_char_p)
    return crypt
