"""nginx's limit_req and limit_conn modules, in the preaccess phase (after
rewrite, before access; gateway.phases), limit_req first as in nginx.

Their zones are shared memory zones of the shdict C helper, made before
the workers fork; the C helper does the counting under the zone's lock.

- limit_req: a leaky bucket per key (mg_ffi_limit_req, nginx's arithmetic).
  A request over a bucket's burst is refused with limit_req_status; one
  within the burst but over its `delay` waits until it would have fitted
  the rate.
- limit_conn: the requests in progress per key (mg_ffi_limit_conn); one
  more than the limit is refused with limit_conn_status. A request holds
  its counts until it ends.

A main request is limited once by each module: internal redirects and
subrequests do not count again. A dry run logs and sets the status
variables ($limit_req_status, $limit_conn_status) but refuses nothing.
"""
from __future__ import annotations

from .config.model import LocConf
from .csrc import ffi, lib
from .flow import Finalize
from .ngx.shdict import open_zone
from .ngx.sleep import pause
from .request import Request

BUSY, ERROR = lib.MG_FFI_LIMIT_BUSY, lib.MG_FFI_SHDICT_ERROR


def open_zones(zones: dict, kind: str) -> dict:
    """The conf's zones of one kind (limit_req, limit_conn), opened, by name."""
    # a name of their own in the C helper's list: lua_shared_dict's are apart
    return {name: open_zone(f"{kind}\0{name}".encode(), spec.size, f'{kind} zone "{name}"')
            for name, spec in zones.items()}


def check(w, req: Request, conf: LocConf) -> None:
    """The location's limit_req and limit_conn, if any."""
    if conf.limit_req:
        _limit_req(w, req, conf)
    if conf.limit_conn:
        _limit_conn(w, req, conf)


def _limit_req(w, req: Request, conf: LocConf) -> None:
    """Go on, wait (a delay), or Finalize with limit_req_status. Sets the
    main request's $limit_req_status."""
    top = req.main()
    if top.limit_req_status is not None:
        return
    excess = ffi.new("int64_t *")
    dry = ", dry run" if conf.limit_req_dry_run else ""
    keyed = []
    # first every bucket is asked without taking the request, so that a
    # refusal by one leaves the others as they were (nginx's two steps)
    for limit in conf.limit_req:
        zone = w.http.limit_req_zones[limit.zone]
        key = _key(w, req, zone.key, 65535)
        if key is None:
            continue
        rc = lib.mg_ffi_limit_req(w.limit_req_zones[limit.zone], key, len(key), zone.rate,
                                  limit.burst, 0, excess)
        if rc == BUSY:
            w.error_log.log(conf.limit_req_log_level, f"limiting requests{dry}, excess: "
                            f"{_milli(excess[0])} by zone \"{limit.zone}\"",
                            req.number, w.log_context(req))
            _refuse(conf.limit_req_dry_run, conf.limit_req_status, top, "limit_req_status")
            return
        keyed.append((limit, zone, key))
    if not keyed:
        return          # every key was empty: nothing limits this request
    delay, worst = 0, None
    for limit, zone, key in reversed(keyed):
        rc = lib.mg_ffi_limit_req(w.limit_req_zones[limit.zone], key, len(key), zone.rate,
                                  limit.burst, 1, excess)
        if rc == ERROR:
            w.error_log.log(2, f'could not allocate node in limit_req zone "{limit.zone}"')
            _refuse(conf.limit_req_dry_run, conf.limit_req_status, top, "limit_req_status")
            return
        wait = (excess[0] - limit.delay) * 1000 // zone.rate if excess[0] > limit.delay else 0
        if wait > delay:
            delay, worst = wait, f"excess: {_milli(excess[0])}, by zone \"{limit.zone}\""
    if not delay:
        top.limit_req_status = b"PASSED"
        return
    w.error_log.log(conf.limit_req_log_level + 1, f"delaying request{dry}, {worst}",
                    req.number, w.log_context(req))
    if conf.limit_req_dry_run:
        top.limit_req_status = b"DELAYED_DRY_RUN"
        return
    top.limit_req_status = b"DELAYED"
    pause(delay / 1000)


def _limit_conn(w, req: Request, conf: LocConf) -> None:
    """Count the request in, or Finalize with limit_conn_status. Sets the
    main request's $limit_conn_status."""
    top = req.main()
    if top.limit_conn_status is not None:
        return
    held = Held()
    for name, most in conf.limit_conn:
        key = _key(w, req, w.http.limit_conn_zones[name].key, 255)
        if key is None:
            continue
        top.limit_conn_status = b"PASSED"
        zone = w.limit_conn_zones[name]
        n = lib.mg_ffi_limit_conn(zone, key, len(key), 1, most)
        if n == BUSY or n == ERROR:
            if n == BUSY:
                dry = ", dry run," if conf.limit_conn_dry_run else ""     # sic, nginx's words
                w.error_log.log(conf.limit_conn_log_level, f'limiting connections{dry} by zone '
                                f'"{name}"', req.number, w.log_context(req))
            held.release()
            _refuse(conf.limit_conn_dry_run, conf.limit_conn_status, top, "limit_conn_status")
            return
        held.counts.append((zone, key))
    if held.counts:
        top.limit_conns = held          # the request keeps them until it ends
        top.on_end(held.release)


class Held:
    """The limit_conn counts a request holds."""

    def __init__(self) -> None:
        self.counts: list = []

    def release(self) -> None:
        for zone, key in self.counts:
            lib.mg_ffi_limit_conn(zone, key, len(key), -1, 0)
        self.counts = []


def _key(w, req: Request, template: str, most: int) -> bytes | None:
    """A request's key in a zone; None when it is not limited there."""
    key = w.template(template).render(req)
    if not key:
        return None
    if len(key) > most:
        w.error_log.log(4, f'the value of the "{template}" key is more than {most} bytes: '
                           f'"{key.decode("latin-1")}"', req.number, w.log_context(req))
        return None
    return key


def _refuse(dry_run: bool, status: int, top: Request, variable: str) -> None:
    """The request is refused, unless in a dry run (it goes on unlimited);
    `variable` is the status variable's field."""
    if dry_run:
        setattr(top, variable, b"REJECTED_DRY_RUN")
        return
    setattr(top, variable, b"REJECTED")
    raise Finalize(status)


def _milli(n: int) -> str:
    """Milli-requests as nginx prints them: 1.500"""
    return f"{n // 1000}.{n % 1000:03d}"
