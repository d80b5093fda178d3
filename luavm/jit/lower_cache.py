"""The array cache: elements of a region's input tables, held natively.

A Lua table is a dict here, and `t[i]` in compiled code probes it (an index
slot, an entry, the key object, the value object: four dependent loads and
a guard on each, lower_table.py). LuaJIT reads its array part with one
load. A region that reads a table's elements over and over (a vector in a
matrix loop, a permutation being flipped) keeps here what it has read: one
entry per array index, {stamp, the number, the float object the table
holds}, found with one load and one compare.

Which tables: the inputs of the region (tir.Input of type TAB: a local,
upvalue or global read once at entry) that it reads numbers or tables from
by number keys. A table element (an array of records: `local b =
bodies[j]`) is an entry {stamp + TABLE, -, the table, -}: its own stamp, so
that a number read never takes it for a number, nor a table read a number
entry for a table. The cache stays right by writing through: every store
into a cached table updates its entry, or forgets it. That holds when every
store of the region by a key that may be a number goes through an input
slot (a store through any other expression might reach a cached table
unseen; one by a constant string key, as `b.vx = v`, changes no element),
so a region with any other store caches nothing; nor does one that makes
tables (a new table may run the garbage collector, and with it __gc code
that writes tables).

Staleness costs nothing to clear: each root entry takes a new generation,
and an entry counts only when its stamp is the current one. At the entry,
each cached slot's buffer grows to the table's size (up to LIMIT elements),
and a slot whose table is also in another slot that the region writes
through or caches is off for this entry (its usable size 0): a store
through one slot would not reach the other's entries.

A store in place logs the float's old value for an exit to put back
once per window between checkpoints (lower_undo.py marks the float).

Buffers are malloc'ed by the region's code and kept with it; compiled code
is never freed (engine.py), and neither are they, which LIMIT and the
bound on compiled code keep bounded.
"""
from __future__ import annotations

import ctypes

from llvmlite import ir

from . import tir
from .dictlayout import MA_USED
from .lower_table import D, I64, PTR, load_at, runtime, whole_of

I1 = ir.IntType(1)
LIMIT = 1 << 16                 # elements cached per slot (WIDTH bytes each)
# stamp, number, float object
ENTRY = ir.LiteralStructType([I64, D, PTR])
STAMP, NUMBER, OBJECT = 0, 1, 2
WIDTH = 24                      # bytes of an entry
TABLE = 1 << 62                 # added to the generation in a table element's stamp

# what the runtime module defines (lower_runtime.py)
RUNTIME = {"lua_cache_grow": (PTR, [PTR, I64, I64])}
LIBC = {"realloc": (PTR, [PTR, I64])}


def cached_slots(functions: list) -> tuple[int, ...]:
    """The input slots whose tables the region caches (none when a store by
    a key that may be a number goes through anything but an input, or the
    region makes tables). A store by a constant string key (`p.x = v`)
    cannot change a number element of any table."""
    nodes = [n for f in functions for n in tir.nodes(f.body)]
    if any(type(n) is tir.NewTable or (type(n) is tir.Store and type(n.obj) is not tir.Input
                                       and type(n.key) is not bytes)
           for n in nodes):
        return ()
    return tuple(sorted({n.obj.slot for n in nodes
                         if type(n) is tir.Index and n.type in (tir.NUM, tir.TAB)
                         and type(n.obj) is tir.Input and type(n.key) is not bytes}))


def stored_slots(functions: list) -> set[int]:
    """The input slots the region stores into (other stores are by constant
    string keys, which no cached entry can see: cached_slots)."""
    return {n.obj.slot for f in functions for n in tir.nodes(f.body)
            if type(n) is tir.Store and type(n.obj) is tir.Input}


class Cache:
    """The globals of one region's cache: the generation, and per cached
    slot its buffer, its allocated size and its usable size this entry."""

    def __init__(self, module: ir.Module, functions: list) -> None:
        self.slots = cached_slots(functions)
        self.stored = stored_slots(functions) if self.slots else set()
        self.gen = self._global(module, "cache.gen", I64)
        self.buf = {s: self._global(module, f"cache.buf.{s}", PTR) for s in self.slots}
        self.size = {s: self._global(module, f"cache.size.{s}", I64) for s in self.slots}
        self.cap = {s: self._global(module, f"cache.cap.{s}", I64) for s in self.slots}

    @staticmethod
    def _global(module: ir.Module, name: str, t):
        g = ir.GlobalVariable(module, t, name)
        g.linkage = "internal"
        g.initializer = ir.Constant(t, None)
        return g

    def enter(self, b: ir.IRBuilder, table) -> None:
        """At the root's entry: a new generation, buffers grown, aliased
        slots off. table(slot) is the input table of a slot."""
        if not self.slots:
            return
        b.store(b.add(b.load(self.gen), I64(1)), self.gen)
        tables = {s: table(s) for s in set(self.slots) | self.stored}
        for s in self.slots:
            t = tables[s]
            self._grow(b, s, t)
            alone = I1(1)
            for other, u in tables.items():
                if other != s:
                    alone = b.and_(alone, b.icmp_unsigned("!=", t, u))
            b.store(b.select(alone, b.load(self.size[s]), I64(0)), self.cap[s])

    def _grow(self, b: ir.IRBuilder, s: int, t) -> None:
        used = load_at(b, t, MA_USED, I64)
        size = b.load(self.size[s])
        want = b.select(b.icmp_unsigned("<", used, I64(LIMIT)), used, I64(LIMIT))
        with b.if_then(b.icmp_unsigned(">", want, size), likely=False):
            doubled = b.shl(size, I64(1))
            new = b.select(b.icmp_unsigned(">", doubled, want), doubled, want)
            new = b.select(b.icmp_unsigned("<", new, I64(LIMIT)), new, I64(LIMIT))
            buf = b.call(runtime(b.module, "lua_cache_grow", RUNTIME),
                         [b.load(self.buf[s]), size, new])
            with b.if_then(b.icmp_unsigned("!=", buf, ir.Constant(PTR, None))):
                b.store(buf, self.buf[s])
                b.store(new, self.size[s])

    def open(self, b: ir.IRBuilder, slots) -> dict:
        """At a function's entry: {slot: (generation, entries, usable size)}
        for the cached slots among slots, loaded once (they stay put for
        the whole entry of the region)."""
        wanted = [s for s in self.slots if s in slots]
        if not wanted:
            return {}
        gen = b.load(self.gen)
        return {s: (gen, b.bitcast(b.load(self.buf[s]), ENTRY.as_pointer()), b.load(self.cap[s]))
                for s in wanted}


def locate(b: ir.IRBuilder, view: tuple, key, whole=None) -> tuple:
    """The entry of a number key: (its address, whether the key has one:
    an integral key in 1..usable size). whole, when given, is (i1, i64):
    the key is integral when the i1 holds, and then the i64 is its value
    (lower.py knows both of loop indices): hot path, no floor test and no
    conversion. The address is only loaded from where held is true."""
    _, entries, cap = view
    integral, value = whole_of(b, key) if whole is None else whole
    i = b.sub(value, I64(1))
    held = b.and_(integral, b.icmp_unsigned("<", i, cap))
    return b.gep(entries, [i]), held


def test(b: ir.IRBuilder, view: tuple, entry, held, hit: ir.Block, miss: ir.Block,
         table: bool = False) -> ir.Block:
    """Branch to hit when the key has an entry (held) and it is valid, else
    to miss; the builder is left at hit. Both branches are weighed towards
    the hit, so that the hit path gets the registers and the straight line
    (misses are the first turn's). The block that tests the stamp, which
    reaches miss too, is returned."""
    look = b.function.append_basic_block("cache.look")
    b.cbranch(held, look, miss).set_weights([1000, 1])
    b.position_at_end(look)
    b.cbranch(valid(b, view, entry, table), hit, miss).set_weights([1000, 1])
    b.position_at_end(hit)
    return look


def field(b: ir.IRBuilder, entry, k: int):
    return b.gep(entry, [ir.Constant(ir.IntType(32), 0), ir.Constant(ir.IntType(32), k)])


def valid(b: ir.IRBuilder, view: tuple, entry, table: bool = False):
    """Whether an entry (one that exists) is of this entry of the region,
    and holds a number (or with table, a table)."""
    return b.icmp_unsigned("==", b.load(field(b, entry, STAMP)), _stamp(b, view, table))


def _stamp(b: ir.IRBuilder, view: tuple, table: bool):
    """The stamp of this entry of the region, a table element's or a number's."""
    return b.add(view[0], I64(TABLE)) if table else view[0]


def fill(b: ir.IRBuilder, view: tuple, entry, x, obj) -> None:
    """The table holds float obj, of value x, at the entry's key."""
    b.store(view[0], field(b, entry, STAMP))
    b.store(x, field(b, entry, NUMBER))
    b.store(obj, field(b, entry, OBJECT))


def fill_table(b: ir.IRBuilder, view: tuple, entry, obj) -> None:
    """The table holds table obj at the entry's key."""
    b.store(_stamp(b, view, True), field(b, entry, STAMP))
    b.store(obj, field(b, entry, OBJECT))


def forget(b: ir.IRBuilder, entry) -> None:
    b.store(I64(0), field(b, entry, STAMP))


def define(module: ir.Module) -> None:
    """lua_cache_grow(buffer, old size, new size): the buffer reallocated
    with the new entries zeroed (stamp 0: never valid), or NULL (the old
    one stays) when memory runs out."""
    fn = runtime(module, "lua_cache_grow", RUNTIME)
    old, size, new = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    realloc = ir.Function(module, ir.FunctionType(*LIBC["realloc"]), "realloc")
    buf = b.call(realloc, [old, b.mul(new, I64(WIDTH))])
    with b.if_then(b.icmp_unsigned("!=", buf, ir.Constant(PTR, None))):
        start = b.gep(buf, [b.mul(size, I64(WIDTH))])
        memset = module.declare_intrinsic("llvm.memset", [PTR, I64])
        b.call(memset, [start, ir.Constant(ir.IntType(8), 0),
                        b.mul(b.sub(new, size), I64(WIDTH)), I1(0)])
    b.ret(buf)


def libc_addresses() -> dict[str, int]:
    """The C library functions the runtime module calls, for the JIT linker."""
    libc = ctypes.CDLL(None)
    return {name: ctypes.cast(getattr(libc, name), ctypes.c_void_p).value for name in LIBC}
