"""LuaJIT's `ffi` module on top of cffi (DESIGN.md, ffi).

    ctype.py   C types, and conversions between Lua and C values
    cdata.py   operators on cdata (index, arithmetic, comparison, tostring, calls)
    call.py    calling C functions (an invoker generated per signature)
    clib.py    symbol namespaces: ffi.C and ffi.load
    numbers.py LuaJIT's number conversions and 64-bit integer arithmetic
    lib.py     the module's functions

`require "ffi"` finds it in package.preload, as in LuaJIT; the module (and
cffi) load on that first require, so states that never use the ffi do not
pay for it. An embedder makes its own C functions visible to `ffi.C` by
listing their shared library in `state.ffi_libraries` before that.
"""
from __future__ import annotations

from ..value import Table

__all__ = ["open_lib"]


def open_lib(state, preload: Table) -> None:
    """Register `ffi` in a state's package.preload."""
    state.ffi_libraries = []
    module: list = []

    def loader(*_):
        if not module:
            module.append(_build(state))
        return module[0]
    preload[b"ffi"] = loader


def _build(state) -> Table:
    from . import cdata
    from .lib import make_registry, open_module
    cdata.install()
    reg = state.ffi_registry = make_registry()
    for path in state.ffi_libraries:
        reg.libs.append(reg.ffi.dlopen(path))
    return open_module(reg)
