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
import sys

from .. import ast, runtime
from ..codeinfo import CODEINFO
from ..value import CData, Table, fmt_number
from . import tir
from .dictlayout import entry_index
from .intrinsics import arity, intrinsic_name
from .region import Site, _assigned

NUM, BOOL, NIL, TAB, NONE = tir.NUM, tir.BOOL, tir.NIL, tir.TAB, tir.NONE
STR, CDATA, I64, U64 = tir.STR, tir.CDATA, tir.I64, tir.U64
TYPES = {float: NUM, bool: BOOL, type(None): NIL, bytes: STR}
PURE = (tir.Const, tir.Load, tir.Input)     # expressions without effects
PENDING = object()      # a local declared without a value, typed by its first assignment
MAX_FUNCTIONS = 64          # compiled functions in one region
_INDEX = b"__index"


class Nyi(Exception):
    """A region cannot be compiled: reason ("NYI: ..." text) and Lua line."""

    def __init__(self, reason: str, line: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.chunk = None       # the chunk of the line, when not the region's own


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


class KeyedReader(Reader):
    """base[key] where the key too is read at entry (a string in an
    upvalue, as in `C[name]`), without side effects as FieldReader."""
    __slots__ = ("base", "key_reader")

    def __init__(self, base: Reader, key_reader: Reader) -> None:
        self.base, self.key_reader = base, key_reader
        self.key = ("keyed", base.key, key_reader.key)
        self.what = f"{base.what}[{key_reader.what}]"

    def read(self, args, env):
        return pure_get(self.base.read(args, env), self.key_reader.read(args, env))


class ConstReader(Reader):
    """An object typing found and a guard keeps (a metatable, a class)."""
    __slots__ = ("obj",)

    def __init__(self, obj, what: str) -> None:
        self.obj = obj
        self.key = ("const", id(obj))
        self.what = what

    def read(self, args, env):
        return self.obj


class StringMetaReader(Reader):
    """The string metatable (one per process: runtime.string_meta)."""
    __slots__ = ()

    def __init__(self) -> None:
        self.key = ("string metatable",)
        self.what = "string metatable"

    def read(self, args, env):
        return runtime.string_meta[0]


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


class LengthReader(Reader):
    """The number of elements of a variable-length array (`T[?]`) read at entry."""
    __slots__ = ("base",)

    def __init__(self, base: Reader) -> None:
        self.base = base
        self.key = ("length", base.key)
        self.what = f"length of {base.what}"

    def read(self, args, env):
        return float(len(self.base.read(args, env).cd))


class Unpure(Exception):
    """Reading a value at entry would run Lua code (an __index function)."""


def pure_get(t, key):
    for _ in range(100):
        if t.__class__ is not Table:
            return _clib_get(t, key)
        v = t.get(key)
        if v is not None or t.meta is None:
            return v
        h = t.meta.get(_INDEX)
        if h is None:
            return None
        t = h
    raise Unpure


def _clib_get(lib, key):
    """A symbol of an ffi namespace (ffi.C) that tier 0 has resolved."""
    clib = sys.modules.get("luavm.ffi.clib")
    if clib is None or lib.__class__ is not clib.CLib:
        raise Unpure
    v = lib.cache.get(key)
    if v is None:
        raise Unpure
    return v


def _cdata_kind(v) -> str | None:
    """'function' for a C function, 'pointer' for a pointer or an array
    (what regions compile), None for other cdata and other values."""
    if v.__class__ is not CData:
        return None
    from ..ffi.ctype import ARRAY, FUNC, PTR
    kind = v.ct.kind
    if kind == FUNC:
        return "function"
    return "pointer" if kind in (PTR, ARRAY) else None


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
        self.input_readers: dict = {}                    # id(TAB or CDATA Input) -> its Reader
        self.stored_names: set = set()                   # constant keys the region stores
        self.off_code = frozenset()                      # id(code) switched off by jit.off(f)
        self.keep: list = []                             # objects compiled in by address
        self.assigns: list = []                          # (tir.Var, Expr) of every assignment
        self.returns: dict = {}                          # id(Function) -> Exprs it returns


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
    _check_fresh(region, root, site.line)
    read = {key[2] for key in region.memo if key[0] == "field"}
    if region.stored_names & read:
        # a field read once at entry would not see the region's own store
        raise Nyi("NYI: store to a field read at entry", site.line)
    return region


def _check_fresh(region: Region, root: tir.Function, line: int) -> None:
    """A table or string the region makes lives until the end of its
    turn (the nursery: lower_string.py): none may be left in an outer
    local of a loop region, which outlives the turn. Nor may one read from
    a table (or returned by a callee, which may have read it from one)
    when the region stores into tables: the local borrows it from the
    table, and a store in a later turn may drop the table's reference
    (the undo log keeps old values only until the turn ends)."""
    fresh_vars, fresh_funcs = _flowing(region, _fresh)
    if root.kind != "loop":
        return
    for var in root.params:
        if id(var) in fresh_vars:
            raise Nyi(f"NYI: new {_LUA_NAMES[var.type]} kept in '{var.name}' across turns",
                      line)
    if not any(type(s) is tir.Store for f in region.functions for s in tir.statements(f.body)):
        return
    borrowed_vars, _ = _flowing(region, _borrowed)
    for var in root.params:
        if id(var) in borrowed_vars and var.type in (tir.STR, tir.TAB):
            raise Nyi(f"NYI: {_LUA_NAMES[var.type]} from a table kept in '{var.name}' "
                      "across turns of a loop that stores", line)


def _flowing(region: Region, source) -> tuple[set, set]:
    """The variables and functions (ids) whose value may come from an
    expression `source` accepts, through assignments and returns."""
    found_vars, found_funcs = set(), set()
    changed = True
    while changed:
        changed = False
        for var, e in region.assigns:
            if id(var) not in found_vars and source(e, found_vars, found_funcs):
                found_vars.add(id(var))
                changed = True
        for fid, exprs in region.returns.items():
            if fid not in found_funcs and any(source(e, found_vars, found_funcs) for e in exprs):
                found_funcs.add(fid)
                changed = True
    return found_vars, found_funcs


def _fresh(e, fresh_vars: set, fresh_funcs: set) -> bool:
    """Whether e may be a table or string the region made."""
    cls = type(e)
    if cls in tir.MAKERS:
        return True
    return _through(e, _fresh, fresh_vars, fresh_funcs)


def _borrowed(e, vars_: set, funcs: set) -> bool:
    """Whether e may be a table or string read from a table."""
    cls = type(e)
    if cls is tir.Index or cls is tir.Call:
        return e.type in (tir.STR, tir.TAB)
    return _through(e, _borrowed, vars_, funcs)


def _through(e, source, vars_: set, funcs: set) -> bool:
    """source(e) for the expressions that pass a value on."""
    cls = type(e)
    if cls is tir.Load:
        return id(e.var) in vars_
    if cls is tir.Call:
        return id(e.func) in funcs
    if cls is tir.Select:
        return source(e.a, vars_, funcs) or source(e.b, vars_, funcs)
    if cls is tir.Seq:
        return source(e.then, vars_, funcs)
    if cls is tir.After:
        return source(e.value, vars_, funcs)
    return False


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
        self.unset: set[int] = set()    # id(scope.Var) of locals that may still be nil here
        self.returned: list = []        # the reader_of each CDATA value returned
        self.labels: list[dict] = []    # the labels of each block being typed, innermost last
        self.pending: set[int] = set()  # id(scope.Var) of every local declared without a value

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
        cdata = _cdata_kind(value)
        if cdata == "pointer":
            # a buffer: its address travels in the entry buffer, its C type is guarded
            self.region.guards.append((reader, value.ct))
            result = tir.Input(CDATA, len(self.region.slots), reader.what, value.ct)
            self.region.slots.append(reader)
            self.region.input_readers[id(result)] = reader
        elif value.__class__ is Table and type(reader) in (ArgReader, UpvalueReader):
            # a local's table is data: passed in, so one compile serves any table
            self.region.guards.append((reader, Table))
            result = tir.Input(TAB, len(self.region.slots), reader.what)
            self.region.slots.append(reader)
            self.region.samples[id(result)] = value
            self.region.input_readers[id(result)] = reader
        elif t is None:
            if (value.__class__ is Table or _lua_function(value) or cdata == "function"
                    or _is_clib(value) or intrinsic_name(value) is not None):
                result = Known(value, reader)
                self.region.guards.append((reader, result))
            elif value.__class__ is CData:
                raise Nyi(f"NYI: cdata '{value.ct.name}' in {reader.what}", line)
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
                self.region.input_readers[id(result)] = reader
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
        slot = self.out.new_var(var.name, value.type, value.ctype)
        self.keep_sample(slot, value)
        if var in self.outs_wanted:
            if slot.type in (TAB, CDATA):
                raise Nyi(f"NYI: {_named(value)} in {reader.what} handed back", self.line)
            self.out.outs.append(slot)
        self.out.params.append(slot)
        self.env[id(var)] = slot
        self.initial.append((slot, value))

    # -- roots --
    def function_body(self, body: list, node: ast.Function) -> None:
        self.out.body = self.initials() + self.block(body)
        if not ends(self.out.body):
            self.set_ret(NONE, node.end_line or node.line)
        if self.out.ret is None:
            self.out.ret = NONE
        if self.returned and all(r is self.returned[0] for r in self.returned):
            self.out.ret_reader = self.returned[0]
        if self.out.assumed is not None and self.out.ret != self.out.assumed:
            raise Nyi(f"NYI: recursive call of a function returning {_LUA_NAMES[self.out.ret]}", node.line)

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
        """The statements of a block but those after one that surely
        leaves it, up to the next label (they never run)."""
        self.labels.append({s.label: tir.Label(s.label, s.line)
                            for s in stats if type(s) is ast.Label})
        out: list = []
        try:
            for s in stats:
                if out and terminates(out[-1]) and type(s) is not ast.Label:
                    continue
                self.line = s.line
                out.append(self.statement(s))
        finally:
            self.labels.pop()
        return out

    def branch(self, make, line: int) -> list:
        """A branch of an if: its typed code, or, when it cannot be typed,
        an exit (tier 0 runs the branch whenever it is taken)."""
        saved = self.save()
        try:
            return make()
        except Unseen:
            raise
        except Nyi as exc:
            self.restore(saved)
            return [tir.Exit(exc.reason, exc.line or line)]

    def save(self) -> tuple:
        r = self.region
        return (len(r.functions), dict(r.callees), len(r.guards), len(r.slots), set(r.memo),
                set(r.stored_names), dict(self.env), self.out.ret, self.out.ret_ctype,
                set(self.unset), self.loops, len(self.returned), len(r.assigns))

    def restore(self, saved: tuple) -> None:
        """Forget what typing a branch that failed added."""
        r = self.region
        (functions, r.callees, guards, slots, memo, r.stored_names, self.env, self.out.ret,
         self.out.ret_ctype, self.unset, self.loops, returned, assigns) = saved
        del r.functions[functions:], r.guards[guards:], r.slots[slots:], self.returned[returned:]
        del r.assigns[assigns:]
        for key in set(r.memo) - memo:
            del r.memo[key]

    def statement(self, s):
        cls = type(s)
        line = s.line
        if cls is ast.Local:
            values = self.values(s.exprs, len(s.names), line)
            vars_ = []
            for var, v in zip(self.res.decls[id(s)], values):
                if type(v) is tir.Const and v.type == NIL and id(var) in self.assigned:
                    # `local x` given its value later: typed by that assignment
                    self.env[id(var)] = PENDING
                    self.unset.add(id(var))
                    self.pending.add(id(var))
                    continue
                if type(v) is Known:
                    if id(var) in self.assigned:
                        raise Nyi(f"NYI: local '{var.name}' holding a {_type_name(v.value)} "
                                  "is reassigned", line)
                    self.env[id(var)] = v
                    continue
                slot = self.declare(var, v.type, v.ctype)
                self.keep_sample(slot, v)
                self.keep_reader(var, slot, v)
                self.region.assigns.append((slot, v))
                vars_.append((slot, v))
            return tir.Assign([v for v, _ in vars_], [e for _, e in vars_], line)
        if cls is ast.Assign and any(type(t) is ast.Index for t in s.targets):
            return self.stores(s, line)
        if cls is ast.Assign:
            targets = [self.target(t, line) for t in s.targets]
            values = self.values(s.exprs, len(targets), line)
            slots = [self.assign_to(t, v, node.name, line)
                     for t, v, node in zip(targets, values, s.targets)]
            return tir.Assign(slots, values, line)
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
            unset = set(self.unset)
            body = self.block(s.body)
            cond = self.cond(s.cond)
            self.unset = unset
            self.loops -= 1
            return tir.Repeat(body, cond, line)
        if cls is ast.NumFor:
            parts = [self.expr(s.start), self.expr(s.stop),
                     self.expr(s.step) if s.step is not None else tir.Const(NUM, 1.0)]
            if any(type(p) is Known or p.type != NUM for p in parts):
                raise Nyi("NYI: non-number for loop", line)
            var = self.declare(self.res.decls[id(s)][0], NUM)
            return tir.NumFor(var, parts[0], parts[1], parts[2], self.loop_block(s.body), line)
        if cls is ast.GenFor:
            return self.ipairs_loop(s, line)
        if cls is ast.Break:
            return tir.Break(line)
        if cls is ast.Label:
            # reached by gotos too: a local given its value later may be unset here
            self.unset |= self.pending
            return self.labels[-1][s.label]
        if cls is ast.Goto:
            for labels in reversed(self.labels):
                if s.label in labels:
                    return tir.Goto(labels[s.label], line)
            raise Nyi("NYI: goto out of the region", line)
        if cls is ast.Return:
            if len(s.exprs) > 1:
                raise Nyi("NYI: multiple results", line)
            e = self.expr(s.exprs[0]) if s.exprs else None
            if type(e) is Known:
                raise Nyi(f"NYI: return of a {_type_name(e.value)}", line)
            if e is None:
                self.set_ret(NONE, line)
            else:
                self.set_ret(e.type, line, e.ctype)
                self.region.returns.setdefault(id(self.out), []).append(e)
                if e.type == CDATA:
                    self.returned.append(self.reader_of(e))
            return tir.Return(e, line)
        raise Nyi(f"NYI: {cls.__name__} statement", line)

    def ipairs_loop(self, s, line: int):
        """for i, v in ipairs(t) as tier 0 runs it (forloop.ipairs_step: raw
        reads up to the first nil): a while loop on a hidden counter."""
        call = s.exprs[0]
        f = self.expr(call.func)
        if type(f) is not Known or intrinsic_name(f.value) != "ipairs":
            raise Nyi("NYI: generic for", line)
        t = self.table(self.expr(call.args[0]), line)
        if type(t) not in PURE:
            raise Nyi("NYI: ipairs of a computed table", line)
        sample = self.seen(t, line)
        names = self.res.decls[id(s)]
        counter = self.out.new_var("(ipairs)", NUM)
        step = tir.Arith("+", tir.Load(counter), tir.Const(NUM, 1.0))
        head = [tir.Assign([counter], [step], line),
                tir.If(tir.Not(tir.Has(t, tir.Load(counter))), [tir.Break(line)], [], line),
                tir.Assign([self.declare(names[0], NUM)], [tir.Load(counter)], line)]
        if len(names) > 1:
            value = self.index(t, tir.Load(counter), _element(sample), "table element", line)
            slot = self.declare(names[1], value.type, value.ctype)
            self.keep_sample(slot, value)
            self.region.assigns.append((slot, value))
            head.append(tir.Assign([slot], [value], line))
        body = self.loop_block(s.body)
        start = tir.Assign([counter], [tir.Const(NUM, 0.0)], line)
        return tir.If(tir.Const(BOOL, True),
                      [start, tir.While(tir.Const(BOOL, True), head + body, line)], [], line)

    def loop_block(self, body: list) -> list:
        """A loop's body: what it assigns may not have happened after it."""
        self.loops += 1
        unset = set(self.unset)
        out = self.block(body)
        self.unset = unset
        self.loops -= 1
        return out

    def if_chain(self, tests: list, orelse, line: int):
        """An if (and its elseifs): a constant condition keeps one branch,
        whose locals are then surely set where they are set."""
        cond = self.cond(tests[0][0])
        if len(tests) > 1:
            def other():
                return [self.if_chain(tests[1:], orelse, line)]
        else:
            def other():
                return self.block(orelse) if orelse else []
        if type(cond) is tir.Const:
            body = self.block(tests[0][1]) if cond.value else other()
            return tir.If(tir.Const(BOOL, True), body, [], line)
        before = set(self.unset)
        then = self.branch(lambda: self.block(tests[0][1]), line)
        after_then, self.unset = self.unset, set(before)
        orelse_ = self.branch(other, line)
        going_on = [u for u, b in ((after_then, then), (self.unset, orelse_)) if not ends(b)]
        self.unset = set().union(*going_on) if going_on else before
        return tir.If(cond, then, orelse_, line)

    def set_ret(self, t: str, line: int, ctype=None) -> None:
        if self.closure is None and t in (CDATA, I64, U64):
            raise Nyi("NYI: return of a cdata", line)      # tier 0 would need the box
        have = self.out.ret
        if have is not None and (have != t or self.out.ret_ctype is not ctype):
            raise Nyi(f"NYI: returns of different types ({_LUA_NAMES[have]} and {_LUA_NAMES[t]})", line)
        self.out.ret = t
        self.out.ret_ctype = ctype

    def declare(self, var, t: str, ctype=None) -> tir.Var:
        slot = self.out.new_var(var.name, t, ctype)
        self.env[id(var)] = slot
        return slot

    def assign_to(self, target: tuple, v, name: str, line: int) -> tir.Var:
        """The slot a value goes to (target() found it): a local declared
        without a value gets its type from its first assignment."""
        var, slot = target
        if type(v) is Known:
            raise Nyi(f"NYI: '{name}' changes type to {_named(v)}", line)
        if slot is PENDING:
            if v.type == NIL:
                raise Nyi(f"NYI: nil assigned to '{name}'", line)
            slot = self.declare(var, v.type, v.ctype)
        elif v.type != slot.type or v.ctype is not slot.ctype:
            raise Nyi(f"NYI: '{name}' changes type ({slot.type} to {v.type})", line)
        self.region.assigns.append((slot, v))
        self.unset.discard(id(var))
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
        if cls is tir.Call:
            # what the callee returns: the fullest of the tables it was seen to return
            seen = [self.sample(r) for r in self.region.returns.get(id(e.func), ())]
            return max((t for t in seen if t is not None), key=len, default=None)
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
        raise Nyi(f"NYI: index of a {_named(e)} value", line)

    def stores(self, s, line: int):
        """An assignment with table targets, as tier 0 runs it: every value
        first, then each target in order (a table store is raw: a number or
        constant string key, a number, boolean or table value)."""
        values = self.values(s.exprs, len(s.targets), line)
        temps, out = [], []
        for v in values:
            if type(v) is Known:
                raise Nyi(f"NYI: table store of a {_named(v)} value", line)
            temp = self.out.new_var("(value)", v.type, v.ctype)
            self.keep_sample(temp, v)
            self.region.assigns.append((temp, v))
            temps.append(temp)
        out.append(tir.Assign(temps, values, line))
        for target, temp in zip(s.targets, temps):
            if type(target) is ast.Name:
                value = tir.Load(temp)
                var = self.assign_to(self.target(target, line), value, target.name, line)
                out.append(tir.Assign([var], [value], line))
                continue
            obj = self.expr(target.obj)
            if _type_of(obj) == CDATA and type(target.key) is not ast.String:
                ref = self.element(obj, target.key, line)
                if temp.type != NUM and temp.type != ref.type:
                    raise Nyi(f"NYI: store of a {_LUA_NAMES[temp.type]} into a cdata", line)
                out.append(tir.CStore(ref, tir.Load(temp), line))
                continue
            t = self.table(obj, line)
            entry = -1
            if type(target.key) is ast.String:
                key = target.key.value
                self.region.stored_names.add(key)
                sample = self.sample(t)
                entry = -1 if sample is None else entry_index(sample, key)
            else:
                key = self.number_key(target.key, line)
            if temp.type not in (NUM, BOOL, TAB, STR):
                raise Nyi(f"NYI: table store of a {_LUA_NAMES[temp.type]} value", line)
            out.append(tir.Store(t, key, tir.Load(temp), line, entry))
        return tir.If(tir.Const(BOOL, True), out, [], line)

    def reader_of(self, e) -> Reader | None:
        """The entry value a CDATA expression surely is, or None."""
        cls = type(e)
        if cls is tir.Seq:
            return self.reader_of(e.then)
        if cls is tir.After:
            return self.reader_of(e.value)
        if cls is tir.Call:
            return e.func.ret_reader
        return self.region.input_readers.get(id(e.var if cls is tir.Load else e))

    def keep_reader(self, var, slot: tir.Var, e, typer: FuncTyper | None = None) -> None:
        """A CDATA local never assigned again is the entry value e is (e
        typed by typer: a caller's argument)."""
        if slot.type == CDATA and id(var) not in self.assigned:
            reader = (typer or self).reader_of(e)
            if reader is not None:
                self.region.input_readers[id(slot)] = reader

    def element(self, p, key, line: int) -> tir.CIndex:
        """p[key] of a pointer to or array of numbers; an array's length
        is its type's, or for `T[?]` the one read at entry."""
        from ..ffi.ctype import ARRAY
        ct = p.ctype
        t = _element_type(ct.elem)
        if t is None:
            raise Nyi(f"NYI: element of a '{ct.name}'", line)
        index = self.number_key(key, line)
        length = None
        if ct.kind == ARRAY:
            if ct.bt.length is not None:
                length = tir.Const(NUM, float(ct.bt.length))
            else:
                reader = self.reader_of(p)
                if reader is None:
                    raise Nyi(f"NYI: index of a '{ct.name}' not read at entry", line)
                length = self.input(LengthReader(reader), line)
        return tir.CIndex(t, p, index, ct, length)

    def number_key(self, e, line: int):
        key = self.expr(e)
        if _type_of(key) != NUM:
            raise Nyi(f"NYI: table key of type {_named(key)}", line)
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
        if k is bytes:
            return tir.Index(STR, t, key)
        if k is Table:
            e = tir.Index(TAB, t, key)
            self.region.samples[id(e)] = sample
            return e
        raise Nyi(f"NYI: {_type_name(sample)} value in {what}", line)

    def target(self, t, line: int) -> tuple:
        """(scope.Var, its slot or PENDING) of a local assigned."""
        if type(t) is not ast.Name:
            raise Nyi("NYI: table store", line)
        var = self.res.names.get(id(t))
        b = self.env.get(id(var)) if var is not None else None
        if type(b) is not tir.Var and b is not PENDING:
            raise Nyi(f"NYI: assignment to '{t.name}'", line)
        return var, b

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
        """e as a boolean (Lua's truth): `and`, `or` and `not` work on the
        truths of their operands, and constants fold (what they skip is
        not typed: it never runs)."""
        cls = type(e)
        if cls is ast.Paren:
            return self.cond(e.expr)
        if cls is ast.UnOp and e.op == "not":
            return negation(self.cond(e.operand))
        if cls is ast.BinOp and e.op in ("and", "or"):
            a = self.cond(e.left)
            if type(a) is tir.Const:
                return self.cond(e.right) if a.value == (e.op == "and") else a
            b = self.cond(e.right)
            return tir.Logic(e.op, a, b)
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
        if cls is ast.String:
            return self.string(e.value)
        if cls is ast.Paren:
            return self.expr(e.expr)
        if cls is ast.Name:
            return self.name(e)
        if cls is ast.Index:
            return self.field(e)
        if cls is ast.Call:
            return self.call(e)
        if cls is ast.Method:
            return self.method_call(e)
        if cls is ast.UnOp:
            a = self.expr(e.operand)
            if e.op == "not":
                return negation(truth(a))
            if e.op == "-" and _type_of(a) == NUM:
                return tir.Neg(a)
            if e.op == "#" and _type_of(a) == STR:
                return tir.Len(a)
            if e.op == "#" and (_type_of(a) == TAB or type(a) is Known):
                return tir.Len(self.table(a, line))
            raise Nyi(f"NYI: unary {e.op} on {_named(a)}", line)
        if cls is ast.BinOp:
            return self.binop(e)
        if cls is ast.Table:
            return self.constructor(e)
        raise Nyi(f"NYI: {cls.__name__} expression", line)

    def constructor(self, e) -> tir.NewTable:
        """{...} with positional items and constant string keys; its sample
        holds a value of each item's type (what reads of it are typed from)."""
        keys, values, sample, n = [], [], Table(), 0
        for key, value in e.items:
            v = self.expr(value)
            if type(v) is Known:
                raise Nyi(f"NYI: table constructor with a {_named(v)}", e.line)
            if key is None:
                n += 1
                k = float(n)
            elif type(key) is ast.String:
                k = key.value
            else:
                raise Nyi("NYI: table constructor with a computed key", e.line)
            if v.type == NIL:       # nothing stored (a last call giving no value: the same)
                keys.append(None)
                values.append(v)
                continue
            if v.type not in (NUM, BOOL, TAB, STR):
                raise Nyi(f"NYI: table constructor with a {_named(v)}", e.line)
            keys.append(k)
            values.append(v)
            item_sample = _SAMPLES.get(v.type, None) if v.type != TAB else self.sample(v)
            if item_sample is not None:
                sample[k] = item_sample
        result = tir.NewTable(keys, values)
        self.region.samples[id(result)] = sample
        return result

    def string(self, value: bytes) -> tir.Const:
        """A string constant: native code holds its address."""
        self.region.keep.append(value)
        return tir.Const(STR, value)

    def name(self, e):
        var = self.res.names.get(id(e))
        if var is None:
            return self.input(FieldReader(EnvReader(self.closure), ast.name_key(e.name),
                                          f"global '{e.name}'"), e.line)
        b = self.env.get(id(var))
        if b is None:
            # only a callee's upvalues are not bound yet: read from its closure
            b = self.input(UpvalueReader(self.closure, var.pyname, var.boxed,
                                         f"upvalue '{e.name}'"), e.line)
            self.env[id(var)] = b
        if b is PENDING or id(var) in self.unset:
            raise Nyi(f"NYI: local '{e.name}' read where it may be nil", e.line)
        if type(b) is tir.Var:
            return tir.Load(b)
        return b

    def field(self, e):
        base = self.expr(e.obj)
        if type(e.key) is not ast.String:
            if _type_of(base) == CDATA:
                return self.element(base, e.key, e.line)
            if type(base) is Known and (base.value.__class__ is Table or _is_clib(base.value)):
                key = self.expr(e.key)
                reader = self.region.input_readers.get(id(key))
                if type(key) is tir.Input and key.type == STR:
                    return self.input(KeyedReader(base.reader, reader), e.line)
            t = self.table(base, e.line)
            key = self.number_key(e.key, e.line)
            sample = self.seen(t, e.line)
            if type(key) is tir.Const and key.value in sample:
                return self.index(t, key, sample[key.value], "table element", e.line)
            return self.index(t, key, _element(sample), "table element", e.line)
        key = e.key.value
        what = f"field '{key.decode('latin-1')}'"
        if type(base) is Known and (base.value.__class__ is Table or _is_clib(base.value)):
            return self.input(FieldReader(base.reader, key, what), e.line)
        t = self.table(base, e.line)
        sample = self.seen(t, e.line)
        value = sample.get(key)
        reader = self.region.input_readers.get(id(t))
        if reader is not None and (_lua_function(value) or intrinsic_name(value) is not None):
            # a function in a local's table (a module): read once at entry
            return self.input(FieldReader(reader, key, what), e.line)
        read = self.index(t, key, value, what, e.line)
        read.entry = entry_index(sample, key)
        return read

    def binop(self, e):
        op = e.op
        if op in ("and", "or"):
            return self.logical(e)
        if op == "..":
            return self.concat(e)
        a, b = self.expr(e.left), self.expr(e.right)
        ta, tb = _type_of(a), _type_of(b)
        if op in ("+", "-", "*", "/", "%", "^"):
            if ta == NUM and tb == NUM:
                return tir.Arith(op, a, b)
            if op in ("+", "-") and ta == CDATA and tb == NUM:
                return self.pointer_arith(a, b, 1 if op == "+" else -1, e.line)
            if op == "+" and ta == NUM and tb == CDATA:
                return self.pointer_arith(b, a, 1, e.line)
            raise Nyi(f"NYI: arithmetic on {_named(a if ta != NUM else b)}", e.line)
        if op in ("==", "~="):
            if ta == TAB and tb == TAB:
                raise Nyi("NYI: comparison of tables", e.line)
            if {ta, tb} == {TAB, NIL}:
                present = tir.Present(a if ta == TAB else b)
                return present if op == "~=" else tir.Not(present)
            if ta == STR and tb == STR:
                if type(a) is tir.Const and type(b) is tir.Const:
                    return tir.Const(BOOL, (a.value == b.value) == (op == "=="))
                return tir.Compare(op, a, b)
            if {ta, tb} & {CDATA, I64, U64}:
                raise Nyi("NYI: comparison of cdata", e.line)   # cdata compare as numbers
            if ta != tb or ta == NIL or type(a) is Known:
                same = ta == tb and (ta == NIL or a.value is b.value)
                return tir.Seq(tir.Seq(_effect(a), _effect(b)),
                               tir.Const(BOOL, same == (op == "==")))
            return tir.Compare(op, a, b)
        if op not in ("<", "<=", ">", ">="):
            raise Nyi(f"NYI: {op}", e.line)
        if ta == NUM and tb == NUM:
            return tir.Compare(op, a, b)
        raise Nyi(f"NYI: comparison of {_named(a)} with {_named(b)}", e.line)

    def pointer_arith(self, p, n, sign: int, line: int) -> tir.PtrAdd:
        """p + n, p - n: an array decays to a pointer to its elements."""
        from ..ffi.cdata import _pointer_of
        from ..ffi.ctype import VOID
        elem = p.ctype.elem
        if elem.kind == VOID or not elem.size:
            raise Nyi(f"NYI: arithmetic on a '{p.ctype.name}'", line)
        return tir.PtrAdd(p, n, sign, _pointer_of(p.ctype))

    def concat(self, e):
        """A chain a .. b .. c: every operand first, left to right, then one
        new string; strings and numbers only (others have tier 0 raise or
        call __concat)."""
        parts = []
        stack = [e]
        while stack:
            node = stack.pop()
            if type(node) is ast.BinOp and node.op == "..":
                stack += (node.right, node.left)
                continue
            v = self.expr(node)
            if _type_of(v) not in (STR, NUM):
                raise Nyi(f"NYI: concatenation of a {_named(v)}", e.line)
            parts.append(v)
        if all(type(p) is tir.Const for p in parts):
            return self.string(b"".join(p.value if p.type == STR else fmt_number(p.value)
                                        for p in parts))
        return tir.Concat(parts)

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
        raise Nyi(f"NYI: '{e.op}' mixing {_named(a)} and {_named(b)}", e.line)

    def call(self, e):
        f = self.expr(e.func)
        return self.call_value(f, [self.expr(a) for a in e.args], e.line)

    def method_call(self, e):
        """obj:name(args): the method is found as in the sample and checked
        when the call runs (tir.HoldsMethod); obj must be a local or a
        constant, evaluated once."""
        obj = self.expr(e.obj)
        name = ast.name_key(e.name) if type(e.name) is str else e.name
        what = f"method '{name.decode('latin-1')}'"
        args = [self.expr(a) for a in e.args]
        if type(obj) is Known and obj.value.__class__ is Table:
            return self.call_value(self.input(FieldReader(obj.reader, name, what), e.line),
                                   [obj] + args, e.line)
        if _type_of(obj) == STR:
            # s:sub(...): the string library through the string metatable's __index
            library = FieldReader(StringMetaReader(), _INDEX, "__index")
            return self.call_value(self.input(FieldReader(library, name, what), e.line),
                                   [obj] + args, e.line)
        t = self.table(obj, e.line)
        if type(t) not in PURE:
            raise Nyi("NYI: method call on a computed object", e.line)
        sample = self.seen(t, e.line)
        method, meta = sample.get(name), None
        if method is None:
            meta = sample.meta
            index = meta.get(_INDEX) if meta is not None else None
            if index.__class__ is not Table:
                raise Nyi(f"NYI: {what} not found in a table", e.line)
            self.region.keep.append(meta)
            found = self.input(FieldReader(ConstReader(meta, "metatable"), _INDEX, "__index"),
                               e.line)
            if type(found) is not Known:
                raise Nyi(f"NYI: {what} not found in a table", e.line)
            fn = self.input(FieldReader(found.reader, name, what), e.line)
        else:
            self.region.keep.append(method)
            fn = Known(method, ConstReader(method, what))
        if type(fn) is not Known:
            raise Nyi(f"NYI: {what} of a {_named(fn)}", e.line)
        check = tir.Guard(tir.HoldsMethod(t, name, fn.value, meta))
        return tir.Seq(check, self.call_value(fn, [t] + args, e.line))

    def call_value(self, f, args: list, line: int):
        """A call of what typing found (a Known function)."""
        if type(f) is not Known:
            raise Nyi(f"NYI: call of a {_named(f)} value", line)
        fn = f.value
        name = intrinsic_name(fn)
        if name is not None:
            return self.intrinsic(name, args, line)
        if _cdata_kind(fn) == "function":
            return self.c_call(fn, args, f.reader.what, line)
        if not _lua_function(fn):
            raise Nyi(f"NYI: call of a {_type_name(fn)}", line)
        return self.lua_call(fn, args, line)

    def intrinsic(self, name: str, args: list, line: int):
        typed = _TYPED.get(name)
        if typed is not None:
            if not args:
                raise Nyi(f"NYI: {name} with missing arguments", line)
            result = typed(self, args, line)
            for extra in args[_ARGS_USED[name]:]:
                result = tir.Seq(_effect(extra), result)
            return result
        lo, hi = arity(name)
        if len(args) < lo:
            raise Nyi(f"NYI: {name} with missing arguments", line)
        used = args[:hi] if hi else args
        for a in used:
            if _type_of(a) != NUM:
                raise Nyi(f"NYI: {name} on {_named(a)}", line)
        result = tir.Intrinsic(name, used)
        for extra in args[len(used):]:
            result = tir.Seq(_effect(extra), result)
        return result

    # -- the builtins typing answers itself (intrinsics.py) --
    def type_(self, args: list, line: int):
        a = args[0]
        if type(a) is Known:
            return self.string(_type_name(a.value).encode())
        if a.type == TAB and type(a) not in PURE:
            return tir.Select(tir.Present(a), self.string(b"table"), self.string(b"nil"))
        name = self.string(_TYPE_NAMES[a.type])
        return name if type(a) in PURE else tir.Seq(a, name)

    def tostring(self, args: list, line: int):
        if _type_of(args[0]) != STR:
            raise Nyi(f"NYI: tostring of a {_named(args[0])}", line)
        return args[0]

    def tonumber(self, args: list, line: int):
        a = args[0]
        if len(args) > 1 and not (type(args[1]) is tir.Const and args[1].type == NIL):
            raise Nyi("NYI: tonumber with a base", line)
        if _type_of(a) == NUM:
            return a
        if _type_of(a) in (I64, U64):
            return tir.ToNumber(a)
        raise Nyi(f"NYI: tonumber of a {_named(a)}", line)

    def setmetatable(self, args: list, line: int):
        """Of a table made right there (`setmetatable({...}, Class)`), with
        a metatable known at entry that makes no weak table."""
        t, mt = args[0], args[1] if len(args) > 1 else None
        if type(t) is not tir.NewTable:
            raise Nyi("NYI: setmetatable of a table not made there", line)
        if type(mt) is Known and mt.value.__class__ is Table:
            reader, meta = mt.reader, tir.Const(TAB, mt.value)
        elif type(mt) is tir.Input and mt.type == TAB:
            reader, meta = self.region.input_readers[id(mt)], mt
        else:
            raise Nyi("NYI: setmetatable with a metatable not read at entry", line)
        mode = self.input(FieldReader(reader, b"__mode", "__mode"), line)
        if type(mode) is not tir.Const or mode.type != NIL:
            raise Nyi("NYI: setmetatable making a weak table", line)
        result = tir.SetMeta(t, meta)
        sample = Table(self.region.samples[id(t)])
        sample.meta = self.sample(meta)
        self.region.samples[id(result)] = sample
        return result

    def string_args(self, name: str, args: list, line: int, most: int) -> list:
        """s and up to most-1 number arguments (nil ones dropped from the end)."""
        while len(args) > 1 and type(args[-1]) is tir.Const and args[-1].type == NIL:
            args = args[:-1]
        if _type_of(args[0]) != STR:
            raise Nyi(f"NYI: {name} of a {_named(args[0])}", line)
        if len(args) > most or any(_type_of(a) != NUM for a in args[1:]):
            raise Nyi(f"NYI: {name} with these arguments", line)
        return args

    def string_len(self, args: list, line: int):
        return tir.Len(self.string_args("string.len", args, line, 1)[0])

    def string_sub(self, args: list, line: int):
        args = self.string_args("string.sub", args, line, 3)
        if len(args) < 2:
            raise Nyi("NYI: string.sub with missing arguments", line)
        return tir.StrSub(args[0], args[1], args[2] if len(args) > 2 else None)

    def string_byte(self, args: list, line: int):
        args = self.string_args("string.byte", args, line, 2)
        return tir.StrByte(args[0], args[1] if len(args) > 1 else None)

    def ffi_string(self, args: list, line: int):
        p = args[0]
        if _type_of(p) != CDATA:
            raise Nyi(f"NYI: ffi.string of a {_named(p)}", line)
        n = args[1] if len(args) > 1 else None
        if n is not None and type(n) is tir.Const and n.type == NIL:
            n = None
        if n is not None and _type_of(n) not in (NUM, I64, U64):
            raise Nyi(f"NYI: ffi.string with a {_named(n)} length", line)
        return tir.CString(p, n)

    def c_call(self, fn, args: list, what: str, line: int):
        """A call of a C function: each argument must convert natively (a
        number to an integer or floating type, a string to `const char *`,
        a cdata to a compatible pointer, nil to NULL)."""
        from ..ffi.call import params_of
        ct = fn.ct
        if ct.bt.ellipsis:
            raise Nyi("NYI: call of a vararg C function", line)
        params = params_of(ct)
        if len(args) != len(params):
            raise Nyi("NYI: C call with a wrong number of arguments", line)
        for i, (a, p) in enumerate(zip(args, params)):
            if not _converts(a, p):
                raise Nyi(f"NYI: argument {i + 1} of a C call: {_named(a)} to '{p.name}'",
                          line)
        ret = ct.reg.from_bt(ct.bt.result)
        t = _c_result(ret)
        if t is None:
            raise Nyi(f"NYI: C function returning '{ret.name}'", line)
        address = int(ct.reg.ffi.cast("uintptr_t", fn.cd))
        return tir.CCall(t, address, params, ret, args, what.split("'")[1] if "'" in what
                         else what)

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
        sig = tuple(("known", id(v.value)) if type(v) is Known else (v.type, id(v.ctype))
                    for v in vals)
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
                    slot = ft.declare(var, v.type, v.ctype)
                    ft.keep_reader(var, slot, v, self)
                    region.assigns.append((slot, v))
                    if slot.type == TAB:
                        region.samples[id(slot)] = self.sample(v)
                    callee.params.append(slot)
                    known_args.append(False)
            callee.known_args = known_args
            try:
                ft.function_body(node.body, node)
            except Nyi as exc:
                if exc.chunk is None and info.chunkname != self.chunkname:
                    exc.chunk = info.chunkname
                raise
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
    """Lua's truth of a value: only nil and false are false (a NULL cdata too is true)."""
    if type(e) is Known:
        return tir.Const(BOOL, True)
    if e.type == BOOL:
        return e
    if e.type == TAB:
        return tir.Present(e)
    value = tir.Const(BOOL, e.type != NIL)
    return value if type(e) in PURE else tir.Seq(e, value)


def negation(e) -> tir.Expr:
    if type(e) is tir.Const:
        return tir.Const(BOOL, not e.value)
    return tir.Not(e)


def terminates(s) -> bool:
    """Whether a typed statement surely leaves its block."""
    cls = type(s)
    if cls is tir.Return or cls is tir.Break or cls is tir.Exit or cls is tir.Goto:
        return True
    if cls is tir.If:
        if type(s.cond) is tir.Const:
            return ends(s.then if s.cond.value else s.orelse)
        return ends(s.then) and ends(s.orelse)
    return False


def ends(body: list) -> bool:
    return bool(body) and terminates(body[-1])


def _converts(a, p) -> bool:
    """Whether lower.py converts a value of a's type to C type p natively."""
    from ..ffi.ctype import ENUM, FLOAT, INT, PTR
    from ..ffi.ctype import I64 as C_I64
    from ..ffi.ctype import U64 as C_U64
    t = _type_of(a)
    kind = p.kind
    if kind in (INT, ENUM, C_I64, C_U64):
        return t == NUM or (t in (I64, U64) and kind in (C_I64, C_U64))
    if kind == FLOAT:
        return t == NUM
    if kind == PTR:
        if t == STR:
            return p.takes_string()
        if t == CDATA:
            return p.compatible(a.ctype)
        return t == NIL
    return False


def _element_type(ct) -> str | None:
    """The type of what an element of C type ct reads as (numbers only)."""
    from ..ffi.ctype import CHAR, ENUM, FLOAT, INT
    from ..ffi.ctype import I64 as C_I64
    from ..ffi.ctype import U64 as C_U64
    return {INT: NUM, ENUM: NUM, CHAR: NUM, FLOAT: NUM, C_I64: I64, C_U64: U64}.get(ct.kind)


def _c_result(ret) -> str | None:
    """The type of what a C function returns, as tier 0 gives it to Lua."""
    from ..ffi.ctype import ENUM, FLOAT, INT, PTR, VOID
    from ..ffi.ctype import I64 as C_I64
    from ..ffi.ctype import U64 as C_U64
    return {VOID: NIL, INT: NUM, ENUM: NUM, FLOAT: NUM, C_I64: I64, C_U64: U64,
            PTR: CDATA}.get(ret.kind)


_LUA_NAMES = {NUM: "number", BOOL: "boolean", NIL: "nil", STR: "string", TAB: "table",
              CDATA: "cdata", I64: "cdata", U64: "cdata", NONE: "no value"}
_TYPE_NAMES = {t: name.encode() for t, name in _LUA_NAMES.items()}
_SAMPLES = {NUM: 0.0, BOOL: True, STR: b""}     # what a constructor's sample holds
_TYPED = {"type": FuncTyper.type_, "tostring": FuncTyper.tostring,
          "tonumber": FuncTyper.tonumber, "ffi.string": FuncTyper.ffi_string,
          "setmetatable": FuncTyper.setmetatable, "string.len": FuncTyper.string_len,
          "string.sub": FuncTyper.string_sub, "string.byte": FuncTyper.string_byte}
_ARGS_USED = {"type": 1, "tostring": 1, "tonumber": 2, "ffi.string": 2, "setmetatable": 2,
              "string.len": 1, "string.sub": 3, "string.byte": 3}


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


def _named(e) -> str:
    """The Lua type name of an expression's value, for NYI reasons."""
    return _type_name(e.value) if type(e) is Known else _LUA_NAMES[e.type]


def _type_name(v) -> str:
    from ..value import type_name
    return type_name(v)


def _is_clib(v) -> bool:
    clib = sys.modules.get("luavm.ffi.clib")
    return clib is not None and v.__class__ is clib.CLib


def _lua_function(v) -> bool:
    code = getattr(v, "__code__", None)
    info = CODEINFO.get(id(code)) if code is not None else None
    return info is not None and getattr(info, "tree", None) is not None


def _var_what(var, func: ast.Function) -> str:
    return f"local '{var.name}'" if var.func.node is func else f"upvalue '{var.name}'"



