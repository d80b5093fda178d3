"""The phase pipeline: one request's way through, in nginx's order.

    server rewrite (server-level set/rewrite/return)
    find location            (again after a rewrite that changed the URI)
    rewrite                  (the location's set/rewrite/return, then rewrite_by_lua)
    access                   (access_by_lua)
    content                  (content_by_lua, proxy_pass, or a static file)
    header/body filters      (as output is produced: gateway.output)
    log                      (access_log, log_by_lua)

`handle` runs on the request's thread (gateway.threads), so any step may
wait. Internal redirects (rewrite ... last, ngx.exec, error_page) go back to
"find location", at most 10 times, as in nginx. A subrequest
(gateway.subrequest) runs `run_phases` on a thread of its own: every phase
but access and log.
"""
from __future__ import annotations

import ipaddress
import os
from functools import partial
from typing import Callable

from luavm.value import LuaError

from . import auth_basic, auth_request, headers_more, limits, output, realip, routing, static
from .rewrite import run_script
from .variables import set_captures
from .flow import KEEP_ARGS, Finalize, Redirect
from .http import error_page
from .lua_file import LoadError
from .proxy import proxy
from .ngx import base, uthread
from .ngx.base import ACCESS, CONTENT, REWRITE
from .ngx.request import read_whole_body
from .config.model import Location
from .request import Request, conf_of

# Statuses after which nginx does not keep the connection alive.
CLOSE_AFTER = frozenset({400, 408, 413, 414, 494, 500, 501})
# Statuses that end a request with no answer at all: ngx.exit(ngx.ERROR),
# 408 (nginx terminates a timed-out request), 444, and 499 (the client
# went away).
NO_ANSWER = frozenset({base.ERROR, 408, 444, 499})


def handle(req: Request) -> None:
    """A request from its first phase to its log phase (a thread's job).

    Hot path: a handler that printed its answer in a plain location
    (no filters) ends with the write itself (_finalize and output.finish,
    inline: two calls less for most requests)."""
    w = req.conn.worker
    try:
        status = run_phases(w, req)
    except Exception as exc:        # a bug of ours must cost one request, not the worker
        w.error_log.log(4, f"internal error: {exc!r}", req.number, w.log_context(req))
        status = 500
    loc = req.loc
    if status == 0 and req.header_sent and not req.eof and loc is not None and loc.plain_output:
        req.eof = True
        output.write_out(w, req, True)
    else:
        _finalize(w, req, status)
    conf = loc.conf if loc is not None else conf_of(w, req)
    if conf.log_by_lua is not None or conf.access_log:     # most benchmarks log nothing
        log_phase(w, req, conf)
    req.conn.request_done(req)


def run_phases(w, req: Request) -> int:
    """Every phase before log; the final status (0: the response is done).
    A subrequest (gateway.subrequest) runs them too."""
    try:
        if req.server.conf.set_real_ip_from:
            realip.apply(req, req.server.conf)      # nginx's post-read phase
        if req.server.script:
            run_script(w, req, req.server.script)
        while True:
            try:
                return _location_phases(w, req)
            except Redirect as r:
                _internal_redirect(w, req, r)
    except Finalize as f:
        return f.status


def _internal_redirect(w, req: Request, r: Redirect) -> None:
    req.uri_changes -= 1
    if req.uri_changes == 0:
        w.error_log.log(4, f'rewrite or internal redirection cycle while internally redirecting '
                           f'to "{r.uri.decode("latin-1")}"', req.number, w.log_context(req))
        raise Finalize(500)
    req.internal = True
    if r.named:
        loc = routing.named_location(req.server, r.uri.decode("latin-1"))
        if loc is None:
            w.error_log.log(4, f'could not find named location "{r.uri.decode("latin-1")}"',
                            req.number, w.log_context(req))
            raise Finalize(500)
        req.loc = loc
        return
    req.loc = None
    req.uri = r.uri
    if r.query is not KEEP_ARGS:
        req.args = r.query


def _location_phases(w, req: Request) -> int:
    # Hot path: most locations have no rewrite script and one Lua phase.
    if req.loc is None:      # a named location was set by the redirect itself
        server = req.server
        loc = server.exact.get(req.uri)         # an `=` location wins over all
        match = None
        if loc is None:
            loc, match = routing.find_location(server, req.uri)
            if loc is None:
                loc = server.fallback
        if loc is None or (loc.internal and not req.internal) or loc.modifier == "@":
            return 404
        req.loc = loc
        if match is not None:
            set_captures(req, match)
    loc = req.loc
    if loc.limit_except is not None and req.method not in loc.limit_except[0]:
        req.loc = loc = loc.limit_except[1]     # as nginx's find-config phase does
    if req.content_length > loc.conf.client_max_body_size:
        w.error_log.log(4, f"client intended to send too large body: {req.content_length} bytes",
                        req.number, w.log_context(req))
        return 413
    # Hot path: a location with no work before its content phase (most
    # Lua handlers) skips the checks at once (Location.before_content)
    if loc.before_content:
        if loc.rewrites:
            status = _rewrite(w, req, loc)
            if status:
                return status
            loc = req.loc           # an `if` block's location, when its condition held
        conf = loc.conf
        if conf.lua_need_request_body and not req.body_read and (
                conf.rewrite_by_lua is not None or conf.access_by_lua is not None
                or loc.content_by_lua is not None):
            _read_body(w, req)
        if conf.rewrite_by_lua is not None and not loc.lua_rewrite_first:
            _lua_phase(w, req, conf.rewrite_by_lua, REWRITE)
        if loc.preaccess:
            if conf.set_real_ip_from:
                realip.apply(req, conf)
            limits.check(w, req, conf)
        # nginx's access phase is for main requests only, not subrequests
        if loc.ordered_access and req.parent is None:
            status = _ordered_access(w, req, loc, conf)
            if status:
                return status
        else:
            if conf.access_rules and req.parent is None:
                _rule_check(w, req, conf.access_rules)
            if loc.checks_auth and req.parent is None:
                _authenticate(w, req, conf)
            if conf.access_by_lua is not None and req.parent is None:
                _lua_phase(w, req, conf.access_by_lua, ACCESS)
        if loc.try_files:
            static.try_files(w, req, loc.try_files)
    # the content phase
    if loc.content_by_lua is not None:
        try:
            uthread.run_entry(req, w.state.call,
                              (w.enter_handler(req, loc.content_by_lua, CONTENT),))
        except base.Exit as e:
            return 0 if e.status in (base.OK, 200) and req.header_sent else e.status
        except base.Exec as e:
            raise _exec_redirect(e) from None
        except LuaError as exc:
            w.log_lua_error(req, exc)
            return _failed(req, exc)
        return 0
    if loc.proxy_pass is not None:
        return proxy(w, req, loc.proxy_pass)
    return static.serve(w, req)


def _rewrite(w, req: Request, loc: Location) -> int:
    """rewrite_by_lua when it runs first (rewrite_by_lua_no_postpone), the
    location's rewrite directives, then more_set_input_headers (the rewrite
    phase's end, before a postponed rewrite_by_lua); a status to end with, or 0."""
    if loc.lua_rewrite_first:
        conf = loc.conf
        if conf.lua_need_request_body and not req.body_read:
            _read_body(w, req)
        _lua_phase(w, req, conf.rewrite_by_lua, REWRITE)
    if loc.script:
        uri_before = req.uri
        # a location-level rewrite that changed the URI searches again,
        # unless its flag was `break` (the location keeps the new URI)
        if not run_script(w, req, loc.script) and req.uri != uri_before:
            raise Redirect(req.uri)
    commands = req.loc.conf.more_input_headers
    return headers_more.apply_input(w, req, commands) if commands else 0


def _rule(req: Request, rules) -> bool | None:
    """Whether the first rule whose network holds the client allows it;
    None when no rule does."""
    try:
        addr = ipaddress.ip_address(req.conn.peer[0])
    except ValueError:
        addr = None             # a unix socket's client: only `all` holds it
    for allow, network in rules:
        if network is None or (addr is not None and addr.version == network.version
                               and addr in network):
            return allow
    return None


def _authenticate(w, req: Request, conf) -> None:
    """auth_basic (unless its realm is "off" for this request), then
    auth_request: each may end the request."""
    for check in _auth_checks(w, req, conf):
        check()


def _auth_checks(w, req: Request, conf) -> list[Callable[[], None]]:
    """The location's auth checks for this request, in nginx's order:
    each goes on, or raises Finalize."""
    checks = []
    if conf.auth_basic != "off" and conf.auth_basic_user_file:
        realm = w.template(conf.auth_basic).render(req)
        if realm != b"off":
            checks.append(partial(auth_basic.check, w, req, realm, conf.auth_basic_user_file))
    if conf.auth_request:
        checks.append(partial(auth_request.check, w, req, conf))
    return checks


def _ordered_access(w, req: Request, loc: Location, conf) -> int:
    """The access checks in their order: allow/deny, auth_basic,
    auth_request, access_by_lua (first instead with access_by_lua_no_postpone).

    Under `satisfy all` each may end the request. Under `satisfy any` the
    first that lets the request in (an allow rule, good credentials,
    access_by_lua run to its end or ngx.exit(ngx.OK)) ends the access
    phase, the others not run; when none does, the request ends with a 401
    one of them gave, else 403. 0 to go on."""
    checks = [partial(_rule_check, w, req, conf.access_rules)] if conf.access_rules else []
    if loc.checks_auth:
        checks += _auth_checks(w, req, conf)
    if conf.access_by_lua is not None:
        lua = partial(_lua_phase, w, req, conf.access_by_lua, ACCESS)
        checks.insert(0 if w.http.access_by_lua_no_postpone else len(checks), lua)
    if conf.satisfy != "any":
        for check in checks:
            check()
        return 0
    code = 0
    for check in checks:
        try:
            if check() is DECLINED:
                continue        # no rule held the client: neither in nor out
        except Finalize as e:
            if e.status not in (401, 403):
                raise
            if code != 401:
                code = e.status
            continue
        req.out_headers.set(b"WWW-Authenticate", None)     # an earlier 401's challenge
        return 0
    if code == 403:
        w.error_log.log(4, "access forbidden by rule", req.number, w.log_context(req))
    return code


# What an access check that neither lets the request in nor refuses it returns
DECLINED = object()


def _rule_check(w, req: Request, rules):
    """allow/deny as an access check: None (allowed, as the other checks
    say it), DECLINED (no rule held the client), or Finalize(403), logged
    now under `satisfy all`."""
    allowed = _rule(req, rules)
    if allowed is False:
        if req.loc.conf.satisfy != "any":
            w.error_log.log(4, "access forbidden by rule", req.number, w.log_context(req))
        raise Finalize(403)
    return None if allowed else DECLINED


def _read_body(w, req: Request) -> None:
    """lua_need_request_body: the whole body is here before the Lua
    phases run (a body too large or too slow ends the request)."""
    try:
        read_whole_body(w, req)
    except base.Exit as e:
        raise Finalize(e.status) from None


def _lua_phase(w, req: Request, chunk, phase: int) -> None:
    """rewrite_by_lua / access_by_lua: ngx.exit(ngx.OK) or returning goes
    on to the next phase; ngx.exit(status >= 200 or ngx.ERROR) ends the request."""
    try:
        uthread.run_entry(req, w.state.call, (w.enter_handler(req, chunk, phase),))
    except base.Exit as e:
        if e.status != base.OK:
            raise Finalize(e.status) from None
    except base.Exec as e:
        raise _exec_redirect(e) from None
    except LuaError as exc:
        w.log_lua_error(req, exc)
        raise Finalize(_failed(req, exc)) from None
    if req.eof:         # the handler finished the response itself (ngx.eof)
        raise Finalize(0)


def _failed(req: Request, exc: LuaError) -> int:
    """The status of a handler that died of an error: 500 (404 for a
    *_by_lua_file that cannot be read), or no answer at all when one of
    its threads was waiting for subrequests then (lua-nginx-module's
    no_abort; gateway.subrequest)."""
    if req.capturing:
        return base.ERROR
    return exc.status if type(exc) is LoadError else 500


def _exec_redirect(e: base.Exec) -> Redirect:
    if e.uri.startswith(b"@"):
        return Redirect(e.uri, named=True)
    return Redirect(e.uri, e.query)


# -- the end of a request ------------------------------------------------------------

def _finalize(w, req: Request, status: int) -> None:
    """Make sure a response went out: an error page, or the end of the body."""
    if status in NO_ANSWER:
        if status > 0 and not req.header_sent:
            req.status = status
        req.keep_alive = False
        req.aborted = True
    elif req.header_sent:
        if status >= 500 and not req.eof:
            req.keep_alive = False      # a handler failed after the headers: cut the body short
            req.aborted = True
        else:
            output.finish(w, req)
    elif status >= 300 or status in (204,):
        special_response(w, req, status)
    else:
        if status >= 200:
            req.status = req.status or status
        output.finish(w, req)
    if req.aborted:
        req.conn.abort_after(req)


def special_response(w, req: Request, status: int) -> None:
    """An error or redirect status with no body yet: error_page, or nginx's page."""
    conf = conf_of(w, req)
    page = conf.error_page.get(status) if conf.error_page else None
    if page is not None and (not req.error_page_done or conf.recursive_error_pages):
        req.error_page_done = True
        if _error_page(w, req, status, page):
            return
    if status in CLOSE_AFTER:
        req.keep_alive = False
    req.status = status
    req.out_headers.set(b"Content-Length", None)
    page = error_page(status) if status >= 300 and status != 304 else b""
    if page:
        req.out_headers.set(b"Content-Type", b"text/html")
        output.emit(w, req, page, True)
    else:
        if status >= 400:       # nginx sends no type with the empty answer
            req.out_headers.set(b"Content-Type", b"")
        output.finish(w, req)


def _error_page(w, req: Request, status: int, page: tuple[str, int | None]) -> bool:
    """Follow `error_page`: an internal redirect, or a redirect to a URL."""
    uri, change = page
    target = w.template(uri).render(req)
    if target.startswith((b"http://", b"https://")):
        req.out_headers.set(b"Location", target)
        special_response(w, req, 302 if change is None or change < 0 else change)
        return True
    req.keep_received()
    req.method = b"GET" if req.method != b"HEAD" else req.method
    req.status = status if change is None else (0 if change < 0 else change)
    path, _, query = target.partition(b"?")
    redirect = Redirect(path, query or None, named=path.startswith(b"@"))
    req.out_headers = type(req.out_headers)()
    try:
        _internal_redirect(w, req, redirect)
        final = _run_redirected(w, req)
    except Finalize as f:
        final = f.status
    if final:
        _finalize(w, req, final)
    else:
        output.finish(w, req)
    return True


def _run_redirected(w, req: Request) -> int:
    while True:
        try:
            return _location_phases(w, req)
        except Redirect as r:
            _internal_redirect(w, req, r)


def log_phase(w, req: Request, conf) -> None:
    """log_by_lua, then the access logs, of the request's location (conf)."""
    if conf.log_by_lua is not None:
        try:
            w.run_handler(req, conf.log_by_lua, base.LOG)
        except (base.Exit, base.Exec):
            pass
        except LuaError as exc:
            w.log_lua_error(req, exc, "failed to run log_by_lua*: ")
    log_access(w, req, conf)


def log_unanswered(req: Request) -> None:
    """The log phase of a request that ended before it could run (a
    thread's job): its server's log_by_lua and access logs, as nginx runs
    them with the server's settings."""
    w = req.conn.worker
    log_phase(w, req, req.server.conf)


def log_access(w, req: Request, conf) -> None:
    """The access_log lines of a request (conf: its location's, or its
    server's for a request that never got as far as one)."""
    for path, fmt in conf.access_log:
        w.access_log(req, os.path.join(w.main.prefix, path) if not os.path.isabs(path) else path, fmt)
