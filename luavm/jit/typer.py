"""Typing: a region's syntax tree and its entry values -> typed IR (tir.py).

The values a region meets at its entry decide its types: a local holding a
number there is a double for the whole region, one holding a function is
that very function (a constant, so its call is a direct native call). What
the region reads from outside (upvalues, globals, fields of library tables)
is read once at entry: compiled code changes no global or upvalue, and no
field it reads at entry (typing refuses such a store), so nothing can change
them while it runs. Each such read is an *input*, with a
guard the dispatcher checks before entering (site.py): a type for numbers,
booleans and the tables held by locals and upvalues, which travel in the
entry buffer, an identity for functions and for the tables of globals and
fields, which are compiled in.

Tables are read while the region runs (tir.Index). What a read gives is
speculated from a *sample*: the table a local held at entry, and the value
at one of its keys; the read checks it and exits when it does not hold. A
read speculated to give a table may also give nil (an absent key of a
table without a metatable), as in `local left = node[1] if left then`.

Whatever does not fit raises Nyi with LuaJIT's kind of reason.
"""
from __future__ import annotations

import itertools

from .. import ast
from ..codeinfo import CODEINFO
from ..value import Table
from . import tir
from .intrinsics import INTRINSICS, arity
from .region import Site, _assigned

NUM, BOOL, NIL, TAB, NONE = tir.NUM, tir.BOOL, tir.NIL, tir.TAB, tir.NONE
TYPES = {float: NUM, bool: BOOL, type(None): NIL}
MAX_FUNCTIONS = 64          # compiled functions in one region
_INDEX = b"__index"


class Nyi(Exception):
    """A region cannot be compiled: reason ("NYI: ..." text) and Lua line."""

    def __init__(self, reason: str, line: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class Unseen(Nyi):
    """A region cannot be typed from these entry values (a table read gave
    nil, so the type of what it holds is unknown); others may do."""


class Known:
    """A function or table compiled in as a constant (guarded by identity),
    and the reader that found it (a field of it is read through that)."""
    __slots__ = ("value", "reader")

    def __init__(self, value, reader: "Reader") -> None:
        self.value = value
        self.reader = reader


# -- how the dispatcher reads an input at entry ------------------------------------

class Reader:
    """Base of the readers below: each has `read(args, env)`, which reads
    one value at entry from the arguments tier 0 hands over and the
    environment; `key` identifies the read, so each is made once."""
    __slots__ = ("key", "what")


class ArgReader(Reader):
    __slots__ = ("i",)

    def __init__(self, i: int, name: str) -> None:
        self.i, self.key, self.what = i, ("arg", i), name

    def read(self, args, env):
        return args[self.i]


class EnvReader(Reader):
    """The environment table: the root's (handed over) or a callee's (G)."""
    __slots__ = ("func",)

    def __init__(self, func) -> None:
        self.func = func
        self.key = ("env", id(func))
        self.what = "_ENV"

    def read(self, args, env):
        if self.func is None:
            return env
        return (self.func.__kwdefaults__ or {}).get("G")


class FieldReader(Reader):
    """t[key] without side effects: a missing key follows __index tables,
    never a function (Unpure makes the entry fail instead)."""
    __slots__ = ("base", "name")

    def __init__(self, base: Reader, name: bytes, what: str) -> None:
        self.base, self.name = base, name
        self.key = ("field", base.key, name)
        self.what = what

    def read(self, args, env):
        return pure_get(self.base.read(args, env), self.name)


class UpvalueReader(Reader):
    """An upvalue of a callee closure: a closure cell, or a one-slot box."""
    __slots__ = ("func", "pyname", "boxed")

    def __init__(self, func, pyname: str, boxed: bool, what: str) -> None:
        self.func, self.pyname, self.boxed = func, pyname, boxed
        self.key = ("upvalue", id(func), pyname)
        self.what = what

    def read(self, args, env):
        f = self.func
        if self.boxed:
            return f.__kwdefaults__[self.pyname][0]
        return f.__closure__[f.__code__.co_freevars.index(self.pyname)].cell_contents


class Unpure(Exception):
    """Reading a value at entry would run Lua code (an __index function)."""


def pure_get(t, key):
    for _ in range(100):
        if t.__class__ is not Table:
            raise Unpure
        v = t.get(key)
        if v is not None or t.meta is None:
            return v
        h = t.meta.get(_INDEX)
        if h is None:
            return None
        t = h
    raise Unpure


# -- the typer -----------------------------------------------------------------

class Region:
    """The typed region: its functions (the root first), and its inputs."""

    def __init__(self, args: tuple, env) -> None:
        self.args = args                                 # what tier 0 handed over
        self.env = env                                   # the root's environment
        self.functions: list[tir.Function] = []
        self.guards: list[tuple[Reader, object]] = []   # (reader, type or Known)
        self.slots: list[Reader] = []                    # entry buffer, in order
        self.memo: dict = {}                             # reader key -> Expr or Known
        self.callees: dict = {}                          # (id(func), arg types) -> Function
        self.samples: dict = {}                          # id(TAB Expr or Var) -> a Table
        self.tab_readers: dict = {}                      # id(TAB Input) -> its Reader
        self.stored_names: set = set()                   # constant keys the region stores
        self.off_code = frozenset()                      # id(code) switched off by jit.off(f)


def type_region(site: Site, args: tuple, env, name: str, off_code=frozenset()) -> Region:
    """The typed IR of a site for the values tier 0 handed over; functions
    whose code is in off_code (jit.off(f)) are not compiled into it."""
    region = Region(args, env)
    region.off_code = off_code
    root = tir.Function(name, _where(site.chunkname, site.line), site.kind)
    region.functions.append(root)
    ft = FuncTyper(region, root, site.func, site.res, site.chunkname, None, site.node)
    ft.bind_root(site, args, env)
    if site.kind == "function":
        ft.function_body(site.node.body, site.node)
    else:
        ft.loop_root(site, args)
    read = {key[2] for key in region.memo if key[0] == "field"}
    if region.stored_names & read:
        # a field read once at entry would not see the region's own store
        raise Nyi("NYI: store to a field read at entry", site.line)
    return region


def _where(chunkname: str, line: int) -> str:
    return f"{chunkname}:{line}"


class FuncTyper:
    """Types one compiled function (the root, or a callee)."""

    def __init__(self, region: Region, out: tir.Function, node: ast.Function, res,
                 chunkname: str, closure, region_node) -> None:
        self.region = region
        self.out = out
        self.node = node            # the Lua function whose code this is
        self.res = res
        self.chunkname = chunkname
        self.closure = closure      # a callee's Python function (None for the root)
        self.env: dict[int, object] = {}     # id(scope.Var) -> tir.Var, Known or Expr
        self.assigned = _assigned(region_node.body if type(region_node) is ast.Function
                                  else [region_node], res)
        self.loops = 0
        self.line = node.line
        self.initial: list = []         # (slot, entry value) of assigned inputs
        self.outs_wanted: list = []     # a loop root's outer locals handed back

    # -- entry values --
    def input(self, reader: Reader, line: int):
        """The Expr (or Known) for a value read at entry, guarded."""
        memo = self.region.memo
        if reader.key in memo:
            return memo[reader.key]
        try:
            value = reader.read(self.region.args, self.region.env)
        except Unpure:
            raise Nyi(f"NYI: {reader.what} read through an __index function", line) from None
        except (AttributeError, KeyError, ValueError, IndexError):
            raise Nyi(f"NYI: {reader.what} cannot be read", line) from None
        t = TYPES.get(value.__class__)
        if value.__class__ is Table and type(reader) in (ArgReader, UpvalueReader):
            # a local's table is data: passed in, so one compile serves any table
            self.region.guards.append((reader, Table))
            result = tir.Input(TAB, len(self.region.slots), reader.what)
            self.region.slots.append(reader)
            self.region.samples[id(result)] = value
            self.region.tab_readers[id(result)] = reader
        elif t is None:
            if value.__class__ is Table or _lua_function(value) or id(value) in INTRINSICS:
                result = Known(value, reader)
                self.region.guards.append((reader, result))
            elif callable(value):
                raise Nyi(f"NYI: builtin function in {reader.what}", line)
            else:
                raise Nyi(f"NYI: {_type_name(value)} value in {reader.what}", line)
        else:
            self.region.guards.append((reader, value.__class__))
            if t == NIL:
                result = tir.Const(NIL, None)
            else:
                result = tir.Input(t, len(self.region.slots), reader.what)
                self.region.slots.append(reader)
        memo[reader.key] = result
        return result

    def bind_root(self, site: Site, args: tuple, env) -> None:
        self.outs_wanted = site.outs
        first = 3 if type(site.node) is ast.NumFor else 0
        for i, var in enumerate(site.vars):
            self.bind_entry(var, ArgReader(first + i, _var_what(var, site.func)))

    def bind_entry(self, var, reader: Reader) -> None:
        """A local of the root, or a callee's upvalue: an input; a slot of
        its own when the region assigns it."""
        value = self.input(reader, self.line)
        if id(var) not in self.assigned:
            self.env[id(var)] = value
            return
        if type(value) is Known:
            raise Nyi(f"NYI: assignment to {reader.what} holding a {_type_name(value.value)}",
                      self.line)
        slot = self.out.new_var(var.name, value.type)
        self.keep_sample(slot, value)
        if var in self.outs_wanted:
            if slot.type == TAB:
                raise Nyi(f"NYI: table in {reader.what} handed back", self.line)
            self.out.outs.append(slot)
        self.out.params.append(slot)
        self.env[id(var)] = slot
        self.initial.append((slot, value))

    # -- roots --
    def function_body(self, body: list, node: ast.Function) -> None:
        self.out.body = self.initials() + self.block(body)
        if not _ends_in_return(body):
            self.set_ret(NONE, node.end_line or node.line)
        if self.out.ret is None:
            self.out.ret = NONE
        if self.out.assumed is not None and self.out.ret != self.out.assumed:
            raise Nyi(f"NYI: recursive call of a function returning {self.out.ret}", node.line)

    def initials(self) -> list:
        return [tir.Assign([v], [e], self.line) for v, e in self.initial]

    def loop_root(self, site: Site, args: tuple) -> None:
        loop = site.node
        self.loops += 1
        if type(loop) is ast.NumFor:
            var = self.res.decls[id(loop)][0]
            state = [self.input(ArgReader(i, w), loop.line)
                     for i, w in enumerate(("for index", "for limit", "for step"))]
            if any(type(e) is Known or e.type != NUM for e in state):
                raise Nyi("NYI: non-number for loop", loop.line)
            counter = self.declare(var, NUM)
            stat = tir.NumFor(counter, state[0], state[1], state[2], self.block(loop.body),
                              loop.line)
        else:
            stat = self.statement(loop)
        self.out.body = self.initials() + [stat]
        if self.out.ret is None:
            self.out.ret = NONE if site.has_return else None

    # -- blocks and statements --
    def block(self, stats: list) -> list:
        out = []
        for s in stats:
            self.line = s.line
            out.append(self.statement(s))
        return out

    def statement(self, s):
        cls = type(s)
        line = s.line
        if cls is ast.Local:
            values = self.values(s.exprs, len(s.names), line)
            vars_ = []
            for var, v in zip(self.res.decls[id(s)], values):
                if type(v) is Known:
                    if id(var) in self.assigned:
                        raise Nyi(f"NYI: local '{var.name}' holding a {_type_name(v.value)} "
                                  "is reassigned", line)
                    self.env[id(var)] = v
                    continue
                slot = self.declare(var, v.type)
                self.keep_sample(slot, v)
                vars_.append((slot, v))
            return tir.Assign([v for v, _ in vars_], [e for _, e in vars_], line)
        if cls is ast.Assign and any(type(t) is ast.Index for t in s.targets):
            return self.stores(s, line)
        if cls is ast.Assign:
            targets = [self.target(t, line) for t in s.targets]
            values = self.values(s.exprs, len(targets), line)
            for t, v, node in zip(targets, values, s.targets):
                if type(v) is Known or v.type != t.type:
                    raise Nyi(f"NYI: '{node.name}' changes type ({t.type} to "
                              f"{_type_of(v)})", line)
            return tir.Assign(targets, values, line)
        if cls is ast.CallStat:
            e = self.expr(s.call)
            return tir.Eval(e, line)
        if cls is ast.Do:
            return tir.If(tir.Const(BOOL, True), self.block(s.body), [], line)
        if cls is ast.If:
            return self.if_chain(s.tests, s.orelse, line)
        if cls is ast.While:
            cond = self.cond(s.cond)
            return tir.While(cond, self.loop_block(s.body), line)
        if cls is ast.Repeat:
            self.loops += 1
            body = self.block(s.body)
            cond = self.cond(s.cond)
            self.loops -= 1
            return tir.Repeat(body, cond, line)
        if cls is ast.NumFor:
            parts = [self.expr(s.start), self.expr(s.stop),
                     self.expr(s.step) if s.step is not None else tir.Const(NUM, 1.0)]
            if any(type(p) is Known or p.type != NUM for p in parts):
                raise Nyi("NYI: non-number for loop", line)
            var = self.declare(self.res.decls[id(s)][0], NUM)
            return tir.NumFor(var, parts[0], parts[1], parts[2], self.loop_block(s.body), line)
        if cls is ast.Break:
            return tir.Break(line)
        if cls is ast.Return:
            if len(s.exprs) > 1:
                raise Nyi("NYI: multiple results", line)
            e = self.expr(s.exprs[0]) if s.exprs else None
            if type(e) is Known:
                raise Nyi(f"NYI: return of a {_type_name(e.value)}", line)
            self.set_ret(e.type if e is not None else NONE, line)
            return tir.Return(e, line)
        raise Nyi(f"NYI: {cls.__name__} statement", line)

    def loop_block(self, body: list) -> list:
        self.loops += 1
        out = self.block(body)
        self.loops -= 1
        return out

    def if_chain(self, tests: list, orelse, line: int):
        cond, body = tests[0]
        rest = self.if_chain(tests[1:], orelse, line) if len(tests) > 1 else None
        then = self.block(body)
        other = [rest] if rest is not None else (self.block(orelse) if orelse else [])
        return tir.If(self.cond(cond), then, other, line)

    def set_ret(self, t: str, line: int) -> None:
        if t == TAB:
            raise Nyi("NYI: return of a table", line)
        have = self.out.ret
        if have is not None and have != t:
            raise Nyi(f"NYI: returns of different types ({have} and {t})", line)
        self.out.ret = t

    def declare(self, var, t: str) -> tir.Var:
        slot = self.out.new_var(var.name, t)
        self.env[id(var)] = slot
        return slot

    # -- tables --
    def keep_sample(self, slot: tir.Var, e) -> None:
        """A table local's sample is that of the value it starts with."""
        if slot.type == TAB:
            self.region.samples[id(slot)] = self.sample(e)

    def sample(self, e) -> Table | None:
        """The table a TAB expression held when the region was typed
        (None when none was seen)."""
        cls = type(e)
        if cls is tir.Const:
            return e.value
        if cls is tir.Load:
            return self.region.samples.get(id(e.var))
        if cls is tir.Seq:
            return self.sample(e.then)
        if cls is tir.After:
            return self.sample(e.value)
        if cls is tir.Select:
            first = self.sample(e.a)
            return first if first is not None else self.sample(e.b)
        return self.region.samples.get(id(e))

    def seen(self, t, line: int) -> Table:
        """The sample of a table that is indexed: reads are typed from it."""
        sample = self.sample(t)
        if sample is None:
            raise Unseen("NYI: index of a table never seen", line)
        return sample

    def table(self, e, line: int):
        """e as a TAB expression: a Known table is a constant."""
        if type(e) is Known and e.value.__class__ is Table:
            return tir.Const(TAB, e.value)
        if type(e) is not Known and e.type == TAB:
            return e
        raise Nyi(f"NYI: index of a {_type_of(e)} value", line)

    def stores(self, s, line: int):
        """An assignment with table targets, as tier 0 runs it: every value
        first, then each target in order (a table store is raw: a number or
        constant string key, a number, boolean or table value)."""
        values = self.values(s.exprs, len(s.targets), line)
        temps, out = [], []
        for v in values:
            if type(v) is Known:
                raise Nyi(f"NYI: table store of a {_type_of(v)} value", line)
            temp = self.out.new_var("(value)", v.type)
            self.keep_sample(temp, v)
            temps.append(temp)
        out.append(tir.Assign(temps, values, line))
        for target, temp in zip(s.targets, temps):
            if type(target) is ast.Name:
                var = self.target(target, line)
                if var.type != temp.type:
                    raise Nyi(f"NYI: '{target.name}' changes type ({var.type} to "
                              f"{temp.type})", line)
                out.append(tir.Assign([var], [tir.Load(temp)], line))
                continue
            t = self.table(self.expr(target.obj), line)
            if type(target.key) is ast.String:
                key = target.key.value
                self.region.stored_names.add(key)
            else:
                key = self.number_key(target.key, line)
            if temp.type not in (NUM, BOOL, TAB):
                raise Nyi(f"NYI: table store of a {temp.type} value", line)
            out.append(tir.Store(t, key, tir.Load(temp), line))
        return tir.If(tir.Const(BOOL, True), out, [], line)

    def number_key(self, e, line: int):
        key = self.expr(e)
        if _type_of(key) != NUM:
            raise Nyi(f"NYI: table key of type {_type_of(key)}", line)
        return key

    def index(self, t, key, sample, what: str, line: int):
        """A native read t[key] typed from a sample of its value."""
        if sample is None:
            raise Unseen(f"NYI: {what} is nil", line)
        k = sample.__class__
        if k is float:
            return tir.Index(NUM, t, key)
        if k is bool:
            return tir.Index(BOOL, t, key)
        if k is Table:
            e = tir.Index(TAB, t, key)
            self.region.samples[id(e)] = sample
            return e
        raise Nyi(f"NYI: {_type_name(sample)} value in {what}", line)

    def target(self, t, line: int) -> tir.Var:
        if type(t) is not ast.Name:
            raise Nyi("NYI: table store", line)
        var = self.res.names.get(id(t))
        b = self.env.get(id(var)) if var is not None else None
        if type(b) is not tir.Var:
            raise Nyi(f"NYI: assignment to '{t.name}'", line)
        return b

    def values(self, exprs: list, n: int, line: int) -> list:
        """Lua's adjustment: n values (nil pads); extra ones are evaluated."""
        vals = [self.expr(e) for e in exprs]
        while len(vals) < n:
            vals.append(tir.Const(NIL, None))
        extra, vals = vals[n:], vals[:n]
        for e in extra:
            if type(e) is Known or type(e) is tir.Const:
                continue
            if type(vals[-1]) is Known:     # no value to attach the call to
                raise Nyi("NYI: extra call beside a function value", line)
            # evaluated after the last value, as tier 0 does: it may store
            vals[-1] = tir.After(vals[-1], e)
        return vals

    # -- expressions --
    def cond(self, e) -> tir.Expr:
        """e as a boolean (Lua's truth)."""
        return truth(self.expr(e))

    def expr(self, e):
        cls = type(e)
        line = e.line
        if cls is ast.Number:
            return tir.Const(NUM, float(e.value))
        if cls is ast.TrueExpr or cls is ast.FalseExpr:
            return tir.Const(BOOL, cls is ast.TrueExpr)
        if cls is ast.Nil:
            return tir.Const(NIL, None)
        if cls is ast.Paren:
            return self.expr(e.expr)
        if cls is ast.Name:
            return self.name(e)
        if cls is ast.Index:
            return self.field(e)
        if cls is ast.Call:
            return self.call(e)
        if cls is ast.UnOp:
            a = self.expr(e.operand)
            if e.op == "not":
                return tir.Not(truth(a))
            if e.op == "-" and _type_of(a) == NUM:
                return tir.Neg(a)
            if e.op == "#" and (_type_of(a) == TAB or type(a) is Known):
                return tir.Len(self.table(a, line))
            raise Nyi(f"NYI: unary {e.op} on {_type_of(a)}", line)
        if cls is ast.BinOp:
            return self.binop(e)
        raise Nyi(f"NYI: {cls.__name__} expression", line)

    def name(self, e):
        var = self.res.names.get(id(e))
        if var is None:
            return self.input(FieldReader(EnvReader(self.closure), e.name.encode(),
                                          f"global '{e.name}'"), e.line)
        b = self.env.get(id(var))
        if b is None:
            # only a callee's upvalues are not bound yet: read from its closure
            b = self.input(UpvalueReader(self.closure, var.pyname, var.boxed,
                                         f"upvalue '{e.name}'"), e.line)
            self.env[id(var)] = b
        if type(b) is tir.Var:
            return tir.Load(b)
        return b

    def field(self, e):
        base = self.expr(e.obj)
        if type(e.key) is not ast.String:
            t = self.table(base, e.line)
            key = self.number_key(e.key, e.line)
            return self.index(t, key, _element(self.seen(t, e.line)), "table element", e.line)
        key = e.key.value
        what = f"field '{key.decode('latin-1')}'"
        if type(base) is Known and base.value.__class__ is Table:
            return self.input(FieldReader(base.reader, key, what), e.line)
        t = self.table(base, e.line)
        value = self.seen(t, e.line).get(key)
        reader = self.region.tab_readers.get(id(t))
        if reader is not None and (_lua_function(value) or id(value) in INTRINSICS):
            # a function in a local's table (a module): read once at entry
            return self.input(FieldReader(reader, key, what), e.line)
        return self.index(t, key, value, what, e.line)

    def binop(self, e):
        op = e.op
        if op in ("and", "or"):
            return self.logical(e)
        a, b = self.expr(e.left), self.expr(e.right)
        ta, tb = _type_of(a), _type_of(b)
        if op in ("+", "-", "*", "/", "%", "^"):
            if ta == NUM and tb == NUM:
                return tir.Arith(op, a, b)
            raise Nyi(f"NYI: arithmetic on {ta if ta != NUM else tb}", e.line)
        if op in ("==", "~="):
            if ta == TAB and tb == TAB:
                raise Nyi("NYI: comparison of tables", e.line)
            if {ta, tb} == {TAB, NIL}:
                present = tir.Present(a if ta == TAB else b)
                return present if op == "~=" else tir.Not(present)
            if ta != tb or ta == NIL or type(a) is Known:
                same = ta == tb and (ta == NIL or a.value is b.value)
                return tir.Seq(tir.Seq(_effect(a), _effect(b)),
                               tir.Const(BOOL, same == (op == "==")))
            return tir.Compare(op, a, b)
        if op not in ("<", "<=", ">", ">="):
            raise Nyi("NYI: concatenation", e.line)
        if ta == NUM and tb == NUM:
            return tir.Compare(op, a, b)
        raise Nyi(f"NYI: comparison of {ta} with {tb}", e.line)

    def logical(self, e):
        if e.op == "or" and type(e.left) is ast.BinOp and e.left.op == "and":
            # `c and x or y`: x never false (a number) makes it a choice
            c, x = self.expr(e.left.left), self.expr(e.left.right)
            if _type_of(x) == NUM:
                y = self.expr(e.right)
                if _type_of(y) == NUM:
                    return tir.Select(truth(c), x, y)
        a, b = self.expr(e.left), self.expr(e.right)
        ta, tb = _type_of(a), _type_of(b)
        # never false: a number, a function, a table passed in or compiled in
        always = ta == NUM or type(a) is Known or (ta == TAB and type(a) in (tir.Input, tir.Const))
        if ta == NIL:
            return a if e.op == "and" else b
        if always:
            return b if e.op == "and" else a
        if ta == BOOL and tb == BOOL:
            return tir.Logic(e.op, a, b)
        if ta == TAB and tb == TAB:     # a table or nil, and another
            if e.op == "and":
                return tir.Select(tir.Present(a), b, a)
            return tir.Select(tir.Present(a), a, b)
        raise Nyi(f"NYI: '{e.op}' mixing {ta} and {tb}", e.line)

    def call(self, e):
        f = self.expr(e.func)
        args = [self.expr(a) for a in e.args]
        if type(f) is not Known:
            raise Nyi(f"NYI: call of a {_type_of(f)} value", e.line)
        fn = f.value
        name = INTRINSICS.get(id(fn))
        if name is not None:
            return self.intrinsic(name, args, e.line)
        if not _lua_function(fn):
            raise Nyi("NYI: call of a table", e.line)
        return self.lua_call(fn, args, e.line)

    def intrinsic(self, name: str, args: list, line: int):
        lo, hi = arity(name)
        if len(args) < lo:
            raise Nyi(f"NYI: {name} with missing arguments", line)
        used = args[:hi] if hi else args
        for a in used:
            if _type_of(a) != NUM:
                raise Nyi(f"NYI: {name} on {_type_of(a)}", line)
        result = tir.Intrinsic(name, used)
        for extra in args[len(used):]:
            result = tir.Seq(_effect(extra), result)
        return result

    def lua_call(self, fn, args: list, line: int):
        if id(fn.__code__) in self.region.off_code:
            raise Nyi("NYI: call of a function with the JIT off", line)
        info = CODEINFO[id(fn.__code__)]
        node, res = info.tree
        if node.is_vararg:
            raise Nyi("NYI: call of a vararg function", line)
        params = res.decls[id(node)]
        vals = list(args[:len(params)])
        while len(vals) < len(params):
            vals.append(tir.Const(NIL, None))
        sig = tuple(("known", id(v.value)) if type(v) is Known else v.type for v in vals)
        key = (id(fn), sig)
        region = self.region
        callee = region.callees.get(key)
        if callee is None:
            if len(region.functions) >= MAX_FUNCTIONS:
                raise Nyi("NYI: too many functions in one region", line)
            callee = tir.Function(f"lua_{len(region.functions)}",
                                  _where(info.chunkname, node.line), "function")
            region.callees[key] = callee
            region.functions.append(callee)
            ft = FuncTyper(region, callee, node, res, info.chunkname, fn, node)
            known_args = []
            for var, v in zip(params, vals):
                if type(v) is Known:
                    if id(var) in ft.assigned:
                        raise Nyi(f"NYI: parameter '{var.name}' holding a function is "
                                  "reassigned", node.line)
                    ft.env[id(var)] = v
                    known_args.append(True)
                else:
                    slot = ft.declare(var, v.type)
                    if slot.type == TAB:
                        region.samples[id(slot)] = self.sample(v)
                    callee.params.append(slot)
                    known_args.append(False)
            callee.known_args = known_args
            ft.function_body(node.body, node)
        passed = [v for v, k in zip(vals, callee.known_args) if not k]
        call = tir.Call(callee, passed)
        if callee.ret is None:
            # a recursive call typed before any return: assume a number,
            # which the function's returns must then confirm
            callee.assumed = NUM
            call.type = NUM
        for extra in args[len(params):]:
            call = tir.Seq(_effect(extra), call)
        return call


def truth(e) -> tir.Expr:
    if type(e) is Known:
        return tir.Const(BOOL, True)
    if e.type == BOOL:
        return e
    if e.type == TAB:
        return tir.Present(e)
    return tir.Seq(e, tir.Const(BOOL, e.type == NUM))


def _effect(e):
    """An expression evaluated only for what it does (a call): constants
    and Known values do nothing."""
    if type(e) is Known:
        return tir.Const(NIL, None)
    return e


def _element(t: Table):
    """A sample of a table's elements: t[1], else the first number key's."""
    v = t.get(1.0)
    if v is None:
        for k in itertools.islice(t.keys(), 16):
            if k.__class__ is float:
                return t[k]
    return v


def _type_of(e) -> str:
    return "function" if type(e) is Known else e.type


def _type_name(v) -> str:
    from ..value import type_name
    return type_name(v)


def _lua_function(v) -> bool:
    code = getattr(v, "__code__", None)
    info = CODEINFO.get(id(code)) if code is not None else None
    return info is not None and getattr(info, "tree", None) is not None


def _var_what(var, func: ast.Function) -> str:
    return f"local '{var.name}'" if var.func.node is func else f"upvalue '{var.name}'"


def _ends_in_return(body: list) -> bool:
    return bool(body) and type(body[-1]) is ast.Return
