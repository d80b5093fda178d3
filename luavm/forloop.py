"""Loops of tier-0 code: the numeric `for`, the generic `for`, and `next`.

Hot path: every Lua loop runs through these iterators. The numeric for
becomes a C-level `islice(count(...))` when its bounds are integers;
`pairs`/`ipairs` loops walk the table directly instead of calling `next`.
"""
from __future__ import annotations

import math
from itertools import chain, count, islice, zip_longest

from .runtime import OpError
from .value import (
    BoolKey, FALSE_KEY, LuaError, Multi, TAIL, TRUE_KEY, Table, lua_key, norm_key, resolve, tonum,
)

_EXACT = 2.0 ** 53
_LONG_WALK = 8.0    # forin2's C walk for ipairs pays off from about 8-10 items


def forloop(start, stop, step):
    """The values of `for v = start, stop, step`, as floats.

    Hot path (every loop entry): integer start and step below 2^53 make a
    C-level count, whatever the limit (NaN runs nothing); past 2^53, where
    adding the step rounds, the loop goes on adding floats as Lua does.
    """
    a = start if start.__class__ is float else _for_number(start, "initial value")
    b = stop if stop.__class__ is float else _for_number(stop, "limit")
    c = step if step.__class__ is float else _for_number(step, "step")
    if not (-_EXACT < a < _EXACT and -_EXACT < c < _EXACT and c != 0.0
            and a.is_integer() and c.is_integer()) or (not a and math.copysign(1.0, a) < 0):
        return _float_steps(a, b, c)        # (a range would start -0 as +0)
    if b != b:
        return iter(())
    edge = -_EXACT if b < -_EXACT else _EXACT if b > _EXACT else b
    # count() adds floats, exact below 2^53: the same values as a range of
    # ints converted one by one, for less a turn
    if c > 0:
        turns = len(range(int(a), math.floor(edge) + 1, int(c)))
    else:
        turns = len(range(int(a), math.ceil(edge) - 1, int(c)))
    counted = islice(count(a, c), turns)
    if -_EXACT < edge < _EXACT:
        return counted
    # the value after the last counted one, rounded as Lua's addition rounds
    return chain(counted, _float_steps(float(int(a) + turns * int(c)), b, c))


def forskip(it, n: int) -> float:
    """The counter of the turn after n more of a numeric for's turns: the
    loop's region ran n turns natively, then left the rest to tier 0."""
    return next(islice(it, n - 1, None))


def _for_number(v, what: str) -> float:
    if v.__class__ is float:
        return v
    x = tonum(v) if v.__class__ is bytes else None
    if x is None:
        raise LuaError(f"'for' {what} must be a number".encode(), positioned=False)
    return x


def _float_steps(a: float, b: float, c: float):
    # Lua adds the step each time, so rounding accumulates as it does there
    i = a
    if c >= 0:      # LuaJIT counts a zero step as ascending
        while i <= b:
            yield i
            i += c
    else:
        while i >= b:
            yield i
            i += c


def forin(f=None, s=None, c=None, n: int = 1):
    """The iterator behind `for names in f, s, c`, giving n values a step."""
    if f is lua_next and s.__class__ is Table and c is None:
        if n == 1 and TRUE_KEY not in s and FALSE_KEY not in s:
            # Hot path (`for k in pairs(t)`): the walk runs in C, over a
            # snapshot of the keys (Lua lets the loop clear fields as it
            # goes), each key given while the table holds it (no nil is
            # stored), tested when its turn comes. Three C objects: each
            # costs ~500 instructions to make and free, more than a turn.
            return filter(s.__contains__, list(s))
        return _pairs(s, n)
    if f is ipairs_step and s.__class__ is Table and c == 0.0:
        return _ipairs(s, n)
    if not callable(f):
        raise OpError("call", f)
    return _generic(f, s, c, n)


def forin_results(r, n: int = 1):
    """forin over a call's raw result (`for k, v in pairs(t)`): its first
    three values, without building the adjusted tuple first."""
    if r is TAIL:
        r = resolve(r)
    if r.__class__ is not Multi:
        return forin(r, None, None, n)
    k = len(r)
    return forin(r[0] if k else None, r[1] if k > 1 else None, r[2] if k > 2 else None, n)


def forin2(f=None, s=None, c=None):
    """forin for a loop of two names (`for k, v in pairs(t)`), whose
    compiled body starts with a test of v (compiler.gen_for): over a plain
    table the iterator may give a nil v, meaning skip this key (a zip: a
    field cleared during the loop) or stop (a zip_longest: the end of an
    ipairs walk).

    Hot path (every pairs/ipairs loop): both walks run in C, the keys and
    values read as the loop goes, where a generator would resume a Python
    frame and build a tuple per turn.
    """
    if s.__class__ is Table:
        if f is lua_next and c is None and TRUE_KEY not in s and FALSE_KEY not in s:
            # a snapshot of the keys, as _pairs (no BoolKey to convert)
            keys = list(s)
            return zip(keys, map(s.get, keys))
        if f is ipairs_step and c == 0.0:
            if s.border < _LONG_WALK:
                # (a short array, or one whose border hint was never set: the
                # generator costs ~2000 instructions less to start)
                return _ipairs(s, 2)
            # raw reads t[1], t[2], ... each when its turn comes
            return zip_longest(count(1.0, 1.0), map(s.get, count(1.0, 1.0)))
    return forin(f, s, c, 2)


def forin_pairs(pairs, t, n: int):
    """forin_results(pairs(t), n) for the builtin pairs (the compiled code
    checks that `pairs` is it): the walk, without making pairs' results.

    Hot path (`for k, v in pairs(t)`): one call starts the loop, where the
    call of pairs, its three results and forin_results made three."""
    if t.__class__ is Table and TRUE_KEY not in t and FALSE_KEY not in t:
        if n == 1:
            return filter(t.__contains__, list(t))      # as forin's walk
        if n == 2:
            keys = list(t)                              # as forin2's walk
            return zip(keys, map(t.get, keys))
    return forin2_results(pairs(t)) if n == 2 else forin_results(pairs(t), n)


def forin_ipairs(ipairs, t, n: int):
    """forin_pairs for the builtin ipairs."""
    if t.__class__ is Table and n == 2:
        return forin2(ipairs_step, t, 0.0)
    return forin2_results(ipairs(t)) if n == 2 else forin_results(ipairs(t), n)


def forin2_results(r):
    """forin2 over a call's raw result, as forin_results."""
    if r is TAIL:
        r = resolve(r)
    if r.__class__ is not Multi:
        return forin(r, None, None, 2)
    k = len(r)
    return forin2(r[0] if k else None, r[1] if k > 1 else None, r[2] if k > 2 else None)


def _pairs(t: Table, n: int):
    """Hot path (every pairs loop): one generator per loop shape, and the
    key conversion (lua_key) inline: only a BoolKey needs one."""
    get = dict.get
    # a snapshot of the keys: Lua lets the loop clear fields as it goes
    keys = list(t)
    if n == 2:
        for k in keys:
            v = get(t, k)
            if v is not None:
                yield (k.value if k.__class__ is BoolKey else k, v)
    elif n == 1:
        for k in keys:
            if get(t, k) is not None:
                yield k.value if k.__class__ is BoolKey else k
    else:
        for k in keys:
            v = get(t, k)
            if v is not None:
                yield (lua_key(k), v) + (None,) * (n - 2)


def _ipairs(t: Table, n: int):
    get = dict.get
    i = 1.0
    if n == 2:      # hot path: `for i, v in ipairs(t)`, the test out of the loop
        while (v := get(t, i)) is not None:
            yield (i, v)
            i += 1.0
        return
    while (v := get(t, i)) is not None:
        yield i if n == 1 else (i, v) + (None,) * (n - 2)
        i += 1.0


def _generic(f, s, c, n: int):
    while True:
        r = f(s, c)
        if r is TAIL:
            r = resolve(r)
        if r.__class__ is Multi:
            k = r[0] if r else None
            if k is None:
                return
            c = k
            if n == 1:
                yield k
            else:
                vals = r[:n]
                yield vals + (None,) * (n - len(vals))
        else:
            if r is None:
                return
            c = r
            yield r if n == 1 else (r,) + (None,) * (n - 1)


def lua_next(t=None, key=None, *_):
    """next(t, key): the key after `key` in t's traversal order, and its value.

    Python dicts cannot start from a key, so the table keeps the key list of
    its current traversal and the position reached: a loop of next() calls
    costs O(1) a step. A fresh traversal starts when key is nil.
    """
    if t.__class__ is not Table:
        from .auxlib import type_error
        raise type_error(1, "next", "table", t)
    get = dict.get
    if key is None:
        keys = t.iter_keys = list(t)
        pos = 0
    else:
        k = norm_key(key)
        keys = getattr(t, "iter_keys", None)    # unset before a first traversal
        pos = t.iter_pos if keys is not None else 0
        if keys is None or pos >= len(keys) or keys[pos] != k or keys[pos].__class__ is not k.__class__:
            keys = t.iter_keys = list(t)
            try:
                pos = keys.index(k)
            except ValueError:
                raise LuaError(b"invalid key to 'next'", positioned=False) from None
        pos += 1
    while pos < len(keys):
        v = get(t, keys[pos])
        if v is not None:
            t.iter_pos = pos
            return Multi((lua_key(keys[pos]), v))
        pos += 1
    t.iter_keys = None
    return None


def ipairs_step(t=None, i=None, *_):
    """The iterator function ipairs returns."""
    i += 1.0
    v = dict.get(t, i) if t.__class__ is Table else None
    if v is None:
        return None
    return Multi((i, v))
