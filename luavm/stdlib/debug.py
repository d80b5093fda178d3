"""Lua's debug library: traceback, getinfo, metatables."""
from __future__ import annotations

import sys

from .. import runtime
from ..auxlib import check_int, lua_error
from ..codeinfo import CODEINFO, lua_frames
from ..errors import describe_function
from ..value import Table


def traceback(msg=None, level=None, *_):
    if msg is not None and msg.__class__ not in (bytes, float):
        return msg
    start = 1 if level is None else check_int(level, 2, "traceback")
    lines = [] if msg is None else [runtime.tostring(msg)]
    lines.append(b"stack traceback:")
    frames = list(lua_frames(sys._getframe(1)))
    for frame, info in frames[max(start - 1, 0):]:
        lines.append(f"\t{info.chunkname}:{frame.f_lineno}: in {describe_function(info)}".encode())
    lines.append(b"\t[C]: ?")
    return b"\n".join(lines)


def getinfo(f=None, what=None, *_):
    what = b"flnSu" if what is None else what
    if f.__class__ is float:
        level = int(f)
        if level == 0:
            return _info_table(None, None, what, current=True)
        frames = list(lua_frames(sys._getframe(1)))
        if level > len(frames):
            return None
        frame, info = frames[level - 1]
        return _info_table(info, frame, what)
    code = getattr(f, "__code__", None)
    info = CODEINFO.get(id(code)) if code is not None else None
    if info is None and not callable(f):
        raise lua_error("bad argument #1 to 'getinfo' (function or level expected)")
    t = _info_table(info, None, what)
    if b"f" in what:
        t[b"func"] = f
    return t


def _info_table(info, frame, what: bytes, current: bool = False) -> Table:
    t = Table()
    if b"S" in what:
        if info is None:
            t[b"source"] = b"=[C]"
            t[b"short_src"] = b"[C]"
            t[b"what"] = b"C"
            t[b"linedefined"] = -1.0
            t[b"lastlinedefined"] = -1.0
        else:
            t[b"source"] = b"@" + info.chunkname.encode()
            t[b"short_src"] = info.chunkname.encode()
            t[b"what"] = b"main" if info.name == "main chunk" else b"Lua"
            t[b"linedefined"] = float(0 if info.name == "main chunk" else info.line)
            t[b"lastlinedefined"] = float(info.end_line)
    if b"l" in what:
        t[b"currentline"] = float(frame.f_lineno) if frame is not None else -1.0
    if b"u" in what:
        t[b"nups"] = 0.0
    if b"n" in what and info is not None and info.name not in ("main chunk", "anonymous"):
        t[b"name"] = info.name.rsplit(".", 1)[-1].rsplit(":", 1)[-1].encode()
        t[b"namewhat"] = b"global" if "." not in info.name else b"field"
    return t


def getmetatable(v=None, *_):
    return runtime.getmetatable(v)


def setmetatable(v=None, mt=None, *_):
    if v.__class__ is Table or hasattr(v, "meta"):
        v.meta = mt
    return v


def open_lib(state) -> Table:
    t = Table()
    for name, fn in (("traceback", traceback), ("getinfo", getinfo),
                     ("getmetatable", getmetatable), ("setmetatable", setmetatable)):
        t[name.encode()] = fn
    return t
