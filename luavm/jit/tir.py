"""The typed IR of tier 1: a region's code with a type on every value.

The typing pass (typer.py) builds it from the Lua syntax tree and the values
a region meets at its entry; lowering (lower.py) turns it into LLVM IR, and
`-jdump` prints it (`listing`). It keeps Lua's structured control flow
(if, loops, break, return) and names every local: a Var is one storage slot,
which LLVM's mem2reg later turns into SSA values.

Types: NUM (a double), BOOL (an i1), NIL (no storage: the value is nil),
TAB (a pointer to a Lua table, read through the C API: lower_table.py; a
table read from a table may be nil, a NULL pointer, where the key is
absent: code that indexes it checks first).
A function's result type may also be NONE (it returns no value).
"""
from __future__ import annotations

NUM = "num"
BOOL = "bool"
NIL = "nil"
TAB = "tab"
NONE = "none"


class Var:
    """A local of a compiled function (a Lua local, a parameter, or a loop
    region's outer local): one slot of a fixed type."""
    __slots__ = ("name", "type", "index")

    def __init__(self, name: str, type_: str, index: int) -> None:
        self.name = name
        self.type = type_
        self.index = index

    def __repr__(self) -> str:
        return f"{self.name}#{self.index}"


# -- expressions: every one has .type -------------------------------------------

class Expr:
    __slots__ = ("type",)


class Const(Expr):
    __slots__ = ("value",)

    def __init__(self, type_: str, value) -> None:
        self.type = type_
        self.value = value      # float, bool, None, or a Table (kept by a guard)


class Load(Expr):
    __slots__ = ("var",)

    def __init__(self, var: Var) -> None:
        self.type = var.type
        self.var = var


class Input(Expr):
    """A value read once at the region's entry (an upvalue, a global, a
    constant table's field): its slot in the entry buffer."""
    __slots__ = ("slot", "what")

    def __init__(self, type_: str, slot: int, what: str) -> None:
        self.type = type_
        self.slot = slot
        self.what = what


class Index(Expr):
    """t[key] read raw from a table: key a number Expr or a string (bytes);
    the type is what typing speculated from a sample, checked at run time."""
    __slots__ = ("obj", "key")

    def __init__(self, type_: str, obj: Expr, key) -> None:
        self.type = type_
        self.obj, self.key = obj, key


class Len(Expr):            # #t of a table, as tier 0 computes it
    __slots__ = ("obj",)

    def __init__(self, obj: Expr) -> None:
        self.type = NUM
        self.obj = obj


class Arith(Expr):          # + - * / % ^ on numbers
    __slots__ = ("op", "a", "b")

    def __init__(self, op: str, a: Expr, b: Expr) -> None:
        self.type = NUM
        self.op, self.a, self.b = op, a, b


class Neg(Expr):
    __slots__ = ("a",)

    def __init__(self, a: Expr) -> None:
        self.type = NUM
        self.a = a


class Compare(Expr):        # < <= > >= == ~= on two numbers or two booleans
    __slots__ = ("op", "a", "b")

    def __init__(self, op: str, a: Expr, b: Expr) -> None:
        self.type = BOOL
        self.op, self.a, self.b = op, a, b


class Not(Expr):            # `not x` for x of any type: Lua's truth
    __slots__ = ("a",)

    def __init__(self, a: Expr) -> None:
        self.type = BOOL
        self.a = a


class Present(Expr):        # a TAB value is not nil (Lua's truth of a table or nil)
    __slots__ = ("a",)

    def __init__(self, a: Expr) -> None:
        self.type = BOOL
        self.a = a


class Logic(Expr):          # `a and b`, `a or b` on booleans: short-circuit
    __slots__ = ("op", "a", "b")

    def __init__(self, op: str, a: Expr, b: Expr) -> None:
        self.type = BOOL
        self.op, self.a, self.b = op, a, b


class Select(Expr):         # `c and x or y` with x never false: c's truth picks
    __slots__ = ("cond", "a", "b")

    def __init__(self, cond: Expr, a: Expr, b: Expr) -> None:
        self.type = a.type
        self.cond, self.a, self.b = cond, a, b


class Seq(Expr):            # evaluate `first` for its effects, the value is `then`
    __slots__ = ("first", "then")

    def __init__(self, first: Expr, then: Expr) -> None:
        self.type = then.type
        self.first, self.then = first, then


class After(Expr):          # evaluate `value`, then `effect` for its effects: the value is `value`
    __slots__ = ("value", "effect")

    def __init__(self, value: Expr, effect: Expr) -> None:
        self.type = value.type
        self.value, self.effect = value, effect


class Call(Expr):           # a call of another compiled Lua function
    __slots__ = ("func", "args")

    def __init__(self, func: "Function", args: list) -> None:
        self.type = func.ret if func.ret != NONE else NIL
        self.func, self.args = func, args


class Intrinsic(Expr):      # math.* and bit.*: intrinsics.py lowers them
    __slots__ = ("name", "args")

    def __init__(self, name: str, args: list) -> None:
        self.type = NUM
        self.name, self.args = name, args


# -- statements -------------------------------------------------------------------

class Assign:               # all values first, then the stores (Lua's order)
    __slots__ = ("vars", "exprs", "line")

    def __init__(self, vars_: list, exprs: list, line: int) -> None:
        self.vars, self.exprs, self.line = vars_, exprs, line


class Store:                # t[key] = value, raw (lower_undo.py logs it)
    __slots__ = ("obj", "key", "value", "line")

    def __init__(self, obj: Expr, key, value: Expr, line: int) -> None:
        self.obj, self.key, self.value, self.line = obj, key, value, line


class Eval:                 # a call whose results are dropped
    __slots__ = ("expr", "line")

    def __init__(self, expr: Expr, line: int) -> None:
        self.expr, self.line = expr, line


class If:
    __slots__ = ("cond", "then", "orelse", "line")

    def __init__(self, cond: Expr, then: list, orelse: list, line: int) -> None:
        self.cond, self.then, self.orelse, self.line = cond, then, orelse, line


class While:
    __slots__ = ("cond", "body", "line")

    def __init__(self, cond: Expr, body: list, line: int) -> None:
        self.cond, self.body, self.line = cond, body, line


class Repeat:
    __slots__ = ("body", "cond", "line")

    def __init__(self, body: list, cond: Expr, line: int) -> None:
        self.body, self.cond, self.line = body, cond, line


class NumFor:               # Lua 5.1's loop: the step is added each turn
    __slots__ = ("var", "start", "stop", "step", "body", "line")

    def __init__(self, var: Var, start: Expr, stop: Expr, step: Expr, body: list,
                 line: int) -> None:
        self.var, self.start, self.stop, self.step = var, start, stop, step
        self.body, self.line = body, line


class Break:
    __slots__ = ("line",)

    def __init__(self, line: int) -> None:
        self.line = line


class Return:
    __slots__ = ("expr", "line")

    def __init__(self, expr: Expr | None, line: int) -> None:
        self.expr, self.line = expr, line


class Function:
    """A compiled Lua function, or a loop region (kind 'loop': its params are
    the loop's outer locals, `outs` those it assigns, and a Return in it
    leaves the region with the value)."""

    def __init__(self, name: str, where: str, kind: str) -> None:
        self.name = name          # LLVM symbol
        self.where = where        # chunk:line, for listings
        self.kind = kind          # 'function' or 'loop'
        self.params: list[Var] = []
        self.vars: list[Var] = []
        self.body: list = []
        self.ret = None           # NUM, BOOL, NIL or NONE once a return is typed
        self.outs: list[Var] = []
        self.assumed = None       # the result type a recursive call assumed
        self.known_args: list[bool] = []   # a callee's parameters bound to constants

    def new_var(self, name: str, type_: str) -> Var:
        var = Var(name, type_, len(self.vars))
        self.vars.append(var)
        return var


def statements(body: list):
    """Every statement of a body, nested blocks included."""
    for s in body:
        yield s
        cls = type(s)
        if cls is If:
            yield from statements(s.then)
            yield from statements(s.orelse)
        elif cls in (While, Repeat, NumFor):
            yield from statements(s.body)


# -- listing ----------------------------------------------------------------------

def expr_text(e: Expr) -> str:
    cls = type(e)
    if cls is Const:
        if e.type == TAB:
            return repr(e.value)
        return "nil" if e.value is None else repr(e.value).lower()
    if cls is Load:
        return repr(e.var)
    if cls is Input:
        return f"in[{e.slot}]:{e.type} ({e.what})"
    if cls in (Arith, Compare, Logic):
        return f"({expr_text(e.a)} {e.op} {expr_text(e.b)})"
    if cls is Index:
        return f"{_slot_text(e.obj, e.key)}:{e.type}"
    if cls is Len:
        return f"#{expr_text(e.obj)}"
    if cls is Neg:
        return f"-{expr_text(e.a)}"
    if cls is Not:
        return f"not {expr_text(e.a)}"
    if cls is Present:
        return f"{expr_text(e.a)} ~= nil"
    if cls is Select:
        return f"({expr_text(e.cond)} ? {expr_text(e.a)} : {expr_text(e.b)})"
    if cls is Seq:
        return f"({expr_text(e.first)}; {expr_text(e.then)})"
    if cls is After:
        return f"({expr_text(e.value)} then {expr_text(e.effect)})"
    if cls is Call:
        return f"{e.func.name}({', '.join(expr_text(a) for a in e.args)})"
    if cls is Intrinsic:
        return f"{e.name}({', '.join(expr_text(a) for a in e.args)})"
    return cls.__name__


def _slot_text(obj: Expr, key) -> str:
    key = repr(key.decode("latin-1")) if type(key) is bytes else expr_text(key)
    return f"{expr_text(obj)}[{key}]"


def listing(func: Function) -> list[str]:
    """The typed IR of a function, one statement a line, as -jdump prints it."""
    params = ", ".join(f"{v}:{v.type}" for v in func.params)
    lines = [f"{func.kind} {func.name}({params}) -> {func.ret or NONE}   -- {func.where}"]
    if func.outs:
        lines.append("  outs " + ", ".join(f"{v}:{v.type}" for v in func.outs))
    _stats(func.body, 1, lines)
    return lines


def _stats(body: list, depth: int, out: list) -> None:
    pad = "  " * depth
    for s in body:
        cls = type(s)
        at = f"{s.line:04d}"
        if cls is Assign:
            out.append(f"{at} {pad}{', '.join(map(repr, s.vars))} = "
                       f"{', '.join(expr_text(e) for e in s.exprs)}")
        elif cls is Eval:
            out.append(f"{at} {pad}{expr_text(s.expr)}")
        elif cls is Store:
            out.append(f"{at} {pad}{_slot_text(s.obj, s.key)} = {expr_text(s.value)}")
        elif cls is If:
            out.append(f"{at} {pad}if {expr_text(s.cond)}")
            _stats(s.then, depth + 1, out)
            if s.orelse:
                out.append(f"{at} {pad}else")
                _stats(s.orelse, depth + 1, out)
        elif cls is While:
            out.append(f"{at} {pad}while {expr_text(s.cond)}")
            _stats(s.body, depth + 1, out)
        elif cls is Repeat:
            out.append(f"{at} {pad}repeat")
            _stats(s.body, depth + 1, out)
            out.append(f"{at} {pad}until {expr_text(s.cond)}")
        elif cls is NumFor:
            out.append(f"{at} {pad}for {s.var!r} = {expr_text(s.start)}, {expr_text(s.stop)}, "
                       f"{expr_text(s.step)}")
            _stats(s.body, depth + 1, out)
        elif cls is Break:
            out.append(f"{at} {pad}break")
        elif cls is Return:
            out.append(f"{at} {pad}return {expr_text(s.expr) if s.expr else ''}".rstrip())
