# The debug library: traceback format, getinfo fields, locals and upvalues.
=== TEST 1: traceback inside a coroutine
--- lua
local function inner() coroutine.yield() end
local function outer() inner() end
local co = coroutine.create(function() outer() end)
coroutine.resume(co)
print(debug.traceback(co))
--- out
stack traceback:
	[C]: in function 'yield'
	t.lua:1: in function 'inner'
	t.lua:2: in function 'outer'
	t.lua:3: in function <t.lua:3>
=== TEST 2: traceback of a coroutine with a message
--- lua
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
print(debug.traceback(co, "message here"))
--- out
message here
stack traceback:
	[C]: in function 'yield'
	t.lua:1: in function <t.lua:1>
=== TEST 3: traceback of the current thread
--- lua
local function level2() return (debug.traceback("tb")) end
local function level1() local s = level2() return s end
local s = level1()
print((s:gsub("\n\t%[C%]: at 0x%x+$", "")))
--- out
tb
stack traceback:
	t.lua:1: in function 'level2'
	t.lua:2: in function 'level1'
	t.lua:3: in main chunk
--- note
The outermost frame of the standalone interpreter ('[C]: at 0x...' in LuaJIT, '[C]: ?' in PUC Lua 5.1) is stripped by the test; the rest is the same in both.
=== TEST 4: traceback with a level
--- lua
local function a() local s = debug.traceback("lvl", 2) return s end
local function b() local s = a() return s end
print((b():gsub("\n\t%[C%]: at 0x%x+$", "")))
--- out
lvl
stack traceback:
	t.lua:2: in function 'b'
	t.lua:3: in main chunk
--- note
The outermost frame of the standalone interpreter ('[C]: at 0x...' in LuaJIT, '[C]: ?' in PUC Lua 5.1) is stripped by the test; the rest is the same in both.
=== TEST 5: traceback through pcall and error
--- lua
local function fail() error("oops") end
local ok, tb = xpcall(fail, debug.traceback)
print((tb:gsub("\n\t%[C%]: at 0x%x+$", "")))
--- out
t.lua:1: oops
stack traceback:
	[C]: in function 'error'
	t.lua:1: in function <t.lua:1>
	[C]: in function 'xpcall'
	t.lua:2: in main chunk
--- note
The outermost frame of the standalone interpreter ('[C]: at 0x...' in LuaJIT, '[C]: ?' in PUC Lua 5.1) is stripped by the test; the rest is the same in both.
=== TEST 6: traceback shows method and field names
--- lua
local obj = {}
function obj:method() return (debug.traceback()) end
local M = {}
function M.field() local s = obj:method() return s end
local s = M.field()
print((s:gsub("\n\t%[C%]: at 0x%x+$", "")))
--- out
stack traceback:
	t.lua:2: in function 'method'
	t.lua:4: in function 'field'
	t.lua:5: in main chunk
--- note
The outermost frame of the standalone interpreter ('[C]: at 0x...' in LuaJIT, '[C]: ?' in PUC Lua 5.1) is stripped by the test; the rest is the same in both.
=== TEST 7: traceback shows global and upvalue function names
--- lua
function globalfn() return (debug.traceback()) end
local function viaupvalue() local s = globalfn() return s end
local s = viaupvalue()
print((s:gsub("\n\t%[C%]: at 0x%x+$", "")))
--- out
stack traceback:
	t.lua:1: in function 'globalfn'
	t.lua:2: in function 'viaupvalue'
	t.lua:3: in main chunk
--- note
The outermost frame of the standalone interpreter ('[C]: at 0x...' in LuaJIT, '[C]: ?' in PUC Lua 5.1) is stripped by the test; the rest is the same in both.
=== TEST 8: traceback with a non-string message returns it unchanged
--- lua
local t = {}
print(debug.traceback(t) == t, debug.traceback(nil), debug.traceback(false))
--- out
true	nil	false
=== TEST 9: traceback with a number message
--- lua
local s = debug.traceback(12)
print((s:gsub("\n\t%[C%]: at 0x%x+$", "")))
--- out
12
stack traceback:
	t.lua:1: in main chunk
--- note
The outermost frame of the standalone interpreter ('[C]: at 0x...' in LuaJIT, '[C]: ?' in PUC Lua 5.1) is stripped by the test; the rest is the same in both.
=== TEST 10: traceback of a loadstring chunk
--- lua
local f = loadstring("local x = ...\nreturn (debug.traceback('in chunk'))", "=chunk")
print((f():gsub("\n\t%[C%]: at 0x%x+$", "")))
--- out
in chunk
stack traceback:
	chunk:2: in function 'f'
	t.lua:2: in main chunk
--- note
The outermost frame of the standalone interpreter ('[C]: at 0x...' in LuaJIT, '[C]: ?' in PUC Lua 5.1) is stripped by the test; the rest is the same in both.
=== TEST 11: getinfo S fields of a Lua function
--- lua
local function f()
  return 1
end
local i = debug.getinfo(f, "S")
print(i.source, i.short_src, i.what, i.linedefined, i.lastlinedefined)
--- out
@t.lua	t.lua	Lua	1	3
=== TEST 12: getinfo S fields of a builtin
--- lua
local i = debug.getinfo(print, "S")
print(i.source, i.short_src, i.what, i.linedefined, i.lastlinedefined)
--- out
=[C]	[C]	C	-1	-1
=== TEST 13: getinfo S fields of the main chunk
--- lua
local i = debug.getinfo(1, "S")
print(i.source, i.short_src, i.what, i.linedefined)
--- out
@t.lua	t.lua	main	0
=== TEST 14: getinfo S of a loadstring chunk
--- lua
local f = loadstring("local i = debug.getinfo(1, 'S') return i")
local i = f()
print(i.source, i.short_src, i.what)
local g = loadstring("local i = debug.getinfo(1, 'S') return i", "=named")
i = g()
print(i.source, i.short_src)
--- out
local i = debug.getinfo(1, 'S') return i	[string "local i = debug.getinfo(1, 'S') return i"]	main
=named	named
=== TEST 15: getinfo l gives the current line
--- lua
local function where()
  return debug.getinfo(2, "l").currentline
end
print(where())
print(
  where()
)
--- out
4
6
=== TEST 16: getinfo currentline of a function value is -1
--- lua
print(debug.getinfo(print, "l").currentline, debug.getinfo(function() end, "l").currentline)
--- out
-1	-1
=== TEST 17: getinfo n gives the name
--- lua
local function named() local i = debug.getinfo(1, "n") return i end
local i = named()
print(i.name, i.namewhat)
local t = {}
function t.fieldfn() local i = debug.getinfo(1, "n") return i end
i = t.fieldfn()
print(i.name, i.namewhat)
function t:meth() local i = debug.getinfo(1, "n") return i end
i = t:meth()
print(i.name, i.namewhat)
function gfn() local i = debug.getinfo(1, "n") return i end
i = gfn()
print(i.name, i.namewhat)
--- out
named	local
fieldfn	field
meth	method
gfn	global
=== TEST 18: getinfo n of a function called through pcall has no name
--- lua
local ok, i = pcall(function() local i = debug.getinfo(1, "n") return i end)
print(i.name, i.namewhat)
--- out
nil	
=== TEST 19: getinfo f returns the function
--- lua
local function f() return debug.getinfo(1, "f").func end
print(f() == f, debug.getinfo(print, "f").func == print)
--- out
true	true
=== TEST 20: getinfo u gives the number of upvalues
--- lua
local a, b = 1, 2
local function f() return a + b end
print(debug.getinfo(f, "u").nups, debug.getinfo(string.len, "u").nups)
--- out
2	0
=== TEST 21: getinfo with default options has all fields
--- lua
local i = debug.getinfo(1)
local keys = {}
for k in pairs(i) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
--- out
currentline func isvararg lastlinedefined linedefined namewhat nparams nups short_src source what
--- note
LuaJIT adds nparams and isvararg (from 5.2) to getinfo; PUC Lua 5.1 lacks them. We follow LuaJIT.
=== TEST 22: getinfo with a level beyond the stack
--- lua
print(debug.getinfo(100))
--- out
nil
=== TEST 23: getinfo with an invalid option
--- lua
print(pcall(debug.getinfo, 1, ">"))
--- out
false	bad argument #2 to '?' (invalid option)
--- note
LuaJIT rejects unknown getinfo options; PUC Lua 5.1 ignores them. We follow LuaJIT.
=== TEST 24: getinfo of levels
--- lua
local function inner() return debug.getinfo(1, "n").name, debug.getinfo(2, "n").name end
local function outer() local a, b = inner() return a, b end
print(outer())
--- out
inner	outer
=== TEST 25: getinfo of a coroutine
--- lua
local co = coroutine.create(function() local x = 1 coroutine.yield() end)
coroutine.resume(co)
local i = debug.getinfo(co, 1, "Sl")
print(i.what, i.currentline)
--- out
Lua	1
=== TEST 26: getlocal names and values
--- lua
local function f(a, b)
  local c = a + b
  local names = {}
  for i = 1, 3 do
    local n, v = debug.getlocal(1, i)
    names[#names + 1] = n .. "=" .. tostring(v)
  end
  return table.concat(names, " ")
end
print(f(1, 2))
--- out
a=1 b=2 c=3
=== TEST 27: getlocal of function parameters
--- lua
local function f(x, y, ...) end
print(debug.getlocal(f, 1), debug.getlocal(f, 2), debug.getlocal(f, 3))
--- out
x	y	nil
--- note
debug.getlocal with a function argument (parameter names only) is from 5.2; LuaJIT supports it, PUC Lua 5.1 does not. We follow LuaJIT.
=== TEST 28: setlocal
--- lua
local function f()
  local x = 1
  debug.setlocal(1, 1, 99)
  return x
end
print(f())
--- out
99
=== TEST 29: getupvalue and setupvalue
--- lua
local up1, up2 = "one", "two"
local function f() return up1, up2 end
print(debug.getupvalue(f, 1))
print(debug.getupvalue(f, 2))
print(debug.getupvalue(f, 3))
print(debug.setupvalue(f, 1, "changed"), up1, f())
--- out
up1	one
up2	two

up1	changed	changed	two
=== TEST 30: getmetatable and setmetatable bypass __metatable
--- lua
local t = setmetatable({}, {__metatable = "hidden", tag = "real"})
print(getmetatable(t), debug.getmetatable(t).tag)
debug.setmetatable(t, nil)
print(getmetatable(t))
--- out
hidden	real
nil
=== TEST 31: debug.setmetatable on a number type
--- lua
debug.setmetatable(0, {__index = {double = function(n) return n * 2 end}})
print((5):double())
debug.setmetatable(0, nil)
print(pcall(function() return (5):double() end))
--- out
10
false	t.lua:4: attempt to index a number value
=== TEST 32: getfenv and setfenv in debug
--- lua
local function f() return x end
debug.setfenv(f, {x = "dbg env"})
print(f(), debug.getfenv(f).x)
--- out
dbg env	dbg env
=== TEST 33: debug.sethook and gethook
--- lua
local lines = {}
debug.sethook(function(ev, line) lines[#lines + 1] = line end, "l")
local a = 1
local b = 2
debug.sethook()
print(#lines >= 2, lines[1], debug.gethook())
--- out
true	3	nil		0
=== TEST 34: call hook counts calls
--- lua
local calls = 0
local function f() end
debug.sethook(function(ev) if ev == "call" then calls = calls + 1 end end, "c")
f() f() f()
debug.sethook()
print(calls >= 3)
--- out
true
=== TEST 35: debug library names
--- lua
local names = {}
for k in pairs(debug) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
--- out
debug getfenv gethook getinfo getlocal getmetatable getregistry getupvalue setfenv sethook setlocal setmetatable setupvalue traceback upvalueid upvaluejoin
--- note
LuaJIT adds debug.upvalueid and debug.upvaluejoin (from 5.2). We follow LuaJIT.
=== TEST 36: traceback of a dead coroutine after an error
--- lua
local co = coroutine.create(function() local x = nil return x.y end)
print(coroutine.resume(co))
print((debug.traceback(co):gsub("\n.*", "")))
--- out
false	t.lua:1: attempt to index local 'x' (a nil value)
stack traceback:
=== TEST 37: error messages use getinfo names for builtins called as methods
--- lua
local s = "x"
print(pcall(function() local r = s:rep() return r end))
--- out
false	t.lua:2: bad argument #1 to 'rep' (number expected, got no value)
