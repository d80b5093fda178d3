"""LLVM IR for table reads and stores: native code on Lua tables
(value.Table, a dict) through CPython's C API.

Native code runs with the GIL held (site.py calls it through a ctypes
PYFUNCTYPE, which keeps it), so it may call the C API. A read returns a
borrowed reference: the table holds the value, and a store that replaces it
keeps the old one alive in the undo log until the region leaves. Every read
is guarded: a missing key (where __index may apply) or a value of another
type than the one typing speculated makes the region exit (status EXIT),
and tier 0 runs it instead. Stores are logged so that an exit can undo them
(the undo log, below).

Hot path (every array read in compiled code): an integral number key is
looked up by probing the dict's hash table natively, as CPython 3.11's
lookup does (a float's hash is its integer value there), which costs a few
loads instead of hashing and comparing through the C API. Any other key, or
a dict in another shape, goes through PyDict_GetItemWithError with one
scratch float object whose value is set in place (float keys hash and
compare by value), so a read allocates nothing.

Layouts used, checked at import (a failed check leaves the C API path):
a float's value is the double at offset 16 (PyFloatObject), an object's
type the pointer at offset 8; CPython 3.11's PyDictObject and
PyDictKeysObject (dictobject.c) for the probe.
"""
from __future__ import annotations

import ctypes

from llvmlite import ir

from ..value import Table

I8 = ir.IntType(8)
I32 = ir.IntType(32)
I64 = ir.IntType(64)
D = ir.DoubleType()
PTR = I8.as_pointer()
FLOAT_VALUE = 16            # offsetof(PyFloatObject, ob_fval)
OB_TYPE = 8                 # offsetof(PyObject, ob_type)
MA_KEYS, MA_VALUES = 32, 40             # PyDictObject: the keys, the split values
DK_LOG2_SIZE, DK_LOG2_INDEX_BYTES, DK_KIND = 8, 9, 10   # PyDictKeysObject
DK_INDICES = 32                         # then the entries (hash, key, value)
ENTRY = 24
GENERAL = 0                             # DICT_KEYS_GENERAL: any key type
EMPTY_INDEX = -1                        # DKIX_EMPTY
EXACT = 2.0 ** 53

# The C API functions native code calls, with their LLVM types; engine.py
# makes their addresses known to the JIT linker by these names.
C_API = {
    "PyDict_GetItemWithError": (PTR, [PTR, PTR]),
    "PyDict_SetItem": (I32, [PTR, PTR, PTR]),
    "PyDict_DelItem": (I32, [PTR, PTR]),
    "PyErr_Clear": (ir.VoidType(), []),
    "PyObject_CallFunctionObjArgs": (PTR, [PTR]),     # variadic, NULL-terminated
    "PyLong_AsDouble": (D, [PTR]),
    "PyFloat_FromDouble": (PTR, [D]),
    "Py_IncRef": (ir.VoidType(), [PTR]),
    "Py_DecRef": (ir.VoidType(), [PTR]),
}

# The key object of number lookups: made here, owned here, never shared.
_SCRATCH = float.fromhex("0x0p0")


def _check_layout() -> None:
    probe = float.fromhex("0x1.8p1")
    if ctypes.c_double.from_address(id(probe) + FLOAT_VALUE).value != probe:
        raise RuntimeError("unexpected float object layout")
    if ctypes.c_void_p.from_address(id(probe) + OB_TYPE).value != id(float):
        raise RuntimeError("unexpected object header layout")


def _dict_layout_holds() -> bool:
    """Whether a Table's dict is laid out as the probe reads it: a table of
    300 number keys has 512 slots, 2-byte indices, and its first entry
    (hash, key, value) where the probe looks."""
    t = Table()
    for i in range(1, 301):
        t[float(i)] = float(-i)
    word = ctypes.c_void_p.from_address
    keys = word(id(t) + MA_KEYS).value
    if not keys or word(id(t) + MA_VALUES).value is not None:
        return False
    byte = ctypes.c_uint8.from_address
    log2_size, log2_bytes = byte(keys + DK_LOG2_SIZE).value, byte(keys + DK_LOG2_INDEX_BYTES).value
    if (log2_size, log2_bytes, byte(keys + DK_KIND).value) != (9, 10, GENERAL):
        return False
    first = keys + DK_INDICES + (1 << log2_bytes)
    key = next(iter(t))
    return (ctypes.c_int64.from_address(first).value == hash(key)
            and word(first + 8).value == id(key) and word(first + 16).value == id(t[key]))


_check_layout()
DICT_PROBE = _dict_layout_holds()


def addresses() -> dict[str, int]:
    """Each C API function's address, for the JIT linker."""
    return {name: ctypes.cast(getattr(ctypes.pythonapi, name), ctypes.c_void_p).value
            for name in C_API}


def _api(module: ir.Module, name: str) -> ir.Function:
    fn = module.globals.get(name)
    if fn is None:
        ret, params = C_API[name]
        fn = ir.Function(module, ir.FunctionType(ret, params,
                                                 var_arg=name.endswith("ObjArgs")), name)
    return fn


def constant(b: ir.IRBuilder, obj) -> ir.Value:
    """A pointer to a Python object that outlives the code (a type, a
    table kept by the region's guards, the scratch key)."""
    return b.inttoptr(I64(id(obj)), PTR)


def _at(b: ir.IRBuilder, obj, offset: int):
    return b.gep(obj, [I64(offset)])


def _type_of(b: ir.IRBuilder, obj):
    return _load(b, obj, OB_TYPE, PTR)


def get(b: ir.IRBuilder, table, key) -> tuple:
    """t[key] raw: (borrowed value, found flag). key is a double (a number
    key) or a pointer (a string key's bytes object)."""
    if key.type != D:
        return _api_get(b, table, key)
    if not DICT_PROBE:
        return _api_get(b, table, _scratch_key(b, key))
    fn = b.function
    probe, slow, done = (fn.append_basic_block(n) for n in ("probe", "api", "got"))
    integral = b.and_(b.fcmp_ordered("==", _floor(b, key), key),
                      b.fcmp_ordered("<", _fabs(b, key), D(EXACT)))
    h = b.fptosi(b.select(integral, key, D(0.0)), I64)
    h = b.select(b.icmp_signed("==", h, I64(-1)), I64(-2), h)     # hash(-1.0) is -2
    keys = _load(b, table, MA_KEYS, PTR)
    combined = b.icmp_unsigned("==", _load(b, table, MA_VALUES, PTR), ir.Constant(PTR, None))
    general = b.icmp_unsigned("==", _load(b, keys, DK_KIND, I8), I8(GENERAL))
    b.cbranch(b.and_(integral, b.and_(combined, general)), probe, slow)
    b.position_at_end(probe)
    fast = _probe(b, keys, h, key)
    fast_end = b.block
    b.branch(done)
    b.position_at_end(slow)
    value, _ = _api_get(b, table, _scratch_key(b, key))
    slow_end = b.block
    b.branch(done)
    b.position_at_end(done)
    result = b.phi(PTR)
    result.add_incoming(fast, fast_end)
    result.add_incoming(value, slow_end)
    return result, b.icmp_unsigned("!=", result, ir.Constant(PTR, None))


def _probe(b: ir.IRBuilder, keys, h, key):
    """CPython 3.11's lookup in a general dict's hash table for a float key
    of hash h: the value, or NULL when the probe meets an empty slot."""
    fn = b.function
    log2_size = b.zext(_load(b, keys, DK_LOG2_SIZE, I8), I64)
    log2_bytes = b.zext(_load(b, keys, DK_LOG2_INDEX_BYTES, I8), I64)
    mask = b.sub(b.shl(I64(1), log2_size), I64(1))
    width = b.sub(log2_bytes, log2_size)               # log2 of an index's bytes
    shift = b.sub(I64(64), b.shl(I64(8), width))       # to sign-extend one index
    indices = _at(b, keys, DK_INDICES)
    entries = b.gep(indices, [b.shl(I64(1), log2_bytes)])
    head, look, step, found, done = (fn.append_basic_block(n) for n in
                                     ("probe.head", "probe.look", "probe.step", "probe.found",
                                      "probe.done"))
    start = b.and_(h, mask)
    entry = b.block
    b.branch(head)
    b.position_at_end(head)
    i = b.phi(I64)
    perturb = b.phi(I64)
    i.add_incoming(start, entry)
    perturb.add_incoming(h, entry)
    # an index of 1, 2, 4 or 8 bytes, read as 8 (the entries follow the
    # indices, so the read stays inside the keys object) and sign-extended
    raw = b.load(b.bitcast(b.gep(indices, [b.shl(i, width)]), I64.as_pointer()), align=1)
    ix = b.ashr(b.shl(raw, shift), shift)
    b.cbranch(b.icmp_signed("==", ix, I64(EMPTY_INDEX)), done, look)
    b.position_at_end(look)
    ep = b.gep(entries, [b.mul(b.select(b.icmp_signed("<", ix, I64(0)), I64(0), ix), I64(ENTRY))])
    k = _load(b, ep, 8, PTR)
    same = b.and_(b.icmp_signed(">=", ix, I64(0)), b.icmp_signed("==", _load(b, ep, 0, I64), h))
    with b.if_then(same):
        is_float = b.icmp_unsigned("==", _type_of(b, k), constant(b, float))
        with b.if_then(is_float):
            with b.if_then(b.fcmp_ordered("==", _load(b, k, FLOAT_VALUE, D), key)):
                b.branch(found)
    b.branch(step)
    b.position_at_end(step)
    next_perturb = b.lshr(perturb, I64(5))
    i.add_incoming(b.and_(b.add(b.add(b.mul(i, I64(5)), next_perturb), I64(1)), mask), step)
    perturb.add_incoming(next_perturb, step)
    b.branch(head)
    b.position_at_end(found)
    value = _load(b, ep, 16, PTR)
    b.branch(done)
    b.position_at_end(done)
    result = b.phi(PTR)
    result.add_incoming(ir.Constant(PTR, None), head)
    result.add_incoming(value, found)
    return result


def _api_get(b: ir.IRBuilder, table, key) -> tuple:
    value = b.call(_api(b.module, "PyDict_GetItemWithError"), [table, key])
    found = b.icmp_unsigned("!=", value, ir.Constant(PTR, None))
    with b.if_then(b.not_(found), likely=False):
        b.call(_api(b.module, "PyErr_Clear"), [])   # a failed hash or compare: none for float keys
    return value, found


def _scratch_key(b: ir.IRBuilder, key):
    scratch = constant(b, _SCRATCH)
    b.store(key, b.bitcast(_at(b, scratch, FLOAT_VALUE), D.as_pointer()))    # in place
    return scratch


def _load(b: ir.IRBuilder, obj, offset: int, t):
    return b.load(b.bitcast(_at(b, obj, offset), t.as_pointer()))


def _floor(b: ir.IRBuilder, x):
    return b.call(b.module.declare_intrinsic("llvm.floor", [D]), [x])


def _fabs(b: ir.IRBuilder, x):
    return b.call(b.module.declare_intrinsic("llvm.fabs", [D]), [x])


def unbox(b: ir.IRBuilder, value, t: str) -> tuple:
    """A Python value as the LLVM value of tir type t (num, bool or tab):
    (value, matches flag). A value of another type gives an unused value."""
    if t == "num":
        ok = b.icmp_unsigned("==", _type_of(b, value), constant(b, float))
        addr = b.select(ok, value, constant(b, _SCRATCH))   # never read a non-float
        return _load(b, addr, FLOAT_VALUE, D), ok
    if t == "bool":
        true = b.icmp_unsigned("==", value, constant(b, True))
        false = b.icmp_unsigned("==", value, constant(b, False))
        return true, b.or_(true, false)
    ok = b.icmp_unsigned("==", _type_of(b, value), constant(b, Table))
    return value, ok


def length(b: ir.IRBuilder, table) -> tuple:
    """#t as tier 0 computes it (Table.length, the border from its hint):
    (double, ok flag)."""
    n = b.call(_api(b.module, "PyObject_CallFunctionObjArgs"),
               [constant(b, Table.length), table, ir.Constant(PTR, None)])
    ok = b.icmp_unsigned("!=", n, ir.Constant(PTR, None))
    with b.goto_entry_block():
        result = b.alloca(D)
    b.store(D(0.0), result)
    with b.if_else(ok) as (then, otherwise):
        with then:
            b.store(b.call(_api(b.module, "PyLong_AsDouble"), [n]), result)
            b.call(_api(b.module, "Py_DecRef"), [n])
        with otherwise:
            b.call(_api(b.module, "PyErr_Clear"), [])
    return b.load(result), ok


# -- stores, and the undo log that makes an exit exact ----------------------------
#
# A region that stores into tables logs each store's old value; when it
# leaves by an exit, the log is played backwards, so that tier 0 reruns the
# entry on the tables as they were. The log keeps the old values alive until
# the region leaves (a table overwritten in its last slot stays valid for the
# pointers the region holds). It has room for LOG_SIZE stores per entry: a
# region that would store more exits instead, and tier 0 runs that entry.

LOG_SIZE = 4096
# table, key object (NULL for a number key), the number key, old value (NULL: absent)
LOG_ENTRY = ir.LiteralStructType([PTR, PTR, D, PTR])


def _meta_offset() -> int:
    """Where a Table keeps its metatable (a __slots__ member after the dict)."""
    t, mark = Table(), Table()
    t.meta = mark
    for offset in range(dict.__basicsize__, Table.__basicsize__, 8):
        if ctypes.c_void_p.from_address(id(t) + offset).value == id(mark):
            return offset
    raise RuntimeError("Table.meta not found")


META = _meta_offset()


def log(module: ir.Module):
    """The module's undo log (count, entries), made on first use."""
    n = module.globals.get("undo.n")
    if n is None:
        n = ir.GlobalVariable(module, I64, "undo.n")
        n.linkage = "internal"
        n.initializer = I64(0)
        entries = ir.GlobalVariable(module, ir.ArrayType(LOG_ENTRY, LOG_SIZE), "undo.log")
        entries.linkage = "internal"
        entries.initializer = ir.Constant(entries.value_type, None)
        _define_finish(module, n, entries)
    return n, module.globals["undo.log"]


def _define_finish(module: ir.Module, n, entries) -> None:
    """`void undo.finish(i1 keep)`: keep the stores (drop the old values),
    or put every old value back, newest first; the log is then empty."""
    fn = ir.Function(module, ir.FunctionType(ir.VoidType(), [ir.IntType(1)]), "undo.finish")
    fn.linkage = "internal"
    keep = fn.args[0]
    b = ir.IRBuilder(fn.append_basic_block("entry"))
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
    null = ir.Constant(PTR, None)
    with b.if_then(b.not_(keep)):
        is_number = b.icmp_unsigned("==", keyobj, null)
        b.store(keyobj, key_slot)
        with b.if_then(is_number):
            b.store(b.call(_api(module, "PyFloat_FromDouble"), [number]), key_slot)
        key = b.load(key_slot)
        with b.if_then(b.icmp_unsigned("!=", key, null)):
            with b.if_else(b.icmp_unsigned("==", old, null)) as (absent, present):
                with absent:
                    b.call(_api(module, "PyDict_DelItem"), [table, key])
                with present:
                    b.call(_api(module, "PyDict_SetItem"), [table, key, old])
            with b.if_then(is_number):
                b.call(_api(module, "Py_DecRef"), [key])
        b.call(_api(module, "PyErr_Clear"), [])
    with b.if_then(b.icmp_unsigned("!=", old, null)):
        b.call(_api(module, "Py_DecRef"), [old])
    j.add_incoming(k, b.block)
    b.branch(head)
    b.position_at_end(done)
    b.store(I64(0), n)
    b.ret_void()


def release(b: ir.IRBuilder, obj) -> None:
    b.call(_api(b.module, "Py_DecRef"), [obj])


def finish(b: ir.IRBuilder, keep) -> None:
    """End a root's entry: keep (an i1) its stores, or undo them."""
    b.call(b.module.globals["undo.finish"], [keep])


def box(b: ir.IRBuilder, value, t: str) -> tuple:
    """A Python object for an LLVM value of tir type t: (object, owned);
    an owned (new) reference must be released after the store."""
    if t == "num":
        return b.call(_api(b.module, "PyFloat_FromDouble"), [value]), True
    if t == "bool":
        return b.select(value, constant(b, True), constant(b, False)), False
    return value, False


def store(b: ir.IRBuilder, table, key, value) -> ir.Value:
    """t[key] = value raw, logged; value a Python object (never NULL here:
    box's failure is checked by the caller). key a double or a bytes
    object. The i1 result is false when the store must be left to tier 0:
    a NaN key, a new key in a table with a metatable (__newindex), a full
    log, a failed allocation."""
    fn = b.function
    n, entries = log(b.module)
    null = ir.Constant(PTR, None)
    number = key.type == D
    with b.goto_entry_block():
        ok = b.alloca(ir.IntType(1))
    b.store(ir.IntType(1)(0), ok)
    room = b.icmp_signed("<", b.load(n), I64(LOG_SIZE))
    if number:
        room = b.and_(room, b.fcmp_ordered("==", key, key))
    go, done = fn.append_basic_block("store"), fn.append_basic_block("stored")
    b.cbranch(room, go, done)
    b.position_at_end(go)
    old, found = get(b, table, key)
    plain = b.or_(found, b.icmp_unsigned("==", _load(b, table, META, PTR), constant(b, None)))
    with b.if_then(plain):
        keyobj = (b.call(_api(b.module, "PyFloat_FromDouble"), [key]) if number else key)
        with b.if_then(b.icmp_unsigned("!=", keyobj, null)):
            with b.if_then(found):
                b.call(_api(b.module, "Py_IncRef"), [old])
            failed = b.call(_api(b.module, "PyDict_SetItem"), [table, keyobj, value])
            with b.if_else(b.icmp_signed("==", failed, I32(0))) as (then, otherwise):
                with then:
                    count = b.load(n)
                    slot = b.gep(entries, [I32(0), count])
                    fields = (table, null if number else key, key if number else D(0.0),
                              b.select(found, old, null))
                    for f, v in enumerate(fields):
                        b.store(v, b.gep(slot, [I32(0), I32(f)]))
                    b.store(b.add(count, I64(1)), n)
                    b.store(ir.IntType(1)(1), ok)
                with otherwise:
                    b.call(_api(b.module, "PyErr_Clear"), [])
                    with b.if_then(found):
                        b.call(_api(b.module, "Py_DecRef"), [old])
            if number:
                b.call(_api(b.module, "Py_DecRef"), [keyobj])
        if number:
            with b.if_then(b.icmp_unsigned("==", keyobj, null)):
                b.call(_api(b.module, "PyErr_Clear"), [])
    b.branch(done)
    b.position_at_end(done)
    return b.load(ok)
