"""The typed IR of tier 1: a region's code with a type on every value.

The typing pass (typer.py) builds it from the Lua syntax tree and the values
a region meets at its entry; lowering (lower.py) turns it into LLVM IR, and
`-jdump` prints it (`listing`). It keeps Lua's structured control flow
(if, loops, break, return) and names every local: a Var is one storage slot,
which LLVM's mem2reg later turns into SSA values.

Types: NUM (a double), BOOL (an i1), NIL (no storage: the value is nil),
TAB (a pointer to a Lua table, read through the C API: lower_table.py; a
table read from a table may be nil, a NULL pointer, where the key is
absent: code that indexes it checks first), STR (a pointer to a Lua string,
a Python bytes object: its length and bytes are read in place), CDATA (the
address a pointer or array cdata holds; its C type is known when typing, in
the Expr's or Var's `ctype`), I64 and U64 (a 64-bit integer a C function
gave, which Lua sees as a boxed int64_t or uint64_t cdata).
A function's result type may also be NONE (it returns no value).
"""
from __future__ import annotations

NUM = "num"
BOOL = "bool"
NIL = "nil"
TAB = "tab"
STR = "str"
CDATA = "cdata"
I64 = "i64"
U64 = "u64"
NONE = "none"
POINTERS = (TAB, STR, CDATA)      # what travels as an object's or a C address


class Var:
    """A local of a compiled function (a Lua local, a parameter, or a loop
    region's outer local): one slot of a fixed type (and C type, for CDATA)."""
    __slots__ = ("name", "type", "index", "ctype")

    def __init__(self, name: str, type_: str, index: int, ctype=None) -> None:
        self.name = name
        self.type = type_
        self.index = index
        self.ctype = ctype

    def __repr__(self) -> str:
        return f"{self.name}#{self.index}"


# -- expressions: every one has .type -------------------------------------------

class Expr:
    __slots__ = ("type",)
    ctype = None            # the ffi CType of a CDATA value (set where one is made)


class Const(Expr):
    __slots__ = ("value",)

    def __init__(self, type_: str, value) -> None:
        self.type = type_
        self.value = value      # float, bool, None, or a Table (kept by a guard)


class Load(Expr):
    __slots__ = ("var", "ctype")

    def __init__(self, var: Var) -> None:
        self.type = var.type
        self.var = var
        self.ctype = var.ctype


class Input(Expr):
    """A value read once at the region's entry (an upvalue, a global, a
    constant table's field): its slot in the entry buffer."""
    __slots__ = ("slot", "what", "ctype")

    def __init__(self, type_: str, slot: int, what: str, ctype=None) -> None:
        self.type = type_
        self.slot = slot
        self.what = what
        self.ctype = ctype


class Index(Expr):
    """t[key] read raw from a table: key a number Expr or a string (bytes);
    the type is what typing speculated from a sample, checked at run time.
    entry: where the sample's dict holds a string key (-1: unknown)."""
    __slots__ = ("obj", "key", "entry")

    def __init__(self, type_: str, obj: Expr, key, entry: int = -1) -> None:
        self.type = type_
        self.obj, self.key, self.entry = obj, key, entry


class Has(Expr):            # t[key] raw is not nil (a number key)
    __slots__ = ("obj", "key")

    def __init__(self, obj: Expr, key: Expr) -> None:
        self.type = BOOL
        self.obj, self.key = obj, key


class Len(Expr):            # #t of a table, as tier 0 computes it, or #s of a string
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


class Compare(Expr):        # < <= > >= == ~= on two numbers; == ~= on two booleans or strings
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
    __slots__ = ("cond", "a", "b", "ctype")

    def __init__(self, cond: Expr, a: Expr, b: Expr) -> None:
        self.type = a.type
        self.cond, self.a, self.b = cond, a, b
        self.ctype = a.ctype


class Seq(Expr):            # evaluate `first` for its effects, the value is `then`
    __slots__ = ("first", "then", "ctype")

    def __init__(self, first: Expr, then: Expr) -> None:
        self.type = then.type
        self.first, self.then = first, then
        self.ctype = then.ctype


class After(Expr):          # evaluate `value`, then `effect` for its effects: the value is `value`
    __slots__ = ("value", "effect", "ctype")

    def __init__(self, value: Expr, effect: Expr) -> None:
        self.type = value.type
        self.value, self.effect = value, effect
        self.ctype = value.ctype


class Guard(Expr):          # exit unless cond holds (the value is nil)
    __slots__ = ("cond",)

    def __init__(self, cond: Expr) -> None:
        self.type = NIL
        self.cond = cond


class HoldsMethod(Expr):
    """Whether table t finds the method `name` as typing did: in its own
    field (that very object), or, absent there, through metatable `meta`."""
    __slots__ = ("obj", "name", "method", "meta")

    def __init__(self, obj: Expr, name: bytes, method, meta) -> None:
        self.type = BOOL
        self.obj, self.name, self.method, self.meta = obj, name, method, meta


class Call(Expr):           # a call of another compiled Lua function
    __slots__ = ("func", "args", "ctype")

    def __init__(self, func: "Function", args: list) -> None:
        self.type = func.ret if func.ret != NONE else NIL
        self.func, self.args = func, args
        self.ctype = func.ret_ctype


class CCall(Expr):
    """A call of a C function (an ffi cdata) at its address: `params` the
    C types the arguments convert to, `ret` the C result type."""
    __slots__ = ("address", "params", "ret", "args", "name", "ctype")

    def __init__(self, type_: str, address: int, params: list, ret, args: list,
                 name: str) -> None:
        self.type = type_
        self.address, self.params, self.ret, self.args = address, params, ret, args
        self.name = name
        self.ctype = ret if type_ == CDATA else None


class NewTable(Expr):
    """A table constructor: values in order, each stored at its key, a
    number (float) or a constant string (bytes); key None: the value is
    only evaluated (nil, or a call that gives nothing)."""
    __slots__ = ("keys", "values")

    def __init__(self, keys: list, values: list) -> None:
        self.type = TAB
        self.keys, self.values = keys, values


class SetMeta(Expr):
    """setmetatable(t, meta) of a table the region just made (no metatable
    yet, so nothing to protect): the value is t."""
    __slots__ = ("obj", "meta")

    def __init__(self, obj: Expr, meta: Expr) -> None:
        self.type = TAB
        self.obj, self.meta = obj, meta     # meta: a constant or an entry value


class Concat(Expr):
    """a .. b .. c: a new string of the parts, strings or numbers (which
    read as tostring gives them)."""
    __slots__ = ("parts",)

    def __init__(self, parts: list) -> None:
        self.type = STR
        self.parts = parts


class StrSub(Expr):
    """string.sub(s, i, j) (j None: -1) as tier 0 slices (stdlib/string._slice)."""
    __slots__ = ("s", "i", "j")

    def __init__(self, s: Expr, i: Expr, j: Expr | None) -> None:
        self.type = STR
        self.s, self.i, self.j = s, i, j


class StrByte(Expr):
    """string.byte(s, i) (i None: 1): a number; where it gives no value,
    native code exits and tier 0 gives it."""
    __slots__ = ("s", "i")

    def __init__(self, s: Expr, i: Expr | None) -> None:
        self.type = NUM
        self.s, self.i = s, i


class CString(Expr):
    """ffi.string(p, n): a new Lua string of n bytes at p (up to the first
    NUL when n is None)."""
    __slots__ = ("ptr", "n")

    def __init__(self, ptr: Expr, n: Expr | None) -> None:
        self.type = STR
        self.ptr, self.n = ptr, n


class CIndex(Expr):
    """p[i] of a pointer or array cdata of numbers (ptr_type its C type):
    `length` the number of elements of an array (checked), None for a
    pointer (as LuaJIT, unchecked)."""
    __slots__ = ("ptr", "key", "ptr_type", "length")

    def __init__(self, type_: str, ptr: Expr, key: Expr, ptr_type, length: Expr | None) -> None:
        self.type = type_
        self.ptr, self.key, self.ptr_type, self.length = ptr, key, ptr_type, length


class PtrAdd(Expr):
    """p + n or p - n (sign -1) on a pointer or array cdata: a pointer of C
    type ctype, n elements on (unchecked, as in LuaJIT)."""
    __slots__ = ("ptr", "n", "sign", "ctype")

    def __init__(self, ptr: Expr, n: Expr, sign: int, ctype) -> None:
        self.type = CDATA
        self.ptr, self.n, self.sign, self.ctype = ptr, n, sign, ctype


class ToNumber(Expr):       # tonumber() of a 64-bit integer: the nearest double
    __slots__ = ("a",)

    def __init__(self, a: Expr) -> None:
        self.type = NUM
        self.a = a


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


class Store:                # t[key] = value, raw (lower_undo.py logs it); entry as Index's
    __slots__ = ("obj", "key", "value", "line", "entry")

    def __init__(self, obj: Expr, key, value: Expr, line: int, entry: int = -1) -> None:
        self.obj, self.key, self.value, self.line, self.entry = obj, key, value, line, entry


class CStore:               # p[i] = value into a cdata (lower_undo.py logs it)
    __slots__ = ("target", "value", "line")

    def __init__(self, target: CIndex, value: Expr, line: int) -> None:
        self.target, self.value, self.line = target, value, line


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


class Exit:                 # leave for tier 0, which runs this code (what typing could not)
    __slots__ = ("reason", "line")

    def __init__(self, reason: str, line: int) -> None:
        self.reason, self.line = reason, line


class Label:                # ::name:: (one object per label: gotos point at it)
    __slots__ = ("name", "line")

    def __init__(self, name: str, line: int) -> None:
        self.name, self.line = name, line


class Goto:
    __slots__ = ("target", "line")

    def __init__(self, target: Label, line: int) -> None:
        self.target, self.line = target, line


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
        self.ret = None           # the result type once a return is typed (NONE: no value)
        self.ret_ctype = None     # the C type of a CDATA result
        self.ret_reader = None    # the entry value a CDATA result always is (typer.Reader)
        self.outs: list[Var] = []
        self.assumed = None       # the result type a recursive call assumed
        self.known_args: list[bool] = []   # a callee's parameters bound to constants

    def new_var(self, name: str, type_: str, ctype=None) -> Var:
        var = Var(name, type_, len(self.vars), ctype)
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


MAKERS = (CString, NewTable, Concat, StrSub)     # expressions that make a new object
STATEMENTS = (Assign, Store, CStore, Eval, If, While, Repeat, NumFor, Exit, Label, Goto, Break,
              Return)


def nodes(body: list):
    """Every statement and expression of a body, nested ones included (not
    the code of the functions it calls)."""
    stack = list(body)
    while stack:
        node = stack.pop()
        yield node
        for cls in type(node).__mro__:
            for name in getattr(cls, "__slots__", ()):
                v = getattr(node, name, None)
                if type(v) is list:
                    stack.extend(x for x in v if _is_node(x))
                elif _is_node(v):
                    stack.append(v)


def _is_node(x) -> bool:
    return isinstance(x, Expr) or type(x) in STATEMENTS


# -- listing ----------------------------------------------------------------------

def expr_text(e: Expr) -> str:
    cls = type(e)
    if cls is Const:
        if e.type == TAB:
            return repr(e.value)
        if e.type == STR:
            return repr(e.value.decode("latin-1"))
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
    if cls is Has:
        return f"{_slot_text(e.obj, e.key)} ~= nil"
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
    if cls is Guard:
        return f"guard {expr_text(e.cond)}"
    if cls is SetMeta:
        return f"setmetatable({expr_text(e.obj)}, {expr_text(e.meta)})"
    if cls is HoldsMethod:
        return f"{expr_text(e.obj)}:{e.name.decode('latin-1')} found"
    if cls is Intrinsic or cls is CCall:
        return f"{e.name}({', '.join(expr_text(a) for a in e.args)})"
    if cls is StrSub or cls is StrByte:
        args = [x for x in (e.s, e.i, getattr(e, "j", None)) if x is not None]
        name = "sub" if cls is StrSub else "byte"
        return f"string.{name}({', '.join(expr_text(a) for a in args)})"
    if cls is Concat:
        return "(" + " .. ".join(expr_text(p) for p in e.parts) + ")"
    if cls is NewTable:
        return "{" + ", ".join(f"[{k!r}]={expr_text(v)}" if k is not None else expr_text(v)
                              for k, v in zip(e.keys, e.values)) + "}"
    if cls is CString:
        n = "" if e.n is None else ", " + expr_text(e.n)
        return f"ffi.string({expr_text(e.ptr)}{n})"
    if cls is ToNumber:
        return f"tonumber({expr_text(e.a)})"
    if cls is CIndex:
        return f"{expr_text(e.ptr)}[{expr_text(e.key)}]:{e.type}"
    if cls is PtrAdd:
        return f"({expr_text(e.ptr)} {'+' if e.sign > 0 else '-'} {expr_text(e.n)})"
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
        elif cls is CStore:
            out.append(f"{at} {pad}{expr_text(s.target)} = {expr_text(s.value)}")
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
        elif cls is Label:
            out.append(f"{at} {pad}::{s.name}::")
        elif cls is Goto:
            out.append(f"{at} {pad}goto {s.target.name}")
        elif cls is Exit:
            out.append(f"{at} {pad}exit  -- {s.reason}")
        elif cls is Return:
            out.append(f"{at} {pad}return {expr_text(s.expr) if s.expr else ''}".rstrip())
