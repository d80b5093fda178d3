"""Operations on cdata: indexing, arithmetic, comparison, calls, tostring.

Every cdata shares one internal metatable (`CType.ops`, whose __metatable
is "ffi", as LuaJIT's getmetatable reports); runtime.py reaches it for any
operator whose fast path does not cover cdata, and calls `compare` for
==, < and <=, where Lua's rules for mixed types would not reach a handler.
A struct's `ffi.metatype` metatable is consulted by these handlers, for the
struct and for pointers to it, as LuaJIT does.
"""
from __future__ import annotations

from .. import callstack
from ..runtime import FAST_INDEX, call, first, index, setindex
from ..value import EMPTY, CData, LuaError, Table
from .call import make_invoker
from .clib import CLib, resolve
from .ctype import (
    ARRAY, CTYPE, FUNC, I64, INTEGERS, POINTERS, PTR, SCALARS, STRUCT,
    U64, VOID, ConvError, CType, describe,
)
from .numbers import arith64, num_to_i64, num_to_u64, wrap


def error(msg: str, positioned: bool = False) -> LuaError:
    """An error the running Lua line is prefixed to (positioned False)."""
    return LuaError(msg.encode(), positioned=positioned)


# -- metatypes -------------------------------------------------------------

def metatype_of(ct: CType):
    """The ffi.metatype table that applies to a value of ct (a struct's, also
    for a pointer to the struct)."""
    meta = ct.meta
    if meta is None and ct.kind == PTR:
        meta = ct.elem.meta
    return meta


def metamethod(v, event: bytes):
    if v.__class__ is not CData:
        return None
    meta = metatype_of(v.ct)
    return None if meta is None else meta.get(event)


# -- indexing ----------------------------------------------------------------

def null_error(ct: CType) -> LuaError:
    """LuaJIT would crash on it; a Lua error is kinder."""
    return error(f"attempt to dereference a NULL pointer ('{ct.name}')")


def element(ct: CType, cd, i: int):
    """p[i] of a pointer or array."""
    if not cd:
        raise null_error(ct)
    elem = ct.elem
    kind = elem.kind
    if kind == STRUCT:
        return CData(elem, cd + i)
    if kind == ARRAY:
        return CData(elem, cd[i])
    return elem.to_lua(cd[i])


def index_key(key) -> int | None:
    """An element index: a number or a 64-bit integer cdata."""
    if key.__class__ is float:
        return int(key)
    if key.__class__ is CData and key.ct.kind in INTEGERS:
        return int(key.cd)
    return None


def cdata_index(obj, key=None, *_):
    ct = obj.ct
    if ct.number_elems and key.__class__ is float:
        # hot path: p[i] of a pointer to or array of numbers
        cd = obj.cd
        if cd:
            return float(cd[int(key)])
    kind = ct.kind
    if kind == PTR or kind == ARRAY:
        i = index_key(key)
        if i is not None:
            if ct.elem.size is None:
                raise error(f"attempt to index '{ct.name}' with an incomplete element type")
            return element(ct, obj.cd, i)
        if kind == PTR and ct.elem.kind == STRUCT and key.__class__ is bytes:
            field = ct.elem.fields().get(key)
            if field is not None:
                if not obj.cd:
                    raise null_error(ct)
                return read_field(obj.cd, field)
    elif kind == STRUCT and key.__class__ is bytes:
        field = ct.fields().get(key)
        if field is not None:
            return read_field(obj.cd, field)
    elif kind == CTYPE:
        return _metatype_index(obj.cd, obj, key)
    meta = metatype_of(ct)
    if meta is not None:
        handler = meta.get(b"__index")
        if handler is not None:
            if handler.__class__ is Table:
                return index(handler, key)
            return first(call(handler, obj, key))
    raise _no_member(ct, key)


def _metatype_index(ct: CType, obj, key):
    """A ctype object's fields: its metatype's __index (a struct's methods)."""
    meta = ct.meta
    handler = None if meta is None else meta.get(b"__index")
    if handler is None:
        raise _no_member(obj.ct, key)
    if handler.__class__ is Table:
        return index(handler, key)
    return first(call(handler, obj, key))


def _no_member(ct: CType, key) -> LuaError:
    if key.__class__ is bytes:
        name = ct.elem.name if ct.kind == PTR and ct.elem.kind == STRUCT else ct.name
        return error(f"'{name}' has no member named '{key.decode('utf-8', 'replace')}'")
    return error(f"'{ct.name}' cannot be indexed with '{describe(key)}'")


def read_field(cd, field):
    fct, name = field
    kind = fct.kind
    if kind == STRUCT:
        return CData(fct, fct.reg.ffi.addressof(cd, name))
    if kind == ARRAY:
        return CData(fct, getattr(cd, name))
    return fct.to_lua(getattr(cd, name))


def cdata_newindex(obj, key=None, value=None, *_):
    ct = obj.ct
    kind = ct.kind
    try:
        if kind == PTR or kind == ARRAY:
            if not obj.cd:
                raise null_error(ct)
            i = index_key(key)
            if i is not None:
                obj.cd[i] = ct.elem.to_c(value)
                return EMPTY
            if kind == PTR and ct.elem.kind == STRUCT and key.__class__ is bytes:
                field = ct.elem.fields().get(key)
                if field is not None:
                    setattr(obj.cd, field[1], field[0].to_c(value))
                    return EMPTY
        elif kind == STRUCT and key.__class__ is bytes:
            field = ct.fields().get(key)
            if field is not None:
                setattr(obj.cd, field[1], field[0].to_c(value))
                return EMPTY
    except ConvError as exc:
        raise error(exc.text) from None
    meta = metatype_of(ct)
    if meta is not None:
        handler = meta.get(b"__newindex")
        if handler is not None:
            if handler.__class__ is Table:
                setindex(handler, key, value)
            else:
                call(handler, obj, key, value)
            return EMPTY
    raise _no_member(ct, key)


# -- arithmetic ----------------------------------------------------------------

def _pointer(v) -> bool:
    return v.__class__ is CData and (v.ct.kind == PTR or v.ct.kind == ARRAY)


def _int64(v, unsigned: bool) -> int | None:
    """An operand as a 64-bit integer, or None if it is none."""
    cls = v.__class__
    if cls is CData and v.ct.kind in SCALARS:
        v = v.cd
        cls = v.__class__
        if cls is not float:
            return wrap(int(v), 8, not unsigned)
    if cls is float:
        return num_to_u64(v) if unsigned else num_to_i64(v)
    return None


def _pointer_of(ct: CType) -> CType:
    """The pointer type an array decays to in arithmetic."""
    if ct.kind == PTR:
        return ct
    reg = ct.reg
    return reg.from_bt(reg.pointer_bt(ct.elem), ct.const)


def arith(event: bytes, a, b):
    """a op b where one operand is a cdata (lj_carith.c's order: pointer
    arithmetic, then 64-bit integers, then the metatype)."""
    if _pointer(a) or _pointer(b):
        r = _pointer_arith(event, a, b)
        if r is not None:
            return r
    elif _numeric(a) and _numeric(b):
        unsigned = _is_u64(a) or _is_u64(b)
        x, y = _int64(a, unsigned), _int64(b, unsigned)
        reg = (a if a.__class__ is CData else b).ct.reg
        ct = reg.parse("uint64_t" if unsigned else "int64_t")
        return CData(ct, arith64(event, x, y, not unsigned))
    handler = metamethod(a, event) or metamethod(b, event)
    if handler is not None:
        return first(call(handler, a, b))
    raise error(f"attempt to perform arithmetic on '{describe(a)}' and '{describe(b)}'")


def _numeric(v) -> bool:
    return v.__class__ is float or (v.__class__ is CData and v.ct.kind in SCALARS)


def _ctype(v) -> bool:
    return v.__class__ is CData and v.ct.kind == CTYPE


def _is_u64(v) -> bool:
    return v.__class__ is CData and v.ct.kind == U64


def _pointer_arith(event: bytes, a, b):
    if event == b"__add" or event == b"__sub":
        if _pointer(a) and _numeric(b):
            n = _int64(b, False)
            ct = _pointer_of(a.ct)
            return CData(ct, a.cd + n if event == b"__add" else a.cd - n)
        if event == b"__add" and _pointer(b) and _numeric(a):
            return CData(_pointer_of(b.ct), b.cd + _int64(a, False))
        if event == b"__sub" and _pointer(a) and _pointer(b):
            if a.ct.elem.bt is b.ct.elem.bt:
                return float(a.cd - b.cd)
    return None


def arith_handler(event: bytes):
    def handler(a=None, b=None, *_):
        return arith(event, a, b)
    return handler


def cdata_unm(a=None, *_):
    if a.ct.kind in SCALARS:
        unsigned = a.ct.kind == U64
        x = _int64(a, unsigned)
        ct = a.ct.reg.parse("uint64_t" if unsigned else "int64_t")
        return CData(ct, wrap(-x, 8, not unsigned))
    handler = metamethod(a, b"__unm")
    if handler is not None:
        return first(call(handler, a, a))
    raise error(f"attempt to perform arithmetic on '{describe(a)}'")


def cdata_concat(a=None, b=None, *_):
    handler = metamethod(a, b"__concat") or metamethod(b, b"__concat")
    if handler is not None:
        return first(call(handler, a, b))
    raise error(f"attempt to concatenate '{describe(a)}' and '{describe(b)}'")


def cdata_len(a=None, *_):
    handler = metamethod(a, b"__len")
    if handler is not None:
        return first(call(handler, a))
    raise error(f"attempt to get length of '{describe(a)}'")


# -- comparison ----------------------------------------------------------------

def address(v, aggregates: bool = True) -> int | None:
    """The address a pointer-like cdata (or nil, as NULL) compares by;
    structs and arrays only where `aggregates` (equality, not order)."""
    if v is None:
        return 0
    if v.__class__ is CData:
        kind = v.ct.kind
        if kind == PTR or kind == FUNC or (aggregates and (kind == ARRAY or kind == STRUCT)):
            reg = v.ct.reg
            return int(reg.cast(reg.uintptr, v.cd))
    return None


def compare(op: str, a, b) -> bool:
    """a == b, a < b or a <= b where one operand is a cdata."""
    if op == "eq" and _ctype(a) and _ctype(b):
        # ctype objects: the same C type, which cffi may hold twice
        # (int32_t and int), so also by LuaJIT's name of it
        return a.cd is b.cd or a.cd.name == b.cd.name
    if _numeric(a) and _numeric(b):
        unsigned = _is_u64(a) or _is_u64(b)
        x, y = _int64(a, unsigned), _int64(b, unsigned)
        return x == y if op == "eq" else (x < y if op == "lt" else x <= y)
    pa, pb = address(a, op == "eq"), address(b, op == "eq")
    event = {"eq": b"__eq", "lt": b"__lt", "le": b"__le"}[op]
    handler = metamethod(a, event) or metamethod(b, event)
    if handler is not None and not (op == "eq" and (a is None or b is None)):
        r = first(call(handler, a, b))
        return r is not None and r is not False
    if pa is not None and pb is not None:
        if op == "eq":
            return pa == pb
        return pa < pb if op == "lt" else pa <= pb
    if op == "eq":
        return False
    raise error(f"attempt to compare '{describe(a)}' with '{describe(b)}'")


def is_null(v) -> bool:
    """v == nil for a cdata: a NULL pointer."""
    kind = v.ct.kind
    return (kind == PTR or kind == FUNC) and address(v) == 0


# -- tostring ------------------------------------------------------------------

def cdata_tostring(v=None, *_):
    handler = metamethod(v, b"__tostring")
    if handler is not None:
        return first(call(handler, v))
    return describe_value(v)


def describe_value(v: CData) -> bytes:
    ct = v.ct
    kind = ct.kind
    if kind == I64:
        return b"%dLL" % v.cd
    if kind == U64:
        return b"%dULL" % v.cd
    if kind == CTYPE:
        return f"ctype<{v.cd.name}>".encode()
    if kind in POINTERS:
        addr = address(v)
        where = "NULL" if addr == 0 else f"0x{addr:08x}"
    elif kind == STRUCT:
        where = f"0x{address(v):08x}"
    else:
        where = f"0x{id(v):08x}"
    return f"cdata<{ct.name}>: {where}".encode()


# -- calls -----------------------------------------------------------------------

def cdata_call(obj, *args):
    """Calling a cdata: a C function, a ctype (a constructor), or a struct's
    metatype __call. Hot path (every C call): a function's invoker first."""
    invoke = obj.ct.invoke
    if invoke is not None:
        return invoke(obj.cd, *args)
    ct = obj.ct
    if ct.kind == FUNC:
        invoke = ct.invoke = make_invoker(ct)
        return invoke(obj.cd, *args)
    if ct.kind == CTYPE:
        from .lib import construct
        return construct(obj.cd, args)
    handler = metamethod(obj, b"__call")
    if handler is not None:
        return call(handler, obj, *args)
    raise error(f"'{ct.name}' is not callable", positioned=True)


def lua_callback(ct: CType, fn):
    """The Python function cffi calls for a C callback of type ct: arguments
    converted to Lua values, the result back to C."""
    bt = ct.bt
    params = [ct.reg.from_bt(t) for t in bt.args]
    result = ct.reg.from_bt(bt.result)

    def callback(*cargs):
        r = call(fn, *[p.to_lua(x) for p, x in zip(params, cargs)])
        return None if result.kind == VOID else result.to_c(first(r))
    return callback


def install() -> None:
    """The handlers of every cdata, and CData's Python operators (== from
    generated code, calls, hashing by identity as Lua keys)."""
    ops = Table({b"__index": cdata_index, b"__newindex": cdata_newindex,
                 b"__unm": cdata_unm, b"__concat": cdata_concat, b"__len": cdata_len,
                 b"__tostring": cdata_tostring, b"__metatable": b"ffi"})
    for event in (b"__add", b"__sub", b"__mul", b"__div", b"__mod", b"__pow"):
        ops[event] = arith_handler(event)
    CType.ops = ops
    CType.compare = staticmethod(compare)
    CType.index = staticmethod(cdata_index)
    CType.newindex = staticmethod(cdata_newindex)
    FAST_INDEX[CLib] = resolve
    CData.__call__ = cdata_call
    callstack.call_handler(cdata_call)
    CData.__eq__ = lambda self, other: compare("eq", self, other)
    CData.__ne__ = lambda self, other: not compare("eq", self, other)
    CData.__hash__ = object.__hash__

