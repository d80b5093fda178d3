"""The Lua syntax tree: one class per node, with the source line of each.

The parser builds these; the tier-0 compiler (compiler.py) turns them into
Python code; tier 1 will read them again. A `Block` is a plain list of
statements. Names are left unresolved here: the compiler decides local,
upvalue or global.
"""
from __future__ import annotations

from .value import interned


class Node:
    """Base of every node: Cls(line, *fields) fills the slots in order."""
    __slots__ = ("line",)
    line: int

    def __init__(self, line: int, *fields) -> None:
        self.line = line
        for name, value in zip(self.__slots__, fields):
            setattr(self, name, value)

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n, None)!r}" for n in self.__slots__)
        return f"{type(self).__name__}@{self.line}({fields})"


# -- expressions -----------------------------------------------------------

class Nil(Node):            # nil
    __slots__ = ()

class TrueExpr(Node):       # true
    __slots__ = ()

class FalseExpr(Node):      # false
    __slots__ = ()

class Number(Node):         # numeric literal; value is a float (LL/ULL: int with suffix)
    __slots__ = ("value", "suffix")

class String(Node):         # string literal; value is bytes
    __slots__ = ("value",)

    def __init__(self, line: int, value: bytes) -> None:
        self.line = line
        self.value = interned(value)


def name_key(name: str) -> bytes:
    """The table key of a global or method name (the environment's or the
    object's field), interned as its string literal would be."""
    return interned(name.encode("utf-8", "surrogateescape"))


class Vararg(Node):         # ...
    __slots__ = ()

class Function(Node):       # function (params) body end; name is for tracebacks
    __slots__ = ("params", "is_vararg", "body", "name", "end_line")

class Name(Node):           # a variable reference
    __slots__ = ("name",)

class Index(Node):          # obj[key]; obj.name is Index(obj, String(name))
    __slots__ = ("obj", "key")

class Call(Node):           # func(args)
    __slots__ = ("func", "args")

class Method(Node):         # obj:name(args)
    __slots__ = ("obj", "name", "args")

class BinOp(Node):          # left op right; op is the Lua token: + - * / % ^ .. == ~= < <= > >= and or
    __slots__ = ("op", "left", "right")

class UnOp(Node):           # op operand; op is one of: - not #
    __slots__ = ("op", "operand")

class Paren(Node):          # (expr): truncates a multi-value expression to one value
    __slots__ = ("expr",)

class Table(Node):          # { items }: items are (key or None, value) in source order
    __slots__ = ("items",)


# -- statements ------------------------------------------------------------

class Local(Node):          # local names = exprs
    __slots__ = ("names", "exprs")

class LocalFunction(Node):  # local function name ... end (name is in scope in its body)
    __slots__ = ("name", "func")

class Assign(Node):         # targets = exprs; targets are Name or Index
    __slots__ = ("targets", "exprs")

class CallStat(Node):       # a call used as a statement: Call or Method
    __slots__ = ("call",)

class Do(Node):             # do body end
    __slots__ = ("body",)

class While(Node):          # while cond do body end
    __slots__ = ("cond", "body")

class Repeat(Node):         # repeat body until cond (cond sees the body's locals)
    __slots__ = ("body", "cond")

class If(Node):             # if c1 then b1 elseif c2 then b2 ... else orelse end
    __slots__ = ("tests", "orelse")  # tests: list of (cond, block); orelse: block or None

class NumFor(Node):         # for var = start, stop[, step] do body end
    __slots__ = ("var", "start", "stop", "step", "body")  # step may be None

class GenFor(Node):         # for names in exprs do body end
    __slots__ = ("names", "exprs", "body")

class Return(Node):         # return exprs
    __slots__ = ("exprs",)

class Break(Node):          # break
    __slots__ = ()

class Goto(Node):           # goto label
    __slots__ = ("label",)

class Label(Node):          # ::label::
    __slots__ = ("label",)


# -- walks -----------------------------------------------------------------

_BLOCK_STATEMENTS = (Do, While, Repeat, NumFor, GenFor)


def statements(block: list):
    """Every statement of a block and its nested blocks, not entering
    function bodies (labels and gotos belong to one function)."""
    stack = list(reversed(block))
    while stack:
        s = stack.pop()
        yield s
        if isinstance(s, _BLOCK_STATEMENTS):
            stack.extend(reversed(s.body))
        elif isinstance(s, If):
            if s.orelse:
                stack.extend(reversed(s.orelse))
            for _, body in reversed(s.tests):
                stack.extend(reversed(body))


def nodes(root):
    """Every node below root (a node, or a list/tuple of them), nested
    functions included."""
    stack = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(x for x in item if x is not None)
        elif isinstance(item, Node):
            yield item
            for slot in type(item).__slots__:
                child = getattr(item, slot, None)
                if isinstance(child, (list, tuple, Node)):
                    stack.append(child)

