"""proxy_redirect, proxy_cookie_domain and proxy_cookie_path: the
Location, Refresh and Set-Cookie headers of a proxied response as the
client gets them (nginx's ngx_http_proxy_rewrite_*).

Each directive is a list of rules (gateway.config.model.ProxyRewrite)
tried in conf order; the first that matches edits the value and ends the
search. A regex rule's match sets $1..$9 for its replacement, as nginx's
regexes do.
"""
from __future__ import annotations

from .config.model import ProxyPass, ProxyRewrite
from .request import Request
from .variables import set_captures


def redirect(w, req: Request, pp: ProxyPass, value: bytes, refresh: bool) -> bytes:
    """A Location value, or a Refresh one (edited after its `url=`, if
    it has one), under the location's proxy_redirect rules."""
    start = 0
    if refresh:
        start = value.lower().find(b"url=") + 4
        if start < 4:
            return value
    for rule in req.loc.conf.proxy_redirect:
        if rule.kind == ProxyRewrite.DEFAULT:
            if pp.template is not None:     # nginx has none for a proxy_pass with variables
                continue
            pattern, replacement = _default_rule(req, pp)
            if value.startswith(pattern, start):
                return value[:start] + replacement + value[start + len(pattern):]
            continue
        edited = _apply(w, req, rule, value, start)
        if edited is not None:
            return edited
    return value


def _default_rule(req: Request, pp: ProxyPass) -> tuple[bytes, bytes]:
    """proxy_redirect default: the proxy_pass URL as the upstream would say
    it in a Location header, and what it becomes (nginx's rule: with a URI
    part, the location's prefix; without, "/")."""
    port = f":{pp.port}" if pp.port not in (None, 80) else ""
    url = f"{pp.scheme}://{pp.host}{port}"
    if pp.uri is not None:
        return (url + pp.uri).encode(), req.loc.pattern.encode()
    return (url + "/").encode(), b"/"


def cookie(w, req: Request, value: bytes) -> bytes:
    """A Set-Cookie value with its Domain and Path attributes under
    proxy_cookie_domain and proxy_cookie_path. An edited cookie is written
    again as nginx writes it: its attributes trimmed, joined by "; "; one
    that no rule matched goes as it came."""
    attrs = value.split(b";")
    conf = req.loc.conf
    edited = False
    for i in range(1, len(attrs)):
        name, eq, text = attrs[i].strip().partition(b"=")
        lower = name.lower()
        rules = (conf.proxy_cookie_domain if lower == b"domain"
                 else conf.proxy_cookie_path if lower == b"path" else None)
        if not rules or not eq:
            continue
        for rule in rules:
            new = _apply(w, req, rule, text, 0)
            if new is not None:
                attrs[i] = name + b"=" + new
                edited = True
                break
    return b"; ".join(attr.strip() for attr in attrs) if edited else value


def _apply(w, req: Request, rule: ProxyRewrite, value: bytes, start: int) -> bytes | None:
    """The value with the rule's edit from `start` on, or None where the
    rule does not match."""
    if rule.kind == ProxyRewrite.REGEX:
        m = rule.pattern.search(value[start:].decode("latin-1"))
        if m is None:
            return None
        set_captures(req, m)
        return value[:start] + w.template(rule.replacement).render(req)
    pattern = w.template(rule.pattern).render(req)
    if rule.kind == ProxyRewrite.DOMAIN:
        if value[start:start + 1] == b".":
            start += 1          # the dot stays
        if value[start:].lower() != pattern.lower():
            return None
        return value[:start] + w.template(rule.replacement).render(req)
    if not value.startswith(pattern, start):
        return None
    return value[:start] + w.template(rule.replacement).render(req) + value[start + len(pattern):]
