"""Lua tables whose missing keys are read without luavm's __index walk:
the per-request globals of handlers, and ngx.var.

Generated Lua code reads `t[k]` as a dict lookup; a key the table lacks
lands in Table.__missing__, luavm's Python function that follows the
metatable's __index: ~0.35 us for an __index table, ~1 us for an __index
function (four Python calls before the function's own). Handlers do this
on nearly every line: each global read (`ngx`, `pairs`) misses their
per-request environment, and each ngx.var.NAME misses ngx.var.

A table made here belongs to a Table subclass with its own __missing__,
given by its owner: for the environment `_G.get` (a C method: no Python
frame at all), for ngx.var the variable lookup itself. To the VM it is a
plain Table: its __class__ says Table, so every `t.__class__ is Table`
test of luavm takes it (type, rawget, pairs, getmetatable, setfenv; tier 1
reads the metatable slot as it is). The shortcut holds while the table's
metatable is the one it was made with: setmetatable with any other turns
it into a plain Table for good, which then follows its new __index as any
table does. An edit of that metatable's own fields is the owner's to check
(see `environments` and gateway.ngx.var).
"""
from __future__ import annotations

from typing import Callable

from luavm.dictslots import use_dict_slots
from luavm.value import Table

_get_meta = Table.meta.__get__
_set_meta = Table.meta.__set__
_set_class = object.__dict__["__class__"].__set__


def shortcut_class(name: str, missing: Callable, meta: Table) -> type:
    """A Table subclass whose missing keys go to missing(table, key) (or
    missing(key) for a C method or a staticmethod), while a table's
    metatable is `meta`."""

    def set_meta(table: Table, mt) -> None:
        _set_meta(table, mt)
        if mt is not meta:
            _set_class(table, Table)        # not ours any more: an ordinary table

    cls = type(name, (Table,), {
        "__slots__": (),
        "__doc__": "A Table with a __missing__ of its own (see gateway.lua_tables).",
        "__missing__": missing,
        # made by new_table: Table.__init__ would set meta to None, which
        # makes a plain table of it; object's is C and does nothing
        "__init__": object.__init__,
        # a plain class attribute, not a property: `t.__class__` is then
        # a lookup (~45 ns), not a call (~130 ns); type(t) stays the subclass
        "__class__": Table,
        "meta": property(_get_meta, set_meta),
    })
    use_dict_slots(cls)
    return cls


def new_table(cls: type, meta: Table) -> Table:
    """An empty table of a shortcut class, with its metatable."""
    table = cls()
    _set_meta(table, meta)
    table.border = 0.0
    return table


def environments(globals_: Table, on_taken: Callable[[], None]) -> Callable[[], Table]:
    """A function making a handler run's globals (fresh, reading through to
    _G, as lua-nginx-module gives each request's coroutine). on_taken() is
    called when Lua code gets hold of one (luavm's fenv): it may write to
    it, or edit the metatable all of them share."""
    env_meta = Table({b"__index": globals_})
    env_class = shortcut_class("RequestEnv", globals_.get, env_meta)
    env_class.on_taken = staticmethod(on_taken)

    def new_env() -> Table:
        # Hot path: once per run of a handler that assigns globals
        # (new_table, inline). _G.get is a raw read: it holds while _G has
        # no metatable of its own (a strict mode's __index must see the misses).
        if (len(env_meta) != 1 or env_meta.get(b"__index") is not globals_
                or globals_.meta is not None):
            env = Table()           # Lua code edited the shared metatable, or _G's
            env.meta = env_meta
            return env
        env = env_class()
        _set_meta(env, env_meta)
        env.border = 0.0
        return env

    return new_env
