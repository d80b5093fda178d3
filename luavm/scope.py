"""Name resolution for tier 0: which Lua names are locals, upvalues or globals.

One pass over a chunk's tree before code generation. For every `Name` node
it records the local declaration it refers to (or None for a global); for
every declaration, whether an inner function captures it and whether it is
declared inside a loop of its own function. A captured local declared in a
loop must be fresh per iteration, which Python's cells are not: tier 0 then
keeps it in a one-slot box (see compiler.py).
"""
from __future__ import annotations

from . import ast


class Var:
    """One Lua local declaration."""
    __slots__ = ("name", "func", "in_loop", "captured", "assigned", "pyname")

    def __init__(self, name: str, func: "FuncScope", in_loop: bool) -> None:
        self.name = name
        self.func = func
        self.in_loop = in_loop
        self.captured = False
        self.assigned = False     # assigned after its declaration
        self.pyname = ""

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
        self.res.decls[id(node)] = [self.declare(p) for p in node.params]
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
        self.res.decls[id(s)] = [self.declare(n) for n in s.names]

    def s_LocalFunction(self, s: ast.LocalFunction) -> None:
        self.res.decls[id(s)] = [self.declare(s.name)]
        self.function(s.func)

    def s_Assign(self, s: ast.Assign) -> None:
        for t in s.targets:
            if isinstance(t, ast.Name):
                var = self.name(t)
                if var is not None:
                    var.assigned = True
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
        self.for_loop(s, [s.start, s.stop, s.step], [s.var])

    def s_GenFor(self, s: ast.GenFor) -> None:
        self.for_loop(s, s.exprs, s.names)

    def for_loop(self, s, exprs: list, names: list) -> None:
        """The loop's expressions outside, its variables fresh inside."""
        for e in exprs:
            if e is not None:
                self.expr(e)
        self.loop_depth += 1
        self.blocks.append({})
        self.res.decls[id(s)] = [self.declare(n) for n in names]
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


def resolve(main: ast.Function, chunkname: str = "?") -> Resolution:
    return Resolver(chunkname).resolve(main)
