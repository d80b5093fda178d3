# Lua patterns: classes, sets, quantifiers, anchors, %b, %f, captures, back-references, errors.
=== TEST 1: %a %d %l %u %w
--- lua
local s = "aZ9_ .-"
print(s:gsub("%a", "A"), s:gsub("%d", "D"), s:gsub("%l", "L"), s:gsub("%u", "U"), s:gsub("%w", "W"))
--- out
AA9_ .-	aZD_ .-	LZ9_ .-	aU9_ .-	WWW_ .-	3
=== TEST 2: %s %p %c %x
--- lua
local s = "a b\tc\n!?,\1\31F9g"
local function count(p) return select(2, s:gsub(p, "")) end
print(count("%s"), count("%p"), count("%c"), count("%x"))
--- out
3	3	4	5
=== TEST 3: %z matches NUL
--- lua
print(("a\0b\0"):gsub("%z", "0"))
--- out
a0b0	2
=== TEST 4: negated classes %A %D %S %W %P
--- lua
local s = "ab 12!"
print(s:gsub("%A", "."), s:gsub("%D", "."), s:gsub("%S", "."), s:gsub("%W", "."), s:gsub("%P", "."))
--- out
ab....	...12.	.. ...	ab.12.	.....!	5
=== TEST 5: class membership for every byte
--- lua
local classes = {"a", "c", "d", "l", "p", "s", "u", "w", "x"}
local out = {}
for _, c in ipairs(classes) do
  local n = 0
  for b = 0, 255 do if string.char(b):find("%" .. c) then n = n + 1 end end
  out[#out + 1] = c .. "=" .. n
end
print(table.concat(out, " "))
--- out
a=52 c=33 d=10 l=26 p=32 s=6 u=26 w=62 x=22
=== TEST 6: dot matches any byte including newline and NUL
--- lua
print(("a\n\0b"):gsub(".", "x"))
--- out
xxxx	4
=== TEST 7: escaped magic characters
--- lua
print(("a.b%c(d)"):gsub("%.", "!"), ("a.b%c(d)"):gsub("%%", "!"), ("a.b%c(d)"):gsub("%(", "!"))
--- out
a!b%c(d)	a.b!c(d)	a.b%c!d)	1
=== TEST 8: escaping non-alphanumerics is always literal
--- lua
print(("a-b+c"):find("%-"), ("a-b+c"):find("%+"), ("x]y"):find("%]"))
--- out
2	4	2	2
=== TEST 9: sets
--- lua
print(("hello world"):gsub("[aeiou]", "*"))
print(("a1-b2"):gsub("[%d-]", "#"))
--- out
h*ll* w*rld	3
a##b#	3
=== TEST 10: ranges in sets
--- lua
print(("abcxyz019"):gsub("[a-c]", "_"), ("abcxyz019"):gsub("[0-8x-z]", "_"))
--- out
___xyz019	abc_____9	5
=== TEST 11: negated sets
--- lua
print(("abc123"):gsub("[^%d]", "."), ("abc123"):gsub("[^a-b1]", "."))
--- out
...123	ab.1..	3
=== TEST 12: sets with ] first and - at the edges
--- lua
print(("a]b-c"):gsub("[]]", "!"), ("a]b-c"):gsub("[-b]", "!"), ("a]b-c"):gsub("[b-]", "!"))
--- out
a!b-c	a]!!c	a]!!c	2
=== TEST 13: caret not first in a set is literal
--- lua
print(("a^b"):gsub("[b^]", "!"))
--- out
a!!	2
=== TEST 14: classes inside sets
--- lua
print(("aB3 _"):gsub("[%u%d]", "#"), ("aB3 _"):gsub("[%s_]", "#"))
--- out
a## _	aB3##	2
=== TEST 15: star is greedy
--- lua
print(("aaab"):match("a*"), ("<a><b>"):match("<.*>"), ("b"):match("a*"))
--- out
aaa	<a><b>	
=== TEST 16: plus needs at least one
--- lua
print(("aaab"):match("a+"), ("b"):match("a+"), ("xaay"):match("a+"))
--- out
aaa	nil	aa
=== TEST 17: minus is lazy
--- lua
print(("<a><b>"):match("<.->"), ("aaa"):match("a-"), ("aaab"):match("a-b"))
--- out
<a>		aaab
=== TEST 18: question mark is optional
--- lua
print(("color colour"):gsub("colou?r", "C"), ("ab"):match("a?b"), ("b"):match("a?b"))
--- out
C C	ab	b
=== TEST 19: quantifiers on sets and classes
--- lua
print(("  x  "):match("^%s*(.-)%s*$"), ("123abc"):match("[%d]+"), ("key:  value"):match(":%s*(%a+)"))
--- out
x	123	value
=== TEST 20: anchors
--- lua
print(("hello"):find("^h"), ("hello"):find("^e"), ("hello"):find("o$"), ("hello"):find("l$"))
--- out
1	nil	5	nil
=== TEST 21: dollar not at the end is literal
--- lua
print(("a$b"):find("$b"), ("a$b"):find("a$b"))
--- out
2	1	3
=== TEST 22: caret not at the start is literal
--- lua
print(("a^b"):find("a^b"))
--- out
1	3
=== TEST 23: anchored match only tries the start
--- lua
print(("xab"):match("^ab"), ("abx"):match("^ab"))
--- out
nil	ab
=== TEST 24: %b balanced match
--- lua
print(("f(a(b)c) d"):match("%b()"), ("{x{y}z}"):match("%b{}"), ("(unclosed"):match("%b()"))
--- out
(a(b)c)	{x{y}z}	nil
=== TEST 25: %b with the same open and close character
--- lua
print(("'a'b'"):match("%b''"))
--- out
'a'
=== TEST 26: %b in gsub
--- lua
print(("keep (remove (this)) keep"):gsub("%b()", ""))
--- out
keep  keep	1
=== TEST 27: %f frontier
--- lua
print(("THE (quick) fox"):gsub("%f[%a]%a+", "W"))
print(("hello world"):find("%f[%w]%w+", 2))
--- out
W (W) W	3
7	11
=== TEST 28: %f at the start and end of the subject
--- lua
print(("abc"):find("%f[%a]"), ("abc"):find("%f[%A]"), ("abc"):match("%f[%l]%l+%f[%L]"))
--- out
1	4	abc
=== TEST 29: %f with a negated set
--- lua
print(("foo bar"):gsub("%f[^%s]", "|"))
--- out
foo |bar	1
=== TEST 30: captures
--- lua
print(("John Smith"):match("(%a+) (%a+)"))
print(("2024-01-15"):match("(%d+)-(%d+)-(%d+)"))
--- out
John	Smith
2024	01	15
=== TEST 31: nested captures
--- lua
print(("abcd"):match("((a)(b)(c))"))
--- out
abc	a	b	c
=== TEST 32: position captures
--- lua
print(("hello"):match("()ll()"))
print(("hello"):find("()ll()"))
--- out
3	5
3	4	3	5
=== TEST 33: empty capture and position capture at the end
--- lua
print(("abc"):match("()$"), ("abc"):match("a()"))
--- out
4	2
=== TEST 34: back-references
--- lua
print(("hello"):match("(l)%1"), ([["quoted" and 'single']]):match("([\"'])(.-)%1"))
print(("abcabc"):find("(abc)%1"))
--- out
l	"	quoted
1	6	abc
=== TEST 35: back-reference in gsub
--- lua
print(("aabbcd"):gsub("(%a)%1", "<%1>"))
--- out
<a><b>cd	2
=== TEST 36: find returns captures after positions
--- lua
print(("x=10"):find("(%a)=(%d+)"))
--- out
1	4	x	10
=== TEST 37: match without captures returns the whole match
--- lua
print(("abc123"):match("%a+%d"))
--- out
abc1
=== TEST 38: gmatch with position captures
--- lua
for p in ("a,b,c"):gmatch("(),") do io.write(p, " ") end print()
--- out
2 4 
=== TEST 39: max captures
--- lua
local pat = ("(.)"):rep(32)
local s = ("x"):rep(32)
print(select('#', s:match(pat)))
--- out
32
=== TEST 40: too many captures
--- lua
local pat = ("(.)"):rep(33)
print(pcall(string.match, ("x"):rep(33), pat))
--- out
false	too many captures
=== TEST 41: malformed pattern ending with %
--- lua
print(pcall(string.find, "abc", "%"))
--- out
false	malformed pattern (ends with '%')
=== TEST 42: malformed pattern missing ]
--- lua
print(pcall(string.find, "abc", "[a"))
print(pcall(string.find, "abc", "[a%"))
--- out
false	malformed pattern (missing ']')
false	malformed pattern (missing ']')
=== TEST 43: unfinished capture
--- lua
print(pcall(string.find, "abc", "(a"))
--- out
false	unfinished capture
=== TEST 44: an unmatched closing parenthesis does not match
--- lua
print(pcall(string.find, "abc", "a)"))
--- out
true	nil
=== TEST 45: invalid back-reference
--- lua
print(pcall(string.find, "abc", "%1"))
print(pcall(string.find, "abc", "(a%1)"))
--- out
false	invalid capture index
false	invalid capture index
=== TEST 46: missing arguments to %b
--- lua
print(pcall(string.find, "abc", "%b"))
print(pcall(string.find, "abc", "%ba"))
--- out
false	unbalanced pattern
false	unbalanced pattern
=== TEST 47: missing [ after %f
--- lua
print(pcall(string.find, "abc", "%fa"))
--- out
false	missing '[' after '%f' in pattern
=== TEST 48: unknown class letters are literal
--- lua
print(("eq"):find("%q"), ("%y"):find("%y"))
--- out
2	2	2
=== TEST 49: quantifier at the pattern start is literal
--- lua
print(("*a"):find("*"), ("+a"):find("+a"), ("?"):find("?"))
--- out
1	1	1	1
=== TEST 50: trimming whitespace
--- lua
local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end
print("[" .. trim("  \t hello world \n ") .. "]")
--- out
[hello world]
=== TEST 51: splitting on a separator
--- lua
local parts = {}
for field in ("a,b,,c"):gmatch("([^,]*)") do parts[#parts + 1] = "<" .. field .. ">" end
print(table.concat(parts))
--- out
<a><><b><><><c><>
=== TEST 52: matching a URL-like string
--- lua
print(("http://example.com:8080/path?q=1"):match("^(%a+)://([^:/]+):?(%d*)(/[^?]*)%??(.*)$"))
--- out
http	example.com	8080	/path	q=1
=== TEST 53: patterns with high bytes
--- lua
print(("caf\195\169"):match("[\128-\255]+") == "\195\169", ("\200"):find("%a"))
--- out
true	nil
=== TEST 54: pattern matching with embedded zeros
--- lua
print(("a\0b"):find("\0", 1, true), ("a\0b"):find("%z"), ("a\0b"):match("a(.)b") == "\0")
--- out
2	2	true
=== TEST 55: lazy matching with an anchor at the end
--- lua
print(("aaa"):match("^(a-)$"), ("path/to/file.txt"):match("^(.-)([^/]*)$"))
--- out
aaa	path/to/	file.txt
=== TEST 56: greedy matching backtracks
--- lua
print(("aaab"):match("^(a*)(a)b$"))
--- out
aa	a
=== TEST 57: a long subject with a simple pattern
--- lua
local s = ("ab"):rep(5000) .. "c"
print(s:find("c"), #s:match("[ab]+"), select(2, s:gsub("ab", "")))
--- out
10001	10000	5000
=== TEST 58: string.find with special characters and init and plain
--- lua
print(("a.b.c"):find(".", 3, true), ("a.b.c"):find("%.", 3))
--- out
4	4	4
=== TEST 59: gsub pattern with an anchor and a limit
--- lua
print(("hello hello"):gsub("^hello", "bye", 5))
--- out
bye hello	1
=== TEST 60: match with init beyond the subject length
--- lua
print(("abc"):match(".", 10), ("abc"):match("()", 4), ("abc"):match("()", 10))
--- out
nil	4	4
