# and / or / not: truthiness, short circuit, values returned.
=== TEST 1: only nil and false are falsy
--- lua
for _, v in ipairs({0, "", "false", {}, 0/0}) do io.write(tostring(not not v), " ") end
print(not nil, not false)
--- out
true true true true true true	true
=== TEST 2: and returns the first falsy operand or the last
--- lua
print(1 and 2, nil and 2, false and nil, 0 and "x", "" and false)
--- out
2	nil	false	x	false
=== TEST 3: or returns the first truthy operand or the last
--- lua
print(1 or 2, nil or 2, false or nil, nil or false, false or "x")
--- out
1	2	nil	false	x
=== TEST 4: not always returns a boolean
--- lua
print(not 1, not nil, not not "a", type(not 0))
--- out
false	true	true	boolean
=== TEST 5: and binds tighter than or
--- lua
print(nil and 1 or 2, 1 and nil or 3, false or 1 and 2, 1 or error("x") and 3)
--- out
2	3	2	1
=== TEST 6: short circuit skips calls
--- lua
local function f(x) print("called", x) return x end
local a = f(false) and f(1)
local b = f(1) or f(2)
local c = f(nil) or f(3)
print(a, b, c)
--- out
called	false
called	1
called	nil
called	3
false	1	3
=== TEST 7: short circuit with error on the right
--- lua
local t = nil
print(t and t.x, t == nil or t.x)
--- out
nil	true
=== TEST 8: ternary idiom and its false pitfall
--- lua
local function pick(c, a, b) return c and a or b end
print(pick(true, 1, 2), pick(false, 1, 2), pick(true, false, 2), pick(true, nil, "d"))
--- out
1	2	2	d
=== TEST 9: default value idiom
--- lua
local function f(x) x = x or 10 return x end
print(f(), f(nil), f(false), f(0), f(5))
--- out
10	10	10	0	5
=== TEST 10: not binds tighter than comparison
--- lua
print(not 1 == 2, not (1 == 2), not nil == true)
--- out
false	true	true
=== TEST 11: logic operators in conditions
--- lua
local n = 0
for i = 1, 20 do if i % 2 == 0 and i % 3 == 0 or i == 7 then n = n + i end end
print(n)
--- out
43
=== TEST 12: and/or with multiple returns truncate to one value
--- lua
local function two() return 1, 2 end
print(two() and two())
print((two()) or 5, nil or two())
--- out
1
1	1
=== TEST 13: and/or chains return the deciding value
--- lua
print(1 and 2 and 3, nil or false or 0, 1 and nil and 3, false or nil or false)
--- out
3	0	nil	false
=== TEST 14: while with logic condition
--- lua
local i, s = 0, ""
while i < 10 and #s < 4 do i = i + 1 s = s .. i end
print(i, s)
--- out
4	1234
=== TEST 15: comparison with constants in and/or
--- lua
local x = 5
print(x > 3 and "big" or "small", x > 10 and "big" or "small")
--- out
big	small
=== TEST 16: nested not
--- lua
print(not not not nil, not not not not false)
--- out
true	false
=== TEST 17: or with a table constructor
--- lua
local cfg = nil
local t = cfg or {a = 1}
print(t.a)
--- out
1
=== TEST 18: logic on nan
--- lua
local nan = 0/0
print(nan and "truthy" or "falsy", not nan)
--- out
truthy	false
