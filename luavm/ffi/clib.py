"""C library namespaces: `ffi.C` and what `ffi.load` returns.

A namespace resolves a declared symbol in its shared libraries on first use
and keeps the result: a function becomes a cdata (called through
call.make_invoker), a constant or an enum value a number; variables are
read and written through cffi each time, as they may change.
`ffi.C` searches the process (libc and whatever is loaded globally), libm,
and the libraries the embedder adds (Moongate's C helpers).
"""
from __future__ import annotations

import ctypes.util

from ..value import EMPTY, CData, LuaError, Table, Userdata
from .ctype import ConvError, Registry

_KINDS = ("function", "variable", "constant")


class CLib(Userdata):
    """A namespace of C symbols (type() says userdata, as in LuaJIT)."""
    __slots__ = ("reg", "libs", "cache", "label")

    def __init__(self, reg: Registry, libs: list, label: str) -> None:
        super().__init__(NAMESPACE_META)
        self.reg = reg
        self.libs = libs
        self.cache: dict = {}
        self.label = label

    def __repr__(self) -> str:
        return f"userdata: 0x{id(self):08x}"


def _declaration(reg: Registry, name: str):
    """(kind, model type) of a declared symbol, or None."""
    decls = reg.parser._declarations
    for kind in _KINDS:
        d = decls.get(f"{kind} {name}")
        if d is not None:
            return kind, d[0]
    if name in reg.parser._int_constants:
        return "constant", None
    return None


def resolve(lib: CLib, key):
    """lib.name: the symbol's Lua value."""
    value = lib.cache.get(key)
    if value is not None:
        return value
    if key.__class__ is not bytes:
        raise LuaError(b"bad argument #2 to 'index' (string expected)", positioned=False)
    name = key.decode("utf-8", "replace")
    reg = lib.reg
    decl = _declaration(reg, name)
    if decl is None:
        raise LuaError(f"missing declaration for symbol '{name}'".encode(), positioned=False)
    kind, mtype = decl
    for clib in lib.libs:
        try:
            raw = getattr(clib, name)
        except AttributeError:      # not in this library: the next one
            continue
        if kind == "function":
            ct = reg.from_model(mtype) if mtype is not None else reg.from_bt(reg.ffi.typeof(raw))
            value = lib.cache[key] = CData(ct, raw)
            return value
        if kind == "constant":
            value = lib.cache[key] = float(raw)
            return value
        return reg.from_model(mtype).to_lua(raw) if mtype is not None else raw
    raise LuaError(f"undefined symbol: {name}".encode(), positioned=False)


def namespace_index(lib=None, key=None, *_):
    return resolve(lib, key)


def namespace_newindex(lib=None, key=None, value=None, *_):
    """Assigning a C variable (a declared global of the library)."""
    name = key.decode("utf-8", "replace") if key.__class__ is bytes else str(key)
    decl = _declaration(lib.reg, name)
    if decl is None or decl[0] != "variable":
        raise LuaError(f"missing declaration for symbol '{name}'".encode(), positioned=False)
    ct = lib.reg.from_model(decl[1])
    try:
        converted = ct.to_c(value)
    except ConvError as exc:
        raise LuaError(exc.text.encode(), positioned=False) from None
    for clib in lib.libs:
        try:
            setattr(clib, name, converted)
            return EMPTY
        except AttributeError:
            continue
    raise LuaError(f"undefined symbol: {name}".encode(), positioned=False)


def namespace_tostring(lib=None, *_):
    return f"userdata: 0x{id(lib):08x}".encode()


NAMESPACE_META = Table({b"__index": namespace_index, b"__newindex": namespace_newindex,
                        b"__tostring": namespace_tostring})


def library_path(name: str) -> str:
    """ffi.load's name rules: a path is taken as is; `foo` is `libfoo.so`,
    found through the linker's cache when no unversioned file exists."""
    if "/" in name or name.endswith(".so") or ".so." in name:
        return name
    found = ctypes.util.find_library(name)
    return found or f"lib{name}.so"


def process_libraries(reg: Registry) -> list:
    """What ffi.C searches: the process itself, then libm."""
    libs = [reg.ffi.dlopen(None)]
    libm = ctypes.util.find_library("m")
    if libm:
        libs.append(reg.ffi.dlopen(libm))
    return libs
