"""Loading chunks for load, loadstring, loadfile, dofile and require.

Each chunk's name is remembered as it was given ("@file", "=name", or the
source text itself), since debug.getinfo's `source` shows it that way while
codeinfo keeps only the name as messages show it.
"""
from __future__ import annotations

import types

from ..codeinfo import FuncInfo
from ..value import LuaError, Multi, Table

BINARY_MARK = b"\x1b"        # how a bytecode dump starts

# id(code object) -> the chunk name as given. codeinfo.CODEINFO keeps every
# compiled code object alive, so an id is never reused for another one.
_sources: dict[int, bytes] = {}


def compile_chunk(state, source: bytes, chunkname: bytes, env: Table | None = None):
    """The chunk's main function; a syntax error raises LuaError."""
    return state.compile(source, decode_name(chunkname), env)


def load_chunk(state, source: bytes, chunkname: bytes, env: Table | None = None,
               mode: bytes = b"bt"):
    """The chunk's main function, or nil and the message, as load returns them.
    `mode` says which chunks are welcome: "t" text, "b" binary (string.dump's,
    which luavm has none of)."""
    binary = source.startswith(BINARY_MARK)
    if (b"b" if binary else b"t") not in mode:
        kind = "binary" if binary else "text"
        return Multi((None, f"attempt to load a {kind} chunk (mode is '".encode() + mode + b"')"))
    try:
        return compile_chunk(state, source, chunkname, env)
    except LuaError as exc:
        return Multi((None, exc.value))


def skip_shebang(src: bytes) -> bytes:
    """A first line starting with '#' is dropped, its newline kept, so lines
    keep their numbers (luaL_loadfile)."""
    if not src.startswith(b"#"):
        return src
    nl = src.find(b"\n")
    return b"" if nl < 0 else src[nl:]


def decode_name(name: bytes) -> str:
    """A chunk name as the compiler takes it; its bytes come back unchanged
    when messages encode it (utf-8 with surrogateescape)."""
    return name.decode("utf-8", "surrogateescape")


def remember(code: types.CodeType, chunkname: bytes) -> None:
    """Keep the name a chunk was given for every function compiled in it."""
    stack = [code]
    while stack:
        c = stack.pop()
        _sources[id(c)] = chunkname
        stack.extend(k for k in c.co_consts if isinstance(k, types.CodeType))


def source_of(info: FuncInfo) -> bytes:
    """debug.getinfo's `source` for a Lua function."""
    given = _sources.get(id(info.code))
    if given is not None:
        return given
    # a chunk loaded by the embedder (LuaState.load): rebuild the name from
    # how messages show it, a file name unless it is a [string "..."]
    shown = info.chunkname.encode("utf-8", "surrogateescape")
    if shown.startswith(b'[string "') and shown.endswith(b'"]'):
        return shown[9:-2]
    return b"@" + shown
