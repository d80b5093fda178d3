# Metatables and every Lua 5.1 metamethod.
=== TEST 1: setmetatable returns its first argument
--- lua
local t = {}
print(setmetatable(t, {}) == t)
--- out
true
=== TEST 2: getmetatable of values without metatables
--- lua
print(getmetatable({}), getmetatable(1), getmetatable(nil), getmetatable(print))
--- out
nil	nil	nil	nil
=== TEST 3: strings share a metatable whose __index is string
--- lua
local mt = getmetatable("")
print(type(mt), mt.__index == string, getmetatable("a") == getmetatable("b"))
--- out
table	true	true
=== TEST 4: removing a metatable with nil
--- lua
local t = setmetatable({}, {__index = {x = 1}})
print(t.x)
setmetatable(t, nil)
print(t.x, getmetatable(t))
--- out
1
nil	nil
=== TEST 5: setmetatable argument errors
--- lua
print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}, 1))
print(pcall(setmetatable, {}))
--- out
false	bad argument #1 to '?' (table expected, got number)
false	bad argument #2 to '?' (nil or table expected)
false	bad argument #2 to '?' (nil or table expected)
=== TEST 6: __index table
--- lua
local base = {greet = "hi", n = 1}
local t = setmetatable({n = 2}, {__index = base})
print(t.greet, t.n, t.missing, rawget(t, "greet"))
--- out
hi	2	nil	nil
=== TEST 7: __index chain through several tables
--- lua
local a = {a = "A"}
local b = setmetatable({b = "B"}, {__index = a})
local c = setmetatable({c = "C"}, {__index = b})
local d = setmetatable({}, {__index = c})
print(d.a, d.b, d.c, d.x)
--- out
A	B	C	nil
=== TEST 8: __index function receives the table and key
--- lua
local t
t = setmetatable({}, {__index = function(tbl, k) return tbl == t and ("v_" .. tostring(k)) end})
print(t.foo, t[1], t[true])
--- out
v_foo	v_1	v_true
=== TEST 9: __index is not called for present keys
--- lua
local calls = 0
local t = setmetatable({x = false}, {__index = function() calls = calls + 1 return "mm" end})
print(t.x, t.y, calls)
--- out
false	mm	1
=== TEST 10: __index function result is truncated to one value
--- lua
local t = setmetatable({}, {__index = function() return 1, 2 end})
print(t.x)
--- out
1
=== TEST 11: __index through a table that has an __index function
--- lua
local inner = setmetatable({}, {__index = function(_, k) return k .. "!" end})
local t = setmetatable({}, {__index = inner})
print(t.hello)
--- out
hello!
=== TEST 12: __newindex table redirects new keys
--- lua
local store = {}
local t = setmetatable({}, {__newindex = store})
t.a = 1
print(rawget(t, "a"), store.a)
--- out
nil	1
=== TEST 13: __newindex function
--- lua
local log = {}
local t = setmetatable({}, {__newindex = function(tbl, k, v) log[#log + 1] = k .. "=" .. tostring(v) rawset(tbl, k, v * 2) end})
t.x = 1
t.x = 5
t.y = 3
print(table.concat(log, ","), t.x, t.y)
--- out
x=1,y=3	5	6
=== TEST 14: __newindex is not called for existing keys
--- lua
local n = 0
local t = setmetatable({a = 1}, {__newindex = function() n = n + 1 end})
t.a = 2
t.b = 3
print(t.a, t.b, n)
--- out
2	nil	1
=== TEST 15: __newindex chain through tables
--- lua
local final = {}
local mid = setmetatable({}, {__newindex = final})
local t = setmetatable({}, {__newindex = mid})
t.k = "v"
print(rawget(t, "k"), rawget(mid, "k"), final.k)
--- out
nil	nil	v
=== TEST 16: read-only table via __newindex
--- lua
local ro = setmetatable({}, {__index = {x = 1}, __newindex = function(t, k) error("read-only: " .. k, 2) end})
print(ro.x)
print(pcall(function() ro.y = 2 end))
--- out
1
false	t.lua:3: read-only: y
=== TEST 17: rawset and rawget bypass metamethods
--- lua
local t = setmetatable({}, {__index = function() return "mm" end, __newindex = function() error("no") end})
rawset(t, "k", "raw")
print(rawget(t, "k"), rawget(t, "other"), t.other)
--- out
raw	nil	mm
=== TEST 18: __call with arguments
--- lua
local obj = setmetatable({name = "o"}, {__call = function(self, a, b) return self.name, a + b end})
print(obj(1, 2))
--- out
o	3
=== TEST 19: __call returns multiple values
--- lua
local obj = setmetatable({}, {__call = function(_, ...) return select('#', ...), ... end})
print(obj(nil, "x"))
--- out
2	nil	x
=== TEST 20: calling a table without __call
--- lua
local t = {}
t()
--- error
t.lua:2: attempt to call local 't' (a table value)
=== TEST 21: __call that is not a function
--- lua
local obj = setmetatable({}, {__call = 42})
print(pcall(function() return obj() end))
--- out
false	t.lua:2: attempt to call upvalue 'obj' (a table value)
=== TEST 22: __call via pcall
--- lua
local obj = setmetatable({}, {__call = function(self, x) return x * 2 end})
print(pcall(obj, 21))
--- out
true	42
=== TEST 23: arithmetic metamethods
--- lua
local V = {}
V.__index = V
local function v(x) return setmetatable({x = x}, V) end
local function val(a) return type(a) == "table" and a.x or a end
V.__add = function(a, b) return v(val(a) + val(b)) end
V.__sub = function(a, b) return v(val(a) - val(b)) end
V.__mul = function(a, b) return v(val(a) * val(b)) end
V.__div = function(a, b) return v(val(a) / val(b)) end
V.__mod = function(a, b) return v(val(a) % val(b)) end
V.__pow = function(a, b) return v(val(a) ^ val(b)) end
V.__unm = function(a) return v(-val(a)) end
local a, b = v(7), v(2)
print((a + b).x, (a - b).x, (a * b).x, (a / b).x, (a % b).x, (a ^ b).x, (-a).x)
print((a + 1).x, (1 + a).x, (10 - a).x, (2 ^ a).x)
--- out
9	5	14	3.5	1	49	-7
8	8	3	128
=== TEST 24: arithmetic metamethod receives operands in order
--- lua
local mt = {__sub = function(a, b) return (type(a) == "table" and "T" or tostring(a)) .. "-" .. (type(b) == "table" and "T" or tostring(b)) end}
local o = setmetatable({}, mt)
print(o - 1, 1 - o, "s" - o, o - o)
--- out
T-1	1-T	s-T	T-T
=== TEST 25: first operand metamethod is preferred
--- lua
local A = setmetatable({}, {__add = function() return "A" end})
local B = setmetatable({}, {__add = function() return "B" end})
print(A + B, B + A, 1 + B, A + 1)
--- out
A	B	B	A
=== TEST 26: __unm receives the operand twice
--- lua
local o = setmetatable({}, {__unm = function(a, b) return rawequal(a, b), select('#', a, b) end})
print(-o)
--- out
true
=== TEST 27: arithmetic on a table without metamethod
--- lua
local t = setmetatable({}, {})
print(pcall(function() return t + 1 end))
--- out
false	t.lua:2: attempt to perform arithmetic on upvalue 't' (a table value)
=== TEST 28: numeric strings do not use metamethods
--- lua
local smt = getmetatable("")
smt.__add = function() return "string __add" end
print("1" + 2, pcall(function() return "x" + 2 end))
smt.__add = nil
--- out
3	true	string __add
=== TEST 29: __concat
--- lua
local mt = {__concat = function(a, b)
  local function s(x) return type(x) == "table" and "<" .. x.v .. ">" or tostring(x) end
  return s(a) .. s(b)
end}
local o = setmetatable({v = "o"}, mt)
print(o .. "x", "x" .. o, 1 .. o, o .. o)
--- out
<o>x	x<o>	1<o>	<o><o>
=== TEST 30: __concat in a chain is applied right to left
--- lua
local mt = {}
mt.__concat = function(a, b)
  local function s(x) return type(x) == "table" and x.v or x end
  return setmetatable({v = "(" .. s(a) .. "," .. s(b) .. ")"}, mt)
end
local o = setmetatable({v = "o"}, mt)
print(("a" .. "b" .. o .. "c" .. "d").v)
--- out
(a,(b,(o,cd)))
=== TEST 31: __eq is called for two different tables with the same metamethod
--- lua
local mt = {__eq = function(a, b) return a.id == b.id end}
local x = setmetatable({id = 1}, mt)
local y = setmetatable({id = 1}, mt)
local z = setmetatable({id = 2}, mt)
print(x == y, x == z, x ~= z, rawequal(x, y))
--- out
true	false	true	false
=== TEST 32: __eq is not called for the same object or different types
--- lua
local calls = 0
local mt = {__eq = function() calls = calls + 1 return true end}
local x = setmetatable({}, mt)
print(x == x, x == 1, x == "x", x == nil, calls)
--- out
true	false	false	false	0
=== TEST 33: __eq needs the same metamethod in both operands
--- lua
local x = setmetatable({}, {__eq = function() return true end})
local y = setmetatable({}, {__eq = function() return true end})
local z = {}
print(x == y, x == z, z == x)
--- out
false	false	false
=== TEST 34: __eq shared function in different metatables
--- lua
local eq = function() return true end
local x = setmetatable({}, {__eq = eq})
local y = setmetatable({}, {__eq = eq})
print(x == y)
--- out
true
=== TEST 35: __eq result is converted to a boolean
--- lua
local mt = {__eq = function() return "yes" end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a == b, a ~= b)
--- out
true	false
=== TEST 36: __lt and __le
--- lua
local mt = {}
mt.__lt = function(a, b) return a.v < b.v end
mt.__le = function(a, b) return a.v <= b.v end
local a, b = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
print(a < b, b < a, a <= b, b <= a, a > b, a >= a)
--- out
true	false	true	false	false	true
=== TEST 37: __le falls back to not __lt with swapped operands
--- lua
local mt = {__lt = function(a, b) print("lt", a.v, b.v) return a.v < b.v end}
local a, b = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
print(a <= b)
print(b <= a)
--- out
lt	2	1
true
lt	1	2
false
=== TEST 38: __lt result converted to boolean
--- lua
local mt = {__lt = function() return 0 end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a < b, a > b)
--- out
true	true
=== TEST 39: __lt with mixed types is an error
--- lua
local mt = {__lt = function() return true end}
local a = setmetatable({}, mt)
print(pcall(function() return a < 1 end))
print(pcall(function() return 1 < a end))
--- out
false	t.lua:3: attempt to compare table with number
false	t.lua:4: attempt to compare number with table
=== TEST 40: __lt with different metamethods is an error
--- lua
local a = setmetatable({}, {__lt = function() return true end})
local b = setmetatable({}, {__lt = function() return true end})
print(pcall(function() return a < b end))
--- out
false	t.lua:3: attempt to compare two table values
=== TEST 41: __len is ignored for tables
--- lua
local t = setmetatable({1, 2, 3}, {__len = function() return 42 end})
print(#t)
--- out
3
=== TEST 42: __len on userdata from newproxy
--- lua
local p = newproxy(true)
getmetatable(p).__len = function(u) return 7 end
print(#p)
--- out
7
=== TEST 43: length of a userdata without __len
--- lua
local p = newproxy()
print(pcall(function() return #p end))
--- out
false	t.lua:2: attempt to get length of upvalue 'p' (a userdata value)
=== TEST 44: __index and __newindex on userdata
--- lua
local p = newproxy(true)
local store = {}
local mt = getmetatable(p)
mt.__index = function(u, k) return store[k] or ("no " .. k) end
mt.__newindex = function(u, k, v) store[k] = v end
p.a = 10
print(p.a, p.b, type(p))
--- out
10	no b	userdata
=== TEST 45: newproxy sharing a metatable
--- lua
local p1 = newproxy(true)
getmetatable(p1).__index = {kind = "proxy"}
local p2 = newproxy(p1)
print(p2.kind, getmetatable(p1) == getmetatable(p2), newproxy(false) ~= nil)
--- out
proxy	true	true
=== TEST 46: newproxy argument errors
--- lua
print(pcall(newproxy, {}))
--- out
false	bad argument #1 to '?' (boolean or proxy expected)
=== TEST 47: __tostring
--- lua
local t = setmetatable({}, {__tostring = function(self) return "I am t" end})
print(t, tostring(t))
--- out
I am t	I am t
=== TEST 48: __tostring returning a non-string
--- lua
local t = setmetatable({}, {__tostring = function() return 42 end})
print(pcall(tostring, t))
--- out
true	42
=== TEST 49: __tostring used by print and string.format %s
--- lua
local t = setmetatable({}, {__tostring = function() return "obj" end})
print(string.format("[%s]", t))
--- out
[obj]
--- note
LuaJIT's string.format %s calls tostring (and so __tostring); PUC Lua 5.1 requires a string or number (bad argument #2 to 'format'). We follow LuaJIT.
=== TEST 50: __metatable hides and protects the metatable
--- lua
local t = setmetatable({}, {__metatable = "locked"})
print(getmetatable(t))
print(pcall(setmetatable, t, {}))
--- out
locked
false	cannot change a protected metatable
=== TEST 51: __metatable false still protects
--- lua
local t = setmetatable({}, {__metatable = false})
print(getmetatable(t), pcall(setmetatable, t, nil))
--- out
false	false	cannot change a protected metatable
=== TEST 52: __metatable on the string metatable
--- lua
print(getmetatable("").__metatable)
--- out
nil
=== TEST 53: weak keys are collected
--- lua
local w = setmetatable({}, {__mode = "k"})
local keep = {}
w[keep] = "kept"
w[{}] = "dropped"
collectgarbage()
collectgarbage()
local n = 0
for k, v in pairs(w) do n = n + 1 end
print(n, w[keep])
--- out
1	kept
=== TEST 54: weak values are collected
--- lua
local w = setmetatable({}, {__mode = "v"})
local keep = {}
w[1] = keep
w[2] = {}
w[3] = "string values stay"
w[4] = 42
collectgarbage()
collectgarbage()
print(w[1] == keep, w[2], w[3], w[4])
--- out
true	nil	string values stay	42
=== TEST 55: weak keys and values
--- lua
local w = setmetatable({}, {__mode = "kv"})
local k = {}
w[k] = {}
w[{}] = k
w.s = "x"
collectgarbage()
collectgarbage()
local n = 0
for _ in pairs(w) do n = n + 1 end
print(n, w.s)
--- out
1	x
=== TEST 56: strong table keeps its contents
--- lua
local t = {}
t[{}] = 1
collectgarbage()
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n)
--- out
1
=== TEST 57: __gc on newproxy userdata runs at collection
--- lua
local p = newproxy(true)
getmetatable(p).__gc = function(u) print("gc", type(u)) end
p = nil
collectgarbage()
collectgarbage()
print("after")
--- out
gc	userdata
after
=== TEST 58: __gc on tables is not called in 5.1
--- lua
local t = setmetatable({}, {__gc = function() print("table gc") end})
t = nil
collectgarbage()
collectgarbage()
print("done")
--- out
done
=== TEST 59: __gc for remaining userdata runs at exit
--- lua
local p = newproxy(true)
getmetatable(p).__gc = function() print("finalized at exit") end
_G.keep = p
print("end of chunk")
--- out
end of chunk
finalized at exit
=== TEST 60: method call on a missing method
--- lua
local obj = {}
obj:missing()
--- error
t.lua:2: attempt to call method 'missing' (a nil value)
=== TEST 61: class with inheritance
--- lua
local Animal = {}
Animal.__index = Animal
function Animal.new(name) return setmetatable({name = name}, Animal) end
function Animal:speak() return self.name .. " makes a sound" end
function Animal:kind() return "animal" end
local Dog = setmetatable({}, {__index = Animal})
Dog.__index = Dog
function Dog.new(name) return setmetatable(Animal.new(name), Dog) end
function Dog:speak() return self.name .. " barks" end
local d = Dog.new("rex")
print(d:speak(), d:kind(), getmetatable(d) == Dog)
--- out
rex barks	animal	true
=== TEST 62: __index on a metatable field added later
--- lua
local mt = {}
local t = setmetatable({}, mt)
print(t.x)
mt.__index = {x = "late"}
print(t.x)
--- out
nil
late
=== TEST 63: metamethods are looked up raw in the metatable
--- lua
local mt = setmetatable({}, {__index = {__index = function() return "nested" end}})
local t = setmetatable({}, mt)
print(t.x)
--- out
nil
=== TEST 64: __index on the string metatable can be extended
--- lua
function string.shout(s) return s:upper() .. "!" end
print(("hey"):shout())
--- out
HEY!
=== TEST 65: indexing a number with a method call
--- lua
local n = 5
print(pcall(function() return n:foo() end))
--- out
false	t.lua:2: attempt to index upvalue 'n' (a number value)
=== TEST 66: __newindex with rawset inside to avoid recursion
--- lua
local t = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, tostring(v) .. "!") end})
t.a = 1
t.a = 2
print(t.a)
--- out
2
=== TEST 67: __index with numeric keys through a proxy
--- lua
local data = {10, 20, 30}
local proxy = setmetatable({}, {__index = data})
print(proxy[2], #proxy, rawlen)
--- out
20	0	nil
=== TEST 68: __call on a callable used as a metamethod
--- lua
local callable = setmetatable({}, {__call = function(self, t, k) return "called:" .. k end})
local t = setmetatable({}, {__index = callable})
print(pcall(function() return t.key end))
--- out
true	nil
=== TEST 69: __div and __mod with a number first
--- lua
local mt = {__div = function(a, b) return "div" end, __mod = function(a, b) return "mod" end}
local o = setmetatable({}, mt)
print(1 / o, 1 % o, o / 1, o % 1)
--- out
div	mod	div	mod
=== TEST 70: __concat with nil operand and metamethod
--- lua
local o = setmetatable({}, {__concat = function(a, b) return "cat:" .. type(a) .. ":" .. type(b) end})
print(o .. nil, nil .. o)
--- out
cat:table:nil	cat:nil:table
=== TEST 71: __eq on userdata
--- lua
local eq = function() return true end
local p1, p2 = newproxy(true), newproxy(true)
getmetatable(p1).__eq = eq
getmetatable(p2).__eq = eq
print(p1 == p2, p1 == newproxy())
--- out
true	false
=== TEST 72: __lt on userdata
--- lua
local p = newproxy(true)
getmetatable(p).__lt = function() return true end
local q = newproxy(p)
print(p < q)
--- out
true
=== TEST 73: __tostring on userdata
--- lua
local p = newproxy(true)
getmetatable(p).__tostring = function() return "proxy!" end
print(p)
--- out
proxy!
=== TEST 74: tostring of a userdata without __tostring
--- lua
print(newproxy())
--- out_like
userdata: 0x[0-9a-f]+
=== TEST 75: __index returning false is not retried
--- lua
local t = setmetatable({}, {__index = function() return false end})
print(t.x, t.x == false)
--- out
false	true
=== TEST 76: __index and __newindex functions: tail calls, several or no results, boolean keys (output: luajit 2.1)
--- lua
local function f(k) return tostring(k) .. "!", 2 end
local t = setmetatable({}, {__index = function(t, k) return f(k) end})
print(t.a, t[true], t[1])
local u = setmetatable({}, {__index = function() end})
print(u.x)
local w = setmetatable({}, {__index = function() return 1, 2, 3 end})
print(w.y)
local v = setmetatable({}, {__newindex = function(t, k, val) return rawset(t, k, val .. "?") end})
v.a = "x"; v[false] = "y"
print(v.a, v[false])
local chain = setmetatable({}, {__index = setmetatable({}, {__index = function(_, k) return k end})})
print(chain.deep, chain[false])
--- out
a!	true!	1!
nil
1
x?	y?
deep	false
