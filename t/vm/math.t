# The math library (math.random only by range and type: the PRNG differs).
=== TEST 1: math.floor and math.ceil
--- lua
print(math.floor(3.7), math.floor(-3.7), math.floor(3), math.ceil(3.2), math.ceil(-3.2), math.ceil(-0.5))
--- out
3	-4	3	4	-3	-0
=== TEST 2: floor and ceil of large and special values
--- lua
print(math.floor(2^53 + 0.5), math.floor(1/0), math.ceil(-1/0), math.floor(-0.0))
--- out
9.007199254741e+15	inf	-inf	-0
--- note
math.floor(-0.0) is -0 in LuaJIT; PUC Lua 5.1 returns 0. We follow LuaJIT.
=== TEST 3: math.floor of nan
--- lua
local r = math.floor(0/0)
print(r ~= r)
--- out
true
=== TEST 4: math.abs
--- lua
print(math.abs(-5), math.abs(5), math.abs(-0.5), math.abs(-1/0), math.abs(-0.0))
--- out
5	5	0.5	inf	0
=== TEST 5: math.max and math.min
--- lua
print(math.max(1, 5, 3), math.min(1, 5, 3), math.max(-1), math.min(2.5, -2.5), math.max(1, 1/0))
--- out
5	1	-1	-2.5	inf
=== TEST 6: math.max and min with nan
--- lua
local nan = 0/0
print(math.max(nan, 1), math.max(1, nan), math.min(nan, 1), math.min(1, nan))
--- out
1	nan	1	nan
--- note
LuaJIT prints nan where PUC Lua 5.1 prints -nan; the results are the same otherwise.
=== TEST 7: math.max without arguments
--- lua
print(pcall(math.max))
print(pcall(math.min))
--- out
false	bad argument #1 to '?' (number expected, got no value)
false	bad argument #1 to '?' (number expected, got no value)
=== TEST 8: math.max with a non-number
--- lua
print(pcall(math.max, 1, "x"))
print(math.max("10", 9))
--- out
false	bad argument #2 to '?' (number expected, got string)
10
=== TEST 9: math.sqrt and math.pow
--- lua
print(math.sqrt(16), math.sqrt(2), math.pow(2, 10), math.pow(2, 0.5), math.sqrt(-1) ~= math.sqrt(-1))
--- out
4	1.4142135623731	1024	1.4142135623731	true
=== TEST 10: math.exp and math.log
--- lua
print(math.exp(0), math.exp(1), math.log(1), math.log(math.exp(2)), math.log(0), math.log10(1000))
--- out
1	2.718281828459	0	2	-inf	3
=== TEST 11: math.log with a base
--- lua
print(math.log(8, 2), math.log(100, 10), math.log(27, 3))
--- out
3	2	3
--- note
LuaJIT's math.log accepts a base (like 5.2); PUC Lua 5.1 ignores the second argument. We follow LuaJIT.
=== TEST 12: trigonometry
--- lua
print(math.sin(0), math.cos(0), math.tan(0), math.sin(math.pi / 2), math.cos(math.pi))
print(string.format("%.6f %.6f %.6f", math.asin(1), math.acos(0), math.atan(1)))
--- out
0	1	0	1	-1
1.570796 1.570796 0.785398
=== TEST 13: math.atan2
--- lua
print(string.format("%.6f %.6f %.6f %.6f", math.atan2(1, 1), math.atan2(1, -1), math.atan2(-1, -1), math.atan2(0, -1)))
--- out
0.785398 2.356194 -2.356194 3.141593
=== TEST 14: hyperbolic functions
--- lua
print(math.sinh(0), math.cosh(0), math.tanh(0), string.format("%.6f", math.tanh(1)))
--- out
0	1	0	0.761594
=== TEST 15: math.deg and math.rad
--- lua
print(math.deg(math.pi), math.rad(180) == math.pi, math.deg(1))
--- out
180	true	57.295779513082
=== TEST 16: math.pi and math.huge
--- lua
print(math.pi, math.huge, -math.huge, math.huge > 1e308)
--- out
3.1415926535898	inf	-inf	true
=== TEST 17: math.fmod
--- lua
print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(-7, -3), math.fmod(5.5, 2))
--- out
1	-1	1	-1	1.5
=== TEST 18: math.fmod versus the % operator
--- lua
print(math.fmod(-7, 3), -7 % 3, math.fmod(7, -3), 7 % -3)
--- out
-1	2	1	-2
=== TEST 19: math.fmod by zero
--- lua
local r = math.fmod(1, 0)
print(r ~= r, math.fmod(0, 1), math.fmod(1, 1/0))
--- out
true	0	1
=== TEST 20: math.modf
--- lua
print(math.modf(3.7))
print(math.modf(-3.7))
print(math.modf(5))
print(math.modf(1/0))
print(math.modf(-1/0))
--- out
3	0.7
-3	-0.7
5	0
inf	0
-inf	-0
=== TEST 21: math.modf of nan
--- lua
local i, f = math.modf(0/0)
print(i ~= i, f ~= f)
--- out
true	true
=== TEST 22: math.frexp
--- lua
print(math.frexp(8))
print(math.frexp(0.5))
print(math.frexp(-3))
print(math.frexp(0))
print(math.frexp(1e300))
--- out
0.5	4
0.5	0
-0.75	2
0	0
0.74661089480258	997
=== TEST 23: math.ldexp
--- lua
print(math.ldexp(1, 10), math.ldexp(0.5, 4), math.ldexp(-3, -1), math.ldexp(1, 1024), math.ldexp(1, -1075))
--- out
1024	8	-1.5	inf	0
=== TEST 24: frexp and ldexp round trip
--- lua
local ok = true
for _, x in ipairs({1, 3.14, -2.5e-10, 123456789, 2^60}) do
  local m, e = math.frexp(x)
  if math.ldexp(m, e) ~= x then ok = false end
end
print(ok)
--- out
true
=== TEST 25: math.random with no arguments is in [0, 1)
--- lua
local ok = true
for i = 1, 1000 do local r = math.random() if r < 0 or r >= 1 then ok = false end end
print(ok, type(math.random()))
--- out
true	number
=== TEST 26: math.random with one argument is in [1, n]
--- lua
local seen, ok = {}, true
for i = 1, 2000 do
  local r = math.random(6)
  if r < 1 or r > 6 or r ~= math.floor(r) then ok = false end
  seen[r] = true
end
print(ok, #seen)
--- out
true	6
=== TEST 27: math.random with two arguments is in [m, n]
--- lua
local ok = true
for i = 1, 1000 do local r = math.random(-3, 3) if r < -3 or r > 3 or r % 1 ~= 0 then ok = false end end
print(ok, math.random(5, 5))
--- out
true	5
=== TEST 28: math.random with an empty interval
--- lua
print(pcall(math.random, 0))
local ok, r = pcall(math.random, 5, 1)
print(ok, type(r))
--- out
true	1
true	number
--- note
LuaJIT does not check for an empty interval (random(0) is 1, random(5, 1) a number); PUC Lua 5.1 raises 'interval is empty'. We follow LuaJIT.
=== TEST 29: math.random with too many arguments
--- lua
local ok, r = pcall(math.random, 1, 2, 3)
print(ok, r == 1 or r == 2)
--- out
true	true
--- note
LuaJIT ignores extra arguments to math.random; PUC Lua 5.1 raises 'wrong number of arguments'. We follow LuaJIT.
=== TEST 30: math.randomseed makes sequences repeatable
--- lua
math.randomseed(42)
local a = {math.random(100), math.random(100), math.random()}
math.randomseed(42)
local b = {math.random(100), math.random(100), math.random()}
print(a[1] == b[1], a[2] == b[2], a[3] == b[3])
--- out
true	true	true
=== TEST 31: math functions coerce numeric strings
--- lua
print(math.floor("3.7"), math.abs("-2"), math.sqrt("9"))
--- out
3	2	3
=== TEST 32: math functions reject non-numbers
--- lua
print(pcall(math.floor, "x"))
print(pcall(math.sin))
--- out
false	bad argument #1 to '?' (number expected, got string)
false	bad argument #1 to '?' (number expected, got no value)
=== TEST 33: math library names
--- lua
local names = {}
for k in pairs(math) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
--- out
abs acos asin atan atan2 ceil cos cosh deg exp floor fmod frexp huge ldexp log log10 max min modf pi pow rad random randomseed sin sinh sqrt tan tanh
--- note
PUC Lua 5.1 also has the deprecated math.mod; LuaJIT does not. We follow LuaJIT.
=== TEST 34: integer-valued results print without decimals
--- lua
print(math.floor(10 / 3), math.ceil(10 / 3), math.pow(10, 3), math.sqrt(1e10))
--- out
3	4	1000	100000
=== TEST 35: math.floor of huge values stays exact
--- lua
print(string.format("%.0f", math.floor(2^62 + 1)), math.floor(-2^63) == -2^63)
--- out
4611686018427387904	true
=== TEST 36: rounding with floor
--- lua
local function round(x) return math.floor(x + 0.5) end
print(round(2.5), round(-2.5), round(2.4999), round(-0.4))
--- out
3	-2	2	0
