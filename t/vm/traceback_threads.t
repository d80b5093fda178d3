# debug.traceback, getinfo and getlocal on other threads: a coroutine that
# died of an error keeps the stack it had then (LuaJIT does not unwind it), a
# suspended one shows its frames at the yield, a finished or fresh one none.

=== TEST 1: a coroutine dead of calling nil: the raising frame has no line
--- lua
local co = coroutine.create(function() local x = nil; x() end)
print(coroutine.resume(co))
print(debug.traceback(co))
--- out
false	t.lua:1: attempt to call local 'x' (a nil value)
stack traceback:
	t.lua: in function <t.lua:1>
--- note
LuaJIT saves no position for the Lua frame that raised the error itself (not through a builtin), so its line is missing: `t.lua: in function`.
=== TEST 2: a coroutine dead of error(): the builtin, then its callers with lines
--- lua
local function g(a) local y = coroutine.yield(a) return y end
local function f() g(1) error("oops") end
local co = coroutine.create(f)
print(coroutine.resume(co))
print(debug.traceback(co))
print(coroutine.resume(co, 5))
print(debug.traceback(co))
print(debug.traceback(co, "m", 1))
print(debug.traceback(co, "m", 2))
--- out
true	1
stack traceback:
	[C]: in function 'yield'
	t.lua:1: in function 'g'
	t.lua:2: in function <t.lua:2>
false	t.lua:2: oops
stack traceback:
	[C]: in function 'error'
	t.lua:2: in function <t.lua:2>
m
stack traceback:
	t.lua:2: in function <t.lua:2>
m
stack traceback:
=== TEST 3: a suspended coroutine, with levels and messages
--- lua
local function g(a) local y = coroutine.yield(a) return y end
local co = coroutine.create(function() g(1) end)
print(coroutine.resume(co))
print(debug.traceback(co, "msg"))
print(debug.traceback(co, "msg", 1))
print(debug.traceback(co, nil, 1))
print(debug.traceback(co, 42))
--- out
true	1
msg
stack traceback:
	[C]: in function 'yield'
	t.lua:1: in function 'g'
	t.lua:2: in function <t.lua:2>
msg
stack traceback:
	t.lua:1: in function 'g'
	t.lua:2: in function <t.lua:2>
nil
42
stack traceback:
	[C]: in function 'yield'
	t.lua:1: in function 'g'
	t.lua:2: in function <t.lua:2>
=== TEST 4: a fresh and a finished coroutine have no frames
--- lua
local co = coroutine.create(function() end)
print(debug.traceback(co))
coroutine.resume(co)
print(debug.traceback(co))
--- out
stack traceback:
stack traceback:
=== TEST 5: an error in a nested function of a dead coroutine
--- lua
local co = coroutine.create(function()
  local function h(a) return a + 1 end
  local z = h({})
  return z
end)
print(coroutine.resume(co))
print(debug.traceback(co))
--- out
false	t.lua:2: attempt to perform arithmetic on local 'a' (a table value)
stack traceback:
	t.lua: in function 'h'
	t.lua:3: in function <t.lua:1>
=== TEST 6: an error in a metamethod of a dead coroutine
--- lua
local mt = {__index = function(t, k) local z = nil; return z[k] end}
local co = coroutine.create(function() local t = setmetatable({}, mt); return t.foo end)
print(coroutine.resume(co))
print(debug.traceback(co))
--- out
false	t.lua:1: attempt to index local 'z' (a nil value)
stack traceback:
	t.lua: in function '__index'
	t.lua:2: in function <t.lua:2>
=== TEST 7: a builtin's argument error kills a coroutine
--- lua
local co = coroutine.create(function() for k in pairs(nil) do end end)
print(coroutine.resume(co))
print(debug.traceback(co))
--- out
false	t.lua:1: bad argument #1 to 'pairs' (table expected, got nil)
stack traceback:
	[C]: in function 'pairs'
	t.lua:1: in function <t.lua:1>
=== TEST 8: a non-string error object, and an error re-raised after pcall
--- lua
local co = coroutine.create(function() local function h() error({}) end h() end)
print((coroutine.resume(co)))
print(debug.traceback(co))
local co2 = coroutine.create(function() local ok, e = pcall(error, "x") error(e, 0) end)
print(coroutine.resume(co2))
print(debug.traceback(co2))
--- out
false
stack traceback:
	[C]: in function 'error'
	t.lua:1: in function 'h'
	t.lua:1: in function <t.lua:1>
false	x
stack traceback:
	[C]: in function 'error'
	t.lua:4: in function <t.lua:4>
=== TEST 9: an error out of a coroutine.wrap function kills the caller
--- lua
local co = coroutine.create(function()
  local f = coroutine.wrap(function() error("w") end)
  f()
end)
print(coroutine.resume(co))
print(debug.traceback(co))
--- out
false	t.lua:3: t.lua:2: w
stack traceback:
	[C]: in function 'f'
	t.lua:3: in function <t.lua:1>
=== TEST 10: getinfo and getlocal read a dead coroutine's frames
--- lua
local co = coroutine.create(function(a) local b = a * 2; error("e" .. b) end)
print(coroutine.resume(co, 21))
print(debug.getlocal(co, 1, 1))
print(debug.getlocal(co, 1, 2))
print(debug.getinfo(co, 0, "n").name)
local i = debug.getinfo(co, 1, "Sl")
print(i.currentline, i.short_src, i.what)
print(debug.getinfo(co, 2))
local co2 = coroutine.create(function(t) return t + 1 end)
print(coroutine.resume(co2, {}))
print(debug.getinfo(co2, 0, "l").currentline)
--- out
false	t.lua:1: e42
a	21
b	42
error
1	t.lua	Lua
nil
false	t.lua:9: attempt to perform arithmetic on local 't' (a table value)
-1
=== TEST 11: a coroutine that resumed another one is shown at the resume
--- lua
local outer
local inner = coroutine.create(function()
  print(coroutine.status(outer))
  print(debug.traceback(outer))
end)
outer = coroutine.create(function()
  local function deep() coroutine.resume(inner) end
  deep()
end)
coroutine.resume(outer)
--- out
normal
stack traceback:
	[C]: in function 'resume'
	t.lua:7: in function 'deep'
	t.lua:8: in function <t.lua:6>
=== TEST 12: the running coroutine passed as the thread is the current thread
--- lua
local co = coroutine.create(function()
  print(debug.traceback(coroutine.running(), "self"))
  print(debug.getinfo(coroutine.running(), 1, "l").currentline)
end)
coroutine.resume(co)
--- out
self
stack traceback:
	t.lua:2: in function <t.lua:1>
3
=== TEST 13: a deep dead coroutine's traceback is cut as LuaJIT cuts it
--- lua
local function rec(n) if n == 0 then error("bottom") end rec(n - 1) end
local co = coroutine.create(function() rec(30) end)
print(coroutine.resume(co))
print(debug.traceback(co))
--- out
false	t.lua:1: bottom
stack traceback:
	[C]: in function 'error'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	...
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:1: in function 'rec'
	t.lua:2: in function <t.lua:2>
=== TEST 14: a tail-called function is named as its caller was called
--- lua
local M = {}
function M.run() local s = debug.traceback("tb", 1) return s end
function M:go() return M.run() end
print((M:go():gsub("\n\t%[C%]: at 0x%x+$", "")))
--- out
tb
stack traceback:
	t.lua:2: in function 'go'
	t.lua:4: in main chunk
--- skip
a gap: LuaJIT names a function reached by a tail call by the call site of the frame that made the tail call ('go'); the tail-call trampoline (value.resolve) hides that call site from callstack._call_name, so luavm shows `function <t.lua:2>`. The CLI's uncaught-error traceback has the same gap.
