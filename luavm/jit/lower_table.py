"""LLVM IR for table reads: native code on Lua tables (value.Table, a
dict) through CPython's C API; stores are lower_undo.py's.

Native code runs with the GIL held (site.py calls it through a ctypes
PYFUNCTYPE, which keeps it), so it may call the C API. A read returns a
borrowed reference: the table holds the value, and a store that replaces it
keeps the old one alive in the undo log until the region leaves. Every read
is guarded: a missing key (where __index may apply) or a value of another
type than the one typing speculated makes the region exit (status EXIT),
and tier 0 runs it instead.

Hot path (every array read in compiled code): an integral number key is
looked up by probing the dict's hash table natively, as CPython 3.11's
lookup does (a float's hash is its integer value there), which costs a few
loads instead of hashing and comparing through the C API. Any other key, or
a dict in another shape, goes through PyDict_GetItemWithError with one
scratch float object whose value is set in place (float keys hash and
compare by value), so a read allocates nothing.

A run of reads of one table shares its dict's header (Keys: the keys
object, where its entries start, how many are used), read once
(lower_keys.py) and kept until a call may change a dict (builder.py).
The layouts read are dictlayout.py's, checked at import (a failed check
leaves the C API path).
"""
from __future__ import annotations

import ctypes
from functools import partial
from typing import NamedTuple

from llvmlite import ir

from ..value import Table
from .dictlayout import (BORDER, BYTES_HASH, DICT_PROBE, DK_INDICES, DK_KIND,
                         DK_LOG2_INDEX_BYTES, DK_LOG2_SIZE, DK_NENTRIES, EMPTY_INDEX,
                         ENTRY, FLOAT_VALUE, GENERAL, MA_KEYS, MA_VALUES, META, OB_TYPE,
                         REFCNT)

I1 = ir.IntType(1)
I8 = ir.IntType(8)
I32 = ir.IntType(32)
I64 = ir.IntType(64)
D = ir.DoubleType()
PTR = I8.as_pointer()
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
    "PyBytes_FromStringAndSize": (PTR, [PTR, I64]),
    "PyList_Append": (I32, [PTR, PTR]),
    "PyList_SetSlice": (I32, [PTR, I64, I64, PTR]),
}

# The key object of number lookups: made here, owned here, never shared
# (and an object that is surely not NULL, for selects that must load).
SCRATCH = float.fromhex("0x0p0")

# What a module's text says where the engine puts the module's key
# (engine.py): in the names of its functions and of its symbols.
TAG = "$tag$"
OBJECT = ir.global_context.get_identified_type("PyObject")


def addresses() -> dict[str, int]:
    """Each C API function's address, for the JIT linker."""
    return {name: ctypes.cast(getattr(ctypes.pythonapi, name), ctypes.c_void_p).value
            for name in C_API}


def api(module: ir.Module, name: str) -> ir.Function:
    fn = module.globals.get(name)
    if fn is None:
        ret, params = C_API[name]
        fn = ir.Function(module, ir.FunctionType(ret, params,
                                                 var_arg=name.endswith("ObjArgs")), name)
    return fn


RUNTIME_MODULE = "lua_runtime"
# Functions compiled once per process (lower_runtime.py) that regions call.
RUNTIME = {"lua_get_num": (PTR, [PTR, D]),
           "lua_get_name": (ir.LiteralStructType([PTR, I64]), [PTR, PTR, I64])}
# Those that write nothing a region reads: loads of a table can be hoisted
# out of a loop that only reads (the scratch key and the error indicator
# they touch are read by no region).
READ_ONLY = {"lua_get_num", "lua_get_name"}


def runtime(module: ir.Module, name: str, signatures: dict = RUNTIME) -> ir.Function:
    """A function of the runtime module, declared in a region's module."""
    fn = module.globals.get(name)
    if fn is None:
        ret, params = signatures[name]
        fn = ir.Function(module, ir.FunctionType(ret, params), name)
        fn.attributes.add("nounwind")
        if name in READ_ONLY and module.name != RUNTIME_MODULE:
            fn.attributes.add("readonly")
    return fn


def constant(b: ir.IRBuilder, obj) -> ir.Value:
    """A pointer to a Python object that outlives the code (a type, a
    table kept by the region's guards, the scratch key)."""
    return bound(b, id(obj))


def bound(b: ir.IRBuilder, address: int) -> ir.Value:
    """An address that differs between processes (a Python object's, a C
    function's) as a symbol of the module, which the engine binds to it
    when it links the module: the module's text is then the same in every
    process, and its object code can be cached (codecache.py). The symbol
    has an opaque type, so that LLVM assumes nothing of what lies there."""
    symbols = bindings(b.module)
    name = symbols.get(address)
    if name is None:
        name = symbols[address] = symbol(len(symbols))
        ir.GlobalVariable(b.module, OBJECT, name)
    return b.bitcast(b.module.get_global(name), PTR)


def symbol(index: int) -> str:
    """The name of a module's index-th bound symbol (TAG: the module's key)."""
    return f"obj.{TAG}.{index}"


def bindings(module: ir.Module) -> dict[int, str]:
    """The addresses a module's symbols stand for (bound): address ->
    name, in the symbols' order (the index-th entry is symbol(index))."""
    if not hasattr(module, "bindings"):
        module.bindings = {}
    return module.bindings


def _at(b: ir.IRBuilder, obj, offset: int):
    return b.gep(obj, [I64(offset)])


def type_of(b: ir.IRBuilder, obj):
    return load_at(b, obj, OB_TYPE, PTR)


class Keys(NamedTuple):
    """What reads of one table share (read_keys): its dict's keys object,
    whether the probes read it (combined and general: an i1), where its
    entries start, and how many of them the probes may read (those used,
    or none when the probes do not read the dict)."""
    keys: ir.Value
    ok: ir.Value
    entries: ir.Value
    used: ir.Value


def read_keys(b: ir.IRBuilder, table) -> Keys:
    """A table's Keys, loaded where the builder is: they hold until a call
    that may change a dict (builder.py), so a run of reads shares them."""
    keys = load_at(b, table, MA_KEYS, PTR)
    combined = b.icmp_unsigned("==", load_at(b, table, MA_VALUES, PTR), ir.Constant(PTR, None))
    general = b.icmp_unsigned("==", load_at(b, keys, DK_KIND, I8), I8(GENERAL))
    ok = b.and_(combined, general)
    used = b.select(ok, load_at(b, keys, DK_NENTRIES, I64), I64(0))
    return Keys(keys, ok, _entries(b, keys), used)


def get(b: ir.IRBuilder, table, key, name: bytes | None = None, entry: int = -1,
        keys: Keys | None = None) -> tuple:
    """t[key] raw: (borrowed value, found flag). key is a double (a number
    key) or a pointer (a string key's bytes object: name, when it is a
    constant, and entry where typing's sample held it). keys: the table's
    Keys when the caller has them.

    Hot path: a number key is looked for inline in its first slot of the
    hash table, where an array-like table keeps it; anything else (a
    collision, a miss, another kind of dict) calls lua_get_num. A constant
    string key is looked for as the very object (value.interned makes a
    literal's key in a table that object) at its entry (_get_name)."""
    if key.type != D:
        if name is None or not DICT_PROBE:
            return _api_get(b, table, key)
        return _get_name(b, table, key, name, entry, keys or read_keys(b, table))
    slow = b.function.append_basic_block("get.call")
    done = b.function.append_basic_block("get.done")
    if DICT_PROBE:
        keys = keys or read_keys(b, table)
        first = _first_slot(b, keys, _hashable(b, keys, key, slow), key, slow)
        fast_end = b.block
        b.branch(done)
    else:
        b.branch(slow)
    b.position_at_end(slow)
    value = b.call(runtime(b.module, "lua_get_num"), [table, key])
    slow_end = b.block
    b.branch(done)
    b.position_at_end(done)
    incoming = [(first, fast_end)] if DICT_PROBE else []
    result = merge(b, PTR, *incoming, (value, slow_end))
    return result, b.icmp_unsigned("!=", result, ir.Constant(PTR, None))


def _get_name(b: ir.IRBuilder, table, key, name: bytes, entry: int, keys: Keys) -> tuple:
    """t[name] for a constant string key, looked for as the very key
    object at one entry (LuaJIT's HREFK): tables built alike (records of
    one constructor, objects of a class) hold a key at the same entry,
    wherever the hash put its slot, so a hit is one compare, with no index
    to read. First at the entry of typing's sample (a constant offset),
    then at the entry where this region last found the key; a miss of
    both calls lua_get_name, which probes and leaves the entry it found
    for the next time."""
    fn = b.function
    slow = fn.append_basic_block("get.probe")
    done = fn.append_basic_block("get.done")
    incoming = []
    if entry >= 0:
        at = fn.append_basic_block("get.at")
        other = fn.append_basic_block("get.guess")
        incoming.append((load_at(b, _look(b, keys, I64(entry), key, at, other), 16, PTR), at))
        b.branch(done)
        b.position_at_end(other)
    guess = _guess(b.module, name)
    e = b.load(guess)
    go = fn.append_basic_block("get.hit")
    incoming.append((load_at(b, _look(b, keys, e, key, go, slow), 16, PTR), go))
    b.branch(done)
    b.position_at_end(slow)
    hash(name)      # now the key object holds its hash, which differs between processes
    found = b.call(runtime(b.module, "lua_get_name"), [table, key, load_at(b, key, BYTES_HASH, I64)])
    value, ix = b.extract_value(found, 0), b.extract_value(found, 1)
    with b.if_then(b.icmp_signed(">=", ix, I64(0)), likely=True):
        b.store(ix, guess)
    present = b.icmp_unsigned("!=", value, ir.Constant(PTR, None))
    slow_end = b.block
    b.branch(done)
    b.position_at_end(done)
    found = merge(b, I1, *((I1(1), block) for _, block in incoming), (present, slow_end))
    return merge(b, PTR, *incoming, (value, slow_end)), found


def _look(b: ir.IRBuilder, keys: Keys, e, key, hit: ir.Block, miss: ir.Block):
    """Branch to hit when entry e is one the dict uses and holds the very
    object key (a live key has a value), else to miss; both branches are
    weighed towards the hit. The builder is left at hit: the entry's
    address."""
    look = b.function.append_basic_block("get.look")
    b.cbranch(b.icmp_unsigned("<", e, keys.used), look, miss).set_weights([1000, 1])
    b.position_at_end(look)
    ep = b.gep(keys.entries, [b.mul(e, I64(ENTRY))])
    b.cbranch(b.icmp_unsigned("==", load_at(b, ep, 8, PTR), key), hit, miss).set_weights([1000, 1])
    b.position_at_end(hit)
    return ep


def _guess(module: ir.Module, name: bytes):
    """The entry where the region last found key name: one guess for all
    its sites (a read and the store after it, as in `t.x = t.x + 1`, then
    read the same memory, and LLVM can merge them)."""
    symbol = "entry." + name.hex()
    guess = module.globals.get(symbol)
    if guess is None:
        guess = ir.GlobalVariable(module, I64, symbol)
        guess.linkage = "internal"
        guess.initializer = I64(0)
    return guess


def define_get_name(b: ir.IRBuilder, table, key, h) -> None:
    """`lua_get_name(table, key, hash)`: {the value or NULL, the entry
    that holds the very key object or -1}, by the whole probe; the C API
    for a dict the probe does not read, or a key of the same hash that is
    another object (an equal string made at run time)."""
    fn = b.function
    api_path = fn.append_basic_block("api")
    pair = ir.LiteralStructType([PTR, I64])

    def answer(value, ix):
        b.ret(b.insert_value(b.insert_value(ir.Constant(pair, ir.Undefined), value, 0), ix, 1))

    keys = read_keys(b, table)
    _general(b, keys, I1(DICT_PROBE), api_path)
    ep, ix, absent = _probe(b, keys, h, partial(_hash_at, h=h))
    same = fn.append_basic_block("same")
    b.cbranch(b.icmp_unsigned("==", load_at(b, ep, 8, PTR), key), same, api_path)
    b.position_at_end(same)
    answer(load_at(b, ep, 16, PTR), ix)
    b.position_at_end(absent)
    answer(ir.Constant(PTR, None), I64(-1))
    b.position_at_end(api_path)
    answer(_api_get(b, table, key)[0], I64(-1))


def _general(b: ir.IRBuilder, keys: Keys, ok, other: ir.Block) -> None:
    """Go on when the probes read the dict (combined, general) and ok too
    holds, else branch to other."""
    go = b.function.append_basic_block("probe")
    b.cbranch(b.and_(ok, keys.ok), go, other)
    b.position_at_end(go)


def _hashable(b: ir.IRBuilder, keys: Keys, key, other: ir.Block):
    """Go on when the probe applies (an integral number key, a dict the
    probes read), else branch to other: the key's hash."""
    integral, h = whole_of(b, key)
    _general(b, keys, integral, other)
    return b.select(b.icmp_signed("==", h, I64(-1)), I64(-2), h)     # hash(-1.0) is -2


def whole_of(b: ir.IRBuilder, x) -> tuple:
    """(i1: the double x is integral and below 2^53 in magnitude, its
    value as an i64 then)."""
    integral = b.and_(b.fcmp_ordered("==", _floor(b, x), x),
                      b.fcmp_ordered("<", _fabs(b, x), D(EXACT)))
    return integral, b.fptosi(b.select(integral, x, D(0.0)), I64)


def _entries(b: ir.IRBuilder, keys):
    """Where a hash table's entries start: after its indices."""
    log2_bytes = b.zext(load_at(b, keys, DK_LOG2_INDEX_BYTES, I8), I64)
    return b.gep(_at(b, keys, DK_INDICES), [b.shl(I64(1), log2_bytes)])


def _geometry(b: ir.IRBuilder, keys: Keys) -> tuple:
    """A hash table's (mask, log2 of an index's bytes, shift that
    sign-extends an index read as 8 bytes, indices, entries)."""
    log2_size = b.zext(load_at(b, keys.keys, DK_LOG2_SIZE, I8), I64)
    log2_bytes = b.zext(load_at(b, keys.keys, DK_LOG2_INDEX_BYTES, I8), I64)
    mask = b.sub(b.shl(I64(1), log2_size), I64(1))
    width = b.sub(log2_bytes, log2_size)
    shift = b.sub(I64(64), b.shl(I64(8), width))
    return mask, width, shift, _at(b, keys.keys, DK_INDICES), keys.entries


def _index(b: ir.IRBuilder, geometry, i):
    """The entry index at slot i: an index of 1, 2, 4 or 8 bytes, read as 8
    (the entries follow the indices, so the read stays inside the keys
    object) and sign-extended."""
    _, width, shift, indices, _ = geometry
    raw = b.load(b.bitcast(b.gep(indices, [b.shl(i, width)]), I64.as_pointer()), align=1)
    return b.ashr(b.shl(raw, shift), shift)


def _entry_holds(b: ir.IRBuilder, geometry, ix, h, key) -> tuple:
    """Whether entry ix (maybe negative: then no) has the float key of
    hash h: (i1, the entry's address)."""
    same, ep = _hash_at(b, geometry, ix, h)
    k = load_at(b, ep, 8, PTR)
    safe = b.select(same, k, constant(b, SCRATCH))       # never load through NULL
    is_float = b.and_(same, b.icmp_unsigned("==", type_of(b, safe), constant(b, float)))
    value = load_at(b, b.select(is_float, k, constant(b, SCRATCH)), FLOAT_VALUE, D)
    return b.and_(is_float, b.fcmp_ordered("==", value, key)), ep


def _hash_at(b: ir.IRBuilder, geometry, ix, h) -> tuple:
    """Whether entry ix (maybe negative: then no) has hash h: (i1, the
    entry's address)."""
    ep = b.gep(geometry[4], [b.mul(b.select(b.icmp_signed("<", ix, I64(0)), I64(0), ix),
                                   I64(ENTRY))])
    return b.and_(b.icmp_signed(">=", ix, I64(0)), b.icmp_signed("==", load_at(b, ep, 0, I64), h)), ep


def _first_slot(b: ir.IRBuilder, keys: Keys, h, key, other: ir.Block):
    """The value when the key is in its first slot, else branch to other."""
    geometry = _geometry(b, keys)
    ix = _index(b, geometry, b.and_(h, geometry[0]))
    hit, ep = _entry_holds(b, geometry, ix, h, key)
    go = b.function.append_basic_block("probe.hit")
    b.cbranch(hit, go, other)
    b.position_at_end(go)
    return load_at(b, ep, 16, PTR)


def define_get_num(b: ir.IRBuilder, table, key) -> None:
    """`lua_get_num(table, key)`: the value or NULL, by the whole probe, or
    the C API for a dict the probe does not read."""
    fn = b.function
    slow = fn.append_basic_block("api")
    if DICT_PROBE:
        keys = read_keys(b, table)
        h = _hashable(b, keys, key, slow)
        ep, _, absent = _probe(b, keys, h, partial(_entry_holds, h=h, key=key))
        b.ret(load_at(b, ep, 16, PTR))
        b.position_at_end(absent)
        b.ret(ir.Constant(PTR, None))
    else:
        b.branch(slow)
    b.position_at_end(slow)
    b.ret(_api_get(b, table, _scratch_key(b, key))[0])


def _probe(b: ir.IRBuilder, keys: Keys, h, holds) -> tuple:
    """CPython 3.11's lookup in a general dict's hash table for a key of
    hash h: slot after slot until holds(b, geometry, ix) says the entry is
    the one, where the builder is left: (its address, its index, the block
    reached at an empty slot instead, where the key is absent)."""
    fn = b.function
    geometry = _geometry(b, keys)
    mask = geometry[0]
    head, look, step, absent = (fn.append_basic_block(n) for n in
                                ("probe.head", "probe.look", "probe.step", "probe.absent"))
    start = b.and_(h, mask)
    entry = b.block
    b.branch(head)
    b.position_at_end(head)
    i = b.phi(I64)
    perturb = b.phi(I64)
    i.add_incoming(start, entry)
    perturb.add_incoming(h, entry)
    ix = _index(b, geometry, i)
    b.cbranch(b.icmp_signed("==", ix, I64(EMPTY_INDEX)), absent, look)
    b.position_at_end(look)
    hit, ep = holds(b, geometry, ix)
    found = fn.append_basic_block("probe.found")
    b.cbranch(hit, found, step)
    b.position_at_end(step)
    next_perturb = b.lshr(perturb, I64(5))
    i.add_incoming(b.and_(b.add(b.add(b.mul(i, I64(5)), next_perturb), I64(1)), mask), step)
    perturb.add_incoming(next_perturb, step)
    b.branch(head)
    b.position_at_end(found)
    return ep, ix, absent


def _api_get(b: ir.IRBuilder, table, key) -> tuple:
    value = b.call(api(b.module, "PyDict_GetItemWithError"), [table, key])
    found = b.icmp_unsigned("!=", value, ir.Constant(PTR, None))
    with b.if_then(b.not_(found), likely=False):
        b.call(api(b.module, "PyErr_Clear"), [])   # a failed hash or compare: none for float keys
    return value, found


def _scratch_key(b: ir.IRBuilder, key):
    scratch = constant(b, SCRATCH)
    store_at(b, scratch, FLOAT_VALUE, key)    # in place
    return scratch


def load_at(b: ir.IRBuilder, obj, offset: int, t):
    return b.load(b.bitcast(_at(b, obj, offset), t.as_pointer()))


def store_at(b: ir.IRBuilder, obj, offset: int, value) -> None:
    b.store(value, b.bitcast(_at(b, obj, offset), value.type.as_pointer()))


def merge(b: ir.IRBuilder, t, *incoming):
    """A phi of type t over (value, block) pairs."""
    phi = b.phi(t)
    for value, block in incoming:
        phi.add_incoming(value, block)
    return phi


def _floor(b: ir.IRBuilder, x):
    return b.call(b.module.declare_intrinsic("llvm.floor", [D]), [x])


def _fabs(b: ir.IRBuilder, x):
    return b.call(b.module.declare_intrinsic("llvm.fabs", [D]), [x])


def has_meta(b: ir.IRBuilder, table):
    """An i1: the table has a metatable (a missing key may then have a value)."""
    return b.icmp_unsigned("!=", load_at(b, table, META, PTR), constant(b, None))


def unbox(b: ir.IRBuilder, value, t: str) -> tuple:
    """A Python value as the LLVM value of tir type t (num, bool, tab or
    str): (value, matches flag). A value of another type gives an unused value."""
    if t == "num":
        ok = b.icmp_unsigned("==", type_of(b, value), constant(b, float))
        addr = b.select(ok, value, constant(b, SCRATCH))   # never read a non-float
        return load_at(b, addr, FLOAT_VALUE, D), ok
    if t == "bool":
        true = b.icmp_unsigned("==", value, constant(b, True))
        false = b.icmp_unsigned("==", value, constant(b, False))
        return true, b.or_(true, false)
    ok = b.icmp_unsigned("==", type_of(b, value), constant(b, Table if t == "tab" else bytes))
    return value, ok


def length(b: ir.IRBuilder, table) -> tuple:
    """#t as tier 0 computes it: (double, ok flag). Hot path (`#t` in a
    loop, `t[#t + 1] = v`): the table's hint, when t[hint + 1] is absent
    and t[hint] present (or the hint 0), as tier 0 checks it inline;
    otherwise Table.length, which walks to a border from the hint and
    leaves the hint there."""
    hinted, n, _ = _hint(b, table)
    _, after = get(b, table, b.fadd(n, D(1.0)))
    _, at = get(b, table, n)
    border = b.and_(hinted, b.and_(b.not_(after), b.or_(at, b.fcmp_ordered("==", n, D(0.0)))))
    slow, done = b.function.append_basic_block("len.call"), b.function.append_basic_block("len")
    start = b.block
    b.cbranch(border, done, slow).set_weights([1000, 1])
    b.position_at_end(slow)
    called = _call_length(b, table)
    slow_end = b.block
    b.branch(done)
    b.position_at_end(done)
    result = merge(b, D, (n, start), (called, slow_end))
    return result, b.fcmp_ordered(">=", result, D(0.0))


def _hint(b: ir.IRBuilder, table) -> tuple:
    """(i1: the hint is a float, its value, the float or else the scratch key)."""
    hint = load_at(b, table, BORDER, PTR)
    present = b.icmp_unsigned("!=", hint, ir.Constant(PTR, None))
    safe = b.select(present, hint, constant(b, SCRATCH))        # never load NULL
    is_float = b.and_(present, b.icmp_unsigned("==", type_of(b, safe), constant(b, float)))
    safe = b.select(is_float, safe, constant(b, SCRATCH))
    return is_float, b.select(is_float, load_at(b, safe, FLOAT_VALUE, D), D(0.0)), safe


def _call_length(b: ir.IRBuilder, table):
    """Table.length through the C API: the length, or -1 when it failed."""
    n = b.call(api(b.module, "PyObject_CallFunctionObjArgs"),
               [constant(b, Table.length), table, ir.Constant(PTR, None)])
    ok = b.icmp_unsigned("!=", n, ir.Constant(PTR, None))
    with b.goto_entry_block():
        result = b.alloca(D)
    b.store(D(-1.0), result)
    with b.if_else(ok) as (then, otherwise):
        with then:
            b.store(b.call(api(b.module, "PyLong_AsDouble"), [n]), result)
            b.call(api(b.module, "Py_DecRef"), [n])
        with otherwise:
            b.call(api(b.module, "PyErr_Clear"), [])
    return b.load(result)


def extend_hint(b: ir.IRBuilder, table, key, replaced) -> None:
    """After t[key] = v (v not nil, key a number) that put another object
    at key (replaced, an i1: a store in place changes no key): when key is
    the hint plus one (an append, `t[#t + 1] = v`), the hint moves to it,
    where `#` would walk to from the hint (value.Table.flen), so no `#`
    changes; written into the hint's float in place, so only when the
    table is its only holder (a float is immutable for anyone else)."""
    with b.if_then(replaced):
        is_float, n, hint = _hint(b, table)
        alone = b.icmp_signed("==", load_at(b, hint, REFCNT, I64), I64(1))
        step = b.fcmp_ordered("==", b.fadd(n, D(1.0)), key)
        with b.if_then(b.and_(is_float, b.and_(alone, step))):
            store_at(b, hint, FLOAT_VALUE, key)


def release(b: ir.IRBuilder, obj) -> None:
    b.call(api(b.module, "Py_DecRef"), [obj])


def box(b: ir.IRBuilder, value, t: str) -> tuple:
    """A Python object for an LLVM value of tir type t: (object, owned);
    an owned (new) reference must be released after the store."""
    if t == "num":
        return b.call(api(b.module, "PyFloat_FromDouble"), [value]), True
    if t == "bool":
        return b.select(value, constant(b, True), constant(b, False)), False
    return value, False
