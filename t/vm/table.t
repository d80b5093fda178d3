# The table library: concat, insert, remove, maxn, sort, getn, table.new, table.clear.
=== TEST 1: table.concat
--- lua
local t = {"a", "b", "c"}
print(table.concat(t), table.concat(t, ", "), table.concat({}), table.concat({}, "x"))
--- out
abc	a, b, c		
=== TEST 2: table.concat with ranges
--- lua
local t = {1, 2, 3, 4, 5}
print(table.concat(t, "-", 2), table.concat(t, "-", 2, 4), table.concat(t, "-", 4, 2), table.concat(t, "-", 5, 5))
--- out
2-3-4-5	2-3-4		5
=== TEST 3: table.concat with numbers
--- lua
print(table.concat({1, 2.5, -3, 1e20}, " "))
--- out
1 2.5 -3 1e+20
=== TEST 4: table.concat with an invalid value
--- lua
print(pcall(table.concat, {1, {}, 3}))
print(pcall(table.concat, {1, true}))
--- out
false	invalid value (table) at index 2 in table for 'concat'
false	invalid value (boolean) at index 2 in table for 'concat'
=== TEST 5: table.concat with a hole in the range
--- lua
print(pcall(table.concat, {1, nil, 3}, ",", 1, 3))
--- out
false	invalid value (nil) at index 2 in table for 'concat'
=== TEST 6: table.concat with a numeric separator
--- lua
print(table.concat({"a", "b"}, 0))
--- out
a0b
=== TEST 7: table.concat ignores metamethods
--- lua
local t = setmetatable({}, {__index = function(_, i) return "v" .. i end})
print(pcall(table.concat, t, ",", 1, 2))
--- out
false	invalid value (nil) at index 1 in table for 'concat'
=== TEST 8: table.insert at the end
--- lua
local t = {}
table.insert(t, "a")
table.insert(t, "b")
print(#t, table.concat(t, ","))
--- out
2	a,b
=== TEST 9: table.insert at a position
--- lua
local t = {"a", "c"}
table.insert(t, 2, "b")
table.insert(t, 1, "start")
table.insert(t, #t + 1, "end")
print(table.concat(t, ","))
--- out
start,a,b,c,end
=== TEST 10: table.insert with a wrong number of arguments
--- lua
print(pcall(table.insert, {}, 1, 2, 3))
print(pcall(table.insert, {}))
--- out
false	wrong number of arguments to 'insert'
false	wrong number of arguments to 'insert'
=== TEST 11: table.insert at a position beyond the end
--- lua
local t = {1}
table.insert(t, 5, "x")
print(#t == 1 or #t == 5, t[5])
--- out
true	x
=== TEST 12: table.insert with a non-number position
--- lua
print(pcall(table.insert, {}, "x", 1))
--- out
false	bad argument #2 to '?' (number expected, got string)
=== TEST 13: table.insert into a non-table
--- lua
print(pcall(table.insert, nil, 1))
--- out
false	bad argument #1 to '?' (table expected, got nil)
=== TEST 14: table.remove from the end
--- lua
local t = {1, 2, 3}
print(table.remove(t), #t, table.concat(t, ","))
--- out
3	2	1,2
=== TEST 15: table.remove at a position
--- lua
local t = {"a", "b", "c", "d"}
print(table.remove(t, 1), table.remove(t, 2), table.concat(t, ","))
--- out
a	c	b,d
=== TEST 16: table.remove from an empty table
--- lua
local t = {}
print(select('#', table.remove(t)), table.remove(t))
--- out
0
=== TEST 17: table.remove with a position out of range
--- lua
local t = {1, 2, 3}
print(table.remove(t, 5), #t)
print(select('#', table.remove({}, 0)))
--- out
nil	3
0
=== TEST 18: table.remove on the border element
--- lua
local t = {1, 2, 3}
print(table.remove(t, 3), table.remove(t, #t), #t)
--- out
3	2	1
=== TEST 19: table.maxn
--- lua
print(table.maxn({}), table.maxn({1, 2, 3}), table.maxn({[10] = 1, [2.5] = 1, x = 1}), table.maxn({[-1] = 1}))
--- out
0	3	10	0
=== TEST 20: table.getn is the length
--- lua
print(table.getn({1, 2, 3}), table.getn({}))
--- out
3	0
--- note
LuaJIT keeps table.getn from 5.0 compatibility; PUC Lua 5.1 also has it.
=== TEST 21: table.setn and foreach
--- lua
print(table.setn, type(table.foreach), type(table.foreachi))
--- out
nil	function	function
--- note
LuaJIT drops table.setn (PUC Lua 5.1 keeps it as a function that errors); both keep foreach/foreachi. We follow LuaJIT.
=== TEST 22: table.foreach and foreachi
--- lua
table.foreachi({"a", "b"}, print)
local r = table.foreachi({"a", "b"}, function(i, v) if i == 2 then return "stop:" .. v end end)
print(r)
--- out
1	a
2	b
stop:b
=== TEST 23: table.sort numbers
--- lua
local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(t)
print(table.concat(t, " "))
--- out
0 1 2 3 4 5 6 7 8 9
=== TEST 24: table.sort strings
--- lua
local t = {"pear", "apple", "fig", "banana", "Apple"}
table.sort(t)
print(table.concat(t, " "))
--- out
Apple apple banana fig pear
=== TEST 25: table.sort with a comparator
--- lua
local t = {5, 2, 8, 1, 9}
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
--- out
9 8 5 2 1
=== TEST 26: table.sort of records by field
--- lua
local people = {{name = "bob", age = 30}, {name = "al", age = 25}, {name = "cy", age = 35}}
table.sort(people, function(a, b) return a.age < b.age end)
for _, p in ipairs(people) do io.write(p.name, " ") end print()
--- out
al bob cy 
=== TEST 27: table.sort of an empty and a single element table
--- lua
local a, b = {}, {1}
table.sort(a) table.sort(b)
print(#a, b[1])
--- out
0	1
=== TEST 28: table.sort with mixed types
--- lua
print(pcall(table.sort, {1, "x", 2}))
--- out
false	attempt to compare string with number
=== TEST 29: table.sort with an invalid order function
--- lua
local t = {}
for i = 1, 20 do t[i] = i end
print(pcall(table.sort, t, function(a, b) return true end))
--- out
false	invalid order function for sorting
=== TEST 30: table.sort with an inconsistent comparator on a small table
--- lua
local t = {3, 1, 2}
print(pcall(table.sort, t, function(a, b) return true end))
--- out
true
=== TEST 31: table.sort with a comparator that errors
--- lua
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("cmp failed") end))
--- out
false	t.lua:1: cmp failed
=== TEST 32: table.sort with a bad comparator argument
--- lua
print(pcall(table.sort, {1, 2}, 5))
--- out
false	bad argument #2 to '?' (function expected, got number)
=== TEST 33: table.sort uses __lt of elements
--- lua
local mt = {__lt = function(a, b) return a.v < b.v end}
local t = {}
for _, v in ipairs({3, 1, 2}) do t[#t + 1] = setmetatable({v = v}, mt) end
table.sort(t)
print(t[1].v, t[2].v, t[3].v)
--- out
1	2	3
=== TEST 34: table.sort of many numbers
--- lua
local t = {}
local x = 7
for i = 1, 1000 do x = (x * 16807) % 2147483647 t[i] = x % 1000 end
table.sort(t)
local ok = true
for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
print(ok, t[1], t[1000])
--- out
true	1	999
=== TEST 35: table.sort stability is not guaranteed but result is ordered
--- lua
local t = {}
for i = 1, 100 do t[i] = {k = i % 3, i = i} end
table.sort(t, function(a, b) return a.k < b.k end)
local ok = true
for i = 2, #t do if t[i - 1].k > t[i].k then ok = false end end
print(ok)
--- out
true
=== TEST 36: table.sort of floats including negative zero and infinities
--- lua
local t = {1.5, -math.huge, 0, math.huge, -2.25}
table.sort(t)
print(table.concat(t, " "))
--- out
-inf -2.25 0 1.5 inf
=== TEST 37: table.new preallocates an empty table
--- lua
local new = require("table.new")
local t = new(100, 10)
print(type(t), #t, next(t))
t[1] = "x"
print(#t)
--- out
table	0	nil
1
--- note
table.new and table.clear are LuaJIT extensions loaded with require; PUC Lua 5.1 has neither. We follow LuaJIT.
=== TEST 38: table.clear empties a table in place
--- lua
local clear = require("table.clear")
local t = {1, 2, 3, a = 1}
local same = t
clear(t)
print(same == t, #t, next(t))
--- out
true	0	nil
--- note
table.new and table.clear are LuaJIT extensions loaded with require; PUC Lua 5.1 has neither. We follow LuaJIT.
=== TEST 39: table.new and table.clear are also reachable as fields after require
--- lua
require("table.new")
require("table.clear")
print(type(table.new), type(table.clear))
--- out
function	function
--- note
table.new and table.clear are LuaJIT extensions loaded with require; PUC Lua 5.1 has neither. We follow LuaJIT.
=== TEST 40: table library functions
--- lua
local names = {}
for k, v in pairs(table) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
--- out
concat foreach foreachi getn insert maxn move remove sort
--- note
LuaJIT 2.1 adds table.move and drops table.setn compared with PUC Lua 5.1. We follow LuaJIT.
=== TEST 41: table.insert and remove as a stack
--- lua
local stack = {}
for i = 1, 5 do table.insert(stack, i) end
local out = {}
while #stack > 0 do out[#out + 1] = table.remove(stack) end
print(table.concat(out))
--- out
54321
=== TEST 42: table.insert and remove as a queue
--- lua
local q = {}
for i = 1, 5 do table.insert(q, i) end
local out = {}
while #q > 0 do out[#out + 1] = table.remove(q, 1) end
print(table.concat(out))
--- out
12345
=== TEST 43: table.move
--- lua
local a = {1, 2, 3, 4, 5}
table.move(a, 2, 4, 1)
print(table.concat(a, ","))
local b = table.move({1, 2, 3}, 1, 3, 3, {"x", "y"})
print(table.concat(b, ","))
--- out
2,3,4,4,5
x,y,1,2,3
--- note
table.move is a LuaJIT 2.1 extension (from 5.3); PUC Lua 5.1 has none. We follow LuaJIT.
