"""Tier 0: arithmetic expressions compiled as one tree (a Compiler mixin).

Compiled operator by operator, `s + a * b` tests the class of `a * b`'s
result before the `+`, although it is a float whenever `a` and `b` are:
only the slow path (`mul`, metamethods) may give something else. Here the
whole tree of `+ - * / %` and unary minus is compiled at once:

    X if <every leaf is a float> else <the helpers, nested>

where X is plain Python arithmetic on the leaves (the operands that are not
themselves such operators), and the slow path calls add/mul/... on the same
leaf values, in Lua's order. Every leaf is computed exactly once, before
both paths.

Hot path: this is the code of every numeric expression with an operand
whose type tier 0 cannot know (a field, a call's result, an upvalue).

Evaluation order: Lua computes `a*b + c` as a, b, a*b, c, +. Here the
leaves come first (a, b, c), then the operators. That is only the same
program when the leaves that Lua computes after an operator are pure: a
literal or a local (an operator can run a metamethod or raise an error,
which must come before a call or a field read that Lua does later). Trees
where that does not hold are compiled operator by operator as before.
"""
from __future__ import annotations

import ast as py

from . import ast
from .scope import NUMBER

FUSED_OPS = {"+": py.Add, "-": py.Sub, "*": py.Mult, "/": py.Div, "%": py.Mod}
HELPERS = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod"}


def _unparen(e):
    while type(e) is ast.Paren:
        e = e.expr
    return e


class Leaf:
    """An operand of a fused tree: its node and, once compiled, its Operand."""
    __slots__ = ("node", "op")

    def __init__(self, node) -> None:
        self.node = node
        self.op = None


class FusedArith:
    """Compiler methods for fused arithmetic trees (see the module doc)."""

    def is_arith_node(self, e) -> bool:
        """An operator of a fused tree: + - * / % or unary minus, whose
        result type is not known statically (a known number is a leaf:
        pure, no test)."""
        e = _unparen(e)
        cls = type(e)
        if not ((cls is ast.BinOp and e.op in FUSED_OPS) or (cls is ast.UnOp and e.op == "-")):
            return False
        return self.kind(e) is not NUMBER

    def tree_leaves(self, roots: list) -> list | None:
        """The leaves of the trees under roots, in Lua's order of evaluation,
        or None if the tree cannot be fused (a leaf computed after an
        operator is not pure, or a constant is not a number)."""
        leaves: list[Leaf] = []
        seen_op = False

        def walk(e) -> bool:
            nonlocal seen_op
            e = _unparen(e)
            if self.is_arith_node(e):
                ok = walk(e.operand) if type(e) is ast.UnOp else walk(e.left) and walk(e.right)
                seen_op = True
                return ok
            if not self.fusable_leaf(e, seen_op):
                return False
            leaves.append(Leaf(e))
            return True

        for root in roots:
            if not walk(root):
                return None
        return leaves

    def fusable_leaf(self, e, after_op: bool) -> bool:
        cls = type(e)
        if cls in (ast.String, ast.Nil, ast.TrueExpr, ast.FalseExpr, ast.Table, ast.Function,
                   ast.Vararg):
            return False        # not a number: no fast path to speak of
        if cls is ast.Number:
            return not e.suffix
        if not after_op:
            return True
        # computed after an operator: must be pure (an operator may fail first)
        if cls is ast.Name:
            return self.res.names.get(id(e)) is not None
        return self.kind(e) is NUMBER

    def fuse_leaves(self, leaves: list):
        """Compile the leaves in order; their combined float test (None if
        none is needed). Computed leaves are tested with `&` (each must be
        computed, even after a failed test); locals are tested last, with
        `and`, and read by the operators after every computed leaf: as in
        Lua, where an operator reads a local's register when it runs (and
        in a fused tree every operator runs after every computed leaf)."""
        computed, stable = [], []
        tested = set()
        for leaf in leaves:
            op = self.operand(leaf.node)
            leaf.op = op
            if op.number:
                if not op.simple:
                    computed.append(py.Compare(op.first, [py.IsNot()], [py.Constant(None)]))
                continue
            if op.simple and isinstance(op.use, py.Name) and op.use.id in tested:
                continue
            test = py.Compare(py.Attribute(op.first, "__class__", py.Load()), [py.Is()],
                              [py.Name("float", py.Load())])
            if op.simple:
                if isinstance(op.use, py.Name):
                    tested.add(op.use.id)
                stable.append(test)
            else:
                computed.append(test)
        tests = []
        if computed:
            tests.append(every(computed))
        tests.extend(stable)
        if not tests:
            return None
        return tests[0] if len(tests) == 1 else py.BoolOp(py.And(), tests)

    def fast_tree(self, e, leaves: list):
        """The tree as Python arithmetic on float leaves (leaves consumed in order)."""
        e = _unparen(e)
        if not self.is_arith_node(e):
            return leaves.pop(0).op.use
        if type(e) is ast.UnOp:
            return py.UnaryOp(py.USub(), self.fast_tree(e.operand, leaves))
        a = self.fast_tree(e.left, leaves)
        b = self.fast_tree(e.right, leaves)
        if e.op == "/":
            return self.fast_division(a, b)
        if e.op == "%":
            return self.float_mod(e, a, b)
        return py.BinOp(a, FUSED_OPS[e.op](), b)

    def float_mod(self, e, a, b):
        """a % b on floats, as runtime.num_mod computes it: Python's `%`
        where that is exact (exact_mod); inline for a name or literal by a
        nonzero literal (hot path: `n % 2`, `h % 1000000007`, no call);
        else num_mod. Its quotient temp is dead once the expression is."""
        if self.exact_mod(e):
            return py.BinOp(a, py.Mod(), b)
        if not (isinstance(b, py.Constant) and type(b.value) is float and b.value != 0.0
                and isinstance(a, (py.Name, py.Constant))):
            return py.Call(py.Name("num_mod", py.Load()), [a, b], [])
        q = self.temp()
        self.free()
        q_use = py.Name(q, py.Load())
        # num_mod's x - floor(x / y) * y, floor as `// 1.0` but for inf and nan
        finite = py.Compare(py.BinOp(py.NamedExpr(py.Name(q, py.Store()), py.BinOp(a, py.Div(), b)),
                                     py.Sub(), q_use), [py.Eq()], [py.Constant(0.0)])
        floor = py.IfExp(finite, py.BinOp(q_use, py.FloorDiv(), py.Constant(1.0)), q_use)
        return py.BinOp(a, py.Sub(), py.BinOp(floor, py.Mult(), b))

    def fast_division(self, a, b):
        """a / b on floats: Python's `/` raises on zero where Lua gives
        inf or nan, so a divisor that may be zero is tested (num_div then).
        The dividend is read in both branches: a computed one goes to
        num_div, which would otherwise double the code per nesting."""
        if isinstance(b, py.Constant) and b.value != 0.0:
            return py.BinOp(a, py.Div(), b)
        if not isinstance(a, (py.Name, py.Constant)):
            return py.Call(py.Name("num_div", py.Load()), [a, b], [])
        if isinstance(b, py.Name):
            d_use, d_first = b, b
        else:
            d = self.temp()
            d_use, d_first = py.Name(d, py.Load()), py.NamedExpr(py.Name(d, py.Store()), b)
        slow = py.Call(py.Name("num_div", py.Load()), [a, d_use], [])
        return py.IfExp(d_first, py.BinOp(a, py.Div(), d_use), slow)

    def slow_tree(self, e, leaves: list):
        """The tree as nested helper calls on the leaves (consumed in order),
        each with its site for the error message."""
        e = _unparen(e)
        if not self.is_arith_node(e):
            return leaves.pop(0).op.use
        if type(e) is ast.UnOp:
            s = self.site("arith", self.describe(e.operand))
            return self.at(py.Call(py.Name("unm", py.Load()), [self.slow_tree(e.operand, leaves)], []),
                           s, e.line)
        a = self.slow_tree(e.left, leaves)
        b = self.slow_tree(e.right, leaves)
        s = self.site("arith", self.describe(e.left), self.describe(e.right))
        return self.at(py.Call(py.Name(HELPERS[e.op], py.Load()), [a, b], []), s, e.line)

    def fused(self, roots: list, combine_fast, combine_slow):
        """Roots compiled as one fused tree, or None if they do not qualify:
        combine_fast/combine_slow join the roots' fast and slow forms."""
        leaves = self.tree_leaves(roots)
        if leaves is None:
            return None
        mark = self.fs.temps
        test = self.fuse_leaves(leaves)
        fast = combine_fast(*self._forms(roots, leaves, self.fast_tree))
        slow = combine_slow(*self._forms(roots, leaves, self.slow_tree))
        self.fs.temps = mark
        if test is None:
            return fast
        return py.IfExp(test, fast, slow)

    def _forms(self, roots: list, leaves: list, build) -> list:
        pending = list(leaves)
        return [build(r, pending) for r in roots]

    def fused_arith(self, e):
        """An arithmetic operator whose operand is itself one: fused, or None."""
        if e.op not in FUSED_OPS or not (self.is_arith_node(e.left) or self.is_arith_node(e.right)):
            return None
        return self.fused([e], lambda x: x, lambda x: x)

    def fused_compare(self, e, pyop, helper: str, swap: bool):
        """a < b (<=, >, >=) with an arithmetic operand: fused, or None."""
        if not (self.is_arith_node(e.left) or self.is_arith_node(e.right)):
            return None
        s = self.site("compare")

        def fast(x, y):
            if swap:
                x, y = y, x
            return py.Compare(x, [pyop()], [y])

        def slow(x, y):
            if swap:
                x, y = y, x
            return self.at(py.Call(py.Name(helper, py.Load()), [x, y], []), s, e.line)

        return self.fused([e.left, e.right], fast, slow)


def every(tests: list):
    """The conjunction of tests that must all be evaluated, in order (each
    may compute an operand into a temp the slow path reads): joined by `&`.

    Hot path (arithmetic on two computed operands): two class tests
    against the same class chain as `x.__class__ is y.__class__ is float`,
    which computes both operands before comparing and costs less than `&`
    of two booleans (a generic binary operation in CPython 3.11). Only the
    first two: a longer chain would stop computing at the first mismatch."""
    node = tests[0]
    rest = tests[1:]
    cls = _chained_class(node)
    if cls is not None and rest and _chained_class(rest[0]) == cls:
        node = py.Compare(node.left, [py.Is(), py.Is()], [rest[0].left, py.Name(cls, py.Load())])
        rest = rest[1:]
    for t in rest:
        node = py.BinOp(node, py.BitAnd(), t)
    return node


def _chained_class(test):
    """C for a test `x.__class__ is C` (C a name), else None."""
    if type(test) is py.Compare and len(test.ops) == 1 and type(test.ops[0]) is py.Is \
            and type(test.left) is py.Attribute and test.left.attr == "__class__" \
            and type(test.comparators[0]) is py.Name:
        return test.comparators[0].id
    return None
