"""Debug information of compiled Lua code, found from a Python frame.

Every code object tier 0 produces is registered here with the chunk name,
the Lua function's name and line range, and its call-site table (what each
operation is, for error messages). A Python frame is a Lua frame when its
code object is registered; its f_lineno is the Lua line (tier 0 sets it so).
"""
from __future__ import annotations


class FuncInfo:
    """What tier 0 knows of one Lua function's code object."""
    __slots__ = ("chunkname", "name", "line", "end_line", "sites", "code", "nparams", "is_vararg",
                 "kinds", "tree")

    def __init__(self, chunkname: str, name: str, line: int, end_line: int,
                 sites: list, code, nparams: int = 0, is_vararg: bool = False,
                 kinds: dict | None = None) -> None:
        self.chunkname = chunkname     # as Lua shows it: "t.lua", [string "..."]
        self.name = name               # "main chunk", "foo", "anonymous"
        self.line = line
        self.end_line = end_line
        self.sites = sites             # site id -> Site (compiler.py)
        self.code = code               # keeps the code object (and its id) alive
        self.nparams = nparams
        self.is_vararg = is_vararg
        # Python names of locals the code assumes are always numbers
        # ("number"), tables ("table") or the function they are declared
        # with ("function": its calls take one bare result) where it runs
        # (scope.py): debug.setlocal/setupvalue changing one would break it
        self.kinds = kinds or {}
        self.tree = None               # (ast.Function, scope.Resolution), for tier 1


CODEINFO: dict[int, FuncInfo] = {}


def register(info: FuncInfo) -> None:
    CODEINFO[id(info.code)] = info


def info_of(frame) -> FuncInfo | None:
    return CODEINFO.get(id(frame.f_code))


_positions: dict[int, list] = {}

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
