# Coroutines: create, resume, yield, status, wrap, running, isyieldable, yields across pcall, metamethods, iterators.
=== TEST 1: resume passes arguments and yield returns them
--- lua
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "fin", d + e
end)
print(coroutine.resume(co, 1, 2))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co))
--- out
start	1	2
true	3
got	10
true	20
got	3	4
true	fin	7
dead
=== TEST 2: resuming a dead coroutine
--- lua
local co = coroutine.create(function() end)
print(coroutine.resume(co))
print(coroutine.resume(co))
--- out
true
false	cannot resume dead coroutine
=== TEST 3: status values
--- lua
local co
co = coroutine.create(function()
  print("inside", coroutine.status(co))
  coroutine.yield()
end)
print(coroutine.status(co))
coroutine.resume(co)
print(coroutine.status(co))
coroutine.resume(co)
print(coroutine.status(co))
--- out
suspended
inside	running
suspended
dead
=== TEST 4: status of a coroutine that resumed another is normal
--- lua
local outer
local inner = coroutine.create(function() print("outer is", coroutine.status(outer)) end)
outer = coroutine.create(function() coroutine.resume(inner) end)
coroutine.resume(outer)
--- out
outer is	normal
=== TEST 5: resuming a running coroutine
--- lua
local co
co = coroutine.create(function() return coroutine.resume(co) end)
print(coroutine.resume(co))
--- out
true	false	cannot resume running coroutine
=== TEST 6: resuming a normal coroutine
--- lua
local a, b
a = coroutine.create(function() return coroutine.resume(b) end)
b = coroutine.create(function() return coroutine.resume(a) end)
print(coroutine.resume(a))
--- out
true	true	false	cannot resume running coroutine
--- note
LuaJIT says 'cannot resume running coroutine' for a coroutine in the normal state; PUC Lua 5.1 says 'cannot resume normal coroutine'. We follow LuaJIT.
=== TEST 7: yield from the main thread
--- lua
print(pcall(coroutine.yield, 1))
--- out
false	attempt to yield across C-call boundary
--- note
LuaJIT: 'attempt to yield across C-call boundary'; PUC Lua 5.1: 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 8: yield outside a coroutine uncaught
--- lua
coroutine.yield()
--- error
t.lua:1: attempt to yield across C-call boundary
--- note
LuaJIT: 'attempt to yield across C-call boundary'; PUC Lua 5.1: 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 9: coroutine.running in the main thread and in a coroutine
--- lua
print(coroutine.running())
local co = coroutine.create(function() local c = coroutine.running() return type(c) end)
print(coroutine.resume(co))
--- out
nil
true	thread
--- note
LuaJIT (like 5.1) returns nil in the main thread.
=== TEST 10: coroutine.running returns the coroutine object
--- lua
local co
co = coroutine.create(function() return coroutine.running() == co end)
print(coroutine.resume(co))
--- out
true	true
=== TEST 11: coroutine.isyieldable
--- lua
print(coroutine.isyieldable())
print(coroutine.wrap(function() return coroutine.isyieldable() end)())
--- out
false
true
--- note
coroutine.isyieldable exists in LuaJIT 2.1 (from 5.3); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 12: type of a coroutine
--- lua
local co = coroutine.create(function() end)
print(type(co))
--- out
thread
=== TEST 13: tostring of a coroutine
--- lua
print(coroutine.create(function() end))
--- out_like
thread: 0x[0-9a-f]+
=== TEST 14: create with a non-function
--- lua
print(pcall(coroutine.create, 1))
--- out
false	bad argument #1 to '?' (function expected, got number)
--- note
PUC Lua 5.1 says 'Lua function expected' (it rejects C functions too); LuaJIT accepts any function. We follow LuaJIT.
=== TEST 15: resume with a non-coroutine
--- lua
print(pcall(coroutine.resume, 1))
--- out
false	bad argument #1 to '?' (coroutine expected)
=== TEST 16: error inside a coroutine
--- lua
local co = coroutine.create(function() local x = nil return x.y end)
print(coroutine.resume(co))
print(coroutine.status(co))
print(coroutine.resume(co))
--- out
false	t.lua:1: attempt to index local 'x' (a nil value)
dead
false	cannot resume dead coroutine
=== TEST 17: error with a non-string value inside a coroutine
--- lua
local co = coroutine.create(function() error(42) end)
local ok, e = coroutine.resume(co)
print(ok, e, type(e))
--- out
false	t.lua:1: 42	string
=== TEST 18: wrap returns a function that resumes
--- lua
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end return "done" end)
print(gen(), gen(), gen(), gen())
--- out
1	2	3	done
=== TEST 19: wrap propagates errors with position
--- lua
local f = coroutine.wrap(function() error("inside wrap") end)
print(pcall(f))
--- out
false	t.lua:1: inside wrap
=== TEST 20: wrap propagates non-string errors unchanged
--- lua
local f = coroutine.wrap(function() error({code = 9}) end)
local ok, e = pcall(f)
print(ok, type(e), e.code)
--- out
false	table	9
=== TEST 21: calling a dead wrapped coroutine
--- lua
local f = coroutine.wrap(function() end)
f()
print(pcall(f))
--- out
false	cannot resume dead coroutine
=== TEST 22: uncaught error in a wrapped coroutine
--- lua
local f = coroutine.wrap(function() local t = nil t.x = 1 end)
f()
--- error
t.lua:2: t.lua:1: attempt to index local 't' (a nil value)
=== TEST 23: yield across pcall
--- lua
local co = coroutine.create(function()
  local ok, v = pcall(function()
    local got = coroutine.yield("from inside pcall")
    return got * 2
  end)
  return ok, v
end)
print(coroutine.resume(co))
print(coroutine.resume(co, 21))
--- out
true	from inside pcall
true	true	42
--- note
LuaJIT yields across pcall, metamethods and iterators; PUC Lua 5.1 fails with 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 24: error after a yield inside pcall is caught by that pcall
--- lua
local co = coroutine.create(function()
  local ok, e = pcall(function()
    coroutine.yield(1)
    error("after yield")
  end)
  coroutine.yield(tostring(ok) .. " " .. e)
  return "end"
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co))
--- out
true	1
true	false t.lua:4: after yield
true	end
--- note
LuaJIT yields across pcall, metamethods and iterators; PUC Lua 5.1 fails with 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 25: yield across xpcall
--- lua
local co = coroutine.wrap(function()
  return xpcall(function() coroutine.yield("y") error("e") end, function(m) return "h:" .. m end)
end)
print(co())
print(co())
--- out
y
false	h:t.lua:2: e
--- note
LuaJIT yields across pcall, metamethods and iterators; PUC Lua 5.1 fails with 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 26: yield across a metamethod
--- lua
local t = setmetatable({}, {__index = function(t, k) return coroutine.yield("need " .. k) end})
local co = coroutine.wrap(function() return "value is " .. t.foo end)
print(co())
print(co(42))
--- out
need foo
value is 42
--- note
LuaJIT yields across pcall, metamethods and iterators; PUC Lua 5.1 fails with 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 27: yield across __add and __eq and __lt
--- lua
local mt = {
  __add = function(a, b) return coroutine.yield("add") end,
  __eq = function(a, b) return coroutine.yield("eq") end,
  __lt = function(a, b) return coroutine.yield("lt") end,
}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
local co = coroutine.wrap(function() return a + b, a == b, a < b end)
print(co())
print(co(1))
print(co(true))
print(co(false))
--- out
add
eq
lt
1	true	false
--- note
LuaJIT yields across pcall, metamethods and iterators; PUC Lua 5.1 fails with 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 28: yield across __call
--- lua
local callable = setmetatable({}, {__call = function(self, x) return coroutine.yield(x) + 1 end})
local co = coroutine.wrap(function() return callable(5) end)
print(co())
print(co(10))
--- out
5
11
--- note
Yielding from a __call metamethod works in both LuaJIT and PUC Lua 5.1 (the call is an ordinary Lua call).
=== TEST 29: yield across __concat
--- lua
local o = setmetatable({}, {__concat = function(a, b) return coroutine.yield("concat") end})
local co = coroutine.wrap(function() return "x" .. o end)
print(co())
print(co("joined"))
--- out
concat
joined
--- note
LuaJIT yields across pcall, metamethods and iterators; PUC Lua 5.1 fails with 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 30: yield across __newindex
--- lua
local t = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, coroutine.yield(k)) end})
local co = coroutine.wrap(function() t.key = "ignored" return t.key end)
print(co())
print(co("stored"))
--- out
key
stored
--- note
LuaJIT yields across pcall, metamethods and iterators; PUC Lua 5.1 fails with 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 31: yield from an iterator
--- lua
local function iter(s, i)
  i = i + 1
  if i <= 3 then coroutine.yield("it" .. i) return i end
end
local co = coroutine.wrap(function()
  local sum = 0
  for i in iter, nil, 0 do sum = sum + i end
  return "sum " .. sum
end)
print(co(), co(), co(), co())
--- out
it1	it2	it3	sum 6
--- note
LuaJIT yields across pcall, metamethods and iterators; PUC Lua 5.1 fails with 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 32: yield inside a table.sort comparator
--- lua
local co = coroutine.wrap(function()
  local t = {3, 1, 2}
  table.sort(t, function(a, b) coroutine.yield("cmp") return a < b end)
  return table.concat(t, ",")
end)
print(pcall(co))
--- out
false	t.lua:3: attempt to yield across C-call boundary
--- note
Neither LuaJIT nor PUC Lua 5.1 can yield from a table.sort comparator (a C call boundary); PUC words it 'attempt to yield across metamethod/C-call boundary' without a position. We follow LuaJIT.
=== TEST 33: yield inside a string.gsub callback
--- lua
local co = coroutine.wrap(function()
  return (string.gsub("ab", ".", function(c) return coroutine.yield(c) end))
end)
print(pcall(co))
--- out
false	attempt to yield across C-call boundary
--- note
Neither LuaJIT nor PUC Lua 5.1 can yield from a gsub callback (a C call boundary); PUC words it 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 34: generator producing a sequence
--- lua
local function gen(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i * i) end end)
end
local out = {}
for v in gen(5) do out[#out + 1] = v end
print(table.concat(out, " "))
--- out
1 4 9 16 25
=== TEST 35: producer consumer
--- lua
local producer = coroutine.create(function()
  for _, item in ipairs({"a", "b", "c"}) do coroutine.yield(item) end
  return nil
end)
local got = {}
while true do
  local ok, item = coroutine.resume(producer)
  if not item then break end
  got[#got + 1] = item
end
print(table.concat(got), coroutine.status(producer))
--- out
abc	dead
=== TEST 36: nested coroutines
--- lua
local inner = coroutine.wrap(function() coroutine.yield("i1") coroutine.yield("i2") end)
local outer = coroutine.wrap(function()
  coroutine.yield("o:" .. inner())
  coroutine.yield("o:" .. inner())
end)
print(outer(), outer())
--- out
o:i1	o:i2
=== TEST 37: yield with no values and many values
--- lua
local co = coroutine.create(function() coroutine.yield() coroutine.yield(1, nil, 3, nil) end)
print(select('#', coroutine.resume(co)))
print(coroutine.resume(co))
print(select('#', coroutine.resume(co)))
--- out
1
true	1	nil	3	nil
1
=== TEST 38: resume passes nil values through
--- lua
local co = coroutine.create(function(...) print(select('#', ...)) print(select('#', coroutine.yield())) end)
coroutine.resume(co, nil, nil)
coroutine.resume(co, nil, nil, nil)
--- out
2
3
=== TEST 39: coroutine with a deep yield
--- lua
local function deep(n) if n == 0 then return coroutine.yield("bottom") end return deep(n - 1) end
local co = coroutine.create(function() local r = deep(1000) return r end)
print(coroutine.resume(co))
print(coroutine.resume(co, "back"))
--- out
true	bottom
true	back
=== TEST 40: many coroutines alive at once
--- lua
local cos = {}
for i = 1, 1000 do cos[i] = coroutine.create(function(x) local y = coroutine.yield(x + 1) return y * 2 end) end
local s = 0
for i = 1, 1000 do local _, v = coroutine.resume(cos[i], i) s = s + v end
for i = 1, 1000 do local _, v = coroutine.resume(cos[i], i) s = s + v end
print(s)
--- out
1502500
=== TEST 41: coroutine.wrap with a non-function
--- lua
print(pcall(coroutine.wrap, 5))
--- out
false	bad argument #1 to '?' (function expected, got number)
--- note
PUC Lua 5.1 says 'Lua function expected'; LuaJIT 'function expected, got number'. We follow LuaJIT.
=== TEST 42: status with a bad argument
--- lua
print(pcall(coroutine.status, {}))
--- out
false	bad argument #1 to '?' (coroutine expected)
=== TEST 43: yield in a coroutine called from pcall of a wrap
--- lua
local gen = coroutine.wrap(function() coroutine.yield(1) coroutine.yield(2) end)
print(pcall(gen))
print(pcall(gen))
--- out
true	1
true	2
=== TEST 44: error in a nested coroutine does not kill the outer one
--- lua
local outer = coroutine.create(function()
  local inner = coroutine.create(function() error("inner failed") end)
  local ok, e = coroutine.resume(inner)
  coroutine.yield(ok, e)
  return "outer alive"
end)
print(coroutine.resume(outer))
print(coroutine.resume(outer))
--- out
true	false	t.lua:2: inner failed
true	outer alive
=== TEST 45: coroutine that returns immediately
--- lua
local co = coroutine.create(function(...) return ... end)
print(coroutine.resume(co, 1, 2, 3))
print(coroutine.status(co))
--- out
true	1	2	3
dead
=== TEST 46: values passed to the first resume are the arguments
--- lua
local co = coroutine.wrap(function(a, b, c) return c, b, a end)
print(co("x", "y", "z"))
--- out
z	y	x
=== TEST 47: closure state across yields
--- lua
local co = coroutine.wrap(function()
  local acc = {}
  while true do
    local v = coroutine.yield(#acc)
    if v == nil then break end
    acc[#acc + 1] = v
  end
  return table.concat(acc, "+")
end)
co()
co("a") co("b") co("c")
print(co(nil))
--- out
a+b+c
=== TEST 48: coroutine.resume of the running main thread is impossible
--- lua
print(pcall(coroutine.resume, coroutine.running()))
--- out
false	bad argument #1 to '?' (coroutine expected)
=== TEST 49: yield in __index while evaluating an argument of a builtin call
--- lua
local co = coroutine.create(function()
  local t = setmetatable({}, {__index = function() return coroutine.yield() end})
  return select(1, t.x)
end)
print(coroutine.resume(co))
print(coroutine.resume(co, "via select"))
--- out
true
true	via select
--- note
LuaJIT yields across pcall, metamethods and iterators; PUC Lua 5.1 fails with 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 50: yield across tostring calling __tostring
--- lua
local o = setmetatable({}, {__tostring = function() return coroutine.yield("ts") end})
local co = coroutine.create(function() return tostring(o) end)
print(coroutine.resume(co))
--- out
true	ts
--- note
LuaJIT yields across pcall, metamethods and iterators; PUC Lua 5.1 fails with 'attempt to yield across metamethod/C-call boundary'. We follow LuaJIT.
=== TEST 51: coroutine debug traceback of a dead coroutine with error
--- lua
local co = coroutine.create(function() error("oops") end)
coroutine.resume(co)
local tb = debug.traceback(co)
print((tb:gsub("\n.*", "")))
--- out
stack traceback:
