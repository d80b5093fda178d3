"""ngx.balancer (`require "ngx.balancer"`): balancer_by_lua choosing the
upstream peer for each try of a proxied request, with lua-resty-core's
functions and return conventions: set_current_peer, set_more_tries,
get_last_failure and set_timeouts.

The proxy (gateway/proxy.py) runs the balancer_by_lua code before every try
with the request's BalancerState, and reads back what the code set.
"""
from __future__ import annotations

import ipaddress

from luavm.auxlib import lua_error
from luavm.value import LuaError, Multi, Table, type_name

from ..flow import Finalize
from . import base


class BalancerState:
    """One proxied request's dealings with balancer_by_lua."""
    __slots__ = ("peer", "more_tries", "last_failure", "timeouts", "tries_limit")

    def __init__(self, tries_limit: int) -> None:
        self.peer: tuple[str, int] | None = None            # set_current_peer's
        self.more_tries = 0
        self.last_failure: tuple[bytes, int] | None = None  # ("failed" | "next", status)
        self.timeouts: list[float | None] = [None, None, None]  # connect, send, read
        self.tries_limit = tries_limit                       # proxy_next_upstream_tries


def run_balancer(w, req, chunk, state: BalancerState) -> None:
    """Run balancer_by_lua for one try of req. A Lua error, or ngx.exit with
    an error status, ends the request (500, or that status)."""
    req.balancer = state
    outer = req.phase
    try:
        w.run_handler(req, chunk, base.BALANCER)
    except LuaError as exc:
        w.log_lua_error(req, exc, "failed to run balancer_by_lua*: ")
        raise Finalize(500) from None
    except base.Exit as exc:
        if exc.status != base.OK:
            raise Finalize(exc.status if exc.status >= 300 else 500) from None
    finally:
        req.phase = outer


def _state(w) -> BalancerState | Multi:
    """The request's BalancerState, or the `nil, err` lua-nginx-module gives
    outside balancer_by_lua."""
    req = w.request
    if req is None:
        raise lua_error("no request found")
    if req.phase == base.BALANCER and req.balancer is not None:
        return req.balancer
    if req.upstream_state is None and req.balancer is None:
        return Multi((None, b"no upstream found"))
    return Multi((None, b"API disabled in the current context"))


def _peer(addr, port) -> tuple[str, int] | bytes:
    """(host, port), or the error text set_current_peer returns."""
    if addr.__class__ is not bytes:
        raise lua_error(f"bad argument #1 to 'set_current_peer' (string expected, got "
                        f"{type_name(addr)})")
    text = addr.decode("latin-1")
    if port is None:
        host, sep, port_text = text.rpartition(":")
        if not sep or not port_text.isdigit():
            return b"no port in the address"
        text, port = host.strip("[]"), float(port_text)
    if port.__class__ is not float or not 0 < port < 65536 or port != int(port):
        return b"invalid port"
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return b"no host allowed"
    return text, int(port)


def set_current_peer(state: BalancerState, addr=None, port=None, *_):
    peer = _peer(addr, port)
    if peer.__class__ is bytes:
        return Multi((None, peer))
    state.peer = peer
    return True


def set_more_tries(state: BalancerState, count=None, *_):
    if count.__class__ is not float or count < 0:
        raise lua_error("bad argument #1 to 'set_more_tries' (number expected)")
    state.more_tries = int(count)
    limit = state.tries_limit
    if limit and state.more_tries + 1 > limit:
        state.more_tries = limit - 1
        return Multi((True, b"reduced tries due to limit"))
    return True


def get_last_failure(state: BalancerState, *_):
    if state.last_failure is None:
        return None
    name, status = state.last_failure
    return Multi((name, float(status)))


def set_timeouts(state: BalancerState, connect=None, send=None, read=None, *_):
    for i, (what, value) in enumerate((("connect", connect), ("send", send), ("read", read))):
        if value is None:
            continue
        if value.__class__ is not float or value <= 0:
            raise lua_error(f"bad {what} timeout")
        state.timeouts[i] = value
    return True


def install(w) -> Table:
    """The ngx.balancer module of a worker, as package.preload gives it:
    each function gets the running request's BalancerState, or answers
    `nil, err` outside balancer_by_lua (get_last_failure: `nil, 0, err`)."""

    def bind(fn, outside=lambda err: err):
        def api(*args):
            state = _state(w)
            if state.__class__ is Multi:
                return outside(state)
            return fn(state, *args)
        return api

    return Table({
        b"set_current_peer": bind(set_current_peer),
        b"set_more_tries": bind(set_more_tries),
        b"get_last_failure": bind(get_last_failure, lambda err: Multi((None, 0.0, err[1]))),
        b"set_timeouts": bind(set_timeouts),
        b"version": b"0.1.27",
    })
