# The .. operator: strings, numbers, errors, right associativity, __concat.
=== TEST 1: concatenating strings
--- lua
print("a" .. "b", "" .. "", "x" .. "" .. "y")
--- out
ab		xy
=== TEST 2: numbers are converted with %.14g
--- lua
print(1 .. 2, 1.5 .. "", 1e100 .. "", 2^53 .. "!", -0.0 .. "", 1/3 .. "")
--- out
12	1.5	1e+100	9.007199254741e+15!	-0	0.33333333333333
=== TEST 3: integers with float representation
--- lua
print(3.0 .. "", 10/2 .. "", 2^31 .. "")
--- out
3	5	2147483648
=== TEST 4: concatenation is right associative
--- lua
local mt = {__concat = function(a, b)
  local x = type(a) == "table" and a.n or a
  local y = type(b) == "table" and b.n or b
  return "(" .. x .. "+" .. y .. ")"
end}
local A = setmetatable({n = "A"}, mt)
print(A .. "b" .. "c")
print("a" .. "b" .. A)
--- out
(A+bc)
a(b+A)
=== TEST 5: concatenating nil is an error with the variable name
--- lua
local name
print("hello " .. name)
--- error
t.lua:2: attempt to concatenate local 'name' (a nil value)
=== TEST 6: concatenating a global nil
--- lua
print(pcall(function() return "x" .. missing end))
--- out
false	t.lua:1: attempt to concatenate global 'missing' (a nil value)
=== TEST 7: concatenating a boolean
--- lua
print(pcall(function() return "x" .. true end))
--- out
false	t.lua:1: attempt to concatenate a boolean value
=== TEST 8: concatenating a table
--- lua
local t = {}
print(pcall(function() return t .. "x" end))
--- out
false	t.lua:2: attempt to concatenate upvalue 't' (a table value)
=== TEST 9: concatenating a field that is nil
--- lua
local t = {}
print(pcall(function() return "v=" .. t.v end))
--- out
false	t.lua:2: attempt to concatenate field 'v' (a nil value)
=== TEST 10: concatenation in the middle of a chain reports the failing operand
--- lua
local a, b, c = "a", nil, "c"
print(pcall(function() return a .. b .. c end))
--- out
false	t.lua:2: attempt to concatenate upvalue 'b' (a nil value)
=== TEST 11: long chains
--- lua
local s = "a" .. "b" .. "c" .. "d" .. "e" .. 1 .. 2 .. 3 .. "f"
print(s, #s)
--- out
abcde123f	9
=== TEST 12: concatenation in a loop builds a long string
--- lua
local s = ""
for i = 1, 1000 do s = s .. (i % 10) end
print(#s, s:sub(1, 12), s:sub(-5))
--- out
1000	123456789012	67890
=== TEST 13: precedence of .. relative to arithmetic and comparison
--- lua
print(1 + 2 .. 3 + 4, "a" .. "b" == "ab", 2 .. 3 * 2)
--- out
37	true	26
=== TEST 14: __concat on the right operand
--- lua
local mt = {__concat = function(a, b) return "L:" .. tostring(type(a)) .. " R:" .. tostring(type(b)) end}
local o = setmetatable({}, mt)
print("s" .. o, o .. "s", 1 .. o)
--- out
L:string R:table	L:table R:string	L:number R:table
=== TEST 15: __concat returning a non-string
--- lua
local o = setmetatable({}, {__concat = function() return 42 end})
local r = o .. "x"
print(r, type(r))
--- out
42	number
=== TEST 16: concatenation with embedded zeros keeps all bytes
--- lua
local s = "a\0" .. "\0b"
print(#s, s:byte(1, -1))
--- out
4	97	0	0	98
=== TEST 17: table.concat versus ..
--- lua
local t = {}
for i = 1, 5 do t[i] = i * 1.5 end
print(table.concat(t, " "), t[1] .. " " .. t[2])
--- out
1.5 3 4.5 6 7.5	1.5 3
=== TEST 18: concat of negative numbers needs no parentheses
--- lua
local x = -5
print("x=" .. x, "y=" .. -x, "z=" .. - -x)
--- out
x=-5	y=5	z=-5
