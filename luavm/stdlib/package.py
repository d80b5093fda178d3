"""require and the package library: path templates, preload, loaders."""
from __future__ import annotations

import os

from ..auxlib import check_str, lua_error
from ..runtime import call, call1
from ..value import Multi, Table

DEFAULT_PATH = b"./?.lua;/usr/local/share/lua/5.1/?.lua;/usr/local/share/lua/5.1/?/init.lua"
DEFAULT_CPATH = b"./?.so;/usr/local/lib/lua/5.1/?.so"


def search_path(name: bytes, path: bytes, sep: bytes = b".", rep: bytes = b"/"):
    """The first readable file for name along path; else (None, tried text)."""
    fname = name.replace(sep, rep) if sep else name
    tried = []
    for template in path.split(b";"):
        if not template:
            continue
        candidate = template.replace(b"?", fname)
        if os.path.isfile(candidate) and os.access(candidate, os.R_OK):
            return candidate, b""
        tried.append(b"\n\tno file '" + candidate + b"'")
    return None, b"".join(tried)


def open_lib(state) -> Table:
    package = Table()
    loaded = Table()
    preload = Table()
    env_path = os.environ.get("LUA_PATH")
    package[b"path"] = _with_default(env_path, DEFAULT_PATH)
    package[b"cpath"] = _with_default(os.environ.get("LUA_CPATH"), DEFAULT_CPATH)
    package[b"loaded"] = loaded
    package[b"preload"] = preload
    package[b"config"] = b"/\n;\n?\n!\n-\n"

    def preload_loader(name=None, *_):
        f = dict.get(package[b"preload"], name)
        if f is None:
            return b"\n\tno field package.preload['" + name + b"']"
        return f

    def lua_loader(name=None, *_):
        path = package[b"path"]
        if path.__class__ is not bytes:
            raise lua_error("'package.path' must be a string")
        found, tried = search_path(name, path)
        if found is None:
            return tried
        with open(found, "rb") as fh:
            src = fh.read()
        try:
            return state.compile(src, "@" + found.decode("latin-1"))
        except Exception as exc:
            msg = getattr(exc, "value", str(exc).encode())
            raise lua_error(f"error loading module '{name.decode('latin-1')}' from file "
                            f"'{found.decode('latin-1')}':\n\t{msg.decode('latin-1')}")

    def c_loader(name=None, *_):
        found, tried = search_path(name, package[b"cpath"])
        if found is None:
            return tried
        raise lua_error(f"error loading module '{name.decode('latin-1')}' from file "
                        f"'{found.decode('latin-1')}':\n\tC modules are not supported")

    loaders = Table()
    for i, fn in enumerate((preload_loader, lua_loader, c_loader), 1):
        loaders[float(i)] = fn
    package[b"loaders"] = loaders

    def require(name=None, *_):
        name = check_str(name, 1, "require")
        value = dict.get(package[b"loaded"], name)
        if value is not None:
            if value is _LOADING:
                raise lua_error(f"loop or previous error loading module '{name.decode('latin-1')}'")
            return value
        messages = []
        i = 1.0
        while True:
            loader = dict.get(package[b"loaders"], i)
            if loader is None:
                break
            r = call(loader, name)
            f = r[0] if r.__class__ is Multi and r else r
            if callable(f) and f.__class__ is not bytes:
                package[b"loaded"][name] = _LOADING
                try:
                    result = call1(f, name)
                except BaseException:
                    dict.pop(package[b"loaded"], name, None)
                    raise
                if result is not None:
                    package[b"loaded"][name] = result
                if dict.get(package[b"loaded"], name) is _LOADING:
                    package[b"loaded"][name] = True
                return package[b"loaded"][name]
            if f.__class__ is bytes:
                messages.append(f)
            i += 1.0
        raise lua_error(f"module '{name.decode('latin-1')}' not found:"
                        + b"".join(messages).decode("latin-1"))

    state.globals[b"require"] = require
    state.package = package
    return package


class _Loading:
    """Marks a module whose loader is running (require loops)."""


_LOADING = _Loading()


def _with_default(env: str | None, default: bytes) -> bytes:
    if env is None:
        return default
    return env.encode().replace(b";;", b";" + default + b";")
