"""C types as the ffi sees them, and the conversions between Lua and C values.

cffi parses the declarations and lays out the memory; a CType adds what
LuaJIT's semantics need on top of cffi's ctype: the kind that decides how a
value converts (LuaJIT reads a C `int` as a Lua number but an `int64_t` as a
boxed 64-bit cdata), the name LuaJIT prints (`int [4]`, `const char *`),
whether a pointer's target is const (cffi drops qualifiers from its ctypes,
and only `const char *` takes a Lua string), and the metatable `ffi.metatype`
gives a struct.

A Registry is the C declaration space of one Lua state, as each LuaJIT
state has its own: one cffi.FFI, every CType made from it, and the libraries
`ffi.C` searches.
"""
from __future__ import annotations

import re

import cffi
from cffi import model

from ..value import EMPTY, CData, Table, type_name
from .numbers import num_to_int, wrap

# kinds of C types, by how their values convert
TOO_LARGE = "size of C type is unknown or too large"
SIZE_MAX = 0x7FFFFFFF       # LuaJIT's C types are smaller than 2^31 bytes

VOID, INT, CHAR, I64, U64, FLOAT, BOOL, ENUM, PTR, ARRAY, STRUCT, FUNC, CTYPE = range(13)
SCALARS = frozenset((INT, CHAR, I64, U64, FLOAT, BOOL, ENUM))
INTEGERS = frozenset((INT, CHAR, I64, U64, ENUM))
NUMBER_KINDS = frozenset((INT, ENUM, FLOAT))     # C values that are Lua numbers
POINTERS = frozenset((PTR, ARRAY, FUNC))

_FLOATS = ("float", "double", "long double")
INTERNED_MAX = 100_000      # strings whose address ffi.cast keeps stable
_PRIMITIVES = frozenset(model.PrimitiveType.ALL_PRIMITIVE_TYPES) | {"void"}


class ConvError(Exception):
    """A Lua value that cannot become a value of a C type (LuaJIT's
    "cannot convert 'X' to 'T'"); callers add the argument position."""

    def __init__(self, value, ct: CType) -> None:
        super().__init__(f"cannot convert '{describe(value)}' to '{ct.name}'")
        self.text = str(self)


def describe(v) -> str:
    """A value as LuaJIT names it in conversion messages: its C type for cdata."""
    if v.__class__ is CData:
        return v.ct.name
    if v.__class__ is bool:
        return "bool"
    return type_name(v)


class CType:
    """One C type. `bt` is cffi's ctype; `elem` the pointed-to or element
    CType; `const` whether a pointer's target is const (None: unknown, as
    for types cffi reports without qualifiers, which then take strings);
    `vla` for `T[?]` and structs ending in one; `meta` the metatype."""
    __slots__ = ("reg", "bt", "kind", "name", "size", "signed", "elem", "const", "vla",
                 "meta", "_fields", "invoke", "model", "number_elems", "__weakref__")

    ops: Table = None       # the handlers every cdata shares (cdata.py sets it)

    def __init__(self, reg: Registry, bt, const, vla: bool = False, model_type=None) -> None:
        self.reg = reg
        self.bt = bt
        self.const = const
        self.vla = vla
        self.meta = None
        self._fields = None
        self.invoke = None
        self.model = model_type
        self.elem = None
        self.signed = False
        ffi = reg.ffi
        kind = bt.kind
        self.size = None
        if kind == "primitive":
            self.size = ffi.sizeof(bt)
            cname = bt.cname
            if cname == "char":
                self.kind, self.signed = CHAR, True
            elif cname == "_Bool":
                self.kind = BOOL
            elif cname in _FLOATS:
                self.kind = FLOAT
            else:
                self.signed = int(ffi.cast(bt, -1)) < 0
                if self.size == 8:
                    self.kind = I64 if self.signed else U64
                else:
                    self.kind = INT
        elif kind == "enum":
            self.kind, self.size, self.signed = ENUM, ffi.sizeof(bt), True
        elif kind == "pointer":
            self.kind, self.size = PTR, ffi.sizeof(bt)
            self.elem = reg.from_bt(bt.item)
        elif kind == "array":
            self.kind = ARRAY
            self.elem = reg.from_bt(bt.item)
            if bt.length is not None:
                self.size = ffi.sizeof(bt)
        elif kind in ("struct", "union"):
            self.kind = STRUCT
            try:
                self.size = ffi.sizeof(bt)
            except (cffi.FFIError, TypeError, ValueError):
                self.size = None     # declared, not defined: an opaque struct
        elif kind == "function":
            self.kind, self.size = FUNC, ffi.sizeof("void *")
        else:
            self.kind = VOID
        self.name = self._name()
        # a pointer to or array of numbers: p[i] reads a Lua number straight
        # from cffi (cdata.cdata_index's hot path)
        self.number_elems = self.elem is not None and self.elem.kind in NUMBER_KINDS

    @classmethod
    def marker(cls, reg: Registry) -> CType:
        """The type of ctype objects (what ffi.typeof returns, whose cd is
        the CType they stand for)."""
        ct = cls.__new__(cls)
        ct.reg, ct.bt, ct.kind, ct.name, ct.const, ct.vla = reg, None, CTYPE, "ctype", None, False
        ct.size, ct.signed, ct.elem, ct.meta, ct._fields, ct.invoke, ct.model = (
            None, False, None, None, {}, None, None)
        ct.number_elems = False
        return ct

    def number(self, cd) -> float | None:
        """tonumber() of a cdata of this type: scalars only."""
        return float(cd) if self.kind in SCALARS else None

    def _name(self) -> str:
        cname = self.reg.canonical(self.bt.cname)
        kind = self.kind
        if kind == BOOL:
            return "bool"
        if kind == PTR:
            return ("const " if self.const else "") + cname
        if kind == ARRAY:
            base, _, dims = cname.partition("[")
            return f"{base} [{'?]' if self.vla else dims}"
        if kind == FUNC:
            return cname.split("(*)")[0].rstrip() + " (*)()"
        return cname

    # -- structs ---------------------------------------------------------------

    def fields(self) -> dict:
        """name (bytes) -> (CType, name as str) of a struct's fields."""
        if self._fields is None:
            if self.size is None:
                self._fields = {}
            else:
                self._fields = {name.encode(): (self.reg.from_bt(f.type), name)
                                for name, f in self.bt.fields if name}
        return self._fields

    # -- Lua values to C values -----------------------------------------------

    def to_c(self, v):
        """v as a value cffi stores in a location of this type (the rules of
        LuaJIT's implicit conversions); ConvError when there is none."""
        kind = self.kind
        cls = v.__class__
        if kind in INTEGERS:
            if cls is float:
                i = num_to_int(v, self.size, self.signed)
            elif cls is bool:
                i = int(v)
            elif cls is CData and v.ct.kind in SCALARS:
                i = scalar_to_int(v, self)
            else:
                raise ConvError(v, self)
            return bytes((i & 0xFF,)) if kind == CHAR else i
        if kind == FLOAT:
            if cls is float:
                return v
            if cls is bool or (cls is CData and v.ct.kind in SCALARS):
                return scalar_to_float(v)
            raise ConvError(v, self)
        if kind == BOOL:
            if cls is bool:
                return v
            if cls is float:
                return v != 0.0
            if cls is CData and v.ct.kind in SCALARS:
                return scalar_to_float(v) != 0.0
            raise ConvError(v, self)
        if kind == PTR or kind == FUNC:
            return self.pointer_to_c(v)
        if kind == STRUCT:
            return self.struct_to_c(v)
        if kind == ARRAY:
            return self.array_to_c(v)
        raise ConvError(v, self)

    def pointer_to_c(self, v):
        reg = self.reg
        if v is None:
            return reg.ffi.NULL
        cls = v.__class__
        if cls is bytes:
            if self.takes_string():
                return reg.string_pointer(v, self)
            raise ConvError(v, self)
        if cls is CData:
            src = v.ct
            if src.kind in POINTERS or src.kind == STRUCT:
                if src.bt is self.bt:
                    return v.cd
                if self.compatible(src):
                    return reg.ffi.cast(self.bt, v.cd)
            raise ConvError(v, self)
        if self.kind == FUNC and callable(v) and cls is not Table:
            return reg.callback(self, v)
        raise ConvError(v, self)

    def takes_string(self) -> bool:
        """A Lua string converts to a pointer to const bytes (or const void)."""
        elem = self.elem
        return (self.kind == PTR and self.const is not False
                and (elem.kind == VOID or elem.size == 1))

    def compatible(self, src: CType) -> bool:
        """Implicit pointer conversions LuaJIT allows: to or from void *, an
        array to a pointer to its element, a struct to a pointer to it, and
        between types of the same target (qualifiers aside)."""
        if self.kind == FUNC:
            return src.kind == FUNC or (src.kind == PTR and src.elem.kind == VOID)
        target = self.elem
        if target.kind == VOID:
            return True
        if src.kind == STRUCT:
            return src.bt is target.bt
        if src.kind == FUNC:
            return False
        source = src.elem
        return source.kind == VOID or source.bt is target.bt or (
            source.size == 1 and target.size == 1 and source.kind in INTEGERS
            and target.kind in INTEGERS)

    def struct_to_c(self, v):
        """A struct value: another of the type, or a table initializer."""
        if v.__class__ is CData and v.ct.bt is self.bt:
            return v.cd[0]
        if v.__class__ is Table:
            return self.struct_init((v,))
        raise ConvError(v, self)

    def struct_init(self, args: tuple):
        """cffi's initializer (a dict) from LuaJIT's: one table by field name
        or position, or the fields' values in order."""
        fields = list(self.fields().values())
        if len(args) == 1 and args[0].__class__ is Table:
            t = args[0]
            base = 0.0 if t.get(0.0) is not None else 1.0
            init = {}
            for i, (fct, name) in enumerate(fields):
                v = t.get(name.encode())
                if v is None:
                    v = t.get(base + i)
                if v is not None:
                    init[name] = fct.to_c(v)
            return init
        return {name: fct.to_c(v) for (fct, name), v in zip(fields, args) if v is not None}

    def array_to_c(self, v):
        if v.__class__ is bytes and self.elem.size == 1:
            return v
        if v.__class__ is Table:
            return self.array_init((v,), self.bt.length)
        raise ConvError(v, self)

    def array_init(self, args: tuple, length: int | None):
        """cffi's initializer (a list or bytes) from LuaJIT's: a table (from
        index 0 if it has one, else 1), a string for byte arrays, or values
        in order; a single value fills every element."""
        elem = self.elem
        if len(args) == 1 and args[0].__class__ is Table:
            t = args[0]
            i = 0.0 if t.get(0.0) is not None else 1.0
            args = []
            while True:
                v = t.get(i)
                if v is None:
                    break
                args.append(v)
                i += 1.0
        elif len(args) == 1 and args[0].__class__ is bytes and elem.size == 1:
            s = args[0]
            return s if length is None or len(s) <= length else s[:length]
        values = [elem.to_c(v) for v in args]
        if len(values) == 1 and length:
            values = values * length
        return values[:length] if length is not None else values

    # -- C values to Lua values -------------------------------------------------

    def to_lua(self, r):
        """A value cffi read or returned, as LuaJIT hands it to Lua."""
        kind = self.kind
        if kind == INT or kind == ENUM:
            return float(r)
        if kind == FLOAT or kind == BOOL:
            return r
        if kind == CHAR:
            b = r[0]
            return float(b - 256 if b > 127 else b)
        if kind == STRUCT:
            return CData(self, self.reg.ffi.new(self.reg.pointer_bt(self), r))
        if kind == VOID:
            return EMPTY
        return CData(self, r)


def scalar_to_int(v: CData, dest: CType) -> int:
    """A boxed number or bool converted to a C integer type."""
    x = v.cd
    if x.__class__ is float:
        return num_to_int(x, dest.size, dest.signed)
    return wrap(int(x), dest.size, dest.signed)


def scalar_to_float(v) -> float:
    if v.__class__ is CData:
        v = v.cd
    return float(v)


class Registry:
    """The C declarations of one Lua state, and the CTypes made from them."""

    def __init__(self) -> None:
        self.ffi = cffi.FFI()
        self.parser = self.ffi._parser      # cffi keeps qualifiers only in its model
        self._by_bt: dict = {}
        self._by_text: dict = {}
        self._pointers: dict = {}
        self._arrays: dict = {}
        # cffi's cast without FFI.cast's type-string handling (hot: ptr == nil,
        # ffi.string)
        self.cast = self.ffi._backend.cast
        self.char_p = self.ffi.typeof("char *")
        self.uintptr = self.ffi.typeof("uintptr_t")
        self._anon = 0
        self._tagless: dict = {}
        self._param_names: dict = {}
        self.implicit_tags: set = set()     # struct tags no cdef declared
        self._interned: dict = {}
        self.callbacks: dict = {}
        self.libs: list = []                # what ffi.C searches, in order
        self.ctype_marker = CType.marker(self)

    def from_bt(self, bt, const=None, vla: bool = False, model_type=None) -> CType:
        key = (bt, const, vla)
        ct = self._by_bt.get(key)
        if ct is None:
            ct = self._by_bt[key] = CType(self, bt, const, vla, model_type)
        return ct

    def from_model(self, mtype) -> CType:
        """The CType of a cffi model type (which still has its qualifiers)."""
        bt = self.btype(mtype)
        const = None
        if isinstance(mtype, model.PointerType):
            const = bool(mtype.quals & model.Q_CONST)
        return self.from_bt(bt, const, model_type=mtype)

    def canonical(self, cname: str) -> str:
        """A cffi type name as LuaJIT prints it: canonical integer names,
        and `struct N` for a struct declared without a tag."""
        base = cname.split(" *")[0].split("[")[0].split("(")[0].strip()
        if base and not base.startswith(("struct ", "union ", "enum ")) and \
                base not in _PRIMITIVES:
            tagless = self._tagless.get(base)
            if tagless is None:
                bt = self.ffi.typeof(base)
                if bt.kind in ("struct", "union"):
                    self._anon += 1
                    tagless = f"{bt.kind} {self._anon}"
                else:
                    tagless = base
                self._tagless[base] = tagless
            cname = cname.replace(base, tagless, 1)
        return _CANONICAL_RE.sub(lambda m: _CANONICAL[m[1]], cname)

    def btype(self, mtype):
        """cffi's ctype of one of its model types."""
        with self.ffi._lock:
            return self.ffi._get_cached_btype(mtype)

    def parse(self, text: str) -> CType:
        """The CType a type string names (LuaJIT's syntax: `int[?]`, inline
        struct definitions); raises cffi's errors for bad ones."""
        ct = self._by_text.get(text)
        if ct is not None:
            return ct
        src = text.strip()
        vla = False
        if src.endswith("[?]"):
            src, vla = src[:-3] + "[]", True
        if "{" in src:
            src = self._declare_inline(src)
        known = len(self.parser._declarations)
        mtype, _quals = self.parser.parse_type_and_quals(src)
        if len(self.parser._declarations) != known:
            # a struct named here first: cffi declares it, LuaJIT refuses it
            self.implicit_tags.update(k for k in list(self.parser._declarations)[known:])
        try:
            bt = self.btype(mtype)
        except ValueError:          # cffi's "negative array length"
            raise cffi.FFIError(TOO_LARGE) from None
        if bt.kind == "array" and bt.length is not None and self.ffi.sizeof(bt) > SIZE_MAX:
            raise cffi.FFIError(TOO_LARGE)
        const = bool(mtype.quals & model.Q_CONST) if isinstance(mtype, model.PointerType) else None
        if not vla and bt.kind == "struct" and bt.fields and _open_tail(bt):
            vla = True
        ct = self._by_text[text] = self.from_bt(bt, const, vla)
        return ct

    def _declare_inline(self, src: str) -> str:
        """`struct { ... }` in a type string: cdef it under a fresh typedef
        name (cffi parses definitions only in cdef); `[?]` inside becomes a
        flexible array member."""
        self._anon += 1
        name = f"__luavm_ffi_t{self._anon}"
        body, star, rest = src.rpartition("}")
        self.cdef(f"typedef {body}{star} {name};".replace("[?]", "[]"))
        return name + rest

    def param_name(self, ct: CType) -> str:
        """A typedef name for ct, to stand for a `$` of ffi.typeof or
        ffi.cdef in the text cffi parses (one per type)."""
        name = self._param_names.get(ct.bt)
        if name is None:
            self._anon += 1
            name = f"__luavm_ffi_p{self._anon}"
            self.cdef(f"typedef {self.ffi.getctype(ct.bt, name)};")
            self._param_names[ct.bt] = name
        return name

    def cdef(self, src: str) -> None:
        self.implicit_tags.clear()      # a declaration may complete one
        try:
            self.ffi.cdef(src)
        except cffi.FFIError as exc:
            if "multiple declarations" not in str(exc):
                raise
            # LuaJIT accepts a function or typedef declared again
            self.ffi.cdef(src, override=True)

    def pointer_bt(self, ct: CType):
        """cffi's `T *` for a CType T (a struct cdata holds a pointer)."""
        bt = self._pointers.get(ct.bt)
        if bt is None:
            bt = self._pointers[ct.bt] = self.ffi.typeof(self.ffi.getctype(ct.bt, "*"))
        return bt

    def string_pointer(self, s: bytes, ct: CType):
        """A Lua string as a C pointer, without a copy (cffi passes bytes
        itself for char *; other byte types see the same buffer)."""
        elem = ct.elem
        if elem.kind == CHAR:
            return s
        if elem.kind == VOID:
            return self.ffi.from_buffer(s)
        return self.ffi.from_buffer(self.array_bt(elem), s)

    def array_bt(self, ct: CType):
        """cffi's `T[]` for a CType T (a string seen as bytes of type T)."""
        bt = self._arrays.get(ct.bt)
        if bt is None:
            bt = self._arrays[ct.bt] = self.ffi.typeof(self.ffi.getctype(ct.bt, "[]"))
        return bt

    def string_address(self, s: bytes):
        """A Lua string's bytes as a `char[]` cdata at a stable address:
        LuaJIT interns strings, so code hashes a string by its address
        (lua-resty-lrucache's pureffi does); equal Python bytes may be
        distinct objects, so pointers to strings come from one copy per
        content. The table is bounded: past INTERNED_MAX it starts anew."""
        buf = self._interned.get(s)
        if buf is None:
            if len(self._interned) >= INTERNED_MAX:
                self._interned.clear()
            buf = self._interned[s] = self.ffi.from_buffer(s)
        return buf

    def callback(self, ct: CType, fn):
        """A C function pointer calling a Lua function; made once per
        function and type, and kept, as LuaJIT keeps implicit callbacks."""
        key = (id(fn), ct.bt)
        entry = self.callbacks.get(key)
        if entry is None:
            entry = self.callbacks[key] = (fn, self.make_callback(ct, fn))
        return entry[1]

    def make_callback(self, ct: CType, fn):
        from .cdata import lua_callback      # cdata imports this module
        return self.ffi.callback(ct.bt, lua_callback(ct, fn))


# LuaJIT's names for C's integer types (x86-64), as tostring shows them
_CANONICAL = {
    "unsigned long long": "uint64_t", "long long": "int64_t", "unsigned long": "uint64_t",
    "long": "int64_t", "signed char": "char", "int8_t": "char", "uint8_t": "unsigned char",
    "int16_t": "short", "uint16_t": "unsigned short", "int32_t": "int",
    "uint32_t": "unsigned int", "size_t": "uint64_t", "ssize_t": "int64_t",
    "intptr_t": "int64_t", "uintptr_t": "uint64_t", "ptrdiff_t": "int64_t", "_Bool": "bool",
    "wchar_t": "int",
}
_CANONICAL_RE = re.compile(r"\b(%s)\b" % "|".join(map(re.escape, _CANONICAL)))


def _open_tail(bt) -> bool:
    """A struct whose last field is a flexible array (LuaJIT's VLS)."""
    last = bt.fields[-1][1].type
    return last.kind == "array" and last.length is None
