# Lexer: numeric and string literals, escapes, long brackets, comments.
=== TEST 1: decimal integer literals
--- lua
print(0, 1, 42, 007, 1234567890)
--- out
0	1	42	7	1234567890
=== TEST 2: decimal float literals
--- lua
print(3.0, 3.1416, 314.16e-2, 0.31416E1, 34e1, .5, 5., 1e+2, 1E-2)
--- out
3	3.1416	3.1416	3.1416	340	0.5	5	100	0.01
=== TEST 3: hex integer literals
--- lua
print(0xff, 0XA, 0x0, 0xDeadBeef, 0x7fffffff, 0xffffffff)
--- out
255	10	0	3735928559	2147483647	4294967295
=== TEST 4: hex literal above 2^53 is rounded to a double
--- lua
print(0xffffffffffffffff, 0x10000000000000000)
--- out
1.844674407371e+19	1.844674407371e+19
=== TEST 5: hex float literals with binary exponent
--- lua
print(0x1p4, 0x.8, 0xA.8p1, 0x1P-2)
--- out
16	0.5	21	0.25
--- note
Hex floats (0x.8, 0x1p4) are a LuaJIT extension; PUC Lua 5.1 reports a malformed number. We follow LuaJIT.
=== TEST 6: huge decimal literal becomes inf
--- lua
print(1e309, -1e309, 1e308 * 10)
--- out
inf	-inf	inf
=== TEST 7: tiny decimal literal becomes zero or denormal
--- lua
print(1e-400, 5e-324 > 0, 2.5e-324 == 0)
--- out
0	true	false
=== TEST 8: simple escape sequences
--- lua
local s = "\a\b\f\n\r\t\v\\\"\'"
for i = 1, #s do io.write(s:byte(i), " ") end
print()
--- out
7 8 12 10 13 9 11 92 34 39 
=== TEST 9: decimal escapes take up to three digits
--- lua
print("\65\066\0671", #"\0", #"\0001", ("\255"):byte())
--- out
ABC1	1	2	255
=== TEST 10: backslash newline inside a quoted string is a newline
--- lua
local s = "a\
b"
print(#s, s:byte(2))
--- out
3	10
=== TEST 11: hex escapes
--- lua
print("\x41\x62\x7a", #"\x00\xff", ("\xFF"):byte())
--- out
Abz	2	255
--- note
\xXX is a LuaJIT extension; PUC Lua 5.1 reads \x as a plain 'x'. We follow LuaJIT.
=== TEST 12: \z skips following whitespace
--- lua
local s = "a\z
           b"
print(s)
--- out
ab
--- note
\z is a LuaJIT extension (from 5.2); PUC Lua 5.1 rejects it. We follow LuaJIT.
=== TEST 13: \u escape encodes UTF-8
--- lua
local s = "\u{48}\u{e9}\u{20AC}"
print(#s, s:byte(1, -1))
--- out
6	72	195	169	226	130	172
--- note
\u{XXX} is a LuaJIT extension; PUC Lua 5.1 reads \u as a plain 'u'. We follow LuaJIT.
=== TEST 14: decimal escape too large is a syntax error
--- lua
print(loadstring('return "\\256"'))
--- out
nil	[string "return "\256""]:1: invalid escape sequence near '"'
--- note
PUC Lua 5.1 says 'escape sequence too large'; LuaJIT says 'invalid escape sequence'. We follow LuaJIT.
=== TEST 15: unknown escape
--- lua
print(loadstring('return "\\q"'))
--- out
nil	[string "return "\q""]:1: invalid escape sequence near '"'
--- note
PUC Lua 5.1 accepts unknown escapes (\q is 'q'); LuaJIT rejects them. We follow LuaJIT.
=== TEST 16: unfinished string at end of line
--- lua
print(loadstring('x = "abc\nprint(x)'))
--- out
nil	[string "x = "abc..."]:1: unfinished string near '"abc'
=== TEST 17: unfinished string at end of input
--- lua
print(loadstring('x = "abc'))
--- out
nil	[string "x = "abc"]:1: unfinished string near '<eof>'
=== TEST 18: single and double quotes nest the other kind
--- lua
print('say "hi"', "it's")
--- out
say "hi"	it's
=== TEST 19: long string skips the first newline
--- lua
local s = [[
line1
line2]]
print(s)
print(#s)
--- out
line1
line2
11
=== TEST 20: long string with levels contains closing brackets of other levels
--- lua
print([==[a]]b]=]c]===]d]==])
--- out
a]]b]=]c]===]d
=== TEST 21: long string keeps escapes literally
--- lua
print([[a\nb\t"c"]])
--- out
a\nb\t"c"
=== TEST 22: an opening [[ inside a level-0 long string does not nest
--- lua
print([[a [[b]])
--- out
a [[b
--- note
PUC Lua 5.1 rejects this ("nesting of [[...]] is deprecated"); LuaJIT accepts it and we follow LuaJIT.
=== TEST 23: CRLF in a long string is normalized to LF
--- lua
local f = loadstring("return [[a\r\nb\n\rc\r\rd]]")
local s = f()
print(#s, s:byte(1, -1))
--- out
8	97	10	98	10	99	10	10	100
=== TEST 24: unfinished long string
--- lua
print(loadstring("x = [[abc"))
--- out
nil	[string "x = [[abc"]:1: unfinished long string near '<eof>'
=== TEST 25: unfinished long comment
--- lua
print(loadstring("x = 1 --[[ abc"))
--- out
nil	[string "x = 1 --[[ abc"]:1: unfinished long comment near '<eof>'
=== TEST 26: invalid long string delimiter
--- lua
print(loadstring("x = [==x"))
--- out
nil	[string "x = [==x"]:1: invalid long string delimiter near '[=='
=== TEST 27: line comments
--- lua
local a = 1 -- comment
-- whole line comment
print(a) --[ not a long comment
print(a + 1)
--- out
1
2
=== TEST 28: long comments
--- lua
local a = 1 --[[ a
multi line comment ]] local b = 2
--[==[ comment with ]] inside ]==] print(a + b)
--- out
3
=== TEST 29: comment as last line without newline
--- lua
local f = loadstring("return 7 -- trailing")
print(f())
--- out
7
=== TEST 30: shebang first line of a file is skipped
--- lua
#!/usr/bin/env luajit
print("ran")
--- out
ran
=== TEST 31: a first line starting with # is skipped by loadstring too
--- lua
local f = loadstring("#!/bin/lua\nreturn 1")
print(type(f), f and f())
--- out
function	1
--- note
LuaJIT skips a first line starting with '#' in any chunk; PUC Lua 5.1 only does so in files. We follow LuaJIT.
=== TEST 32: statements need no separators
--- lua
local a = 1 local b = 2 print(a + b) print(a) print(b)
--- out
3
1
2
=== TEST 33: semicolons separate statements
--- lua
local a = 1; local b = 2; print(a, b);
--- out
1	2
=== TEST 34: empty statements are a syntax error
--- lua
print(loadstring(";;; local a = 1;;"))
--- out
nil	[string ";;; local a = 1;;"]:1: unexpected symbol near ';'
--- note
Both LuaJIT and PUC Lua 5.1 reject empty statements.
=== TEST 35: malformed number 1..2
--- lua
print(loadstring("return 1..2"))
--- out
nil	[string "return 1..2"]:1: malformed number near '1..2'
=== TEST 36: concatenating number literals needs spaces
--- lua
print(1 .. 2, 1 ..2)
--- out
12	12
=== TEST 37: malformed hex number
--- lua
print(loadstring("return 0x"))
--- out
nil	[string "return 0x"]:1: malformed number near '0x'
=== TEST 38: malformed exponent
--- lua
print(loadstring("return 3e"))
--- out
nil	[string "return 3e"]:1: malformed number near '3e'
=== TEST 39: number followed by letters is malformed
--- lua
print(loadstring("return 12abc"))
--- out
nil	[string "return 12abc"]:1: malformed number near '12abc'
=== TEST 40: line numbers in chunk error messages
--- lua
local f = loadstring("\n\n\nerror('boom')", "=chunk")
print(pcall(f))
--- out
false	chunk:4: boom
=== TEST 41: line numbers count CR LF as one line
--- lua
local f = loadstring("local a = 1\r\nlocal b = 2\r\nerror('x')", "=c")
print(pcall(f))
--- out
false	c:3: x
=== TEST 42: keywords cannot be names
--- lua
print(loadstring("local end = 1"))
--- out
nil	[string "local end = 1"]:1: '<name>' expected near 'end'
=== TEST 43: keywords are fine as string keys
--- lua
local t = {["end"] = 1, ["while"] = 2}
print(t["end"], t["while"])
--- out
1	2
=== TEST 44: identifiers with underscores and digits
--- lua
local _ = 1 local _a1 = 2 local A_B_9 = 3 local __ = 4
print(_, _a1, A_B_9, __)
--- out
1	2	3	4
=== TEST 45: identifiers are case sensitive
--- lua
local And, AND, aNd = 1, 2, 3
print(And, AND, aNd)
--- out
1	2	3
=== TEST 46: unexpected symbol
--- lua
print(loadstring("x = @"))
--- out
nil	[string "x = @"]:1: unexpected symbol near '@'
=== TEST 47: 64-bit integer literals are cdata
--- skip: 64-bit integer cdata (LL/ULL) needs the ffi module, issue 4; the parser already reads them
--- lua
print(1LL, 0x10ULL, -5LL, type(2LL))
--- out
1LL	16ULL	-5LL	cdata
--- note
LL/ULL literals are a LuaJIT (FFI) extension. We follow LuaJIT.
=== TEST 48: tokens spanning separators
--- lua
local t = {1,2,3} print(#t, t [2], - - 3, not not nil)
--- out
3	2	3	false
=== TEST 49: all operators tokenized
--- lua
local a, b = 7, 2
print(a+b, a-b, a*b, a/b, a%b, a^b, -a, a==b, a~=b, a<b, a<=b, a>b, a>=b, #"xy", "a".."b")
--- out
9	5	14	3.5	1	49	-7	false	true	false	false	true	true	2	ab
=== TEST 50: non-ASCII identifier via loadstring
--- lua
local f, err = loadstring("local caf\195\169 = 5 return caf\195\169")
print(f and f() or err)
--- out
5
--- note
LuaJIT treats bytes >= 0x80 as identifier characters; PUC Lua 5.1 (C locale) rejects them. We follow LuaJIT.
=== TEST 51: string with all byte values round-trips
--- lua
local t = {}
for i = 0, 255 do t[#t + 1] = string.char(i) end
local s = table.concat(t)
local ok = #s == 256
for i = 0, 255 do ok = ok and s:byte(i + 1) == i end
print(#s, ok)
--- out
256	true
=== TEST 52: NUL byte inside loadstring source string literal
--- lua
local f = loadstring("return 'a\\0b'")
local s = f()
print(#s, s:byte(2))
--- out
3	0
