"""Opening the standard libraries into a state (Lua's linit.c)."""
from __future__ import annotations

from .. import ffi, runtime
from ..value import Table
from . import base, bit, coroutine, debug, io, jit, math, os, package, string, table

LIBS = (
    ("coroutine", coroutine), ("string", string), ("table", table), ("math", math),
    ("os", os), ("io", io), ("debug", debug), ("bit", bit), ("jit", jit),
)


def open_all(state) -> None:
    """base and package first (require needs package.loaded), then the rest."""
    g = base.open_lib(state)
    pkg = package.open_lib(state)
    loaded = pkg[b"loaded"]
    loaded[b"_G"] = g
    loaded[b"package"] = pkg
    g[b"package"] = pkg
    for name, module in LIBS:
        lib = module.open_lib(state)
        g[name.encode()] = lib
        loaded[name.encode()] = lib
    runtime.string_meta[0] = Table({b"__index": g[b"string"]})
    ffi.open_lib(state, pkg[b"preload"])
    pkg[b"preload"][b"jit.v"] = lambda *_: jit.verbose_lib(state)
