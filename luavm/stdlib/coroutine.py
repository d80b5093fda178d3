"""Lua's coroutine library, over luavm.coroutine."""
from __future__ import annotations

from .. import coroutine as co_impl
from ..auxlib import NOVALUE, arg_error, lua_error, type_error
from ..coroutine import Coroutine
from ..runtime import tostring
from ..value import LuaError, Multi, Table


def _check_co(co, n: int, fname: str) -> Coroutine:
    if co.__class__ is not Coroutine:
        raise arg_error(n, fname, "coroutine expected")
    return co


def create(f=NOVALUE, *_):
    if f is NOVALUE or not callable(f) or f.__class__ in (Table, bytes):
        raise type_error(1, "create", "function", f)
    return Coroutine(f)


def resume(co=None, *args):
    return co_impl.resume(_check_co(co, 1, "resume"), args)


def lua_yield(*args):
    return co_impl.yield_(args)


def status(co=None, *_):
    return _check_co(co, 1, "status").status.encode()


def running(*_):
    co = co_impl.current()
    return co


def isyieldable(*_):
    return co_impl.current() is not None


def wrap(f=NOVALUE, *_):
    co = create(f)

    def wrapped(*args):
        r = co_impl.resume(co, args)
        if r[0] is True:
            return r[1] if len(r) == 2 else Multi(r[1:])
        err = r[1]
        if err.__class__ in (bytes, float):
            # LuaJIT re-raises a string error at the position of the wrapper's caller
            raise lua_error(tostring(err).decode("latin-1"))
        raise LuaError(err)
    return wrapped


def open_lib(state) -> Table:
    t = Table()
    for name, fn in (("create", create), ("resume", resume), ("yield", lua_yield),
                     ("status", status), ("running", running), ("wrap", wrap),
                     ("isyieldable", isyieldable)):
        t[name.encode()] = fn
    return t
