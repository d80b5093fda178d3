"""The Lua call stack as LuaJIT's debug functions number it, read from Python frames.

Level 0 is the running builtin, level 1 the function that called it, and so
on outwards. A level is a Lua frame (its code object is registered in
codeinfo) or a builtin's frame. Python frames of the VM's own machinery
(runtime, value, forloop: operators, metamethod dispatch, runtime.call, the
tail-call trampoline) are never levels, and neither are the Python helpers a
builtin calls: a builtin's frame is one that Lua code or that machinery
called, as a C function is one the Lua VM called.

While an xpcall handler runs, Lua's stack still holds the frames that raised
the error, since the handler runs on top of them. Python has unwound them by
then, so xpcall lends the exception's traceback (`handling`) and a walk that
reaches xpcall's frame from the handler's side goes through those frames
first, with the lines the traceback recorded.
"""
from __future__ import annotations

import gc
import itertools
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from . import coroutine as co_impl
from . import forloop, runtime, value
from .codeinfo import CODEINFO, FuncInfo, site_at
from .value import LuaError


class Level(NamedTuple):
    """One level of a Lua stack."""
    frame: types.FrameType | None   # None: the C code that entered Lua (stack bottom)
    line: int                       # current line; -1 for builtins
    lasti: int                      # the frame's current instruction (byte offset)
    info: FuncInfo | None           # None for a builtin
    name: tuple[str, str] | None    # (namewhat, name) as the caller knows it


BOTTOM = Level(None, -1, -1, None, None)    # lua.c's pmain below the main chunk


# -- which Python frames are levels ---------------------------------------------

# id(code object) -> (namewhat, name) its callees get, or None; the machinery's
# functions live as long as the process, so their ids stay theirs
_machinery: dict | None = None


def _functions_of(module) -> Iterator[types.FunctionType]:
    """Functions a module defines, its classes' methods included."""
    for obj in vars(module).values():
        if isinstance(obj, types.FunctionType) and obj.__module__ == module.__name__:
            yield obj
        elif isinstance(obj, type) and obj.__module__ == module.__name__:
            for attr in vars(obj).values():
                fn = getattr(attr, "__func__", attr)
                if isinstance(fn, types.FunctionType):
                    yield fn


def machinery() -> dict:
    """Code objects of the VM's machinery, built on first use (runtime must have
    patched Table and Userdata by then)."""
    global _machinery
    if _machinery is None:
        builtins = {forloop.lua_next, forloop.ipairs_step}     # `next` and ipairs' iterator
        codes: dict = {}
        for module in (runtime, value, forloop):
            for fn in _functions_of(module):
                if fn not in builtins:
                    codes[id(fn.__code__)] = None
        for fn, name in _callee_names():
            codes[id(fn.__code__)] = name
        _machinery = codes
    return _machinery


ARITH_EVENT = ("metamethod", "")    # the event is the arith frame's `event`
CALL_SITE = ("call", "")            # a __call handler: named as the called object


def call_handler(fn: types.FunctionType) -> None:
    """fn is machinery that calls what Lua code called through it (the
    ffi's call of a C function cdata): what it calls is named as the call
    site named the object, as LuaJIT names a C function in its errors."""
    machinery()[id(fn.__code__)] = CALL_SITE


def _callee_names() -> list:
    """The names LuaJIT gives functions the machinery calls: metamethods by
    their event, a generic for's iterator."""
    mm = "metamethod"
    return [
        (forloop.forin, ("local", "(for generator)")),
        (forloop._generic, ("local", "(for generator)")),
        (runtime.index, (mm, "__index")), (runtime._table_missing, (mm, "__index")),
        (runtime._index_handler, (mm, "__index")),
        (runtime.setindex, (mm, "__newindex")),
        (runtime.arith, ARITH_EVENT), (runtime.unm, (mm, "__unm")),
        (runtime.concat, (mm, "__concat")), (runtime.length, (mm, "__len")),
        (runtime.lt, (mm, "__lt")), (runtime.le, (mm, "__le")), (runtime.eq, (mm, "__eq")),
        (runtime._call_meta, CALL_SITE),
        # they call pairs/ipairs for the loop's call site (its errors)
        (forloop.forin_pairs, CALL_SITE), (forloop.forin_ipairs, CALL_SITE),
    ]


# -- walking ----------------------------------------------------------------------

# xpcall frame -> the traceback of the error its handler is handling
_handling: dict = {}


@contextmanager
def handling(frame: types.FrameType, tb: types.TracebackType | None):
    """While an xpcall handler runs: the stack below `frame` is the error's."""
    _handling[frame] = tb
    try:
        yield
    finally:
        del _handling[frame]


Raw = tuple  # (frame, line, lasti)


def _raw(frame: types.FrameType | None) -> Iterator[Raw]:
    """Python frames from `frame` outwards, with the error's frames spliced in."""
    spliced: set = set()
    while frame is not None:
        tb = _handling.get(frame)
        if tb is not None and frame not in spliced:
            spliced.add(frame)
            # the first entry is xpcall's own frame, which comes next anyway
            yield from reversed(_tb_entries(tb)[1:])
        yield frame, frame.f_lineno, frame.f_lasti
        frame = frame.f_back


def _tb_entries(tb: types.TracebackType | None) -> list[Raw]:
    """A traceback's frames with the lines and positions it recorded, outermost
    first (a finished frame's own f_lineno is no longer reliable)."""
    entries = []
    while tb is not None:
        entries.append((tb.tb_frame, tb.tb_lineno, tb.tb_lasti))
        tb = tb.tb_next
    return entries


def levels(frame: types.FrameType | None) -> Iterator[Level]:
    """The levels from `frame` outwards (the first one found is level 0)."""
    return _levels(_raw(frame))


def error_levels(tb: types.TracebackType) -> Iterator[Level]:
    """The levels where an exception was raised: the frames it unwound, then
    the live ones below the frame that caught it; the main thread's end
    with BOTTOM. Level 0 is where it was raised (the `error` builtin, ...)."""
    entries = _tb_entries(tb)
    if not entries:
        return iter(())
    raw = itertools.chain(reversed(entries[1:]), _raw(entries[0][0]))
    it = _levels(raw)
    return it if co_impl.current() is not None else _then_bottom(it)


def unwound_levels(tb: types.TracebackType) -> Iterator[Level]:
    """The levels an exception unwound, alone (level 0 is where it was
    raised): the stack of a call that has one of its own, as a chunk an
    embedder runs with lua_pcall from C."""
    return _levels(iter(reversed(_tb_entries(tb))))


def _levels(raw: Iterator[Raw]) -> Iterator[Level]:
    codes = machinery()
    cur = next(raw, None)
    while cur is not None:
        caller = next(raw, None)
        f = cur[0]
        info = CODEINFO.get(id(f.f_code))
        if info is not None:
            yield Level(f, cur[1], cur[2], info, _call_name(caller, codes))
        elif id(f.f_code) not in codes and caller is not None and (
                id(caller[0].f_code) in CODEINFO or id(caller[0].f_code) in codes):
            yield Level(f, -1, cur[2], None, _call_name(caller, codes))
        cur = caller


def is_builtin_frame(frame: types.FrameType) -> bool:
    """Whether a live Python frame is a builtin's level (called by Lua code or
    by the machinery, and not machinery itself)."""
    codes = machinery()
    back = frame.f_back
    return id(frame.f_code) not in codes and id(frame.f_code) not in CODEINFO and \
        back is not None and (id(back.f_code) in CODEINFO or id(back.f_code) in codes)


def _call_name(caller: Raw | None, codes: dict) -> tuple[str, str] | None:
    """How the caller named the function it called (lj_debug_funcname)."""
    if caller is None:
        return None
    code = caller[0].f_code
    if id(code) not in CODEINFO:
        name = codes.get(id(code))
        if name is ARITH_EVENT:
            event = caller[0].f_locals.get("event")
            return ("metamethod", event.decode()) if event.__class__ is bytes else None
        if name is CALL_SITE:
            return _call_site_through(caller[0].f_back)
        return name
    return _site_name(code, caller[2])


def _call_site_through(frame: types.FrameType | None) -> tuple[str, str] | None:
    """The name at the Lua call site that reached a __call handler, through
    the machinery frames (Table.__call__) in between."""
    codes = machinery()
    while frame is not None and id(frame.f_code) in codes:
        frame = frame.f_back
    if frame is None or id(frame.f_code) not in CODEINFO:
        return None
    return _site_name(frame.f_code, frame.f_lasti)


def _site_name(code: types.CodeType, lasti: int) -> tuple[str, str] | None:
    site = site_at(code, lasti)
    if site is None or site.kind != "call" or not site.names or not site.names[0]:
        return None
    desc = site.names[0]            # "global 'f'", "method 'm'", ...
    kind, _, quoted = desc.partition(" ")
    return kind, quoted[1:-1]


def current_levels() -> Iterator[Level]:
    """Levels of the running thread, level 0 being the caller of this function
    (or the builtin running it); the main thread ends with BOTTOM."""
    it = levels(sys._getframe(1))
    if co_impl.current() is not None:
        return it
    return _then_bottom(it)


def _then_bottom(it: Iterator[Level]) -> Iterator[Level]:
    yield from it
    yield BOTTOM


def thread_levels(co) -> Iterator[Level]:
    """Levels of a coroutine that is not running (level 0 is where it stopped)."""
    carrier = co.carrier
    frame = carrier.gr_frame if carrier is not None else None
    return levels(frame)


def nth(it: Iterator[Level], n: int) -> Level | None:
    """The n-th level of an iteration, or None past its end."""
    if n < 0:
        return None
    for i, level in enumerate(it):
        if i == n:
            return level
    return None


def where(level: int = 1) -> str:
    """`chunk:line: ` of a level counted from the running builtin (luaL_where),
    empty for a builtin or past the stack's end."""
    return _position(nth(levels(sys._getframe(1)), level))


def _position(found: Level | None) -> str:
    if found is None or found.info is None:
        return ""
    return f"{found.info.chunkname}:{found.line}: "


def _encode(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")


def caller_error(msg: str | bytes) -> LuaError:
    """An error positioned at the caller of the running builtin (lj_err_caller):
    no position when that caller is not Lua code, e.g. pcall."""
    found = nth(levels(sys._getframe(1)), 1)
    return LuaError(_encode(_position(found)) + _encode(msg))


def bad_argument(n: int, msg: str, fname: str = "?") -> LuaError:
    """luaL_argerror for the running builtin, named as its caller named it
    (fname when no Lua code is on the stack: a builtin called from Python)."""
    it = levels(sys._getframe(1))
    me = next(it, None)
    pos = _position(next(it, None))
    name = me.name if me is not None else None
    if name is not None and name[0] == "method":
        n -= 1
        if n == 0:
            return LuaError(_encode(f"{pos}calling '{name[1]}' on bad self ({msg})"))
    if name is not None:
        fname = name[1]
    elif me is not None:
        fname = "?"
    return LuaError(_encode(f"{pos}bad argument #{n} to '{fname}' ({msg})"))


# -- functions and variables of frames ---------------------------------------------

def function_of(frame: types.FrameType):
    """The function object a frame runs (Python frames do not point to it)."""
    code = frame.f_code
    found = [o for o in gc.get_referrers(code)
             if type(o) is types.FunctionType and o.__code__ is code]
    if len(found) > 1:
        # closures of one prototype: CPython's frame knows its function
        fid = _running_function_id(frame)
        exact = [f for f in found if id(f) == fid]
        if exact:
            return exact[0]
        loc = frame.f_locals
        found = [f for f in found if _closure_matches(f, loc)] or found
    return found[0] if found else None


def _running_function_id(frame: types.FrameType) -> int | None:
    """The address of the function a frame runs, read from CPython 3.11's
    frame structures (PyFrameObject.f_frame -> _PyInterpreterFrame.f_func),
    or None elsewhere. The layout is checked first: the interpreter frame
    must point to the frame's own code object."""
    if sys.version_info[:2] != (3, 11) or hasattr(sys, "gettotalrefcount"):
        return None
    import ctypes       # here, as in set_frame_var: ~2 ms of every start-up otherwise
    word = ctypes.sizeof(ctypes.c_void_p)
    iframe = ctypes.c_void_p.from_address(id(frame) + 3 * word).value
    if not iframe or ctypes.c_void_p.from_address(iframe + 4 * word).value != id(frame.f_code):
        return None
    return ctypes.c_void_p.from_address(iframe).value


def _closure_matches(fn: types.FunctionType, loc: dict) -> bool:
    """Whether a frame's variables fit a closure's cells and bound defaults."""
    names = fn.__code__.co_freevars
    for name, cell in zip(names, fn.__closure__ or ()):
        try:
            if cell.cell_contents is not loc.get(name):
                return False
        except ValueError:          # an empty cell
            if name in loc:
                return False
    for name, default in (fn.__kwdefaults__ or {}).items():
        if name in loc and loc[name] is not default:
            return False
    return True


def set_frame_var(frame: types.FrameType, name: str, val) -> None:
    """Assign a local or free variable of a running frame.

    Up to Python 3.12 frame.f_locals is a snapshot, which CPython's
    PyFrame_LocalsToFast writes back into the frame's variables (and into
    the cells of free variables); from 3.13 (PEP 667) it writes through.
    """
    snapshot = frame.f_locals
    snapshot[name] = val
    if sys.version_info < (3, 13):
        import ctypes
        locals_to_fast = ctypes.pythonapi.PyFrame_LocalsToFast
        locals_to_fast.argtypes = (ctypes.py_object, ctypes.c_int)
        locals_to_fast.restype = None
        locals_to_fast(frame, 0)
