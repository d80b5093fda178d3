"""Operators on Lua values: the slow paths behind tier-0 code, and metamethods.

Tier 0 inlines the common case of each operator (both operands numbers, a
plain table without metatable, ...) and calls the functions here for the rest:
coercions, metamethods and errors. An operation that fails raises `OpError`;
the error machinery (errors.py) turns it into Lua's message, naming the
variable from the call site (`attempt to index local 't' (a nil value)`).

The string metatable belongs to the process, because Lua strings are Python
bytes and cannot point to their state: the state that opens the string
library last sets it (one state per worker in the gateway).
"""
from __future__ import annotations

import math

from .dictslots import use_dict_slots
from .value import (
    FALSE_KEY, TRUE_KEY, OpError, LuaError, TAIL, BoolKey, CData, LightUserdata, Multi, Table,
    Userdata, first, fmt_number, interned, norm_key, resolve, tonum, type_name,
)

MAXTAGLOOP = 100        # as Lua: bound on __index/__newindex chains

# This module's metamethod names are the interned ones (value.interned),
# registered before any chunk is parsed: the metatables Lua code builds
# then hold these very objects as keys, and the lookups below find them
# by address instead of comparing bytes.
METAMETHODS = tuple(map(interned, (
    b"__index", b"__newindex", b"__call", b"__add", b"__sub", b"__mul", b"__div", b"__mod",
    b"__pow", b"__unm", b"__concat", b"__len", b"__tostring", b"__lt", b"__le", b"__eq")))
# The same objects, for host code that builds metatables or looks up a
# metamethod (a literal of its own module would be another object).
INDEX = interned(b"__index")
NEWINDEX = interned(b"__newindex")


# -- metatables ------------------------------------------------------------

string_meta: list = [None]     # [Table]: set by the string library
# The metatables of whole types (debug.setmetatable on a number, boolean, nil,
# function or thread), by type name; per process, as string_meta.
type_metas: dict[str, Table] = {}


def getmetatable(v):
    """The raw metatable of any value (no __metatable protection)."""
    cls = v.__class__
    if cls is Table or isinstance(v, Userdata):
        return v.meta
    if cls is bytes:
        return string_meta[0]
    if cls is CData:
        return v.ct.ops     # the ffi's handlers (luavm/ffi/cdata.py)
    if type_metas:
        return type_metas.get(type_name(v))
    return None


def set_type_metatable(v, mt) -> None:
    """Give the type of v (not a table, userdata or string) a metatable."""
    if mt is None:
        type_metas.pop(type_name(v), None)
    else:
        type_metas[type_name(v)] = mt


def metamethod(v, event: bytes):
    mt = getmetatable(v)
    if mt is None:
        return None
    return mt.get(event)


# -- indexing --------------------------------------------------------------

# Userdata classes whose indexing skips the metatable lookup (the ffi's C
# namespaces): class -> function(obj, key)
FAST_INDEX: dict = {}


def _is_function(handler) -> bool:
    return handler.__class__ is not Table and callable(handler)


def index(obj, key, steps: int = MAXTAGLOOP):
    """obj[key] with __index, for any obj (Lua's luaV_gettable); at most
    `steps` lookups."""
    cls = obj.__class__
    if cls is CData:        # hot path: cdata fields and elements
        return obj.ct.index(obj, key)
    if cls in FAST_INDEX:   # hot path: ffi.C.func
        return FAST_INDEX[cls](obj, key)
    k = norm_key(key)
    for _ in range(steps):
        if obj.__class__ is Table:
            v = obj.get(k)
            if v is not None:
                return v
            mt = obj.meta
            handler = None if mt is None else mt.get(b"__index")
            if handler is None:
                return None
        else:
            # s:method() on a string: the string metatable without two calls
            mt = string_meta[0] if obj.__class__ is bytes else getmetatable(obj)
            handler = None if mt is None else mt.get(b"__index")
            if handler is None:
                raise OpError("index", obj)
        if _is_function(handler):
            return first(handler(obj, key))
        obj = handler
    raise LuaError(b"loop in gettable", positioned=False)


def _table_missing(table: Table, k):
    """Table.__missing__: generated code's t[k] found no field; follow __index.

    Hot path (every method call on an object): the object's class and its
    base class (the first two __index tables) are looked up here, unrolled:
    a Python loop and its counter cost ~6% of methods.lua. Longer chains go
    on in _missing_chain; lookups are counted toward Lua's MAXTAGLOOP, the
    one in `table` included.
    """
    mt = table.meta
    if mt is None:
        return None
    cls = mt.get(b"__index")
    if cls.__class__ is not Table:
        return _index_handler(table, k, cls, 1)
    v = cls.get(k)
    if v is not None:
        return v
    mt = cls.meta
    if mt is None:
        return None         # missing, and the class has no base class
    base = mt.get(b"__index")
    if base.__class__ is Table:
        v = base.get(k)
        return v if v is not None else _missing_chain(base, k, 3)
    return _index_handler(cls, k, base, 2)


def _method_missing(table: Table, k, cls, base):
    """The end of `obj:name()`'s lookup on a table, after the part tier 0
    inlines (compiler.method_lookup: obj, its class, the class's base)
    found nothing. `cls` is table's __index, `base` the class's if cls is
    a table: each a table without the key, an __index handler, or nil.
    """
    if cls.__class__ is not Table:
        return _index_handler(table, k, cls, 1)
    if base.__class__ is Table:
        return _missing_chain(base, k, 3)
    return _index_handler(cls, k, base, 2)


def _missing_chain(obj: Table, k, steps: int):
    """The rest of an __index chain from obj, `steps` lookups done."""
    while True:
        mt = obj.meta
        if mt is None:
            return None
        handler = mt.get(b"__index")
        if handler.__class__ is not Table:
            return _index_handler(obj, k, handler, steps)
        if steps == MAXTAGLOOP:
            raise LuaError(b"loop in gettable", positioned=False)
        v = handler.get(k)
        if v is not None:
            return v
        obj = handler
        steps += 1


def _index_handler(obj: Table, k, handler, steps: int):
    """obj's __index is not a table: nothing (nil), or a function to call,
    or a value indexed in turn (with the lookups left of MAXTAGLOOP).

    Hot path: an __index function (an API's lazy fields, a default),
    called with no helper frame around it (lua_key, _is_function and
    first inline)."""
    if handler is None:
        return None
    key = k.value if k.__class__ is BoolKey else k
    if handler.__class__ is not Table and callable(handler):
        r = handler(obj, key)
        if r.__class__ is not Multi:
            return r
        return first(r) if r is TAIL else r[0] if r else None
    return index(handler, key, MAXTAGLOOP - steps)


def check_key(key) -> None:
    if key is None:
        raise LuaError(b"table index is nil", positioned=False)
    if key != key:
        raise LuaError(b"table index is NaN", positioned=False)


def setindex(obj, key, val) -> None:
    """obj[key] = val with __newindex, for any obj (luaV_settable).

    Hot path: generated code's stores that are not a plain table's (an
    API's fields: ngx.header.X = v, ngx.var.x = v); norm_key and
    _is_function inline."""
    for _ in range(MAXTAGLOOP):
        if obj.__class__ is Table:
            k = key if key.__class__ is not bool else TRUE_KEY if key else FALSE_KEY
            mt = obj.meta
            handler = None if mt is None or k in obj else mt.get(b"__newindex")
            if handler is None:
                rawset(obj, key, val)
                return
        else:
            if obj.__class__ is CData:
                obj.ct.newindex(obj, key, val)
                return
            handler = metamethod(obj, b"__newindex")
            if handler is None:
                raise OpError("newindex", obj)
        if handler.__class__ is not Table and callable(handler):
            if handler(obj, key, val) is TAIL:
                resolve(TAIL)
            return
        obj = handler
    raise LuaError(b"loop in settable", positioned=False)


def rawget(t: Table, key):
    return t.get(norm_key(key))


def rawset(t: Table, key, val) -> None:
    """t[key] = val without metamethods (a nil key or NaN is an error even
    when val is nil, as in Lua)."""
    k = norm_key(key)
    if k.__class__ is not bytes:
        check_key(k)
    if val is None:
        t.pop(k, None)
    else:
        t[k] = val


# -- calls -----------------------------------------------------------------

def _call_meta(obj, args):
    """Calling a non-function: its __call metamethod, or an error."""
    handler = metamethod(obj, b"__call")
    if handler is None or not callable(handler):
        raise OpError("call", obj)
    return handler(obj, *args)


def call(f, *args):
    """Call any Lua value from Python; the result in the calling convention."""
    if not callable(f):
        raise OpError("call", f)
    r = f(*args)
    if r is TAIL:
        return resolve(r)
    return r


def call1(f, *args):
    """Call any Lua value from Python; its first result."""
    return first(call(f, *args))


# -- arithmetic ------------------------------------------------------------

def num_div(x: float, y: float) -> float:
    if y == 0.0:
        if x == 0.0 or x != x:
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)
    return x / y


def num_mod(x: float, y: float) -> float:
    """Lua 5.1's a - floor(a/b)*b, with IEEE results where Python raises.

    Hot path (every `%` on numbers): one call, floor inline as `q // 1.0`,
    a float, so that floor(-0.0) stays -0.0 as C's does (-0.0 % 1 is 0)."""
    if y == 0.0:
        return math.nan
    q = x / y
    return x - (q // 1.0 if q - q == 0.0 else q) * y    # inf and nan stay; -0 kept




def num_pow(x: float, y: float) -> float:
    """C pow(): Python's ** raises or returns complex where C gives inf/nan."""
    try:
        r = math.pow(x, y)
    except OverflowError:
        if x < 0 and y == int(y) and int(y) % 2 == 1:
            return -math.inf
        return math.inf
    except ValueError:
        if x == 0.0:        # 0 ^ negative
            if y == int(y) and int(y) % 2 == 1:
                return math.copysign(math.inf, x)
            return math.inf
        return math.nan
    return r


ARITH = {
    b"__add": lambda x, y: x + y,
    b"__sub": lambda x, y: x - y,
    b"__mul": lambda x, y: x * y,
    b"__div": num_div,
    b"__mod": num_mod,
    b"__pow": num_pow,
}


def arith(event: bytes, a, b):
    """A binary arithmetic operator on any values (luaV_arith)."""
    x = tonum(a)
    y = tonum(b)
    if x is not None and y is not None:
        return ARITH[event](x, y)
    handler = metamethod(a, event)
    if handler is None:
        handler = metamethod(b, event)
        if handler is None:
            bad, pos = (a, 0) if x is None else (b, 1)
            raise OpError("arith", bad, pos)
    return first(handler(a, b))


def _arith_op(event: bytes, name: str):
    def op(a, b):
        return arith(event, a, b)
    op.__name__ = name
    return op


add = _arith_op(b"__add", "add")
sub = _arith_op(b"__sub", "sub")
mul = _arith_op(b"__mul", "mul")
div = _arith_op(b"__div", "div")
mod = _arith_op(b"__mod", "mod")
pow_ = _arith_op(b"__pow", "pow_")


def unm(a):
    x = tonum(a)
    if x is not None:
        return -x
    handler = metamethod(a, b"__unm")
    if handler is None:
        raise OpError("arith", a, 0)
    return first(handler(a, a))


# -- strings and length ----------------------------------------------------

def tostr(v):
    """String coercion for concatenation: bytes, or None if not possible."""
    if v.__class__ is bytes:
        return v
    if v.__class__ is float:
        return fmt_number(v)
    return None


def concat(a, b):
    """a .. b for any values."""
    x = tostr(a)
    y = tostr(b)
    if x is not None and y is not None:
        return x + y
    handler = metamethod(a, b"__concat")
    if handler is None:
        handler = metamethod(b, b"__concat")
        if handler is None:
            bad, pos = (b, 1) if x is not None else (a, 0)
            raise OpError("concat", bad, pos)
    return first(handler(a, b))


def length(v):
    """#v for any value."""
    if v.__class__ is bytes:
        return float(len(v))
    if v.__class__ is Table:
        return v.flen()
    handler = metamethod(v, b"__len")
    if handler is None or not (isinstance(v, Userdata) or v.__class__ is CData):
        raise OpError("len", v)
    return first(handler(v))


def tostring(v) -> bytes:
    """Lua's tostring, with __tostring."""
    cls = v.__class__
    if cls is bytes:
        return v
    if cls is float:
        return fmt_number(v)
    if v is None:
        return b"nil"
    if v is True:
        return b"true"
    if v is False:
        return b"false"
    handler = metamethod(v, b"__tostring")
    if handler is not None:
        r = first(handler(v))
        if r.__class__ is float:
            return fmt_number(r)
        if r.__class__ is not bytes:
            raise LuaError(b"'__tostring' must return a string", positioned=False)
        return r
    if cls is LightUserdata:
        return repr(v).encode()
    return ("%s: 0x%08x" % (type_name(v), id(v))).encode()


# -- comparison ------------------------------------------------------------

def _order_handler(a, b, event: bytes):
    """The comparison metamethod both operands share (5.1's get_compTM rule)."""
    if a.__class__ is not b.__class__:
        return None
    h1 = metamethod(a, event)
    if h1 is None:
        return None
    h2 = metamethod(b, event)
    return h1 if h1 is h2 or h1 == h2 else None


def lt(a, b) -> bool:
    """a < b for any values."""
    ca, cb = a.__class__, b.__class__
    if ca is cb and (ca is float or ca is bytes):
        return a < b
    if ca is CData or cb is CData:
        return cdata_compare("lt", a, b)
    if ca is not cb or ca is bool or a is None:
        raise OpError("compare", a, other=b)
    handler = _order_handler(a, b, b"__lt")
    if handler is None:
        raise OpError("compare", a, other=b)
    r = first(handler(a, b))
    return r is not None and r is not False


def le(a, b) -> bool:
    """a <= b for any values (falls back to not (b < a) with __lt, as 5.1)."""
    ca, cb = a.__class__, b.__class__
    if ca is cb and (ca is float or ca is bytes):
        return a <= b
    if ca is CData or cb is CData:
        return cdata_compare("le", a, b)
    if ca is not cb or ca is bool or a is None:
        raise OpError("compare", a, other=b)
    handler = _order_handler(a, b, b"__le")
    if handler is not None:
        r = first(handler(a, b))
        return r is not None and r is not False
    handler = _order_handler(a, b, b"__lt")
    if handler is None:
        raise OpError("compare", a, other=b)
    r = first(handler(b, a))
    return r is None or r is False


def eq(a, b) -> bool:
    """a == b for any values (__eq only between two tables or two userdata)."""
    if a is b:
        return True
    cls = a.__class__
    if cls is CData or b.__class__ is CData:
        return cdata_compare("eq", a, b)
    if cls is not b.__class__:
        return False
    if cls is Table or isinstance(a, Userdata):
        handler = _order_handler(a, b, b"__eq")
        if handler is None:
            return False
        r = first(handler(a, b))
        return r is not None and r is not False
    return a == b


def cdata_compare(op: str, a, b) -> bool:
    """==, < or <= with a cdata operand: the ffi's rules (numbers and 64-bit
    integers compare by value, pointers by address, NULL equals nil)."""
    return (a if a.__class__ is CData else b).ct.compare(op, a, b)


def cdata_null(v) -> bool:
    """`v == nil` for a cdata (generated code tests the class): a NULL pointer."""
    return v.ct.compare("eq", v, None)


def cdata_mixed(a, b) -> bool:
    """After Python's == found a and b of different classes equal: whether
    that stands in Lua (a cdata compares with numbers; True == 1.0 does not)."""
    return a.__class__ is CData or b.__class__ is CData


def _table_eq(self, other):
    """Table.__eq__ (and Userdata's): Python's == follows Lua's (identity or __eq)."""
    if self is other:
        return True
    if other.__class__ is not self.__class__ or (self.meta is None and other.meta is None):
        return False
    return eq(self, other)


Table.__missing__ = _table_missing
Table.method_missing = staticmethod(_method_missing)    # for tier 0's method lookups
Table.__call__ = lambda self, *args: _call_meta(self, args)
Table.__eq__ = _table_eq
Table.__ne__ = lambda self, other: not _table_eq(self, other)
use_dict_slots(Table)       # after the dunders above: t[k] and `k in t` as fast as a dict's
Userdata.__call__ = lambda self, *args: _call_meta(self, args)
Userdata.__eq__ = _table_eq
Userdata.__ne__ = lambda self, other: not _table_eq(self, other)
Userdata.__hash__ = object.__hash__


# -- table constructors and value lists -----------------------------------

def table_list(vals: tuple, sized: bool = True) -> Table:
    """{a, b, c}: positional items only. The border hint is the item count,
    unless the last item spreads a call's values (`sized` False): then `#`
    counts from the start, as LuaJIT's does when such values hold nils."""
    t = Table()
    i = 0.0
    for v in vals:
        i += 1.0
        if v is not None:
            t[i] = v
    if sized:
        t.border = float(len(vals))
    return t


def table_items(pairs: tuple) -> Table:
    """{...} with keyed items: (key, value) pairs in source order."""
    t = Table()
    for k, v in pairs:
        if k.__class__ is not bytes:
            check_key(k)
            k = norm_key(k)
        if v is None:
            t.pop(k, None)
        else:
            t[k] = v
    return t


def drop_nils(t: Table) -> Table:
    """A table made from a dict display (compiler.record) without its nil
    fields: a Table never stores nil."""
    for k in [k for k, v in t.items() if v is None]:
        del t[k]
    return t


def multi_items(start: float, vals: tuple):
    """The (index, value) pairs of a constructor's last, multi-valued item."""
    return [(start + i, v) for i, v in enumerate(vals)]


def adjust(vals: tuple, n: int) -> tuple:
    """Exactly n values: truncated or padded with nil."""
    m = len(vals)
    if m == n:
        return vals
    if m > n:
        return vals[:n]
    return vals + (None,) * (n - m)


class GotoJump(Exception):
    """Base of the exceptions a `goto` raises to reach its label."""

    @classmethod
    def make(cls) -> type:
        return type("GotoLabel", (cls,), {})


def cdata_int(value: int, suffix: str):
    """A `12LL` or `12ULL` literal: a 64-bit integer cdata."""
    from .ffi.lib import int64_literal     # the ffi (and cffi) load on first use
    return int64_literal(value, suffix)
