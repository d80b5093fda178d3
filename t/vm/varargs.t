# Varargs, select, unpack, multiple returns and their adjustment.
=== TEST 1: select('#') counts nils
--- lua
print(select('#'), select('#', nil), select('#', nil, nil), select('#', 1, nil, 3, nil))
--- out
0	1	2	4
=== TEST 2: select with a positive index
--- lua
print(select(1, "a", "b", "c"))
print(select(2, "a", "b", "c"))
print(select(3, "a", "b", "c"))
print(select(4, "a", "b", "c"))
--- out
a	b	c
b	c
c
=== TEST 3: select with a negative index
--- lua
print(select(-1, "a", "b", "c"))
print(select(-2, "a", "b", "c"))
print(select(-3, "a", "b", "c"))
--- out
c
b	c
a	b	c
=== TEST 4: select with a negative index out of range
--- lua
print(pcall(select, -4, "a", "b", "c"))
--- out
false	bad argument #1 to '?' (index out of range)
=== TEST 5: select with zero
--- lua
print(pcall(select, 0, "a"))
--- out
false	bad argument #1 to '?' (index out of range)
=== TEST 6: select with a non-number
--- lua
print(pcall(select, "x", 1))
--- out
false	bad argument #1 to '?' (number expected, got string)
=== TEST 7: select with a numeric string
--- lua
print(select("2", "a", "b"))
--- out
b
=== TEST 8: vararg function receives all arguments
--- lua
local function f(...) return select('#', ...), ... end
print(f())
print(f(1))
print(f(nil, nil))
print(f(1, nil, 3))
--- out
0
1	1
2	nil	nil
3	1	nil	3
=== TEST 9: named parameters before varargs
--- lua
local function f(a, b, ...) return a, b, select('#', ...) end
print(f(1))
print(f(1, 2, 3, 4))
--- out
1	nil	0
1	2	2
=== TEST 10: varargs in a table constructor
--- lua
local function f(...) local t = {...} return #t, t[1], t[3] end
print(f(10, 20, 30))
--- out
3	10	30
=== TEST 11: varargs with trailing nils in a table
--- lua
local function f(...) local t = {...} return select('#', ...), t[1], t[2], t[3] end
print(f(1, nil, nil))
--- out
3	1	nil	nil
=== TEST 12: varargs in the middle of a table constructor are truncated
--- lua
local function f(...) local t = {..., "end"} return #t, t[1], t[2] end
print(f("a", "b", "c"))
--- out
2	a	end
=== TEST 13: varargs in the middle of an argument list are truncated
--- lua
local function f(...) print(..., "last") end
f(1, 2, 3)
--- out
1	last
=== TEST 14: parentheses truncate to one value
--- lua
local function f(...) return (...) end
print(f(1, 2, 3))
print((f()))
--- out
1
nil
=== TEST 15: varargs assigned to locals
--- lua
local function f(...) local a, b, c = ... return a, b, c end
print(f(1, 2))
print(f(1, 2, 3, 4))
--- out
1	2	nil
1	2	3
=== TEST 16: unpack a sequence
--- lua
print(unpack({1, 2, 3}))
print(unpack({}))
--- out
1	2	3
=== TEST 17: unpack with ranges
--- lua
local t = {"a", "b", "c", "d"}
print(unpack(t, 2))
print(unpack(t, 2, 3))
print(unpack(t, 3, 2))
print(unpack(t, -1, 1))
print(unpack(t, 4, 6))
--- out
b	c	d
b	c

nil	nil	a
d	nil	nil
=== TEST 18: unpack stops at the explicit end even with nils
--- lua
print(unpack({1, nil, 3}, 1, 3))
print(select('#', unpack({}, 1, 5)))
--- out
1	nil	3
5
=== TEST 19: unpack with too many results
--- lua
print(pcall(unpack, {}, 1, 1e8))
--- out
false	too many results to unpack
=== TEST 20: unpack with a non-table
--- lua
print(pcall(unpack, nil))
--- out
false	bad argument #1 to '?' (table expected, got nil)
=== TEST 21: multiple returns expand at the end of a call argument list
--- lua
local function mr() return 1, 2, 3 end
print(mr(), mr())
print(mr(), "x")
print("x", mr())
--- out
1	1	2	3
1	x
x	1	2	3
=== TEST 22: multiple returns in a table constructor
--- lua
local function mr() return 1, 2, 3 end
local t = {mr(), mr()}
print(#t)
local u = {mr(), mr(), k = 1}
print(#u)
--- out
4
2
=== TEST 23: return of a call is a tail of all values
--- lua
local function mr() return 1, 2, 3 end
local function g() return mr() end
print(g())
print(select('#', g()))
--- out
1	2	3
3
=== TEST 24: returning nothing versus returning nil
--- lua
local function none() end
local function onenil() return nil end
print(select('#', none()), select('#', onenil()))
print(none())
print(onenil())
--- out
0	1

nil
=== TEST 25: many return values
--- lua
local t = {}
for i = 1, 250 do t[i] = i end
local function f() return unpack(t) end
print(select('#', f()), (select(250, f())))
--- out
250	250
=== TEST 26: varargs pass through
--- lua
local function inner(...) return select('#', ...), ... end
local function outer(...) return inner(...) end
print(outer(nil, 2, nil))
--- out
3	nil	2	nil
=== TEST 27: string.format with varargs
--- lua
local function fmt(f, ...) return string.format(f, ...) end
print(fmt("%d-%s-%s", 1, "a", tostring(nil)))
--- out
1-a-nil
=== TEST 28: loadstring chunks receive varargs
--- lua
local f = loadstring("return ...")
print(f("x", "y"))
--- out
x	y
=== TEST 29: varargs of the main chunk
--- lua
print(select('#', ...))
--- out
0
=== TEST 30: table.pack does not exist in 5.1
--- lua
print(table.pack, table.unpack)
--- out
nil	nil
=== TEST 31: multiple assignment adjusts extra and missing values
--- lua
local a, b, c
a, b, c = (function() return 1, 2 end)()
print(a, b, c)
a, b = 5, 6, 7
print(a, b)
--- out
1	2	nil
5	6
=== TEST 32: unpack ignores the n field
--- lua
print(select('#', unpack({n = 3, 1, 2, 3})))
--- out
3
=== TEST 33: select('#') on many values
--- lua
print(select('#', unpack({}, 1, 200)))
--- out
200
=== TEST 34: vararg of a coroutine function
--- lua
local co = coroutine.wrap(function(...) print(select('#', ...), ...) end)
co(1, nil, 3)
--- out
3	1	nil	3
=== TEST 35: bad argument messages name select and unpack when called directly
--- lua
print(pcall(function() local r = select(0) return r end))
print(pcall(function() local r = unpack(5) return r end))
--- out
false	t.lua:1: bad argument #1 to 'select' (index out of range)
false	t.lua:2: bad argument #1 to 'unpack' (table expected, got number)
=== TEST 36: a bad argument in a tail call has no function name or position
--- lua
print(pcall(function() return select(0) end))
print(pcall(function() return unpack(5) end))
--- out
false	bad argument #1 to '?' (index out of range)
false	bad argument #1 to '?' (table expected, got number)
--- note
In a tail call the caller's frame is gone: LuaJIT reports '?' without a position; PUC Lua 5.1 still names the function and line (t.lua:1: bad argument #1 to 'select'). We follow LuaJIT.
=== TEST 37: select with a fractional index truncates
--- lua
print(select(2.7, "a", "b", "c"))
--- out
b	c
