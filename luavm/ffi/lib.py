"""The `ffi` module's functions (LuaJIT's ffi API), for one Lua state."""
from __future__ import annotations

import math
import sys
import weakref

import cffi

from ..auxlib import NOVALUE, arg_error, check_int, check_str
from ..runtime import call
from ..value import EMPTY, CData, LuaError, Table, type_name
from . import clib
from .cdata import address, is_null
from .ctype import (
    ARRAY, BOOL, CHAR, CTYPE, FLOAT, FUNC, INTEGERS, POINTERS, PTR, SCALARS, STRUCT,
    ConvError, CType, Registry,
)
from .numbers import num_to_address, wrap

_ABI = {b"64bit": sys.maxsize > 2**32, b"32bit": sys.maxsize <= 2**32,
        b"le": sys.byteorder == "little", b"be": sys.byteorder == "big",
        b"fpu": True, b"hardfp": True, b"softfp": False, b"eabi": False, b"win": False,
        b"uwp": False, b"gc64": sys.maxsize > 2**32}


def ctype_arg(reg: Registry, v, n: int, fname: str) -> CType:
    """A C type argument: a type string, a ctype object or any cdata."""
    if v.__class__ is bytes:
        try:
            return reg.parse(v.decode("utf-8", "replace"))
        except (cffi.FFIError, cffi.CDefError, TypeError, KeyError) as exc:
            if b"$" in v:       # only typeof and cdef take type parameters
                raise LuaError(b"wrong number of type parameters", positioned=False) from None
            raise LuaError(_cffi_message(exc).encode(), positioned=False) from None
    if v.__class__ is CData:
        return v.cd if v.ct.kind == CTYPE else v.ct
    raise arg_error(n, fname, "C type expected, got " + ("no value" if v is NOVALUE else
                                                          type_name(v)))


def with_params(reg: Registry, text: bytes, params: tuple, fname: str) -> bytes:
    """A declaration with its `$` placeholders replaced, in order, by the
    arguments after it (ffi.typeof and ffi.cdef): a ctype or cdata gives its
    type, a number an integer, a string an identifier or keyword."""
    pieces = text.split(b"$")
    if len(pieces) - 1 != len(params):
        raise LuaError(b"wrong number of type parameters", positioned=False)
    out = [pieces[0]]
    for n, (v, piece) in enumerate(zip(params, pieces[1:]), 2):
        if v.__class__ is CData:
            out.append(reg.param_name(v.cd if v.ct.kind == CTYPE else v.ct).encode())
        elif v.__class__ is float:
            out.append(b"%d" % int(v) if v == v and abs(v) != math.inf else b"0")
        elif v.__class__ is bytes:
            out.append(v)
        else:
            raise arg_error(n, fname, f"type parameter expected, got {type_name(v)}")
        out.append(piece)
    return b"".join(out)


def _cffi_message(exc: Exception) -> str:
    """cffi's message for a bad declaration, on one line."""
    text = str(exc).replace("<cdef source string>:", "").strip()
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def ctype_object(ct: CType) -> CData:
    """What ffi.typeof returns: a cdata standing for the type."""
    return CData(ct.reg.ctype_marker, ct)


def construct(ct: CType, args: tuple):
    """ffi.new(ct, ...) and ct(...)."""
    try:
        obj = _construct(ct, args)
    except ConvError as exc:
        raise LuaError(exc.text.encode(), positioned=False) from None
    meta = ct.meta
    if meta is not None and meta.get(b"__gc") is not None:
        set_finalizer(obj, meta.get(b"__gc"))
    return obj


def _construct(ct: CType, args: tuple) -> CData:
    reg = ct.reg
    ffi = reg.ffi
    kind = ct.kind
    if kind in SCALARS:
        return CData(ct, box(ct, args[0]) if args else box(ct, 0.0))
    if kind == PTR:
        init = ct.to_c(args[0]) if args else ffi.NULL
        if init.__class__ is bytes:
            init = reg.string_address(init)     # a string's bytes, not a copy
        return CData(ct, ffi.cast(ct.bt, init))
    if kind == ARRAY:
        return _new_array(ct, args)
    if kind == STRUCT:
        return _new_struct(ct, args)
    raise arg_error(1, "new", "size of C type is unknown or too large")


def box(ct: CType, v):
    """A scalar cdata's value: an int, float or bool (immutable, as LuaJIT's
    boxes are from Lua's side)."""
    kind = ct.kind
    if kind == FLOAT:
        x = ct.to_c(v)
        return float(ct.reg.ffi.cast(ct.bt, x)) if ct.size == 4 else x
    if kind == BOOL:
        return ct.to_c(v)
    if kind == CHAR:
        return wrap(ct.to_c(v)[0], 1, True)
    return ct.to_c(v)


def _count(args: tuple, ct: CType) -> tuple[int, tuple]:
    """The element count of a VLA or VLS and the initializers after it."""
    if not args:
        raise LuaError(b"bad argument #2 to 'new' (value expected)", positioned=False)
    n = args[0]
    if n.__class__ is CData and n.ct.kind in INTEGERS:
        n = float(n.cd)
    if n.__class__ is not float or n < 0:
        raise LuaError(f"cannot convert '{type_name(n)}' to 'int'".encode(), positioned=False)
    return int(n), args[1:]


def _new_array(ct: CType, args: tuple) -> CData:
    ffi = ct.reg.ffi
    if ct.vla:
        n, args = _count(args, ct)
        cd = ffi.new(ct.bt, n)
    else:
        if ct.size is None:
            raise LuaError(b"size of C type is unknown or too large", positioned=False)
        n = ct.bt.length
        cd = ffi.new(ct.bt)
    if args:
        init = ct.array_init(args, n)
        if init.__class__ is bytes:
            ffi.memmove(cd, init, len(init))
        else:
            cd[0:len(init)] = init
    return CData(ct, cd)


def _new_struct(ct: CType, args: tuple) -> CData:
    reg = ct.reg
    if ct.size is None:
        tag = ct.bt.cname
        if tag in reg.implicit_tags:
            raise LuaError(f"undeclared or implicit tag '{tag.split()[-1]}'".encode(),
                           positioned=False)
        raise LuaError(b"size of C type is unknown or too large", positioned=False)
    pointer = reg.pointer_bt(ct)
    if ct.vla:
        n, args = _count(args, ct)
        last = ct.bt.fields[-1][0]
        cd = reg.ffi.new(pointer, {last: n})
        if args:
            init = ct.struct_init(args)
            init.pop(last, None)
            for name, v in init.items():
                setattr(cd, name, v)
        return CData(ct, cd)
    return CData(ct, reg.ffi.new(pointer, ct.struct_init(args) if args else None))


def cast(ct: CType, v) -> CData:
    """ffi.cast: explicit conversions (numbers and pointers either way)."""
    reg = ct.reg
    ffi = reg.ffi
    kind = ct.kind
    if kind in INTEGERS:
        return CData(ct, _cast_int(ct, v))
    if kind == PTR or kind == FUNC:
        if v.__class__ is float:
            return CData(ct, ffi.cast(ct.bt, num_to_address(v)))
        if v.__class__ is CData:
            src = v.ct
            if src.kind in INTEGERS:
                return CData(ct, ffi.cast(ct.bt, wrap(int(v.cd), 8, False)))
            if src.kind in POINTERS or src.kind == STRUCT:
                return CData(ct, ffi.cast(ct.bt, v.cd))
        if v.__class__ is bytes:
            return CData(ct, ffi.cast(ct.bt, reg.string_address(v)))
        return CData(ct, ffi.cast(ct.bt, ct.to_c(v)))
    if kind in SCALARS:
        return CData(ct, box(ct, v))
    raise arg_error(1, "cast", "invalid C type")


def _cast_int(ct: CType, v) -> int:
    if v.__class__ is CData and (v.ct.kind in POINTERS or v.ct.kind == STRUCT):
        return wrap(address(v), ct.size, ct.signed)
    return box(ct, v)


# -- finalizers ------------------------------------------------------------------

_finalizers: dict = {}


def set_finalizer(obj: CData, fin) -> None:
    """ffi.gc: run fin(obj) when obj is collected (fin nil removes it). The
    finalizer receives a cdata of the same type and value (the object
    itself is gone by then)."""
    old = _finalizers.pop(id(obj), None)
    if old is not None:
        old.detach()
    if fin is None:
        return
    twin = CData(obj.ct, obj.cd)
    _finalizers[id(obj)] = weakref.finalize(obj, _run_finalizer, fin, twin, id(obj))


def _run_finalizer(fin, twin: CData, key: int) -> None:
    _finalizers.pop(key, None)
    try:
        call(fin, twin)
    except (LuaError, Exception):       # as LuaJIT, an error in a finalizer is dropped
        pass


# -- the module ------------------------------------------------------------------

def open_module(reg: Registry) -> Table:
    """The ffi table of a state."""
    ffi = reg.ffi
    ns = clib.CLib(reg, reg.libs, "C")

    def f_cdef(src=NOVALUE, *params):
        text = check_str(src, 1, "cdef")
        if params or b"$" in text:
            text = with_params(reg, text, params, "cdef")
        try:
            reg.cdef(text.decode("utf-8", "replace"))
        except cffi.CDefError as exc:
            message = _cffi_message(exc)
            if "duplicate declaration of" in message:
                name = message.rsplit(" ", 1)[-1]
                message = f"attempt to redefine '{name}'"
            raise LuaError(message.encode(), positioned=False) from None
        except (cffi.FFIError, TypeError, ValueError) as exc:
            raise LuaError(_cffi_message(exc).encode(), positioned=False) from None
        return EMPTY

    def f_new(ct=NOVALUE, *args):
        return construct(ctype_arg(reg, ct, 1, "new"), args)

    def f_cast(ct=NOVALUE, v=NOVALUE, *_):
        t = ctype_arg(reg, ct, 1, "cast")
        if v is NOVALUE:
            raise arg_error(2, "cast", "value expected")
        try:
            return cast(t, v)
        except ConvError as exc:
            raise LuaError(exc.text.encode(), positioned=False) from None

    def f_typeof(ct=NOVALUE, *params):
        if params or (ct.__class__ is bytes and b"$" in ct):
            ct = with_params(reg, check_str(ct, 1, "typeof"), params, "typeof")
        return ctype_object(ctype_arg(reg, ct, 1, "typeof"))

    def f_sizeof(ct=NOVALUE, n=None, *_):
        t = ctype_arg(reg, ct, 1, "sizeof")
        if ct.__class__ is CData and ct.ct.kind != CTYPE:
            if t.kind in (ARRAY, STRUCT) and t.vla:
                return float(ffi.sizeof(ct.cd if t.kind == ARRAY else ct.cd[0]))
        if t.vla:
            if n is None:
                raise arg_error(2, "sizeof", "value expected")
            count = check_int(n, 2, "sizeof")
            if t.kind == ARRAY:
                return float(t.elem.size * count)
            last = t.bt.fields[-1][1]
            return float(max(t.size, last.offset + ffi.sizeof(last.type.item) * count))
        return None if t.size is None else float(t.size)

    def f_alignof(ct=NOVALUE, *_):
        return float(ffi.alignof(ctype_arg(reg, ct, 1, "alignof").bt))

    def f_offsetof(ct=NOVALUE, field=None, *_):
        t = ctype_arg(reg, ct, 1, "offsetof")
        name = check_str(field, 2, "offsetof")
        f = t.fields().get(name) if t.kind == STRUCT else None
        if f is None:
            return EMPTY
        return float(ffi.offsetof(t.bt, f[1]))

    def f_istype(ct=NOVALUE, obj=NOVALUE, *_):
        t = ctype_arg(reg, ct, 1, "istype")
        return obj.__class__ is CData and obj.ct.kind != CTYPE and obj.ct.bt is t.bt

    def f_string(p=NOVALUE, n=None, *_):
        return to_string(reg, p, n)
    f_string.jit_intrinsic = "ffi.string"     # tier 1 compiles its calls (jit/intrinsics.py)

    def f_copy(dst=NOVALUE, src=NOVALUE, n=None, *_):
        d = _pointer_arg(reg, dst, 1, "copy")
        if n is None:
            data = check_str(src, 2, "copy")
            ffi.memmove(d, data + b"\0", len(data) + 1)
            return EMPTY
        count = check_int(n, 3, "copy")
        if src.__class__ is bytes:
            ffi.memmove(d, src, min(count, len(src)))
            if count > len(src):
                raise LuaError(b"bad argument #3 to 'copy' (out of range)", positioned=False)
        else:
            ffi.memmove(d, _pointer_arg(reg, src, 2, "copy"), count)
        return EMPTY

    def f_fill(dst=NOVALUE, n=NOVALUE, c=None, *_):
        d = _pointer_arg(reg, dst, 1, "fill")
        count = check_int(n, 2, "fill")
        byte = 0 if c is None else check_int(c, 3, "fill") & 0xFF
        if count > 0:
            ffi.memmove(d, bytes((byte,)) * count, count)
        return EMPTY

    def f_gc(obj=NOVALUE, fin=NOVALUE, *_):
        if obj.__class__ is not CData:
            raise arg_error(1, "gc", "cdata expected")
        set_finalizer(obj, None if fin is NOVALUE else fin)
        return obj

    def f_metatype(ct=NOVALUE, mt=NOVALUE, *_):
        t = ctype_arg(reg, ct, 1, "metatype")
        if mt.__class__ is not Table:
            raise arg_error(2, "metatype", "table expected, got " + type_name(mt))
        if t.meta is not None:
            raise LuaError(b"cannot change a protected metatable", positioned=False)
        t.meta = mt
        return ctype_object(t)

    def f_errno(new=None, *_):
        old = float(ffi.errno)
        if new is not None:
            ffi.errno = check_int(new, 1, "errno")
        return old

    def f_abi(param=NOVALUE, *_):
        return _ABI.get(check_str(param, 1, "abi"), False)

    def f_load(name=NOVALUE, glob=None, *_):
        path = clib.library_path(check_str(name, 1, "load").decode("utf-8", "replace"))
        try:
            lib = ffi.dlopen(path)
        except OSError as exc:
            raise LuaError(str(exc).encode(), positioned=False) from None
        if glob is not None and glob is not False:
            reg.libs.append(lib)
        return clib.CLib(reg, [lib], path)

    return Table({
        b"cdef": f_cdef, b"new": f_new, b"cast": f_cast, b"typeof": f_typeof,
        b"sizeof": f_sizeof, b"alignof": f_alignof, b"offsetof": f_offsetof,
        b"istype": f_istype, b"string": f_string, b"copy": f_copy, b"fill": f_fill,
        b"gc": f_gc, b"metatype": f_metatype, b"errno": f_errno, b"abi": f_abi,
        b"load": f_load, b"C": ns, b"os": b"Linux" if sys.platform.startswith("linux") else
        sys.platform.capitalize().encode(), b"arch": b"x64",
    })


def _pointer_arg(reg: Registry, v, n: int, fname: str):
    """A destination or source pointer for copy and fill."""
    if v.__class__ is CData and (v.ct.kind in POINTERS or v.ct.kind == STRUCT):
        return v.cd
    if v.__class__ is bytes and n == 2:
        return v
    what = "void *" if n == 1 else "const void *"
    raise LuaError(f"bad argument #{n} to '{fname}' (cannot convert '{type_name(v)}' to '{what}')"
                   .encode(), positioned=False)


def to_string(reg: Registry, p, n=None) -> bytes:
    """ffi.string: the bytes a pointer points to (up to NUL, or n of them)."""
    ffi = reg.ffi
    if p.__class__ is bytes:
        return p if n is None else p[:max(0, check_int(n, 2, "string"))]
    if p.__class__ is not CData or not (p.ct.kind in POINTERS or p.ct.kind == STRUCT):
        raise arg_error(1, "string", f"cannot convert '{type_name(p)}' to 'const char *'")
    if p.ct.kind == PTR and is_null(p):
        raise arg_error(1, "string", "cannot convert 'NULL' to 'const char *'")
    ptr = reg.cast(reg.char_p, p.cd)
    if n is None:
        return ffi.string(ptr)
    if n.__class__ is CData and n.ct.kind in INTEGERS:
        count = int(n.cd)
    else:
        count = check_int(n, 2, "string")
    return ffi.unpack(ptr, count) if count > 0 else b""


_literal_types: list = []


def int64_literal(value: int, suffix: str) -> CData:
    """A 64-bit integer literal (`12LL`, `12ULL`), of a process-wide
    registry: literals need no `require "ffi"`, as in LuaJIT."""
    if not _literal_types:
        from . import cdata
        cdata.install()
        reg = Registry()
        _literal_types.append((reg.parse("int64_t"), reg.parse("uint64_t")))
    i64, u64 = _literal_types[0]
    return CData(i64 if suffix == "LL" else u64, value)


def make_registry() -> Registry:
    reg = Registry()
    reg.libs.extend(clib.process_libraries(reg))
    return reg

