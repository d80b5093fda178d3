# Syntax errors reported by loadstring (the message is printed, not raised).
=== TEST 1: missing end of function
--- lua
print(loadstring("function f() return 1"))
--- out
nil	[string "function f() return 1"]:1: 'end' expected near '<eof>'
=== TEST 2: missing end of if, reported with the opening line
--- lua
print(loadstring("if x then\n  y = 1\n\n"))
--- out
nil	[string "if x then..."]:4: 'end' expected (to close 'if' at line 1) near '<eof>'
=== TEST 3: missing end of while
--- lua
print(loadstring("while true do\nlocal a = 1\n"))
--- out
nil	[string "while true do..."]:3: 'end' expected (to close 'while' at line 1) near '<eof>'
=== TEST 4: missing until
--- lua
print(loadstring("repeat local a = 1"))
--- out
nil	[string "repeat local a = 1"]:1: 'until' expected near '<eof>'
=== TEST 5: missing then
--- lua
print(loadstring("if x y = 1 end"))
--- out
nil	[string "if x y = 1 end"]:1: 'then' expected near 'y'
=== TEST 6: missing do in for
--- lua
print(loadstring("for i = 1, 2 print(i) end"))
--- out
nil	[string "for i = 1, 2 print(i) end"]:1: 'do' expected near 'print'
=== TEST 7: missing do in while
--- lua
print(loadstring("while x print(x) end"))
--- out
nil	[string "while x print(x) end"]:1: 'do' expected near 'print'
=== TEST 8: '=' or 'in' expected in for
--- lua
print(loadstring("for i 1, 2 do end"))
--- out
nil	[string "for i 1, 2 do end"]:1: '=' or 'in' expected near '1'
=== TEST 9: numeric for needs a comma
--- lua
print(loadstring("for i = 1 do end"))
--- out
nil	[string "for i = 1 do end"]:1: ',' expected near 'do'
=== TEST 10: unexpected end
--- lua
print(loadstring("x = 1 end"))
--- out
nil	[string "x = 1 end"]:1: '<eof>' expected near 'end'
=== TEST 11: unexpected symbol in expression
--- lua
print(loadstring("x = 1 + * 2"))
--- out
nil	[string "x = 1 + * 2"]:1: unexpected symbol near '*'
=== TEST 12: unbalanced parenthesis
--- lua
print(loadstring("x = (1 + 2"))
--- out
nil	[string "x = (1 + 2"]:1: ')' expected near '<eof>'
=== TEST 13: unbalanced brackets in a call across lines
--- lua
print(loadstring("f(1,\n2,\n3"))
--- out
nil	[string "f(1,..."]:3: ')' expected (to close '(' at line 1) near '<eof>'
=== TEST 14: unbalanced table constructor
--- lua
print(loadstring("t = {1, 2"))
--- out
nil	[string "t = {1, 2"]:1: '}' expected near '<eof>'
=== TEST 15: syntax error near eof
--- lua
print(loadstring("x ="))
--- out
nil	[string "x ="]:1: unexpected symbol near '<eof>'
=== TEST 16: assignment to a call is an error
--- lua
print(loadstring("f() = 1"))
--- out
nil	[string "f() = 1"]:1: unexpected symbol near '='
=== TEST 17: assignment to a literal is an error
--- lua
print(loadstring("1 = x"))
--- out
nil	[string "1 = x"]:1: unexpected symbol near '1'
=== TEST 18: expression is not a statement
--- lua
print(loadstring("x + 1"))
--- out
nil	[string "x + 1"]:1: '=' expected near '+'
=== TEST 19: bare name is not a statement
--- lua
print(loadstring("x"))
--- out
nil	[string "x"]:1: '=' expected near '<eof>'
=== TEST 20: function arguments expected
--- lua
print(loadstring("a:b"))
--- out
nil	[string "a:b"]:1: function arguments expected near '<eof>'
=== TEST 21: function arguments expected after method name with operator
--- lua
print(loadstring("a:b + 1"))
--- out
nil	[string "a:b + 1"]:1: function arguments expected near '+'
=== TEST 22: name expected after dot
--- lua
print(loadstring("x = a.1"))
--- out
nil	[string "x = a.1"]:1: unexpected symbol near '.1'
=== TEST 23: break outside a loop
--- lua
print(loadstring("break"))
--- out
nil	[string "break"]:1: no loop to break
--- note
PUC Lua 5.1 appends "near '<eof>'"; LuaJIT reports 'no loop to break' without a token. We follow LuaJIT.
=== TEST 24: break inside a function inside a loop
--- lua
print(loadstring("while true do local f = function() break end end"))
--- out
nil	[string "while true do local f = function() break end end"]:1: no loop to break
--- note
PUC Lua 5.1 appends "near 'end'"; LuaJIT does not. We follow LuaJIT.
=== TEST 25: return must be the last statement
--- lua
print(loadstring("return 1 print(2)"))
--- out
nil	[string "return 1 print(2)"]:1: '<eof>' expected near 'print'
=== TEST 26: return with semicolon at the end of a block
--- lua
local f = loadstring("do return 5; end")
print(f())
--- out
5
=== TEST 27: vararg outside a vararg function
--- lua
print(loadstring("function f() return ... end"))
--- out
nil	[string "function f() return ... end"]:1: cannot use '...' outside a vararg function near '...'
=== TEST 28: vararg in the main chunk is fine
--- lua
local f = loadstring("return select('#', ...), ...")
print(f(1, 2, 3))
--- out
3	1	2	3
=== TEST 29: local function needs a name
--- lua
print(loadstring("local function (x) end"))
--- out
nil	[string "local function (x) end"]:1: '<name>' expected near '('
=== TEST 30: function parameters must be names
--- lua
print(loadstring("function f(1) end"))
--- out
nil	[string "function f(1) end"]:1: <name> or '...' expected near '1'
=== TEST 31: vararg must be the last parameter
--- lua
print(loadstring("function f(..., a) end"))
--- out
nil	[string "function f(..., a) end"]:1: ')' expected near ','
=== TEST 32: method definition with dotted name
--- lua
local f = loadstring("local t = {a = {}} function t.a:m() return self end return t")
local t = f()
print(t.a:m() == t.a)
--- out
true
=== TEST 33: colon only allowed once in function name
--- lua
print(loadstring("function a:b:c() end"))
--- out
nil	[string "function a:b:c() end"]:1: '(' expected near ':'
=== TEST 34: goto to an undefined label
--- lua
print(loadstring("goto nowhere"))
--- out
nil	[string "goto nowhere"]:1: undefined label 'nowhere'
--- note
goto and labels are a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 35: duplicate label
--- lua
print(loadstring("::a:: ::a::"))
--- out
nil	[string "::a:: ::a::"]:1: duplicate label 'a'
--- note
goto and labels are a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 36: goto into the scope of a local
--- lua
print(loadstring("goto l local x = 1 ::l:: print(x)"))
--- out
nil	[string "goto l local x = 1 ::l:: print(x)"]:1: <goto l> jumps into the scope of local 'x'
--- note
goto and labels are a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 37: goto into a nested block is not visible
--- lua
print(loadstring("goto inner do ::inner:: end"))
--- out
nil	[string "goto inner do ::inner:: end"]:1: undefined label 'inner'
--- note
goto and labels are a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 38: ambiguous syntax, call on a new line
--- lua
print(loadstring("local a = f\n(g)()"))
--- out
nil	[string "local a = f..."]:2: ambiguous syntax (function call x new statement) near '('
--- note
PUC Lua 5.1 and LuaJIT both reject a call whose '(' starts a new line.
=== TEST 39: string call without parentheses
--- lua
local f = loadstring("return type'x', type\"y\", type[[z]], type{}")
print(f())
--- out
string	string	string	table
=== TEST 40: too many local variables
--- lua
local src = {}
for i = 1, 210 do src[#src + 1] = "local a" .. i .. " = " .. i end
local f, err = loadstring(table.concat(src, "\n"))
print(f, err)
--- out
nil	[string "local a1 = 1..."]:201: main function has more than 200 local variables
--- note
Both allow 200 locals per function.
=== TEST 41: too many upvalues
--- lua
local src = {}
for i = 1, 130 do src[#src + 1] = "local a" .. i .. " = " .. i end
src[#src + 1] = "return function() return "
for i = 1, 130 do src[#src + 1] = (i > 1 and "+ " or "") .. "a" .. i end
src[#src + 1] = " end"
local f, err = loadstring(table.concat(src, "\n"))
print(f, err)
--- out
nil	[string "local a1 = 1..."]:253: function at line 131 has more than 120 upvalues
--- note
LuaJIT allows 120 upvalues per function, PUC Lua 5.1 allows 60. We follow LuaJIT.
=== TEST 42: 60 upvalues are fine
--- lua
local src = {}
for i = 1, 60 do src[#src + 1] = "local a" .. i .. " = " .. i end
src[#src + 1] = "return function() return "
for i = 1, 60 do src[#src + 1] = (i > 1 and "+ " or "") .. "a" .. i end
src[#src + 1] = " end"
local f, err = loadstring(table.concat(src, "\n"))
print(f()())
--- out
1830
=== TEST 43: deep nesting of parentheses is fine up to a limit
--- lua
local f = loadstring("return " .. ("("):rep(100) .. "1" .. (")"):rep(100))
print(f())
--- out
1
=== TEST 44: chunk name shown for long sources is truncated
--- lua
print(loadstring("local x = 1\nlocal y = 2\nthis is wrong"))
--- out
nil	[string "local x = 1..."]:3: '=' expected near 'is'
=== TEST 45: chunk name given with = is used verbatim
--- lua
print(loadstring("x = = 1", "=my chunk"))
--- out
nil	my chunk:1: unexpected symbol near '='
=== TEST 46: chunk name given with @ is a file name
--- lua
print(loadstring("x = = 1", "@some/file.lua"))
--- out
nil	some/file.lua:1: unexpected symbol near '='
=== TEST 47: plain chunk name is quoted as a string
--- lua
print(loadstring("x = = 1", "plain"))
--- out
nil	[string "plain"]:1: unexpected symbol near '='
=== TEST 48: error near a string token
--- lua
print(loadstring("x = 1 'str'"))
--- out
nil	[string "x = 1 'str'"]:1: unexpected symbol near ''str''
=== TEST 49: error near a number token
--- lua
print(loadstring("x = 1 2"))
--- out
nil	[string "x = 1 2"]:1: unexpected symbol near '2'
=== TEST 50: error near a long string token
--- lua
print(loadstring("x = 1 [[long]]"))
--- out
nil	[string "x = 1 [[long]]"]:1: unexpected symbol near '[[long]]'
=== TEST 51: comparison chains are not an error
--- lua
print(loadstring("return 1 < 2 == true")())
--- out
true
=== TEST 52: unary operators stack
--- lua
print(loadstring("return - - -1, not not true, - -#'ab'")())
--- out
-1	true	2
=== TEST 53: 'end' expected mentions the line of the opening
--- lua
print(loadstring("do\n\n\nlocal x = 1\nelse"))
--- out
nil	[string "do..."]:5: 'end' expected (to close 'do' at line 1) near 'else'
=== TEST 54: else without if
--- lua
print(loadstring("else x = 1"))
--- out
nil	[string "else x = 1"]:1: '<eof>' expected near 'else'
=== TEST 55: elseif after else
--- lua
print(loadstring("if a then elseif b then else elseif c then end"))
--- out
nil	[string "if a then elseif b then else elseif c then end"]:1: 'end' expected near 'elseif'
=== TEST 56: table field separators are comma or semicolon
--- lua
local t = loadstring("return {1; 2, 3;}")()
print(#t, t[3])
--- out
3	3
=== TEST 57: table constructor with bad key syntax
--- lua
print(loadstring("t = {[1] 2}"))
--- out
nil	[string "t = {[1] 2}"]:1: '=' expected near '2'
=== TEST 58: table constructor with a missing value
--- lua
print(loadstring("t = {a = }"))
--- out
nil	[string "t = {a = }"]:1: unexpected symbol near '}'
=== TEST 59: multiple assignment needs names on the left
--- lua
print(loadstring("a, 1 = 2, 3"))
--- out
nil	[string "a, 1 = 2, 3"]:1: unexpected symbol near '1'
=== TEST 60: local attribute syntax is not Lua 5.1
--- lua
print(loadstring("local x <const> = 1"))
--- out
nil	[string "local x <const> = 1"]:1: unexpected symbol near '<'
=== TEST 61: integer division operator does not exist
--- lua
print(loadstring("return 7 // 2"))
--- out
nil	[string "return 7 // 2"]:1: unexpected symbol near '/'
=== TEST 62: bitwise operators do not exist
--- lua
print(loadstring("return 1 & 2"))
--- out
nil	[string "return 1 & 2"]:1: '<eof>' expected near '&'
=== TEST 63: not-equal must be ~=
--- lua
print(loadstring("return 1 != 2"))
--- out
nil	[string "return 1 != 2"]:1: '<eof>' expected near '!'
=== TEST 64: loadstring of an empty string
--- lua
local f = loadstring("")
print(type(f), f())
--- out
function
=== TEST 65: loadstring of only a comment
--- lua
local f = loadstring("-- nothing")
print(type(f), select('#', f()))
--- out
function	0
=== TEST 66: syntax error raised by running a file
--- lua
local x = = 2
--- error
t.lua:1: unexpected symbol near '='
=== TEST 67: syntax error on a later line of a file
--- lua
local a = 1
local b = 2
if a then
  b = 3
--- error
t.lua:5: 'end' expected (to close 'if' at line 3) near '<eof>'
