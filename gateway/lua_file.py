"""The code of a `*_by_lua*` directive, read and reported as lua-nginx-module does."""
from __future__ import annotations

from luavm.value import LuaError


class LoadError(LuaError):
    """A *_by_lua chunk that cannot be loaded. lua-nginx-module logs it as
    it is (no "runtime error" and no traceback: nothing ran) and answers
    `status`: 404 for a file that cannot be read (Lua's LUA_ERRFILE), 500
    for code that does not compile."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message.encode())
        self.status = status


def read_lua_file(path: str) -> bytes:
    """The file's code, its first line blanked when it starts with '#' (a
    shebang), as Lua's loadfile does; a LoadError in lua-nginx-module's
    words when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            source = fh.read()
    except OSError as exc:
        raise LoadError(f'failed to load external Lua file "{path}": cannot open {path}: '
                        f'{exc.strerror}', 404) from None
    if source.startswith(b"#"):
        end = source.find(b"\n")
        source = b"" if end < 0 else source[end:]
    return source


def syntax_error_text(path: str | None, exc: Exception) -> str:
    """A chunk that does not compile, in lua-nginx-module's words (path:
    the file of a *_by_lua_file, None for inlined code)."""
    what = f'external Lua file "{path}"' if path else "inlined Lua code"
    return f"failed to load {what}: {exc}"
