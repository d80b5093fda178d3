"""String keys shared by address (luavm.value.interned, intern_keys): the
keys of the tables the host sets up (the standard library, the gateway's
ngx API) are the very objects compiled Lua code looks them up with, so a
dict lookup hits by address instead of comparing bytes. Lookups by equal
keys work either way: what these tests pin is the identity, which is what
makes `ngx.say` or `string.format` cost one hash probe."""
from __future__ import annotations

from pathlib import Path

from gateway import config
from gateway.worker import Worker
from luavm import runtime
from luavm.ast import name_key
from luavm.state import LuaState
from luavm.value import Table, intern_keys, interned


def _key(table: Table, text: bytes) -> bytes:
    """The key object a table holds for text."""
    return next(k for k in dict.keys(table) if k == text)


def _constants(fn) -> list:
    """The bytes constants of a compiled Lua function and its nested ones."""
    found, stack = [], [fn.__code__]
    while stack:
        code = stack.pop()
        for c in code.co_consts:
            if c.__class__ is bytes:
                found.append(c)
            elif hasattr(c, "co_consts"):
                stack.append(c)
    return found


def test_compiled_global_and_field_names_are_the_state_keys() -> None:
    st = LuaState()
    fn = st.compile(b'print(string.format("%d", 1)); local s = ("x"):upper(); x = s', "t.lua")
    consts = {c: c for c in _constants(fn)}
    g = st.globals
    assert consts[b"print"] is _key(g, b"print")
    assert consts[b"string"] is _key(g, b"string")
    assert consts[b"format"] is _key(g[b"string"], b"format")
    assert consts[b"upper"] is _key(g[b"string"], b"upper")
    assert consts[b"x"] is name_key("x")


def test_metatables_built_in_lua_hold_the_runtime_metamethod_names() -> None:
    st = LuaState()
    st.run(b"t = setmetatable({}, {__index = function() return 1 end, __newindex = rawset})",
           "t.lua")
    meta = st.globals[b"t"].meta
    assert _key(meta, b"__index") is runtime.INDEX
    assert _key(meta, b"__newindex") is runtime.NEWINDEX


def test_intern_keys_keeps_order_values_cycles_and_metatables() -> None:
    inner = Table({"alpha".encode(): 1.0, 2.0: b"two"})
    inner.meta = Table({"__index".encode(): inner})
    root = Table({"zeta".encode(): inner, 1.0: b"one", "beta".encode(): b"b"})
    inner["up".encode()] = root             # a cycle
    intern_keys(root)
    assert list(root.items()) == [(b"zeta", inner), (1.0, b"one"), (b"beta", b"b")]
    assert list(inner.items()) == [(b"alpha", 1.0), (2.0, b"two"), (b"up", root)]
    for table, text in ((root, b"zeta"), (root, b"beta"), (inner, b"alpha"), (inner, b"up"),
                        (inner.meta, b"__index")):
        assert _key(table, text) is interned(text)
    assert inner.meta[b"__index"] is inner


def test_the_ngx_api_keys_are_the_ones_handlers_look_up(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "t.conf").write_text("events {}\nhttp { server { listen 127.0.0.1:1; } }\n")
    worker = Worker(config.load(str(tmp_path / "t.conf"), str(tmp_path)))
    ngx = worker.globals[b"ngx"]
    assert _key(worker.globals, b"ngx") is name_key("ngx")
    for table, name in ((ngx, "say"), (ngx, "var"), (ngx, "req"), (ngx[b"req"], "get_headers"),
                        (ngx, "HTTP_OK")):
        assert _key(table, name.encode()) is name_key(name)
