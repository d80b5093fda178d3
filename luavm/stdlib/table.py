"""Lua's `table` library, as LuaJIT 2.1 has it.

Lua 5.1's functions (concat, insert, remove, sort, maxn, and the deprecated
foreach, foreachi, getn; LuaJIT has no setn), Lua 5.3's table.move as
LuaJIT 2.1 has it, and LuaJIT's table.new and table.clear, which are not in
the table until `require "table.new"` / `require "table.clear"` loads them
(open_lib registers those loaders in package.preload, as LuaJIT's luaopen_table
does). Array access is raw, as in Lua: integer keys are floats, `#` is
Table.length() (a border).

table.sort is Lua's own quicksort (median of three, the smaller half
recursed), not Python's sort: with it the comparator sees the same calls in
the same order as in LuaJIT, equal elements end up in the same places, and
an inconsistent comparator raises "invalid order function for sorting" (or
compares with the nil past the end) exactly where LuaJIT does.

Builtin convention: see auxlib.py. Required arguments default to auxlib's
NOVALUE instead of None so that a missing one is reported as
"got no value", as LuaJIT reports it.
"""
from __future__ import annotations

from ..auxlib import (
    NOVALUE, check_int, check_num, check_table, lua_error, opt_int, opt_str, truthy,
    type_error,
)
from ..coroutine import no_yield
from ..runtime import OpError, call1, lt
from ..value import EMPTY, LuaError, Table, fmt_number, lua_key, type_name

_get = dict.get


def _rawset_int(t: Table, i: int, v) -> None:
    """t[i] = v, raw, for an integer index."""
    if v is None:
        t.pop(float(i), None)
    else:
        dict.__setitem__(t, float(i), v)


# -- concat ----------------------------------------------------------------

def concat(t=NOVALUE, sep=None, i=None, j=None, *_) -> bytes:
    t = check_table(t, 1, "concat")
    sep = opt_str(sep, 2, "concat", b"")
    first_i = opt_int(i, 3, "concat", 1)
    last = t.length() if j is None else check_int(j, 4, "concat")
    parts = []
    for k in range(first_i, last + 1):
        v = _get(t, float(k))
        if v.__class__ is bytes:
            parts.append(v)
        elif v.__class__ is float:
            parts.append(fmt_number(v))
        else:
            raise lua_error(f"invalid value ({type_name(v)}) at index {k} in table for 'concat'")
    return sep.join(parts)


# -- insert and remove -----------------------------------------------------

def insert(t=NOVALUE, pos=NOVALUE, v=NOVALUE, *extra):
    """insert(t, v) appends; insert(t, pos, v) shifts t[pos..#t] up first.

    As in Lua 5.1 the position is not range checked: t[0] or t[#t+5] work.
    """
    if t.__class__ is not Table:
        t = check_table(t, 1, "insert")
    if v is NOVALUE and pos is not NOVALUE and not extra:
        # hot path: insert(t, v) appends (a raw store, as Lua's). The hint
        # it leaves exact is checked inline, as flen would, saving its call
        if pos is not None:
            n = t.border
            end = n + 1.0
            if end in t or (n and n not in t):
                end = t.flen() + 1.0
            t[end] = pos
            t.border = end
        return EMPTY
    if pos is NOVALUE or extra:
        raise lua_error("wrong number of arguments to 'insert'")
    end = t.length() + 1
    p = check_int(pos, 2, "insert")
    for k in range(end, p, -1):
        _rawset_int(t, k, _get(t, float(k - 1)))
    _rawset_int(t, p, v)
    return EMPTY


def remove(t=None, pos=None, *_):
    """Remove t[pos] (default #t) and shift down; nothing when out of 1..#t.

    LuaJIT's remove is Lua code whose table accesses truncate their keys,
    while its loop runs on the untruncated position: for a fractional pos
    (remove(t, 2.5)) the last element is not shifted. Reproduced here.
    """
    t = check_table(t, 1, "remove")
    n = t.length()
    if pos is None:
        if n == 0:
            return EMPTY
        # hot path (a stack's pop): the new border is the hint, so that the
        # next `#t` finds it exact (walking down from n would reach it too)
        t.border = n - 1.0
        return t.pop(float(n))
    p = check_num(pos, 2, "remove")
    if not 1.0 <= p <= n:
        return EMPTY
    old = _get(t, float(int(p)))
    if p == int(p):
        for k in range(int(p), n):
            _rawset_int(t, k, _get(t, float(k + 1)))
    else:
        k = p + 1.0
        while k <= n:
            _rawset_int(t, int(k - 1.0), _get(t, float(int(k))))
            k += 1.0
    t.pop(float(n), None)
    t.border = n - 1.0
    return old


# -- maxn and the deprecated 5.0 functions ---------------------------------
# (remove, getn, foreach and foreachi are Lua code in LuaJIT, which reports a
# missing argument as nil, hence their None defaults)

def maxn(t=NOVALUE, *_) -> float:
    """The largest positive numeric key (0 if none); a linear scan, as Lua."""
    t = check_table(t, 1, "maxn")
    best = 0.0
    for k in t:
        if k.__class__ is float and k > best:
            best = k
    return best


def getn(t=None, *_) -> float:
    return float(check_table(t, 1, "getn").length())


def _check_function(f, n: int, fname: str):
    if f is NOVALUE or type_name(f) != "function":
        raise type_error(n, fname, "function", f)
    return f


def foreach(t=None, f=None, *_):
    """Call f(k, v) for every field; stop at the first non-nil result."""
    t = check_table(t, 1, "foreach")
    f = _check_function(f, 2, "foreach")
    for k in list(t):
        v = _get(t, k)
        if v is None:
            continue                       # removed during the traversal
        r = call1(f, lua_key(k), v)
        if r is not None:
            return r
    return EMPTY


def foreachi(t=None, f=None, *_):
    """Call f(i, t[i]) for i = 1..#t; stop at the first non-nil result."""
    t = check_table(t, 1, "foreachi")
    f = _check_function(f, 2, "foreachi")
    for i in range(1, t.length() + 1):
        r = call1(f, float(i), _get(t, float(i)))
        if r is not None:
            return r
    return EMPTY


# -- sort ------------------------------------------------------------------

def _invalid_order() -> LuaError:
    return lua_error("invalid order function for sorting")


def _default_less(a, b) -> bool:
    """a < b with metamethods; errors carry no position, as in LuaJIT
    (the comparison happens inside the C function)."""
    try:
        return lt(a, b)
    except OpError as e:
        raise LuaError(e.message().encode()) from None


def _comparator(comp):
    def less(a, b) -> bool:
        return truthy(call1(comp, a, b))
    return less


def _auxsort(a: list, lo: int, hi: int, less) -> None:
    """Lua 5.1's auxsort on a[lo..hi]; a[lo-1] and a[hi+1] may be read
    (a bad comparator runs past the ends before the error is noticed)."""
    while lo < hi:
        # order a[lo], a[mid], a[hi]; the median becomes the pivot
        if less(a[hi], a[lo]):
            a[lo], a[hi] = a[hi], a[lo]
        if hi - lo == 1:
            return
        mid = (lo + hi) // 2
        if less(a[mid], a[lo]):
            a[mid], a[lo] = a[lo], a[mid]
        elif less(a[hi], a[mid]):
            a[mid], a[hi] = a[hi], a[mid]
        if hi - lo == 2:
            return
        pivot = a[mid]
        a[mid], a[hi - 1] = a[hi - 1], a[mid]
        # partition a[lo+1 .. hi-2]; invariant a[lo..i] <= P <= a[j..hi]
        i, j = lo, hi - 1
        while True:
            i += 1
            while less(a[i], pivot):
                if i > hi:
                    raise _invalid_order()
                i += 1
            j -= 1
            while less(pivot, a[j]):
                if j < lo:
                    raise _invalid_order()
                j -= 1
            if j < i:
                break
            a[i], a[j] = a[j], a[i]
        a[hi - 1], a[i] = a[i], a[hi - 1]
        # recurse into the smaller part, loop on the larger: O(log n) depth
        if i - lo < hi - i:
            _auxsort(a, lo, i - 1, less)
            lo = i + 1
        else:
            _auxsort(a, i + 1, hi, less)
            hi = i - 1


def _plainly_sortable(vals: list) -> bool:
    """True when any correct sort gives Lua's result: all numbers (no nan,
    no zeros whose sign could be told apart) or all strings."""
    cls = vals[0].__class__
    if cls is bytes:
        return all(v.__class__ is bytes for v in vals)
    if cls is float:
        return all(v.__class__ is float and v == v and v != 0.0 for v in vals)
    return False


def sort(t=NOVALUE, comp=None, *_):
    t = check_table(t, 1, "sort")
    if comp is not None:
        _check_function(comp, 2, "sort")
    n = t.length()
    if n < 2:
        return EMPTY
    # a[0] and a[n+1] stand for t[0] and t[n+1], read by a runaway comparator
    a = [_get(t, float(k)) for k in range(n + 1)]
    a.append(None)
    if comp is None and _plainly_sortable(a[1:n + 1]):
        a[1:n + 1] = sorted(a[1:n + 1])
        _write_back(t, a, n)
        return EMPTY
    less = _default_less if comp is None else _comparator(comp)
    try:
        no_yield(_auxsort, a, 1, n, less)    # LuaJIT cannot yield across sort's C frame
    finally:
        _write_back(t, a, n)    # an error leaves the table half sorted, as in Lua
    return EMPTY


def _write_back(t: Table, a: list, n: int) -> None:
    for k in range(1, n + 1):
        _rawset_int(t, k, a[k])


# -- table.move ------------------------------------------------------------

def _truncated(k: float) -> float:
    """The key LuaJIT's raw table access in its Lua-coded builtins uses."""
    return float(int(k)) if k - k == 0.0 else k


def move(a1=None, f=None, e=None, t=None, a2=None, *_) -> Table:
    """a2[t..] = a1[f..e], raw, in the order that survives overlap; returns a2.

    LuaJIT's move is Lua code: a fractional position runs its loop on
    fractions while each access truncates the key (see remove).
    """
    a1 = check_table(a1, 1, "move")
    first_i = check_num(f, 2, "move")
    last = check_num(e, 3, "move")
    to = check_num(t, 4, "move")
    a2 = check_table(a1 if a2 is None else a2, 5, "move")
    if last < first_i:
        return a2
    d = to - first_i
    forward = to > last or to <= first_i or a1 is not a2
    i, step = (first_i, 1.0) if forward else (last, -1.0)
    while first_i <= i <= last:
        v = _get(a1, _truncated(i))
        k = _truncated(i + d)
        if v is None:
            a2.pop(k, None)
        else:
            dict.__setitem__(a2, k, v)
        i += step
    return a2


# -- LuaJIT extensions -----------------------------------------------------

def new(narray=NOVALUE, nhash=NOVALUE, *_) -> Table:
    """table.new(narray, nhash): the sizes are hints, checked and ignored."""
    check_int(narray, 1, "new")
    check_int(nhash, 2, "new")
    return Table()


def clear(t=NOVALUE, *_):
    """Empty the table in place, keeping its identity and metatable."""
    t = check_table(t, 1, "clear")
    dict.clear(t)
    t.border = 0.0
    return EMPTY


def preloaders(lib: Table) -> dict:
    """package.preload entries for "table.new" and "table.clear": loading one
    also adds the function to the table library (LuaJIT's lj_lib_postreg)."""
    def loader(name: bytes, fn):
        def load(*_):
            lib[name] = fn
            return fn
        return load
    return {b"table.new": loader(b"new", new), b"table.clear": loader(b"clear", clear)}


_FUNCS = {
    b"concat": concat, b"insert": insert, b"remove": remove, b"maxn": maxn,
    b"sort": sort, b"foreach": foreach, b"foreachi": foreachi, b"getn": getn,
    b"move": move,
}


def open_lib(state) -> Table:
    """The `table` table; table.new and table.clear go to package.preload
    (when the state has its package library open already)."""
    lib = Table(_FUNCS)
    package = dict.get(getattr(state, "globals", None) or {}, b"package")
    preload = dict.get(package, b"preload") if isinstance(package, Table) else None
    if isinstance(preload, Table):
        for name, load in preloaders(lib).items():
            dict.__setitem__(preload, name, load)
    return lib
