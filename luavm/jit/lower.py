"""Lowering: typed IR (tir.py) -> an LLVM module.

Calling convention (numba's, a status code): every compiled function returns
an i32 status, 0 when it finished; a function with a result returns it
beside the status, as a pair {i32, T} (in registers: a result through
memory would put a store and a load on every call's critical path). Native
code never raises: a status other than 0 (EXIT: a guard failed inside, STACK:
deep recursion) unwinds the native frames and the dispatcher (site.py) runs
the region in tier 0 instead, which is right because compiled code has no
side effects outside its own locals but its table stores, and the root
undoes those before it leaves with an exit (lower_undo.py's log).

    i32 @root(double* io)                       the region's entry
    {i32, T} @lua_N(double* io, <params>)       a compiled Lua function (i32
                                                when it has no result)

`io` is the entry buffer: the region's inputs (typer.Region.slots) on the
way in, its results on the way out (site.py reads them): a function root
leaves its result in io[0]; a loop root leaves 1.0 in io[0] and the value in
io[1] when it returned, 0.0 when the loop ended, then its outer locals.
A loop root also keeps a checkpoint at the start of a turn, every WINDOW
turns (every turn when it calls C): the turns run so far in io[resume] and
the outer locals after it, and the undo log keeps only the stores since
(lower_undo.commit). An exit then undoes the stores since the checkpoint,
and tier 0 goes on from there (site.py).
Locals are allocas (mem2reg makes them SSA); numbers are doubles, booleans
i1, tables and strings pointers to their Python object, cdata the address
they hold (an input's address travels in io as a double, exact below 2^53),
64-bit integers i64, and nil has no storage at all. A status ERROR leaves
with a Python exception set (no memory for a new string), which the
dispatcher's ctypes call raises; stores made before it stay, as in tier 0.
No exit may follow a C call in the same turn (effects.py).
"""
from __future__ import annotations

from functools import partial

from llvmlite import ir

from . import effects, tir
from . import lower_builtins as builtins
from . import lower_cache as cache
from . import lower_string as strings
from . import lower_table as tables
from . import lower_undo as undo
from ..value import Table, fmt_number
from .builder import Builder
from .lower_keys import KnownKeys
from .typer import Nyi

D = ir.DoubleType()
I1 = ir.IntType(1)
TRUE = I1(1)                # a loop that surely counts whole steps: its integral test (surely_whole)
I32 = ir.IntType(32)
I64 = ir.IntType(64)
DP = D.as_pointer()
EXACT = 2.0 ** 53
MAX_DEPTH = 20000           # native Lua frames; beyond, tier 0 takes over
WINDOW = 64                 # turns of a loop root between two checkpoints (a power of 2)
OK, EXIT, STACK, ERROR = 0, 1, 2, 3
NULL = ir.Constant(tables.PTR, None)

LLTYPE = {tir.NUM: D, tir.BOOL: I1, tir.TAB: tables.PTR, tir.STR: tables.PTR,
          tir.CDATA: tables.PTR, tir.I64: I64, tir.U64: I64}


def lower_region(functions: list, module_name: str, triple: str, resume: int,
                 nursery: list | None, keep: list) -> ir.Module:
    """An LLVM module with the root (functions[0]) and its callees; the
    strings and tables it makes go to the nursery (None if it makes none),
    objects its code holds the address of to keep."""
    module = ir.Module(name=module_name)
    module.triple = triple
    depth = ir.GlobalVariable(module, I32, "depth")
    depth.linkage = "internal"
    depth.initializer = I32(0)
    decls = {}
    for i, f in enumerate(functions):
        if i == 0:
            fnty = ir.FunctionType(I32, [DP])
        else:
            params = [DP] + [LLTYPE[v.type] for v in f.params if v.type in LLTYPE]
            fnty = ir.FunctionType(_returns(f), params)
        decls[id(f)] = ir.Function(module, fnty, f.name)
    stores = any(type(s) in (tir.Store, tir.CStore)
                 for f in functions for s in tir.statements(f.body))
    context = Context(module, decls, depth, stores, resume, nursery, keep,
                      effects.c_callers(functions), cache.Cache(module, functions))
    for i, f in enumerate(functions):
        FunctionLowering(context, f, root=i == 0).lower()
    exiting = effects.exiting(functions, context.exits)
    for callee, line in context.calls_after_c:
        if id(callee) in exiting:
            raise Nyi("NYI: call of code that may exit after a C call", line)
    return module


def _returns(f: tir.Function) -> ir.Type:
    """A compiled function's return type: the status, paired with the
    result when it has one."""
    if f.ret in LLTYPE:
        return ir.LiteralStructType([I32, LLTYPE[f.ret]])
    return I32


class Context:
    """What the functions of one region share while they are lowered."""

    def __init__(self, module: ir.Module, decls: dict, depth, stores: bool, resume: int,
                 nursery: list, keep: list, c_callers: set, array_cache) -> None:
        self.module = module
        self.decls = decls          # id(tir.Function) -> ir.Function
        self.depth = depth          # native frames (a global of the module)
        self.stores = stores        # the region stores into tables: the root keeps an undo log
        self.resume = resume        # io slot of a loop root's checkpoint
        self.nursery = nursery      # None when the region makes no string or table
        self.keep = keep            # objects the code holds the address of
        self.c_callers = c_callers  # id() of the functions that call C (effects.py)
        self.cache = array_cache    # lower_cache.Cache: input tables' elements held natively
        self.exits: set[int] = set()            # id() of the functions with a guard
        self.calls_after_c: list = []           # (callee, line) called after a C call


class FunctionLowering:
    def __init__(self, context: Context, func: tir.Function, root: bool) -> None:
        self.context = context
        self.module = context.module
        self.decls = context.decls
        self.func = func
        self.fn = context.decls[id(func)]
        self.depth = context.depth
        self.root = root
        self.stores = context.stores
        self.slots: dict[int, ir.AllocaInstr] = {}
        self.inputs: dict[tuple, ir.Value] = {}     # (slot, type) -> its value (e_Input)
        self.exits: list[ir.Block] = []        # break targets, innermost last
        self.saved_depth = None
        self.resume = context.resume
        self.root_loop = func.body[-1] if root and func.kind == "loop" else None
        self.turns = None
        self.leave_blocks: dict[int, ir.Block] = {}     # status -> its block
        self.label_blocks: dict[int, ir.Block] = {}     # id(tir.Label) -> its block
        self.after_c = False        # a C call may have run since the last checkpoint
        # loop variable -> (its loop's i1 "counts whole steps", its value as an i64 then)
        self.integral: dict[int, tuple] = {}
        # a number local that keys a cached table -> stack slots (i1: it holds
        # an integral value below 2^53, that value as an i64): whole()
        self.shadows: dict[int, tuple] = {}
        self.reads: dict[int, tuple] = {}       # id(tir.Index) -> (value, found): read_before
        self.prev = None                        # the statement before this one in its block
        self.line = 0

    # -- structure --
    def local(self, ty: ir.Type, name: str) -> ir.AllocaInstr:
        """A stack slot of the function: in its entry block, where mem2reg
        makes it a register; anywhere else an alloca takes new stack each
        time it runs (a loop's slot in a loop would grow the stack)."""
        with self.b.goto_entry_block():
            return self.b.alloca(ty, name=name)

    def lower(self) -> None:
        entry = self.fn.append_basic_block("entry")
        b = self.b = Builder(entry)
        self.keys = KnownKeys(b)        # tables' dict headers read so far
        self.io = self.fn.args[0]
        self.io.add_attribute("noalias")     # a ctypes buffer: no table lives there
        for var in self.func.vars:
            if var.type in LLTYPE:
                self.slots[var.index] = self.local(LLTYPE[var.type], var.name)
        for index in _cache_keys(self.func.body):
            self.shadows[index] = (self.local(I1, "whole"), self.local(I64, "whole.value"))
            b.store(I1(0), self.shadows[index][0])
        if not self.root:
            self.enter_frame()
            args = iter(self.fn.args[1:])
            for var in self.func.params:
                if var.type in LLTYPE:
                    self.assign(var, next(args))
        if self.root:
            self.context.cache.enter(b, self.input_table)
        self.cached = self.context.cache.open(b, {
            n.obj.slot for n in tir.nodes(self.func.body)
            if type(n) in (tir.Index, tir.Store) and type(n.obj) is tir.Input})
        if self.root_loop is not None:
            self.turns = self.local(I64, "turns")
            b.store(I64(0), self.turns)
            self.store_io(self.resume, D(0.0))
        self.stats(self.func.body)
        if not b.block.is_terminated:
            self.fall_off()

    def enter_frame(self) -> None:
        """Count native frames: deep recursion leaves with STACK."""
        b = self.b
        d = self.saved_depth = b.load(self.depth)
        deep = b.icmp_signed(">=", d, I32(MAX_DEPTH))
        with b.if_then(deep, likely=False):
            self.ret(I32(STACK))
        b.store(b.add(d, I32(1)), self.depth)

    def leave(self, status, result=None) -> None:
        """Return status (with result, for a function that has one; any
        value when the status is not OK)."""
        b = self.b
        if self.saved_depth is not None:
            b.store(self.saved_depth, self.depth)
        if self.root and self.stores:
            # the entry's stores stay, or are undone for tier 0 to rerun it
            if isinstance(status, ir.Value):
                keep = b.or_(b.icmp_signed("==", status, I32(OK)),
                             b.icmp_signed("==", status, I32(ERROR)))
            else:
                keep = I1(status in (OK, ERROR))
            undo.finish(b, keep)
        self.ret(status if isinstance(status, ir.Value) else I32(status), result)

    def ret(self, status, result=None) -> None:
        b = self.b
        ret_type = self.fn.function_type.return_type
        if not isinstance(ret_type, ir.LiteralStructType):
            b.ret(status)
            return
        pair = b.insert_value(ir.Constant(ret_type, ir.Undefined), status, 0)
        b.ret(pair if result is None else b.insert_value(pair, result, 1))

    def fall_off(self) -> None:
        if self.root and self.func.kind == "loop":
            self.store_io(0, D(0.0))
            for k, var in enumerate(self.func.outs):
                if var.type in LLTYPE:
                    self.store_io(2 + k, self.as_double(self.load(var), var.type))
        self.leave(OK)

    def checkpoint(self) -> None:
        """At the start of a turn of the root loop, every WINDOW turns (and
        when the undo log is half full): what tier 0 needs to go on from
        here, should a later exit come. An exit undoes every store since
        (lower_undo.py) and tier 0 runs those turns again, which a region
        that calls C may not do (a C call is not undone): that one takes
        a checkpoint at every turn. Hot path: few checkpoints mean few
        entries in the undo log, which keeps one old value per float
        stored in place between two of them (lower_undo.logged)."""
        b = self.b
        turns = b.load(self.turns)
        due = b.icmp_signed("!=", turns, I64(0))
        if id(self.func) not in self.context.c_callers:
            window = b.icmp_signed("==", b.and_(turns, I64(WINDOW - 1)), I64(0))
            if self.stores:
                window = b.or_(window, undo.half_full(b))
            due = b.and_(due, window)
        with b.if_then(due):
            if self.stores:
                undo.commit(b)
            if self.context.nursery is not None:
                strings.clear(b, self.context.nursery)
            for k, var in enumerate(self.func.outs):
                if var.type in LLTYPE:
                    self.store_io(self.resume + 1 + k, self.as_double(self.load(var), var.type))
            self.store_io(self.resume, b.sitofp(turns, D))
        b.store(b.add(turns, I64(1)), self.turns)
        self.after_c = False

    def store_io(self, k: int, value) -> None:
        b = self.b
        b.store(value, b.gep(self.io, [I32(k)]))

    def as_double(self, v, t: str):
        """A value for io (a double): an address is exact below 2^53."""
        if t in tir.POINTERS:
            return self.b.uitofp(self.b.ptrtoint(v, I64), D)
        return self.b.uitofp(v, D) if t == tir.BOOL else v

    def load(self, var: tir.Var):
        slot = self.slots.get(var.index)
        return None if slot is None else self.b.load(slot)

    # -- statements --
    def stats(self, body: list) -> None:
        prev = None
        for s in body:
            if self.b.block.is_terminated and type(s) is not tir.Label:
                continue        # code after a break, return or goto, up to a label
            self.line = s.line
            self.prev = prev
            getattr(self, "s_" + type(s).__name__)(s)
            prev = s

    def label_block(self, label: tir.Label) -> ir.Block:
        block = self.label_blocks.get(id(label))
        if block is None:
            block = self.label_blocks[id(label)] = self.fn.append_basic_block(label.name)
        return block

    def s_Label(self, s: tir.Label) -> None:
        b = self.b
        block = self.label_block(s)
        if not b.block.is_terminated:
            b.branch(block)
        b.position_at_end(block)
        b.fresh()
        if id(self.func) in self.context.c_callers:
            self.after_c = True     # a goto from below may come after a C call

    def s_Goto(self, s: tir.Goto) -> None:
        self.b.branch(self.label_block(s.target))

    def s_Assign(self, s: tir.Assign) -> None:
        values = [self.expr(e) for e in s.exprs]
        wholes = [self.whole(e) if var.index in self.shadows else None
                  for var, e in zip(s.vars, s.exprs)]     # before any store: `a, b = b, a`
        for var, v, whole in zip(s.vars, values, wholes):
            self.assign(var, v, whole)

    def assign(self, var: tir.Var, v, whole: tuple | None = None) -> None:
        """var = v; whole, when known, is v as whole() gives it (for a
        number local with a shadow, which is computed here otherwise)."""
        slot = self.slots.get(var.index)
        if slot is None:
            return
        b = self.b
        b.store(v, slot)
        self.keys.forget(var)
        shadow = self.shadows.get(var.index)
        if shadow is not None:
            integral, value = whole or tables.whole_of(b, v)
            b.store(integral, shadow[0])
            b.store(value, shadow[1])

    def s_Eval(self, s: tir.Eval) -> None:
        self.expr(s.expr)

    def s_Store(self, s: tir.Store) -> None:
        b = self.b
        t = self.table(s.obj)
        key = self.key(s.key)
        view = self.cache_view(s.obj)
        if view is not None and type(s.key) is not bytes:
            replaced = self.cached_store(view, t, key, s.value, self.whole(s.key))
        elif s.value.type == tir.NUM:
            x = self.expr(s.value)
            ok, same = undo.store_number(b, t, key, x, _name(s.key), self.read_before(s),
                                         s.entry, self.keys.of(s.obj, t), self.keys.across())
            self.exit_unless(ok)
            replaced = b.not_(same)
        else:
            self.store_object(t, key, s.value)
            replaced = I1(1)
        if key.type == D:       # (a nil value has left by now)
            tables.extend_hint(b, t, key, replaced)

    def read_before(self, s: tir.Store) -> tuple | None:
        """(old value, found) of t.k for a store `t.k = v` whose v the
        statement just before computed from t.k (`t.k = t.k + d` in tir:
        a temporary, then the store), or None. That read is the store's
        old value when nothing but reads and arithmetic came after it (it
        ran, and nothing changed t since): the store probes nothing."""
        prev = self.prev
        if (type(s.key) is not bytes or type(s.obj) is not tir.Load or type(s.value) is not tir.Load
                or type(prev) is not tir.Assign or prev.vars != [s.value.var]):
            return None
        found = None
        todo = [prev.exprs[0]]
        while todo:
            e = todo.pop()
            kind = type(e)
            if kind is tir.Arith:
                todo += (e.a, e.b)
            elif kind is tir.Neg:
                todo.append(e.a)
            elif kind is tir.Index and type(e.obj) is tir.Load and type(e.key) is bytes:
                if e.key == s.key and e.obj.var is s.obj.var and id(e) in self.reads:
                    found = self.reads[id(e)]
            elif kind not in (tir.Load, tir.Const, tir.Input):
                return None     # a call, a store, a branch: t may have changed
        return found

    def store_object(self, t, key, value: tir.Expr) -> None:
        b = self.b
        obj, _ = tables.box(b, self.expr(value), value.type)     # borrowed
        if value.type == tir.TAB:     # storing nil removes the key: tier 0's
            self.exit_unless(b.icmp_unsigned("!=", obj, ir.Constant(tables.PTR, None)))
        self.exit_unless(undo.store(b, t, key, obj))

    def cached_store(self, view: tuple, t, key, value: tir.Expr, whole=None):
        """A store into a cached table by a number key, written through to
        its entry (lower_cache.py): an i1, whether the table now holds
        another object at key. Hot path: a valid entry gives the float
        object the table holds, which the store writes in place."""
        b = self.b
        entry, held = cache.locate(b, view, key, whole)
        if value.type != tir.NUM:
            self.store_object(t, key, value)
            with b.if_then(held):
                cache.forget(b, entry)
            return I1(1)
        x = self.expr(value)
        hit, miss, known = (self.fn.append_basic_block(n) for n in
                            ("cache.hit", "cache.miss", "cache.known"))
        cache.test(b, view, entry, held, hit, miss)
        obj_hit = b.load(cache.field(b, entry, cache.OBJECT))
        quiet, end = (self.fn.append_basic_block(n) for n in ("cache.quiet", "cache.stored"))
        b.cbranch(undo.logged(b, obj_hit), quiet, known)
        b.position_at_end(quiet)
        # hot path (a float already logged since the last checkpoint): in place, nothing to log
        tables.store_at(b, obj_hit, tables.FLOAT_VALUE, x)
        b.store(x, cache.field(b, entry, cache.NUMBER))
        b.branch(end)
        b.position_at_end(miss)
        obj_miss, found_miss = tables.get(b, t, key)
        miss_end = b.block
        b.branch(known)
        b.position_at_end(known)
        old = tables.merge(b, tables.PTR, (obj_hit, hit), (obj_miss, miss_end))
        found = tables.merge(b, I1, (I1(1), hit), (found_miss, miss_end))
        ok, same = undo.store_number(b, t, key, x, old=(old, found))
        self.exit_unless(ok)
        with b.if_then(held):
            with b.if_else(same) as (inplace, replaced):
                with inplace:
                    cache.fill(b, view, entry, x, old)
                with replaced:
                    cache.forget(b, entry)
        replaced = b.not_(same)
        known_end = b.block
        b.branch(end)
        b.position_at_end(end)
        return tables.merge(b, I1, (I1(0), quiet), (replaced, known_end))

    def s_If(self, s: tir.If) -> None:
        b = self.b
        if type(s.cond) is tir.Const and s.cond.value is True:
            self.stats(s.then)      # statements grouped (a multiple assignment): no branch
            return
        cond = self.expr(s.cond)
        then = self.fn.append_basic_block("then")
        other = self.fn.append_basic_block("else")
        after = self.fn.append_basic_block("endif")
        b.cbranch(cond, then, other)
        before, after_c = self.after_c, False
        for block, body in ((then, s.then), (other, s.orelse)):
            b.position_at_end(block)
            self.after_c = before
            self.stats(body)
            after_c |= self.after_c
            if not b.block.is_terminated:
                b.branch(after)
        self.after_c = after_c
        b.position_at_end(after)

    def s_Exit(self, s: tir.Exit) -> None:
        self.exit_unless(I1(0))

    def loop_head(self, loop) -> None:
        """The head of a loop runs again after its body: after a C call
        there if the body makes one."""
        if effects.calls_c(loop.body, self.context.c_callers):
            self.after_c = True

    def loop(self, name: str):
        return (self.fn.append_basic_block(f"{name}.head"),
                self.fn.append_basic_block(f"{name}.body"),
                self.fn.append_basic_block(f"{name}.exit"))

    def body(self, block: ir.Block, stats: list, exit_: ir.Block, then: ir.Block,
             loop) -> None:
        b = self.b
        b.position_at_end(block)
        if loop is self.root_loop:
            self.checkpoint()
        self.exits.append(exit_)
        self.stats(stats)
        self.exits.pop()
        if not b.block.is_terminated:
            b.branch(then)

    def s_While(self, s: tir.While) -> None:
        b = self.b
        head, body, exit_ = self.loop("while")
        self.loop_head(s)
        b.branch(head)
        b.position_at_end(head)
        b.fresh()
        b.cbranch(self.expr(s.cond), body, exit_)
        self.body(body, s.body, exit_, head, s)
        b.position_at_end(exit_)

    def s_Repeat(self, s: tir.Repeat) -> None:
        b = self.b
        body = self.fn.append_basic_block("repeat.body")
        exit_ = self.fn.append_basic_block("repeat.exit")
        b.branch(body)
        b.position_at_end(body)
        b.fresh()
        self.loop_head(s)
        if s is self.root_loop:
            self.checkpoint()
        self.exits.append(exit_)
        self.stats(s.body)
        if not b.block.is_terminated:
            b.cbranch(self.expr(s.cond), exit_, body)     # `until` sees the body's locals
        self.exits.pop()
        b.position_at_end(exit_)

    def s_NumFor(self, s: tir.NumFor) -> None:
        """Lua 5.1's loop, as tier 0 runs it (forloop.py): an integer start
        and step and a limit below 2^53 count whole steps (an i64 trip
        count); other loops add the step each turn, which past 2^53 rounds
        as Lua's does (a NaN limit runs nothing); a step >= 0 counts up."""
        b = self.b
        start, stop, step = (self.expr(e) for e in (s.start, s.stop, s.step))
        integral = self.all_true([
            self.is_integer(start), self.is_integer(step),
            b.fcmp_ordered("<", self.fabs(start), D(EXACT)),
            b.fcmp_ordered("<", self.fabs(step), D(EXACT)),
            b.fcmp_ordered("<", self.fabs(stop), D(EXACT)),
            b.fcmp_ordered("!=", step, D(0.0))])
        if self.counts_whole_steps(s):
            # hot path: the turns carry no test of which kind the loop is
            self.exit_unless(integral)
            integral = TRUE
        up = b.fcmp_ordered(">=", step, D(0.0))
        trips = self.trips(integral, up, start, stop, step)
        idx = self.local(D, "for.idx")
        k = self.local(I64, "for.k")
        b.store(start, idx)
        b.store(I64(0), k)
        head, body, exit_ = self.loop("for")
        self.loop_head(s)
        b.branch(head)
        b.position_at_end(head)
        b.fresh()
        i = b.load(idx)
        by_count = b.icmp_signed("<", b.load(k), trips)
        by_value = b.select(up, b.fcmp_ordered("<=", i, stop), b.fcmp_ordered(">=", i, stop))
        b.cbranch(b.select(integral, by_count, by_value), body, exit_)
        b.position_at_end(body)
        whole = None
        if not any(type(a) is tir.Assign and s.var in a.vars for a in tir.statements(s.body)):
            first, by = (b.fptosi(b.select(integral, x, D(0.0)), I64) for x in (start, step))
            self.integral[s.var.index] = (integral, lambda: b.add(first, b.mul(b.load(k), by)))
            whole = self.whole(tir.Load(s.var))
        self.assign(s.var, i, whole)
        step_block = self.fn.append_basic_block("for.step")
        self.body(body, s.body, exit_, step_block, s)
        self.integral.pop(s.var.index, None)
        b.position_at_end(step_block)
        b.store(b.fadd(b.load(idx), step), idx)
        b.store(b.add(b.load(k), I64(1)), k)
        b.branch(head)
        b.position_at_end(exit_)

    def counts_whole_steps(self, s: tir.NumFor) -> bool:
        """Whether a loop surely counts whole steps: a whole constant step
        and a start that is surely whole. Only a start or a limit beyond
        2^53 would not, and such a loop leaves for tier 0 (a guard, where
        one may be)."""
        return not self.after_c and self.surely_whole(s.step, nonzero=True) \
            and self.surely_whole(s.start)

    def surely_whole(self, e, nonzero: bool = False) -> bool:
        """Whether e is a whole number whatever the values: a whole constant
        below 2^53, the variable of a loop that surely counts whole steps,
        sums and differences of those."""
        kind = type(e)
        if kind is tir.Const:
            v = e.value
            return type(v) is float and v == int(v) and abs(v) < EXACT and (v != 0 or not nonzero)
        if kind is tir.Load:
            known = self.integral.get(e.var.index)
            return known is not None and known[0] is TRUE
        return kind is tir.Arith and e.op in "+-" and not nonzero \
            and self.surely_whole(e.a) and self.surely_whole(e.b)

    def trips(self, integral, up, start, stop, step):
        """The number of turns of an integral loop (its limit is below
        2^53); anything when the loop is not integral (then unused)."""
        b = self.b
        edge = b.select(up, b.call(builtins.libm(self.module, "llvm.floor", 1), [stop]),
                        b.call(builtins.libm(self.module, "llvm.ceil", 1), [stop]))
        safe = b.select(integral, edge, start)
        span = b.sub(b.fptosi(safe, I64), b.fptosi(start, I64))
        unit = b.fptosi(b.select(integral, step, D(1.0)), I64)
        n = b.add(b.sdiv(span, unit), I64(1))
        return b.select(b.icmp_signed("<", n, I64(0)), I64(0), n)

    def is_integer(self, x):
        b = self.b
        return b.fcmp_ordered("==", b.call(builtins.libm(self.module, "llvm.floor", 1), [x]), x)

    def fabs(self, x):
        return self.b.call(builtins.libm(self.module, "llvm.fabs", 1), [x])

    def all_true(self, tests: list):
        acc = tests[0]
        for t in tests[1:]:
            acc = self.b.and_(acc, t)
        return acc

    def s_Break(self, s: tir.Break) -> None:
        self.b.branch(self.exits[-1])

    def s_Return(self, s: tir.Return) -> None:
        v = self.expr(s.expr) if s.expr is not None else None
        t = s.expr.type if s.expr is not None else tir.NONE
        if self.root and t in (tir.TAB, tir.STR):
            # a reference for tier 0 (site._object takes it): the region's
            # last one may go as it leaves (a store replaced it, the nursery)
            b = self.b
            with b.if_then(b.icmp_unsigned("!=", v, NULL)):
                b.call(tables.api(self.module, "Py_IncRef"), [v])
        if self.root:
            if self.func.kind == "loop":
                self.store_io(0, D(1.0))
                if t in LLTYPE:
                    self.store_io(1, self.as_double(v, t))
            elif t in LLTYPE:
                self.store_io(0, self.as_double(v, t))
        elif t in LLTYPE:
            self.leave(OK, v)
            return
        self.leave(OK)

    # -- expressions --
    def expr(self, e):
        return getattr(self, "e_" + type(e).__name__)(e)

    def e_Const(self, e: tir.Const):
        if e.type == tir.NUM:
            return D(e.value)
        if e.type == tir.TAB or e.type == tir.STR:     # kept alive by the region
            return tables.constant(self.b, e.value)
        if e.type == tir.BOOL:
            return I1(1 if e.value else 0)
        return None

    def e_Load(self, e: tir.Load):
        return self.load(e.var)

    def e_Input(self, e: tir.Input):
        """An entry value, read from io once, in the entry block: io's input
        slots change only as the region leaves, and LLVM would read them
        again after every store it cannot tell apart from io (a table
        pointer is an integer to it), in every turn of every loop."""
        key = (e.slot, e.type)
        v = self.inputs.get(key)
        if v is None:
            with self.b.goto_entry_block():
                v = self.inputs[key] = self.read_input(e)
        return v

    def read_input(self, e: tir.Input):
        b = self.b
        v = b.load(b.gep(self.io, [I32(e.slot)]))
        if e.type in tir.POINTERS:
            return b.inttoptr(b.fptoui(v, I64), tables.PTR)
        return b.fcmp_unordered("!=", v, D(0.0)) if e.type == tir.BOOL else v

    def cache_view(self, obj: tir.Expr):
        """The array cache's view of an indexed table, None when not cached."""
        return self.cached.get(obj.slot) if type(obj) is tir.Input else None

    def input_table(self, slot: int):
        return self.e_Input(tir.Input(tir.TAB, slot, ""))

    def e_Index(self, e: tir.Index):
        b = self.b
        t = self.table(e.obj)
        view = self.cache_view(e.obj)
        if view is not None and e.type in (tir.NUM, tir.TAB) and type(e.key) is not bytes:
            return self.cached_read(view, t, self.key(e.key), self.whole(e.key), e.type)
        value, found = tables.get(b, t, self.key(e.key), _name(e.key), e.entry,
                                  self.keys.of(e.obj, t))
        self.reads[id(e)] = (value, found)
        if e.type != tir.TAB:
            self.exit_unless(found)
            result, ok = tables.unbox(b, value, e.type)
            self.exit_unless(ok)
            return result
        return self.table_or_nil(t, value, found)

    def table_or_nil(self, t, value, found):
        """A table read's result: the table, or nil where the key is absent
        and no __index can give it; anything else leaves."""
        b = self.b
        self.exit_unless(b.or_(found, b.not_(tables.has_meta(b, t))))
        null = ir.Constant(tables.PTR, None)
        safe = b.select(found, value, tables.constant(b, tables.SCRATCH))   # never load NULL
        _, ok = tables.unbox(b, safe, tir.TAB)
        self.exit_unless(b.or_(b.not_(found), ok))
        return b.select(found, value, null)

    def whole(self, e):
        """(i1, i64): when the i1 holds, a key is an integral double and
        the i64 its value, computed in integers (hot path: no conversion
        of the double); None when that is not known. Known: a loop variable
        of a loop counting whole steps, an integral constant, and sums and
        differences of two of those (below 2^54)."""
        if type(e) is tir.Load:
            known = self.integral.get(e.var.index)
            if known is not None:
                return known[0], known[1]()
            shadow = self.shadows.get(e.var.index)
            return None if shadow is None else (self.b.load(shadow[0]), self.b.load(shadow[1]))
        if type(e) is tir.Const:
            v = e.value
            return (I1(1), I64(int(v))) if type(v) is float and v == int(v) \
                and abs(v) < EXACT else None
        if type(e) is tir.Arith and e.op in "+-" and type(e.a) is not tir.Arith \
                and type(e.b) is not tir.Arith:
            a, c = self.whole(e.a), self.whole(e.b)
            if a is None or c is None:
                return None
            b = self.b
            return b.and_(a[0], c[0]), (b.add if e.op == "+" else b.sub)(a[1], c[1])
        return None

    def cached_read(self, view: tuple, t, key, whole, kind: str):
        """A read by a number key of a cached table (lower_cache.py): a
        number, or with kind TAB a table (an array of records). Hot path: a
        valid entry gives the element with no probe; otherwise the dict is
        read and guarded as e_Index does, and the entry filled."""
        b = self.b
        table = kind == tir.TAB
        entry, held = cache.locate(b, view, key, whole)
        hit, miss, done = (self.fn.append_basic_block(n) for n in
                           ("cache.hit", "cache.miss", "cache.done"))
        start = b.block
        look = cache.test(b, view, entry, held, hit, miss, table)
        hit_value = b.load(cache.field(b, entry, cache.OBJECT if table else cache.NUMBER))
        b.branch(done)
        b.position_at_end(miss)
        fill = tables.merge(b, I1, (I1(0), start), (I1(1), look))
        value, found = tables.get(b, t, key)
        if table:
            result = self.table_or_nil(t, value, found)
            with b.if_then(b.and_(fill, found)):
                cache.fill_table(b, view, entry, result)
        else:
            self.exit_unless(found)
            result, ok = tables.unbox(b, value, tir.NUM)
            self.exit_unless(ok)
            with b.if_then(fill):
                cache.fill(b, view, entry, result, value)
        miss_end = b.block
        b.branch(done)
        b.position_at_end(done)
        return tables.merge(b, tables.PTR if table else D, (hit_value, hit), (result, miss_end))

    def table(self, e):
        """A TAB operand that is indexed: nil there leaves for tier 0 (which
        raises the error), unless e cannot be nil (an input, a constant)."""
        t = self.expr(e)
        if type(e) not in (tir.Input, tir.Const):
            self.exit_unless(self.b.icmp_unsigned("!=", t, ir.Constant(tables.PTR, None)))
        return t

    def e_Has(self, e: tir.Has):
        _, found = tables.get(self.b, self.table(e.obj), self.expr(e.key))
        return found

    def e_Present(self, e: tir.Present):
        return self.b.icmp_unsigned("!=", self.expr(e.a), ir.Constant(tables.PTR, None))

    def key(self, k):
        """A table key: a number, or a constant string (the syntax tree keeps it)."""
        return tables.constant(self.b, k) if type(k) is bytes else self.expr(k)

    def e_Len(self, e: tir.Len):
        if e.obj.type == tir.STR:
            return strings.length(self.b, self.expr(e.obj))
        n, ok = tables.length(self.b, self.table(e.obj))
        self.exit_unless(ok)
        return n

    def exit_unless(self, ok) -> None:
        """A guard: leave with EXIT when ok is false, for tier 0 to run
        this code again (which it could not after a C call)."""
        if self.after_c:
            raise Nyi("NYI: guard after a C call", self.line)
        self.context.exits.add(id(self.func))
        self.leave_unless(ok, EXIT)

    def leave_unless(self, ok, status: int) -> None:
        """Leave with status when ok is false: a function has one block
        per status, which keeps the code (and the time LLVM takes over
        it) small."""
        b = self.b
        block = self.leave_blocks.get(status)
        if block is None:
            block = self.leave_blocks[status] = self.fn.append_basic_block(f"leave{status}")
            with b.aside():
                b.position_at_end(block)
                self.leave(status)
        go_on = self.fn.append_basic_block("guarded")
        b.cbranch(ok, go_on, block)
        b.position_at_end(go_on)

    def e_Arith(self, e: tir.Arith):
        b = self.b
        x, y = self.expr(e.a), self.expr(e.b)
        op = e.op
        if op == "+":
            return b.fadd(x, y)
        if op == "-":
            return b.fsub(x, y)
        if op == "*":
            return b.fmul(x, y)
        if op == "/":
            return b.fdiv(x, y)
        if op == "%":
            # Lua 5.1: a - floor(a/b)*b (nan when b is 0, inf and nan stay)
            q = b.call(builtins.libm(self.module, "llvm.floor", 1), [b.fdiv(x, y)])
            return b.fsub(x, b.fmul(q, y))
        return builtins.pow_(b, x, y)

    def e_Neg(self, e: tir.Neg):
        return self.b.fneg(self.expr(e.a))

    def e_Compare(self, e: tir.Compare):
        b = self.b
        x, y = self.expr(e.a), self.expr(e.b)
        if e.a.type == tir.BOOL:
            return b.icmp_unsigned("==" if e.op == "==" else "!=", x, y)
        if e.a.type == tir.STR:
            same = strings.equal(b, x, y)
            return same if e.op == "==" else b.not_(same)
        if e.op == "~=":
            return b.fcmp_unordered("!=", x, y)
        return b.fcmp_ordered("==" if e.op == "==" else e.op, x, y)

    def e_Not(self, e: tir.Not):
        return self.b.not_(self.expr(e.a))

    def e_Seq(self, e: tir.Seq):
        self.expr(e.first)
        return self.expr(e.then)

    def e_After(self, e: tir.After):
        v = self.expr(e.value)
        self.expr(e.effect)
        return v

    def e_Logic(self, e: tir.Logic):
        # a and b: b only when a is true; a or b: b only when a is false
        if e.op == "and":
            return self.choose(e.a, lambda: self.expr(e.b), lambda: I1(0))
        return self.choose(e.a, lambda: I1(1), lambda: self.expr(e.b))

    def e_Select(self, e: tir.Select):
        return self.choose(e.cond, lambda: self.expr(e.a), lambda: self.expr(e.b))

    def choose(self, cond, if_true, if_false):
        """A value computed on one of two branches (each may call); cond a
        tir.Expr, or an i1 already computed."""
        b = self.b
        c = cond if isinstance(cond, ir.Value) else self.expr(cond)
        yes = self.fn.append_basic_block("yes")
        no = self.fn.append_basic_block("no")
        join = self.fn.append_basic_block("join")
        b.cbranch(c, yes, no)
        results = []
        before, after_c = self.after_c, False
        for block, make in ((yes, if_true), (no, if_false)):
            b.position_at_end(block)
            self.after_c = before
            v = make()
            after_c |= self.after_c
            results.append((v, b.block))
            b.branch(join)
        self.after_c = after_c
        b.position_at_end(join)
        phi = b.phi(results[0][0].type)
        for v, block in results:
            phi.add_incoming(v, block)
        return phi

    def e_Intrinsic(self, e: tir.Intrinsic):
        return builtins.lower(self.b, e.name, [self.expr(a) for a in e.args])

    def e_CCall(self, e: tir.CCall):
        from . import lower_ffi     # the ffi's C types: loaded by regions that call C
        args = [self.expr(a) for a in e.args]
        result = lower_ffi.call(self.b, e, args)
        self.after_c = True
        return result

    def element(self, e: tir.CIndex):
        """The address of a cdata element; an array's index is checked
        (tier 0 raises the error)."""
        from . import lower_ffi
        b = self.b
        ptr = self.expr(e.ptr)
        k = lower_ffi.to_i64(b, self.expr(e.key))
        if type(e.key) is tir.Const and type(e.length) is tir.Const:
            if not 0 <= e.key.value < e.length.value:
                self.exit_unless(I1(0))
        elif e.length is not None:
            n = b.fptosi(self.expr(e.length), I64)
            self.exit_unless(b.and_(b.icmp_signed(">=", k, I64(0)), b.icmp_signed("<", k, n)))
        return lower_ffi.element(b, ptr, k, e.ptr_type.elem)

    def e_CIndex(self, e: tir.CIndex):
        from . import lower_ffi
        return lower_ffi.from_c(self.b, self.b.load(self.element(e)), e.ptr_type.elem)

    def s_CStore(self, s: tir.CStore):
        from . import lower_ffi
        address = self.element(s.target)
        value = lower_ffi.to_c(self.b, self.expr(s.value), s.value.type, s.target.ptr_type.elem)
        self.exit_unless(undo.store_c(self.b, address, value))

    def e_PtrAdd(self, e: tir.PtrAdd):
        from . import lower_ffi
        b = self.b
        k = lower_ffi.to_i64(b, self.expr(e.n))
        if e.sign < 0:
            k = b.neg(k)
        return b.bitcast(lower_ffi.element(b, self.expr(e.ptr), k, e.ctype.elem), tables.PTR)

    def e_ToNumber(self, e: tir.ToNumber):
        from . import lower_ffi
        return lower_ffi.to_number(self.b, self.expr(e.a), e.a.type)

    def e_NewTable(self, e: tir.NewTable):
        """A table constructor: Table() owned by the nursery, then each
        item stored (a nil table value stores nothing)."""
        b = self.b
        t, made = strings.keep(b, b.call(tables.api(self.module, "PyObject_CallFunctionObjArgs"),
                                         [tables.constant(b, Table), NULL]),
                               self.context.nursery)
        self.leave_unless(made, ERROR)
        for key, item in zip(e.keys, e.values):
            v = self.expr(item)
            if key is None:
                continue
            obj, owned = tables.box(b, v, item.type)
            if owned:
                self.leave_unless(b.icmp_unsigned("!=", obj, NULL), ERROR)
            keyobj = tables.constant(b, key if type(key) is bytes else self.constant_key(key))
            if item.type == tir.TAB and type(item) is not tir.NewTable:
                # a table read may give nil: then nothing is stored
                self.choose(b.icmp_unsigned("!=", obj, NULL),
                            partial(self.set_item, t, keyobj, obj, owned), lambda: I1(1))
            else:
                self.set_item(t, keyobj, obj, owned)
        return t

    def set_item(self, t, key, obj, owned: bool):
        """t[key] = obj in a new table (an error leaves with it set)."""
        b = self.b
        stored = b.icmp_signed("==", b.call(tables.api(self.module, "PyDict_SetItem"),
                                            [t, key, obj]), I32(0))
        if owned:
            tables.release(b, obj)
        self.leave_unless(stored, ERROR)
        return I1(1)

    def e_SetMeta(self, e: tir.SetMeta):
        b = self.b
        t = self.expr(e.obj)
        slot = b.bitcast(b.gep(t, [I64(tables.META)]), tables.PTR.as_pointer())
        old = b.load(slot)
        meta = self.expr(e.meta)
        b.call(tables.api(self.module, "Py_IncRef"), [meta])
        b.store(meta, slot)
        tables.release(b, old)          # None, which the new table held
        return t

    def constant_key(self, k: float) -> float:
        """A float key object the code holds for good (the region keeps it)."""
        key = float(k)
        self.context.keep.append(key)
        return key

    def e_StrSub(self, e: tir.StrSub):
        b = self.b
        s = self.expr(e.s)
        start = strings.index_arg(b, self.expr(e.i))
        stop = I64(-1) if e.j is None else strings.index_arg(b, self.expr(e.j))
        lo, hi = strings.slice_bounds(b, strings.size(b, s), start, stop)
        result, made = strings.substring(b, s, lo, hi, self.context.nursery)
        self.leave_unless(made, ERROR)
        return result

    def e_StrByte(self, e: tir.StrByte):
        b = self.b
        s = self.expr(e.s)
        start = I64(1) if e.i is None else strings.index_arg(b, self.expr(e.i))
        lo, hi = strings.slice_bounds(b, strings.size(b, s), start, start)
        self.exit_unless(b.icmp_signed("<", lo, hi))     # no value: tier 0's
        byte = b.load(b.gep(strings.data(b, s), [lo]))
        return b.uitofp(byte, D)

    def e_Concat(self, e: tir.Concat):
        """Numbers read as tostring gives them (value.fmt_number, called
        through the C API); the strings they make go to the nursery too."""
        b = self.b
        nursery = self.context.nursery
        parts = []
        for p in e.parts:
            v = self.expr(p)
            if p.type == tir.NUM:
                boxed, _ = tables.box(b, v, tir.NUM)
                self.leave_unless(b.icmp_unsigned("!=", boxed, NULL), ERROR)
                text = b.call(tables.api(self.module, "PyObject_CallFunctionObjArgs"),
                              [tables.constant(b, fmt_number), boxed, NULL])
                tables.release(b, boxed)
                v, made = strings.keep(b, text, nursery)
                self.leave_unless(made, ERROR)
            parts.append(v)
        s, made = strings.concat(b, parts, nursery)
        self.leave_unless(made, ERROR)
        return s

    def e_CString(self, e: tir.CString):
        """ffi.string: a pointer must not be NULL (tier 0 raises that
        error); a length below 0 takes no bytes, as in tier 0."""
        b = self.b
        from ..ffi.ctype import PTR
        ptr = self.expr(e.ptr)
        if e.ptr.ctype.kind == PTR and not _in_array(e.ptr):
            self.exit_unless(b.icmp_unsigned("!=", ptr, ir.Constant(tables.PTR, None)))
        if e.n is None:
            n = strings.c_length(b, ptr)
        else:
            n = self.expr(e.n)
            if e.n.type == tir.NUM:
                positive = b.fcmp_ordered(">", n, D(0.0))
                n = b.fptosi(b.select(positive, n, D(0.0)), I64)
            elif e.n.type == tir.I64:
                n = b.select(b.icmp_signed(">", n, I64(0)), n, I64(0))
        s, made = strings.new(b, ptr, n, self.context.nursery)
        self.leave_unless(made, ERROR)
        return s

    def e_Guard(self, e: tir.Guard):
        self.exit_unless(self.expr(e.cond))

    def e_HoldsMethod(self, e: tir.HoldsMethod):
        b = self.b
        t = self.table(e.obj)
        value, found = tables.get(b, t, tables.constant(b, e.name), e.name)
        if e.meta is None:
            return b.icmp_unsigned("==", value, tables.constant(b, e.method))
        meta = tables.load_at(b, t, tables.META, tables.PTR)
        return b.and_(b.not_(found), b.icmp_unsigned("==", meta, tables.constant(b, e.meta)))

    def e_Call(self, e: tir.Call):
        b = self.b
        callee = self.decls[id(e.func)]
        if self.after_c:
            self.context.calls_after_c.append((e.func, self.line))
        args = [self.io]
        for a in e.args:
            v = self.expr(a)
            if v is not None:
                args.append(v)
        status = result = b.call(callee, args)
        if e.func.ret in LLTYPE:
            status = b.extract_value(result, 0)
        failed = b.icmp_signed("!=", status, I32(OK))
        with b.if_then(failed, likely=False):
            self.leave(status)
        if id(e.func) in self.context.c_callers:
            self.after_c = True
        return b.extract_value(result, 1) if e.func.ret in LLTYPE else None


def _cache_keys(body: list) -> set[int]:
    """The number locals that key reads and stores of input tables (the
    array cache's), alone or plus or minus something: their shadows keep
    them as integers (FunctionLowering.whole)."""
    found = set()
    for n in tir.nodes(body):
        if type(n) in (tir.Index, tir.Store) and type(n.obj) is tir.Input:
            key = n.key
            terms = (key.a, key.b) if type(key) is tir.Arith and key.op in "+-" else (key,)
            found.update(t.var.index for t in terms
                         if type(t) is tir.Load and t.var.type == tir.NUM)
    return found


def _name(key) -> bytes | None:
    """A constant string key (tir keeps it as bytes), else None."""
    return key if type(key) is bytes else None


def _in_array(e) -> bool:
    """Whether a cdata pointer points into an array (so it is not NULL)."""
    from ..ffi.ctype import ARRAY
    if type(e) is tir.PtrAdd:
        return _in_array(e.ptr)
    return e.ctype.kind == ARRAY
