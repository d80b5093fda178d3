# Tables: constructors, keys, the # border rule, next/pairs traversal.
=== TEST 1: constructor with positional, named and bracketed keys
--- lua
local k = "dyn"
local t = {1, 2, x = "x", [k] = "d", [10] = "ten", 3}
print(t[1], t[2], t[3], t.x, t.dyn, t[10], #t)
--- out
1	2	3	x	d	ten	3
=== TEST 2: constructor order of positional items and explicit integer keys
--- lua
local t = {[1] = "explicit", "positional"}
print(t[1])
local u = {"positional", [1] = "explicit"}
print(u[1])
--- out
positional
explicit
--- note
In LuaJIT a constant positional item is stored in the constructor template first, so a later explicit [1] = ... overrides it; PUC Lua 5.1 stores positional items last (both print 'positional'). We follow LuaJIT.
=== TEST 3: trailing separators in constructors
--- lua
local t = {1, 2, 3,}
local u = {a = 1; b = 2;}
print(#t, u.a + u.b)
--- out
3	3
=== TEST 4: nested constructors
--- lua
local t = {{1, 2}, {x = {y = {z = "deep"}}}}
print(t[1][2], t[2].x.y.z)
--- out
2	deep
=== TEST 5: dot syntax is string indexing
--- lua
local t = {}
t.name = "n"
print(t["name"], t.name == t["name"])
--- out
n	true
=== TEST 6: integer and float keys are the same key
--- lua
local t = {}
t[1] = "int"
print(t[1.0])
t[2.0] = "float"
print(t[2], #t)
--- out
int
float	2
=== TEST 7: computed integral floats index the array part
--- lua
local t = {"a", "b", "c"}
print(t[3 / 3], t[0.5 * 4], t[2^1 + 1])
--- out
a	b	c
=== TEST 8: number keys and string keys are different
--- lua
local t = {}
t[1] = "number"
t["1"] = "string"
print(t[1], t["1"], t[tonumber("1")])
--- out
number	string	number
=== TEST 9: negative zero and zero are the same key
--- lua
local t = {}
local z = 0
t[0] = "zero"
print(t[-z])
--- out
zero
=== TEST 10: fractional and negative keys
--- lua
local t = {}
t[1.5] = "a" t[-1] = "b" t[0] = "c"
print(t[1.5], t[-1], t[0], #t)
--- out
a	b	c	0
=== TEST 11: large integral keys
--- lua
local t = {}
t[2^31] = "a" t[2^53] = "b" t[-2^53] = "c"
print(t[2147483648], t[2^53], t[-2^53])
--- out
a	b	c
=== TEST 12: boolean, table and function keys
--- lua
local t = {}
local k1, k2 = {}, function() end
t[true] = "T" t[false] = "F" t[k1] = "table" t[k2] = "func"
print(t[true], t[false], t[k1], t[k2], t[{}])
--- out
T	F	table	func	nil
=== TEST 13: reading a nil key gives nil
--- lua
local t = {}
print(t[nil])
--- out
nil
=== TEST 14: assigning to a nil key is an error
--- lua
local t = {}
t[nil] = 1
--- error
t.lua:2: table index is nil
=== TEST 15: assigning to a NaN key is an error
--- lua
local t = {}
print(pcall(function() t[0/0] = 1 end))
--- out
false	t.lua:2: table index is NaN
=== TEST 16: reading a NaN key gives nil
--- lua
local t = {}
print(t[0/0])
--- out
nil
=== TEST 17: rawset with a nil key is an error
--- lua
print(pcall(rawset, {}, nil, 1))
--- out
false	table index is nil
=== TEST 18: constructor with a nil key is an error
--- lua
local k
print(pcall(function() return {[k] = 1} end))
--- out
false	t.lua:2: table index is nil
=== TEST 19: length of sequences
--- lua
print(#{}, #{1}, #{1, 2, 3}, #{"a", "b", nil, nil}, #{n = 1})
--- out
0	1	3	2	0
=== TEST 20: length after appending and removing at the end
--- lua
local t = {}
for i = 1, 100 do t[#t + 1] = i end
print(#t)
t[#t] = nil t[#t] = nil
print(#t)
--- out
100
98
=== TEST 21: length of a table with holes is a border
--- lua
local function isborder(t)
  local n = #t
  return (n == 0 or t[n] ~= nil) and t[n + 1] == nil
end
local cases = {
  {1, nil, 3}, {nil, nil, 3}, {1, 2, nil, 4, nil}, {nil},
}
local t = {} for i = 1, 10 do t[i] = i end t[5] = nil
cases[#cases + 1] = t
local u = {} u[1] = 1 u[2] = 2 u[4] = 4
cases[#cases + 1] = u
for i, c in ipairs(cases) do io.write(tostring(isborder(c)), " ") end
print()
--- out
true true true true true true 
=== TEST 22: length of a hash-only sequence
--- lua
local t = {}
for i = 10, 1, -1 do t[i] = i end
print(#t)
--- out
10
=== TEST 23: length ignores non-integer keys
--- lua
local t = {1, 2, 3, x = 1, [1.5] = 2, [-1] = 3, [0] = 4}
print(#t)
--- out
3
=== TEST 24: length operator on a non-table
--- lua
print(pcall(function() local n = 5 return #n end))
--- out
false	t.lua:1: attempt to get length of local 'n' (a number value)
=== TEST 25: length of a string
--- lua
local s = "hello\0world"
print(#s, #"", #"\0")
--- out
11	0	1
=== TEST 26: length of nil global
--- lua
print(#undefined_tbl)
--- error
t.lua:1: attempt to get length of global 'undefined_tbl' (a nil value)
=== TEST 27: pairs visits every key once
--- lua
local t = {10, 20, 30, a = 1, b = 2, [1.5] = 3, [true] = 4}
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = tostring(k) .. "=" .. tostring(v) end
table.sort(keys)
print(table.concat(keys, " "))
--- out
1.5=3 1=10 2=20 3=30 a=1 b=2 true=4
=== TEST 28: assigning nil to existing fields during traversal
--- lua
local t = {}
for i = 1, 20 do t["k" .. i] = i t[i] = i end
local n = 0
for k, v in pairs(t) do t[k] = nil n = n + 1 end
print(n, next(t))
--- out
40	nil
=== TEST 29: updating existing fields during traversal
--- lua
local t = {a = 1, b = 2, c = 3, 4, 5}
for k, v in pairs(t) do t[k] = v * 10 end
local s = 0
for k, v in pairs(t) do s = s + v end
print(s)
--- out
150
=== TEST 30: next on an empty table
--- lua
print(next({}))
--- out
nil
=== TEST 31: next returns the first key
--- lua
local k, v = next({"only"})
print(k, v)
--- out
1	only
=== TEST 32: next with the last key returns nil
--- lua
local t = {x = 1}
print(next(t, "x"))
--- out
nil
=== TEST 33: next with an invalid key
--- lua
print(pcall(next, {a = 1}, "nope"))
--- out
false	invalid key to 'next'
=== TEST 34: manual traversal with next
--- lua
local t = {1, 2, 3, a = "a"}
local count, k = 0, nil
repeat
  k = next(t, k)
  if k ~= nil then count = count + 1 end
until k == nil
print(count)
--- out
4
=== TEST 35: pairs returns next, the table and nil
--- lua
local t = {}
local f, s, c = pairs(t)
print(f == next, s == t, c)
--- out
true	true	nil
--- note
LuaJIT's pairs returns the global next itself; PUC Lua 5.1 returns a private copy (f == next is false). We follow LuaJIT.
=== TEST 36: ipairs returns an iterator, the table and zero
--- lua
local t = {}
local f, s, c = ipairs(t)
print(type(f), s == t, c)
--- out
function	true	0
=== TEST 37: ipairs stops at a hole
--- lua
local t = {1, 2, nil, 4}
local n = 0
for i, v in ipairs(t) do n = i end
print(n)
--- out
2
=== TEST 38: ipairs on a table with only hash-part integer keys
--- lua
local t = {}
t[3] = "c" t[2] = "b" t[1] = "a"
for i, v in ipairs(t) do io.write(i, v, " ") end print()
--- out
1a 2b 3c 
=== TEST 39: large array
--- lua
local t = {}
for i = 1, 100000 do t[i] = i * 2 end
print(#t, t[50000], t[100000])
--- out
100000	100000	200000
=== TEST 40: array from the end
--- lua
local t = {}
for i = 1000, 1, -1 do t[i] = i end
local s = 0
for i, v in ipairs(t) do s = s + v end
print(#t, s)
--- out
1000	500500
=== TEST 41: table identity and aliasing
--- lua
local a = {}
local b = a
b.x = 1
print(a.x, a == b, tostring(a) == tostring(b))
--- out
1	true	true
=== TEST 42: tostring of a table has an address
--- lua
print(tostring({}))
--- out_like
table: 0x[0-9a-f]+
=== TEST 43: indexing a non-table value
--- lua
local n = 5
print(pcall(function() return n.x end))
--- out
false	t.lua:2: attempt to index upvalue 'n' (a number value)
=== TEST 44: indexing a nil field of a field
--- lua
local t = {a = {}}
print(t.a.b.c)
--- error
t.lua:2: attempt to index field 'b' (a nil value)
=== TEST 45: assigning a field of a nil local
--- lua
local t
t.x = 1
--- error
t.lua:2: attempt to index local 't' (a nil value)
=== TEST 46: indexing a string with a non-method key
--- lua
local s = "abc"
print(type(s.len), s.nope, ("x").rep == string.rep)
--- out
function	nil	true
=== TEST 47: indexing a number literal via a local
--- lua
local n = 1
print(pcall(function() n.x = 1 end))
--- out
false	t.lua:2: attempt to index upvalue 'n' (a number value)
=== TEST 48: keys that look like numbers stay strings
--- lua
local t = {["10"] = "s", [10] = "n"}
local n = 0
for k in pairs(t) do n = n + 1 end
print(n, t["10"], t[10])
--- out
2	s	n
=== TEST 49: numeric keys with float representation print cleanly
--- lua
local t = {}
t[3.0] = true
for k in pairs(t) do print(k, type(k)) end
--- out
3	number
=== TEST 50: many string keys
--- lua
local t = {}
for i = 1, 5000 do t["key" .. i] = i end
local n, s = 0, 0
for k, v in pairs(t) do n = n + 1 s = s + v end
print(n, s, t.key2500)
--- out
5000	12502500	2500
=== TEST 51: clearing fields and refilling the table
--- lua
local t = {}
for i = 1, 100 do t[i] = i end
for i = 1, 100 do t[i] = nil end
print(#t, next(t))
for i = 1, 10 do t[i] = i end
print(#t)
--- out
0	nil
10
=== TEST 52: multiple assignment into the same table key
--- lua
local t = {}
t.x, t.x = 1, 2
print(t.x == 1 or t.x == 2)
--- out
true
=== TEST 53: a table constructor indexed directly, with computed keys
--- lua
local n, b = "k", true
print(({[n] = 1})[n], ({[b] = 2})[b], ({[n .. "x"] = 3})[n .. "x"], ({10, 20})[#n + 1], ({x = {y = 4}}).x.y)
local u = newproxy()
print(({[u] = 5})[u], #({1, 2, 3}), ({[1.5] = 6})[1.5])
--- out
1	2	3	20	4
5	3	6
