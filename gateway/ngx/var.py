"""ngx.var.NAME: nginx variables, read and (where nginx allows) written."""
from __future__ import annotations

from luavm.auxlib import lua_error
from luavm.runtime import tostring
from luavm.value import Table, fmt_number, lua_key, type_name

from .. import variables
from ..lua_tables import new_table, shortcut_class
from .base import ANY_REQUEST, request_for


# The most names ngx.var keeps resolved: Lua code may build names at run time.
READERS_MAX = 1024


def install(ngx: Table, w, declared: frozenset[bytes]) -> None:
    """`declared`: the variables the conf defines with `set` (writable)."""
    # a name as Lua code reads it -> (its lower-case form, its getter)
    readers: dict[bytes, tuple[bytes, variables.Getter]] = {}

    def read(key: bytes):
        # Hot path: ngx.var.uri, ngx.var.arg_x, ngx.var.http_host. A name
        # is lowered and resolved once (variables.reader), so a read is a
        # lookup and the getter's call.
        req = w.request
        if req is None or not req.phase & ANY_REQUEST:
            req = request_for(w, ANY_REQUEST)       # raises the error
        found = readers.get(key)
        if found is None:
            if len(readers) >= READERS_MAX:
                readers.clear()
            name = key.lower()
            found = readers[key] = (name, variables.reader(name))
        name, getter = found
        value = getter(req)
        if value is None and name in declared and name not in req.vars:
            return b""      # declared by `set` elsewhere, never set for this request
        return value

    def get(t, key):
        if key.__class__ is bytes:
            return read(key)
        req = request_for(w, ANY_REQUEST)
        if key.__class__ is float:
            caps = req.captures
            n = int(key)
            return caps[n] if caps is not None and 0 <= n < len(caps) else None
        raise lua_error(f"bad variable name type: {type_name(key)}")

    def set_(t, key, value):
        req = request_for(w, ANY_REQUEST)
        if key.__class__ is not bytes:
            raise lua_error(f"bad variable name type: {type_name(key)}")
        name = key.lower()
        if value.__class__ is float:
            value = fmt_number(value)
        elif value is not None and value.__class__ is not bytes:
            value = tostring(value)         # as resty.core does: "table: 0x..."
        if name in declared:
            req.vars[name] = value
        elif name in variables.WRITABLE:
            if name in (b"args", b"query_string"):
                req.args = value
        elif variables.is_builtin(name):
            raise lua_error(f'variable "{name.decode("latin-1")}" not changeable')
        else:
            raise lua_error(f'variable "{name.decode("latin-1")}" not found for writing; maybe it '
                            'is a built-in variable that is not changeable or you forgot to use '
                            f'"set ${name.decode("latin-1")} \'\';" in the config file to define '
                            'it first')

    def missing(t, key):
        # Hot path: ngx.var.NAME, straight from the missed dict lookup
        # (gateway.lua_tables), while the metatable's __index is still ours.
        if meta.get(b"__index") is not get:
            return Table.__missing__(t, key)
        if key.__class__ is bytes:
            return read(key)
        return get(t, lua_key(key))

    meta = Table({b"__index": get, b"__newindex": set_})
    ngx[b"var"] = new_table(shortcut_class("NgxVar", missing, meta), meta)
