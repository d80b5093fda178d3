"""Lua's base library: the global functions (print, pcall, setmetatable, ...)."""
from __future__ import annotations

import gc
import sys

from .. import runtime
from ..auxlib import (
    NOVALUE, arg_error, check_int, check_str, check_table, lua_error, opt_int, truthy,
    type_error,
)
from ..codeinfo import CODEINFO, INTERMEDIARIES, lua_frames
from ..errors import to_lua_error
from ..forloop import ipairs_step, lua_next
from ..runtime import OpError, call, tostring
from ..value import (
    EMPTY, LuaError, Multi, Table, Userdata, fmt_number, lua_key, str2number,
    type_name, values,
)

_weak_tables: "list" = []


def open_lib(state) -> Table:
    """Install the base functions into state.globals; returns _G."""
    g = state.globals
    fns = {
        "assert": lua_assert, "error": lua_error_fn, "pcall": pcall, "xpcall": xpcall,
        "print": lambda *args: lua_print(state, args), "type": lua_type,
        "tostring": lua_tostring, "tonumber": tonumber, "ipairs": ipairs,
        "pairs": pairs, "next": lua_next, "select": select, "unpack": unpack,
        "rawget": rawget, "rawset": rawset, "rawequal": rawequal, "rawlen": None,
        "setmetatable": setmetatable, "getmetatable": getmetatable,
        "getfenv": lambda f=None, *_: getfenv(state, f),
        "setfenv": lambda f=None, t=None, *_: setfenv(state, f, t),
        "load": lambda f=None, name=None, *_: lua_load(state, f, name),
        "loadstring": lambda s=None, name=None, *_: loadstring(state, s, name),
        "loadfile": lambda name=None, *_: loadfile(state, name),
        "dofile": lambda name=None, *_: dofile(state, name),
        "collectgarbage": collectgarbage, "gcinfo": gcinfo,
        "newproxy": lambda arg=None, *_: newproxy(state, arg),
    }
    for name, fn in fns.items():
        if fn is not None:
            g[name.encode()] = fn
    g[b"_G"] = g
    g[b"_VERSION"] = b"Lua 5.1"
    return g


def lua_print(state, args) -> Multi:
    out = state.stdout
    out.write(b"\t".join([tostring(a) for a in args]) + b"\n")
    return EMPTY


def lua_type(*args):
    if not args:
        raise arg_error(1, "type", "value expected")
    return type_name(args[0]).encode()


def lua_tostring(*args):
    if not args:
        raise arg_error(1, "tostring", "value expected")
    return tostring(args[0])


def tonumber(v=NOVALUE, base=None, *_):
    if v is NOVALUE:
        raise arg_error(1, "tonumber", "value expected")
    if base is None:
        if v.__class__ is float:
            return v
        if v.__class__ is bytes:
            return str2number(v)
        return None
    b = check_int(base, 2, "tonumber")
    if not 2 <= b <= 36:
        raise arg_error(2, "tonumber", "base out of range")
    s = check_str(v, 1, "tonumber").strip(b" \t\n\r\f\v").lower()
    neg = s.startswith(b"-")
    if neg:
        s = s[1:]
    if not s:
        return None
    n = 0
    for c in s:
        d = c - 48 if 48 <= c <= 57 else c - 87 if 97 <= c <= 122 else 99
        if d >= b:
            return None
        n = n * b + d
    return float(-n if neg else n)


def lua_assert(*args):
    if not args:
        raise arg_error(1, "assert", "value expected")
    if truthy(args[0]):
        return args[0] if len(args) == 1 else Multi(args)
    if len(args) > 1:
        raise LuaError(args[1])
    raise lua_error("assertion failed!")


def lua_error_fn(msg=None, level=None, *_):
    lvl = 1 if level is None else check_int(level, 2, "error")
    if msg.__class__ is bytes and lvl > 0:
        from ..codeinfo import where
        msg = where(lvl).encode() + msg
    raise LuaError(msg)


def pcall(f=NOVALUE, *args):
    if f is NOVALUE:
        raise arg_error(1, "pcall", "value expected")
    try:
        r = call(f, *args)
    except LuaError as exc:
        if not exc.positioned:
            exc = to_lua_error(exc)
        return Multi((False, exc.value))
    except (RecursionError, OpError, TypeError, ArithmeticError, ValueError, KeyError,
            IndexError, AttributeError, MemoryError) as exc:
        return Multi((False, to_lua_error(exc).value))
    if r.__class__ is Multi:
        return Multi((True,) + r)
    return Multi((True, r))


def xpcall(f=None, handler=None, *args):
    try:
        r = call(f, *args)
    except (LuaError, RecursionError, OpError, TypeError, ArithmeticError, ValueError,
            KeyError, IndexError, AttributeError) as exc:
        err = exc if isinstance(exc, LuaError) and exc.positioned else to_lua_error(exc)
        return Multi((False,) + values(call(handler, err.value)))
    if r.__class__ is Multi:
        return Multi((True,) + r)
    return Multi((True, r))


def ipairs(t=NOVALUE, *_):
    if t.__class__ is not Table:
        if t is NOVALUE or t is None:
            raise type_error(1, "ipairs", "table", t)
    return Multi((ipairs_step, t, 0.0))


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


def unpack(t=None, i=None, j=None, *_):
    t = check_table(t, 1, "unpack")
    a = opt_int(i, 2, "unpack", 1)
    b = t.length() if j is None else check_int(j, 3, "unpack")
    if a > b:
        return EMPTY
    if b - a >= 8_000_000:
        raise lua_error("too many results to unpack")
    get = dict.get
    return Multi([get(t, float(k)) for k in range(a, b + 1)])


def rawget(t=None, k=None, *_):
    return runtime.rawget(check_table(t, 1, "rawget"), k)


def rawset(t=None, k=None, v=None, *_):
    runtime.rawset(check_table(t, 1, "rawset"), k, v)
    return t


def rawequal(a=NOVALUE, b=NOVALUE, *_):
    if b is NOVALUE:
        raise arg_error(2 if a is not NOVALUE else 1, "rawequal", "value expected")
    return a is b or (a.__class__ is b.__class__ and a.__class__ in (float, bytes) and a == b)


def setmetatable(t=None, mt=NOVALUE, *_):
    t = check_table(t, 1, "setmetatable")
    if mt is not None and mt.__class__ is not Table:
        raise type_error(2, "setmetatable", "nil or table", mt)
    if t.meta is not None and dict.get(t.meta, b"__metatable") is not None:
        raise lua_error("cannot change a protected metatable")
    t.meta = mt
    if mt is not None and dict.get(mt, b"__mode") is not None:
        _weak_tables.append(t)
    return t


def getmetatable(v=NOVALUE, *_):
    if v is NOVALUE:
        raise arg_error(1, "getmetatable", "value expected")
    mt = runtime.getmetatable(v)
    if mt is None:
        return None
    protected = dict.get(mt, b"__metatable")
    return mt if protected is None else protected


def _function_at(level: int):
    """The code object of the Lua function at a stack level (1 = caller)."""
    for n, (frame, _info) in enumerate(lua_frames(sys._getframe(2)), 1):
        if n == level:
            return frame
    return None


def _env_cell(f):
    code = getattr(f, "__code__", None)
    if code is None or id(code) not in CODEINFO or "G" not in code.co_freevars:
        return None
    return f.__closure__[code.co_freevars.index("G")]


def getfenv(state, f=None):
    if f is None or f.__class__ is float:
        level = 1 if f is None else int(f)
        if level == 0:
            return state.globals
        frame = _function_at(level)
        if frame is None:
            if level > 1:
                raise arg_error(1, "getfenv", "invalid level")
            return state.globals
        return frame.f_locals.get("G", state.globals)
    cell = _env_cell(f)
    return state.globals if cell is None else cell.cell_contents


def setfenv(state, f, t):
    t = check_table(t, 2, "setfenv")
    if f.__class__ is float:
        level = int(f)
        if level == 0:
            state.globals = t
            return EMPTY
        frame = _function_at(level)
        if frame is None:
            raise arg_error(1, "setfenv", "invalid level")
        funcs = [o for o in gc.get_referrers(frame.f_code) if _env_cell(o) is not None]
        if not funcs:
            raise lua_error("'setfenv' cannot change environment of given object")
        _env_cell(funcs[0]).cell_contents = t
        return funcs[0]
    cell = _env_cell(f)
    if cell is None:
        raise lua_error("'setfenv' cannot change environment of given object")
    cell.cell_contents = t
    return f


def _load_result(state, source: bytes, chunkname: str):
    try:
        return state.compile(source, chunkname)
    except LuaError as exc:
        return Multi((None, exc.value))


def loadstring(state, s, name):
    s = check_str(s, 1, "loadstring")
    chunk = s.decode("latin-1") if name is None else check_str(name, 2, "loadstring").decode("latin-1")
    return _load_result(state, s, chunk)


def lua_load(state, f, name):
    if f.__class__ is bytes:
        return loadstring(state, f, name)
    if not callable(f):
        raise type_error(1, "load", "function", f)
    parts = []
    while True:
        piece = runtime.call1(f)
        if piece is None or piece == b"":
            break
        if piece.__class__ is not bytes:
            return Multi((None, b"reader function must return a string"))
        parts.append(piece)
    chunk = "=(load)" if name is None else check_str(name, 2, "load").decode("latin-1")
    return _load_result(state, b"".join(parts), chunk)


def loadfile(state, name):
    if name is None:
        return _load_result(state, state.stdin.read(), "=stdin")
    path = check_str(name, 1, "loadfile")
    try:
        with open(path, "rb") as fh:
            src = fh.read()
    except OSError:
        return Multi((None, b"cannot open " + path))
    if src.startswith(b"#"):     # a shebang line; keep the line count
        nl = src.find(b"\n")
        src = b"" if nl < 0 else src[nl:]
    return _load_result(state, src, "@" + path.decode("latin-1"))


def dofile(state, name):
    r = loadfile(state, name)
    if r.__class__ is Multi:
        raise LuaError(r[1])
    return call(r)


def collectgarbage(opt=None, arg=None, *_):
    what = b"collect" if opt is None else check_str(opt, 1, "collectgarbage")
    if what == b"collect":
        gc.collect()
        _sweep_weak_tables()
        return 0.0
    if what == b"count":
        kb = sys.getallocatedblocks() * 64 / 1024.0
        return kb
    if what == b"step":
        gc.collect(0)
        _sweep_weak_tables()
        return True
    if what in (b"stop", b"restart"):
        (gc.disable if what == b"stop" else gc.enable)()
        return 0.0
    if what in (b"setpause", b"setstepmul"):
        return 200.0
    raise arg_error(1, "collectgarbage", f"invalid option '{what.decode('latin-1')}'")


def gcinfo(*_):
    return float(int(sys.getallocatedblocks() * 64 / 1024))


_COLLECTABLE = (Table, Userdata)


def _collectable(v) -> bool:
    return isinstance(v, _COLLECTABLE) or (callable(v) and v.__class__ is not bytes)


def _sweep_weak_tables() -> None:
    """Drop entries of weak tables whose key or value nothing else holds.

    Python frees objects by reference count, so an object referenced only by
    a weak table's dict (plus this function's own references) is garbage in
    Lua's sense.
    """
    alive = []
    for t in _weak_tables:
        mt = t.meta
        mode = dict.get(mt, b"__mode") if mt is not None else None
        if mode.__class__ is not bytes:
            continue
        alive.append(t)
        _sweep(t, b"k" in mode, b"v" in mode)
    _weak_tables[:] = alive
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


def _register_intermediaries() -> None:
    from .. import value
    for fn in (pcall, xpcall, runtime.call, runtime.call1, runtime.callv, value.resolve,
               value.first, value.values):
        INTERMEDIARIES.add(fn.__code__)


_register_intermediaries()


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
