"""Turning whatever Python raised inside Lua code into Lua's error.

Tier-0 code does not check for failures it can leave to Python: calling nil
raises TypeError, an operator's slow path raises OpError. When such an
exception is caught (pcall, coroutine boundary, the embedder), `to_lua_error`
finds the innermost Lua frame in the traceback, reads the site number tier 0
stored in the failing instruction's column (compiler.py), and words the
message as Lua does: `t.lua:3: attempt to call global 'f' (a nil value)`.
"""
from __future__ import annotations

import re

from .codeinfo import CODEINFO, site_at
from .runtime import OpError
from .value import LuaError, TAIL_SLOT, type_name

_NOT_CALLABLE = re.compile(r"'(\w+)' object is not callable")
_PY_TYPES = {"NoneType": "nil", "float": "number", "bytes": "string", "bool": "boolean",
             "Table": "table", "Userdata": "userdata", "Coroutine": "thread"}


def _site_of(tb):
    """The Site of the instruction a Lua frame's traceback entry stopped at."""
    return site_at(tb.tb_frame.f_code, tb.tb_lasti)


def lua_tbs(tb) -> list:
    """The traceback entries of Lua frames, outermost first."""
    out = []
    while tb is not None:
        if id(tb.tb_frame.f_code) in CODEINFO:
            out.append(tb)
        tb = tb.tb_next
    return out


def where_tb(tb) -> str:
    info = CODEINFO[id(tb.tb_frame.f_code)]
    return f"{info.chunkname}:{tb.tb_lineno}: "


def to_lua_error(exc: BaseException) -> LuaError:
    """The LuaError for any exception raised while running Lua code, with the
    traceback text when the error leaves Lua."""
    err = as_lua_error(exc)
    if err.traceback is None and _leaves_lua(exc.__traceback__):
        err.traceback = _traceback(exc)
    return err


def as_lua_error(exc: BaseException) -> LuaError:
    """The LuaError for any exception raised while running Lua code, without
    its traceback text (for a coroutine's end, which hands it back to Lua)."""
    tbs = lua_tbs(exc.__traceback__)
    inner = tbs[-1] if tbs else None
    prefix = where_tb(inner) if inner is not None else ""
    if isinstance(exc, LuaError):
        if exc.positioned:
            err = exc
        else:
            value = exc.value
            if value.__class__ is bytes:
                value = prefix.encode() + value
            err = LuaError(value)
    else:
        err = LuaError((prefix + _message(exc, inner)).encode("utf-8", "replace"))
    err.__traceback__ = exc.__traceback__
    return err


def _leaves_lua(tb) -> bool:
    """Whether the code that caught an error runs outside Lua (the embedder's
    LuaState.call), rather than in pcall, which hands it back to Lua. Only
    then is the traceback shown, and reading it walks the whole stack, which
    pcall must not pay for."""
    frame = tb.tb_frame.f_back if tb is not None else None
    while frame is not None:
        if id(frame.f_code) in CODEINFO:
            return False
        frame = frame.f_back
    return True


def _traceback(exc: BaseException) -> bytes:
    """The `stack traceback:` text of where exc was raised, as LuaJIT's
    standalone interpreter prints it for an uncaught error. Read now, while
    the frames below the catching one are still live."""
    # the debug library imports the coroutine module, which imports this one
    from .stdlib.debug import error_traceback
    return error_traceback(exc.__traceback__)


def _message(exc: BaseException, inner) -> str:
    site = _site_of(inner) if inner is not None else None
    if isinstance(exc, OpError):
        names = ""
        if site is not None and _same_kind(site.kind, exc.kind) and exc.kind != "compare":
            if exc.operand < len(site.names):
                names = site.names[exc.operand]
        return exc.message(names)
    if isinstance(exc, RecursionError):
        return "stack overflow"
    if isinstance(exc, MemoryError):
        return "not enough memory"
    if isinstance(exc, TypeError):
        m = _NOT_CALLABLE.search(str(exc))
        if m is not None and inner is not None and inner.tb_next is None:
            tname = _PY_TYPES.get(m.group(1), "userdata")
            if site is not None and site.kind == "call" and site.names and site.names[0]:
                return f"attempt to call {site.names[0]} (a {tname} value)"
            return f"attempt to call a {tname} value"
        if m is not None and inner is None:
            # a pending tail call whose function is not callable
            f = TAIL_SLOT[0]
            return f"attempt to call a {type_name(f)} value"
    return f"internal error: {type(exc).__name__}: {exc}"


def _same_kind(site_kind: str, op_kind: str) -> bool:
    if site_kind == op_kind:
        return True
    return {site_kind, op_kind} <= {"index", "newindex"}
