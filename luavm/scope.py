"""Name resolution for tier 0: which Lua names are locals, upvalues or globals.

One pass over a chunk's tree before code generation. For every `Name` node
it records the local declaration it refers to (or None for a global); for
every declaration, whether an inner function captures it and whether it is
declared inside a loop of its own function. A captured local declared in a
loop must be fresh per iteration, which Python's cells are not: tier 0 then
keeps it in a one-slot box (see compiler.py).

It also finds the locals whose type never changes (`kind`): a local that no
inner function captures and that is only ever given numbers (or only table
constructors) holds a float (a Table) all its life, so tier 0 drops the
class tests on it. The same holds inside a guarded region (guarded_kinds)
for locals a test at its entry found to hold a float or a table. And a
`local function` never reassigned whose returns all give one value
(`one_result`) is called without the result test. Such a local must not be
changed behind the compiler's back: FuncInfo.kinds lists them for
debug.setlocal and debug.setupvalue.
"""
from __future__ import annotations

from . import ast

NUMBER = "number"
TABLE = "table"
ARITH = frozenset(("+", "-", "*", "/", "%", "^"))
MULTI = (ast.Call, ast.Method, ast.Vararg)


class Var:
    """One Lua local declaration."""
    __slots__ = ("name", "func", "in_loop", "captured", "assigned", "pyname", "writes", "kind",
                 "integer", "counter", "function", "one_result")

    def __init__(self, name: str, func: "FuncScope", in_loop: bool) -> None:
        self.name = name
        self.func = func
        self.in_loop = in_loop
        self.captured = False
        self.assigned = False     # assigned after its declaration
        self.pyname = ""
        self.writes: list = []    # every value given to it: an expression or a kind
        self.kind = None          # NUMBER or TABLE when every value has that type
        self.integer = False      # a for loop's counter stepping by integers (below 2^53)
        self.counter = False      # a numeric for's counter, never assigned: never NaN
        self.function = None      # the ast.Function of a `local function` declaration
        self.one_result = False   # holds for good a function that returns one value

    @property
    def boxed(self) -> bool:
        return self.captured and self.in_loop


class FuncScope:
    """Per Lua function: its declarations and whether it uses labels."""
    __slots__ = ("node", "parent", "vars", "has_labels", "upvalues")

    def __init__(self, node: ast.Function, parent: "FuncScope | None") -> None:
        self.node = node
        self.parent = parent
        self.vars: list[Var] = []
        self.has_labels = False
        self.upvalues: set[int] = set()   # id(Var) of the outer locals it uses


class Resolution:
    """The result: lookups by node identity (AST nodes have no spare slots)."""

    def __init__(self) -> None:
        self.names: dict[int, Var | None] = {}      # id(Name) -> Var or None
        self.decls: dict[int, list[Var]] = {}       # id(Local/LocalFunction/For) -> Vars
        self.funcs: dict[int, FuncScope] = {}       # id(Function) -> FuncScope
        self.assigned_in: dict[int, list[Var]] = {}  # id(Function) -> Vars it assigns


MAX_UPVALUES = 120     # LuaJIT's LJ_MAX_UPVAL: a compile error beyond it


class Resolver:
    def __init__(self, chunkname: str = "?") -> None:
        self.chunkname = chunkname
        self.res = Resolution()
        self.blocks: list[dict[str, Var]] = []
        self.func: FuncScope | None = None
        self.loop_depth = 0

    def resolve(self, main: ast.Function) -> Resolution:
        self.function(main)
        return self.res

    # -- scopes --
    def declare(self, name: str) -> Var:
        var = Var(name, self.func, self.loop_depth > 0 or self.func.has_labels)
        self.func.vars.append(var)
        self.blocks[-1][name] = var
        return var

    def lookup(self, name: str) -> Var | None:
        for block in reversed(self.blocks):
            var = block.get(name)
            if var is not None:
                return var
        return None

    def function(self, node: ast.Function) -> None:
        outer_func, outer_loops = self.func, self.loop_depth
        self.func = FuncScope(node, outer_func)
        self.func.has_labels = _has_labels(node.body)
        self.res.funcs[id(node)] = self.func
        self.loop_depth = 0
        self.blocks.append({})
        self.res.decls[id(node)] = params = [self.declare(p) for p in node.params]
        for var in params:
            var.writes.append(None)
        self.stats(node.body)
        self.blocks.pop()
        self.func, self.loop_depth = outer_func, outer_loops

    def block(self, stats: list, loop: bool = False) -> None:
        self.blocks.append({})
        self.loop_depth += loop
        self.stats(stats)
        self.loop_depth -= loop
        self.blocks.pop()

    def stats(self, stats: list) -> None:
        for s in stats:
            getattr(self, "s_" + type(s).__name__)(s)

    # -- statements --
    def s_Local(self, s: ast.Local) -> None:
        for e in s.exprs:
            self.expr(e)
        self.res.decls[id(s)] = vars_ = [self.declare(n) for n in s.names]
        for i, var in enumerate(vars_):
            var.writes.append(value_at(s.exprs, i))

    def s_LocalFunction(self, s: ast.LocalFunction) -> None:
        var = self.declare(s.name)
        var.writes.append(None)
        var.function = s.func
        self.res.decls[id(s)] = [var]
        self.function(s.func)

    def s_Assign(self, s: ast.Assign) -> None:
        for i, t in enumerate(s.targets):
            if isinstance(t, ast.Name):
                var = self.name(t)
                if var is not None:
                    var.assigned = True
                    var.writes.append(value_at(s.exprs, i))
                    self.res.assigned_in.setdefault(id(self.func.node), []).append(var)
            else:
                self.expr(t)
        for e in s.exprs:
            self.expr(e)

    def s_CallStat(self, s: ast.CallStat) -> None:
        self.expr(s.call)

    def s_Do(self, s: ast.Do) -> None:
        self.block(s.body)

    def s_While(self, s: ast.While) -> None:
        self.expr(s.cond)
        self.block(s.body, loop=True)

    def s_Repeat(self, s: ast.Repeat) -> None:
        # the condition sees the body's locals: one scope for both
        self.blocks.append({})
        self.loop_depth += 1
        self.stats(s.body)
        self.expr(s.cond)
        self.loop_depth -= 1
        self.blocks.pop()

    def s_If(self, s: ast.If) -> None:
        for cond, body in s.tests:
            self.expr(cond)
            self.block(body)
        if s.orelse is not None:
            self.block(s.orelse)

    def s_NumFor(self, s: ast.NumFor) -> None:
        self.for_loop(s, [s.start, s.stop, s.step], [s.var], NUMBER)
        var = self.res.decls[id(s)][0]
        # forloop() makes a range of these: the values are exact integers
        var.integer = not var.assigned and _small_integer(s.start) and (
            s.step is None or _small_integer(s.step))
        # the body only runs while `i <= limit` (or >=) holds, never for a NaN
        var.counter = not var.assigned

    def s_GenFor(self, s: ast.GenFor) -> None:
        self.for_loop(s, s.exprs, s.names, None)

    def for_loop(self, s, exprs: list, names: list, kind) -> None:
        """The loop's expressions outside, its variables fresh inside."""
        for e in exprs:
            if e is not None:
                self.expr(e)
        self.loop_depth += 1
        self.blocks.append({})
        self.res.decls[id(s)] = vars_ = [self.declare(n) for n in names]
        for var in vars_:
            var.writes.append(kind)     # forloop() yields floats only
        self.stats(s.body)
        self.blocks.pop()
        self.loop_depth -= 1

    def s_Return(self, s: ast.Return) -> None:
        for e in s.exprs:
            self.expr(e)

    def s_Break(self, s) -> None:
        pass

    s_Goto = s_Label = s_Break

    # -- expressions --
    def name(self, e: ast.Name) -> Var | None:
        var = self.lookup(e.name)
        self.res.names[id(e)] = var
        if var is not None and var.func is not self.func:
            var.captured = True
            self.count_upvalue(var, e.line)
        return var

    def count_upvalue(self, var: Var, line: int) -> None:
        """Every function between the use and the declaration carries it."""
        func = self.func
        while func is not var.func:
            func.upvalues.add(id(var))
            if len(func.upvalues) > MAX_UPVALUES:
                from .lexer import LuaSyntaxError
                raise LuaSyntaxError(
                    f"{self.chunkname}:{line}: function at line {func.node.line} has more "
                    f"than {MAX_UPVALUES} upvalues".encode("utf-8", "surrogateescape"))
            func = func.parent

    def expr(self, e) -> None:
        cls = type(e)
        if cls is ast.Name:
            self.name(e)
        elif cls is ast.Function:
            self.function(e)
        elif cls is ast.Index:
            self.expr(e.obj)
            self.expr(e.key)
        elif cls is ast.Call:
            self.expr(e.func)
            for a in e.args:
                self.expr(a)
        elif cls is ast.Method:
            self.expr(e.obj)
            for a in e.args:
                self.expr(a)
        elif cls is ast.BinOp:
            self.expr(e.left)
            self.expr(e.right)
        elif cls is ast.UnOp:
            self.expr(e.operand)
        elif cls is ast.Paren:
            self.expr(e.expr)
        elif cls is ast.Table:
            for k, v in e.items:
                if k is not None:
                    self.expr(k)
                self.expr(v)


def _has_labels(stats: list) -> bool:
    """Whether a function body (not its nested functions) holds a label."""
    return any(type(s) is ast.Label for s in ast.statements(stats))


def _small_integer(e) -> bool:
    """A literal integer of magnitude below 2^53 (exact in a double)."""
    return (type(e) is ast.Number and not e.suffix and float(e.value).is_integer()
            and abs(e.value) < 2.0 ** 53)


def value_at(exprs: list, i: int):
    """The expression giving the i-th name of an assignment its value; None
    for a call's or a vararg's result or a missing value (nil)."""
    if i < len(exprs) and type(exprs[i]) not in MULTI:
        return exprs[i]
    return None


def infer_kinds(res: Resolution) -> None:
    """Set Var.kind for the uncaptured locals of one type (see the module doc).

    Per kind, the greatest fixpoint: assume every candidate has the kind,
    drop those given a value that is not of it under that assumption, until
    nothing changes. (Numbers only come from literals and arithmetic on
    numbers, so locals that only feed each other keep the kind.)
    """
    candidates = [v for f in res.funcs.values() for v in f.vars if not v.captured]
    for kind in (NUMBER, TABLE):
        for var in candidates:
            var.kind = kind
        changed = True
        while changed:
            changed = False
            for var in candidates:
                if var.kind is kind and any(kind_of(w, res) is not kind for w in var.writes):
                    var.kind = None
                    changed = True
        candidates = [v for v in candidates if v.kind is None]
    for f in res.funcs.values():
        for var in f.vars:
            var.writes = []     # only needed here
            var.one_result = (var.function is not None and not var.assigned
                              and returns_one(var.function))


def returns_one(func: ast.Function) -> bool:
    """Whether every call of func returns exactly one value, bare: its body
    ends in a return and every return gives one expression that is not a
    call (a tail call) or `...`. Then a call needs no result test."""
    body = func.body
    if not body or type(body[-1]) is not ast.Return:
        return False
    for st in ast.statements(body):
        if type(st) in (ast.Label, ast.Goto):
            return False
        if type(st) is ast.Return and (len(st.exprs) != 1 or type(st.exprs[0]) in MULTI):
            return False
    return True


# -- guarded regions -------------------------------------------------------

NUMERIC_OPS = ARITH | {"<", "<=", ">", ">=", "==", "~="}
LOOPS = (ast.While, ast.Repeat, ast.NumFor, ast.GenFor)
MAX_REGION = 200        # nodes: a guarded region's code is emitted twice


def guarded_kinds(stats: list, res: Resolution, root_loop: bool):
    """Locals a region of code (stats) can give a kind once a guard at its
    entry has seen them hold floats (NUMBER) or tables (TABLE).

    Returns (guarded, typed), lists of (Var, kind), or None. A number must
    stay one through the region's own writes, assuming every typed local
    has its kind; a table is one the region never assigns. `guarded` are
    the locals declared outside the region that it uses in arithmetic,
    comparisons or as a key (numbers), or indexes (tables); `typed` adds
    the region's own locals that are numbers under that assumption. The
    region is a function body, or one loop (root_loop); None when it does
    not qualify: it defines functions or labels (code that must exist
    once), holds loops (only innermost loops and loopless bodies are
    doubled, so code at most doubles), is large, or the copy would not
    drop enough class tests.
    """
    found = list(ast.nodes(stats))
    loops = [n for n in found if type(n) in LOOPS]
    if (len(found) > MAX_REGION or len(loops) > root_loop
            or any(type(n) in (ast.Function, ast.Label, ast.Goto) for n in found)):
        return None
    writes: dict[int, list] = {}
    inside: set[int] = set()
    for st in ast.statements(stats):
        for var, value in _region_writes(st, res):
            writes.setdefault(id(var), []).append(value)
            if type(st) is not ast.Assign:
                inside.add(id(var))

    def untyped(n) -> Var | None:
        var = res.names.get(id(n)) if type(n) is ast.Name else None
        return var if var is not None and var.kind is None and not var.captured else None

    operands = [untyped(n) for n in _numeric_operands(found)]
    keys = [untyped(n.key) for n in found if type(n) is ast.Index]
    objects = [untyped(n.obj) for n in found if type(n) in (ast.Index, ast.Method)]
    candidates = {id(v): v for v in operands if v is not None}
    candidates.update((id(v), v) for v in map(untyped, found)
                      if v is not None and (id(v) in inside or id(v) in writes))
    numbers = _assume_numbers(list(candidates.values()), writes, res)
    number_ids = {id(v) for v in numbers}
    tables = {id(v): v for v in objects
              if v is not None and id(v) not in writes and id(v) not in number_ids}
    guarded = [(v, NUMBER) for v in numbers if id(v) not in inside]
    guarded += [(v, TABLE) for v in tables.values()]
    saved = (sum(1 for v in operands + keys if id(v) in number_ids)
             + sum(1 for v in objects if id(v) in tables))
    # a loop's guard runs once and saves tests each iteration; a body's
    # guard runs as often as the tests it saves
    if not guarded or saved < (1 if root_loop else len(guarded) + 2):
        return None
    return guarded, [(v, NUMBER) for v in numbers] + [(v, TABLE) for v in tables.values()]


def _region_writes(st, res: Resolution):
    """(Var, value) for each local a statement gives a value."""
    cls = type(st)
    if cls is ast.Local:
        return [(v, value_at(st.exprs, i)) for i, v in enumerate(res.decls[id(st)])]
    if cls is ast.Assign:
        return [(res.names[id(t)], value_at(st.exprs, i)) for i, t in enumerate(st.targets)
                if type(t) is ast.Name and res.names.get(id(t)) is not None]
    if cls is ast.NumFor:
        return [(res.decls[id(st)][0], NUMBER)]
    if cls is ast.GenFor:
        return [(v, None) for v in res.decls[id(st)]]
    return []


def _numeric_operands(found: list):
    """The Name nodes used as operands of arithmetic or comparisons."""
    for n in found:
        cls = type(n)
        if cls is ast.BinOp and n.op in NUMERIC_OPS:
            operands = (n.left, n.right)
        elif cls is ast.UnOp and n.op == "-":
            operands = (n.operand,)
        else:
            continue
        for x in operands:
            if type(x) is ast.Name:
                yield x


def _assume_numbers(vars_: list, writes: dict, res: Resolution) -> list:
    """The greatest set of vars_ that the region's writes keep numbers
    (as infer_kinds, with only these writes). Leaves every kind None."""
    for var in vars_:
        var.kind = NUMBER
    changed = True
    while changed:
        changed = False
        for var in vars_:
            if var.kind is NUMBER and any(kind_of(w, res) is not NUMBER
                                          for w in writes.get(id(var), ())):
                var.kind = None
                changed = True
    typed = [v for v in vars_ if v.kind is NUMBER]
    for var in typed:
        var.kind = None
    return typed


def kind_of(e, res: Resolution):
    """NUMBER or TABLE if the value of e surely has that type, else None."""
    if e is None or e.__class__ is str:
        return e
    cls = type(e)
    if cls is ast.Number:
        return None if e.suffix else NUMBER     # 1LL is cdata
    if cls is ast.Table:
        return TABLE
    if cls is ast.Paren:
        return kind_of(e.expr, res)
    if cls is ast.Name:
        var = res.names.get(id(e))
        return None if var is None else var.kind
    if cls is ast.BinOp and e.op in ARITH:
        both = kind_of(e.left, res) is NUMBER and kind_of(e.right, res) is NUMBER
        return NUMBER if both else None
    if cls is ast.UnOp and e.op == "-":
        return NUMBER if kind_of(e.operand, res) is NUMBER else None
    if cls is ast.UnOp and e.op == "#":     # no __len for tables in 5.1
        return NUMBER if kind_of(e.operand, res) is TABLE else None
    return None


def resolve(main: ast.Function, chunkname: str = "?") -> Resolution:
    res = Resolver(chunkname).resolve(main)
    infer_kinds(res)
    return res
