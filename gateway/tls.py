"""TLS on `listen ... ssl` addresses: a server's context (ssl_certificate
and its key, ssl_protocols, ssl_ciphers, ssl_prefer_server_ciphers), made
when the conf is loaded so that a bad file fails `-t` and a reload in
nginx's words; and the choice of server by the name the client asks for
(SNI), from the server names the address has now (a reload changes them).

HTTP/2 is not spoken: ALPN offers HTTP/1.1 only. The protocol versions
and ciphers of a handshake are those of the address's default server (the
server named by SNI brings its certificate only: Python gives no way to
change them after the ClientHello, which nginx does).
"""
from __future__ import annotations

import os
import re
import ssl

from .config.model import TLS_PROTOCOLS
from .config.tree import ConfError

DEFAULT_CIPHERS = "HIGH:!aNULL:!MD5"       # nginx's ssl_ciphers
VERSIONS = {"TLSv1": ssl.TLSVersion.TLSv1, "TLSv1.1": ssl.TLSVersion.TLSv1_1,
            "TLSv1.2": ssl.TLSVersion.TLSv1_2, "TLSv1.3": ssl.TLSVersion.TLSv1_3}


def server_context(srv) -> ssl.SSLContext | None:
    """The TLS context of a server with certificates (None without; their
    paths are absolute by now); a server listening with `ssl` must have one."""
    certs = srv.ssl_certificate or []
    keys = srv.ssl_certificate_key or []
    if not certs:
        if any(listen.ssl for listen in srv.listen):
            raise ConfError(f'no "ssl_certificate" is defined for the "listen ... ssl" '
                            f'directive in {srv.where}')
        return None
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    _versions(ctx, srv.ssl_protocols or TLS_PROTOCOLS)
    ciphers = srv.ssl_ciphers or DEFAULT_CIPHERS
    try:
        ctx.set_ciphers(ciphers)
    except ssl.SSLError as exc:
        raise ConfError(f'SSL_CTX_set_cipher_list("{ciphers}") failed ({exc})') from None
    if srv.ssl_prefer_server_ciphers:
        ctx.options |= ssl.OP_CIPHER_SERVER_PREFERENCE
    for i, cert in enumerate(certs):
        if i >= len(keys):
            raise ConfError(f'no "ssl_certificate_key" is defined for certificate "{cert}"')
        _load(ctx, cert, keys[i])
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


def _versions(ctx: ssl.SSLContext, names) -> None:
    """The oldest and newest of the protocols named (SSLv2 and SSLv3, which
    OpenSSL no longer has, count for nothing)."""
    versions = [VERSIONS[n] for n in names if n in VERSIONS]
    if not versions:
        raise ConfError(f'no TLS version left in "ssl_protocols {" ".join(names)}"')
    ctx.minimum_version = min(versions)
    ctx.maximum_version = max(versions)


def _load(ctx: ssl.SSLContext, cert: str, key: str) -> None:
    for path, what in ((cert, "certificate"), (key, "certificate key")):
        if not os.path.isfile(path):
            raise ConfError(f'cannot load {what} "{path}": BIO_new_file() failed '
                            f'(2: No such file or directory)')
    try:
        ctx.load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        text = _ssl_text(exc)
        if exc.reason == "KEY_VALUES_MISMATCH":
            raise ConfError(f'SSL_CTX_use_PrivateKey("{key}") failed (SSL: {text})') from None
        raise ConfError(f'cannot load certificate "{cert}" or its key "{key}" (SSL: {text})') \
            from None


def _ssl_text(exc: ssl.SSLError) -> str:
    """OpenSSL's words in an SSLError, without Python's tags around them."""
    text = str(exc.args[1] if len(exc.args) > 1 else exc)
    return re.sub(r"^\[[^]]*\] | \(_ssl\.c:\d+\)$", "", text)


def listener_context(default, names_of) -> ssl.SSLContext:
    """The context an address starts its handshakes with (its default
    server's own, for a client that names no server): each handshake then
    takes the context of the server for the name the client asks for (or
    of the address's default server), from names_of() at that time."""
    ctx = server_context(default)

    def choose(sslobj, server_name, _ctx) -> None:
        sslobj.sni_name = server_name           # $ssl_server_name
        names = names_of()
        srv = names.lookup(server_name.lower())[0] if server_name else names.default
        chosen = srv.ssl_context or names.default.ssl_context
        if chosen is not None:
            sslobj.context = chosen
        return None

    ctx.sni_callback = choose
    return ctx


def upstream_context(conf, cache: dict) -> ssl.SSLContext:
    """The context of proxy_pass https:// under a location's proxy_ssl_*
    settings, made once per set of settings (`cache`, the worker's)."""
    key = (conf.proxy_ssl_verify, conf.proxy_ssl_trusted_certificate, conf.proxy_ssl_protocols,
           conf.proxy_ssl_ciphers, conf.proxy_ssl_certificate, conf.proxy_ssl_certificate_key)
    ctx = cache.get(key)
    if ctx is None:
        ctx = cache[key] = _upstream_context(conf)
    return ctx


def _upstream_context(conf) -> ssl.SSLContext:
    ctx = client_context(conf.proxy_ssl_verify, True, conf.proxy_ssl_trusted_certificate,
                         conf.proxy_ssl_protocols, conf.proxy_ssl_ciphers, "",
                         conf.proxy_ssl_certificate, conf.proxy_ssl_certificate_key)
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


def client_context(verify: bool, check_host: bool, cafile: str, protocols, ciphers: str,
                   crl: str, cert: str, key: str) -> ssl.SSLContext:
    """A client's context (proxy_ssl_*, lua_ssl_*): the certificate checked
    against cafile (and the name, with check_host) only when `verify`, as
    nginx's default is not to."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    _versions(ctx, protocols)
    ctx.set_ciphers(ciphers)
    ctx.check_hostname = verify and check_host
    ctx.verify_mode = ssl.CERT_REQUIRED if verify else ssl.CERT_NONE
    if verify and cafile:
        ctx.load_verify_locations(cafile)
    if verify and crl:
        ctx.load_verify_locations(crl)
        ctx.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF
    if cert:
        ctx.load_cert_chain(cert, key or None)
    return ctx


def handshake_error(exc: ssl.SSLError) -> str:
    """An upstream handshake's failure as nginx logs it."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"upstream SSL certificate verify error: ({exc.verify_code}:"
                f"{exc.verify_message}) while SSL handshaking to upstream")
    return f"SSL_do_handshake() failed (SSL: {_ssl_text(exc)}) while SSL handshaking to upstream"
