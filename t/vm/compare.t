# Comparison operators: numbers, strings, mixed types, equality by reference.
=== TEST 1: numeric comparisons
--- lua
print(1 < 2, 2 < 1, 1 <= 1, 2 >= 3, 3 > 2, 1 == 1.0, 1 ~= 2)
--- out
true	false	true	false	true	true	true
=== TEST 2: negative and fractional comparisons
--- lua
print(-1 < 0, -0.5 > -1, 0.1 + 0.2 > 0.3, -0 == 0, -1e308 < 1e308)
--- out
true	true	true	true	true
=== TEST 3: comparisons with infinity
--- lua
local inf = math.huge
print(inf > 1e308, -inf < -1e308, inf == inf, inf >= inf, -inf < inf)
--- out
true	true	true	true	true
=== TEST 4: comparisons with nan are all false except ~=
--- lua
local nan = 0 / 0
print(nan < 1, nan > 1, nan <= nan, nan >= nan, nan == nan, nan ~= nan, not (nan < 1))
--- out
false	false	false	false	false	true	true
=== TEST 5: string comparison is bytewise
--- lua
print("a" < "b", "abc" < "abd", "abc" < "ab", "" < "a", "Z" < "a", "10" < "9")
--- out
true	true	false	true	true	true
=== TEST 6: string comparison with embedded NUL
--- lua
print("a\0b" < "a\0c", "a\0" > "a", "a\0" == "a")
--- out
true	true	false
=== TEST 7: string comparison with high bytes
--- lua
print("\200" > "\100", "\255" > "z", "a\128" > "a\127")
--- out
true	true	true
=== TEST 8: string equality
--- lua
local a = "hel" .. "lo"
print(a == "hello", "x" ~= "y", "" == "")
--- out
true	true	true
=== TEST 9: numbers and strings are never equal
--- lua
print(1 == "1", "1" ~= 1, 0 == "", "10" == 10)
--- out
false	true	false	false
=== TEST 10: comparing a number with a string is an error
--- lua
print(pcall(function() return 1 < "2" end))
--- out
false	t.lua:1: attempt to compare number with string
=== TEST 11: comparing a string with a number is an error
--- lua
print(pcall(function() return "1" <= 2 end))
--- out
false	t.lua:1: attempt to compare string with number
=== TEST 12: comparing two tables is an error
--- lua
print(pcall(function() return {} < {} end))
--- out
false	t.lua:1: attempt to compare two table values
=== TEST 13: comparing nil with a number is an error
--- lua
local x
print(pcall(function() return x > 1 end))
--- out
false	t.lua:2: attempt to compare number with nil
=== TEST 14: comparing booleans is an error
--- lua
print(pcall(function() return true < false end))
--- out
false	t.lua:1: attempt to compare two boolean values
=== TEST 15: comparing a function with a number
--- lua
print(pcall(function() return print >= 0 end))
--- out
false	t.lua:1: attempt to compare number with function
=== TEST 16: uncaught compare error message
--- lua
local a, b = {}, 1
if a < b then end
--- error
t.lua:2: attempt to compare table with number
=== TEST 17: equality of different types is false without error
--- lua
print(nil == false, {} == {}, print == print, true == 1, nil == nil)
--- out
false	false	true	false	true
=== TEST 18: tables and functions compare by reference
--- lua
local t = {}
local u = t
local f = function() end
print(t == u, t == {}, f == f, (function() end) == (function() end))
--- out
true	false	true	false
=== TEST 19: closures from the same prototype are distinct
--- lua
local fs = {}
for i = 1, 2 do fs[i] = function() return i end end
print(fs[1] == fs[2])
--- out
false
=== TEST 20: greater-than is swapped less-than
--- lua
local mt = {__lt = function(a, b) print("lt", a.n, b.n) return a.n < b.n end,
            __le = function(a, b) print("le", a.n, b.n) return a.n <= b.n end}
local x = setmetatable({n = 1}, mt)
local y = setmetatable({n = 2}, mt)
print(x > y)
print(x >= y)
--- out
lt	2	1
false
le	2	1
false
=== TEST 21: not equal is the negation of equal
--- lua
local mt = {__eq = function(a, b) print("eq called") return true end}
local x = setmetatable({}, mt)
local y = setmetatable({}, mt)
print(x ~= y)
--- out
eq called
false
=== TEST 22: comparison results are booleans
--- lua
print(type(1 < 2), type("a" == "a"))
--- out
boolean	boolean
=== TEST 23: chained comparison compares a boolean
--- lua
print(pcall(function() return 1 < 2 < 3 end))
--- out
false	t.lua:1: attempt to compare boolean with number
=== TEST 24: sorting strings uses the same order
--- lua
local t = {"b", "B", "a", "", "ab", "A", "10", "9"}
table.sort(t)
print(table.concat(t, ","))
--- out
,10,9,A,B,a,ab,b
=== TEST 25: large and small numbers compare exactly
--- lua
print(2^53 == 2^53 + 1, 2^53 < 2^53 + 2, 1e-300 > 0, 5e-324 > 0)
--- out
true	true	true	true
=== TEST 26: comparing numeric strings compares as strings
--- lua
print("2" < "10", "2.0" == "2", "abc" >= "abc")
--- out
false	false	true
