"""require and the package library, as LuaJIT's lib_package.c: path templates,
preload, the four loaders, package.searchpath, module() and package.seeall.

C modules cannot be loaded (a Lua C function needs the Lua C API): the C
loaders still search package.cpath, so "not found" messages list the same
files as LuaJIT's, and report a module file they find as unloadable.
"""
from __future__ import annotations

import errno
import os

from ..auxlib import NOVALUE, check_str, check_table, opt_str
from .. import runtime
from ..runtime import call1, index, setindex
from ..value import EMPTY, LuaError, Multi, Table, Userdata, type_name
from .. import callstack
from . import fenv
from .chunks import compile_chunk, skip_shebang

DEFAULT_PATH = b"./?.lua;/usr/local/share/lua/5.1/?.lua;/usr/local/share/lua/5.1/?/init.lua"
DEFAULT_CPATH = b"./?.so;/usr/local/lib/lua/5.1/?.so"
NO_C_MODULES = b"C modules are not supported by luavm"

# package.loaded's value while a module loads (LuaJIT's sentinel): meeting
# it again means a require loop, or an earlier load that failed
_LOADING = Userdata()


def readable(path: bytes) -> bool:
    """Whether C's fopen(path, "r") succeeds (it does on a directory)."""
    try:
        with open(path, "rb"):
            return True
    except IsADirectoryError:
        return True
    except OSError:
        return False


def search_path(name: bytes, path: bytes, sep: bytes = b".", rep: bytes = b"/"):
    """The first readable file for name along path; else (None, the list of
    files tried, as "\\n\\tno file '...'" lines)."""
    fname = name.replace(sep, rep) if sep else name
    tried = []
    for template in path.split(b";"):
        if not template:
            continue
        candidate = template.replace(b"?", fname)
        if readable(candidate):
            return candidate, b""
        tried.append(b"\n\tno file '" + candidate + b"'")
    return None, b"".join(tried)


def open_lib(state) -> Table:
    package = Table()
    loaded = Table()
    package[b"path"] = _with_default(os.environ.get("LUA_PATH"), DEFAULT_PATH)
    package[b"cpath"] = _with_default(os.environ.get("LUA_CPATH"), DEFAULT_CPATH)
    package[b"loaded"] = loaded
    package[b"preload"] = Table()
    package[b"config"] = b"/\n;\n?\n!\n-\n"
    loaders = Table()
    for i, fn in enumerate(_loaders(state, package), 1):
        loaders[float(i)] = fn
    package[b"loaders"] = loaders
    package[b"loadlib"] = loadlib
    package[b"searchpath"] = searchpath
    package[b"seeall"] = lambda m=NOVALUE, *_: seeall(state, m)
    # require keeps the original package.loaded, as LuaJIT keeps its registry's
    state.globals[b"require"] = lambda name=NOVALUE, *_: require(package, loaded, name)
    state.globals[b"module"] = lambda *args: module(state, loaded, *args)
    state.package = package
    return package


# -- require ---------------------------------------------------------------------

def require(package: Table, loaded: Table, name) -> object:
    """require(name): package.loaded[name], else what the first loader that
    finds the module returns when run (true for nothing). The sentinel it
    stays at when the module fails makes a second require report the error."""
    name = check_str(name, 1, "require")
    have = index(loaded, name)
    if have is not None and have is not False:
        if have is _LOADING:
            raise callstack.caller_error(b"loop or previous error loading module '" + name + b"'")
        return have
    loader = _find_loader(package, name)
    setindex(loaded, name, _LOADING)
    result = call1(loader, name)
    if result is not None:
        setindex(loaded, name, result)
    if index(loaded, name) is _LOADING:
        setindex(loaded, name, True)
    return index(loaded, name)


def _find_loader(package: Table, name: bytes):
    """The first loader's module function; the error lists what each tried."""
    loaders = index(package, b"loaders")
    if loaders.__class__ is not Table:
        raise callstack.caller_error("'package.loaders' must be a table")
    messages = []
    i = 1.0
    while True:
        loader = dict.get(loaders, i)
        if loader is None:
            raise callstack.caller_error(
                b"module '" + name + b"' not found:" + b"".join(messages))
        found = call1(loader, name)
        if type_name(found) == "function":
            return found
        if found.__class__ is bytes or found.__class__ is float:
            messages.append(runtime.tostr(found))
        i += 1.0


def _loaders(state, package: Table) -> tuple:
    """package.loaders: preload, Lua files, C files, C files of the root name."""

    def preload_loader(name=NOVALUE, *_):
        name = check_str(name, 1, "loader")
        preload = index(package, b"preload")
        if preload.__class__ is not Table:
            raise callstack.caller_error("'package.preload' must be a table")
        f = index(preload, name)
        return b"\n\tno field package.preload['" + name + b"']" if f is None else f

    def lua_loader(name=NOVALUE, *_):
        name = check_str(name, 1, "loader")
        found, tried = _find_file(package, name, b"path")
        if found is None:
            return tried
        try:
            with open(found, "rb") as fh:
                src = fh.read()
            return compile_chunk(state, skip_shebang(src), b"@" + found, fenv.thread_env(state))
        except LuaError as exc:
            raise _load_error(name, found, exc.value) from None
        except OSError as exc:
            why = os.strerror(exc.errno or errno.EIO).encode()
            raise _load_error(name, found, b"cannot read " + found + b": " + why) from None

    def c_loader(name=NOVALUE, *_):
        name = check_str(name, 1, "loader")
        found, tried = _find_file(package, name, b"cpath")
        if found is None:
            return tried
        raise _load_error(name, found, NO_C_MODULES)

    def croot_loader(name=NOVALUE, *_):
        name = check_str(name, 1, "loader")
        if b"." not in name:
            return EMPTY
        found, tried = _find_file(package, name.split(b".", 1)[0], b"cpath")
        if found is None:
            return tried
        raise _load_error(name, found, NO_C_MODULES)

    return preload_loader, lua_loader, c_loader, croot_loader


def _find_file(package: Table, name: bytes, field: bytes):
    path = index(package, field)
    if path.__class__ is float:
        path = check_str(path, 1, "loader")
    if path.__class__ is not bytes:
        raise callstack.caller_error(b"'package." + field + b"' must be a string")
    return search_path(name, path)


def _load_error(name: bytes, filename: bytes, why) -> LuaError:
    text = why if why.__class__ is bytes else b"?"
    return callstack.caller_error(b"error loading module '" + name + b"' from file '"
                                  + filename + b"':\n\t" + text)


# -- package functions -----------------------------------------------------------

def searchpath(name=NOVALUE, path=NOVALUE, sep=None, rep=None, *_):
    # LuaJIT's C compiler checks the arguments last to first
    rep = opt_str(rep, 4, "searchpath", b"/")
    sep = opt_str(sep, 3, "searchpath", b".")
    path = check_str(path, 2, "searchpath")
    name = check_str(name, 1, "searchpath")
    found, tried = search_path(name, path, sep, rep)
    return found if found is not None else Multi((None, tried))


def loadlib(path=NOVALUE, init=NOVALUE, *_):
    """A library that cannot be opened fails with "open"; one that can has no
    Lua C functions luavm could call, so it fails with "init"."""
    path = check_str(path, 1, "loadlib")
    check_str(init, 2, "loadlib")
    if not os.path.isfile(path):
        why = os.strerror(errno.ENOENT if not os.path.exists(path) else errno.EACCES)
        return Multi((None, path + b": cannot open shared object file: " + why.encode(), b"open"))
    return Multi((None, NO_C_MODULES, b"init"))


def seeall(state, m) -> Multi:
    """package.seeall(m): m's globals fall back to _G."""
    m = check_table(m, 1, "seeall")
    if m.meta is None:
        m.meta = Table()
    setindex(m.meta, b"__index", fenv.thread_env(state))
    return EMPTY


def module(state, loaded: Table, name=NOVALUE, *options) -> Multi:
    """module(name, ...): the module table becomes the calling function's
    environment, then each option (a function) is called with it."""
    modname = check_str(name, 1, "module")
    mod = _module_table(state, loaded, modname)
    if index(mod, b"_NAME") is None:
        setindex(mod, b"_M", mod)
        setindex(mod, b"_NAME", modname)
        setindex(mod, b"_PACKAGE", modname[:modname.rfind(b".") + 1])
    caller = callstack.nth(callstack.current_levels(), 1)
    if caller is None or caller.info is None:
        raise callstack.caller_error("'module' not called from a Lua function")
    fenv.set_frame_env(caller.frame, mod)
    for opt in options:
        if type_name(opt) == "function":
            call1(opt, mod)
    return EMPTY


def _module_table(state, loaded: Table, modname: bytes) -> Table:
    """package.loaded[modname], else the global table of that dotted name,
    created as needed (luaL_pushmodule)."""
    mod = index(loaded, modname)
    if mod.__class__ is Table:
        return mod
    t = fenv.thread_env(state)
    for part in modname.split(b"."):
        nxt = dict.get(t, part)
        if nxt is None:
            nxt = Table()
            t[part] = nxt
        elif nxt.__class__ is not Table:
            raise callstack.caller_error(b"name conflict for module '" + modname + b"'")
        t = nxt
    setindex(loaded, modname, t)
    return t


def _with_default(env: str | None, default: bytes) -> bytes:
    """LUA_PATH's value, its ";;" standing for the default path."""
    if env is None:
        return default
    return os.fsencode(env).replace(b";;", b";" + default + b";")


__all__ = ["open_lib", "search_path"]
