"""Unit tests of the string library (luavm/stdlib/string.py, pattern.py).

The builtins are called directly, as Python functions, in the calling
convention of value.py (floats, bytes, Multi). Every expectation in the
*_CASES tables was printed by `luajit` (LuaJIT 2.1) for the same call; an
error is ('error', message) with LuaJIT's message minus its position.
"""
from __future__ import annotations

import math

import pytest

from luavm import runtime
from luavm.stdlib import pattern
from luavm.stdlib import string as lstring
from luavm.value import LuaError, Table, values

INF = math.inf
NAN = math.nan


def UPPER(s=None, *_):
    return s.upper()


def SWAP(a=None, b=None, *_):
    return b + a


def NILF(*_):
    return None


def FALSEF(*_):
    return False


def NUMF(*_):
    return 1.5


def TBLF(*_):
    return Table()


def NARGS(*args):
    return float(len(args))


WORDS = Table({b"hello": b"HI", b"world": False, b"x": 1.5, 1.0: b"one"})
BADT = Table({b"a": True})
TOSTR = Table()
TOSTR.meta = Table({b"__tostring": lambda self=None, *_: b"OBJ"})
EMPTY_TABLE = Table()

FUNCS = {
    "find": lstring.str_find, "match": lstring.str_match, "gsub": lstring.str_gsub,
    "format": lstring.str_format, "byte": lstring.str_byte, "char": lstring.str_char,
    "len": lstring.str_len, "lower": lstring.str_lower, "upper": lstring.str_upper,
    "rep": lstring.str_rep, "reverse": lstring.str_reverse, "sub": lstring.str_sub,
}


def outcome(f, *args):
    """A call's results as a tuple, or ('error', message)."""
    try:
        return values(f(*args))
    except LuaError as err:
        return ("error", err.value.decode("latin-1"))


def gmatch_all(s, p):
    """Every result tuple gmatch yields, as the Lua loop sees them."""
    try:
        it = lstring.str_gmatch(s, p)
        found = []
        while True:
            r = values(it())
            if r[0] is None:
                return found
            found.append(r)
    except LuaError as err:
        return ("error", err.value.decode("latin-1"))


def same(got, expected) -> bool:
    """Equality where nan equals nan (LuaJIT's results may hold a nan)."""
    if isinstance(got, tuple) and isinstance(expected, tuple):
        return len(got) == len(expected) and all(same(g, e) for g, e in zip(got, expected))
    if isinstance(got, float) and isinstance(expected, float) and got != got:
        return expected != expected
    return got == expected and type(got) is type(expected)


# -- expectations from luajit -----------------------------------------------

FIND_CASES = [
    ((b'hello world', b'o'), (5.0, 5.0)),
    ((b'hello world', b'o', 6.0), (8.0, 8.0)),
    ((b'hello world', b'o', -3.0), (None,)),
    ((b'hello world', b'l+'), (3.0, 4.0)),
    ((b'hello', b''), (1.0, 0.0)),
    ((b'hello', b'', 10.0), (6.0, 5.0)),
    ((b'hello', b'', -10.0), (1.0, 0.0)),
    ((b'hello', b'x*', 6.0), (6.0, 5.0)),
    ((b'hello', b'l', 0.0), (3.0, 3.0)),
    ((b'hello', b'l', 2.9), (3.0, 3.0)),
    ((b'hello', b'l', b'4'), (4.0, 4.0)),
    ((b'a.b', b'.', 1.0, True), (2.0, 2.0)),
    ((b'a+b', b'+', 1.0, 1.0), (2.0, 2.0)),
    ((b'a+b', b'+', 1.0, False), (2.0, 2.0)),
    ((b'a]b', b']'), (2.0, 2.0)),
    ((b'a)b', b')'), (2.0, 2.0)),
    ((b'a\x00b', b'\x00b'), (2.0, 3.0)),
    ((b'a\x00b', b'\x00b.'), (1.0, 0.0)),
    ((b'xa\x00c', b'a\x00z.'), (2.0, 2.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%a+'), (1.0, 2.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%A+'), (3.0, 11.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%c+'), (7.0, 8.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%d+'), (3.0, 4.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%D+'), (1.0, 2.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%g+'), (1.0, 4.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%l+'), (2.0, 2.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%p+'), (6.0, 6.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%s+'), (5.0, 5.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%S+'), (1.0, 4.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%u+'), (1.0, 1.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%w+'), (1.0, 4.0)),
    ((b'Az09 _\t\n!\x7f\xff', b'%W+'), (5.0, 11.0)),
    ((b'0x1F 9G', b'%x+'), (1.0, 1.0)),
    ((b'a\x00b', b'%z'), (2.0, 2.0)),
    ((b'\x00\x00b', b'%Z'), (3.0, 3.0)),
    ((b'a.b%c', b'%.'), (2.0, 2.0)),
    ((b'a.b%c', b'%%'), (4.0, 4.0)),
    ((b'a.b%c', b'%w%.%w'), (1.0, 3.0)),
    ((b'x-y]z^', b'[%]^]+'), (4.0, 4.0)),
    ((b'a-b', b'[a-]+'), (1.0, 2.0)),
    ((b'a]b', b'[]]'), (2.0, 2.0)),
    ((b'abc]', b'[^]]+'), (1.0, 3.0)),
    ((b'aXb', b'[%u]'), (2.0, 2.0)),
    ((b'cab', b'[a-b]+'), (2.0, 3.0)),
    ((b'a1_b2', b'[%d_]+'), (2.0, 3.0)),
    ((b'hello', b'[^aeiou]+'), (1.0, 1.0)),
    ((b'z-a', b'[z-a]'), (None,)),
    ((b'$a^', b'[$^]+'), (1.0, 1.0)),
    ((b'aaa', b'a-'), (1.0, 0.0)),
    ((b'aaa', b'a-$'), (1.0, 3.0)),
    ((b'aaab', b'a*'), (1.0, 3.0)),
    ((b'aaab', b'a+b'), (1.0, 4.0)),
    ((b'b', b'a?b'), (1.0, 1.0)),
    ((b'ab', b'a?b'), (1.0, 2.0)),
    ((b'xaaay', b'xa-y'), (1.0, 5.0)),
    ((b'xaaay', b'x.*'), (1.0, 5.0)),
    ((b'<a><b>', b'<.->'), (1.0, 3.0)),
    ((b'<a><b>', b'<.*>'), (1.0, 6.0)),
    ((b'hello', b'^hel'), (1.0, 3.0)),
    ((b'hello', b'^el'), (None,)),
    ((b'hello', b'^el', 2.0), (2.0, 3.0)),
    ((b'hello', b'lo$'), (4.0, 5.0)),
    ((b'hello', b'l$'), (None,)),
    ((b'a$b', b'$b'), (2.0, 3.0)),
    ((b'a$b', b'a$'), (None,)),
    ((b'a^b', b'a^b'), (1.0, 3.0)),
    ((b'hello', b'^$'), (None,)),
    ((b'', b'^$'), (1.0, 0.0)),
    ((b'key = value', b'(%w+)%s*=%s*(%w+)'), (1.0, 11.0, b'key', b'value')),
    ((b'hello', b'()ll()'), (3.0, 4.0, 3.0, 5.0)),
    ((b'hello', b'(h)(e)(l)(l)(o)'), (1.0, 5.0, b'h', b'e', b'l', b'l', b'o')),
    ((b'hello', b'((l)(l))'), (3.0, 4.0, b'll', b'l', b'l')),
    ((b'abab', b'(ab)%1'), (1.0, 4.0, b'ab')),
    ((b"x = 'q'", b'([\'"])(.-)%1'), (5.0, 7.0, b'\x27', b'q')),
    ((b'aa', b'()%1'), (None,)),
    ((b'f(a(b)c)d', b'%b()'), (2.0, 8.0)),
    ((b'((x)', b'%b()'), (2.0, 4.0)),
    ((b'a[b]c', b'%b[]'), (2.0, 4.0)),
    ((b'xaybyc', b'%bxy'), (1.0, 3.0)),
    ((b'aXbXc', b'%bXX'), (2.0, 4.0)),
    ((b'THE (quick) fox', b'%f[%a]%a+'), (1.0, 3.0)),
    ((b'hello', b'%f[%z]'), (6.0, 5.0)),
    ((b'abc', b'%f[%Z]'), (1.0, 0.0)),
    ((b'a,b', b'%f[^,]'), (3.0, 2.0)),
    ((b'  trim me  ', b'^%s*(.-)%s*$'), (1.0, 11.0, b'trim me')),
    ((b'2024-01-15', b'(%d+)-(%d+)-(%d+)'), (1.0, 10.0, b'2024', b'01', b'15')),
    ((b'a', b'%'), ('error', 'malformed pattern (ends with \x27%\x27)')),
    ((b'a', b'a%'), ('error', 'malformed pattern (ends with \x27%\x27)')),
    ((b'x', b'a%'), (None,)),
    ((b'a', b'[a'), ('error', 'malformed pattern (missing \x27]\x27)')),
    ((b'a', b'[a%]'), ('error', 'malformed pattern (missing \x27]\x27)')),
    ((b'a', b'[]'), ('error', 'malformed pattern (missing \x27]\x27)')),
    ((b'a', b'[^]'), ('error', 'malformed pattern (missing \x27]\x27)')),
    ((b'a', b'%f'), ('error', 'missing \x27[\x27 after \x27%f\x27 in pattern')),
    ((b'a', b'%fx'), ('error', 'missing \x27[\x27 after \x27%f\x27 in pattern')),
    ((b'a', b'%b'), ('error', 'unbalanced pattern')),
    ((b'a', b'%ba'), ('error', 'unbalanced pattern')),
    ((b'a', b'%1'), ('error', 'invalid capture index')),
    ((b'a', b'%0'), ('error', 'invalid capture index')),
    ((b'a', b'(a%1)'), ('error', 'invalid capture index')),
    ((b'a', b'a)'), (None,)),
    ((b'a', b'(a'), ('error', 'unfinished capture')),
    ((b'x', b'(a'), (None,)),
    ((b'aa', b'(a)%2'), ('error', 'invalid capture index')),
    ((b'a' * 40, b'()' * 33), ('error', 'too many captures')),
    ((b'a' * 300, b'a?' * 199), (1.0, 199.0)),
    ((b'a' * 300, b'a?' * 200), ('error', 'pattern too complex')),
    ((b'a' * 300, b'x' + b'a?' * 250), (None,)),
]

MATCH_CASES = [
    ((b'hello world', b'o'), (b'o',)),
    ((b'hello world', b'o', 6.0), (b'o',)),
    ((b'hello world', b'o', -3.0), (None,)),
    ((b'hello world', b'l+'), (b'll',)),
    ((b'hello', b''), (b'',)),
    ((b'hello', b'', 10.0), (b'',)),
    ((b'hello', b'', -10.0), (b'',)),
    ((b'hello', b'x*', 6.0), (b'',)),
    ((b'hello', b'l', 0.0), (b'l',)),
    ((b'hello', b'l', 2.9), (b'l',)),
    ((b'hello', b'l', b'4'), (b'l',)),
    ((b'a.b', b'.', 1.0, True), (b'a',)),
    ((b'a+b', b'+', 1.0, 1.0), (b'+',)),
    ((b'a+b', b'+', 1.0, False), (b'+',)),
    ((b'a]b', b']'), (b']',)),
    ((b'a)b', b')'), ('error', 'invalid pattern capture')),
    ((b'a\x00b', b'\x00b'), (b'',)),
    ((b'a\x00b', b'\x00b.'), (b'',)),
    ((b'xa\x00c', b'a\x00z.'), (b'a',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%a+'), (b'Az',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%A+'), (b'09 _\x09\x0a!\x7f\xff',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%c+'), (b'\x09\x0a',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%d+'), (b'09',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%D+'), (b'Az',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%g+'), (b'Az09',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%l+'), (b'z',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%p+'), (b'_',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%s+'), (b' ',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%S+'), (b'Az09',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%u+'), (b'A',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%w+'), (b'Az09',)),
    ((b'Az09 _\t\n!\x7f\xff', b'%W+'), (b' _\x09\x0a!\x7f\xff',)),
    ((b'0x1F 9G', b'%x+'), (b'0',)),
    ((b'a\x00b', b'%z'), (b'\x00',)),
    ((b'\x00\x00b', b'%Z'), (b'b',)),
    ((b'a.b%c', b'%.'), (b'.',)),
    ((b'a.b%c', b'%%'), (b'%',)),
    ((b'a.b%c', b'%w%.%w'), (b'a.b',)),
    ((b'x-y]z^', b'[%]^]+'), (b']',)),
    ((b'a-b', b'[a-]+'), (b'a-',)),
    ((b'a]b', b'[]]'), (b']',)),
    ((b'abc]', b'[^]]+'), (b'abc',)),
    ((b'aXb', b'[%u]'), (b'X',)),
    ((b'cab', b'[a-b]+'), (b'ab',)),
    ((b'a1_b2', b'[%d_]+'), (b'1_',)),
    ((b'hello', b'[^aeiou]+'), (b'h',)),
    ((b'z-a', b'[z-a]'), (None,)),
    ((b'$a^', b'[$^]+'), (b'$',)),
    ((b'aaa', b'a-'), (b'',)),
    ((b'aaa', b'a-$'), (b'aaa',)),
    ((b'aaab', b'a*'), (b'aaa',)),
    ((b'aaab', b'a+b'), (b'aaab',)),
    ((b'b', b'a?b'), (b'b',)),
    ((b'ab', b'a?b'), (b'ab',)),
    ((b'xaaay', b'xa-y'), (b'xaaay',)),
    ((b'xaaay', b'x.*'), (b'xaaay',)),
    ((b'<a><b>', b'<.->'), (b'<a>',)),
    ((b'<a><b>', b'<.*>'), (b'<a><b>',)),
    ((b'hello', b'^hel'), (b'hel',)),
    ((b'hello', b'^el'), (None,)),
    ((b'hello', b'^el', 2.0), (b'el',)),
    ((b'hello', b'lo$'), (b'lo',)),
    ((b'hello', b'l$'), (None,)),
    ((b'a$b', b'$b'), (b'$b',)),
    ((b'a$b', b'a$'), (None,)),
    ((b'a^b', b'a^b'), (b'a^b',)),
    ((b'hello', b'^$'), (None,)),
    ((b'', b'^$'), (b'',)),
    ((b'key = value', b'(%w+)%s*=%s*(%w+)'), (b'key', b'value')),
    ((b'hello', b'()ll()'), (3.0, 5.0)),
    ((b'hello', b'(h)(e)(l)(l)(o)'), (b'h', b'e', b'l', b'l', b'o')),
    ((b'hello', b'((l)(l))'), (b'll', b'l', b'l')),
    ((b'abab', b'(ab)%1'), (b'ab',)),
    ((b"x = 'q'", b'([\'"])(.-)%1'), (b'\x27', b'q')),
    ((b'aa', b'()%1'), (None,)),
    ((b'f(a(b)c)d', b'%b()'), (b'(a(b)c)',)),
    ((b'((x)', b'%b()'), (b'(x)',)),
    ((b'a[b]c', b'%b[]'), (b'[b]',)),
    ((b'xaybyc', b'%bxy'), (b'xay',)),
    ((b'aXbXc', b'%bXX'), (b'XbX',)),
    ((b'THE (quick) fox', b'%f[%a]%a+'), (b'THE',)),
    ((b'hello', b'%f[%z]'), (b'',)),
    ((b'abc', b'%f[%Z]'), (b'',)),
    ((b'a,b', b'%f[^,]'), (b'',)),
    ((b'  trim me  ', b'^%s*(.-)%s*$'), (b'trim me',)),
    ((b'2024-01-15', b'(%d+)-(%d+)-(%d+)'), (b'2024', b'01', b'15')),
    ((b'a', b'%'), ('error', 'malformed pattern (ends with \x27%\x27)')),
    ((b'a', b'a%'), ('error', 'malformed pattern (ends with \x27%\x27)')),
    ((b'x', b'a%'), (None,)),
    ((b'a', b'[a'), ('error', 'malformed pattern (missing \x27]\x27)')),
    ((b'a', b'[a%]'), ('error', 'malformed pattern (missing \x27]\x27)')),
    ((b'a', b'[]'), ('error', 'malformed pattern (missing \x27]\x27)')),
    ((b'a', b'[^]'), ('error', 'malformed pattern (missing \x27]\x27)')),
    ((b'a', b'%f'), ('error', 'missing \x27[\x27 after \x27%f\x27 in pattern')),
    ((b'a', b'%fx'), ('error', 'missing \x27[\x27 after \x27%f\x27 in pattern')),
    ((b'a', b'%b'), ('error', 'unbalanced pattern')),
    ((b'a', b'%ba'), ('error', 'unbalanced pattern')),
    ((b'a', b'%1'), ('error', 'invalid capture index')),
    ((b'a', b'%0'), ('error', 'invalid capture index')),
    ((b'a', b'(a%1)'), ('error', 'invalid capture index')),
    ((b'a', b'a)'), ('error', 'invalid pattern capture')),
    ((b'a', b'(a'), ('error', 'unfinished capture')),
    ((b'x', b'(a'), (None,)),
    ((b'aa', b'(a)%2'), ('error', 'invalid capture index')),
    ((b'a' * 40, b'()' * 33), ('error', 'too many captures')),
    ((b'a' * 300, b'a?' * 199), (b'a' * 199,)),
    ((b'a' * 300, b'a?' * 200), ('error', 'pattern too complex')),
    ((b'a' * 300, b'x' + b'a?' * 250), (None,)),
]

GMATCH_CASES = [
    ((b'hello world from lua', b'%a+'), [(b'hello',), (b'world',), (b'from',), (b'lua',)]),
    ((b'a=1, b=2', b'(%w+)=(%w+)'), [(b'a', b'1'), (b'b', b'2')]),
    ((b'abc', b'b*'), [(b'',), (b'b',), (b'',), (b'',)]),
    ((b'abc', b''), [(b'',), (b'',), (b'',), (b'',)]),
    ((b'^a^b', b'^.'), [(b'^a',), (b'^b',)]),
    ((b'abc', b'()'), [(1.0,), (2.0,), (3.0,), (4.0,)]),
    ((b'one two', b'%f[%w]%w+'), [(b'one',), (b'two',)]),
    ((b'x(a)(b)', b'%b()'), [(b'(a)',), (b'(b)',)]),
    ((b'aaa', b'a-'), [(b'',), (b'',), (b'',), (b'',)]),
    ((b'abc', b'(a'), ('error', 'unfinished capture')),
    ((b'hello', b'l'), [(b'l',), (b'l',)]),
    ((b'', b'.*'), [(b'',)]),
]

GSUB_CASES = [
    ((b'hello world', b'o', b'0'), (b'hell0 w0rld', 2.0)),
    ((b'hello world', b'(%w+)', b'<%1>'), (b'<hello> <world>', 2.0)),
    ((b'hello world', b'%w+', b'%0%0'), (b'hellohello worldworld', 2.0)),
    ((b'hello world', b'(%w+) (%w+)', b'%2 %1'), (b'world hello', 1.0)),
    ((b'abc', b'%w', b'%%'), (b'%%%', 3.0)),
    ((b'abc', b'%w', b'%x'), (b'xxx', 3.0)),
    ((b'x', b'x', b'%'), (b'\x00', 1.0)),
    ((b'x', b'x', b'a%'), (b'a\x00', 1.0)),
    ((b'abc', b'', b'-'), (b'-a-b-c-', 4.0)),
    ((b'abc', b'b*', b'-'), (b'-a--c-', 4.0)),
    ((b'aa', b'a-', b'-'), (b'-a-a-', 3.0)),
    ((b'abxd', b'x*', b'-'), (b'-a-b--d-', 5.0)),
    ((b'abc', b'^', b'-'), (b'-abc', 1.0)),
    ((b'abc', b'$', b'-'), (b'abc-', 1.0)),
    ((b'aaa', b'^a', b'-'), (b'-aa', 1.0)),
    ((b'abc', b'()', b'%1'), (b'1a2b3c4', 4.0)),
    ((b'abc', b'a', b'%1'), (b'abc', 1.0)),
    ((b'abc', b'(a', b'x'), (b'xbc', 1.0)),
    ((b'abc', b'(a', b'%1'), ('error', 'unfinished capture')),
    ((b'abc', b'a', b'%2'), ('error', 'invalid capture index')),
    ((b'abc', b'(a)', b'%2'), ('error', 'invalid capture index')),
    ((b'abc', b'x', b'%2'), (b'abc', 0.0)),
    ((b'abc', b'.', b'x', 2.0), (b'xxc', 2.0)),
    ((b'abc', b'.', b'x', 0.0), (b'abc', 0.0)),
    ((b'abc', b'.', b'x', -1.0), (b'abc', 0.0)),
    ((b'abc', b'.', b'x', 1.7), (b'xbc', 1.0)),
    ((b'abc', b'.', b'x', b'2'), (b'xxc', 2.0)),
    ((b'abc', b'.', b'x', 4294967297.0), (b'xbc', 1.0)),
    ((b'abc', b'b', 5.0), (b'a5c', 1.0)),
    ((123.0, 2.0, 9.0), (b'193', 1.0)),
    ((b'hello world', b'%w+', UPPER), (b'HELLO WORLD', 2.0)),
    ((b'hello world', b'(%w)(%w*)', SWAP), (b'elloh orldw', 2.0)),
    ((b'hello world', b'%w+', NILF), (b'hello world', 2.0)),
    ((b'hello world', b'%w+', FALSEF), (b'hello world', 2.0)),
    ((b'abc', b'.', NUMF), (b'1.51.51.5', 3.0)),
    ((b'abc', b'.', TBLF), ('error', 'invalid replacement value (a table)')),
    ((b'hello world', b'%w+', NARGS), (b'1 1', 2.0)),
    ((b'hello world', b'(h)(e)', NARGS), (b'2llo world', 1.0)),
    ((b'hello world x', b'%w+', WORDS), (b'HI world 1.5', 3.0)),
    ((b'abc', b'()', WORDS), (b'oneabc', 4.0)),
    ((b'abc', b'.', BADT), ('error', 'invalid replacement value (a boolean)')),
    ((b'abc', b'b', True), ('error', 'bad argument #3 to \x27gsub\x27 (string/function/table expected)')),
    ((b'abc', b'b', None), ('error', 'bad argument #3 to \x27gsub\x27 (string/function/table expected)')),
    ((b'f(a(b)c)d (x)', b'%b()', b'[]'), (b'f[]d []', 2.0)),
    ((b'THE (quick) fox', b'%f[%a]%a+', b'W'), (b'W (W) W', 3.0)),
    ((b'a,b,,c', b',', b';'), (b'a;b;;c', 3.0)),
    ((b'path/to/file', b'/', b'\\'), (b'path\x5cto\x5cfile', 2.0)),
    ((b'hello', b'', b'.'), (b'.h.e.l.l.o.', 6.0)),
    ((b'a.b.c', b'%.', b'%%.'), (b'a%.b%.c', 2.0)),
    ((b'abc', b'(a)(b)(c)', b'%3%2%1%0'), (b'cbaabc', 1.0)),
]

FORMAT_CASES = [
    ((b'%d', 42.0), (b'42',)),
    ((b'%d', 3.7), (b'3',)),
    ((b'%d', -3.7), (b'-3',)),
    ((b'%d', 9007199254740992.0), (b'9007199254740992',)),
    ((b'%d', 9.223372036854776e+18), (b'-9223372036854775808',)),
    ((b'%d', 1e+100), (b'-9223372036854775808',)),
    ((b'%d', NAN), (b'-9223372036854775808',)),
    ((b'%d', b'12'), (b'12',)),
    ((b'%d', b'0x10'), (b'16',)),
    ((b'%i|%5i|%-5i|%05i', 42.0, 42.0, 42.0, -42.0), (b'42|   42|42   |-0042',)),
    ((b'%x', -1.0), (b'ffffffffffffffff',)),
    ((b'%x', 3.7), (b'3',)),
    ((b'%u', -1.0), (b'18446744073709551615',)),
    ((b'%o', 8.0), (b'10',)),
    ((b'%X', 255.0), (b'FF',)),
    ((b'%x %x %x', 9.223372036854776e+18, 1.8446744073709552e+19, 1e+19), (b'8000000000000000 0 8ac7230489e80000',)),
    ((b'%x %x %x', INF, -INF, NAN), (b'8000000000000000 8000000000000000 8000000000000000',)),
    ((b'%u %u', 1e+19, -1e+19), (b'10000000000000000000 9223372036854775808',)),
    ((b'%-5d|%+d|% d|%05d|%#x|%#o|%.3d', 3.0, 3.0, 3.0, -3.0, 255.0, 8.0, 7.0), (b'3    |+3| 3|-0003|0xff|010|007',)),
    ((b'[%05.3d][%-05d][%+05d][% 05d][%+ d]', 7.0, 7.0, 7.0, 7.0, 7.0), (b'[  007][7    ][+0007][ 0007][+7]',)),
    ((b'[%5.3x][%#5.3x][%#.0o][%#o][%#5o][%#x]', 7.0, 7.0, 0.0, 0.0, 9.0, 0.0), (b'[  007][0x007][0][0][  011][0]',)),
    ((b'%.0d|%.0x|%5.0d|', 0.0, 0.0, 0.0), (b'||     |',)),
    ((b'%c%c%c', 72.0, 329.0, 65.9), (b'HIA',)),
    ((b'[%-5c][%05c][%3c]', 65.0, 65.0, 0.0), (b'[A    ][    A][  \x00]',)),
    ((b'%e %E %f %g %G', 1234.5, 1234.5, 0.3333333333333333, 1e+20, 1e-20), (b'1.234500e+03 1.234500E+03 0.333333 1e+20 1E-20',)),
    ((b'%.3g %10.4f %-10.2e|', 0.6666666666666666, 3.14159, 12345.0), (b'0.667     3.1416 1.23e+04  |',)),
    ((b'%g %g %g %f', INF, -INF, NAN, INF), (b'inf -inf nan inf',)),
    ((b'[%5f][%-5f][%+f][%05f][% f]', INF, INF, INF, INF, NAN), (b'[  inf][inf  ][+inf][  inf][ nan]',)),
    ((b'%F %E %G', INF, NAN, -INF), (b'INF NAN -INF',)),
    ((b'%.0f %.0f %.0f %.0f %.0f', 0.5, 1.5, 2.5, 3.5, -2.5), (b'1 2 3 4 -3',)),
    ((b'%.1f %.1f %.2f %.2f', 0.25, 0.35, 1.005, 2.675), (b'0.3 0.3 1.00 2.67',)),
    ((b'%.0e %.1e %.1g %.2g %g', 8.5, 1.25, 0.25, 0.125, 1.25e-05), (b'9e+00 1.3e+00 0.3 0.13 1.25e-05',)),
    ((b'%.1g %g %.0g', 95.0, 9.5, 0.5), (b'1e+02 9.5 0.5',)),
    ((b'%.20f', 0.1), (b'0.10000000000000000555',)),
    ((b'%.3f', 5e-324), (b'0.000',)),
    ((b'%.15g %.16g %.17g', 9007199254740992.0, 9.223372036854776e+18, 0.3333333333333333), (b'9.00719925474099e+15 9.223372036854776e+18 0.33333333333333331',)),
    ((b'[%#e][%#.0e][%#g][%#.3g][%#G]', 1.0, 1.0, 0.5, 100.0, 1e-10), (b'[1.000000e+00][1.e+00][0.500000][100.][1.00000E-10]',)),
    ((b'[%g][%g][%g][%.0g]', 0.0, -0.0, 1e-05, 0.5), (b'[0][-0][1e-05][0.5]',)),
    ((b'%5.1f|%-8.3f|%08.3f|%+08.3f|% f', 3.14159, 3.14159, -3.14159, 3.14159, 1.0), (b'  3.1|3.142   |-003.142|+003.142| 1.000000',)),
    ((b'%d %f %g', -0.0, -0.0, -0.0), (b'0 -0.000000 -0',)),
    ((b'[%a][%A][%a][%a][%a]', 0.5, 255.5, -0.1, 0.0, 5e-324), (b'[0x1p-1][0X1.FFP+7][-0x1.999999999999ap-4][0x0p+0][0x1p-1074]',)),
    ((b'[%.2a][%.0a][%.1a][%010a][%#a]', 0.3333333333333333, 1.5, 1.96875, 1.0, 1.0), (b'[0x1.55p-2][0x2p+0][0x2.0p+0][0x00001p+0][0x1.p+0]',)),
    ((b'%s %s', 1.0, 2.5), (b'1 2.5',)),
    ((b'%5s|%-5s|', b'a', b'b'), (b'    a|b    |',)),
    ((b'%5.2s|%.0s|%-6.2s|', b'abc', b'abc', b'xyz'), (b'   ab||xy    |',)),
    ((b'%s|%s|%s', None, True, False), (b'nil|true|false',)),
    ((b'%s', TOSTR), (b'OBJ',)),
    ((b'%s', 1000000000000000.0), (b'1e+15',)),
    ((b'%.3s', 0.3333333333333333), (b'0.3',)),
    ((b'[%05s][%+s]', b'a', b'b'), (b'[    a][b]',)),
    ((b'%s', b'a\x00b'), (b'a\x00b',)),
    ((b'%10.3s|', b'a\x00bcd'), (b'       a\x00b|',)),
    ((b'%q', b'a\x00b\r\n"\\\x01\xffx\x001'), (b'"a\x5c0b\x5c13\x5c\x0a\x5c"\x5c\x5c\x5c1\xffx\x5c0001"',)),
    ((b'%q', b'\t\x00\x01\x012\x7f\x1a'), (b'"\x5c9\x5c0\x5c1\x5c0012\x5c127\x5c26"',)),
    ((b'%q', 1.0), (b'"1"',)),
    ((b'%q', 0.3333333333333333), (b'"0.33333333333333"',)),
    ((b'%q', INF), (b'"inf"',)),
    ((b'%q', True), (b'"true"',)),
    ((b'%q', None), (b'"nil"',)),
    ((b'%5q|%-5q|%.1q', b'a', b'a', b'abc'), (b'"a"|"a"|"abc"',)),
    ((b'%p %p %p', None, True, 1.0), (b'NULL NULL NULL',)),
    ((b'%%|%5.1f%%', 99.5), (b'%| 99.5%',)),
    ((b'abc',), (b'abc',)),
    ((b'',), (b'',)),
    ((12.0,), (b'12',)),
    ((b'x', 1.0, 2.0), (b'x',)),
    ((b'%y', 1.0), ('error', 'invalid option \x27%y\x27 to \x27format\x27')),
    ((b'%5%', 1.0), ('error', 'invalid option \x27%5%\x27 to \x27format\x27')),
    ((b'%-%', 1.0), ('error', 'invalid option \x27%-%\x27 to \x27format\x27')),
    ((b'%10', 1.0), ('error', 'invalid option \x27%10\x27 to \x27format\x27')),
    ((b'%', 1.0), ('error', 'invalid option \x27%\x27 to \x27format\x27')),
    ((b'%5.', 1.0), ('error', 'invalid option \x27%5.\x27 to \x27format\x27')),
    ((b'%.5', 1.0), ('error', 'invalid option \x27%.5\x27 to \x27format\x27')),
    ((b'%123d', 1.0), ('error', 'invalid option \x27%123\x27 to \x27format\x27')),
    ((b'%10.123f', 1.0), ('error', 'invalid option \x27%10.123\x27 to \x27format\x27')),
    ((b'%l', 1.0), ('error', 'invalid option \x27%l\x27 to \x27format\x27')),
    ((b'%ld', 1.0), ('error', 'invalid option \x27%l\x27 to \x27format\x27')),
    ((b'%n', 1.0), ('error', 'invalid option \x27%n\x27 to \x27format\x27')),
    ((b'%d %y', None), ('error', 'bad argument #2 to \x27format\x27 (number expected, got nil)')),
    ((b'%d',), ('error', 'bad argument #2 to \x27format\x27 (value expected)')),
    ((b'%s',), ('error', 'bad argument #2 to \x27format\x27 (value expected)')),
    ((b'%q',), ('error', 'bad argument #2 to \x27format\x27 (value expected)')),
    ((b'%d %s', 1.0), ('error', 'bad argument #3 to \x27format\x27 (value expected)')),
    ((b'%d', None), ('error', 'bad argument #2 to \x27format\x27 (number expected, got nil)')),
    ((b'%d', EMPTY_TABLE), ('error', 'bad argument #2 to \x27format\x27 (number expected, got table)')),
    ((b'%d', b'x'), ('error', 'bad argument #2 to \x27format\x27 (number expected, got string)')),
    ((b'%c', None), ('error', 'bad argument #2 to \x27format\x27 (number expected, got nil)')),
    ((b'%f', b'x'), ('error', 'bad argument #2 to \x27format\x27 (number expected, got string)')),
    ((b'%x', True), ('error', 'bad argument #2 to \x27format\x27 (number expected, got boolean)')),
    ((None,), ('error', 'bad argument #1 to \x27format\x27 (string expected, got nil)')),
    ((b'%99d|', 1.0), (b'                                                                                                  1|',)),
    ((b'%.99f', 1.0), (b'1.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',)),
]

SIMPLE_CASES = [
    ('byte', (b'abc',), (97.0,)),
    ('byte', (b'abc', 2.0), (98.0,)),
    ('byte', (b'abc', -1.0), (99.0,)),
    ('byte', (b'abc', 1.0, -1.0), (97.0, 98.0, 99.0)),
    ('byte', (b'abc', 10.0), ()),
    ('byte', (b'',), ()),
    ('byte', (b'abc', 0.0), ()),
    ('byte', (b'abc', 3.0, 2.0), ()),
    ('byte', (b'abc', 1.9), (97.0,)),
    ('byte', (b'abc', -1.5), (99.0,)),
    ('byte', (b'abc', -10.0, 10.0), (97.0, 98.0, 99.0)),
    ('byte', (b'\xff\x00', 1.0, 2.0), (255.0, 0.0)),
    ('byte', (b'abc', EMPTY_TABLE), ('error', 'bad argument #2 to \x27byte\x27 (number expected, got table)')),
    ('byte', (None,), ('error', 'bad argument #1 to \x27byte\x27 (string expected, got nil)')),
    ('char', (), (b'',)),
    ('char', (72.0, 105.0), (b'Hi',)),
    ('char', (b'65',), (b'A',)),
    ('char', (65.5,), (b'A',)),
    ('char', (255.9,), (b'\xff',)),
    ('char', (-0.5,), (b'\x00',)),
    ('char', (0.0, 255.0), (b'\x00\xff',)),
    ('char', (256.0,), ('error', 'bad argument #1 to \x27char\x27 (invalid value)')),
    ('char', (-1.0,), ('error', 'bad argument #1 to \x27char\x27 (invalid value)')),
    ('char', (65.0, b'x'), ('error', 'bad argument #2 to \x27char\x27 (number expected, got string)')),
    ('len', (b'abc\x00d',), (5.0,)),
    ('len', (b'',), (0.0,)),
    ('len', (12.5,), (4.0,)),
    ('len', (EMPTY_TABLE,), ('error', 'bad argument #1 to \x27len\x27 (string expected, got table)')),
    ('lower', (b'ABC\x80xYz',), (b'abc\x80xyz',)),
    ('upper', (b'abc\x80xYz',), (b'ABC\x80XYZ',)),
    ('lower', (12.0,), (b'12',)),
    ('upper', (None,), ('error', 'bad argument #1 to \x27upper\x27 (string expected, got nil)')),
    ('reverse', (b'abc',), (b'cba',)),
    ('reverse', (b'',), (b'',)),
    ('reverse', (b'a\x00b',), (b'b\x00a',)),
    ('rep', (b'ab', 3.0), (b'ababab',)),
    ('rep', (b'ab', 0.0), (b'',)),
    ('rep', (b'ab', -1.0), (b'',)),
    ('rep', (b'', 5.0), (b'',)),
    ('rep', (b'ab', 2.9), (b'abab',)),
    ('rep', (b'ab', 3.0, b','), (b'ab,ab,ab',)),
    ('rep', (b'ab', 1.0, b','), (b'ab',)),
    ('rep', (b'ab', 0.0, b','), (b'',)),
    ('rep', (b'x', 2147483648.0), (b'',)),
    ('rep', (b'x', INF), (b'',)),
    ('rep', (b'x', NAN), (b'',)),
    ('rep', (b'x', 4294967299.0), (b'',)),
    ('rep', (b'x', 3.0, EMPTY_TABLE), ('error', 'bad argument #3 to \x27rep\x27 (string expected, got table)')),
    ('rep', (b'x', None), ('error', 'bad argument #2 to \x27rep\x27 (number expected, got nil)')),
    ('rep', (b'ab', 1073741824.0), ('error', 'not enough memory')),
    ('rep', (5.0, 2.0), (b'55',)),
    ('sub', (b'hello', 2.0, -2.0), (b'ell',)),
    ('sub', (b'hello', -3.0), (b'llo',)),
    ('sub', (b'hello', 0.0), (b'hello',)),
    ('sub', (b'hello', 10.0), (b'',)),
    ('sub', (b'hello', 3.0, 2.0), (b'',)),
    ('sub', (b'hello', -100.0, 100.0), (b'hello',)),
    ('sub', (b'hello', 2.7, 3.2), (b'el',)),
    ('sub', (b'hello', NAN), (b'hello',)),
    ('sub', (b'hello', 2.0, INF), (b'',)),
    ('sub', (b'hello', -INF, 2.0), (b'he',)),
    ('sub', (b'hello', 9007199254740992.0), (b'hello',)),
    ('sub', (b'hello', b'2', b'3'), (b'el',)),
    ('sub', (b'hello', None, 2.0), ('error', 'bad argument #2 to \x27sub\x27 (number expected, got nil)')),
    ('sub', (12345.0, 2.0, 3.0), (b'23',)),
]


# -- the tables, run -----------------------------------------------------------

@pytest.mark.parametrize("args, expected", FIND_CASES)
def test_find(args, expected):
    assert same(outcome(lstring.str_find, *args), expected)


@pytest.mark.parametrize("args, expected", MATCH_CASES)
def test_match(args, expected):
    assert same(outcome(lstring.str_match, *args), expected)


@pytest.mark.parametrize("args, expected", GMATCH_CASES)
def test_gmatch(args, expected):
    got = gmatch_all(*args)
    assert (same(tuple(got), tuple(expected)) if isinstance(expected, list) else same(got, expected))


@pytest.mark.parametrize("args, expected", GSUB_CASES)
def test_gsub(args, expected):
    assert same(outcome(lstring.str_gsub, *args), expected)


@pytest.mark.parametrize("args, expected", FORMAT_CASES)
def test_format(args, expected):
    assert same(outcome(lstring.str_format, *args), expected)


@pytest.mark.parametrize("fname, args, expected", SIMPLE_CASES)
def test_simple(fname, args, expected):
    assert same(outcome(FUNCS[fname], *args), expected)


# -- the two matchers agree ----------------------------------------------------

def _machine(p: bytes) -> pattern.MachinePattern:
    return pattern.MachinePattern(*pattern.parse(p))


@pytest.mark.parametrize("args, expected", FIND_CASES + MATCH_CASES)
def test_machine_matches_like_regex(args, expected, monkeypatch):
    """Every find/match case again, forced onto the backtracking machine."""
    monkeypatch.setattr(pattern, "_CACHE", {})
    monkeypatch.setattr(pattern, "build", _machine)
    f = lstring.str_find if (args, expected) in FIND_CASES else lstring.str_match
    assert same(outcome(f, *args), expected)


def test_regex_is_used_for_common_patterns():
    for p in (b"%s*(.-)%s*$", b"(%w+)=(%w+)", b"%f[%a]%a+", b"(['\"])(.-)%1", b"[^,]+"):
        assert isinstance(pattern.compile(p), pattern.RegexPattern), p
    for p in (b"%b()", b"[a", b"(a", b"a?" * 200):
        assert isinstance(pattern.compile(p), pattern.MachinePattern), p


# -- long subjects: no recursion, whichever matcher ------------------------------

@pytest.mark.parametrize("force_machine", [False, True])
def test_lazy_on_100k_subject(force_machine, monkeypatch):
    if force_machine:
        monkeypatch.setattr(pattern, "_CACHE", {})
        monkeypatch.setattr(pattern, "build", _machine)
    s = b"<" + b"x" * 100_000 + b">"
    assert values(lstring.str_match(s, b"^<(.-)>$")) == (b"x" * 100_000,)
    assert values(lstring.str_find(s, b"<.->")) == (1.0, 100_002.0)
    assert values(lstring.str_gsub(s, b"<(.-)>", b"[%1]")) == (b"[" + b"x" * 100_000 + b"]", 1.0)
    assert values(lstring.str_match(s + b"(" + b"y" * 100_000 + b")", b"%b()")) == (b"(" + b"y" * 100_000 + b")",)


def test_greedy_backtracking_on_100k_subject():
    """max_expand gives back one byte at a time: 100,000 choice points
    resumed by the machine without growing Python's stack."""
    s = b"a" * 100_000 + b"b"
    assert _machine(b"(a*)c").match(s, 0) is None
    assert _machine(b"a*ab").match(s, 0).span() == (0, 100_001)
    assert _machine(b"(a-)b").match(s, 0).span() == (0, 100_001)


# -- the library table and the string metatable -----------------------------------

def test_open_lib_sets_string_metatable():
    lib = lstring.open_lib(None)
    assert set(lib) == {b"byte", b"char", b"find", b"format", b"gmatch", b"gsub", b"len", b"lower",
                        b"match", b"rep", b"reverse", b"sub", b"upper"}
    meta = runtime.string_meta[0]
    assert dict.get(meta, b"__index") is lib
    assert runtime.index(b"abc", b"upper") is lstring.str_upper


def test_gmatch_iterator_ends_and_stays_ended():
    it = lstring.str_gmatch(b"a b", b"%a")
    assert [it(), it(), it(), it()] == [b"a", b"b", None, None]


def test_gsub_table_replacement_follows_index_metamethod():
    t = Table()
    t.meta = Table({b"__index": lambda tbl=None, key=None, *_: key.upper() if key != b"b" else None})
    assert values(lstring.str_gsub(b"abc", b"%w", t)) == (b"AbC", 3.0)


def test_gsub_function_receives_position_captures():
    seen = []

    def record(*args):
        seen.append(args)
    lstring.str_gsub(b"ab", b"()(.)", record)
    assert seen == [(1.0, b"a"), (2.0, b"b")]


def test_pattern_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(pattern, "_CACHE", {})
    monkeypatch.setattr(pattern, "CACHE_MAX", 8)
    for i in range(50):
        pattern.compile(b"x%d+" + str(i).encode())
    assert len(pattern._CACHE) <= 8


def test_listing_names_items():
    text = pattern.listing(b"(%a+)%b()$")
    assert "OPEN" in text and "BALANCE" in text and "AT_END" in text and "END" in text


def test_format_ties_round_away_from_zero():
    # C rounds exact halves to even; LuaJIT (and so we) away from zero
    assert lstring.str_format(b"%.2f %.0f %.1e %.3g", 0.125, -0.5, 2.25, 1.0625) == b"0.13 -1 2.3e+00 1.06"
