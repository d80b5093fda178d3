# The string library (patterns in detail are in patterns.t).
=== TEST 1: string.len and #
--- lua
print(string.len(""), string.len("abc"), ("a\0b"):len(), #"hello")
--- out
0	3	3	5
=== TEST 2: string.len coerces numbers
--- lua
print(string.len(12345), string.len(1.5))
--- out
5	3
=== TEST 3: string.byte defaults and ranges
--- lua
local s = "ABCDE"
print(s:byte())
print(s:byte(2))
print(s:byte(2, 4))
print(s:byte(-1))
print(s:byte(-3, -1))
--- out
65
66
66	67	68
69
67	68	69
=== TEST 4: string.byte out of range returns nothing
--- lua
print(select('#', ("abc"):byte(10)), select('#', ("abc"):byte(3, 2)), select('#', (""):byte()))
--- out
0	0	0
=== TEST 5: string.byte with zero and big ranges
--- lua
print(("abc"):byte(0, 10))
print(("abc"):byte(-10, 1))
--- out
97	98	99
97
=== TEST 6: string.char
--- lua
print(string.char(72, 105), string.char(), #string.char(0, 255))
--- out
Hi		2
=== TEST 7: string.char errors
--- lua
print(pcall(string.char, 256))
print(pcall(string.char, -1))
print(pcall(string.char, "x"))
--- out
false	bad argument #1 to '?' (invalid value)
false	bad argument #1 to '?' (invalid value)
false	bad argument #1 to '?' (number expected, got string)
=== TEST 8: string.char with numeric strings and fractions
--- lua
print(string.char("65", 66.7))
--- out
AB
=== TEST 9: string.sub with positive indices
--- lua
local s = "hello world"
print(s:sub(1, 5), s:sub(7), s:sub(3, 3), s:sub(5, 4), s:sub(0), s:sub(1, 100))
--- out
hello	world	l		hello world	hello world
=== TEST 10: string.sub with negative indices
--- lua
local s = "hello world"
print(s:sub(-5), s:sub(-5, -2), s:sub(2, -2), s:sub(-100, 2), s:sub(-1, -1), s:sub(-3, 2))
--- out
world	worl	ello worl	he	d	
=== TEST 11: string.sub without an end
--- lua
print(("abc"):sub(2), ("abc"):sub(4), ("abc"):sub(-1))
--- out
bc		c
=== TEST 12: string.sub argument errors
--- lua
print(pcall(string.sub, "abc"))
print(pcall(string.sub, "abc", "x"))
--- out
false	bad argument #2 to '?' (number expected, got no value)
false	bad argument #2 to '?' (number expected, got string)
=== TEST 13: string.upper and string.lower
--- lua
print(("Hello World 123"):upper(), ("Hello World 123"):lower(), ("\200x"):upper() == "\200X")
--- out
HELLO WORLD 123	hello world 123	true
=== TEST 14: string.rep
--- lua
print(("ab"):rep(3), ("x"):rep(0), ("x"):rep(-1), (""):rep(5), ("a"):rep(1))
--- out
ababab				a
=== TEST 15: string.rep with a separator
--- lua
print(("ab"):rep(3, ","), ("x"):rep(1, ","), ("x"):rep(0, ","))
--- out
ab,ab,ab	x	
--- note
The separator argument of string.rep is a LuaJIT extension (from 5.2); PUC Lua 5.1 ignores it. We follow LuaJIT.
=== TEST 16: string.rep of a large count
--- lua
print(#("abc"):rep(10000))
--- out
30000
=== TEST 17: string.reverse
--- lua
print(("abc"):reverse(), (""):reverse(), ("a"):reverse(), ("ab\0c"):reverse() == "c\0ba")
--- out
cba		a	true
=== TEST 18: string methods through the string metatable
--- lua
local s = "x"
print(s:rep(3), ("%d"):format(5), ("abc"):upper():lower():len())
--- out
xxx	5	3
=== TEST 19: methods on a number need a string
--- lua
print(pcall(function() local n = 5 return n:rep(2) end))
--- out
false	t.lua:1: attempt to index local 'n' (a number value)
=== TEST 20: string.find plain substring
--- lua
print(("hello world"):find("o"), ("hello world"):find("o", 6), ("hello world"):find("xyz"))
--- out
5	8	nil
=== TEST 21: string.find with init
--- lua
local s = "abcabc"
print(s:find("b", 1), s:find("b", 3), s:find("b", -2), s:find("b", -100), s:find("b", 100))
--- out
2	5	5	2	nil
=== TEST 22: string.find with init past the end
--- lua
print(("abc"):find("", 4), ("abc"):find("", 5), ("abc"):find("", 10))
--- out
4	4	4	3
=== TEST 23: string.find with plain flag ignores magic characters
--- lua
print(("a.b*c"):find(".", 1, true), ("a.b*c"):find("*", 1, true), ("a+b"):find("+", 1, true), ("(x)"):find("(", 1, true))
--- out
2	4	2	1	1
=== TEST 24: string.find without plain uses patterns
--- lua
print(("hello 123"):find("%d+"), ("key=val"):find("(%w+)=(%w+)"))
--- out
7	1	7	key	val
=== TEST 25: string.find of an empty pattern
--- lua
print(("abc"):find(""), (""):find(""))
--- out
1	1	0
=== TEST 26: string.match
--- lua
print(("hello 42 world"):match("%d+"), ("key = value"):match("(%w+)%s*=%s*(%w+)"), ("abc"):match("x"))
--- out
42	key	nil
=== TEST 27: string.match with init
--- lua
print(("a1b2c3"):match("%d", 3), ("a1b2c3"):match("%d", -1), ("a1b2c3"):match("^%a", 3))
--- out
2	3	b
=== TEST 28: string.gmatch over words
--- lua
local words = {}
for w in ("the quick  brown fox"):gmatch("%a+") do words[#words + 1] = w end
print(#words, table.concat(words, "|"))
--- out
4	the|quick|brown|fox
=== TEST 29: string.gmatch with captures
--- lua
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do io.write(k, ":", v, " ") end
print()
--- out
a:1 b:2 c:3 
=== TEST 30: string.gmatch with an empty match
--- lua
local n = 0
for m in ("abc"):gmatch("x*") do n = n + 1 end
print(n)
--- out
4
=== TEST 31: string.gmatch anchor is not special
--- lua
local out = {}
for m in ("aaa"):gmatch("^a") do out[#out + 1] = m end
print(#out)
for m in ("x^a^a"):gmatch("^a") do out[#out + 1] = m end
print(#out, out[1])
--- out
0
2	^a
--- note
In Lua 5.1 (LuaJIT and PUC alike) '^' in a gmatch pattern is not an anchor; it matches a literal '^'.
=== TEST 32: string.gsub with a string replacement
--- lua
print(("hello world"):gsub("o", "0"))
print(("hello world"):gsub("o", "0", 1))
print(("hello"):gsub("", "-"))
--- out
hell0 w0rld	2
hell0 world	1
-h-e-l-l-o-	6
=== TEST 33: string.gsub with captures in the replacement
--- lua
print(("hello world"):gsub("(%w+)", "<%1>"))
print(("abc"):gsub("%w", "%0%0"))
print(("k=v"):gsub("(%w)=(%w)", "%2=%1"))
--- out
<hello> <world>	2
aabbcc	3
v=k	1
=== TEST 34: string.gsub with %% in the replacement
--- lua
print(("50"):gsub("%d+", "%0%%"))
--- out
50%	1
=== TEST 35: string.gsub with an invalid capture index in the replacement
--- lua
print(pcall(string.gsub, "abc", "b", "%2"))
--- out
false	invalid capture index
=== TEST 36: string.gsub with an invalid escape in the replacement
--- lua
print(pcall(string.gsub, "abc", "b", "%x"))
--- out
true	axc	1
=== TEST 37: string.gsub with a table replacement
--- lua
local vars = {name = "Lua", ver = 5.1}
print(("$name $ver $missing"):gsub("%$(%w+)", vars))
--- out
Lua 5.1 $missing	3
=== TEST 38: string.gsub with a table replacement and false
--- lua
print(("a b c"):gsub("%a", {a = "1", b = false}))
--- out
1 b c	3
=== TEST 39: string.gsub with a function replacement
--- lua
print(("1 2 3"):gsub("%d", function(d) return d * 2 end))
print(("abc"):gsub("%a", function(c) if c == "b" then return nil end return c:upper() end))
--- out
2 4 6	3
AbC	3
=== TEST 40: string.gsub function receives all captures
--- lua
print(("x=1 y=2"):gsub("(%w)=(%w)", function(k, v) return v .. k end))
--- out
1x 2y	2
=== TEST 41: string.gsub function with position captures
--- lua
print(("abc"):gsub("()%a", function(p) return p end))
--- out
123	3
=== TEST 42: string.gsub with a limit
--- lua
print(("aaaa"):gsub("a", "b", 2))
print(("aaaa"):gsub("a", "b", 0))
print(("aaaa"):gsub("a", "b", -1))
print(("aaaa"):gsub("a", "b", 2.5))
--- out
bbaa	2
aaaa	0
aaaa	0
bbaa	2
=== TEST 43: string.gsub replacement returning a non-string
--- lua
print(pcall(string.gsub, "abc", "b", function() return {} end))
--- out
false	invalid replacement value (a table)
=== TEST 44: string.gsub with a number replacement
--- lua
print(("abc"):gsub("b", 5))
--- out
a5c	1
=== TEST 45: string.gsub with an invalid replacement type
--- lua
print(pcall(string.gsub, "abc", "b", true))
--- out
false	bad argument #3 to '?' (string/function/table expected)
=== TEST 46: string.gsub with an anchored pattern
--- lua
print(("aaa"):gsub("^a", "b"))
--- out
baa	1
=== TEST 47: string.gsub counts empty matches
--- lua
print(("abc"):gsub("%w*", "x"))
print(("a,b,,c"):gsub(",", ";"))
--- out
xx	2
a;b;;c	3
=== TEST 48: string.format %d and %i
--- lua
print(string.format("%d %i %d %d", 42, -7, 3.0, 0))
--- out
42 -7 3 0
=== TEST 49: string.format %d with a fractional number
--- lua
print(pcall(string.format, "%d", 3.5))
--- out
true	3
--- note
LuaJIT and PUC Lua 5.1 both truncate a fractional number for %d.
=== TEST 50: string.format %d with large numbers
--- lua
print(string.format("%d %d", 2^31, -2^53))
--- out
2147483648 -9007199254740992
=== TEST 51: string.format %d with width and flags
--- lua
print(string.format("[%5d] [%-5d] [%05d] [%+d] [% d] [%.3d]", 42, 42, 42, 42, 42, 7))
--- out
[   42] [42   ] [00042] [+42] [ 42] [007]
=== TEST 52: string.format %u
--- lua
print(string.format("%u %u", 42, 3000000000))
--- out
42 3000000000
=== TEST 53: string.format %c
--- lua
print(string.format("%c%c%c", 76, 117, 97), #string.format("%c", 0))
--- out
Lua	1
--- note
LuaJIT's %c with 0 yields a NUL byte (length 1); PUC Lua 5.1 stops at the NUL (length 0). We follow LuaJIT.
=== TEST 54: string.format %x %X and %o
--- lua
print(string.format("%x %X %o %#x %#o %08x", 255, 255, 8, 255, 8, 3054))
--- out
ff FF 10 0xff 010 00000bee
=== TEST 55: string.format %x with negative numbers
--- lua
print(string.format("%x", -1))
--- out
ffffffffffffffff
--- note
LuaJIT formats negative numbers for %x as 64-bit two's complement; PUC Lua 5.1 uses a C long cast. Both print ffffffffffffffff on x86-64.
=== TEST 56: string.format %e and %E
--- lua
print(string.format("%e %E %.2e %.0e", 12345.678, 0.00012, 1/3, 5e10))
--- out
1.234568e+04 1.200000E-04 3.33e-01 5e+10
=== TEST 57: string.format %f
--- lua
print(string.format("%f %.2f %.0f %10.3f %-10.1f| %+.1f", 3.14159, 2.675, 2.4, math.pi, 1.25, 5))
--- out
3.141590 2.67 2      3.142 1.3       | +5.0
--- note
1.25 is an exact tie: LuaJIT's %.1f rounds it away from zero (1.3), PUC Lua 5.1's printf to even (1.2). We follow LuaJIT.
=== TEST 58: string.format %g and %G
--- lua
print(string.format("%g %g %g %g %G %.3g %g", 100000, 1000000, 1e-5, 0.0001, 1e-10, 3.14159, 2^53))
--- out
100000 1e+06 1e-05 0.0001 1E-10 3.14 9.0072e+15
=== TEST 59: string.format %g with # flag
--- lua
print(string.format("%#g %#.3g", 1.0, 2.0))
--- out
1.00000 2.00
=== TEST 60: string.format with inf and nan
--- lua
print(string.format("%f %e %g %.1f", 1/0, -1/0, 1/0, 0/0))
--- out
inf -inf inf nan
--- note
LuaJIT prints nan; PUC Lua 5.1's printf prints -nan for 0/0 on x86. We follow LuaJIT.
=== TEST 61: string.format %d with inf
--- lua
print(pcall(string.format, "%d", 1/0))
--- out
true	-9223372036854775808
=== TEST 62: string.format %q
--- lua
print(string.format("%q", 'he said "hi"\n\tand\\left\0end\r'))
--- out
"he said \"hi\"\
\9and\\left\0end\13"
--- note
LuaJIT's %q writes control characters as decimal escapes (\9, \0, \13); PUC Lua 5.1 writes \r as \r, \0 as \000 and other control bytes raw. We follow LuaJIT.
=== TEST 63: string.format %q with control characters
--- lua
print(string.format("%q", "\1\2\0031\127"))
--- out
"\1\2\0031\127"
--- note
LuaJIT escapes control characters in %q (a following digit forces three digits: \0031); PUC Lua 5.1 writes them raw. We follow LuaJIT.
=== TEST 64: string.format %q with a number
--- lua
print(string.format("%q", 1/3))
--- out
"0.33333333333333"
=== TEST 65: string.format %s
--- lua
print(string.format("%s|%s|%s|%s", "str", 12, 1.5, true))
--- out
str|12|1.5|true
--- note
LuaJIT's %s converts any value with tostring; PUC Lua 5.1 accepts only strings and numbers. We follow LuaJIT.
=== TEST 66: string.format %s with nil and tables
--- lua
print(string.format("%s %s", nil, false))
--- out
nil false
--- note
LuaJIT's %s converts any value with tostring; PUC Lua 5.1 rejects nil and booleans. We follow LuaJIT.
=== TEST 67: string.format %s with width and precision
--- lua
print(string.format("[%10s] [%-10s] [%.2s] [%5.1s]", "abc", "abc", "abc", "abc"))
--- out
[       abc] [abc       ] [ab] [    a]
=== TEST 68: string.format %s with embedded zeros
--- lua
local s = string.format("%s", "a\0b")
print(#s)
--- out
3
--- note
LuaJIT's %s keeps embedded zeros; PUC Lua 5.1 (without precision) stops at the first NUL. We follow LuaJIT.
=== TEST 69: string.format %%
--- lua
print(string.format("100%% %d%%", 5))
--- out
100% 5%
=== TEST 70: string.format with too few arguments
--- lua
print(pcall(string.format, "%d %d", 1))
--- out
false	bad argument #3 to '?' (value expected)
--- note
LuaJIT: 'bad argument #3 ... (value expected)'; PUC Lua 5.1: '(no value)'. We follow LuaJIT.
=== TEST 71: string.format with extra arguments
--- lua
print(string.format("%d", 1, 2, 3))
--- out
1
=== TEST 72: string.format with an invalid conversion
--- lua
print(pcall(string.format, "%y", 1))
--- out
false	invalid option '%y' to 'format'
=== TEST 73: string.format with a bad argument type
--- lua
print(pcall(string.format, "%d", "x"))
print(pcall(string.format, "%d", {}))
--- out
false	bad argument #2 to '?' (number expected, got string)
false	bad argument #2 to '?' (number expected, got table)
=== TEST 74: string.format %d with a numeric string
--- lua
print(string.format("%d %5.1f", "10", "2.25"))
--- out
10   2.3
--- note
2.25 is an exact tie: LuaJIT rounds it to 2.3, PUC Lua 5.1 to 2.2. We follow LuaJIT.
=== TEST 75: string.format with a too long format
--- lua
print(pcall(string.format, "%123d", 1))
--- out
false	invalid option '%123' to 'format'
--- note
LuaJIT: "invalid option '%123' to 'format'"; PUC Lua 5.1: 'invalid format (width or precision too long)'. We follow LuaJIT.
=== TEST 76: string.format with no format
--- lua
print(pcall(string.format))
--- out
false	bad argument #1 to '?' (string expected, got no value)
=== TEST 77: string.format of a plain string
--- lua
print(string.format("no conversions"), string.format(""))
--- out
no conversions	
=== TEST 78: string.format with a number as the format
--- lua
print(string.format(12))
--- out
12
=== TEST 79: string functions accept numbers as strings
--- lua
print(string.upper(12), string.rep(1, 3), string.sub(12345, 2, 3), string.reverse(123))
--- out
12	111	23	321
=== TEST 80: string.len without an argument
--- lua
print(pcall(string.len))
--- out
false	bad argument #1 to '?' (string expected, got nil)
--- note
LuaJIT says 'got nil' for a missing string argument here; PUC Lua 5.1 says 'got no value'. We follow LuaJIT.
=== TEST 81: string.dump returns a string
--- skip: string.dump is not built yet: tier 0 keeps no bytecode to dump (issue 2 note)
--- lua
local d = string.dump(function() return 1 end)
print(type(d), #d > 0)
--- out
string	true
=== TEST 82: string.dump round trip through loadstring
--- skip: string.dump is not built yet: tier 0 keeps no bytecode to dump (issue 2 note)
--- lua
local f = loadstring(string.dump(function(a, b) return a * b end))
print(f(6, 7))
--- out
42
=== TEST 83: string.dump of a builtin
--- skip: string.dump is not built yet: tier 0 keeps no bytecode to dump (issue 2 note)
--- lua
print(pcall(string.dump, print))
--- out
false	unable to dump given function
=== TEST 84: string library functions exist
--- skip: string.dump is not built yet: tier 0 keeps no bytecode to dump (issue 2 note)
--- lua
local names = {"byte", "char", "dump", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse", "sub", "upper"}
local n = 0
for _, k in ipairs(names) do if type(string[k]) == "function" then n = n + 1 end end
print(n, #names, type(string.gfind))
--- out
14	14	nil
--- note
PUC Lua 5.1 keeps the deprecated string.gfind; LuaJIT does not have it. We follow LuaJIT.
=== TEST 85: strings are immutable values
--- lua
local a = "abc"
local b = a
b = b .. "d"
print(a, b)
--- out
abc	abcd
=== TEST 86: strings with high bytes round trip through upper
--- lua
local s = "\195\169t\195\169"
print(s:upper() == "\195\169T\195\169", #s)
--- out
true	5
=== TEST 87: interned string equality
--- lua
local parts = {}
for i = 1, 3 do parts[i] = string.char(96 + i) end
print(table.concat(parts) == "abc")
--- out
true
