"""lua-resty-lrucache, a pure-Lua library written for OpenResty, runs
unmodified on luavm: both `resty.lrucache` and its FFI-based
`resty.lrucache.pureffi` (which hashes strings by their address through
ffi.cast, relying on LuaJIT's string interning).

The library comes from Debian's `lua-resty-lrucache` package, a dev-time
anchor: without it this test is skipped. The expected output beside the
program (t/lua/lrucache_cases.out) is what luajit2 printed for it.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from luavm.state import LuaState

LIBDIR = Path("/usr/share/lua/5.1")
HERE = Path(__file__).parent / "lua"


@pytest.mark.skipif(not (LIBDIR / "resty/lrucache/pureffi.lua").exists(),
                    reason="Debian's lua-resty-lrucache is not installed")
def test_lrucache_use_cases() -> None:
    st = LuaState()
    st.stdout = io.BytesIO()
    st.globals[b"LRU_DIR"] = str(LIBDIR).encode()
    st.run((HERE / "lrucache_cases.lua").read_bytes(), "lrucache_cases.lua")
    assert st.stdout.getvalue().decode() == (HERE / "lrucache_cases.out").read_text()
