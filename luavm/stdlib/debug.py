"""Lua's debug library as LuaJIT 2.1 has it: traceback, getinfo, locals and
upvalues, environments, metatables, hooks and the registry.

Stack levels come from callstack (Python frames read as Lua's stack). Locals
and upvalues are read from Python frames and closures: a Lua local is a
Python local (or a cell, or a one-slot list when a loop body captures it),
an upvalue a closure cell or a keyword-only default holding such a list.
"""
from __future__ import annotations

import re
import sys
import types
import weakref

from .. import coroutine as co_impl
from .. import runtime
from ..auxlib import NOVALUE, arg_error, check_int, check_table, opt_int, opt_str, type_error
from ..codeinfo import CODEINFO, FuncInfo
from ..compiler import RESERVED
from ..coroutine import Coroutine
from ..value import EMPTY, LuaError, Multi, Table, Userdata, fmt_number, type_name
from .. import callstack
from . import builtin_ids, fenv
from ..callstack import BOTTOM, Level
from .chunks import load_chunk, source_of

TRACEBACK_LEVELS1 = 12      # LuaJIT shows the first levels up to this one,
TRACEBACK_LEVELS2 = 10      # then "...", then this many last levels
GETINFO_OPTIONS = frozenset(b"SlunfL")


def open_lib(state) -> Table:
    hooks = Hooks()
    fns = {
        "traceback": traceback, "getinfo": getinfo, "getlocal": getlocal,
        "setlocal": setlocal, "getupvalue": getupvalue, "setupvalue": setupvalue,
        "upvalueid": upvalueid, "upvaluejoin": upvaluejoin,
        "getmetatable": getmetatable, "setmetatable": setmetatable,
        "getfenv": lambda o=None, *_: getfenv(state, o),
        "setfenv": lambda o=None, t=NOVALUE, *_: setfenv(o, t),
        "getregistry": lambda *_: state.registry,
        "sethook": hooks.sethook, "gethook": hooks.gethook,
        "debug": lambda *_: debug_loop(state),
    }
    t = Table()
    for name, fn in fns.items():
        t[name.encode()] = fn
    return t


# -- threads and levels ------------------------------------------------------------

def _thread_arg(args: tuple) -> tuple[Coroutine | None, tuple]:
    """An optional leading thread argument (LuaJIT's getthread) and the
    arguments after it; the running coroutine is returned as None, the
    running thread."""
    if args and args[0].__class__ is Coroutine:
        co = args[0]
        return (None if co is co_impl.current() else co), args[1:]
    return None, args


def _levels(co: Coroutine | None) -> list[Level]:
    """All levels of a thread (None: the running one, whose level 0 is the
    builtin that called this helper; the helpers in between are not levels).
    A coroutine that died of an error keeps the stack it had then."""
    if co is None:
        return list(callstack.current_levels())
    if co.error_stack is not None:
        return co.error_stack
    return list(callstack.thread_levels(co))


def _level(args: tuple, fname: str, first_arg: int) -> Level:
    """The level named by args[0] (level 0 being the calling builtin), or a
    "level out of range" argument error."""
    co, rest = _thread_arg(args)
    n = check_int(rest[0] if rest else NOVALUE, first_arg, fname)
    levels = _levels(co)
    if not 0 <= n < len(levels):
        raise arg_error(first_arg, fname, "level out of range")
    return levels[n]


# -- traceback ---------------------------------------------------------------------

def traceback(*args):
    """debug.traceback([thread,] [message [, level]]): a message that is not a
    string or number (nil included) is returned as it is."""
    co, rest = _thread_arg(args)
    msg = rest[0] if rest else None
    if rest and msg.__class__ is not bytes and msg.__class__ is not float:
        return msg
    start = opt_int(rest[1] if len(rest) > 1 else None, len(args) - len(rest) + 2,
                    "traceback", 1 if co is None else 0)
    text = format_traceback(_levels(co), start)
    return text if msg is None else runtime.tostr(msg) + b"\n" + text


def format_traceback(levels: list[Level], start: int) -> bytes:
    """LuaJIT's luaL_traceback: the first levels, "..." and the last ones when
    the stack is deep."""
    lines = [b"stack traceback:"]
    n = len(levels)
    i = max(start, 0)
    lim = TRACEBACK_LEVELS1
    while i < n:
        cur = i
        i += 1
        if i > lim:
            if i + TRACEBACK_LEVELS2 >= n:
                i -= 1
            else:
                lines.append(b"...")
                i = n - TRACEBACK_LEVELS2
            lim = sys.maxsize
            continue
        lines.append(_traceback_entry(levels[cur]))
    return b"\n\t".join(lines)


def error_traceback(tb: types.TracebackType) -> bytes:
    """The `stack traceback:` text LuaJIT's standalone interpreter prints for
    an uncaught error, from the exception's traceback (errors.to_lua_error)."""
    # level 0 is luajit.c's message handler, which runs on top of the error's
    # stack and starts the traceback at level 1: the levels shown before "..."
    # are counted from there
    return format_traceback([BOTTOM, *callstack.error_levels(tb)], 1)


def call_traceback(tb: types.TracebackType) -> bytes:
    """The `stack traceback:` text of an error in a chunk an embedder ran
    with a traceback handler (lua_pcall from C, as lua-nginx-module runs
    its filters and log_by_lua): only the frames the error unwound."""
    return format_traceback([BOTTOM, *callstack.unwound_levels(tb)], 1)


def _traceback_entry(level: Level) -> bytes:
    info = level.info
    if info is None:
        if level.name is not None:
            return b"[C]: in function '" + level.name[1].encode() + b"'"
        if level is BOTTOM:
            return b"[C]: at 0x%08x" % id(runtime.call)
        fn = callstack.function_of(level.frame)
        if fn is None:
            return b"[C]: ?"
        return b"[builtin#%d]: at 0x%08x" % (builtin_ids.number(fn), id(fn))
    # no line: a dead coroutine's frame that raised the error (coroutine.py)
    where = f"{info.chunkname}:{level.line}:" if level.line > 0 else f"{info.chunkname}:"
    if level.name is not None:
        return f"{where} in function '{level.name[1]}'".encode("utf-8", "surrogateescape")
    if info.name == "main chunk":
        return f"{where} in main chunk".encode("utf-8", "surrogateescape")
    return f"{where} in function <{info.chunkname}:{info.line}>".encode("utf-8", "surrogateescape")


# -- getinfo -----------------------------------------------------------------------

def getinfo(*args):
    """debug.getinfo([thread,] level or function [, what])."""
    co, rest = _thread_arg(args)
    arg = len(args) - len(rest)
    target = rest[0] if rest else NOVALUE
    what = opt_str(rest[1] if len(rest) > 1 else None, arg + 2, "getinfo", b"flnSu")
    if target.__class__ is float or (target.__class__ is bytes and _is_number(target)):
        n = check_int(target, arg + 1, "getinfo")
        levels = _levels(co)
        level = levels[n] if 0 <= n < len(levels) else None
        fn = None
    elif type_name(target) == "function":
        level = None
        fn = target
    else:
        raise arg_error(arg + 1, "getinfo", "function or level expected")
    if not set(what) <= GETINFO_OPTIONS:
        raise arg_error(arg + 2, "getinfo", "invalid option")
    if level is None and fn is None:
        return None
    return _info_table(what, level, fn)


def _is_number(s: bytes) -> bool:
    return runtime.tonum(s) is not None


def _info_table(what: bytes, level: Level | None, fn) -> Table:
    """The getinfo table of a stack level, or of a function value (fn)."""
    if level is not None:
        info = level.info
        code = level.frame.f_code if level.frame is not None else None
    else:
        code = getattr(fn, "__code__", None)
        info = CODEINFO.get(id(code)) if code is not None else None
    t = Table()
    for opt in set(what):
        if opt == ord("S"):
            _fill_source(t, info)
        elif opt == ord("l"):
            t[b"currentline"] = float(level.line if level is not None and info else -1)
        elif opt == ord("u"):
            t[b"nups"] = float(len(upvalue_names(code)) if info is not None else 0)
            t[b"nparams"] = float(info.nparams if info is not None else 0)
            t[b"isvararg"] = info.is_vararg if info is not None else True
        elif opt == ord("n"):
            name = level.name if level is not None else None
            t[b"namewhat"] = name[0].encode() if name is not None else b""
            if name is not None:        # (a table holds no nil: no key for no name)
                t[b"name"] = name[1].encode("utf-8", "surrogateescape")
        elif opt == ord("f"):
            t[b"func"] = fn if level is None else _level_function(level)
        elif opt == ord("L") and info is not None:
            t[b"activelines"] = _active_lines(info)
    return t


def _level_function(level: Level):
    return callstack.function_of(level.frame) if level.frame is not None else None


def _fill_source(t: Table, info: FuncInfo | None) -> None:
    if info is None:
        t[b"source"], t[b"short_src"], t[b"what"] = b"=[C]", b"[C]", b"C"
        t[b"linedefined"] = t[b"lastlinedefined"] = -1.0
        return
    main = info.name == "main chunk"
    t[b"source"] = source_of(info)
    t[b"short_src"] = info.chunkname.encode("utf-8", "surrogateescape")
    t[b"what"] = b"main" if main else b"Lua"
    t[b"linedefined"] = 0.0 if main else float(info.line)
    t[b"lastlinedefined"] = float(info.end_line)


def _active_lines(info: FuncInfo) -> Table:
    lines = Table()
    for _start, _end, line in info.code.co_lines():
        if line is not None and line > 0:
            lines[float(line)] = True
    return lines


# -- Lua variables of Python code ----------------------------------------------------

_SUFFIX = re.compile(r"_\d+$")
_TEMP = re.compile(r"_t\d+$")


def lua_name(pyname: str) -> str:
    """A Lua local's name from its Python name (compiler.declare adds "_N"
    to names taken by generated code or by another captured local)."""
    return _SUFFIX.sub("", pyname) or pyname


def _is_lua_var(code: types.CodeType, pyname: str) -> bool:
    """Whether a Python variable of tier-0 code is a Lua local or upvalue."""
    if pyname in RESERVED or _TEMP.match(pyname) or pyname.startswith("_goto_"):
        return False
    if any(isinstance(c, types.CodeType) and c.co_name == pyname for c in code.co_consts):
        return False        # the def of a nested function
    # a captured for-loop variable: `i_i` is the loop's own, `i` the box
    return not (pyname.endswith("_i") and pyname[:-2] in code.co_varnames + code.co_cellvars)


# (id(code), stores_only) -> {name: offset}; codeinfo keeps Lua code objects
# alive, so their ids are not reused
_first_use_cache: dict[tuple[int, bool], dict[str, int]] = {}


def _first_uses(code: types.CodeType, stores_only: bool) -> dict[str, int]:
    """Bytecode offset of each variable's first use (or first store)."""
    key = (id(code), stores_only)
    first = _first_use_cache.get(key)
    if first is None:
        ops = {"STORE_FAST", "STORE_DEREF"} if stores_only else \
            {"LOAD_FAST", "STORE_FAST", "LOAD_DEREF", "STORE_DEREF", "LOAD_CLOSURE"}
        first = {}
        import dis      # here: debug.* on locals is rare, dis costs start-up time
        for ins in dis.get_instructions(code):
            if ins.opname in ops and ins.argval not in first:
                first[ins.argval] = ins.offset
        _first_use_cache[key] = first
    return first


def upvalue_names(code: types.CodeType) -> list[str]:
    """Python names of a Lua function's upvalues, in Lua's order (first use)."""
    argc = code.co_argcount
    boxes = code.co_varnames[argc:argc + code.co_kwonlyargcount]
    names = {n for n in code.co_freevars + boxes if _is_lua_var(code, n)}
    first = _first_uses(code, stores_only=False)
    return sorted(names, key=lambda n: first.get(n, sys.maxsize))


def local_names(frame: types.FrameType, lasti: int) -> list[str]:
    """Python names of the Lua locals active in a frame: parameters, then
    locals in order of their first assignment, if that has run."""
    code = frame.f_code
    params = list(code.co_varnames[:code.co_argcount])
    skip = set(params) | set(code.co_varnames[code.co_argcount:code.co_argcount +
                                               code.co_kwonlyargcount])
    names = {n for n in code.co_varnames + code.co_cellvars
             if n not in skip and _is_lua_var(code, n)}
    first = _first_uses(code, stores_only=True)
    bound = frame.f_locals
    later = sorted((n for n in names if n in first and first[n] <= lasti and n in bound),
                   key=first.__getitem__)
    return params + later


def _unbox(v):
    """A local or upvalue's value (a captured loop local lives in a list)."""
    return v[0] if v.__class__ is list else v


def getlocal(*args):
    """debug.getlocal([thread,] level or function, n): name and value."""
    co, rest = _thread_arg(args)
    first_arg = len(args) - len(rest) + 1
    target = rest[0] if rest else NOVALUE
    n = check_int(rest[1] if len(rest) > 1 else NOVALUE, first_arg + 1, "getlocal")
    if type_name(target) == "function":
        return _param_name(target, n)
    level = _level(args, "getlocal", first_arg)
    if level.info is None:
        return None
    frame = level.frame
    if n < 0:
        va = frame.f_locals.get("VA") or ()
        return Multi((b"(*vararg)", va[-n - 1])) if -n <= len(va) else None
    names = local_names(frame, level.lasti)
    if not 0 < n <= len(names):
        return None
    pyname = names[n - 1]
    return Multi((lua_name(pyname).encode(), _unbox(frame.f_locals.get(pyname))))


def _param_name(fn, n: int):
    code = getattr(fn, "__code__", None)
    info = CODEINFO.get(id(code)) if code is not None else None
    if info is None or not 0 < n <= info.nparams:
        return None
    return lua_name(code.co_varnames[n - 1]).encode()


def setlocal(*args):
    """debug.setlocal([thread,] level, n, value): the local's name, or nil."""
    co, rest = _thread_arg(args)
    first_arg = len(args) - len(rest) + 1
    n = check_int(rest[1] if len(rest) > 1 else NOVALUE, first_arg + 1, "setlocal")
    val = rest[2] if len(rest) > 2 else None
    level = _level(args, "setlocal", first_arg)
    if level.info is None:
        return None
    frame = level.frame
    names = local_names(frame, level.lasti)
    if not 0 < n <= len(names):
        return None
    pyname = names[n - 1]
    current = frame.f_locals.get(pyname)
    if not _fits(level.info.kinds.get(pyname), val, current):
        # Tier 0 compiled this function for the local's one type (scope.py's
        # typed locals); another type would break that code, so it is
        # refused rather than corrupting arithmetic. LuaJIT accepts it.
        raise arg_error(first_arg + 2, "setlocal",
                        f"local '{lua_name(pyname)}' keeps its type in compiled code")
    if current.__class__ is list:
        current[0] = val
    else:
        callstack.set_frame_var(frame, pyname, val)
    return lua_name(pyname).encode()


def _fits(kind: str | None, val, current) -> bool:
    """Whether a typed local (FuncInfo.kinds) may take val."""
    if kind is None:
        return True
    if kind == "number":
        return val.__class__ is float
    if kind == "table":
        return val.__class__ is Table
    return val is current       # a local function called as returning one value


def _upvalue(fn, n: int) -> tuple[str, object] | None:
    """(Python name, holder) of a Lua function's n-th upvalue: the holder is a
    cell or a box (list)."""
    if not fenv.is_lua_function(fn):
        return None
    code = fn.__code__
    names = upvalue_names(code)
    if not 0 < n <= len(names):
        return None
    pyname = names[n - 1]
    if pyname in code.co_freevars:
        return pyname, fn.__closure__[code.co_freevars.index(pyname)]
    return pyname, fn.__kwdefaults__[pyname]


def _holder_get(holder):
    if holder.__class__ is list:
        return holder[0]
    try:
        return _unbox(holder.cell_contents)
    except ValueError:          # a cell not yet filled (a local function's own name)
        return None


def _holder_set(holder, val) -> None:
    if holder.__class__ is list:
        holder[0] = val
        return
    try:
        inner = holder.cell_contents
    except ValueError:
        inner = None
    if inner.__class__ is list:
        inner[0] = val
    else:
        holder.cell_contents = val


def _check_function(fn, n: int, fname: str) -> None:
    if type_name(fn) != "function":
        raise type_error(n, fname, "function", fn)


def getupvalue(fn=NOVALUE, n=NOVALUE, *_):
    _check_function(fn, 1, "getupvalue")
    found = _upvalue(fn, check_int(n, 2, "getupvalue"))
    if found is None:
        return EMPTY
    return Multi((lua_name(found[0]).encode(), _holder_get(found[1])))


def setupvalue(fn=NOVALUE, n=NOVALUE, val=None, *_):
    _check_function(fn, 1, "setupvalue")
    found = _upvalue(fn, check_int(n, 2, "setupvalue"))
    if found is None:
        return EMPTY
    _holder_set(found[1], val)
    return lua_name(found[0]).encode()


# id(cell or box) -> the userdata standing for it; the userdata holds the cell,
# so the id stays the cell's while the entry lives
_upvalue_ids: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def upvalueid(fn=NOVALUE, n=NOVALUE, *_):
    """A userdata that is the same for two functions sharing the upvalue."""
    idx = check_int(n, 2, "upvalueid")
    _check_function(fn, 1, "upvalueid")
    found = _upvalue(fn, idx)
    if found is None:
        raise arg_error(2, "upvalueid", "index out of range")
    holder = _shared_holder(found[1])
    uid = _upvalue_ids.get(id(holder))
    if uid is None:
        uid = _upvalue_ids[id(holder)] = Userdata(payload=holder)
    return uid


def _shared_holder(holder):
    """The object two closures sharing an upvalue both reach: the box inside
    a cell when there is one."""
    if holder.__class__ is list:
        return holder
    try:
        inner = holder.cell_contents
    except ValueError:
        return holder
    return inner if inner.__class__ is list else holder


def upvaluejoin(f1=NOVALUE, n1=NOVALUE, f2=NOVALUE, n2=NOVALUE, *_):
    """Make f1's n1-th upvalue refer to f2's n2-th. Possible when the upvalue
    is a box bound as a default; a closure cell of Python cannot be replaced."""
    a = _upvalue(f1, check_int(n1, 2, "upvaluejoin")) if fenv.is_lua_function(f1) else None
    b = _upvalue(f2, check_int(n2, 4, "upvaluejoin")) if fenv.is_lua_function(f2) else None
    if not fenv.is_lua_function(f1):
        raise arg_error(1, "upvaluejoin", "Lua function expected")
    if not fenv.is_lua_function(f2):
        raise arg_error(3, "upvaluejoin", "Lua function expected")
    if a is None:
        raise arg_error(2, "upvaluejoin", "index out of range")
    if b is None:
        raise arg_error(4, "upvaluejoin", "index out of range")
    target = _shared_holder(b[1])
    if a[1].__class__ is not list or target.__class__ is not list:
        raise callstack.caller_error("upvaluejoin: this upvalue cannot be joined in luavm")
    f1.__kwdefaults__[a[0]] = target
    return EMPTY


# -- environments and metatables ---------------------------------------------------------

def getfenv(state, o):
    """debug.getfenv: a Lua function's environment; the globals for builtins,
    threads and userdata (their environment is the state's); nil otherwise."""
    if fenv.is_lua_function(o):
        return fenv.get_env(o)
    if o.__class__ is Coroutine:
        return fenv.thread_env(state, o)
    if type_name(o) in ("function", "userdata"):
        return fenv.thread_env(state)
    return None


def setfenv(o, t):
    """debug.setfenv: builtins, threads and userdata accept a table as in
    LuaJIT, though nothing in luavm reads it back."""
    t = check_table(t, 2, "setfenv")
    if fenv.is_lua_function(o):
        fenv.set_env(o, t)
        return o
    if type_name(o) in ("function", "thread", "userdata"):
        return o
    raise callstack.caller_error("'setfenv' cannot change environment of given object")


def getmetatable(v=NOVALUE, *_):
    if v is NOVALUE:
        raise arg_error(1, "getmetatable", "value expected")
    return runtime.getmetatable(v)


def setmetatable(v=None, mt=NOVALUE, *_):
    """Any value's metatable, __metatable notwithstanding; returns true (LuaJIT
    without 5.2 compatibility). Numbers, booleans, nil, functions and threads
    share a metatable per type."""
    if mt is not None and mt.__class__ is not Table:
        raise arg_error(2, "setmetatable", "nil or table expected")
    if v.__class__ is bytes:
        runtime.string_meta[0] = mt
    elif v.__class__ is Table or isinstance(v, Userdata):
        v.meta = mt
    else:
        runtime.set_type_metatable(v, mt)
    return True


# -- hooks -------------------------------------------------------------------------

class Hooks:
    """debug.sethook over sys.settrace: Python reports the calls, returns and
    line changes of every frame; those of Lua frames go to the hook, which
    runs untraced (Python does not trace a trace function), as Lua does not
    hook a hook. An error raised by the hook removes it (Python's rule)."""

    def __init__(self) -> None:
        self.fn = None
        self.mask = b""
        self.count = 0
        self.left = 0
        self.saved = None       # the Python tracer to give back (a debugger, coverage)

    def sethook(self, *args):
        _co, rest = _thread_arg(args)
        fn = rest[0] if rest else None
        mask = opt_str(rest[1] if len(rest) > 1 else None, 2, "sethook", b"")
        count = opt_int(rest[2] if len(rest) > 2 else None, 3, "sethook", 0)
        if fn is None or (not mask and count <= 0):
            self._stop()
            return EMPTY
        if type_name(fn) != "function":
            raise type_error(1, "sethook", "function", fn)
        if self.fn is None:
            self.saved = sys.gettrace()
        self.fn, self.mask, self.count, self.left = fn, mask, max(count, 0), max(count, 0)
        sys.settrace(self._on_call)
        for level in callstack.current_levels():
            if level.info is not None:
                self._trace_frame(level.frame)
        return EMPTY

    def gethook(self, *_):
        mask = bytes(c for c in b"crl" if c in self.mask)
        return Multi((self.fn, mask, float(self.count)))

    def _stop(self) -> None:
        if self.fn is None:
            return
        self.fn, self.mask, self.count = None, b"", 0
        sys.settrace(self.saved)
        self.saved = None
        frame = sys._getframe()
        while frame is not None:
            if id(frame.f_code) in CODEINFO:
                frame.f_trace = None
            frame = frame.f_back

    def _trace_frame(self, frame: types.FrameType) -> None:
        frame.f_trace = self._on_event
        frame.f_trace_opcodes = self.count > 0

    def _on_call(self, frame: types.FrameType, event: str, _arg):
        if id(frame.f_code) not in CODEINFO:
            if b"c" in self.mask and callstack.is_builtin_frame(frame):
                self._fire(b"call")     # a builtin's call; its lines are not Lua's
            return None
        if b"c" in self.mask:
            self._fire(b"call")
        self._trace_frame(frame)
        return self._on_event

    def _on_event(self, frame: types.FrameType, event: str, _arg):
        if event == "line" and b"l" in self.mask:
            self._fire(b"line", float(frame.f_lineno))
        elif event == "return" and b"r" in self.mask:
            self._fire(b"return")
        elif event == "opcode" and self.count:
            self.left -= 1
            if self.left <= 0:
                self.left = self.count
                self._fire(b"count")
        return self._on_event

    def _fire(self, event: bytes, line=None) -> None:
        if self.fn is not None:
            runtime.call(self.fn, event, line)


# -- debug.debug ---------------------------------------------------------------------

def debug_loop(state) -> Multi:
    """debug.debug(): run lines read from stdin until "cont" (or the end)."""
    while True:
        state.stderr.write(b"lua_debug> ")
        state.stderr.flush()
        line = state.stdin.readline()
        if not line or line.rstrip(b"\r\n") == b"cont":
            return EMPTY
        f = load_chunk(state, line, b"=(debug command)")
        try:
            if f.__class__ is Multi:
                raise LuaError(f[1])
            runtime.call(f)
        except LuaError as exc:
            msg = exc.value if exc.value.__class__ is bytes else runtime.tostring(exc.value)
            state.stderr.write(msg + b"\n")
            state.stderr.flush()


__all__ = ["open_lib", "format_traceback", "error_traceback", "fmt_number"]
