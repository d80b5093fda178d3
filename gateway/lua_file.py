"""The code of a `*_by_lua_file` directive, read as lua-nginx-module reads it."""
from __future__ import annotations

from luavm.value import LuaError


def read_lua_file(path: str) -> bytes:
    """The file's code, its first line blanked when it starts with '#' (a
    shebang), as Lua's loadfile does; a LuaError in lua-nginx-module's
    words when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            source = fh.read()
    except OSError as exc:
        raise LuaError(f'failed to load external Lua file "{path}": cannot open {path}: '
                       f'{exc.strerror}'.encode()) from None
    if source.startswith(b"#"):
        end = source.find(b"\n")
        source = b"" if end < 0 else source[end:]
    return source
