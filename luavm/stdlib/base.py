"""Lua's base library: the global functions (print, pcall, setmetatable, ...), as LuaJIT 2.1.

Errors a builtin raises about its caller (assert, error's position, setfenv)
are positioned through callstack, which counts builtins as stack levels the
way LuaJIT does: a builtin called through pcall has no Lua caller, so such an
error carries no position.
"""
from __future__ import annotations

import errno
import gc
import os
import sys
import weakref

from .. import runtime
from ..auxlib import (
    NOVALUE, arg_error, check_any, check_int, check_str, check_table, opt_int, opt_str,
    truthy, type_error,
)
from ..errors import to_lua_error
from ..forloop import ipairs_step, lua_next
from ..runtime import OpError, call, call1, tostring
from ..value import (
    CData, EMPTY, LuaError, Multi, Table, Userdata, first, fmt_number, lua_key, str2number,
    type_name,
)
from .. import callstack
from . import builtin_ids, fenv
from .chunks import load_chunk, skip_shebang
from .os import LuaExit

# What pcall and xpcall catch besides LuaError: tier-0 code leaves failing
# operations to Python (calling nil is a TypeError, ...); errors.to_lua_error
# words them as Lua does.
CATCHABLE = (LuaError, RecursionError, OpError, TypeError, ArithmeticError, ValueError,
             KeyError, IndexError, AttributeError, MemoryError)


def open_lib(state) -> Table:
    """Install the base functions into state.globals; returns _G."""
    g = state.globals
    gc_params = {b"setpause": 200, b"setstepmul": 200}

    def tostring_fn(*args):         # print tells it from a replaced global tostring
        return lua_tostring(g, args)
    tostring_fn.jit_intrinsic = "tostring"     # tier 1 compiles calls of these (jit/intrinsics.py)

    fns = {
        "assert": lua_assert, "error": lua_error_fn, "pcall": pcall, "xpcall": xpcall,
        "print": lambda *args: lua_print(state, tostring_fn, args), "type": lua_type,
        "tostring": tostring_fn, "tonumber": tonumber,
        "ipairs": ipairs, "pairs": pairs, "next": lua_next, "select": select,
        "unpack": unpack, "rawget": rawget, "rawset": rawset, "rawequal": rawequal,
        "setmetatable": setmetatable, "getmetatable": getmetatable,
        "getfenv": lambda *args: getfenv(state, args),
        "setfenv": lambda f=None, t=NOVALUE, *_: setfenv(state, f, t),
        "load": lambda *args: lua_load(state, *args[:4]),
        "loadstring": lambda *args: lua_load(state, *args[:4]),
        "loadfile": lambda name=None, mode=None, env=None, *_: loadfile(state, name, mode, env),
        "dofile": lambda name=None, *_: dofile(state, name),
        "collectgarbage": lambda opt=None, arg=None, *_: collectgarbage(gc_params, opt, arg),
        "gcinfo": gcinfo, "newproxy": lambda arg=None, *_: newproxy(state, arg),
    }
    for name, fn in fns.items():
        g[name.encode()] = fn
    g[b"_G"] = g
    g[b"_VERSION"] = b"Lua 5.1"
    return g


# -- printing and conversions -----------------------------------------------------

def lua_print(state, builtin_tostring, args: tuple) -> Multi:
    """print calls the global tostring for each argument, unless that is still
    the builtin one; like LuaJIT it looks in the thread's globals (setfenv(0))."""
    g = fenv.thread_env(state)
    tostr = dict.get(g, b"tostring")
    if tostr is None:
        tostr = runtime.index(g, b"tostring")
    if not callable(tostr):
        raise LuaError(f"attempt to call a {type_name(tostr)} value".encode())
    if tostr is builtin_tostring:
        parts = [_printed(first(value_text(a, g))) for a in args]
    else:
        parts = [_printed(call1(tostr, a)) for a in args]
    state.stdout.write(b"\t".join(parts) + b"\n")
    return EMPTY


def _printed(s) -> bytes:
    if s.__class__ is bytes:
        return s
    if s.__class__ is float:
        return fmt_number(s)
    raise callstack.caller_error("'tostring' must return a string to 'print'")


def value_text(v, g: Table | None = None):
    """tostring's result: a value's __tostring is called in its place (what it
    returns is not checked, as LuaJIT's tostring tail-calls it); builtins read
    "function: builtin#N"."""
    cls = v.__class__
    if cls is bytes or cls is float:
        return tostring(v)
    handler = runtime.metamethod(v, b"__tostring")
    if handler is not None:
        return call(handler, v)
    if builtin_ids.is_builtin(v):
        return b"function: builtin#%d" % builtin_ids.number(v, g)
    return tostring(v)


def lua_tostring(g: Table, args: tuple):
    if not args:
        raise arg_error(1, "tostring", "value expected")
    return value_text(args[0], g)


def lua_type(*args):
    if not args:
        raise arg_error(1, "type", "value expected")
    return type_name(args[0]).encode()


lua_type.jit_intrinsic = "type"


def tonumber(v=NOVALUE, base=None, *_):
    b = 10 if base is None else check_int(base, 2, "tonumber")
    if b == 10:
        if v is NOVALUE:
            raise arg_error(1, "tonumber", "value expected")
        if v.__class__ is float:
            return v
        if v.__class__ is CData:
            return v.ct.number(v.cd)
        return str2number(v) if v.__class__ is bytes else None
    s = check_str(v, 1, "tonumber")
    if not 2 <= b <= 36:
        raise arg_error(2, "tonumber", "base out of range")
    return _strtoul(s, b)


tonumber.jit_intrinsic = "tonumber"

_SPACE = b" \t\n\v\f\r"


def _strtoul(s: bytes, base: int) -> float | None:
    """tonumber with a base, as LuaJIT does it with C's strtoul: an optional
    sign, digits (base 16 may start with 0x), spaces around; 2^64-1 when it
    overflows."""
    s = s.strip(_SPACE)
    neg = s[:1] == b"-"
    if s[:1] in (b"-", b"+"):
        s = s[1:]
    if not s[:1].isalnum():
        return None
    if base == 16 and s[:2].lower() == b"0x" and s[2:3].isalnum():
        s = s[2:]
    try:
        n = int(s, base)
    except ValueError:
        return None
    if not s.isalnum():         # int() would take "1_0"
        return None
    x = float(min(n, 0xFFFFFFFFFFFFFFFF))
    return -x if neg else x


# -- errors ------------------------------------------------------------------------

def lua_assert(*args):
    if not args:
        raise arg_error(1, "assert", "value expected")
    if truthy(args[0]):
        return args[0] if len(args) == 1 else Multi(args)
    if len(args) == 1:
        raise callstack.caller_error("assertion failed!")
    msg = args[1]
    if msg.__class__ is bytes or msg.__class__ is float:
        raise callstack.caller_error(runtime.tostr(msg))
    raise LuaError(msg)


def lua_error_fn(msg=None, level=None, *_):
    """error(): a string or number message gets the position of the level-th
    caller (turning a number into a string, even when there is no position)."""
    lvl = opt_int(level, 2, "error", 1)
    if lvl > 0 and (msg.__class__ is bytes or msg.__class__ is float):
        msg = callstack.where(lvl).encode("utf-8", "surrogateescape") + runtime.tostr(msg)
    raise LuaError(msg)


def _error_value(exc: BaseException):
    """The Lua error object of an exception raised by Lua code."""
    if isinstance(exc, LuaError) and exc.positioned:
        return exc.value
    return to_lua_error(exc).value


def pcall(f=NOVALUE, *args):
    if f is NOVALUE:
        raise callstack.bad_argument(1, "value expected")
    try:
        r = call(f, *args)
    except LuaExit:
        raise
    except CATCHABLE as exc:
        return Multi((False, _error_value(exc)))
    if r.__class__ is Multi:
        return Multi((True,) + r)
    return Multi((True, r))


def xpcall(f=NOVALUE, handler=NOVALUE, *args):
    """pcall with a handler, which sees the stack of the error (callstack.handling)
    and whose first result becomes the error object."""
    if f is NOVALUE:
        raise callstack.bad_argument(1, "value expected")
    if type_name(handler) != "function" or handler is NOVALUE:
        got = "no value" if handler is NOVALUE else type_name(handler)
        raise callstack.bad_argument(2, f"function expected, got {got}")
    try:
        r = call(f, *args)
    except LuaExit:
        raise
    except CATCHABLE as exc:
        err = _error_value(exc)
        with callstack.handling(sys._getframe(), exc.__traceback__):
            try:
                return Multi((False, call1(handler, err)))
            except LuaExit:
                raise
            except CATCHABLE:
                return Multi((False, b"error in error handling"))
    if r.__class__ is Multi:
        return Multi((True,) + r)
    return Multi((True, r))


# -- tables ------------------------------------------------------------------------

def ipairs(t=NOVALUE, *_):
    if t.__class__ is not Table:
        if t is NOVALUE:
            raise arg_error(1, "ipairs", "value expected")
        raise type_error(1, "ipairs", "table", t)
    return Multi((ipairs_step, t, 0.0))


ipairs.jit_intrinsic = "ipairs"


def pairs(t=NOVALUE, *_):
    if t.__class__ is not Table:
        raise type_error(1, "pairs", "table", t)
    return Multi((lua_next, t, None))


def select(n=None, *args):
    if n == b"#":
        return float(len(args))
    i = check_int(n, 1, "select")
    if i < 0:
        i += len(args)
        if i < 0:
            raise arg_error(1, "select", "index out of range")
        return Multi(args[i:])
    if i == 0:
        raise arg_error(1, "select", "index out of range")
    return Multi(args[i - 1:])


def unpack(t=NOVALUE, i=None, j=None, *_):
    t = check_table(t, 1, "unpack")
    a = opt_int(i, 2, "unpack", 1)
    b = t.length() if j is None else check_int(j, 3, "unpack")
    if a > b:
        return EMPTY
    if b - a >= 8_000_000:
        raise callstack.caller_error("too many results to unpack")
    get = dict.get
    return Multi([get(t, float(k)) for k in range(a, b + 1)])


def rawget(t=NOVALUE, k=NOVALUE, *_):
    t = check_table(t, 1, "rawget")
    return runtime.rawget(t, check_any(k, 2, "rawget", k is not NOVALUE))


def rawset(t=NOVALUE, k=NOVALUE, v=NOVALUE, *_):
    t = check_table(t, 1, "rawset")
    check_any(k, 2, "rawset", k is not NOVALUE)
    runtime.rawset(t, k, check_any(v, 3, "rawset", v is not NOVALUE))
    return t


def rawequal(a=NOVALUE, b=NOVALUE, *_):
    if b is NOVALUE:
        raise arg_error(2 if a is not NOVALUE else 1, "rawequal", "value expected")
    return a is b or (a.__class__ is b.__class__ and a.__class__ in (float, bytes) and a == b)


def setmetatable(t=NOVALUE, mt=NOVALUE, *_):
    t = check_table(t, 1, "setmetatable")
    if mt is not None and mt.__class__ is not Table:
        raise arg_error(2, "setmetatable", "nil or table expected")
    if t.meta is not None and dict.get(t.meta, b"__metatable") is not None:
        raise callstack.caller_error("cannot change a protected metatable")
    t.meta = mt
    if mt is not None and dict.get(mt, b"__mode") is not None:
        _track_weak(t)
    return t


setmetatable.jit_intrinsic = "setmetatable"


def getmetatable(v=NOVALUE, *_):
    if v is NOVALUE:
        raise arg_error(1, "getmetatable", "value expected")
    mt = runtime.getmetatable(v)
    if mt is None:
        return None
    protected = dict.get(mt, b"__metatable")
    return mt if protected is None else protected


# -- environments ------------------------------------------------------------------

SETFENV_ERROR = "'setfenv' cannot change environment of given object"


def getfenv(state, args: tuple):
    """A function's environment; a builtin's (or a builtin level's) is the
    thread's globals."""
    f = args[0] if args else None
    if type_name(f) == "function":
        env = fenv.get_env(f)
        return fenv.thread_env(state) if env is None else env
    level = 1 if f is None else check_int(f, 1, "getfenv")
    found = callstack.nth(callstack.current_levels(), level) if level >= 0 else None
    if found is None:
        raise arg_error(1, "getfenv", "invalid level")
    env = fenv.frame_env(found.frame) if found.info is not None else None
    return fenv.thread_env(state) if env is None else env


def setfenv(state, f, t):
    t = check_table(t, 2, "setfenv")
    if type_name(f) == "function":
        if not fenv.set_env(f, t):
            raise callstack.caller_error(SETFENV_ERROR)
        return f
    level = check_int(f, 1, "setfenv")
    if level == 0:
        fenv.set_thread_env(state, t)
        return EMPTY
    found = callstack.nth(callstack.current_levels(), level) if level > 0 else None
    if found is None:
        raise arg_error(1, "setfenv", "invalid level")
    if found.info is None:
        raise callstack.caller_error(SETFENV_ERROR)
    return fenv.set_frame_env(found.frame, t)


# -- loading chunks ----------------------------------------------------------------

def lua_load(state, chunk=NOVALUE, name=None, mode=None, env=None):
    """load and loadstring (the same function in LuaJIT): a string, or a reader
    function called until it returns nil or ""; (nil, message) on failure."""
    given = opt_str(name, 2, "load", b"")
    mode = opt_str(mode, 3, "load", b"bt")
    if chunk.__class__ is bytes or chunk.__class__ is float:
        source = check_str(chunk, 1, "load")
        chunkname = given if name is not None else source
    else:
        if chunk is NOVALUE or type_name(chunk) != "function":
            got = "no value" if chunk is NOVALUE else type_name(chunk)
            raise arg_error(1, "load", f"function expected, got {got}")
        try:
            source = _read_all(chunk)
        except _ReaderFailed as exc:
            return Multi((None, exc.value))
        chunkname = given if name is not None else b"=(load)"
    return load_chunk(state, source, chunkname, _chunk_env(state, env), mode)


def _chunk_env(state, env) -> Table:
    """A loaded chunk's environment: the env argument if it is a table, else
    the running thread's globals."""
    return env if env.__class__ is Table else fenv.thread_env(state)


class _ReaderFailed(Exception):
    """load's reader raised an error, or returned what is not a string."""

    def __init__(self, value) -> None:
        super().__init__()
        self.value = value


def _read_all(reader) -> bytes:
    """The reader's pieces joined; numbers count as strings, as in LuaJIT."""
    parts = []
    while True:
        try:
            piece = call1(reader)
        except LuaExit:
            raise
        except CATCHABLE as exc:
            raise _ReaderFailed(_error_value(exc)) from None
        if piece is None or piece == b"":
            return b"".join(parts)
        if piece.__class__ is float:
            piece = fmt_number(piece)
        elif piece.__class__ is not bytes:
            raise _ReaderFailed(callstack.caller_error("reader function must return a string").value)
        parts.append(piece)


def loadfile(state, name=None, mode=None, env=None):
    """loadfile([name [, mode [, env]]]): stdin without a name."""
    mode = opt_str(mode, 2, "loadfile", b"bt")
    env = _chunk_env(state, env)
    if name is None:
        return load_chunk(state, skip_shebang(state.stdin.read()), b"=stdin", env, mode)
    path = check_str(name, 1, "loadfile")
    try:
        with open(path, "rb") as fh:
            src = fh.read()
    except IsADirectoryError:       # C's fopen opens a directory; reading it fails
        return Multi((None, b"cannot read " + path + b": " + _strerror(errno.EISDIR)))
    except OSError as exc:
        return Multi((None, b"cannot open " + path + b": " + _strerror(exc.errno)))
    return load_chunk(state, skip_shebang(src), b"@" + path, env, mode)


def _strerror(code: int | None) -> bytes:
    return os.strerror(code or errno.EIO).encode()


def dofile(state, name):
    r = loadfile(state, name)
    if r.__class__ is Multi:
        raise LuaError(r[1])
    return call(r)


# -- garbage collection ------------------------------------------------------------

GC_OPTIONS = (b"stop", b"restart", b"collect", b"count", b"step", b"setpause",
              b"setstepmul", b"isrunning")


def collectgarbage(params: dict, opt, arg):
    """collectgarbage over Python's collector; setpause and setstepmul only
    remember their values (Python has no such knobs)."""
    what = opt_str(opt, 1, "collectgarbage", b"collect")
    if what not in GC_OPTIONS:
        raise arg_error(1, "collectgarbage", f"invalid option '{what.decode('latin-1')}'")
    n = opt_int(arg, 2, "collectgarbage", 0)
    if what == b"count":
        return sys.getallocatedblocks() * 64 / 1024.0
    if what in params:
        old, params[what] = params[what], n
        return float(old)
    if what in (b"collect", b"step"):
        gc.collect(2 if what == b"collect" else 0)
        _sweep_weak_tables()
        return 0.0 if what == b"collect" else True
    if what == b"isrunning":
        return gc.isenabled()
    (gc.disable if what == b"stop" else gc.enable)()
    return 0.0


def gcinfo(*_):
    return float(int(sys.getallocatedblocks() * 64 / 1024))


_COLLECTABLE = (Table, Userdata)

# id(table) -> weak reference to it, for every table given a metatable with
# __mode (weak references, so the tracking keeps no table alive)
_weak_tables: dict[int, weakref.ref] = {}


def _track_weak(t: Table) -> None:
    key = id(t)

    def forget(ref: weakref.ref) -> None:
        if _weak_tables.get(key) is ref:
            del _weak_tables[key]
    if key not in _weak_tables:
        _weak_tables[key] = weakref.ref(t, forget)


def _collectable(v) -> bool:
    return isinstance(v, _COLLECTABLE) or (callable(v) and v.__class__ is not bytes)


def _sweep_weak_tables() -> None:
    """Drop entries of weak tables whose key or value nothing else holds.

    Python frees objects by reference count, so an object referenced only by
    a weak table's dict (plus this function's own references) is garbage in
    Lua's sense.
    """
    for ref in list(_weak_tables.values()):
        t = ref()
        mt = t.meta if t is not None else None
        mode = dict.get(mt, b"__mode") if mt is not None else None
        if mode.__class__ is bytes:
            _sweep(t, b"k" in mode, b"v" in mode)
        t = None
    gc.collect()


# references a swept object has besides the table: the key list or the local
# name, plus getrefcount's own argument
_KEY_REFS = 4
_VALUE_REFS = 3


def _sweep(t: Table, weak_k: bool, weak_v: bool) -> None:
    refcount = sys.getrefcount
    for k in list(t):
        v = dict.get(t, k)
        if weak_k and _collectable(k) and refcount(k) <= _KEY_REFS:
            del t[k]
        elif weak_v and _collectable(v) and refcount(v) <= _VALUE_REFS:
            del t[k]
        v = None


class GcUserdata(Userdata):
    """A newproxy userdata: runs its metatable's __gc once, when Python frees
    it or when its state closes."""
    __slots__ = ("finalized",)

    def finalize(self) -> None:
        if getattr(self, "finalized", False):
            return
        self.finalized = True
        mt = self.meta
        handler = dict.get(mt, b"__gc") if mt is not None else None
        if handler is not None:
            try:
                call(handler, self)
            except Exception:     # errors in finalizers are ignored, as in Lua
                pass

    __del__ = finalize


def newproxy(state, arg):
    if arg is None or arg is False:
        u = GcUserdata()
    elif arg is True:
        u = GcUserdata(Table())
    elif isinstance(arg, Userdata) and arg.meta is not None:
        u = GcUserdata(arg.meta)
    else:
        raise arg_error(1, "newproxy", "boolean or proxy expected")
    state.finalizers += 1
    state.gc_objects.add(u)
    return u


__all__ = ["open_lib", "lua_key", "fmt_number"]
