"""Numbers for builtins, so tostring(print) reads "function: builtin#29" as in LuaJIT.

LuaJIT numbers its fast functions when it is built. Here the standard library
of a state is numbered the first time a number is asked for, library by
library in a fixed order with names sorted, so a builtin gets the same number
in every run of a program; builtins met later (coroutine.wrap's functions, an
embedder's) take the next numbers. Numbers are never reused, so
tostring(f) == tostring(g) only when f and g are the same function.
"""
from __future__ import annotations

import weakref

from ..codeinfo import CODEINFO
from ..value import Table, type_name

_by_fn: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_by_id: dict[int, tuple[object, int]] = {}     # callables that take no weak reference
# id(_G) -> a weak reference to it, for the states already numbered (a
# WeakSet would compare tables with ==, which may run __eq)
_numbered: dict[int, weakref.ref] = {}
_next = [1]


def is_builtin(f) -> bool:
    """A Python callable standing as a Lua function (not a tier-0 Lua function)."""
    if type_name(f) != "function":
        return False
    code = getattr(f, "__code__", None)
    return code is None or id(code) not in CODEINFO


def number(f, globals_: Table | None = None) -> int:
    """The builtin number of f; `globals_` is the state's _G, numbered first."""
    if globals_ is not None:
        ref = _numbered.get(id(globals_))
        if ref is None or ref() is not globals_:
            _remember(globals_)
            _number_library(globals_)
    return _lookup(f) or _assign(f)


def _remember(g: Table) -> None:
    key = id(g)

    def forget(ref: weakref.ref) -> None:
        if _numbered.get(key) is ref:
            del _numbered[key]
    _numbered[key] = weakref.ref(g, forget)


def _lookup(f) -> int | None:
    try:
        return _by_fn.get(f)
    except TypeError:
        entry = _by_id.get(id(f))
        return entry[1] if entry is not None and entry[0] is f else None


def _assign(f) -> int:
    n = _next[0]
    _next[0] += 1
    try:
        _by_fn[f] = n
    except TypeError:
        _by_id[id(f)] = (f, n)
    return n


def _number_library(g: Table) -> None:
    """Number _G's functions, then each library table's, in sorted order."""
    libs = []
    for key in sorted(k for k in dict.keys(g) if k.__class__ is bytes):
        v = dict.get(g, key)
        if v.__class__ is Table:
            if v is not g:
                libs.append(v)
        elif is_builtin(v) and _lookup(v) is None:
            _assign(v)
    for lib in libs:
        for key in sorted(k for k in dict.keys(lib) if k.__class__ is bytes):
            v = dict.get(lib, key)
            if is_builtin(v) and _lookup(v) is None:
                _assign(v)
