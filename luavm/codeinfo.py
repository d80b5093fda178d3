"""Debug information of compiled Lua code, found from a Python frame.

Every code object tier 0 produces is registered here with the chunk name,
the Lua function's name and line range, and its call-site table (what each
operation is, for error messages). A Python frame is a Lua frame when its
code object is registered; its f_lineno is the Lua line (tier 0 sets it so).
"""
from __future__ import annotations

import sys


class FuncInfo:
    """What tier 0 knows of one Lua function's code object."""
    __slots__ = ("chunkname", "name", "line", "end_line", "sites", "code", "nparams", "is_vararg")

    def __init__(self, chunkname: str, name: str, line: int, end_line: int,
                 sites: list, code, nparams: int = 0, is_vararg: bool = False) -> None:
        self.chunkname = chunkname     # as Lua shows it: "t.lua", [string "..."]
        self.name = name               # "main chunk", "foo", "anonymous"
        self.line = line
        self.end_line = end_line
        self.sites = sites             # site id -> Site (compiler.py)
        self.code = code               # keeps the code object (and its id) alive
        self.nparams = nparams
        self.is_vararg = is_vararg


CODEINFO: dict[int, FuncInfo] = {}


def register(info: FuncInfo) -> None:
    CODEINFO[id(info.code)] = info


def info_of(frame) -> FuncInfo | None:
    return CODEINFO.get(id(frame.f_code))


def lua_frames(frame=None):
    """Yield (frame, FuncInfo) for the Lua frames from `frame` outwards."""
    if frame is None:
        frame = sys._getframe(1)
    get = CODEINFO.get
    while frame is not None:
        info = get(id(frame.f_code))
        if info is not None:
            yield frame, info
        frame = frame.f_back


_positions: dict[int, list] = {}

# Code objects of Python functions that call Lua values on a builtin's behalf
# (pcall, the tail-call trampoline, ...): a builtin reached through one of
# them has no name and no position in its errors, as in LuaJIT.
INTERMEDIARIES: set = set()


def site_at(code, lasti: int):
    """The compiler's Site for the instruction at byte offset lasti, or None."""
    info = CODEINFO.get(id(code))
    if info is None:
        return None
    pos = _positions.get(id(code))
    if pos is None:
        pos = _positions[id(code)] = list(code.co_positions())
    i = lasti // 2
    if 0 <= i < len(pos):
        col = pos[i][2]
        if col and col < len(info.sites):
            return info.sites[col]
    return None


def caller_of_builtin():
    """(Lua frame, its info) that called the running builtin directly, or None.

    NO_LUA when no Lua code is on the stack at all (a Python caller).

    None when the builtin was reached through an intermediary (pcall, a
    pending tail call): Lua then knows neither its name nor a position.
    """
    frame = sys._getframe(2)
    get = CODEINFO.get
    while frame is not None:
        info = get(id(frame.f_code))
        if info is not None:
            return frame, info
        if frame.f_code in INTERMEDIARIES:
            return None
        frame = frame.f_back
    return NO_LUA


NO_LUA = (None, None)   # called from Python alone: the builtin's own name stands


def where(level: int = 1) -> str:
    """`chunk:line: ` of the level-th Lua frame up the stack, as luaL_where.

    Level 1 is the innermost Lua function running (the caller of the builtin
    that is asking). Empty when there is no such frame.
    """
    for n, (frame, info) in enumerate(lua_frames(sys._getframe(1)), 1):
        if n == level:
            return f"{info.chunkname}:{frame.f_lineno}: "
    return ""
