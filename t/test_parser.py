"""Unit tests of luavm.lexer and luavm.parser.

Every expected error message below was taken from LuaJIT 2.1's own output
(`loadstring(src, "=t.lua")`); test_errors_match_live_luajit re-checks them
against the installed luajit when there is one.
"""
from __future__ import annotations

import math
import shutil
import subprocess
import time

import pytest

from luavm import ast
from luavm.lexer import LuaSyntaxError, tokenize
from luavm.parser import parse


def chunk(src: bytes) -> ast.Function:
    return parse(src, "t.lua")


def expr(src: bytes):
    """The tree of one expression."""
    return chunk(b"return " + src).body[0].exprs[0]


def sx(node):
    """A compact nested-tuple view of an expression tree, for shape checks."""
    c = node.__class__
    if c is ast.Number:
        return node.value if node.suffix is None else (node.value, node.suffix)
    if c is ast.String:
        return node.value
    if c is ast.Name:
        return node.name
    if c is ast.Nil:
        return "nil"
    if c is ast.TrueExpr:
        return True
    if c is ast.FalseExpr:
        return False
    if c is ast.Vararg:
        return "..."
    if c is ast.BinOp:
        return (node.op, sx(node.left), sx(node.right))
    if c is ast.UnOp:
        return (node.op, sx(node.operand))
    if c is ast.Paren:
        return ("()", sx(node.expr))
    if c is ast.Index:
        return ("[]", sx(node.obj), sx(node.key))
    if c is ast.Call:
        return ("call", sx(node.func), *map(sx, node.args))
    if c is ast.Method:
        return (":", sx(node.obj), node.name, *map(sx, node.args))
    if c is ast.Table:
        return ("{}", *((None if k is None else sx(k), sx(v)) for k, v in node.items))
    if c is ast.Function:
        return ("function", node.name, node.params, node.is_vararg)
    raise TypeError(c)


# -- the main chunk ----------------------------------------------------------

def test_main_chunk_is_a_vararg_function():
    f = chunk(b"local x = 1\nreturn x\n")
    assert isinstance(f, ast.Function)
    assert (f.line, f.params, f.is_vararg, f.name) == (0, [], True, "main chunk")
    assert f.end_line == 3          # LuaJIT's line at end of input
    assert [type(s) for s in f.body] == [ast.Local, ast.Return]


def test_empty_chunk():
    f = chunk(b"")
    assert f.body == [] and f.end_line == 1


def test_vararg_allowed_in_main_chunk():
    assert sx(expr(b"...")) == "..."


def test_shebang_line_and_bom_are_skipped():
    f = chunk(b"#!/usr/bin/env luajit\nx = 1\n")
    assert f.body[0].line == 2
    assert chunk(b"\xef\xbb\xbfx = 1").body[0].targets[0].name == "x"
    assert chunk(b"#only a comment line").body == []


# -- expressions: precedence and associativity ---------------------------------

@pytest.mark.parametrize("src, shape", [
    (b"1 + 2 * 3", ("+", 1.0, ("*", 2.0, 3.0))),
    (b"(1 + 2) * 3", ("*", ("()", ("+", 1.0, 2.0)), 3.0)),
    (b"1 - 2 - 3", ("-", ("-", 1.0, 2.0), 3.0)),
    (b"a .. b .. c", ("..", "a", ("..", "b", "c"))),
    (b"2 ^ 3 ^ 2", ("^", 2.0, ("^", 3.0, 2.0))),
    (b"-x ^ 2", ("-", ("^", "x", 2.0))),
    (b"2 ^ -x", ("^", 2.0, ("-", "x"))),
    (b"not a == b", ("==", ("not", "a"), "b")),
    (b"a or b and c", ("or", "a", ("and", "b", "c"))),
    (b"a and b or c", ("or", ("and", "a", "b"), "c")),
    (b"a < b == c", ("==", ("<", "a", "b"), "c")),
    (b"a .. b == c", ("==", ("..", "a", "b"), "c")),
    (b"1 + 2 .. 3", ("..", ("+", 1.0, 2.0), 3.0)),
    (b"#t + 1", ("+", ("#", "t"), 1.0)),
    (b"- - x", ("-", ("-", "x"))),
    (b"a % b * c / d", ("/", ("*", ("%", "a", "b"), "c"), "d")),
    (b"x > y", (">", "x", "y")),
    (b"x >= y", (">=", "x", "y")),
    (b"x ~= y", ("~=", "x", "y")),
])
def test_operator_precedence(src, shape):
    assert sx(expr(src)) == shape


def test_paren_wraps_multiple_results():
    assert sx(expr(b"(f())")) == ("()", ("call", "f"))
    assert sx(expr(b"(...)")) == ("()", "...")


@pytest.mark.parametrize("src, shape", [
    (b"a.b", ("[]", "a", b"b")),
    (b"a.b.c", ("[]", ("[]", "a", b"b"), b"c")),
    (b"a[1][k]", ("[]", ("[]", "a", 1.0), "k")),
    (b"f(1, 2)", ("call", "f", 1.0, 2.0)),
    (b"f()", ("call", "f")),
    (b'f"x"', ("call", "f", b"x")),
    (b"f[[x]]", ("call", "f", b"x")),
    (b"f{1}", ("call", "f", ("{}", (None, 1.0)))),
    (b"obj:m(1)", (":", "obj", "m", 1.0)),
    (b'obj:m"s"', (":", "obj", "m", b"s")),
    (b"obj:m{}", (":", "obj", "m", ("{}",))),
    (b'("x"):rep(3)', (":", ("()", b"x"), "rep", 3.0)),
    (b"a.b:c(1).d[2](3)", ("call", ("[]", ("[]", (":", ("[]", "a", b"b"), "c", 1.0), b"d"), 2.0), 3.0)),
    (b'f{}"a"[[b]]()', ("call", ("call", ("call", ("call", "f", ("{}",)), b"a"), b"b"))),
])
def test_suffixes(src, shape):
    assert sx(expr(src)) == shape


def test_literals():
    assert sx(expr(b"nil")) == "nil"
    assert sx(expr(b"true")) is True
    assert sx(expr(b"false")) is False


def test_table_items_in_source_order():
    t = expr(b'{1, x = 2, ["y"] = 3, [4] = 5; 6, f(), ...}')
    assert sx(t) == ("{}", (None, 1.0), (b"x", 2.0), (b"y", 3.0), (4.0, 5.0),
                     (None, 6.0), (None, ("call", "f")), (None, "..."))
    assert isinstance(t.items[1][0], ast.String)


def test_table_separators_and_nesting():
    assert sx(expr(b"{}")) == ("{}",)
    assert sx(expr(b"{1,}")) == ("{}", (None, 1.0))
    assert sx(expr(b"{{a = {}}}")) == ("{}", (None, ("{}", (b"a", ("{}",)))))
    # a name not followed by `=` is a plain value
    assert sx(expr(b"{x, y == 1}")) == ("{}", (None, "x"), (None, ("==", "y", 1.0)))


# -- numbers -------------------------------------------------------------------

@pytest.mark.parametrize("src, value", [
    (b"1", 1.0), (b"3.25", 3.25), (b".5", 0.5), (b"5.", 5.0), (b"1e2", 100.0),
    (b"1E-2", 0.01), (b"1.5e+3", 1500.0), (b"00012", 12.0), (b"0x10", 16.0),
    (b"0XfF", 255.0), (b"0x1p4", 16.0), (b"0x.8", 0.5), (b"0x1.8", 1.5),
    (b"0xA.8p1", 21.0), (b"0x1P-2", 0.25), (b"0b101", 5.0), (b"0B11", 3.0),
    (b"9007199254740993", 9007199254740992.0),
    (b"0x1fffffffffffff1", 1.4411518807585586e17),
])
def test_number_values(src, value):
    n = expr(src)
    assert isinstance(n, ast.Number)
    assert n.value == value and isinstance(n.value, float) and n.suffix is None


def test_number_overflow_and_underflow():
    assert expr(b"1e999").value == math.inf
    assert expr(b"0x1p5000").value == math.inf
    assert expr(b"1e-999").value == 0.0
    assert expr(b"0x3p-1076").value == 5e-324     # correctly rounded


@pytest.mark.parametrize("src, value, suffix", [
    (b"1LL", 1, "LL"), (b"12ll", 12, "LL"), (b"1ULL", 1, "ULL"), (b"1uLL", 1, "ULL"),
    (b"1LLU", 1, "ULL"), (b"0xffffffffffffffffLL", -1, "LL"),
    (b"0xffffffffffffffffULL", 18446744073709551615, "ULL"),
    (b"9223372036854775808LL", -9223372036854775808, "LL"),
    (b"0b101LL", 5, "LL"), (b"0x10ULL", 16, "ULL"),
    (b"2i", 2.0, "i"), (b"2.5I", 2.5, "i"), (b"0x1p4i", 16.0, "i"),
])
def test_number_suffixes(src, value, suffix):
    n = expr(src)
    assert (n.value, n.suffix) == (value, suffix)
    assert type(n.value) is (float if suffix == "i" else int)


def test_number_then_concat_and_field():
    assert sx(expr(b"1 .. 2")) == ("..", 1.0, 2.0)
    assert sx(expr(b"0x1e+5")) == ("+", 30.0, 5.0)   # no exponent sign in hex


# -- strings ---------------------------------------------------------------------

@pytest.mark.parametrize("src, value", [
    (rb'"plain"', b"plain"),
    (rb"'single'", b"single"),
    (rb'"\a\b\f\n\r\t\v\\\"\'"', b"\a\b\f\n\r\t\v\\\"'"),
    (rb'"\65\066\0677"', b"AB" + b"C7"),
    (rb'"\0\255"', b"\x00\xff"),
    (rb'"\x41\xfF"', b"A\xff"),
    (rb'"\u{41}\u{20AC}\u{10FFFF}"', b"A\xe2\x82\xac\xf4\x8f\xbf\xbf"),
    (b'"a\\z  \n\t  b"', b"ab"),
    (b'"a\\\nb"', b"a\nb"),
    (b'"a\\\r\nb"', b"a\nb"),
    (b'"\x80\xff raw bytes"', b"\x80\xff raw bytes"),
    (b"[[long]]", b"long"),
    (b"[[\nfirst newline skipped]]", b"first newline skipped"),
    (b"[[\r\nx\r\ny\n\rz\rw]]", b"x\ny\nz\nw"),
    (b"[==[a]]b]=]c]==]", b"a]]b]=]c"),
    (b"[=[\\n is not an escape]=]", b"\\n is not an escape"),
])
def test_string_values(src, value):
    s = expr(src)
    assert isinstance(s, ast.String) and s.value == value


def test_comments_are_skipped():
    f = chunk(b"-- short\nx = 1 --[[ long\n comment ]] y = 2\n--[==[\n]]\n]==]z = 3 --[ not long\n")
    assert [s.targets[0].name for s in f.body] == ["x", "y", "z"]
    assert f.body[2].line == 6


# -- statements ------------------------------------------------------------------

def test_local_and_assign():
    f = chunk(b"local a, b = 1\nlocal c\na, t.x, t[1] = 1, 2, 3")
    loc, loc2, asg = f.body
    assert isinstance(loc, ast.Local) and loc.names == ["a", "b"] and sx(loc.exprs[0]) == 1.0
    assert loc2.names == ["c"] and loc2.exprs == []
    assert isinstance(asg, ast.Assign)
    assert [sx(t) for t in asg.targets] == ["a", ("[]", "t", b"x"), ("[]", "t", 1.0)]
    assert [sx(e) for e in asg.exprs] == [1.0, 2.0, 3.0]


def test_function_statements_and_names():
    f = chunk(b"function foo() end\nfunction a.b.c() end\nfunction a.b:c(x, ...) end\n"
              b"local function f(a) end\nx = function() end")
    plain, dotted, method, local, anon = f.body
    assert isinstance(plain, ast.Assign) and sx(plain.targets[0]) == "foo"
    assert sx(plain.exprs[0]) == ("function", "foo", [], False)
    assert sx(dotted.targets[0]) == ("[]", ("[]", "a", b"b"), b"c")
    assert dotted.exprs[0].name == "a.b.c"
    assert sx(method.targets[0]) == ("[]", ("[]", "a", b"b"), b"c")
    assert sx(method.exprs[0]) == ("function", "a.b:c", ["self", "x"], True)
    assert isinstance(local, ast.LocalFunction) and local.name == "f"
    assert sx(local.func) == ("function", "f", ["a"], False)
    assert sx(anon.exprs[0]) == ("function", "anonymous", [], False)


def test_function_lines():
    f = chunk(b"local function f()\n  return 1\nend\nx = function()\nend")
    func = f.body[0].func
    assert (func.line, func.end_line) == (1, 3)
    anon = f.body[1].exprs[0]
    assert (anon.line, anon.end_line) == (4, 5)


def test_control_statements():
    f = chunk(b"if a then x() elseif b then y() else z() end\n"
              b"if c then end\n"
              b"while w do break end\n"
              b"repeat local r = 1 until r\n"
              b"do end\n"
              b"for i = 1, 10 do end\n"
              b"for i = 10, 1, -1 do end\n"
              b"for k, v in pairs(t) do end\n"
              b"f(1)\n"
              b"return 1, 2")
    if1, if2, wh, rep, do, nf, nf2, gf, call, ret = f.body
    assert [sx(c) for c, _ in if1.tests] == ["a", "b"]
    assert all(len(b) == 1 and isinstance(b[0], ast.CallStat) for _, b in if1.tests)
    assert len(if1.orelse) == 1 and if2.orelse is None
    assert sx(wh.cond) == "w" and isinstance(wh.body[0], ast.Break)
    assert isinstance(rep.body[0], ast.Local) and sx(rep.cond) == "r"
    assert isinstance(do, ast.Do) and do.body == []
    assert (nf.var, sx(nf.start), sx(nf.stop), nf.step) == ("i", 1.0, 10.0, None)
    assert sx(nf2.step) == ("-", 1.0)
    assert gf.names == ["k", "v"] and sx(gf.exprs[0]) == ("call", "pairs", "t")
    assert isinstance(call, ast.CallStat) and sx(call.call) == ("call", "f", 1.0)
    assert isinstance(ret, ast.Return) and [sx(e) for e in ret.exprs] == [1.0, 2.0]


def test_return_and_break_take_one_semicolon():
    assert chunk(b"return;").body[0].exprs == []
    assert len(chunk(b"while 1 do break; end").body) == 1
    assert len(chunk(b"x = 1; y = 2;").body) == 2


def test_goto_and_labels():
    f = chunk(b"for i = 1, 3 do\n  if i == 2 then goto continue end\n  local y = i\n  ::continue::\nend\n"
              b"::top:: x = 1 if x then goto top end\n"
              b"do goto a; local z; ::a:: end")
    loop = f.body[0]
    assert isinstance(loop.body[0].tests[0][1][0], ast.Goto)
    assert loop.body[0].tests[0][1][0].label == "continue"
    assert isinstance(loop.body[2], ast.Label) and loop.body[2].label == "continue"
    assert isinstance(f.body[1], ast.Label)


def test_goto_is_only_a_statement_before_a_name():
    f = chunk(b"goto = 1 local goto = goto x.goto = {goto = 1} goto:m() function f(goto) end")
    assert sx(f.body[0].targets[0]) == "goto"
    assert f.body[1].names == ["goto"]
    assert sx(f.body[3].call) == (":", "goto", "m")
    assert f.body[4].exprs[0].params == ["goto"]


def test_labels_may_repeat_in_nested_blocks():
    chunk(b"::a:: do ::a:: end function f() ::a:: end")


def test_string_call_on_next_line_is_a_call():
    f = chunk(b'x = f\n"a"')
    assert sx(f.body[0].exprs[0]) == ("call", "f", b"a")


# -- lines -------------------------------------------------------------------------

def test_node_lines_follow_luajit():
    f = chunk(b"x = a +\n b\n"          # binop: line of its last token
              b"y = t\n .k\n"           # index: line of the key
              b"z = f\n\"s\"\n"         # call: line of its arguments
              b"w = - \n v\n")
    assert f.body[0].exprs[0].line == 2
    assert f.body[1].exprs[0].line == 4
    assert f.body[2].exprs[0].line == 6
    assert f.body[3].exprs[0].line == 8
    assert [s.line for s in f.body] == [1, 3, 5, 7]


def test_token_lines_count_every_newline_style():
    toks = tokenize(b"a\r\nb\n\rc\r\rd\n\ne", "t")
    assert toks.lines[:5] == [1, 2, 3, 5, 7]
    assert [t[1] for t in toks.toks[:5]] == ["a", "b", "c", "d", "e"]


# -- syntax errors: exact LuaJIT messages ----------------------------------------------

ERRORS = [
    (b'x = = 1',
     b"t.lua:1: unexpected symbol near '='"),
    (b'x = 1 +',
     b"t.lua:1: unexpected symbol near '<eof>'"),
    (b'x = 1 then',
     b"t.lua:1: unexpected symbol near 'then'"),
    (b'1 = 2',
     b"t.lua:1: unexpected symbol near '1'"),
    (b'x = 1 ~',
     b"t.lua:1: unexpected symbol near '~'"),
    (b'x = 1 @',
     b"t.lua:1: unexpected symbol near '@'"),
    (b'x = 1 \x01',
     b"t.lua:1: unexpected symbol near 'char(1)'"),
    (b'x = 1 \x00',
     b't.lua:1: unexpected symbol'),
    (b'x = y z',
     b"t.lua:1: '=' expected near '<eof>'"),
    (b'x',
     b"t.lua:1: '=' expected near '<eof>'"),
    (b'x.y',
     b"t.lua:1: '=' expected near '<eof>'"),
    (b'f() = 1',
     b"t.lua:1: unexpected symbol near '='"),
    (b'(x) = 1',
     b"t.lua:1: syntax error near '='"),
    (b'x, f() = 1, 2',
     b"t.lua:1: syntax error near '='"),
    (b'f(), x = 1',
     b"t.lua:1: unexpected symbol near ','"),
    (b'a, = 1',
     b"t.lua:1: unexpected symbol near '='"),
    (b'function f()\n x = 1\n',
     b"t.lua:3: 'end' expected (to close 'function' at line 1) near '<eof>'"),
    (b'function f() x = 1',
     b"t.lua:1: 'end' expected near '<eof>'"),
    (b'if x then\n\n',
     b"t.lua:3: 'end' expected (to close 'if' at line 1) near '<eof>'"),
    (b'if x',
     b"t.lua:1: 'then' expected near '<eof>'"),
    (b'if x then elseif y end',
     b"t.lua:1: 'then' expected near 'end'"),
    (b'if x then else else end',
     b"t.lua:1: 'end' expected near 'else'"),
    (b'while x',
     b"t.lua:1: 'do' expected near '<eof>'"),
    (b'while x do',
     b"t.lua:1: 'end' expected near '<eof>'"),
    (b'for i = 1 do end',
     b"t.lua:1: ',' expected near 'do'"),
    (b'for i, j = 1, 2 do end',
     b"t.lua:1: 'in' expected near '='"),
    (b'for i do end',
     b"t.lua:1: '=' or 'in' expected near 'do'"),
    (b'for 1 do end',
     b"t.lua:1: '<name>' expected near '1'"),
    (b'for a, b in x end',
     b"t.lua:1: 'do' expected near 'end'"),
    (b'repeat x = 1',
     b"t.lua:1: 'until' expected near '<eof>'"),
    (b'repeat x = 1 until',
     b"t.lua:1: unexpected symbol near '<eof>'"),
    (b'do',
     b"t.lua:1: 'end' expected near '<eof>'"),
    (b'else',
     b"t.lua:1: '<eof>' expected near 'else'"),
    (b'until x',
     b"t.lua:1: '<eof>' expected near 'until'"),
    (b'return 1 x = 2',
     b"t.lua:1: '<eof>' expected near 'x'"),
    (b'return 1; return 2',
     b"t.lua:1: '<eof>' expected near 'return'"),
    (b'return 1;;',
     b"t.lua:1: '<eof>' expected near ';'"),
    (b'x = 1;;',
     b"t.lua:1: unexpected symbol near ';'"),
    (b';',
     b"t.lua:1: unexpected symbol near ';'"),
    (b'local 1 = 2',
     b"t.lua:1: '<name>' expected near '1'"),
    (b'local a.b = 1',
     b"t.lua:1: unexpected symbol near '.'"),
    (b'local function f',
     b"t.lua:1: '(' expected near '<eof>'"),
    (b'local function f(',
     b"t.lua:1: <name> or '...' expected near '<eof>'"),
    (b'local function a.b() end',
     b"t.lua:1: '(' expected near '.'"),
    (b'function 1() end',
     b"t.lua:1: '<name>' expected near '1'"),
    (b'function a.1() end',
     b"t.lua:1: '(' expected near '.1'"),
    (b'function a:b.c() end',
     b"t.lua:1: '(' expected near '.'"),
    (b'x = function(a, ..., b) end',
     b"t.lua:1: ')' expected near ','"),
    (b'x = function(a,) end',
     b"t.lua:1: <name> or '...' expected near ')'"),
    (b'f(a b)',
     b"t.lua:1: ')' expected near 'b'"),
    (b'x = {1, 2',
     b"t.lua:1: '}' expected near '<eof>'"),
    (b'x = {1, 2\n\n',
     b"t.lua:3: '}' expected (to close '{' at line 1) near '<eof>'"),
    (b'x = {a b}',
     b"t.lua:1: '}' expected near 'b'"),
    (b'x = {[1] 2}',
     b"t.lua:1: '=' expected near '2'"),
    (b'x = {a = }',
     b"t.lua:1: unexpected symbol near '}'"),
    (b'x = {,}',
     b"t.lua:1: unexpected symbol near ','"),
    (b'x = {1;;}',
     b"t.lua:1: unexpected symbol near ';'"),
    (b'x = (1',
     b"t.lua:1: ')' expected near '<eof>'"),
    (b'x = (1\n\n',
     b"t.lua:3: ')' expected (to close '(' at line 1) near '<eof>'"),
    (b'x = a[1\n\n',
     b"t.lua:3: ']' expected near '<eof>'"),
    (b'x = a.\n1',
     b"t.lua:2: '<name>' expected near '1'"),
    (b'x = a:b',
     b"t.lua:1: function arguments expected near '<eof>'"),
    (b'x = a:b.c',
     b"t.lua:1: function arguments expected near '.'"),
    (b'a.b:c = 1',
     b"t.lua:1: function arguments expected near '='"),
    (b'a\n(f)()',
     b"t.lua:2: ambiguous syntax (function call x new statement) near '('"),
    (b'local x = a\n(f)()',
     b"t.lua:2: ambiguous syntax (function call x new statement) near '('"),
    (b'function f() return ... end',
     b"t.lua:1: cannot use '...' outside a vararg function near '...'"),
    (b'function f(...) return function() return ... end end',
     b"t.lua:1: cannot use '...' outside a vararg function near '...'"),
    (b'break',
     b't.lua:1: no loop to break'),
    (b'if x then break end',
     b't.lua:1: no loop to break'),
    (b'function f()\n\n break\n\n end',
     b't.lua:3: no loop to break'),
    (b'while 1 do break x = 1 end',
     b"t.lua:1: 'end' expected near 'x'"),
    (b'while 1 do break;; end',
     b"t.lua:1: 'end' expected near ';'"),
    (b'goto foo',
     b"t.lua:1: undefined label 'foo'"),
    (b'\ngoto foo\n\n',
     b"t.lua:2: undefined label 'foo'"),
    (b'goto\nfoo',
     b"t.lua:2: undefined label 'foo'"),
    (b'goto a do ::a:: end',
     b"t.lua:1: undefined label 'a'"),
    (b'function f() goto a end ::a::',
     b"t.lua:1: undefined label 'a'"),
    (b'::a:: ::a::',
     b"t.lua:1: duplicate label 'a'"),
    (b'::a::\n\n::a::',
     b"t.lua:3: duplicate label 'a'"),
    (b'goto a; local x; ::a:: print(x)',
     b"t.lua:1: <goto a> jumps into the scope of local 'x'"),
    (b'goto a\nlocal x\n\n::a::\nprint(x)',
     b"t.lua:1: <goto a> jumps into the scope of local 'x'"),
    (b'goto a; local x; ::a:: ;',
     b"t.lua:1: <goto a> jumps into the scope of local 'x'"),
    (b'repeat goto a; local x; ::a:: until x',
     b"t.lua:1: <goto a> jumps into the scope of local 'x'"),
    (b'do goto a end local x ::a:: print(x)',
     b"t.lua:1: <goto a> jumps into the scope of local 'x'"),
    (b'goto a; goto b; local x ::a:: ::b:: x = 1',
     b"t.lua:1: <goto b> jumps into the scope of local 'x'"),
    (b'goto 1',
     b"t.lua:1: '=' expected near '1'"),
    (b'::1::',
     b"t.lua:1: '<name>' expected near '1'"),
    (b'goto goto',
     b"t.lua:1: '=' expected near 'goto'"),
    (b'::a',
     b"t.lua:1: '::' expected near '<eof>'"),
    (b'x = "abc',
     b"t.lua:1: unfinished string near '<eof>'"),
    (b'x = "abc\ny',
     b't.lua:1: unfinished string near \'"abc\''),
    (b"x = 'a\\65b\ny",
     b"t.lua:1: unfinished string near ''aAb'"),
    (b'x = "a\\\nb\ny',
     b't.lua:2: unfinished string near \'"a\nb\''),
    (b'x = "a\\qb"',
     b't.lua:1: invalid escape sequence near \'"a\''),
    (b'x = "a\\256"',
     b't.lua:1: invalid escape sequence near \'"a\''),
    (b'x = "ab\\x4g"',
     b't.lua:1: invalid escape sequence near \'"ab\''),
    (b'x = "\\u{110000}"',
     b't.lua:1: invalid escape sequence near \'"\''),
    (b'x = "\\u{d800}"',
     b't.lua:1: invalid escape sequence near \'"\''),
    (b'x = "\\u{}"',
     b't.lua:1: invalid escape sequence near \'"\''),
    (b'x = "abc\\',
     b"t.lua:1: unfinished string near '<eof>'"),
    (b'x = "a\\z\n\n  b\\q"',
     b't.lua:3: invalid escape sequence near \'"ab\''),
    (b'x = 1 "a\\0b"',
     b't.lua:1: unexpected symbol near \'"a\''),
    (b'x = [[abc',
     b"t.lua:1: unfinished long string near '<eof>'"),
    (b'x = [==[ abc ]=]',
     b"t.lua:1: unfinished long string near '<eof>'"),
    (b'--[[abc',
     b"t.lua:1: unfinished long comment near '<eof>'"),
    (b'x = [[\na\nb',
     b"t.lua:3: unfinished long string near '<eof>'"),
    (b'x = [= x',
     b"t.lua:1: invalid long string delimiter near '[='"),
    (b'x = [==x',
     b"t.lua:1: invalid long string delimiter near '[=='"),
    (b'x = 1 [==[\nab]==]',
     b"t.lua:2: unexpected symbol near '[==[ab]==]'"),
    (b'x = 3x',
     b"t.lua:1: malformed number near '3x'"),
    (b'x = 3..4',
     b"t.lua:1: malformed number near '3..4'"),
    (b'x = 0x',
     b"t.lua:1: malformed number near '0x'"),
    (b'x = 1e',
     b"t.lua:1: malformed number near '1e'"),
    (b'x = .5.5',
     b"t.lua:1: malformed number near '.5.5'"),
    (b'x = 1L',
     b"t.lua:1: malformed number near '1L'"),
    (b'x = 1.5LL',
     b"t.lua:1: malformed number near '1.5LL'"),
    (b'x = 1e2LL',
     b"t.lua:1: malformed number near '1e2LL'"),
    (b'x = 18446744073709551616ULL',
     b"t.lua:1: malformed number near '18446744073709551616ULL'"),
    (b'x = 0x1ffffffffffffffffULL',
     b"t.lua:1: malformed number near '0x1ffffffffffffffffULL'"),
    (b'x = 1e1048576',
     b"t.lua:1: malformed number near '1e1048576'"),
    (b'x = 0b102',
     b"t.lua:1: malformed number near '0b102'"),
    (b'x = 1 // 2',
     b"t.lua:1: unexpected symbol near '/'"),
    (b'x = 1 != 2',
     b"t.lua:1: unexpected symbol near '!'"),
    (b'local x <const> = 1',
     b"t.lua:1: unexpected symbol near '<'"),
    (b'x = 1\r\n\r\ny = = 2',
     b"t.lua:3: unexpected symbol near '='"),
    (b'x = 1\n\ry = = 2',
     b"t.lua:2: unexpected symbol near '='"),
    (b'x = 1\r\ry = = 2',
     b"t.lua:3: unexpected symbol near '='"),
    (b'#!/usr/bin/lua\nx = = 1',
     b"t.lua:2: unexpected symbol near '='"),
    (b'\xef\xbb\xbfx = = 1',
     b"t.lua:1: unexpected symbol near '='"),
    (b'x = 1\n\x1b',
     b"t.lua:2: unexpected symbol near 'char(27)'"),
]


@pytest.mark.parametrize("src, message", ERRORS)
def test_syntax_errors(src, message):
    with pytest.raises(LuaSyntaxError) as info:
        parse(src, "t.lua")
    assert info.value.value == message


def _n(fmt: bytes, count: int, sep: bytes) -> bytes:
    return sep.join(fmt % i for i in range(count))


@pytest.mark.parametrize("src, message", [
    (b"x = " + b"(" * 197 + b"1" + b")" * 197, None),
    (b"x = " + b"(" * 198 + b"1" + b")" * 198, b"t.lua:1: chunk has too many syntax levels"),
    (b"do " * 199 + b"end " * 199, b"t.lua:1: chunk has too many syntax levels"),
    (b"x = " + b"..".join([b"a"] * 199), b"t.lua:1: chunk has too many syntax levels"),
    (b"local " + _n(b"a%d", 200, b","), None),
    (b"local " + _n(b"a%d", 201, b","), b"t.lua:1: main function has more than 200 local variables"),
    (_n(b"local a%d", 201, b"\n"), b"t.lua:201: main function has more than 200 local variables"),
    (b"function f(" + _n(b"a%d", 201, b",") + b") end",
     b"t.lua:1: function at line 1 has more than 200 local variables"),
    (_n(b"local a%d", 197, b"\n") + b"\nfor i = 1, 2 do end",
     b"t.lua:198: main function has more than 200 local variables"),
    (_n(b"local a%d", 120, b"\n") + b"\nfunction f()\n return " + _n(b"a%d", 120, b"+") + b"\n end", None),
    (_n(b"local a%d", 121, b"\n") + b"\nfunction f()\n return " + _n(b"a%d", 121, b"+") + b"\n end",
     b"t.lua:124: function at line 122 has more than 120 upvalues"),
    (_n(b"a%d", 200, b",") + b" = 1", b"t.lua:1: main function has more than 200 variable names"),
])
def test_luajit_limits(src, message):
    if message is None:
        parse(src, "t.lua")
        return
    with pytest.raises(LuaSyntaxError) as info:
        parse(src, "t.lua")
    assert info.value.value == message


def test_bytecode_is_refused():
    with pytest.raises(LuaSyntaxError) as info:
        parse(b"\x1bLJ\x02", "t.lua")
    assert info.value.value == b"t.lua: cannot load incompatible bytecode"
    with pytest.raises(LuaSyntaxError) as info:
        parse(b"#!x\n\x1bLJ", "t.lua")
    assert info.value.value == b"cannot load malformed bytecode"


def test_chunkname_is_used_as_given():
    with pytest.raises(LuaSyntaxError) as info:
        parse(b"x = = 1", '[string "x = = 1"]')
    assert info.value.value == b"[string \"x = = 1\"]:1: unexpected symbol near '='"


def test_earlier_syntax_error_beats_later_lexical_error():
    with pytest.raises(LuaSyntaxError) as info:
        parse(b'x = = 1 "unfinished', "t.lua")
    assert info.value.value == b"t.lua:1: unexpected symbol near '='"


def test_deep_nesting_from_a_deep_stack():
    def nest(depth):
        if depth:
            return nest(depth - 1)
        return parse(b"x = " + b"{" * 150 + b"}" * 150, "t.lua")
    assert nest(700).body


@pytest.mark.skipif(shutil.which("luajit") is None, reason="luajit not installed")
def test_errors_match_live_luajit(tmp_path):
    """Re-derive every expected message from the installed luajit."""
    for i, (src, _) in enumerate(ERRORS):
        (tmp_path / f"{i}.lua").write_bytes(src)
    script = (
        "for i = 0, %d do local f = io.open(arg[1] .. '/' .. i .. '.lua', 'rb') "
        "local s = f:read('*a') f:close() local _, e = loadstring(s, '=t.lua') "
        "io.write(#e, '\\n', e) end" % (len(ERRORS) - 1))
    (tmp_path / "check.lua").write_text(script)
    out = subprocess.run(["luajit", str(tmp_path / "check.lua"), str(tmp_path)],
                         capture_output=True, check=True).stdout
    pos = 0
    for src, message in ERRORS:
        nl = out.index(b"\n", pos)
        size = int(out[pos:nl])
        assert out[nl + 1:nl + 1 + size] == message, src
        pos = nl + 1 + size


# -- speed -----------------------------------------------------------------------------

def test_lexer_is_fast():
    line = b'local x = t.field[i] + f(a, "str", 0x10) * 2.5 -- comment\n'
    src = line * 10000
    start = time.perf_counter()
    toks = tokenize(src, "big.lua")
    elapsed = time.perf_counter() - start
    assert toks.lines[-1] == 10001
    assert elapsed < 1.0
