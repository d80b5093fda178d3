"""The Lua parser: tokens -> luavm.ast, with LuaJIT 2.1's grammar and checks.

Recursive descent over the tokens of lexer.tokenize, following LuaJIT's
lj_parse.c in what it accepts and in the order and text of its errors:
  - Lua 5.1 statements plus `goto name` / `::name::` (goto stays a plain name
    unless a name follows it); `break` and `return` must end their block and
    take at most one `;` after them, like every statement (LuaJIT in 5.1
    mode has no empty statement);
  - a `(` on a new line cannot start call arguments ("ambiguous syntax");
  - gotos and labels follow LuaJIT's scope rules (see _FuncState);
  - LuaJIT's limits: 200 syntax levels, 200 locals, 120 upvalues per
    function, 200 assignment targets.

Node lines follow where LuaJIT attributes the operation at run time, so
errors can carry the same line: statements, names, literals, tables, parens
and functions take the line of their first token; Call and Method the line
of their argument list's first token; Index the line of its last token (the
key name or `]`); BinOp and UnOp the line of the last token of their operand.
A Function's end_line is the line of its `end` (for the main chunk, the line
at the end of input), as LuaJIT's lastlinedefined.

Names are str, decoded from UTF-8 with surrogateescape (encode them back the
same way to get the Lua string bytes).
"""
from __future__ import annotations

import itertools
import sys

from . import ast
from .lexer import EOF, ERROR, NAME, NUMBER, STRING, LuaSyntaxError, near_text, syntax_error, tokenize

MAX_LEVELS = 200        # LJ_MAX_XLEVEL: nesting of blocks and expressions
MAX_LOCALS = 200        # LJ_MAX_LOCVAR: active locals in one function
MAX_UPVALUES = 120      # this LuaJIT's LJ_MAX_UPVAL

# Binary operators: (left priority, right priority). Right-associative ones
# (`..`, `^`) bind tighter on the left than on the right.
_BINARY = {
    "or": (1, 1), "and": (2, 2),
    "<": (3, 3), ">": (3, 3), "<=": (3, 3), ">=": (3, 3), "~=": (3, 3), "==": (3, 3),
    "..": (5, 4), "+": (6, 6), "-": (6, 6), "*": (7, 7), "/": (7, 7), "%": (7, 7),
    "^": (10, 9),
}
_UNARY = frozenset(("not", "-", "#"))
_UNARY_PRIORITY = 8     # above every binary operator but `^`: -x^2 is -(x^2)

_BLOCK_END = frozenset(("else", "elseif", "end", "until", EOF))
# A label followed only by these ends its block, so it counts as outside the
# scope of the block's locals (`until` excepted: its condition sees them).
_LABEL_AT_END = frozenset(("else", "elseif", "end", EOF))

_FOR_NUM_HIDDEN = ("(for index)", "(for limit)", "(for step)")
_FOR_GEN_HIDDEN = ("(for generator)", "(for state)", "(for control)")


class _Block:
    """A lexical block: where its locals and goto/label entries start.

    `exit_nactvar` is what a goto leaving the block is re-based to: the locals
    active before the statement that opened it (for a loop this is before
    its hidden control variables, like LuaJIT's enclosing loop scope).
    """
    __slots__ = ("prev", "nactvar", "exit_nactvar", "gstart", "is_loop")

    def __init__(self, prev, nactvar: int, exit_nactvar: int, gstart: int, is_loop: bool) -> None:
        self.prev = prev
        self.nactvar = nactvar
        self.exit_nactvar = exit_nactvar
        self.gstart = gstart
        self.is_loop = is_loop


class _Jump:
    """A pending goto/break or a visible label (LuaJIT's VSTACK entries).

    `slot` is the number of active locals at the goto, or the label's scope
    start; `name` is None once the entry is resolved or out of scope.
    """
    __slots__ = ("is_label", "name", "slot", "line")

    def __init__(self, is_label: bool, name, slot: int, line: int) -> None:
        self.is_label = is_label
        self.name = name
        self.slot = slot
        self.line = line


_BREAK = object()       # the name of a break entry: never equal to a label
_VAR_IDS = itertools.count()    # identities of local variable declarations


class _FuncState:
    """Per-function scope bookkeeping: locals, upvalues, gotos and labels.

    It mirrors what LuaJIT checks while it generates code: the local and
    upvalue limits, `break` outside a loop, and the goto rules (a goto may
    jump to a visible label, never into the scope of a local; a label that
    ends its block counts as outside the block's locals). Errors are raised
    at the points, and with the lines, where LuaJIT raises them.
    """
    __slots__ = ("prev", "chunkname", "line", "is_vararg", "actvars", "active",
                 "upvals", "jumps", "block")

    def __init__(self, prev, chunkname: str, line: int, is_vararg: bool) -> None:
        self.prev = prev
        self.chunkname = chunkname
        self.line = line                # 0 for the main chunk
        self.is_vararg = is_vararg
        self.actvars: list[str] = []    # active locals, in declaration order
        self.active: dict[str, list[int]] = {}   # name -> ids of its active locals
        self.upvals: set[int] = set()   # ids of outer locals this function uses
        self.jumps: list[_Jump] = []
        self.block = _Block(None, 0, 0, 0, False)

    def fail(self, line: int, msg: str) -> LuaSyntaxError:
        return syntax_error(self.chunkname, line, msg)

    def describe(self) -> str:
        return "main function" if self.line == 0 else f"function at line {self.line}"

    # -- locals and upvalues -----------------------------------------------

    def check_new_locals(self, count: int, line: int) -> None:
        """Fail if `count` more locals would pass LuaJIT's limit."""
        if len(self.actvars) + count > MAX_LOCALS:
            raise self.fail(line, f"{self.describe()} has more than {MAX_LOCALS} local variables")

    def add_vars(self, names) -> None:
        """Bring declared locals into scope."""
        for name in names:
            self.actvars.append(name)
            ids = self.active.get(name)
            if ids is None:
                self.active[name] = [next(_VAR_IDS)]
            else:
                ids.append(next(_VAR_IDS))

    def remove_vars(self, nactvar: int) -> None:
        """Drop the locals declared after the first nactvar."""
        active = self.active
        actvars = self.actvars
        while len(actvars) > nactvar:
            name = actvars.pop()
            ids = active[name]
            ids.pop()
            if not ids:
                del active[name]

    def resolve_name(self, name: str, line: int) -> None:
        """Count the upvalue a name makes in each function between its use and
        the outer local it refers to (outermost first, as LuaJIT)."""
        if name in self.active:
            return
        path = [self]
        outer = self.prev
        while outer is not None:
            ids = outer.active.get(name)
            if ids is not None:
                for inner in reversed(path):
                    inner.add_upvalue(ids[-1], line)
                return
            path.append(outer)
            outer = outer.prev

    def add_upvalue(self, var_id: int, line: int) -> None:
        if var_id not in self.upvals:
            if len(self.upvals) >= MAX_UPVALUES:
                raise self.fail(line, f"{self.describe()} has more than {MAX_UPVALUES} upvalues")
            self.upvals.add(var_id)

    # -- blocks, gotos and labels ----------------------------------------------

    def open_block(self, is_loop: bool = False, exit_nactvar: int | None = None) -> None:
        nactvar = len(self.actvars)
        if exit_nactvar is None:
            exit_nactvar = nactvar
        self.block = _Block(self.block, nactvar, exit_nactvar, len(self.jumps), is_loop)

    def close_block(self) -> None:
        """Drop the block's locals and labels; pass its pending gotos out.

        Breaks end at the innermost loop; labels resolve the backward gotos
        that follow them; a goto leaving the function's top block is an error.
        """
        bl = self.block
        self.remove_vars(bl.nactvar)
        jumps = self.jumps
        for i in range(bl.gstart, len(jumps)):
            entry = jumps[i]
            name = entry.name
            if name is None:
                continue
            if entry.is_label:
                entry.name = None
                for later in jumps[i + 1:]:
                    if later.name == name and not later.is_label:
                        later.name = None
            elif name is _BREAK and bl.is_loop:
                entry.name = None
            elif bl.prev is not None:
                entry.slot = bl.exit_nactvar
            elif name is _BREAK:
                raise self.fail(entry.line, "no loop to break")
            else:
                raise self.fail(entry.line, f"undefined label '{name}'")
        self.block = bl.prev

    def add_jump(self, name, line: int) -> None:
        """A goto (or, with name _BREAK, a break), resolved later."""
        self.jumps.append(_Jump(False, name, len(self.actvars), line))

    def add_label(self, name: str, line: int) -> _Jump:
        for entry in self.jumps[self.block.gstart:]:
            if entry.is_label and entry.name == name:
                raise self.fail(line, f"duplicate label '{name}'")
        label = _Jump(True, name, len(self.actvars), line)
        self.jumps.append(label)
        return label

    def resolve_label(self, label: _Jump, at_block_end: bool) -> None:
        """Resolve the pending gotos of the current block that jump forward
        to this label; none may jump into the scope of a local."""
        bl = self.block
        if at_block_end:
            label.slot = bl.nactvar
        for entry in self.jumps[bl.gstart:self.jumps.index(label)]:
            if entry.name == label.name and not entry.is_label:
                if entry.slot < label.slot:
                    local = self.actvars[entry.slot]
                    raise self.fail(entry.line, f"<goto {label.name}> jumps into "
                                    f"the scope of local '{local}'")
                entry.name = None


class Parser:
    """Parses one chunk; use parse() below."""

    def __init__(self, source: bytes, chunkname: str) -> None:
        self.chunkname = chunkname
        stream = tokenize(source, chunkname)
        self.toks = stream.toks
        self.lines = stream.lines
        self.pos = -1
        self.kind = None
        self.value = None
        self.line = 1
        self.lastline = 1
        self.level = 0
        self.fs: _FuncState | None = None
        self.next()
        self.lastline = self.line

    # -- tokens and errors ---------------------------------------------------

    def next(self) -> None:
        """Advance to the next token (raising a lexical error as LuaJIT would
        when scanning it)."""
        self.lastline = self.line
        pos = self.pos = self.pos + 1
        self.kind, self.value, _ = self.toks[pos]
        self.line = self.lines[pos]
        if self.kind is ERROR:
            raise self.value

    def peek(self) -> tuple:
        """(kind, value) of the token after the current one (LuaJIT's
        lookahead, which is when a lexical error there surfaces)."""
        kind, value, _ = self.toks[self.pos + 1]
        if kind is ERROR:
            raise value
        return kind, value

    def error(self, msg: str) -> LuaSyntaxError:
        """A syntax error at the current token: `near` shows that token."""
        return syntax_error(self.chunkname, self.line, msg, near_text(*self.toks[self.pos]))

    def error_at(self, line: int, msg: str) -> LuaSyntaxError:
        """An error without `near` (limits, like LuaJIT's)."""
        return syntax_error(self.chunkname, line, msg)

    def error_expected(self, kind: str) -> LuaSyntaxError:
        return self.error(f"'{kind}' expected")

    def check(self, kind: str) -> None:
        """Consume a token of this kind or fail with "'x' expected"."""
        if self.kind != kind:
            raise self.error_expected(kind)
        self.next()

    def check_match(self, what: str, who: str, line: int) -> None:
        """Consume the closing `what` of a `who` opened at line."""
        if self.kind != what:
            if line == self.line:
                raise self.error_expected(what)
            raise self.error(f"'{what}' expected (to close '{who}' at line {line})")
        self.next()

    def name(self) -> str:
        """Consume a name token and return it."""
        if self.kind is not NAME:
            raise self.error_expected(NAME)
        value = self.value
        self.next()
        return value

    def enter_level(self) -> None:
        self.level += 1
        if self.level >= MAX_LEVELS:
            raise self.error_at(self.line, "chunk has too many syntax levels")

    # -- functions and blocks ----------------------------------------------------

    def open_function(self, line: int, is_vararg: bool) -> _FuncState:
        fs = self.fs = _FuncState(self.fs, self.chunkname, line, is_vararg)
        return fs

    def close_function(self) -> None:
        """End the function's outermost block (unresolved gotos fail here)."""
        self.fs.close_block()
        self.fs = self.fs.prev

    def chunk(self) -> ast.Function:
        self.open_function(0, True)
        body = self.block()
        if self.kind is not EOF:
            raise self.error_expected(EOF)
        end_line = self.line
        self.close_function()
        return ast.Function(0, [], True, body, "main chunk", end_line)

    def block(self) -> list:
        """Statements up to a block end; `return`/`break` must come last."""
        self.enter_level()
        stmts: list = []
        while self.kind not in _BLOCK_END:
            kind = self.kind
            if kind == "return":
                stmts.append(self.return_stat())
                last = True
            elif kind == "break":
                stmts.append(self.break_stat())
                last = True
            else:
                self.statement(stmts)
                last = False
            if self.kind == ";":
                self.next()
            if last:
                break
        self.level -= 1
        return stmts

    def scoped_block(self, is_loop: bool = False, exit_nactvar: int | None = None) -> list:
        self.fs.open_block(is_loop, exit_nactvar)
        body = self.block()
        self.fs.close_block()
        return body

    # -- statements ------------------------------------------------------------

    def statement(self, out: list) -> None:
        """Parse one statement (not return/break) and append it to out."""
        kind = self.kind
        handler = self._STATEMENTS.get(kind)
        if handler is not None:
            out.append(handler(self))
        elif kind == "::":
            self.label_stat(out)
        elif kind is NAME and self.value == "goto" and self.is_goto():
            out.append(self.goto_stat())
        else:
            out.append(self.expr_stat())

    def is_goto(self) -> bool:
        """Whether the current `goto` starts a goto statement. LuaJIT lexes
        `goto` as its own token that works as a name anywhere, and takes it
        as a statement only when a real name follows (so not `goto goto`)."""
        kind, value = self.peek()
        return kind is NAME and value != "goto"

    def return_stat(self) -> ast.Return:
        line = self.line
        self.next()
        if self.kind in _BLOCK_END or self.kind == ";":
            return ast.Return(line, [])
        return ast.Return(line, self.expr_list())

    def break_stat(self) -> ast.Break:
        line = self.line
        self.next()
        self.fs.add_jump(_BREAK, line)
        return ast.Break(line)

    def goto_stat(self) -> ast.Goto:
        line = self.line
        self.next()
        label_line = self.line
        label = self.name()
        self.fs.add_jump(label, label_line)
        return ast.Goto(line, label)

    def label_stat(self, out: list) -> None:
        """`::name::`, and the labels right after it (LuaJIT parses those
        first, so it resolves them first)."""
        line = self.line
        self.next()
        name = self.name()
        label = self.fs.add_label(name, self.line)
        self.check("::")
        out.append(ast.Label(line, name))
        while self.kind == "::":
            self.enter_level()
            self.label_stat(out)
            self.level -= 1
        self.fs.resolve_label(label, self.kind in _LABEL_AT_END)

    def do_stat(self) -> ast.Do:
        line = self.line
        self.next()
        body = self.scoped_block()
        self.check_match("end", "do", line)
        return ast.Do(line, body)

    def while_stat(self) -> ast.While:
        line = self.line
        self.next()
        cond = self.expr()
        self.check("do")
        body = self.scoped_block(is_loop=True)
        self.check_match("end", "while", line)
        return ast.While(line, cond, body)

    def repeat_stat(self) -> ast.Repeat:
        line = self.line
        self.next()
        self.fs.open_block(is_loop=True)
        body = self.block()
        self.check_match("until", "repeat", line)
        cond = self.expr()              # still inside the body's scope
        self.fs.close_block()
        return ast.Repeat(line, body, cond)

    def if_stat(self) -> ast.If:
        line = self.line
        tests = []
        orelse = None
        while True:                     # `if` first, then each `elseif`
            self.next()
            cond = self.expr()
            self.check("then")
            tests.append((cond, self.scoped_block()))
            if self.kind != "elseif":
                break
        if self.kind == "else":
            self.next()
            orelse = self.scoped_block()
        self.check_match("end", "if", line)
        return ast.If(line, tests, orelse)

    def for_stat(self):
        line = self.line
        self.next()
        var = self.name()
        if self.kind == "=":
            return self.for_num(line, var)
        if self.kind in (",", "in"):
            return self.for_gen(line, var)
        raise self.error("'=' or 'in' expected")

    def for_num(self, line: int, var: str) -> ast.NumFor:
        base = len(self.fs.actvars)
        self.fs.check_new_locals(len(_FOR_NUM_HIDDEN) + 1, self.line)
        self.next()
        start = self.expr()
        self.check(",")
        stop = self.expr()
        step = None
        if self.kind == ",":
            self.next()
            step = self.expr()
        body = self.for_body(base, _FOR_NUM_HIDDEN, [var])
        self.check_match("end", "for", line)
        return ast.NumFor(line, var, start, stop, step, body)

    def for_gen(self, line: int, first: str) -> ast.GenFor:
        base = len(self.fs.actvars)
        names = [first]
        self.fs.check_new_locals(len(_FOR_GEN_HIDDEN) + 1, self.line)
        while self.kind == ",":
            self.next()
            names.append(self.name())
            self.fs.check_new_locals(len(_FOR_GEN_HIDDEN) + len(names), self.line)
        self.check("in")
        exprs = self.expr_list()
        body = self.for_body(base, _FOR_GEN_HIDDEN, names)
        self.check_match("end", "for", line)
        return ast.GenFor(line, names, exprs, body)

    def for_body(self, base: int, hidden: tuple, names: list) -> list:
        """`do block` with the loop's hidden and visible variables in scope."""
        self.fs.add_vars(hidden)
        self.check("do")
        self.fs.add_vars(names)
        body = self.scoped_block(is_loop=True, exit_nactvar=base)
        self.fs.remove_vars(base)
        return body

    def function_stat(self) -> ast.Assign:
        """`function a.b:c() end` is an assignment of a function."""
        line = self.line
        self.next()
        name_line = self.line
        name = self.name()
        self.fs.resolve_name(name, self.line)
        target = ast.Name(name_line, name)
        full = name
        while self.kind == ".":
            target, key = self.field(target)
            full += "." + key
        is_method = self.kind == ":"
        if is_method:
            target, key = self.field(target)
            full += ":" + key
        func = self.function_body(line, full, is_method)
        return ast.Assign(line, [target], [func])

    def local_stat(self):
        line = self.line
        self.next()
        if self.kind == "function":
            self.next()
            name = self.name()
            self.fs.check_new_locals(1, self.line)
            self.fs.add_vars((name,))      # in scope inside its own body
            return ast.LocalFunction(line, name, self.function_body(line, name, False))
        names = []
        while True:
            names.append(self.name())
            self.fs.check_new_locals(len(names), self.line)
            if self.kind != ",":
                break
            self.next()
        exprs = []
        if self.kind == "=":
            self.next()
            exprs = self.expr_list()
        self.fs.add_vars(names)
        return ast.Local(line, names, exprs)

    def expr_stat(self):
        """A call statement or an assignment."""
        line = self.line
        target = self.suffixed_expr()
        if target.__class__ is ast.Call or target.__class__ is ast.Method:
            return ast.CallStat(line, target)   # even if `,` or `=` follows
        targets = [target]
        while True:
            if target.__class__ is not ast.Name and target.__class__ is not ast.Index:
                raise self.error("syntax error")
            if self.kind != ",":
                break
            self.next()
            target = self.suffixed_expr()
            if self.level + len(targets) >= MAX_LEVELS:
                raise self.error_at(self.line, f"{self.fs.describe()} has more than "
                                    f"{MAX_LEVELS} variable names")
            targets.append(target)
        self.check("=")
        return ast.Assign(line, targets, self.expr_list())

    _STATEMENTS = {
        "if": if_stat, "while": while_stat, "do": do_stat, "for": for_stat,
        "repeat": repeat_stat, "function": function_stat, "local": local_stat,
    }

    # -- functions -------------------------------------------------------------

    def function_body(self, line: int, name: str, is_method: bool) -> ast.Function:
        """`(params) block end`; the current token is the `(`."""
        fs = self.open_function(line, False)
        params = ["self"] if is_method else []
        if is_method:
            self.fs.add_vars(params)
        self.check("(")
        if self.kind != ")":
            while True:
                if self.kind is NAME:
                    param = self.value
                    self.next()
                    self.fs.check_new_locals(1, self.line)
                    self.fs.add_vars((param,))
                    params.append(param)
                elif self.kind == "...":
                    self.next()
                    fs.is_vararg = True
                    break
                else:
                    raise self.error("<name> or '...' expected")
                if self.kind != ",":
                    break
                self.next()
        self.check(")")
        body = self.block()
        if self.kind != "end":
            self.check_match("end", "function", line)     # raises
        end_line = self.line
        self.close_function()           # goto errors come before the next token's
        self.next()
        return ast.Function(line, params, fs.is_vararg, body, name, end_line)

    # -- expressions -------------------------------------------------------------

    def expr_list(self) -> list:
        exprs = [self.expr()]
        while self.kind == ",":
            self.next()
            exprs.append(self.expr())
        return exprs

    def expr(self, limit: int = 0):
        """An expression whose binary operators bind tighter than `limit`.

        Each call is one of LuaJIT's syntax levels (enter_level, inlined:
        this is the hottest path of the parser).
        """
        self.level += 1
        if self.level >= MAX_LEVELS:
            raise self.error_at(self.line, "chunk has too many syntax levels")
        kind = self.kind
        if kind in _UNARY:
            self.next()
            operand = self.expr(_UNARY_PRIORITY)
            left = ast.UnOp(self.lastline, kind, operand)
        else:
            left = self.simple_expr()
        prio = _BINARY.get(self.kind)
        while prio is not None and prio[0] > limit:
            op = self.kind
            self.next()
            right = self.expr(prio[1])
            left = ast.BinOp(self.lastline, op, left, right)
            prio = _BINARY.get(self.kind)
        self.level -= 1
        return left

    def simple_expr(self):
        kind = self.kind
        line = self.line
        if kind is NAME or kind == "(":
            return self.suffixed_expr()
        if kind is NUMBER:
            node = ast.Number(line, *self.value)
        elif kind is STRING:
            node = ast.String(line, self.value)
        elif kind == "nil":
            node = ast.Nil(line)
        elif kind == "true":
            node = ast.TrueExpr(line)
        elif kind == "false":
            node = ast.FalseExpr(line)
        elif kind == "...":
            if not self.fs.is_vararg:
                raise self.error("cannot use '...' outside a vararg function")
            node = ast.Vararg(line)
        elif kind == "{":
            return self.table()
        elif kind == "function":
            self.next()
            return self.function_body(line, "anonymous", False)
        else:
            raise self.error("unexpected symbol")
        self.next()
        return node

    def primary_expr(self):
        """A name or a parenthesised expression."""
        line = self.line
        if self.kind is NAME:
            name = self.value
            self.next()
            self.fs.resolve_name(name, self.line)
            return ast.Name(line, name)
        if self.kind == "(":
            self.next()
            inner = self.expr()
            self.check_match(")", "(", line)
            return ast.Paren(line, inner)
        raise self.error("unexpected symbol")

    def suffixed_expr(self):
        """A primary expression followed by fields, indexes and calls."""
        node = self.primary_expr()
        while True:
            kind = self.kind
            if kind == ".":
                node, _ = self.field(node)
            elif kind == "[":
                self.next()
                key = self.expr()
                self.check("]")
                node = ast.Index(self.lastline, node, key)
            elif kind == ":":
                self.next()
                method = self.name()
                line, args = self.call_args()
                node = ast.Method(line, node, method, args)
            elif kind == "(" or kind is STRING or kind == "{":
                line, args = self.call_args()
                node = ast.Call(line, node, args)
            else:
                return node

    def field(self, obj) -> tuple:
        """`.name` after obj: (Index node, name)."""
        self.next()
        line = self.line
        key = self.name()
        return ast.Index(line, obj, ast.String(line, key.encode("utf-8", "surrogateescape"))), key

    def call_args(self) -> tuple:
        """Arguments of a call: (line of their first token, list of exprs)."""
        kind = self.kind
        line = self.line
        if kind == "(":
            if line != self.lastline:
                raise self.error("ambiguous syntax (function call x new statement)")
            self.next()
            args = [] if self.kind == ")" else self.expr_list()
            self.check_match(")", "(", line)
        elif kind == "{":
            args = [self.table()]
        elif kind is STRING:
            args = [ast.String(line, self.value)]
            self.next()
        else:
            raise self.error("function arguments expected")
        return line, args

    def table(self) -> ast.Table:
        """`{ fields }`: (key or None, value) items in source order."""
        line = self.line
        self.next()
        items = []
        while self.kind != "}":
            if self.kind == "[":
                self.next()
                key = self.expr()
                self.check("]")
                self.check("=")
            elif self.kind is NAME and self.peek()[0] == "=":
                key = ast.String(self.line, self.value.encode("utf-8", "surrogateescape"))
                self.next()
                self.next()
            else:
                key = None
            items.append((key, self.expr()))
            if self.kind != "," and self.kind != ";":
                break
            self.next()
        self.check_match("}", "{", line)
        return ast.Table(line, items)


def parse(source: bytes, chunkname: str) -> ast.Function:
    """Parse a chunk into its main function (vararg, named "main chunk").

    chunkname is the name as messages show it (`t.lua`, `[string "..."]`).
    Raises LuaSyntaxError with LuaJIT's message text.
    """
    try:
        return Parser(source, chunkname).chunk()
    except RecursionError:
        pass
    # Deep but legal nesting (up to 200 levels) can outgrow a stack that is
    # already deep when load() is called: retry with room for it.
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(old + 4 * MAX_LEVELS * 4)
    try:
        return Parser(source, chunkname).chunk()
    finally:
        sys.setrecursionlimit(old)
