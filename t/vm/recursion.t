# Plain (non-tail) recursion depth and stack overflow errors.
=== TEST 1: 15000-deep plain recursion works
--- lua
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(15000))
--- out
15000
=== TEST 2: 15000-deep recursion building a string
--- lua
local function build(n) if n == 0 then return "" end return build(n - 1) .. "x" end
print(#build(15000))
--- out
15000
=== TEST 3: 15000-deep recursion through a method
--- lua
local o = {}
function o:down(n) if n == 0 then return 0 end return 1 + self:down(n - 1) end
print(o:down(15000))
--- out
15000
=== TEST 4: 15000-deep recursion through pcall-free closures
--- lua
local function mk()
  local f
  f = function(n) if n == 0 then return 0 end local r = f(n - 1) return r + 1 end
  return f
end
print(mk()(15000))
--- out
15000
=== TEST 5: 15000-deep recursion inside a coroutine
--- lua
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
local co = coroutine.create(function() return depth(15000) end)
print(coroutine.resume(co))
--- out
true	15000
=== TEST 6: infinite recursion is a stack overflow error
--- lua
local function f() return 1 + f() end
print(pcall(f))
--- out
false	t.lua:1: stack overflow
=== TEST 7: uncaught stack overflow
--- lua
local function g(n) g(n + 1) end
g(1)
--- error_like
t\.lua:1: stack overflow
=== TEST 8: the program continues after a caught stack overflow
--- lua
local function f(n) return 1 + f(n + 1) end
for i = 1, 3 do
  local ok, err = pcall(f, 0)
  io.write(tostring(ok), " ")
end
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(1000))
--- out
false false false 1000
=== TEST 9: stack overflow inside a coroutine
--- lua
local co = coroutine.create(function() local function g() return 1 + g() end return g() end)
print(coroutine.resume(co))
print(coroutine.status(co))
--- out
false	t.lua:1: stack overflow
dead
=== TEST 10: infinite recursion through __index functions
--- lua
local t = setmetatable({}, {__index = function(t, k) return t[k] end})
print(pcall(function() return t.x end))
--- out
false	t.lua:1: stack overflow
--- note
PUC Lua 5.1 recurses on the C stack for metamethods and reports 'C stack overflow'; LuaJIT reports 'stack overflow'. We follow LuaJIT.
=== TEST 11: infinite __index chain of tables is a loop error
--- lua
local mt = {}
mt.__index = mt
setmetatable(mt, mt)
print(pcall(function() return setmetatable({}, mt).foo end))
--- out
false	t.lua:4: loop in gettable
=== TEST 12: infinite __newindex chain of tables is a loop error
--- lua
local mt = {}
mt.__newindex = mt
setmetatable(mt, mt)
print(pcall(function() setmetatable({}, mt).foo = 1 end))
--- out
false	t.lua:4: loop in settable
=== TEST 13: mutual recursion depth
--- lua
local a, b
function a(n) if n == 0 then return "a" end return (b(n - 1)) end
function b(n) if n == 0 then return "b" end return (a(n - 1)) end
print(a(10001))
--- out
b
=== TEST 14: nested pcall recursion
--- lua
local function pc(n) if n == 0 then return "bottom" end return select(2, pcall(pc, n - 1)) end
print(pc(150))
--- out
bottom
=== TEST 15: recursion with error at the bottom unwinds everything
--- lua
local function down(n) if n == 0 then error("bottom reached") end return 1 + down(n - 1) end
print(pcall(down, 5000))
--- out
false	t.lua:1: bottom reached
=== TEST 16: ackermann
--- lua
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print(ack(2, 3), ack(3, 3))
--- out
9	61
