"""The undo log: stores in compiled code that an exit can take back.

A region that stores into tables logs each store's old value; when it
leaves by an exit, the log is played backwards, so that tier 0 reruns the
entry (or, for a loop, the turn) on the tables as they were. The log keeps
the old values alive until the region leaves: a table overwritten in its
last slot stays valid for the pointers the region holds. It has room for
LOG_SIZE stores: a region that would store more exits instead.

The log and the functions on it are compiled once per process, in the
runtime module (lower_runtime.py); regions call them by name:

    i1   lua_store_num(table, double key, value)    t[key] = value, logged
    i1   lua_store_obj(table, key object, value)
    i1   lua_set_num(table, double key, double x)   t[key] = x, boxed and logged
    i1   lua_set_obj(table, key object, double x)
    void lua_undo_finish(i1 keep)                   keep the stores, or undo them
    void lua_undo_commit()                          a loop's turn ended: keep them

A store is too big to copy at each site, and code size is compile time.
A store into C memory (a cdata element, `store_c`) is made inline and
logged as the address, a marker of its width and its old bits.

Hot path (a number stored over a number, as in `t[i] = t[i] + 1`): when
the old value is a float object that only the table holds (reference count
1), the store writes the new double into it in place, and the log keeps
the old double (an INPLACE entry); no allocation, no dict write. A float
is immutable for everyone else, but no one else can see this one.

Only the first store in place into a float between two commits needs its
old value: the log is played newest first, so that one is what an exit
restores. The first store marks the float by adding MARK to its reference
count, and a later one that finds the count at MARK + 1 (marked, still the
table's alone) logs nothing: a field stored at every turn, as `b.vx =
b.vx + dv`, costs a log entry per window, not per store. The mark also
keeps the float alive while its entry is in the log. Commits and the end
of a root's entry take the marks off (`_unmark`), freeing a float whose
table let go of it meanwhile; code that counts references in between
(Py_INCREF, a dict's replace) keeps the count right, and only sees the
float as shared: it never writes into it.
"""
from __future__ import annotations

from llvmlite import ir

from ..value import Table
from .lower_table import (D, FLOAT_VALUE, I32, I64, PTR, REFCNT, SCRATCH, Keys, api, box, constant,
                          get, has_meta, load_at, release, runtime, store_at, type_of)

I1 = ir.IntType(1)
LOG_SIZE = 4096
# table, key object (NULL for a number key), the number key, old value (NULL:
# absent); or for a store in place: the float, INPLACE, its old value, NULL
LOG_ENTRY = ir.LiteralStructType([PTR, PTR, D, PTR])
LOG = ir.ArrayType(LOG_ENTRY, LOG_SIZE)
# the log, which regions write too, and how many of its entries a commit must
# visit (an old value to drop or keep, a float to unmark)
GLOBALS = ["lua_undo_n", "lua_undo_log", "lua_undo_refs"]
NULL = ir.Constant(PTR, None)
INPLACE = type("InPlace", (), {"__slots__": ()})()   # a marker, never freed
MARK = 1 << 40                  # added to a float's reference count: its old value is logged
# a C store of 1, 2, 4 or 8 bytes: the address, C_OLD[width], the old bits, NULL
C_OLD = {width: type(f"COld{width}", (), {"__slots__": ()})() for width in (1, 2, 4, 8)}

RUNTIME = {
    "lua_store_num": (I1, [PTR, D, PTR]),
    "lua_store_obj": (I1, [PTR, PTR, PTR]),
    "lua_set_num": (I1, [PTR, D, D]),
    "lua_set_obj": (I1, [PTR, PTR, D]),
    "lua_undo_finish": (ir.VoidType(), [I1]),
    "lua_undo_commit": (ir.VoidType(), []),
}




# -- what regions call --------------------------------------------------------------

def _runtime(module: ir.Module, name: str) -> ir.Function:
    return runtime(module, name, RUNTIME)


def store(b: ir.IRBuilder, table, key, value) -> ir.Value:
    """t[key] = value raw, logged; value a Python object that is not NULL
    (a boolean, a table; lua_set_* box numbers). key a double or a bytes
    object. The i1 result is false when the store must be left to tier 0:
    a NaN key, a new key in a table with a metatable (__newindex), a full
    log, a failed allocation."""
    name = "lua_store_num" if key.type == D else "lua_store_obj"
    return b.call(_runtime(b.module, name), [table, key, value])


def store_number(b: ir.IRBuilder, table, key, x, name: bytes | None = None,
                 old: tuple | None = None, entry: int = -1, keys: Keys | None = None,
                 reread=None) -> tuple:
    """t[key] = x, a double: in place when it can (the module's docstring),
    else by lua_set_*; name is a constant string key (entry and keys as
    lower_table.get takes them), old the (value, found) of t[key] when the
    caller knows it (lower_cache.py); reread, called after lua_set_*, keeps
    what the caller knows of tables across it (lower_keys.across). The
    result: (store's i1, whether the store was in place: the table still
    holds the same float object at key). Hot path: a marked float is
    written with no log entry."""
    fn = b.function
    old, found = get(b, table, key, name, entry, keys) if old is None else old
    safe = b.select(found, old, constant(b, SCRATCH))       # never load NULL
    is_float = b.and_(found, b.icmp_unsigned("==", type_of(b, safe), constant(b, float)))
    check, log, inplace, slow, done = (fn.append_basic_block(x) for x in (
        "set.check", "set.log", "set.inplace", "set.call", "set"))
    b.cbranch(b.and_(is_float, logged(b, safe)), inplace, check)
    b.position_at_end(check)
    n, entries = _log(b.module)
    count = b.load(n)
    alone = b.icmp_signed("==", load_at(b, safe, REFCNT, I64), I64(1))
    b.cbranch(b.and_(b.and_(is_float, alone), b.icmp_signed("<", count, I64(LOG_SIZE))), log, slow)
    b.position_at_end(log)
    slot = b.gep(entries, [I32(0), count])
    for f, v in enumerate((safe, constant(b, INPLACE), load_at(b, safe, FLOAT_VALUE, D), NULL)):
        b.store(v, b.gep(slot, [I32(0), I32(f)]))
    b.store(b.add(count, I64(1)), n)
    refs = _refs(b.module)
    b.store(b.add(b.load(refs), I64(1)), refs)
    store_at(b, safe, REFCNT, I64(MARK + 1))
    b.branch(inplace)
    b.position_at_end(inplace)
    store_at(b, safe, FLOAT_VALUE, x)
    b.branch(done)
    b.position_at_end(slow)
    name = "lua_set_num" if key.type == D else "lua_set_obj"
    ok = b.call(_runtime(b.module, name), [table, key, x])
    settle = reread() if reread is not None else None
    slow_end = b.block
    b.branch(done)
    b.position_at_end(done)
    result, same = b.phi(I1), b.phi(I1)
    result.add_incoming(I1(1), inplace)
    result.add_incoming(ok, slow_end)
    same.add_incoming(I1(1), inplace)
    same.add_incoming(I1(0), slow_end)
    if settle is not None:
        settle(inplace, slow_end)
    return result, same


def logged(b: ir.IRBuilder, obj):
    """Whether a store in place into float obj needs no log: an earlier
    store since the last commit logged its old value, and the table is
    still its only holder."""
    return b.icmp_signed("==", load_at(b, obj, REFCNT, I64), I64(MARK + 1))


def store_c(b: ir.IRBuilder, address, value) -> ir.Value:
    """*address = value, a C number, logged; the i1 result is false (and
    nothing stored) when the log is full."""
    n, entries = _log(b.module)
    count = b.load(n)
    room = b.icmp_signed("<", count, I64(LOG_SIZE))
    with b.if_then(room):
        old = b.load(address)
        width = old.type.width // 8 if isinstance(old.type, ir.IntType) else (
            4 if isinstance(old.type, ir.FloatType) else 8)
        if not isinstance(old.type, ir.IntType):
            old = b.bitcast(old, ir.IntType(width * 8))
        bits = b.zext(old, I64) if width < 8 else old
        slot = b.gep(entries, [I32(0), count])
        fields = (b.bitcast(address, PTR), constant(b, C_OLD[width]), b.bitcast(bits, D), NULL)
        for f, v in enumerate(fields):
            b.store(v, b.gep(slot, [I32(0), I32(f)]))
        b.store(b.add(count, I64(1)), n)
        b.store(value, address)
    return room


def _log(module: ir.Module):
    """The runtime module's log (count, entries), declared in module."""
    n = module.globals.get("lua_undo_n")
    if n is None:
        n = ir.GlobalVariable(module, I64, "lua_undo_n")
        ir.GlobalVariable(module, LOG, "lua_undo_log")
    return n, module.globals["lua_undo_log"]


def half_full(b: ir.IRBuilder):
    """An i1: the log holds half its room or more."""
    n, _ = _log(b.module)
    return b.icmp_signed(">=", b.load(n), I64(LOG_SIZE // 2))


def finish(b: ir.IRBuilder, keep) -> None:
    """End a root's entry: keep (an i1) its stores, or undo them."""
    b.call(_runtime(b.module, "lua_undo_finish"), [keep])


def commit(b: ir.IRBuilder) -> None:
    """Keep the stores made so far: an exit from here on undoes only later ones.
    Hot path (every turn of a loop root): when no entry needs a visit
    (only C stores and new keys), the log is merely emptied."""
    n, _ = _log(b.module)
    with b.if_else(b.icmp_signed("==", b.load(_refs(b.module)), I64(0)), likely=True) as (
            empty, walk):
        with empty:
            b.store(I64(0), n)
        with walk:
            b.call(_runtime(b.module, "lua_undo_commit"), [])


def _refs(module: ir.Module):
    refs = module.globals.get("lua_undo_refs")
    if refs is None:
        refs = ir.GlobalVariable(module, I64, "lua_undo_refs")
    return refs


# -- the runtime functions (compiled by lower_runtime.py) ---------------------------

def define(module: ir.Module) -> None:
    """The log, and the functions of RUNTIME, in the runtime module."""
    n = ir.GlobalVariable(module, I64, "lua_undo_n")
    n.initializer = I64(0)
    entries = ir.GlobalVariable(module, LOG, "lua_undo_log")
    entries.initializer = ir.Constant(LOG, None)
    _refs(module).initializer = I64(0)
    for name, body in (("lua_store_num", _define_store), ("lua_store_obj", _define_store),
                       ("lua_set_num", _define_set), ("lua_set_obj", _define_set),
                       ("lua_undo_finish", _define_finish),
                       ("lua_undo_commit", _define_commit)):
        fn = _runtime(module, name)
        body(ir.IRBuilder(fn.append_basic_block("entry")), n, entries, *fn.args)


def _define_set(b: ir.IRBuilder, n, entries, table, key, x) -> None:
    obj, _ = box(b, x, "num")
    with b.if_then(b.icmp_unsigned("==", obj, NULL), likely=False):
        b.call(api(b.module, "PyErr_Clear"), [])
        b.ret(I1(0))
    name = "lua_store_num" if key.type == D else "lua_store_obj"
    ok = b.call(_runtime(b.module, name), [table, key, obj])
    release(b, obj)
    b.ret(ok)


def _define_store(b: ir.IRBuilder, n, entries, table, key, value) -> None:
    fn = b.function
    number = key.type == D
    with b.goto_entry_block():
        ok = b.alloca(I1)
    b.store(I1(0), ok)
    room = b.icmp_signed("<", b.load(n), I64(LOG_SIZE))
    if number:
        room = b.and_(room, b.fcmp_ordered("==", key, key))
    go, done = fn.append_basic_block("store"), fn.append_basic_block("stored")
    b.cbranch(room, go, done)
    b.position_at_end(go)
    old, found = get(b, table, key)
    plain = b.or_(found, b.not_(has_meta(b, table)))
    with b.if_then(plain):
        keyobj = (b.call(api(b.module, "PyFloat_FromDouble"), [key]) if number else key)
        with b.if_then(b.icmp_unsigned("!=", keyobj, NULL)):
            with b.if_then(found):
                b.call(api(b.module, "Py_IncRef"), [old])
            failed = b.call(api(b.module, "PyDict_SetItem"), [table, keyobj, value])
            with b.if_else(b.icmp_signed("==", failed, I32(0))) as (then, otherwise):
                with then:
                    count = b.load(n)
                    slot = b.gep(entries, [I32(0), count])
                    fields = (table, NULL if number else key, key if number else D(0.0),
                              b.select(found, old, NULL))
                    for f, v in enumerate(fields):
                        b.store(v, b.gep(slot, [I32(0), I32(f)]))
                    b.store(b.add(count, I64(1)), n)
                    refs = _refs(b.module)
                    b.store(b.add(b.load(refs), b.zext(found, I64)), refs)
                    b.store(I1(1), ok)
                with otherwise:
                    b.call(api(b.module, "PyErr_Clear"), [])
                    with b.if_then(found):
                        b.call(api(b.module, "Py_DecRef"), [old])
            if number:
                b.call(api(b.module, "Py_DecRef"), [keyobj])
        if number:
            with b.if_then(b.icmp_unsigned("==", keyobj, NULL)):
                b.call(api(b.module, "PyErr_Clear"), [])
    b.branch(done)
    b.position_at_end(done)
    b.ret(b.load(ok))


def _define_finish(b: ir.IRBuilder, n, entries, keep) -> None:
    """Keep the stores (drop the old values), or put every old value back,
    newest first; the log is then empty and no float marked."""
    module = b.module
    fn = b.function
    head, body, done = (fn.append_basic_block(x) for x in ("head", "body", "done"))
    key_slot = b.alloca(PTR)
    count = b.load(n)
    entry = b.block
    b.branch(head)
    b.position_at_end(head)
    j = b.phi(I64)
    j.add_incoming(count, entry)
    b.cbranch(b.icmp_signed(">", j, I64(0)), body, done)
    b.position_at_end(body)
    k = b.sub(j, I64(1))
    slot = b.gep(entries, [I32(0), k])
    table, keyobj, number, old = (b.load(b.gep(slot, [I32(0), I32(f)])) for f in range(4))
    inplace = b.icmp_unsigned("==", keyobj, constant(b, INPLACE))
    with b.if_then(inplace):
        with b.if_then(b.not_(keep)):
            store_at(b, table, FLOAT_VALUE, number)
        _unmark(b, table)
    in_c = I1(0)
    for width, marker in C_OLD.items():
        is_width = b.icmp_unsigned("==", keyobj, constant(b, marker))
        in_c = b.or_(in_c, is_width)
        with b.if_then(b.and_(b.not_(keep), is_width)):
            bits = b.bitcast(number, I64)
            t = ir.IntType(width * 8)
            b.store(b.trunc(bits, t) if width < 8 else bits, b.bitcast(table, t.as_pointer()))
    plain = b.and_(b.not_(b.or_(inplace, in_c)), b.icmp_unsigned("!=", table, NULL))
    with b.if_then(b.and_(b.not_(keep), plain)):
        is_number = b.icmp_unsigned("==", keyobj, NULL)
        b.store(keyobj, key_slot)
        with b.if_then(is_number):
            b.store(b.call(api(module, "PyFloat_FromDouble"), [number]), key_slot)
        key = b.load(key_slot)
        with b.if_then(b.icmp_unsigned("!=", key, NULL)):
            with b.if_else(b.icmp_unsigned("==", old, NULL)) as (absent, present):
                with absent:
                    b.call(api(module, "PyDict_DelItem"), [table, key])
                with present:
                    b.call(api(module, "PyDict_SetItem"), [table, key, old])
            with b.if_then(is_number):
                b.call(api(module, "Py_DecRef"), [key])
        b.call(api(module, "PyErr_Clear"), [])
    with b.if_then(b.icmp_unsigned("!=", old, NULL)):
        b.call(api(module, "Py_DecRef"), [old])
    j.add_incoming(k, b.block)
    b.branch(head)
    b.position_at_end(done)
    b.store(I64(0), n)
    b.store(I64(0), _refs(module))
    b.ret_void()


def _define_commit(b: ir.IRBuilder, n, entries) -> None:
    """The stores so far stay. Old values that are tables may still be
    held by the region's locals, so their entries stay as mere references
    (table NULL: nothing to put back) until the region leaves; other old
    values are dropped, and floats stored in place unmarked."""
    fn = b.function
    head, body, done = (fn.append_basic_block(x) for x in ("head", "body", "done"))
    count = b.load(n)
    entry = b.block
    b.branch(head)
    b.position_at_end(head)
    j, kept = b.phi(I64), b.phi(I64)
    j.add_incoming(I64(0), entry)
    kept.add_incoming(I64(0), entry)
    b.cbranch(b.icmp_signed("<", j, count), body, done)
    b.position_at_end(body)
    with b.if_then(b.icmp_unsigned("==", b.load(b.gep(entries, [I32(0), j, I32(1)])),
                                    constant(b, INPLACE))):
        _unmark(b, b.load(b.gep(entries, [I32(0), j, I32(0)])))
    old = b.load(b.gep(entries, [I32(0), j, I32(3)]))
    present = b.icmp_unsigned("!=", old, NULL)
    kind = type_of(b, b.select(present, old, constant(b, SCRATCH)))   # never load NULL
    table = b.and_(present, b.icmp_unsigned("==", kind, constant(b, Table)))
    with b.if_else(table) as (then, otherwise):
        with then:
            slot = b.gep(entries, [I32(0), kept])
            for f, v in enumerate((NULL, NULL, D(0.0), old)):
                b.store(v, b.gep(slot, [I32(0), I32(f)]))
        with otherwise:
            with b.if_then(present):
                b.call(api(b.module, "Py_DecRef"), [old])
    j.add_incoming(b.add(j, I64(1)), b.block)
    kept.add_incoming(b.add(kept, b.zext(table, I64)), b.block)
    b.branch(head)
    b.position_at_end(done)
    b.store(kept, n)
    b.store(kept, _refs(b.module))     # each kept entry holds its table
    b.ret_void()


def _unmark(b: ir.IRBuilder, obj) -> None:
    """Take MARK off a float's reference count, and free the float when
    nothing else holds it (its table replaced it since it was marked)."""
    count = b.sub(load_at(b, obj, REFCNT, I64), I64(MARK))
    store_at(b, obj, REFCNT, count)
    with b.if_then(b.icmp_signed("==", count, I64(0)), likely=False):
        store_at(b, obj, REFCNT, I64(1))
        release(b, obj)
