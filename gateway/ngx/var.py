"""ngx.var.NAME: nginx variables, read and (where nginx allows) written."""
from __future__ import annotations

from luavm.auxlib import lua_error
from luavm.runtime import INDEX, NEWINDEX, tostring
from luavm.value import Table, fmt_number, lua_key, type_name

from .. import variables
from ..lua_tables import new_table, shortcut_class
from .base import ANY_REQUEST, request_for


# The most names ngx.var keeps resolved: Lua code may build names at run time.
READERS_MAX = 1024


def install(ngx: Table, w, declared: frozenset[bytes]) -> None:
    """`declared`: the variables the conf defines with `set` (writable)."""
    # a name as Lua code reads it -> its getter
    readers: dict[bytes, variables.Getter] = {}

    def read(key: bytes):
        # Hot path: ngx.var.uri, ngx.var.arg_x, ngx.var.http_host. A name
        # is resolved once, so a read is a lookup and the getter's call.
        req = request_for(w, ANY_REQUEST)
        return (readers.get(key) or resolve(key))(req)

    def resolve(key: bytes) -> variables.Getter:
        """The getter of a name as Lua code spells it (variables.reader of
        its lower-case form); a variable declared by `set` elsewhere reads
        as "" where this request never set it."""
        if len(readers) >= READERS_MAX:
            readers.clear()
        name = key.lower()
        getter = variables.reader(name)
        if name in declared:
            found = getter

            def getter(req):
                value = found(req)
                return b"" if value is None and name not in req.vars else value

        readers[key] = getter
        return getter

    def get(t, key):
        if type(key) is bytes:
            return read(key)
        req = request_for(w, ANY_REQUEST)
        if type(key) is float:
            caps = req.captures
            n = int(key)
            return caps[n] if caps is not None and 0 <= n < len(caps) else None
        raise lua_error(f"bad variable name type: {type_name(key)}")

    def set_(t, key, value):
        req = request_for(w, ANY_REQUEST)
        if type(key) is not bytes:
            raise lua_error(f"bad variable name type: {type_name(key)}")
        name = key.lower()
        if type(value) is float:
            value = fmt_number(value)
        elif value is not None and type(value) is not bytes:
            value = tostring(value)         # as resty.core does: "table: 0x..."
        if name in declared:
            req.writable_vars()[name] = value
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

    def missing(key):
        # Hot path: ngx.var.NAME, straight from the missed dict lookup
        # (gateway.lua_tables), while the metatable's __index is still
        # ours: read(key), inline, for a name read before. A static
        # method: the one table is var, and no bound method is made per read.
        getter = readers.get(key)
        if getter is None or meta.get(INDEX) is not get:
            return first_missing(key)
        return getter(request_for(w, ANY_REQUEST))

    def first_missing(key):
        """missing(key) for a name not resolved yet, a number, or a
        metatable whose __index Lua code replaced."""
        if meta.get(INDEX) is not get:
            return Table.__missing__(var, key)
        if type(key) is not bytes:
            return get(var, lua_key(key))
        return read(key)

    meta = Table({INDEX: get, NEWINDEX: set_})
    var = new_table(shortcut_class("NgxVar", staticmethod(missing), meta), meta)
    ngx[b"var"] = var
