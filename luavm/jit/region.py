"""Region selection: which Lua functions and loops tier 0 gives a hot counter.

Run by tier 0 (compiler.py) on the syntax tree, before any value is known.
A loop, or a function with a loop or a call in it, whose code uses only what
tier 1 compiles (numbers, booleans, strings, locals, arithmetic, comparisons,
the loops, calls of named functions, table constructors, reads and stores,
`#`) becomes a *region*
with a counter; typing (typer.py) decides later, from the values at its
entry, whether it really compiles. Any other loop gets a counter at its
entry only, so that when it gets hot `-jv` can say why it is not compiled.

For a loop the Site also lists the outer locals it uses (`vars`: the values
tier 0 hands over at entry, in that order) and those it assigns (`outs`:
what tier 0 takes back when the region finished the loop).
"""
from __future__ import annotations

from .. import ast
from ..scope import Resolution

LOOPS = (ast.While, ast.Repeat, ast.NumFor, ast.GenFor)
ARITH_OPS = frozenset("+ - * / % ^ == ~= < <= > >= and or".split())


class Site:
    """What tier 0 knows of a region: filled in by region selection, used by
    the dispatcher (site.py) when the counter fires."""

    def __init__(self, kind: str, node, func: ast.Function, res: Resolution, chunkname: str,
                 vars_: list, outs: list, reason: tuple = ("", 0)) -> None:
        self.kind = kind          # 'function', 'loop', or 'nyi' (a loop that cannot compile)
        self.node = node          # the ast.Function or loop statement
        self.func = func          # the Lua function it belongs to
        self.res = res
        self.chunkname = chunkname
        self.vars = vars_         # scope.Var of each value handed over, in order
        self.outs = outs          # scope.Var of each value handed back
        self.reason, self.reason_line = reason   # why a 'nyi' loop cannot compile
        self.has_return = kind == "loop" and any(
            type(s) is ast.Return for s in ast.statements(node.body))

    @property
    def line(self) -> int:
        return self.node.line


def function_site(node: ast.Function, res: Resolution, chunkname: str) -> Site | None:
    """A region for a whole function with a loop or a call of itself, or
    None. Entering native code from tier 0 costs more than a small
    function's whole run: a loopless one is compiled into the regions
    that call it, not on its own (recursion stays native, though)."""
    if node.is_vararg or not (_has_loop(node.body) or _calls_itself(node)):
        return None
    if _unsupported(node.body, res, node, write_outer=False) is not None:
        return None
    params = res.decls[id(node)]
    ups = [v for v in _outer_vars(node.body, res, node) if v.func.node is not node]
    return Site("function", node, node, res, chunkname, list(params) + ups, [])


def loop_site(loop, func: ast.Function, res: Resolution, chunkname: str) -> Site:
    """A region for a loop statement: compilable ('loop') or not ('nyi')."""
    if type(loop) is ast.GenFor:        # tier 0 cannot go on from a turn of one
        return Site("nyi", loop, func, res, chunkname, [], [], ("NYI: generic for", loop.line))
    reason = _unsupported([loop], res, func, write_outer=True) or _goto_out(loop)
    if reason is not None:
        return Site("nyi", loop, func, res, chunkname, [], [], reason)
    inner = {id(v) for v in _declared(loop, res)}
    vars_, outs = [], []
    for var in _outer_vars([loop], res, func):
        if id(var) not in inner:
            vars_.append(var)
    assigned = _assigned([loop], res)
    outs = [v for v in vars_ if id(v) in assigned]
    return Site("loop", loop, func, res, chunkname, vars_, outs)


def loop_parents(body: list, parent=None, out: dict | None = None) -> dict:
    """id(loop) -> the loop it is nested in (None: none), for the loops of
    one function body (not those of the functions inside it)."""
    out = {} if out is None else out
    for s in body:
        cls = type(s)
        if cls in LOOPS:
            out[id(s)] = parent
            loop_parents(s.body, s, out)
        elif cls is ast.If:
            for _, block in s.tests:
                loop_parents(block, parent, out)
            loop_parents(s.orelse or [], parent, out)
        elif cls is ast.Do:
            loop_parents(s.body, parent, out)
    return out


# -- what tier 1 compiles -------------------------------------------------------

def _unsupported(stats: list, res: Resolution, func: ast.Function, write_outer: bool):
    """Why these statements cannot compile ("NYI: ...", line), or None."""
    for s in ast.statements(stats):
        why = _statement(s, res, func, write_outer)
        if why is not None:
            return f"NYI: {why}", s.line
        for e in _expressions(s):
            for node in _walk(e):
                why = _expression(node)
                if why is not None:
                    return f"NYI: {why}", node.line
    return None


def ipairs_loop(s) -> bool:
    """`for i, v in ipairs(t)`: the generic for a region holds (not as its root)."""
    e = s.exprs[0] if len(s.exprs) == 1 else None
    return (type(e) is ast.Call and _dotted(e.func) == "ipairs" and len(e.args) == 1
            and len(s.names) <= 2)


def _goto_out(loop):
    """A goto to a label outside the loop (which its region does not hold)."""
    inside = {s.label for s in ast.statements(loop.body) if type(s) is ast.Label}
    for s in ast.statements(loop.body):
        if type(s) is ast.Goto and s.label not in inside:
            return "NYI: goto out of the loop", s.line
    return None


def _statement(s, res: Resolution, func: ast.Function, write_outer: bool):
    cls = type(s)
    if cls is ast.GenFor and not ipairs_loop(s):
        return "generic for"
    if cls is ast.LocalFunction:
        return "closure"
    if cls is ast.Assign:
        for t in s.targets:
            if type(t) is not ast.Name:
                continue
            var = res.names.get(id(t))
            if var is None:
                return "global store"
            if var.func.node is not func and not write_outer:
                return "upvalue store"
    if cls is ast.Return and len(s.exprs) > 1:
        return "multiple results"
    return None


def _expression(e):
    cls = type(e)
    if cls is ast.Vararg:
        return "vararg"
    if cls is ast.Function:
        return "closure"
    if cls is ast.Number and e.suffix:
        return "64-bit integer literal"
    if cls is ast.Call and not _named(e.func):
        return "call of a computed function"
    return None


def _named(e) -> bool:
    """A name or a chain of constant fields (math.floor, a.b.c)."""
    while type(e) is ast.Index:
        if type(e.key) is not ast.String:
            return False
        e = e.obj
    return type(e) is ast.Name


def _walk(e):
    """The expression nodes of e; a field key string is part of its Index."""
    stack = [e]
    while stack:
        node = stack.pop()
        yield node
        cls = type(node)
        if cls is ast.Index:
            stack.append(node.obj)
            if type(node.key) is not ast.String:
                stack.append(node.key)
        elif cls is ast.BinOp:
            stack += (node.left, node.right)
        elif cls is ast.UnOp:
            stack.append(node.operand)
        elif cls is ast.Paren:
            stack.append(node.expr)
        elif cls is ast.Call:
            stack.append(node.func)
            stack += node.args
        elif cls is ast.Method:
            stack.append(node.obj)
            stack += node.args
        elif cls is ast.Table:
            for key, value in node.items:
                if key is not None and type(key) is not ast.String:
                    stack.append(key)
                stack.append(value)


def _expressions(s) -> list:
    """The expressions a statement evaluates itself (not its nested blocks')."""
    cls = type(s)
    if cls is ast.Local or cls is ast.Return:
        return list(s.exprs)
    if cls is ast.Assign:
        return [t for t in s.targets if type(t) is not ast.Name] + list(s.exprs)
    if cls is ast.CallStat:
        return [s.call]
    if cls is ast.While or cls is ast.Repeat:
        return [s.cond]
    if cls is ast.If:
        return [c for c, _ in s.tests]
    if cls is ast.NumFor:
        return [x for x in (s.start, s.stop, s.step) if x is not None]
    if cls is ast.GenFor:
        return list(s.exprs)
    return []


def _has_loop(stats: list) -> bool:
    return any(isinstance(s, LOOPS) for s in ast.statements(stats))


def _calls_itself(node: ast.Function) -> bool:
    """A call in the function of a name (or field chain) spelled as its own."""
    name = node.name.replace(":", ".")
    for s in ast.statements(node.body):
        for e in _expressions(s):
            for n in _walk(e):
                if type(n) is ast.Call and _dotted(n.func) == name:
                    return True
    return False


def _dotted(e) -> str | None:
    """The text of a name or a chain of constant fields (a.b.c)."""
    parts = []
    while type(e) is ast.Index and type(e.key) is ast.String:
        parts.append(e.key.value.decode("latin-1"))
        e = e.obj
    if type(e) is not ast.Name:
        return None
    return ".".join([e.name] + parts[::-1])


# -- the locals a region uses ---------------------------------------------------

def _outer_vars(stats: list, res: Resolution, func: ast.Function) -> list:
    """Every local Var the statements name, in first-use order."""
    found, seen = [], set()
    for node in ast.nodes(stats):
        if type(node) is ast.Name:
            var = res.names.get(id(node))
            if var is not None and id(var) not in seen:
                seen.add(id(var))
                found.append(var)
    return found


def _declared(loop, res: Resolution) -> list:
    """The locals declared inside a loop (its own counter included)."""
    out = list(res.decls.get(id(loop), ()))
    for s in ast.statements(loop.body):
        out += res.decls.get(id(s), ())
    return out


def _assigned(stats: list, res: Resolution) -> set:
    ids = set()
    for s in ast.statements(stats):
        if type(s) is ast.Assign:
            for t in s.targets:
                var = res.names.get(id(t)) if type(t) is ast.Name else None
                if var is not None:
                    ids.add(id(var))
    return ids
