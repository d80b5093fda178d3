# Arithmetic operators on numbers, string coercion, division by zero, nan, inf, -0.
=== TEST 1: addition and subtraction
--- lua
print(1 + 2, 10 - 20, 0.5 + 0.25, -3 - -3, 1e15 + 1)
--- out
3	-10	0.75	0	1e+15
=== TEST 2: multiplication and division
--- lua
print(6 * 7, 7 / 2, 1 / 3, -8 / 4, 2.5 * 4)
--- out
42	3.5	0.33333333333333	-2	10
=== TEST 3: division always yields a float value
--- lua
print(6 / 3, 1 / 8, 10 / 4, 3 / -2)
--- out
2	0.125	2.5	-1.5
=== TEST 4: modulo with positive operands
--- lua
print(7 % 3, 6 % 3, 0 % 5, 5.5 % 2, 1 % 1)
--- out
1	0	0	1.5	0
=== TEST 5: modulo takes the sign of the divisor
--- lua
print(-7 % 3, 7 % -3, -7 % -3, -5.5 % 2, 5.5 % -2)
--- out
2	-2	-1	0.5	-0.5
=== TEST 6: modulo by zero is nan
--- lua
local z = 0
local r = 5 % z
print(r ~= r)
--- out
true
=== TEST 7: modulo with infinite divisor
--- lua
local inf = math.huge
local a, b = 5 % inf, -5 % inf
print(a ~= a, b ~= b)
--- out
true	true
=== TEST 8: modulo of fractions
--- lua
print(3.75 % 1, -3.75 % 1, 10 % 0.75)
--- out
0.75	0.25	0.25
=== TEST 9: exponentiation
--- lua
print(2 ^ 10, 2 ^ 0.5, 2 ^ -1, 0 ^ 0, 10 ^ 2, 4 ^ 0.5)
--- out
1024	1.4142135623731	0.5	1	100	2
=== TEST 10: exponentiation is right associative
--- lua
print(2 ^ 3 ^ 2, (2 ^ 3) ^ 2)
--- out
512	64
=== TEST 11: unary minus binds looser than exponentiation
--- lua
print(-2 ^ 2, (-2) ^ 2, 2 ^ -2)
--- out
-4	4	0.25
=== TEST 12: negative base with fractional exponent is nan
--- lua
local r = (-8) ^ (1 / 3)
print(r ~= r)
--- out
true
=== TEST 13: operator precedence
--- lua
print(1 + 2 * 3, (1 + 2) * 3, 2 * 3 ^ 2, 10 - 4 - 3, 100 / 10 / 5, 7 % 4 * 2, -3 % 5)
--- out
7	9	18	3	2	6	2
=== TEST 14: unary minus
--- lua
local x = 5
print(-x, - -x, -(-x), -(x - 10))
--- out
-5	5	5	5
=== TEST 15: strings are coerced to numbers in arithmetic
--- lua
print("10" + 1, "3" * "4", "10" / 2, "7" % "4", "2" ^ "3", -"5", "1e1" - 1)
--- out
11	12	5	3	8	-5	9
=== TEST 16: coerced results are numbers
--- lua
print(type("10" + 0), math.type and "has math.type" or "no math.type")
--- out
number	no math.type
=== TEST 17: hex strings are coerced
--- lua
print("0x10" + 0, "0X1F" * 1, "  0xa  " + 0)
--- out
16	31	10
=== TEST 18: strings with spaces around the number are coerced
--- lua
print(" 10 " + 0, "\t5\n" * 2, "  -3" + 0)
--- out
10	10	-3
=== TEST 19: string that is not a number in arithmetic
--- lua
print(pcall(function() return "abc" + 1 end))
--- out
false	t.lua:1: attempt to perform arithmetic on a string value
=== TEST 20: empty string in arithmetic
--- lua
print(pcall(function() return "" * 1 end))
--- out
false	t.lua:1: attempt to perform arithmetic on a string value
=== TEST 21: string with trailing garbage in arithmetic
--- lua
print(pcall(function() return "10x" + 1 end))
--- out
false	t.lua:1: attempt to perform arithmetic on a string value
=== TEST 22: arithmetic on a local nil
--- lua
local x
print(x + 1)
--- error
t.lua:2: attempt to perform arithmetic on local 'x' (a nil value)
=== TEST 23: arithmetic on a global nil
--- lua
print(1 + undefinedvar)
--- error
t.lua:1: attempt to perform arithmetic on global 'undefinedvar' (a nil value)
=== TEST 24: arithmetic on a field
--- lua
local t = {}
print(t.count * 2)
--- error
t.lua:2: attempt to perform arithmetic on field 'count' (a nil value)
=== TEST 25: arithmetic on an upvalue
--- lua
local u = {}
local function f() return u - 1 end
f()
--- error
t.lua:2: attempt to perform arithmetic on upvalue 'u' (a table value)
=== TEST 26: arithmetic on a boolean constant
--- lua
local ok, err = pcall(function() return true + 1 end)
print(err)
--- out
t.lua:1: attempt to perform arithmetic on a boolean value
=== TEST 27: unary minus on a table
--- lua
local t = {}
local ok, err = pcall(function() return -t end)
print(err)
--- out
t.lua:2: attempt to perform arithmetic on upvalue 't' (a table value)
=== TEST 28: arithmetic on a string field that is not a number
--- lua
local t = {name = "bob"}
local ok, err = pcall(function() return t.name * 2 end)
print(err)
--- out
t.lua:2: attempt to perform arithmetic on field 'name' (a string value)
=== TEST 29: division by zero
--- lua
print(1 / 0, -1 / 0, 0 / 0 ~= 0 / 0)
--- out
inf	-inf	true
=== TEST 30: printing nan
--- lua
local nan = 0 / 0
print(nan, -nan, math.huge - math.huge)
--- out
nan	nan	nan
--- note
PUC Lua 5.1 uses printf and prints "-nan" or "nan" depending on the sign bit; LuaJIT always prints "nan". We follow LuaJIT.
=== TEST 31: tostring of nan
--- lua
print(tostring(0/0), string.format("%s", 0/0))
--- out
nan	nan
--- note
PUC Lua 5.1 prints 0/0 as "-nan" on x86 (printf of a negative nan); LuaJIT prints "nan". We follow LuaJIT.
=== TEST 32: nan is not equal to itself
--- lua
local nan = 0 / 0
print(nan == nan, nan ~= nan, nan < nan, nan <= nan, nan > 1, nan < 1)
--- out
false	true	false	false	false	false
=== TEST 33: infinity arithmetic
--- lua
local inf = math.huge
print(inf + 1, inf * -1, inf / inf ~= inf / inf, 1 / inf, -1 / inf, inf - inf ~= 0)
--- out
inf	-inf	true	0	-0	true
=== TEST 34: overflow to infinity
--- lua
print(1e308 * 10, -1e308 * 10, 2 ^ 1024, 2 ^ 1023)
--- out
inf	-inf	inf	8.9884656743116e+307
=== TEST 35: negative zero
--- lua
local z = 0
print(-z, 0 * -1, -0.0, 1 / -z)
--- out
-0	-0	-0	-inf
--- note
PUC Lua 5.1's constant folder turns 0 * -1 and -0.0 into 0; LuaJIT keeps -0. We follow LuaJIT.
=== TEST 36: negative zero equals zero
--- lua
local z = 0
local nz = -z
print(nz == 0, 1 / nz, tostring(nz))
--- out
true	-inf	-0
=== TEST 37: floating point rounding
--- lua
print(0.1 + 0.2, 0.1 + 0.2 == 0.3, 1 - 0.9, 100 * 1.1)
--- out
0.3	false	0.1	110
=== TEST 38: large integers stay exact up to 2^53
--- lua
print(2^53, 2^53 + 1 == 2^53, 2^52 + 1, 9007199254740991)
--- out
9.007199254741e+15	true	4.5035996273705e+15	9.007199254741e+15
=== TEST 39: integer overflow is float
--- lua
print(2^31 * 2, 2147483647 + 1, 4294967295 * 4294967295)
--- out
4294967296	2147483648	1.844674406512e+19
=== TEST 40: arithmetic with many operands of mixed kind
--- lua
local a, b, c = 3, "4", 5.5
print(a * b + c, (a + b) / c, a ^ 2 % b)
--- out
17.5	1.2727272727273	1
=== TEST 41: compound expression over locals in a loop
--- lua
local s = 0
for i = 1, 100 do s = s + i * i % 7 - i / 4 end
print(s)
--- out
-1061.5
=== TEST 42: arithmetic result of concatenated numeric strings
--- lua
print(("1" .. "2") + 1)
--- out
13
=== TEST 43: comparison of arithmetic results
--- lua
print(3 / 2 == 1.5, 7 % 2 == 1, 2 ^ 2 == 4)
--- out
true	true	true
=== TEST 44: constant folding of 0/0 and -0
--- lua
print(0/0 ~= 0/0, 1/(-0) < 0, -0 == 0)
--- out
true	true	true
--- note
PUC Lua 5.1 folds -0 to 0 at compile time, so 1/(-0) is inf there; in LuaJIT it is -inf. We follow LuaJIT.
=== TEST 45: arithmetic error message for a method result in expression
--- lua
local t = {}
function t.get() return nil end
print(pcall(function() return t.get() + 1 end))
--- out
false	t.lua:3: attempt to perform arithmetic on a nil value
=== TEST 46: arithmetic on nil in a binary right operand
--- lua
local a = 1
local b
print(pcall(function() return a * b end))
--- out
false	t.lua:3: attempt to perform arithmetic on upvalue 'b' (a nil value)
=== TEST 47: arithmetic on a function value
--- lua
print(pcall(function() return print + 1 end))
--- out
false	t.lua:1: attempt to perform arithmetic on global 'print' (a function value)
=== TEST 48: modulo of a string operand
--- lua
print("17" % 5, 17 % "5", "-17" % "5")
--- out
2	2	3
=== TEST 49: exponent coercion
--- lua
print("2" ^ 10, 2 ^ "10")
--- out
1024	1024
=== TEST 50: unary minus on string with spaces
--- lua
print(-" 3 ", -"0x10")
--- out
-3	-16
=== TEST 51: numbers with exponent and fraction in strings
--- lua
print("1.5e2" + 0, ".5" + 0, "5." + 0, "1E+2" + 0)
--- out
150	0.5	5	100
=== TEST 52: increments in a while loop accumulate float error
--- lua
local x, n = 0, 0
while x < 1 do x = x + 0.1; n = n + 1 end
print(n, x)
--- out
11	1.1
