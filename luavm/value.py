"""Lua values in Python, and the calling convention every function follows.

Representation (DESIGN.md, Values):
  nil -> None, boolean -> bool, number -> float (always: never int),
  string -> bytes, table -> Table, function -> any Python callable,
  thread -> Coroutine (coroutine.py), userdata -> Userdata, cdata -> CData.

Calling convention (Lua functions compiled by tier 0 and Python builtins alike):
  - arguments are positional Python arguments; missing ones are absent
    (parameters default to None) and extra ones are accepted and dropped;
  - exactly one result is returned as the value itself; zero or several are
    returned as a `Multi` (a tuple subclass), `EMPTY` for none;
  - a Lua `return f(x)` in tail position stores the call in `TAIL_SLOT` and
    returns `TAIL` (itself a Multi); whoever receives `TAIL` runs the stored
    call in a loop (`resolve`), so tail calls never grow the Python stack.
    (Tier-0 code makes the first stored call itself when its function is a
    Python function, and leaves the rest to resolve: compiler.tail_pickup.)
  Python code calling a Lua value uses runtime.call or runtime.call1.
"""
from __future__ import annotations

import math


class LuaError(Exception):
    """A Lua error in flight. `value` is the Lua error object (any value).

    `traceback` is filled where the error is first caught (debug.traceback
    text); `positioned` is False for errors raised by Python builtins whose
    message still needs the `chunk:line:` of the calling Lua code.
    """

    def __init__(self, value, positioned: bool = True) -> None:
        super().__init__(value)
        self.value = value
        self.positioned = positioned
        self.traceback = None

    def __str__(self) -> str:
        return tostr_safe(self.value)


class OpError(Exception):
    """An operator met an operand it cannot handle.

    kind: 'index', 'newindex', 'call', 'arith', 'concat', 'len', 'compare'.
    For 'compare' the message names both types; for the others `bad` is the
    offending value and `operand` its position (0 left, 1 right) so the call
    site can name the variable.
    """

    def __init__(self, kind: str, bad=None, operand: int = 0, other=None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.bad = bad
        self.operand = operand
        self.other = other

    def message(self, varinfo: str = "") -> str:
        """Lua's wording; varinfo is like " (local 'x')" or empty."""
        if self.kind == "compare":
            t1, t2 = type_name(self.bad), type_name(self.other)
            if t1 == t2:
                return f"attempt to compare two {t1} values"
            return f"attempt to compare {t1} with {t2}"
        verb = {
            "index": "index", "newindex": "index", "call": "call",
            "arith": "perform arithmetic on", "concat": "concatenate",
            "len": "get length of",
        }[self.kind]
        if varinfo:
            return f"attempt to {verb} {varinfo} (a {type_name(self.bad)} value)"
        return f"attempt to {verb} a {type_name(self.bad)} value"


class Multi(tuple):
    """Zero or several results of a call (one result travels bare)."""
    __slots__ = ()


EMPTY = Multi()


# A distinct Multi, recognised by identity: any code that takes the first
# value of a result (a class test against Multi) meets it in its slow path.
TAIL = Multi(("<pending tail call>",))
TAIL_SLOT = [None, (), ""]    # function, arguments, "chunk:line: \0name" of the call


def resolve(r):
    """Run pending tail calls until a real result comes back."""
    slot = TAIL_SLOT
    while r is TAIL:
        f = slot[0]
        try:
            r = f(*slot[1])
        except TypeError:
            if callable(f):
                raise
            raise _tail_call_error(f, slot[2]) from None
        except OpError as exc:      # a table or userdata without __call
            if exc.kind == "call" and exc.bad is f:
                raise _tail_call_error(f, slot[2]) from None
            raise
    return r


def _tail_call_error(f, where: str) -> LuaError:
    """`return f()` where f is not callable, worded at the return's line."""
    pos, _, desc = where.partition("\0")
    what = f"{desc} " if desc else "a "
    text = f"{pos}attempt to call {what}(a {type_name(f)} value)" if desc else \
        f"{pos}attempt to call a {type_name(f)} value"
    return LuaError(text.encode())


def first(r):
    """The first value of a call's result (nil if none)."""
    if r is TAIL:
        r = resolve(r)
    if r.__class__ is not Multi:
        return r
    return r[0] if r else None


def values(r) -> tuple:
    """All values of a call's result, as a tuple."""
    if r is TAIL:
        r = resolve(r)
    if r.__class__ is Multi:
        return r
    return (r,)


# -- tables ----------------------------------------------------------------

class BoolKey:
    """Stands for true/false as a table key (True == 1.0 in a Python dict)."""
    __slots__ = ("value",)

    def __init__(self, value: bool) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"BoolKey({self.value})"


TRUE_KEY = BoolKey(True)
FALSE_KEY = BoolKey(False)


def norm_key(key):
    """The dict key for a Lua key (booleans are the only ones remapped)."""
    if key.__class__ is bool:
        return TRUE_KEY if key else FALSE_KEY
    return key


def lua_key(key):
    """The Lua key for a dict key (inverse of norm_key)."""
    if key.__class__ is BoolKey:
        return key.value
    return key


_INTERNED: dict[bytes, bytes] = {}
INTERNED_MAX = 1 << 16      # distinct strings kept (loadstring in a loop must not grow it forever)


def interned(s: bytes) -> bytes:
    """One bytes object for every short literal of the same text (a field
    name above all), as Lua interns its strings: a table built by one
    function and read by another then holds the very key object the
    reader's code has, so a dict lookup finds it by address, without
    comparing the bytes (~100 instructions a hit), and tier 1's inline
    lookup compares by address (jit/lower_table.py)."""
    if len(s) > 40:
        return s
    same = _INTERNED.get(s)
    if same is None:
        if len(_INTERNED) >= INTERNED_MAX:
            return s
        same = _INTERNED[s] = s
    return same


class Table(dict):
    """A Lua table: the dict holds every non-nil field; keys are normalised
    (numbers as floats, booleans as BoolKey). `meta` is the metatable.
    `border` is a hint for `#`: a recent border (a float), checked before it is used.
    Reading a missing key (t[k] from generated code) lands in __missing__,
    which follows __index; nil values are never stored. runtime.py, which
    owns metamethod dispatch, installs __missing__, __call__ and __eq__ (and
    method_missing, for tier 0's method lookups), so that this module
    imports nothing else of the VM. Table must not define
    __setitem__, get or pop: the VM writes `t[k] = v`, reads `t.get(k)` and
    removes with `t.pop(k, None)` as a plain dict's, which keeps them fast.
    """
    __slots__ = ("meta", "border", "__weakref__", "iter_keys", "iter_pos")

    def __init__(self, items=()) -> None:
        # hot path (every table constructor): a copy only when there is
        # something to copy, which halves the cost of an empty table; a
        # named parameter (not *args) and update (not dict.__init__, a slot
        # wrapper called through a tuple) cost ~1000 instructions less per
        # table made from a dict display (compiler.record);
        # iter_keys and iter_pos stay unset until next() sets them
        if items:
            self.update(items)
        self.meta = None
        self.border = 0.0

    # identity semantics: Lua tables are equal only to themselves (or by __eq,
    # which runtime.eq handles; generated code calls it for table operands)
    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __repr__(self) -> str:
        return f"table: 0x{id(self):08x}"

    def flen(self) -> float:
        """Lua's `#`: a border (t[n] ~= nil and t[n+1] == nil), from the hint.

        Hot path (`#t`, `t[#t + 1] = v`): the hint is a float, so the keys
        tested need no conversion, and `in` (no nil is ever stored) costs
        less than a get.
        """
        n = self.border
        if n and n not in self:
            # the hint went stale by removals: walk down to a border
            n -= 1.0
            while n and n not in self:
                n -= 1.0
        else:
            while n + 1.0 in self:
                n += 1.0
        self.border = n
        return n

    def length(self) -> int:
        """Lua's `#` as an int (see flen)."""
        return int(self.flen())

    def rawset(self, key, value) -> None:
        """t[key] = value without metamethods; key already checked."""
        if value is None:
            self.pop(key, None)
        else:
            self[key] = value


def intern_keys(root: Table) -> None:
    """Give the tables reachable from root (fields and metatables) the
    interned objects as their string keys, so that the keys the host's
    code set (the standard library, an embedding's API) are the objects
    Lua code looks them up with. Once, after the host has set up its
    tables: order and values stay as they were."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        t = stack.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        if any(k.__class__ is bytes and interned(k) is not k for k in dict.keys(t)):
            items = list(dict.items(t))
            dict.clear(t)
            for k, v in items:
                dict.__setitem__(t, interned(k) if k.__class__ is bytes else k, v)
        stack.extend(v for v in dict.values(t) if isinstance(v, Table))
        if isinstance(t.meta, Table):
            stack.append(t.meta)


class Userdata:
    """A full userdata (newproxy, or an embedder's object): identity and a metatable."""
    __slots__ = ("meta", "payload", "__weakref__")

    def __init__(self, meta=None, payload=None) -> None:
        self.meta = meta
        self.payload = payload

    def __repr__(self) -> str:
        return f"userdata: 0x{id(self):08x}"


class LightUserdata(Userdata):
    """A light userdata: a bare C pointer (ngx.null and cjson.null are the
    NULL one). Equal, and the same table key, when the addresses are."""
    __slots__ = ("address",)

    def __init__(self, address: int = 0) -> None:
        super().__init__()
        self.address = address

    def __eq__(self, other) -> bool:
        return other.__class__ is LightUserdata and other.address == self.address

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((LightUserdata, self.address))

    def __repr__(self) -> str:
        return "userdata: NULL" if self.address == 0 else f"userdata: 0x{self.address:08x}"


class CData:
    """A C value of the ffi module (luavm/ffi): `ct` its C type (ffi.ctype.CType),
    `cd` the value: a Python int, float or bool for a scalar, else the cffi
    cdata holding the pointer, array, struct or function. luavm/ffi installs
    the operators, as runtime.py does Table's; runtime.py routes every other
    operation on a cdata through the ffi's handlers."""
    __slots__ = ("ct", "cd", "__weakref__")

    def __init__(self, ct, cd) -> None:
        self.ct = ct
        self.cd = cd

    def __repr__(self) -> str:
        return f"cdata: 0x{id(self):08x}"


# -- numbers and strings ---------------------------------------------------

def fmt_number(x: float) -> bytes:
    """Lua's number to string conversion (LUAI_NUMFFORMAT "%.14g")."""
    if x == x and x.is_integer() and -1e14 < x < 1e14:
        if x == 0 and math.copysign(1.0, x) < 0:
            return b"-0"
        return b"%d" % x
    if x != x:
        return b"nan"   # LuaJIT prints nan for every NaN
    if x - x == 0.0 and (b"%.14e" % abs(x))[15:16] == b"5":
        return _fmt_tie(x)
    return b"%.14g" % x


def _fmt_tie(x: float) -> bytes:
    """%.14g for a value that may sit exactly halfway between two 14-digit
    decimals: LuaJIT's formatter rounds such ties away from zero where
    Python's rounds them to even."""
    # imported here: decimal costs ~1.5 ms of every start-up, ties are rare
    from decimal import ROUND_HALF_UP, Decimal, localcontext
    exact = Decimal(x)
    if Decimal(b"%.14e".decode() % x) != exact:
        return b"%.14g" % x      # not an exact tie: the usual rounding stands
    with localcontext() as ctx:
        ctx.prec = 14
        ctx.rounding = ROUND_HALF_UP
        rounded = +exact
    return b"%.14g" % float(rounded)


_WORDS = {"inf": math.inf, "infinity": math.inf, "nan": math.nan}


def _parse_number(s: str):
    s = s.strip(" \t\n\r\f\v")
    if not s:
        return None
    sign = -1.0 if s[0] == "-" else 1.0
    body = s[1:] if s[0] in "+-" else s
    word = _WORDS.get(body.lower())
    if word is not None:
        return sign * word
    if body[:2] in ("0x", "0X"):
        return _parse_hex(body[2:], sign)
    if not body or body[0] not in "0123456789." or body[-1] not in "0123456789.":
        return None     # rejects words and forms Python would take
    try:
        return float(s)
    except ValueError:
        return None


def _parse_hex(digits: str, sign: float):
    """Hex integers and, as LuaJIT's scanner, hex fractions and p exponents."""
    if not digits or digits[0] not in "0123456789abcdefABCDEF.":
        return None
    try:
        if "." in digits or "p" in digits or "P" in digits:
            return sign * float.fromhex(digits)
        return sign * float(int(digits, 16))
    except ValueError:
        return None


def str2number(b: bytes):
    """Convert a Lua string to a number as the lexer and tonumber do, or None."""
    if b.isdigit():
        return float(b)     # hot path: plain decimal digits (ASCII only, for bytes)
    try:
        s = b.decode("ascii")
    except UnicodeDecodeError:
        return None
    if "_" in s:
        return None     # Python's float() accepts 1_000; Lua does not
    return _parse_number(s)


def tonum(v):
    """Coerce for arithmetic: numbers, and strings that convert; else None."""
    if v.__class__ is float:
        return v
    if v.__class__ is bytes:
        return str2number(v)
    return None


def type_name(v) -> str:
    """The name `type()` returns, as str."""
    cls = v.__class__
    name = TYPE_NAMES.get(cls)
    if name is not None:
        return name
    if isinstance(v, Table):
        return "table"
    if isinstance(v, Userdata):
        return "userdata"
    if callable(v):
        return "function"
    return "userdata"


TYPE_NAMES = {
    type(None): "nil",
    bool: "boolean",
    float: "number",
    bytes: "string",
    Table: "table",
    Userdata: "userdata",
    CData: "cdata",
}


def tostr_safe(v) -> str:
    """A readable str for Python-side messages (never raises)."""
    if v.__class__ is bytes:
        return v.decode("utf-8", "replace")
    if v.__class__ is float:
        return fmt_number(v).decode()
    if v is None:
        return "nil"
    if v is True:
        return "true"
    if v is False:
        return "false"
    return repr(v)
