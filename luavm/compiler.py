"""Tier 0: each Lua function's syntax tree compiled once into Python code.

The output is a Python `ast` module, compiled with `compile()`:

    FN = first.__class__           # names of the namespace (_namespace_names)
    MM = Table.method_missing
    def __chunk__(G):              # G: the chunk's environment (a cell: setfenv)
        def main(*VA):             # the main chunk is a vararg function
            ...
            return EMPTY
        return main

Lua locals are Python locals; upvalues are Python closure cells, except a
captured local declared inside a loop, which Lua makes fresh per iteration:
it lives in a one-slot list (a box) that inner functions take as a
keyword-only default, bound when the `def` runs. The environment of a
nested function is such a default too (`G`), so each closure has its own, as
Lua 5.1's setfenv wants. See value.py for the calling convention.

Every generated node carries the Lua line as its `lineno`, so a Python frame's
f_lineno is the Lua line. The `col_offset` of each operation that can fail
holds a *site* number: errors.py reads it back from the failing instruction
(co_positions) to word the message with the variable's name, at no cost
while nothing fails.

Hot path: the code shapes emitted here are what every handler runs. Each
operator inlines its common case behind a class test (`x.__class__ is
float`) and calls runtime.py for the rest; the shapes were chosen by
measurement (bench/RESULTS.md).
"""
from __future__ import annotations

import ast as py
import keyword
import math
import warnings

from . import ast
from .codeinfo import FuncInfo, register
from .fused import FusedArith, every
from .hotcount import HotCounters
from .scope import (
    NUMBER, TABLE, FuncScope, Resolution, Var, guarded_kinds, kind_of, resolve, value_at,
)

# Names the generated code uses for itself; Lua locals are renamed around them.
RESERVED = set(keyword.kwlist) | {
    "G", "VA", "_", "_r", "EMPTY", "Multi", "TAIL", "TS", "Table", "first",
    "values", "resolve", "adjust", "index", "setindex", "add", "sub", "mul",
    "div", "mod", "pow_", "unm", "concat", "length", "lt", "le", "eq",
    "num_div", "num_mod", "forloop", "forin", "forin_results", "forin2", "forin2_results",
    "forin_pairs", "forin_ipairs", "PAIRS", "IPAIRS",
    "zip", "zip_longest", "GotoJump", "float", "bytes",
    "bool", "tuple", "table_list", "table_items", "drop_nils", "multi_items", "cdata_int",
    "CData", "cdata_null", "cdata_mixed", "map", "range", "_islice", "_count", "int", "_floor", "_ceil", "_copysign",
    "__chunk__", "main", "_brk", "NR", "RS", "JS", "forskip", "FN", "MM",
}


# Values whose evaluation runs no Lua code (no call, no metamethod); so do locals'
PURE_VALUES = (ast.Nil, ast.TrueExpr, ast.FalseExpr, ast.Number, ast.String)

# Expressions whose value is never nil (a table constructor leaves out no key for them)
NEVER_NIL = (ast.TrueExpr, ast.FalseExpr, ast.Number, ast.String, ast.Function, ast.Table)


class Site:
    """What an operation is, for its error message."""
    __slots__ = ("kind", "names")

    def __init__(self, kind: str, names: tuple) -> None:
        self.kind = kind      # 'call', 'index', 'newindex', 'arith', 'concat', 'len', 'compare'
        self.names = names    # per operand: "local 'x'", "global 'f'", ... or ""


ARITH_OPS = {"+": py.Add, "-": py.Sub, "*": py.Mult}     # inlined on floats
COMPARE_OPS = {"<": (py.Lt, "lt", False), "<=": (py.LtE, "le", False),
               ">": (py.Lt, "lt", True), ">=": (py.LtE, "le", True)}


def _load(name: str) -> py.Name:
    return py.Name(name, py.Load())


def _store(name: str) -> py.Name:
    return py.Name(name, py.Store())


def _const(v) -> py.Constant:
    return py.Constant(v)


def _call(func, args, star=None) -> py.Call:
    args = list(args)
    if star is not None:
        args.append(py.Starred(star, py.Load()))
    return py.Call(func, args, [])


def _is(a, b) -> py.Compare:
    return py.Compare(a, [py.Is()], [b])


def _is_not(a, b) -> py.Compare:
    return py.Compare(a, [py.IsNot()], [b])


def _cls(e) -> py.Attribute:
    return py.Attribute(e, "__class__", py.Load())


def _all(tests: list):
    return tests[0] if len(tests) == 1 else py.BoolOp(py.And(), tests)


class Operand:
    """An expression evaluated once: `use` reads it, `first` computes it.

    For a simple expression (a local, a constant) both are the same node and
    evaluation order is free; otherwise `first` is a walrus into a temp.
    `kind` is NUMBER or TABLE when the value's type is known statically
    (scope.kind_of): its class test is then dropped. A `stable` operand
    reads the same after another operand is computed (a constant, or a
    local no call can change), so its test may come second.
    """
    __slots__ = ("use", "first", "simple", "kind", "stable")

    def __init__(self, use, first, simple: bool, kind=None, stable: bool = False) -> None:
        self.use, self.first, self.simple, self.kind = use, first, simple, kind
        self.stable = stable

    @property
    def number(self) -> bool:
        return self.kind is NUMBER

    @property
    def table(self) -> bool:
        return self.kind is TABLE


class FuncState:
    """Code generation state of one Lua function."""

    def __init__(self, scope: FuncScope, parent: "FuncState | None") -> None:
        self.scope = scope
        self.parent = parent
        self.temps = 0
        self.loops: list = []        # stack of loop frames (for break)
        self.labels: dict = {}       # label name -> name of its GotoJump class
        self.names_used: dict[str, int] = {}
        self.kinds: dict[str, str] = {}      # pyname -> kind its code assumes (FuncInfo.kinds)
        self.splitting = False       # compiling a copy of a split loop body (split_block)
        self.jit_params: list[int] = []      # hot-counter sites bound as defaults (hotcount.py)
        self.loop_parents: dict | None = None   # id(loop) -> enclosing loop (hotcount.py)


class Compiler(FusedArith, HotCounters):
    def __init__(self, chunkname: str, res: Resolution, jit=None) -> None:
        self.chunkname = chunkname
        self.res = res
        self.sites: list[Site | None] = [None]
        self.fs: FuncState | None = None
        self.out: list = []
        self.line = 0
        self.funcinfos: list[tuple[str, ast.Function, dict]] = []
        self.fn_counter = 0
        self.goto_classes: list[str] = []
        self.captured_names: set[str] = set()   # pynames of captured locals, chunk-wide
        self.all_names: set[str] = set()        # every pyname given, chunk-wide
        self.jit = jit                          # luavm.jit.control.Jit, or None: no counters
        self.jit_sites: list = []               # JitSite of each region (hotcount.py)
        self.loop_sites: dict = {}              # id(loop) -> (default name, Site)
        self.writes_globals = False             # some function of the chunk assigns a global

    # -- positions and sites -------------------------------------------------
    def site(self, kind: str, *names: str) -> int:
        self.sites.append(Site(kind, names))
        return len(self.sites) - 1

    def at(self, node, site: int = 0, line: int = 0):
        """Give a generated node a Lua line (the statement's by default) and a site."""
        node.lineno = node.end_lineno = line or self.line
        node.col_offset = site
        node.end_col_offset = site + 1
        return node

    def emit(self, stmt) -> None:
        self.out.append(self.at(stmt))

    def temp(self) -> str:
        fs = self.fs
        fs.temps += 1
        return f"_t{fs.temps}"

    def free(self, n: int = 1) -> None:
        self.fs.temps -= n

    # -- names ---------------------------------------------------------------
    def declare(self, var: Var) -> str:
        """Give a Lua local its Python name.

        A captured local gets a name unique in the chunk, so that no inner
        function's own locals can shadow it (Python decides scope per
        function, Lua per block). Other locals only avoid those names.
        """
        fs = self.fs
        base = var.name if var.name.isidentifier() and var.name.isascii() else "v"
        name = base
        n = 0
        while (name in RESERVED or name.startswith("_t") or name in self.captured_names
               or name in fs.names_used or (var.captured and name in self.all_names)):
            n += 1
            name = f"{base}_{n}"
        fs.names_used[name] = 1
        if var.kind is not None:
            fs.kinds[name] = var.kind
        elif var.one_result:
            fs.kinds[name] = "function"     # the one it is declared with
        self.all_names.add(name)
        if var.captured:
            self.captured_names.add(name)
        var.pyname = name
        return name

    def describe(self, e) -> str:
        """How Lua names an expression in error messages."""
        cls = type(e)
        if cls is ast.Name:
            var = self.res.names.get(id(e))
            if var is None:
                return f"global '{e.name}'"
            if var.func is self.fs.scope:
                return f"local '{e.name}'"
            return f"upvalue '{e.name}'"
        if cls is ast.Index and type(e.key) is ast.String:
            return f"field '{e.key.value.decode('latin-1')}'"
        return ""

    # -- entry ---------------------------------------------------------------
    def chunk(self, main: ast.Function) -> py.Module:
        self.line = 0
        body: list = []
        self.out = body
        func_def = self.function(main, "main")
        self.out = body
        for name in self.goto_classes:
            self.emit(py.Assign([_store(name)], _call(py.Attribute(_load("GotoJump"), "make", py.Load()), [])))
        body.append(func_def)
        self.emit(py.Return(_load("main")))
        factory = py.FunctionDef(
            "__chunk__", py.arguments([], [py.arg("G"), py.arg("JS")], None, [], [], None,
                                      [_const(None)]),
            body, [], None)
        self.at(factory)
        module = py.Module(_namespace_names() + [factory], [])
        _fix_locations(module)
        return module

    def function(self, node: ast.Function, pyname: str) -> py.FunctionDef:
        """A Lua function as a Python def (appended by the caller)."""
        scope = self.res.funcs[id(node)]
        outer_fs, outer_out, outer_line = self.fs, self.out, self.line
        self.fs = fs = FuncState(scope, outer_fs)
        self.line = node.line
        body: list = []
        self.out = body
        params = [self.declare(v) for v in self.res.decls[id(node)]]
        for var in self.res.decls[id(node)]:
            if var.boxed:
                self.emit(py.Assign([_store(var.pyname)], py.List([_load(var.pyname)], py.Load())))
        self.function_prologue(node)
        self.versioned(node.body, False, lambda: self.block(node.body))
        self.line = node.end_line or node.line
        self.emit(py.Return(_load("EMPTY")))
        outer_assigned = self.assigned_upvalues(node, scope)
        if outer_assigned:
            body.insert(0, self.at(py.Nonlocal(outer_assigned)))
        kwonly, kwdefaults = self.captured_boxes(scope)
        site_names, site_values = self.jit_defaults()
        if outer_fs is not None and (kwonly or site_names or _reads_env(body)):
            # the environment, bound when the def runs: a new closure takes
            # its creator's, setfenv replaces it (__kwdefaults__['G']).
            # A function that never reads it gets it from define_function.
            kwonly, kwdefaults = kwonly + ["G"], kwdefaults + ["G"]
        defaults = [_load(k) for k in kwdefaults]
        args = py.arguments(
            [], [py.arg(p) for p in params], py.arg("VA" if node.is_vararg else "_"),
            [py.arg(k) for k in kwonly + site_names], defaults + site_values,
            None, [_const(None)] * len(params))
        self.fs, self.out, self.line = outer_fs, outer_out, outer_line
        fdef = py.FunctionDef(pyname, args, body, [], None)
        self.at(fdef)
        fdef.lineno = node.line
        fdef.end_lineno = max(node.line, node.end_line or node.line)
        self.funcinfos.append((pyname, node, fs.kinds))
        return fdef

    def define_function(self, node: ast.Function, pyname: str) -> None:
        """A nested Lua function's def, emitted where it is created.

        A function whose code never reads its environment takes no `G`
        parameter (a keyword-only default costs every call a dict lookup,
        ~17 ns); its environment is only kept for getfenv and setfenv, in a
        __kwdefaults__ that no parameter uses (stdlib/fenv.py reads both
        kinds alike)."""
        fdef = self.function(node, pyname)
        self.out.append(fdef)
        if not fdef.args.kwonlyargs:
            self.emit(py.Assign([py.Attribute(_load(pyname), "__kwdefaults__", py.Store())],
                                py.Dict([_const("G")], [_load("G")])))

    def assigned_upvalues(self, node: ast.Function, scope: FuncScope) -> list:
        """Upvalues this function assigns (Python needs `nonlocal` for them)."""
        names = []
        for var in self.res.assigned_in.get(id(node), ()):
            if var.func is not scope and not var.boxed and var.pyname not in names:
                names.append(var.pyname)
        return names

    def captured_boxes(self, scope: FuncScope) -> tuple[list, list]:
        """Boxed locals of enclosing functions used here: bound at def time."""
        names = []
        seen = set()
        enclosing = set()       # only locals of enclosing functions come from outside
        outer = scope.parent
        while outer is not None:
            enclosing.add(id(outer))
            outer = outer.parent
        for var in self._free_vars(scope.node):
            if var.boxed and id(var.func) in enclosing and id(var) not in seen:
                seen.add(id(var))
                names.append(var.pyname)
        return names, names

    def _free_vars(self, node: ast.Function):
        """Every Var referenced in a function, nested functions included."""
        names = self.res.names
        for item in ast.nodes(node.body):
            if type(item) is ast.Name:
                var = names.get(id(item))
                if var is not None:
                    yield var

    # -- blocks and statements -------------------------------------------------
    def block(self, stats: list) -> None:
        labels = self._block_labels(stats)
        if labels:
            self.block_with_labels(stats, labels)
            return
        for s in stats:
            self.line = s.line
            getattr(self, "s_" + type(s).__name__)(s)

    def sub_block(self, stats: list) -> list:
        """Compile a nested block into a fresh statement list."""
        outer = self.out
        self.out = []
        self.block(stats)
        if not self.out:
            self.emit(py.Pass())
        body, self.out = self.out, outer
        return body

    def s_Local(self, s: ast.Local) -> None:
        vars_ = self.res.decls[id(s)]
        values = self.explist_adjusted(s.exprs, len(vars_))
        # evaluate every value before any name comes into scope
        names = [self.declare(v) for v in vars_]
        self.assign_names(vars_, names, values)

    def assign_names(self, vars_: list, names: list, values) -> None:
        if isinstance(values, list):
            if len(values) == 1:
                self.emit(py.Assign([_store(names[0])], values[0]))
            else:
                self.emit(py.Assign([py.Tuple([_store(n) for n in names], py.Store())],
                                    py.Tuple(values, py.Load())))
        else:
            self.emit(py.Assign([py.Tuple([_store(n) for n in names], py.Store())], values))
        for var, name in zip(vars_, names):
            if var.boxed:
                self.emit(py.Assign([_store(name)], py.List([_load(name)], py.Load())))

    def s_LocalFunction(self, s: ast.LocalFunction) -> None:
        var = self.res.decls[id(s)][0]
        name = self.declare(var)
        if var.boxed:
            self.emit(py.Assign([_store(name)], py.List([_const(None)], py.Load())))
        fname = self.def_name(s.func)
        self.define_function(s.func, fname)
        if var.boxed:
            self.emit(py.Assign([py.Subscript(_load(name), _const(0), py.Store())], _load(fname)))
        else:
            self.emit(py.Assign([_store(name)], _load(fname)))

    def def_name(self, func: ast.Function) -> str:
        self.fn_counter += 1
        base = "".join(c if c.isalnum() else "_" for c in (func.name or "anon"))
        return f"f{self.fn_counter}_{base}"[:60]

    def s_Assign(self, s: ast.Assign) -> None:
        if len(s.targets) == 1 and len(s.exprs) == 1:
            self.assign_to(s.targets[0], node=s.exprs[0])
            return
        # evaluate target prefixes and keys, then every value, then store
        targets = []
        mark = self.fs.temps
        assigned = {id(self.res.names.get(id(t))) for t in s.targets if type(t) is ast.Name}
        for t in s.targets:
            if type(t) is ast.Index:
                obj = self.unchanged(t.obj, assigned) or self.expr_to_temp(t.obj)
                key = self.unchanged(t.key, assigned) or self.expr_to_temp(t.key)
                targets.append((t, obj, key))
            else:
                targets.append((t, None, None))
        values = self.explist_adjusted(s.exprs, len(s.targets))
        names = []
        for _ in s.targets:
            names.append(self.temp())
        if isinstance(values, list) and len(values) == 1:
            self.emit(py.Assign([_store(names[0])], values[0]))
        else:
            self.emit(py.Assign([py.Tuple([_store(n) for n in names], py.Store())],
                                py.Tuple(values, py.Load()) if isinstance(values, list) else values))
        for i, ((t, obj, key), n) in enumerate(zip(targets, names)):
            if obj is not None:
                value_kind = self.kind(value_at(s.exprs, i))
                self.store_index(t, obj, key, _load(n), self.key_kind(t.key, None),
                                 self.kind(t.obj) is TABLE, value_kind is NUMBER)
            else:
                self.assign_to(t, _load(n))
        self.fs.temps = mark

    def unchanged(self, e, assigned: set):
        """e itself if reading it later gives the same value as now: a
        constant, or a local that neither this assignment nor a call (it is
        not captured) can change; else None."""
        cls = type(e)
        if cls is ast.String or (cls is ast.Number and not e.suffix):
            return self.expr(e)
        if cls is ast.Name:
            var = self.res.names.get(id(e))
            if var is not None and not var.captured and id(var) not in assigned:
                return _load(var.pyname)
        return None

    def expr_to_temp(self, e):
        name = self.temp()
        self.emit(py.Assign([_store(name)], self.expr(e)))
        return _load(name)

    def assign_to(self, target, value=None, node=None) -> None:
        """target = value (compiled) or = node (compiled here, after the
        target's own operands: Lua evaluates them first, and the value's temps
        must not overlap theirs)."""
        if type(target) is ast.Name:
            if value is None:
                value = self.expr(node)
            var = self.res.names.get(id(target))
            if var is None:
                self.store_global(target.name, value)
            elif var.boxed:
                self.emit(py.Assign([py.Subscript(_load(var.pyname), _const(0), py.Store())], value))
            else:
                self.emit(py.Assign([_store(var.pyname)], value))
            return
        mark = self.fs.temps
        obj = self.operand(target.obj)
        key = self.operand(target.key)
        # the store reads each several times: only names and constants are cheap
        obj_use = self.spill(obj)
        key_use = self.spill(key)
        val_number = node is not None and self.kind(node) is NUMBER
        if value is None:
            value = self.expr(node)
        if not val_number:      # a number is pure: read once, in either branch
            value = self.spill(Operand(value, value, True))
        self.store_index(target, obj_use, key_use, value, self.key_kind(target.key, key),
                         obj.table, val_number, self.appends(target, node))
        self.clear_temps(mark)

    def appends(self, target, node) -> bool:
        """target = node is `t[#t + 1] = v`, v a name, a literal or pure
        arithmetic: nothing runs between `#t` and the store, so the key is
        the border plus one, and after a raw store it is the new border
        (the hint `#t` then finds exact, with no walk)."""
        key, t = target.key, target.obj
        if not (type(t) is ast.Name and type(key) is ast.BinOp and key.op == "+"):
            return False
        length, one = key.left, key.right
        if not (type(length) is ast.UnOp and length.op == "#" and type(one) is ast.Number
                and one.value == 1 and not one.suffix and type(length.operand) is ast.Name):
            return False
        var = self.res.names.get(id(t))
        if var is None or var.boxed or self.res.names.get(id(length.operand)) is not var:
            return False
        if type(node) is ast.Name:      # a global's read may run __index
            return self.res.names.get(id(node)) is not None
        return type(node) in PURE_VALUES or self.kind(node) is NUMBER

    def spill(self, op: Operand):
        """The operand as a name or constant, computed into a temp if it is neither."""
        if isinstance(op.use, (py.Name, py.Constant)):
            if not op.simple:       # computed by a walrus: a statement instead
                self.emit(py.Assign([_store(op.use.id)], op.first.value))
            return op.use
        name = self.temp()
        self.emit(py.Assign([_store(name)], op.first))
        return _load(name)

    def clear_temps(self, mark: int) -> None:
        """Release the temps above mark, dropping what they hold: a temp must
        not keep a value alive (weak tables, __gc) after its statement."""
        used = [f"_t{i}" for i in range(mark + 1, self.fs.temps + 1)]
        if used:
            self.emit(py.Assign([_store(n) for n in used], _const(None)))
        self.fs.temps = mark

    def key_kind(self, key_node, key: Operand | None) -> str:
        if type(key_node) is ast.String:
            return "string"
        if self.never_nan(key_node):
            return "count"          # a number, never NaN: stores test neither
        if (key is not None and key.number) or self.kind(key_node) is NUMBER:
            return "number"
        return "any"

    def never_nan(self, e) -> bool:
        """A number that cannot be NaN: a numeric for's counter, or one
        plus or minus a finite literal (array stores `t[i]`, `t[i + 1]`
        need no NaN test then)."""
        cls = type(e)
        if cls is ast.Paren:
            return self.never_nan(e.expr)
        if cls is ast.Name:
            var = self.res.names.get(id(e))
            return var is not None and var.counter
        if cls is ast.BinOp and e.op in ("+", "-"):
            return ((self.never_nan(e.left) and _finite_literal(e.right))
                    or (e.op == "+" and _finite_literal(e.left) and self.never_nan(e.right)))
        return False

    def store_index(self, target, obj, key, val, key_kind: str, obj_table: bool,
                    val_number: bool, append: bool = False) -> None:
        """obj[key] = val (each a name or a constant).

        Hot path: a table written with a string or number key takes a dict
        store (or, for a nil literal, a removal), if it has no metatable or
        already holds the key (__newindex only applies to absent keys); the
        rest goes to runtime.setindex (nil values, other keys, NaN,
        __newindex). An append (see appends) also moves the border hint.
        """
        s = self.site("newindex", self.describe(target.obj))
        slow = py.Expr(self.at(_call(_load("setindex"), [obj, key, val]), s))
        removal = isinstance(val, py.Constant) and val.value is None
        tests = [] if obj_table else [_is(_cls(obj), _load("Table"))]
        if not (val_number or isinstance(val, py.Constant)):
            tests.append(_is_not(val, _const(None)))
        if key_kind == "number":
            if not isinstance(key, py.Constant):
                tests.append(py.Compare(key, [py.Eq()], [key]))          # not NaN
        elif key_kind == "any":
            # bytes, or a float that is not NaN (no bool, nil or table reaches `in`)
            is_float = py.BoolOp(py.And(), [_is(_cls(key), _load("float")),
                                            py.Compare(key, [py.Eq()], [key])])
            tests.append(py.BoolOp(py.Or(), [_is(_cls(key), _load("bytes")), is_float]))
        tests.append(py.BoolOp(py.Or(), [_is(py.Attribute(obj, "meta", py.Load()), _const(None)),
                                         py.Compare(key, [py.In()], [obj])]))
        if removal:
            fast = py.Expr(_call(py.Attribute(obj, "pop", py.Load()), [key, _const(None)]))
        else:
            fast = py.Assign([py.Subscript(obj, key, py.Store())], val)
        body = [self.at(fast)]
        if append and not removal:
            body.append(py.Assign([py.Attribute(obj, "border", py.Store())], key))
        self.emit(py.If(_all(tests), body, [self.at(slow)]))

    def store_global(self, name: str, value) -> None:
        self.writes_globals = True
        key = _const(ast.name_key(name))
        val = value
        if not isinstance(value, (py.Name, py.Constant)):
            vname = self.temp()
            self.emit(py.Assign([_store(vname)], value))
            val = _load(vname)
            self.free()
        g = _load("G")
        tests = [_is(py.Attribute(g, "meta", py.Load()), _const(None))]
        if not (isinstance(val, py.Constant) and val.value is not None):
            tests.append(_is_not(val, _const(None)))
        fast = py.Assign([py.Subscript(g, key, py.Store())], val)
        s = self.site("newindex", "")
        slow = py.Expr(self.at(_call(_load("setindex"), [g, key, val]), s))
        self.emit(py.If(_all(tests), [self.at(fast)], [self.at(slow)]))

    def s_CallStat(self, s: ast.CallStat) -> None:
        call = self.call_expr(s.call)
        if self.one_result(s.call):
            self.emit(py.Expr(call))
            return
        # a discarded result still has to run a pending tail call: one
        # here, any further ones (or an error) in resolve
        pending = py.BoolOp(py.And(), [_is(call, _load("TAIL")), py.BoolOp(py.Or(), [
            _is_not(_cls(_tail_slot(0)), _load("FN")), _is(self.tail_pickup(), _load("TAIL"))])])
        self.emit(py.If(pending, [self.at(py.Expr(_call(_load("resolve"), [_load("TAIL")])))], []))

    def s_Do(self, s: ast.Do) -> None:
        self.out.extend(self.sub_block(s.body))
        # the block's locals end here: drop what they (and the last call's
        # result) hold, so that `do local x = ... end` lets x be collected
        # (__gc, ffi.gc, weak tables), as in Lua
        dead = ["_r"]
        for st in s.body:
            if type(st) in (ast.Local, ast.LocalFunction):
                dead.extend(v.pyname for v in self.res.decls[id(st)] if not v.captured)
        self.emit(py.Assign([_store(n) for n in dead], _const(None)))

    def s_If(self, s: ast.If) -> None:
        self.emit_if(s.tests, s.orelse)

    def emit_if(self, tests: list, orelse) -> None:
        cond, body = tests[0]
        test = self.cond(cond)
        then = self.sub_block(body)
        if len(tests) > 1:
            outer = self.out
            self.out = []
            self.emit_if(tests[1:], orelse)
            other, self.out = self.out, outer
        elif orelse is not None:
            other = self.sub_block(orelse)
        else:
            other = []
        self.emit(py.If(test, then, other))

    def while_loop(self, s: ast.While, site) -> None:
        outer = self.out
        self.out = []
        test = self.cond(s.cond)
        hoisted, self.out = self.out, outer
        body = self.loop_body(s.body, self.loop_entry(site, []))
        if hoisted:
            guard = self.at(py.If(py.UnaryOp(py.Not(), test), [self.at(py.Break())], []))
            self.emit(py.While(_const(True), hoisted + [guard] + body, []))
        else:
            self.emit(py.While(test, body, []))

    def loop_body(self, stats: list, prefix: list | None = None, tail=None) -> list:
        self.fs.loops.append({})
        outer = self.out
        self.out = list(prefix or [])
        if tail is None:    # (a repeat's condition sees the body's locals: no copies)
            self.split_block(stats)
        else:
            self.block(stats)
        if tail is not None:
            tail()
        if not self.out:
            self.emit(py.Pass())
        body, self.out = self.out, outer
        self.fs.loops.pop()
        return body

    def split_block(self, stats: list) -> None:
        """A loop body: after the first `local` statement whose following
        statements qualify as a guarded region (typically `local t = a[i]`
        then t's fields), those statements are compiled as one. Only one
        split per body, and none inside its copies: code at most doubles."""
        if not self.fs.splitting:
            for i, st in enumerate(stats[:-1]):
                if type(st) is ast.Local:
                    rest = stats[i + 1:]
                    found = guarded_kinds(rest, self.res, False)
                    if found is not None:
                        self.block(stats[:i + 1])
                        self.fs.splitting = True
                        self.line = rest[0].line
                        self.copies(found, lambda rest=rest: self.block(rest))
                        self.fs.splitting = False
                        return
        self.block(stats)

    def versioned(self, stats: list, root_loop: bool, compile_region) -> None:
        """Compile a region (a loopless function body or an innermost loop);
        twice when a guard at its entry, that some locals hold floats or
        tables, lets the first copy drop their class tests
        (scope.guarded_kinds)."""
        found = guarded_kinds(stats, self.res, root_loop)
        if found is None:
            compile_region()
        else:
            self.copies(found, compile_region)

    def copies(self, found: tuple, compile_region) -> None:
        """The region twice under `if <guard>:` typed copy `else:` generic."""
        guarded, typed = found
        outer, line = self.out, self.line
        copies = []
        for var, kind in guarded:
            self.fs.kinds[var.pyname] = kind
        for typed_copy in (True, False):
            for var, kind in typed:
                var.kind = kind if typed_copy else None
            self.out, self.line = [], line
            compile_region()
            copies.append(self.out or [self.at(py.Pass())])
        self.out = outer
        classes = {NUMBER: "float", TABLE: "Table"}
        test = _all([_is(_cls(_load(v.pyname)), _load(classes[kind])) for v, kind in guarded])
        self.emit(py.If(test, copies[0], copies[1]))

    def s_Repeat(self, s: ast.Repeat) -> None:
        site = self.loop_site(s)
        self.versioned([s], True, lambda: self.repeat_loop(s, site))

    def s_While(self, s: ast.While) -> None:
        site = self.loop_site(s)
        self.versioned([s], True, lambda: self.while_loop(s, site))

    def s_NumFor(self, s: ast.NumFor) -> None:
        site = self.loop_site(s)
        self.versioned([s], True, lambda: self.num_for(s, site))

    def s_GenFor(self, s: ast.GenFor) -> None:
        self.loop_site(s)
        self.versioned([s], True, lambda: self.gen_for(s))

    def repeat_loop(self, s: ast.Repeat, site) -> None:
        def until() -> None:
            self.line = s.cond.line
            self.emit(py.If(self.cond(s.cond), [self.at(py.Break())], []))
        body = self.loop_body(s.body, self.loop_entry(site, []), tail=until)
        self.emit(py.While(_const(True), body, []))

    def num_for(self, s: ast.NumFor, site) -> None:
        var = self.res.decls[id(s)][0]
        mark = self.fs.temps
        state = []
        it = None if site is not None else self.int_range(s)
        if site is not None:
            state = self.for_state(s)
            for name, e in zip(state, (s.start, s.stop, s.step)):
                self.emit(py.Assign([_store(name.id)], self.expr(e) if e is not None
                                    else _const(1.0)))
            self.emit(py.Assign([_store(state[3].id)],
                                self.at(_call(_load("forloop"), state[:3]), self.site("for"))))
            it = state[3]
        if it is None:
            start = self.expr(s.start)
            stop = self.expr(s.stop)
            step = self.expr(s.step) if s.step is not None else _const(1.0)
            it = self.at(_call(_load("forloop"), [start, stop, step]), self.site("for"))
        self.fs.temps = mark    # the loop's temps are read once, at its entry
        name = self.declare(var)
        prefix = []
        if var.boxed:
            loopvar = f"{name}_i"
            prefix.append(self.at(py.Assign([_store(name)], py.List([_load(loopvar)], py.Load()))))
        else:
            loopvar = name
        if site is not None:
            prefix += self.loop_entry(site, [_load(loopvar)] + state[1:], var)
        body = self.loop_body(s.body, prefix)
        self.emit(py.For(_store(loopvar), it, body, []))

    def int_range(self, s: ast.NumFor):
        """`for v = a, b, c` with an integer literal step as an inline
        `islice(count(start, step), turns)` when a holds an integer, or None for other
        shapes.

        Hot path (every entry of an inner loop): forloop()'s checks cost a
        Python call; here they are one test at the loop's entry, that the
        limit (and a computed start) is a float below 2^53 in magnitude
        (NaN fails it). Other values still go to forloop(), which gives the
        same sequence or the error. Start and limit are computed first, in
        Lua's order, by statements before the loop."""
        step = 1 if s.step is None else _small_int(s.step)
        start = self.int_start(s.start)
        if step is None or step == 0 or start is None:
            return None
        start_int, start_num, tests = start
        stop = self.operand(s.stop)
        stop_use = self.spill(stop)
        if isinstance(stop_use, py.Constant) and stop.number and abs(stop_use.value) < 2.0 ** 53:
            # a literal limit: the last value is known now
            limit = stop_use.value
            last = _const(math.floor(limit) if step > 0 else math.ceil(limit))
        else:
            if not stop.number:
                tests.append(_is(_cls(stop_use), _load("float")))
            tests.append(_below_2_53(stop_use))
            last = _call(_load("_floor" if step > 0 else "_ceil"), [stop_use])
        turns = _turns(start_int, start_num, stop_use, last, step)
        # hot path (every turn of most loops): count() adds two floats, which
        # costs less than map(float, range()) converting an int each turn;
        # below 2^53 the sums are exact, so the values are the same
        fast = _call(_load("_islice"), [
            _call(_load("_count"), [start_num, _const(float(step))]), turns])
        if not tests:
            return fast
        slow = self.at(_call(_load("forloop"), [start_num, stop_use, _const(float(step))]),
                       self.site("for"))
        return py.IfExp(_all(tests), fast, slow)

    def int_start(self, e):
        """(int expression, float expression, [tests]) for a loop start: a
        literal; else computed into a temp and tested to be below 2^53
        (where a sum is exact) and, unless it is a for counter (scope
        `Var.integer`) plus or minus a literal, to be a float holding an
        integer."""
        value = _small_int(e)
        if value is not None:
            return _const(value), _const(float(value)), []
        name = self.temp()
        self.emit(py.Assign([_store(name)], self.expr(e)))
        start = _load(name)
        tests = [_below_2_53(start)]
        var = (self.res.names.get(id(e.left)) if type(e) is ast.BinOp and e.op in ("+", "-")
               and _small_int(e.right) is not None and type(e.left) is ast.Name else None)
        if var is None or not var.integer or var.kind is not NUMBER or var.boxed:
            # any other start: a float that holds an integer
            if self.kind(e) is not NUMBER:
                tests.insert(0, _is(_cls(start), _load("float")))
            tests.append(_call(py.Attribute(start, "is_integer", py.Load()), []))
            # and not -0, which a range would make +0 (1/i would be inf, not -inf)
            tests.append(py.BoolOp(py.Or(), [start, py.Compare(
                _call(_load("_copysign"), [_const(1.0), start]), [py.Gt()], [_const(0.0)])]))
        return _call(_load("int"), [start]), start, tests

    def gen_for(self, s: ast.GenFor) -> None:
        vars_ = self.res.decls[id(s)]
        pair = len(vars_) == 2
        it = self.builtin_walk(s, len(vars_))
        if it is None and len(s.exprs) == 1 and type(s.exprs[0]) in (ast.Call, ast.Method):
            # hot path (`for k, v in f(t)`): the call's result as it comes
            call = self.call_expr(s.exprs[0])
            it = self.forin_call("forin_results", [call], len(vars_), self.site("call", ""))
        elif it is None:
            state = self.explist_adjusted(s.exprs, 3)
            args = [py.Starred(state, py.Load())] if not isinstance(state, list) else state
            it = self.forin_call("forin", args, len(vars_), self.site("call", ""))
        mark = self.fs.temps
        names = [self.declare(v) for v in vars_]
        prefix = []
        if pair:
            # the iterator kept in a temp the body does not reuse
            held = self.temp()
            it = py.NamedExpr(_store(held), it)
            prefix.append(self.pair_test(vars_, names, held))
        loopnames = []
        for var, name in zip(vars_, names):
            if var.boxed:
                loopnames.append(f"{name}_i")
                prefix.append(self.at(py.Assign([_store(name)], py.List([_load(f"{name}_i")], py.Load()))))
            else:
                loopnames.append(name)
        target = _store(loopnames[0]) if len(loopnames) == 1 else \
            py.Tuple([_store(n) for n in loopnames], py.Store())
        body = self.loop_body(s.body, prefix)
        self.emit(py.For(target, it, body, []))
        self.clear_temps(mark)      # (the iterator holds the table)

    def forin_call(self, iterate: str, args: list, n: int, site: int):
        """The iterator of a generic for of n names (forin2 for two)."""
        if n == 2:
            return self.at(_call(_load(iterate.replace("forin", "forin2")), args), site)
        return self.at(_call(_load(iterate), args + [_const(n)]), site)

    def builtin_walk(self, s: ast.GenFor, n: int):
        """`for k, v in pairs(t)` (or ipairs), where pairs is a variable
        and t one value: while the variable holds the builtin, a walk of t
        made without the call (forloop.forin_pairs); else the call, as any.

            forin_pairs(_f, t, n) if (_f := pairs) is PAIRS
            else forin_results(_f(t), n)
        """
        if len(s.exprs) != 1 or n > 2:
            return None
        e = s.exprs[0]
        if (type(e) is not ast.Call or type(e.func) is not ast.Name
                or e.func.name not in ("pairs", "ipairs") or len(e.args) != 1
                or type(e.args[0]) in (ast.Call, ast.Method, ast.Vararg)):
            return None     # (a call's several values would be pairs' arguments)
        f = self.temp()
        func = self.expr(e.func)
        arg = self.expr(e.args[0])
        site = self.site("call", self.describe(e.func))
        called = self.at(py.Call(_load(f), [arg], []), site, e.line)
        fallback = self.forin_call("forin_results", [called], n, self.site("call", ""))
        # the walk calls pairs itself for a t that is not a table: its
        # error names the function as the call would
        walk = self.at(_call(_load(f"forin_{e.func.name}"), [_load(f), arg, _const(n)]), site,
                       e.line)
        self.free()
        return py.IfExp(_is(py.NamedExpr(_store(f), func), _load(e.func.name.upper())),
                        walk, fallback)

    def pair_test(self, vars_: list, names: list, held: str):
        """The head of a two-name generic for's body: forin2's C walks give
        a nil value for a key to skip (pairs, a zip) or for the end (ipairs,
        a zip_longest); other iterators' nil values are the loop's own.
        Hot path: one `is None` test a turn."""
        value = _load(f"{names[1]}_i" if vars_[1].boxed else names[1])
        kind = _cls(_load(held))
        return self.at(py.If(_is(value, _const(None)), [
            self.at(py.If(_is(kind, _load("zip")), [self.at(py.Continue())], [])),
            self.at(py.If(_is(kind, _load("zip_longest")), [self.at(py.Break())], [])),
        ], []))

    def s_Return(self, s: ast.Return) -> None:
        exprs = s.exprs
        if len(exprs) == 1 and type(exprs[0]) in (ast.Call, ast.Method):
            self.tail_call(exprs[0])
            return
        if not exprs:
            self.emit(py.Return(_load("EMPTY")))
            return
        if len(exprs) == 1 and type(exprs[0]) is not ast.Vararg:
            self.emit(py.Return(self.expr(exprs[0])))
            return
        items = self.explist(exprs)
        self.emit(py.Return(_call(_load("Multi"), [py.Tuple(items, py.Load())])))

    def tail_call(self, e) -> None:
        """return f(args): leave the call to the caller's trampoline."""
        func, args = self.callee_and_args(e)
        desc = f"method '{e.name}'" if type(e) is ast.Method else self.describe(e.func)
        # the caller's trampoline makes the call after this frame is gone, so
        # the position and name for a failure travel with it
        where = f"{self.chunkname}:{self.line}: \0{desc}"
        pair = py.Tuple([func, py.Tuple(args, py.Load()), _const(where)], py.Load())
        targets = py.Tuple([py.Subscript(_load("TS"), _const(i), py.Store()) for i in range(3)],
                           py.Store())
        self.emit(py.Assign([targets], pair))
        self.emit(py.Return(_load("TAIL")))

    def s_Break(self, s: ast.Break) -> None:
        loops = self.fs.loops
        frame = loops[-1] if loops else None
        if frame is not None and frame.get("label_loop"):
            # inside a goto label's loop: leave it and tell the enclosing ones
            for f in reversed(loops):
                if not f.get("label_loop"):
                    break
                f["needs_flag"] = True
            self.emit(py.Assign([_store("_brk")], _const(True)))
        self.emit(py.Break())

    # -- goto and labels ---------------------------------------------------------
    def _block_labels(self, stats: list) -> list:
        return [i for i, s in enumerate(stats) if type(s) is ast.Label]

    def block_with_labels(self, stats: list, label_positions: list) -> None:
        """A block with labels: forward jumps leave a try, backward ones loop.

        A goto raises its label's GotoJump (an exception class per label):
        cheap to set up (3.11's zero-cost try), costly only when taken.
        """
        first = label_positions[0]
        label = stats[first]
        exc = self.label_exc(label.label)
        before, after = stats[:first], stats[first + 1:]
        # statements before the label: a forward goto ends them
        body = self.sub_block(before)
        if self._jumps_to(before, label.label):
            handler = py.ExceptHandler(_load(exc), None, [self.at(py.Pass())])
            self.emit(py.Try(body, [self.at(handler)], [], []))
        else:
            self.out.extend(body)
        # statements from the label on: a backward goto restarts them
        if self._jumps_to(after, label.label):
            frame = {"label_loop": True}
            self.fs.loops.append(frame)
            inner = self.sub_block(after)
            self.fs.loops.pop()
            cont = py.ExceptHandler(_load(exc), None, [self.at(py.Continue())])
            loop_body = [self.at(py.Try(inner, [self.at(cont)], [], [])), self.at(py.Break())]
            if frame.get("needs_flag"):
                self.emit(py.Assign([_store("_brk")], _const(False)))
            self.emit(py.While(_const(True), loop_body, []))
            if frame.get("needs_flag"):
                self.emit(py.If(_load("_brk"), [self.at(py.Break())], []))
        else:
            self.block(after)

    def label_exc(self, label: str) -> str:
        fs = self.fs
        if label not in fs.labels:
            name = f"_goto_{label}_{len(self.goto_classes)}"
            self.goto_classes.append(name)
            fs.labels[label] = name
        return fs.labels[label]

    def _jumps_to(self, stats: list, label: str) -> bool:
        return any(type(s) is ast.Goto and s.label == label for s in ast.statements(stats))

    def s_Goto(self, s: ast.Goto) -> None:
        exc = self.label_exc(s.label)
        self.emit(py.Raise(_load(exc), None))

    def s_Label(self, s: ast.Label) -> None:
        pass    # handled by block_with_labels

    # -- expressions -------------------------------------------------------------
    def operand(self, e) -> Operand:
        """Compile e for use twice (a class test, then the value)."""
        cls = type(e)
        if cls is ast.Number and not e.suffix:
            return Operand(_const(float(e.value)), _const(float(e.value)), True, NUMBER, True)
        if cls is ast.String:
            c = _const(e.value)
            return Operand(c, c, True, None, True)
        if cls is ast.Name:
            var = self.res.names.get(id(e))
            if var is not None and not var.boxed:
                n = _load(var.pyname)
                return Operand(n, n, True, var.kind, not var.captured)
        value = self.expr(e)
        kind = self.kind(e)
        if kind is NUMBER:
            # arithmetic on numbers: pure and cannot fail, so it may be
            # evaluated anywhere (and again) instead of through a temp
            return Operand(value, value, True, NUMBER, True)
        name = self.temp()
        return Operand(_load(name), py.NamedExpr(_store(name), value), False, kind)

    def release(self, *ops: Operand) -> None:
        self.free(sum(1 for op in ops if not op.simple))

    def kind(self, e):
        """NUMBER or TABLE if e's type is known statically, else None."""
        return kind_of(e, self.res)

    def expr(self, e):
        """e in single-value context, as a Python expression."""
        return getattr(self, "e_" + type(e).__name__)(e)

    def e_Nil(self, e):
        return _const(None)

    def e_TrueExpr(self, e):
        return _const(True)

    def e_FalseExpr(self, e):
        return _const(False)

    def e_Number(self, e):
        if e.suffix:
            return _call(_load("cdata_int"), [_const(e.value), _const(e.suffix)])
        return _const(float(e.value))

    def e_String(self, e):
        return _const(e.value)

    def e_Vararg(self, e):
        return py.IfExp(_load("VA"), py.Subscript(_load("VA"), _const(0), py.Load()), _const(None))

    def e_Paren(self, e):
        return self.expr(e.expr)

    def e_Name(self, e):
        var = self.res.names.get(id(e))
        if var is None:
            return py.Subscript(_load("G"), _const(ast.name_key(e.name)), py.Load())
        if var.boxed:
            return py.Subscript(_load(var.pyname), _const(0), py.Load())
        return _load(var.pyname)

    def e_Function(self, e):
        name = self.def_name(e)
        self.define_function(e, name)
        return _load(name)

    def e_Index(self, e):
        obj = self.operand(e.obj)
        key = self.operand(e.key)
        s = self.site("index", self.describe(e.obj))
        slow = self.at(_call(_load("index"), [obj.use, key.use]), s, e.line)
        if obj.table:
            # no test needed, but a computed table must still be computed
            t_obj = None if obj.simple else _is_not(obj.first, _const(None))
        else:
            t_obj = _is(_cls(obj.first), _load("Table"))
        if type(e.key) is ast.String or key.number:
            # no bool can hide in this key; a computed one must still be computed
            t_key = None if key.simple else _is_not(key.first, _const(None))
        else:
            t_key = _is_not(_cls(key.first), _load("bool"))
        test = self.both(obj, key, t_obj, t_key)
        self.release(obj, key)
        if test is None:
            return py.Subscript(obj.first, key.first, py.Load())
        return py.IfExp(test, py.Subscript(obj.use, key.use, py.Load()), slow)

    def callee_and_args(self, e):
        """The function expression and the argument list of a call or method call."""
        if type(e) is ast.Method:
            obj = self.operand(e.obj)
            s = self.site("index", self.describe(e.obj))
            key = _const(ast.name_key(e.name))
            if obj.table:
                lookup = self.method_lookup(obj.first, obj.use, key)
            else:
                lookup = py.IfExp(_is(_cls(obj.first), _load("Table")),
                                  self.method_lookup(obj.use, obj.use, key),
                                  self.at(_call(_load("index"), [obj.use, key]), s))
            # Python reads the object's temp as the first argument before it
            # evaluates the others, so nested method calls may reuse it
            args = [obj.use] + self.explist(e.args)
            self.release(obj)
            return lookup, args
        func = self.expr(e.func)
        return func, self.explist(e.args)

    def method_lookup(self, first, use, key):
        """obj.name on a table, for obj:name(...).

        Hot path (object-style code): the method is usually not in obj but
        in its class (obj's metatable's __index table) or in the class's
        base class (the class's own __index table). Both lookups are
        inlined, as raw reads that cannot fail (see _raw_value), in Lua's order:

            obj[k] if k in obj
            else m if (c := obj.meta) is not None
                      and (c := c[I] if I in c else None).__class__ is Table
                      and (k in c and (m := c[k]) is not None
                           or (b := c.meta) is not None
                           and (b := b[I] if I in b else None).__class__ is Table
                           and k in b and (m := b[k]) is not None)
            else MM(obj, k, c, b if c.__class__ is Table else None)

        where I is b'__index'.

        A Python call per lookup cost ~8% of methods.lua (bench/vm).
        MM (Table.method_missing, runtime._method_missing) does the rest
        from where the inline part stopped: longer chains, __index
        functions, no method at all. b is read only if it was just set.
        """
        m, c, b = self.temp(), self.temp(), self.temp()
        self.free(3)    # the lookup is done before the arguments are computed
        own = py.Compare(key, [py.In()], [first])
        inherited = py.BoolOp(py.And(), [
            _is_not(py.NamedExpr(_store(c), py.Attribute(use, "meta", py.Load())), _const(None)),
            _index_table(c),
            py.BoolOp(py.Or(), [_raw_get(m, c, key), py.BoolOp(py.And(), [
                _is_not(py.NamedExpr(_store(b), py.Attribute(_load(c), "meta", py.Load())),
                        _const(None)),
                _index_table(b),
                _raw_get(m, b, key)])])])
        base = py.IfExp(_is(_cls(_load(c)), _load("Table")), _load(b), _const(None))
        missing = _call(_load("MM"), [use, key, _load(c), base])
        return py.IfExp(own, py.Subscript(use, key, py.Load()),
                        py.IfExp(inherited, _load(m), missing))

    def call_expr(self, e):
        """A call as a Python call expression (its raw result)."""
        func, args = self.callee_and_args(e)
        if type(e) is ast.Method:
            s = self.site("call", f"method '{e.name}'")
        else:
            s = self.site("call", self.describe(e.func))
        return self.at(py.Call(func, args, []), s, e.line)

    def one_result(self, e) -> bool:
        """Whether a call surely returns one bare value: a call of a local
        function that is never reassigned and always returns one
        (scope.returns_one)."""
        if type(e) is not ast.Call or type(e.func) is not ast.Name:
            return False
        var = self.res.names.get(id(e.func))
        return var is not None and var.one_result

    def e_Call(self, e):
        call = self.call_expr(e)
        if self.one_result(e):
            return call
        r = _load("_r")
        # a Multi: several values, or a pending tail call, made here if it
        # can be (tail_pickup); first() takes the rest
        picked = py.BoolOp(py.And(), [
            _is(r, _load("TAIL")), _is(_cls(_tail_slot(0)), _load("FN")),
            _is_not(_cls(py.NamedExpr(_store("_r"), self.tail_pickup())), _load("Multi"))])
        return py.IfExp(_is_not(_cls(py.NamedExpr(_store("_r"), call)), _load("Multi")), r,
                        py.IfExp(picked, r, self.first_of_multi(r)))

    @staticmethod
    def first_of_multi(r):
        """The first value of a Multi r: inline unless r is a pending tail
        call (a builtin's several results, `find(s, p)` in an expression,
        cost no call of first())."""
        first_value = py.IfExp(r, py.Subscript(r, _const(0), py.Load()), _const(None))
        return py.IfExp(_is(r, _load("TAIL")), _call(_load("first"), [r]), first_value)

    def tail_pickup(self):
        """TS[0](*TS[1]): a pending tail call, made by the code that got
        TAIL back when the function is a Python function (the caller tests
        `TS[0].__class__ is FN`) instead of by value.resolve.

        Hot path (`return f(x)` of a Lua function, e.g. `return self:m()`):
        saves the calls of first and resolve, ~3% of methods.lua. It changes
        nothing Lua can see: the frame that made the tail call is gone as
        with resolve; calling a function cannot fail the way calling nil or
        a table does, whose error resolve words at the `return`; the call
        carries a call site without a name, so the function has no name in
        tracebacks and errors (as called by resolve, which is machinery),
        and no line of its own, so the caller shows the line it showed
        when it called resolve. A further pending tail call comes back as
        TAIL, for resolve: the stack stays as deep.
        """
        pickup = _call(_tail_slot(0), [], star=_tail_slot(1))
        site = self.site("call")
        pickup.col_offset, pickup.end_col_offset = site, site + 1
        return pickup

    e_Method = e_Call

    def explist(self, exprs: list) -> list:
        """Expressions as call arguments: the last one expands its values."""
        items = [self.expr(x) for x in exprs[:-1]]
        if exprs:
            last = exprs[-1]
            if type(last) in (ast.Call, ast.Method) and not self.one_result(last):
                items.append(py.Starred(_call(_load("values"), [self.call_expr(last)]), py.Load()))
            elif type(last) in (ast.Call, ast.Method):
                items.append(self.call_expr(last))
            elif type(last) is ast.Vararg:
                items.append(py.Starred(_load("VA"), py.Load()))
            else:
                items.append(self.expr(last))
        return items

    def explist_adjusted(self, exprs: list, n: int):
        """Exactly n values: a list of n expressions, or one tuple expression."""
        if not exprs:
            return [_const(None)] * n
        last = exprs[-1]
        multi = type(last) in (ast.Call, ast.Method, ast.Vararg)
        if len(exprs) >= n or not multi:
            items = [self.expr(x) for x in exprs[:n]]
            extra = [self.expr(x) for x in exprs[n:]]
            if extra:
                # extra expressions are still evaluated, for their side
                # effects, after the values kept (a call may change them)
                kept = [self.temp() for _ in items]
                self.emit(py.Assign([py.Tuple([_store(k) for k in kept] + [_store(self.temp())],
                                              py.Store())],
                                    py.Tuple([*items, py.Tuple(extra, py.Load())], py.Load())))
                items = [_load(k) for k in kept]
            return items + [_const(None)] * (n - len(items))
        items = self.explist(exprs)
        if len(items) == 1 and type(items[0]) is py.Starred:
            # a call's (or `...`'s) values alone: a tuple already, not copied
            return _call(_load("adjust"), [items[0].value, _const(n)])
        return _call(_load("adjust"), [py.Tuple(items, py.Load()), _const(n)])

    def e_Table(self, e):
        items = e.items
        if not items:
            return _call(_load("Table"), [])
        pos = [v for k, v in items if k is None]
        keyed = [(k, v) for k, v in items if k is not None]
        last_multi = items[-1][0] is None and type(items[-1][1]) in (ast.Call, ast.Method, ast.Vararg)
        if not keyed:
            # positional items only: one tuple, the last item's values spread in it
            args = [py.Tuple(self.explist(pos), py.Load())]
            return _call(_load("table_list"), args + [_const(False)] if last_multi else args)
        if not pos and all(type(k) is ast.String for k, _ in keyed):
            return self.record(keyed)
        # general case: evaluate in source order into (key, value) pairs
        pairs = []
        n = 0
        for i, (k, v) in enumerate(items):
            if k is None:
                if i == len(items) - 1 and last_multi:
                    pairs.append(py.Starred(_call(_load("multi_items"), [
                        _const(float(n + 1)), _call(_load("values"), [self.call_expr(v)])
                        if type(v) is not ast.Vararg else _load("VA")]), py.Load()))
                    continue
                n += 1
                pairs.append(py.Tuple([_const(float(n)), self.expr(v)], py.Load()))
            else:
                pairs.append(py.Tuple([self.expr(k), self.expr(v)], py.Load()))
        s = self.site("newindex", "")
        return self.at(_call(_load("table_items"), [py.Tuple(pairs, py.Load())]), s)

    def record(self, keyed: list):
        """{name = v, ...} with string keys only: a dict display, in source order.

        Hot path (object constructors): no call to table_items. Values that
        may be nil are tested afterwards and, if one is, drop_nils removes
        their keys (nil values are never stored in a Table).
        """
        t = self.temp()
        values = [v if type(v) in NEVER_NIL else self.settled(v) for _, v in keyed]
        ops = [v for v in values if type(v) is Operand]
        display = py.Dict([_const(k.value) for k, _ in keyed],
                          [v.first if type(v) is Operand else self.expr(v) for v in values])
        made = py.NamedExpr(_store(t), _call(_load("Table"), [display]))
        maybe_nil = [_is_not(op.use, _const(None)) for op in ops if op.kind is None]
        self.release(*ops)
        self.free()
        if not maybe_nil:
            return made.value
        # made is truthy (a dict with at least one key) and evaluated first
        return py.IfExp(py.BoolOp(py.And(), [made, *maybe_nil]), _load(t),
                        _call(_load("drop_nils"), [_load(t)]))

    def settled(self, e) -> Operand:
        """e as an operand whose `use` still reads its value after later
        expressions ran: a local that a call may assign (an upvalue of some
        closure) goes through a temp too."""
        op = self.operand(e)
        if not op.simple or op.stable or op.kind is not None:
            return op
        name = self.temp()
        return Operand(_load(name), py.NamedExpr(_store(name), op.use), False)

    def e_UnOp(self, e):
        op = e.op
        if op == "not":
            return py.UnaryOp(py.Not(), self.cond(e.operand))
        a = self.operand(e.operand)
        if op == "-":
            s = self.site("arith", self.describe(e.operand))
            slow = self.at(_call(_load("unm"), [a.use]), s, e.line)
            if a.number:
                r = py.UnaryOp(py.USub(), a.first)
            else:
                r = py.IfExp(_is(_cls(a.first), _load("float")), py.UnaryOp(py.USub(), a.use), slow)
            self.release(a)
            return r
        s = self.site("len", self.describe(e.operand))
        border = self.border(a.use)
        self.release(a)
        if a.table:
            return border if a.simple else py.IfExp(_is_not(a.first, _const(None)), border, _const(None))
        slow = self.at(_call(_load("length"), [a.use]), s, e.line)
        return py.IfExp(_is(_cls(a.first), _load("Table")), border, slow)

    def border(self, t):
        """`#t` of the Table t (a name, read more than once).

        Hot path (`t[#t + 1] = v`, `for i = 1, #t`): the border hint is
        usually still exact (t[n] is set, or n is 0, and t[n+1] is not), which
        is tested inline; Table.flen walks to a border otherwise.
        """
        n = self.temp()     # taken before t's own temp is released: not shared
        self.free()
        hint = py.NamedExpr(_store(n), py.Attribute(t, "border", py.Load()))
        exact = py.BoolOp(py.And(), [
            py.Compare(py.BinOp(hint, py.Add(), _const(1.0)), [py.NotIn()], [t]),
            py.BoolOp(py.Or(), [py.Compare(_load(n), [py.In()], [t]),
                                py.UnaryOp(py.Not(), _load(n))])])
        return py.IfExp(exact, _load(n), _call(py.Attribute(t, "flen", py.Load()), []))

    def e_BinOp(self, e):
        op = e.op
        if op == "and" or op == "or":
            return self.logical(e)
        if op in ("==", "~="):
            r = self.equality(e)
            return py.UnaryOp(py.Not(), r) if op == "~=" else r
        if op in COMPARE_OPS:
            return self.compare(e)
        if op == "..":
            return self.concat(e)
        return self.arith(e)

    def both(self, a: Operand, b: Operand, test_a, test_b):
        """Combine the class tests of two operands, keeping evaluation order.

        `and` would skip computing b when a's test fails, leaving b's temp
        unset for the slow path; `&` always evaluates both. A stable a can
        be tested after b is computed, with `and`.
        """
        tests = [t for t in (test_a, test_b) if t is not None]
        if not tests:
            return None
        if len(tests) == 1:
            return tests[0]
        if b.simple:
            return py.BoolOp(py.And(), tests)
        if a.stable:
            return py.BoolOp(py.And(), [test_b, test_a])
        return every(tests)

    def arith(self, e):
        fused = self.fused_arith(e)
        if fused is not None:
            return fused
        op = e.op
        # a division of numbers by a computed divisor keeps it in a temp,
        # taken before the operands' own so that they cannot reuse it
        divisor = self.temp() if op == "/" and self.pure_division(e) else None
        a = self.operand(e.left)
        b = self.operand(e.right)
        s = self.site("arith", self.describe(e.left), self.describe(e.right))
        helper = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod", "^": "pow_"}[op]
        if op == "^":       # no inline fast path: the helper computes the operands
            self.release(a, b)
            return self.at(_call(_load(helper), [a.first, b.first]), s, e.line)
        slow = self.at(_call(_load(helper), [a.use, b.use]), s, e.line)
        test = self.number_tests(a, b)
        if op in ARITH_OPS:
            fast = py.BinOp(a.use, ARITH_OPS[op](), b.use)
        elif op == "/":
            fast = self.division(a, b, divisor)
        elif op == "%":
            fast = self.float_mod(e, a.use, b.use)
        self.release(a, b)
        if divisor is not None:
            self.free()
        if test is None:
            return fast
        return py.IfExp(test, fast, slow)

    def exact_mod(self, e) -> bool:
        """i % c for a for loop's integer counter and a positive integer
        literal: then Lua's i - floor(i/c)*c is exact and equals Python's
        `%` (no -0, no rounding: |i| <= 2^53)."""
        var = self.res.names.get(id(e.left)) if type(e.left) is ast.Name else None
        return (var is not None and var.integer and var.kind is NUMBER and not var.boxed
                and type(e.right) is ast.Number and not e.right.suffix
                and float(e.right.value).is_integer() and 0 < e.right.value < 2.0 ** 53)

    def pure_division(self, e) -> bool:
        """Whether a / b is inlined on numbers with a divisor that is not a
        literal or a name (so it needs a temp): see division()."""
        right = e.right
        return (self.kind(e.left) is NUMBER and self.kind(right) is NUMBER
                and type(e.left) in (ast.Number, ast.Name)
                and type(right) not in (ast.Number, ast.Name))

    def division(self, a: Operand, b: Operand, temp: str | None):
        """a / b on numbers: Python's `/` unless b may be zero (it raises).
        Both pure: b is tested first (in `temp` if computed), then a read."""
        if isinstance(b.use, py.Constant) and b.use.value != 0.0:
            return py.BinOp(a.use, py.Div(), b.use)
        # a is read in both branches: only a name or a literal, else nested
        # divisions would double the code at each level
        if not (a.number and b.number and isinstance(a.use, (py.Name, py.Constant))):
            return _call(_load("num_div"), [a.use, b.use])
        divisor = test = b.use
        if temp is not None:
            divisor, test = _load(temp), py.NamedExpr(_store(temp), b.use)
        return py.IfExp(test, py.BinOp(a.use, py.Div(), divisor),
                        _call(_load("num_div"), [a.use, divisor]))

    def number_tests(self, a: Operand, b: Operand):
        """The test that both operands are numbers (None if known statically).

        A known number that is still to be computed gets a trivial test, so
        that it is computed before b, in Lua's order."""
        ta = None if a.number else _is(_cls(a.first), _load("float"))
        tb = None if b.number or _same_name(a.first, b.first) else _is(_cls(b.first), _load("float"))
        if ta is None and not a.simple:
            ta = py.Compare(a.first, [py.IsNot()], [_const(None)])
        if tb is None and not b.simple:
            tb = py.Compare(b.first, [py.IsNot()], [_const(None)])
        return self.both(a, b, ta, tb)

    def concat(self, e):
        a = self.operand(e.left)
        b = self.operand(e.right)
        s = self.site("concat", self.describe(e.left), self.describe(e.right))
        slow = self.at(_call(_load("concat"), [a.use, b.use]), s, e.line)
        ta = _is(_cls(a.first), _load("bytes")) if not isinstance(a.first, py.Constant) else None
        tb = _is(_cls(b.first), _load("bytes")) if not isinstance(b.first, py.Constant) else None
        if isinstance(a.use, py.Constant) and not isinstance(a.use.value, bytes):
            ta = _const(False)
        if isinstance(b.use, py.Constant) and not isinstance(b.use.value, bytes):
            tb = _const(False)
        test = self.both(a, b, ta, tb)
        self.release(a, b)
        fast = py.BinOp(a.use, py.Add(), b.use)
        if test is None:
            return fast
        return py.IfExp(test, fast, slow)

    def compare(self, e):
        pyop, helper, swap = COMPARE_OPS[e.op]
        fused = self.fused_compare(e, pyop, helper, swap)
        if fused is not None:
            return fused
        a = self.operand(e.left)
        b = self.operand(e.right)
        s = self.site("compare")
        x, y = (b, a) if swap else (a, b)
        slow = self.at(_call(_load(helper), [x.use, y.use]), s, e.line)
        test = self.number_tests(a, b)
        self.release(a, b)
        fast = py.Compare(x.use, [pyop()], [y.use])
        if test is None:
            return fast
        return py.IfExp(test, fast, slow)

    def equality(self, e):
        """a == b as a Python bool: same class and equal (tables: identity or __eq)."""
        left, right = e.left, e.right
        if _constant(left):
            left, right = right, left
        rcls = type(right) if _constant(right) else None
        if rcls is ast.Nil:
            return self.nil_test(left)
        if rcls is ast.TrueExpr:
            return _is(self.expr(left), _const(True))
        if rcls is ast.FalseExpr:
            return _is(self.expr(left), _const(False))
        if rcls is ast.String:
            return py.Compare(self.expr(left), [py.Eq()], [_const(right.value)])
        a = self.operand(left)
        b = self.operand(right)
        if a.number and b.number:
            r = py.Compare(a.first, [py.Eq()], [b.first])
        elif rcls is ast.Number:
            # a cdata equals numbers too (1LL == 1); True == 1.0 must not hold
            r = py.BoolOp(py.And(), [py.Compare(a.first, [py.Eq()], [b.use]), py.BoolOp(py.Or(), [
                _is(_cls(a.use), _load("float")), _is(_cls(a.use), _load("CData"))])])
        else:
            eqt = py.Compare(a.first, [py.Eq()], [b.first])
            r = py.BoolOp(py.And(), [eqt, py.BoolOp(py.Or(), [
                _is(_cls(a.use), _cls(b.use)), _call(_load("cdata_mixed"), [a.use, b.use])])])
        self.release(a, b)
        return r

    def nil_test(self, e):
        """e == nil: nil itself, or a NULL pointer cdata (LuaJIT's rule)."""
        a = self.operand(e)
        if a.number or a.table:
            r = _is(a.first, _const(None))
        else:
            r = py.BoolOp(py.Or(), [_is(a.first, _const(None)), py.BoolOp(py.And(), [
                _is(_cls(a.use), _load("CData")), _call(_load("cdata_null"), [a.use])])])
        self.release(a)
        return r

    def logical(self, e):
        a = self.operand(e.left)
        b = self.expr(e.right)
        if e.op == "and":
            # a and b: a if a is false/nil, else b
            r = py.IfExp(_truth_first(a), b, a.use)
        else:
            r = py.IfExp(_truth_first(a), a.use, b)
        self.release(a)
        return r

    def cond(self, e):
        """e as a Python condition (Lua truth), without building Lua booleans."""
        cls = type(e)
        if cls is ast.BinOp:
            if e.op == "and":
                return py.BoolOp(py.And(), [self.cond(e.left), self.cond(e.right)])
            if e.op == "or":
                return py.BoolOp(py.Or(), [self.cond(e.left), self.cond(e.right)])
            if e.op in COMPARE_OPS or e.op in ("==", "~="):
                return self.e_BinOp(e)
        if cls is ast.UnOp and e.op == "not":
            return py.UnaryOp(py.Not(), self.cond(e.operand))
        if cls in (ast.TrueExpr, ast.Number, ast.String):
            return _const(True)
        if cls in (ast.Nil, ast.FalseExpr):
            return _const(False)
        if cls is ast.Paren:
            return self.cond(e.expr)
        a = self.operand(e)
        self.release(a)
        return _truth_first(a)


def _same_name(x, y) -> bool:
    return isinstance(x, py.Name) and isinstance(y, py.Name) and x.id == y.id


def _constant(e) -> bool:
    """nil, true, false, a number or a string literal (not a 64-bit cdata one)."""
    cls = type(e)
    if cls is ast.Number:
        return not e.suffix
    return cls in (ast.Nil, ast.TrueExpr, ast.FalseExpr, ast.String)


def _namespace_names() -> list:
    """Statements that add names to the namespace generated code runs in
    (state.py's, shared by the chunks of a state), ahead of `__chunk__`:
    `FN`, the class of Python functions (tail_pickup), and `MM`,
    Table.method_missing (method_lookup), which a global reads faster."""
    fn_class = py.Assign([_store("FN")], _cls(_load("first")))
    missing = py.Assign([_store("MM")], py.Attribute(_load("Table"), "method_missing", py.Load()))
    for stmt in (fn_class, missing):
        stmt.lineno = stmt.end_lineno = 1
        stmt.col_offset, stmt.end_col_offset = 0, 1
    return [fn_class, missing]


def _tail_slot(i: int) -> py.Subscript:
    """TS[i]: the function (0) or the arguments (1) of a pending tail call."""
    return py.Subscript(_load("TS"), _const(i), py.Load())


# Raw reads of a Table in generated code test `k in t`, then read t[k], rather
# than call t.get(k): CPython 3.11 does not specialize a method call on a dict
# subclass, and `in` and `[]` take dict's C functions (dictslots.py): ~200
# instructions each against ~450 for get, a miss costing only the test.

def _raw_value(c: str, key):
    """c[key] if key in c else None: what the table c holds at key."""
    return py.IfExp(py.Compare(key, [py.In()], [_load(c)]),
                    py.Subscript(_load(c), key, py.Load()), _const(None))


def _index_table(c: str) -> py.Compare:
    """(c := c[b'__index'] if ... else None).__class__ is Table: the metatable
    in c has an __index table; c then holds the metatable's __index in any case."""
    index = _raw_value(c, _const(b"__index"))
    return _is(_cls(py.NamedExpr(_store(c), index)), _load("Table"))


def _raw_get(m: str, c: str, key) -> py.BoolOp:
    """key in c and (m := c[key]) is not None: the table c holds key, now in m
    (never nil: a Table stores none)."""
    value = py.NamedExpr(_store(m), py.Subscript(_load(c), key, py.Load()))
    return py.BoolOp(py.And(), [py.Compare(key, [py.In()], [_load(c)]),
                                _is_not(value, _const(None))])


def _truth_first(a: Operand):
    if isinstance(a.first, py.Constant):        # known at compile time
        return _const(a.first.value is not None and a.first.value is not False)
    return py.BoolOp(py.And(), [_is_not(a.first, _const(None)), _is_not(a.use, _const(False))])


# -- driver ----------------------------------------------------------------

def _turns(start_int, start_num, stop, last, step: int):
    """The number of turns of `for v = start, stop, step` (integer start and
    step, stop below 2^53): an int expression, a constant when start and
    stop are. `last` is floor(stop) for an ascending loop, ceil(stop) for a
    descending one."""
    if isinstance(start_int, py.Constant) and isinstance(last, py.Constant):
        return _const(max(0, (last.value - start_int.value) // step + 1))
    if step > 0:
        span, runs = py.BinOp(last, py.Sub(), start_int), py.Compare(stop, [py.GtE()], [start_num])
    else:
        span, runs = py.BinOp(start_int, py.Sub(), last), py.Compare(stop, [py.LtE()], [start_num])
    if abs(step) != 1:
        turns = py.BinOp(py.BinOp(span, py.FloorDiv(), _const(abs(step))), py.Add(), _const(1))
    elif isinstance(span.right, py.Constant):
        # (x - c + 1 folded: x itself for `for i = 1, n` and `for i = n, 1, -1`)
        c = span.right.value - 1
        turns = span.left if c == 0 else py.BinOp(span.left, py.Sub(), _const(c)) if c > 0 \
            else py.BinOp(span.left, py.Add(), _const(-c))
    else:
        turns = py.BinOp(span, py.Add(), _const(1))
    return py.IfExp(runs, turns, _const(0))


def _below_2_53(e) -> py.Compare:
    """-2^53 < e < 2^53 (false for NaN)."""
    bound = _const(2.0 ** 53)
    return py.Compare(py.UnaryOp(py.USub(), bound), [py.Lt(), py.Lt()], [e, bound])


def _small_int(e):
    """The value of an integer literal below 2^53 in magnitude, as an int, or None."""
    if type(e) is ast.Number and not e.suffix and float(e.value).is_integer() \
            and abs(e.value) < 2.0 ** 53:
        return int(e.value)
    if type(e) is ast.UnOp and e.op == "-":
        v = _small_int(e.operand)
        return None if not v else -v       # -0 is a float of its own (1/-0 is -inf)
    return None


def _finite_literal(e) -> bool:
    return type(e) is ast.Number and not e.suffix and math.isfinite(float(e.value))


def _reads_env(body: list) -> bool:
    """Whether generated statements use `G` (globals, or a nested
    function's environment)."""
    return any(type(n) is py.Name and n.id == "G" for stmt in body for n in py.walk(stmt))


def _fix_locations(root) -> None:
    """ast.fix_missing_locations without its recursion: a node without a
    position takes its parent's (the col_offset too, which carries the site
    number). Half of a chunk's compile time went there."""
    stack = [(root, 1, 0, 1, 0)]
    pop, push = stack.pop, stack.append
    ast_node = py.AST
    while stack:
        node, line, col, end_line, end_col = pop()
        d = node.__dict__
        if "lineno" in node._attributes:
            if "lineno" in d:
                line = d["lineno"]
            else:
                node.lineno = line
            if d.get("end_lineno") is None:
                node.end_lineno = end_line
            else:
                end_line = d["end_lineno"]
            if "col_offset" in d:
                col = d["col_offset"]
            else:
                node.col_offset = col
            if d.get("end_col_offset") is None:
                node.end_col_offset = end_col
            else:
                end_col = d["end_col_offset"]
        children = []
        for field in node._fields:
            value = d.get(field)
            if value.__class__ is list:
                children.extend(item for item in value if isinstance(item, ast_node))
            elif isinstance(value, ast_node):
                children.append(value)
        # in source order, as ast.fix_missing_locations: a node shared by
        # two parents (a pure operand) takes the first one's position
        for child in reversed(children):
            push((child, line, col, end_line, end_col))


def _translate(main: ast.Function, chunkname: str, jit=None) -> tuple[py.Module, Compiler]:
    """A parsed chunk as a Python module tree, and the compiler that made it."""
    comp = Compiler(chunkname, resolve(main, chunkname), jit)
    return comp.chunk(main), comp


def compile_chunk(main: ast.Function, chunkname: str, jit=None):
    """Compile a parsed chunk to a Python code object defining
    `__chunk__(G, JS)`, the tuple of hot-counter sites to pass as JS
    (empty without a JIT), and whether any of its functions assigns a
    global (one that does not can run with the same environment every time)."""
    module, comp = _translate(main, chunkname, jit)
    with warnings.catch_warnings():
        # shapes like `'x' is not None` are correct here; Python's lint is noise
        warnings.simplefilter("ignore", SyntaxWarning)
        code = compile(module, chunkname, "exec")
    _register(code, comp, chunkname)
    return code, tuple(comp.jit_sites), comp.writes_globals


def _register(code, comp: Compiler, chunkname: str) -> None:
    """Record FuncInfo for every Lua function's code object."""
    by_name = {pyname: (node, kinds) for pyname, node, kinds in comp.funcinfos}
    stack = [code]
    while stack:
        co = stack.pop()
        node, kinds = by_name.get(co.co_name, (None, None))
        if node is not None:
            name = "main chunk" if co.co_name == "main" else (node.name or "anonymous")
            info = FuncInfo(chunkname, name, node.line, node.end_line or node.line,
                            comp.sites, co, len(node.params), node.is_vararg, kinds)
            info.tree = (node, comp.res)
            register(info)
        stack.extend(c for c in co.co_consts if hasattr(c, "co_code"))


def listing(source: bytes, chunkname: str) -> str:
    """The Python code tier 0 generates for a chunk (`luavm -l`)."""
    from .parser import parse
    module, _comp = _translate(parse(source, chunkname), chunkname)
    return py.unparse(module)
