# error, pcall, xpcall, error levels and positions, runtime error messages.
=== TEST 1: pcall returns true and all results on success
--- lua
print(pcall(function(...) return ... end, 1, nil, 3))
--- out
true	1	nil	3
=== TEST 2: pcall returns false and the message on error
--- lua
print(pcall(error, "msg"))
print(pcall(function() error("msg") end))
--- out
false	msg
false	t.lua:2: msg
=== TEST 3: error with a string adds the position
--- lua
local function f() error("boom") end
print(pcall(f))
--- out
false	t.lua:1: boom
=== TEST 4: error with level 0 adds no position
--- lua
print(pcall(function() error("plain", 0) end))
--- out
false	plain
=== TEST 5: error with level 2 blames the caller
--- lua
local function check(x) if type(x) ~= "number" then error("number expected", 2) end return x end
local function caller()
  local r = check("s")
  return r
end
print(pcall(caller))
--- out
false	t.lua:3: number expected
=== TEST 6: error with level 2 from a tail-called function has no caller line
--- lua
local function check(x) if type(x) ~= "number" then error("number expected", 2) end return x end
local function caller()
  return check("s")
end
print(pcall(caller))
--- out
false	number expected
=== TEST 7: error with level 3
--- lua
local function lvl3() error("three", 3) end
local function lvl2() lvl3() end
local function lvl1()
  lvl2()
end
print(pcall(lvl1))
--- out
false	t.lua:4: three
=== TEST 8: error level pointing past the main chunk
--- lua
print(pcall(error, "far", 50))
--- out
false	far
=== TEST 9: error with a number value
--- lua
local ok, e = pcall(error, 42)
print(ok, e, type(e))
--- out
false	42	string
=== TEST 10: error with a number value and position
--- lua
local ok, e = pcall(function() error(42) end)
print(ok, e, type(e))
--- out
false	t.lua:1: 42	string
=== TEST 11: error with a table value
--- lua
local obj = {code = 7}
local ok, e = pcall(function() error(obj) end)
print(ok, e == obj, e.code)
--- out
false	true	7
=== TEST 12: error with nil
--- lua
print(pcall(error))
print(pcall(error, nil))
--- out
false	nil
false	nil
=== TEST 13: error with a boolean
--- lua
print(pcall(error, false))
--- out
false	false
=== TEST 14: uncaught error with a table value
--- lua
error({code = 1})
--- error
(error object is not a string)
=== TEST 15: uncaught error with a table value with __tostring
--- lua
error(setmetatable({}, {__tostring = function() return "custom error object" end}))
--- error
custom error object
--- note
LuaJIT's standalone interpreter prints the __tostring result; PUC Lua 5.1 prints "(error object is not a string)". We follow LuaJIT.
=== TEST 16: uncaught error with a number
--- lua
error(404)
--- error
t.lua:1: 404
=== TEST 17: uncaught error with level 0
--- lua
error("no position", 0)
--- error
no position
=== TEST 18: uncaught error message with newlines
--- lua
error("line one\nline two")
--- error
t.lua:1: line one
line two
=== TEST 19: output before an uncaught error is kept
--- lua
print("before")
io.write("partial ")
error("stop")
--- out
before
partial 
--- error
t.lua:3: stop
=== TEST 20: pcall with a non-function, and pcall without arguments
--- lua
print(pcall(42))
print(pcall())
--- out
false	attempt to call a number value
--- error
t.lua:2: bad argument #1 to 'pcall' (value expected)
=== TEST 21: pcall with a callable table
--- lua
print(pcall(setmetatable({}, {__call = function(_, x) return "called " .. x end}), "ok"))
--- out
true	called ok
=== TEST 22: nested pcall
--- lua
print(pcall(function()
  local ok, e = pcall(error, "inner")
  error("outer after " .. e, 0)
end))
--- out
false	outer after inner
=== TEST 23: xpcall calls the handler with the error
--- lua
print(xpcall(function() error("bad") end, function(e) return "handled: " .. e end))
--- out
false	handled: t.lua:1: bad
=== TEST 24: xpcall returns results on success
--- lua
print(xpcall(function() return 1, 2 end, print))
--- out
true	1	2
=== TEST 25: xpcall handler receives non-string errors
--- lua
print(xpcall(function() error({1, 2, 3}) end, function(e) return #e end))
--- out
false	3
=== TEST 26: xpcall handler can return several values
--- lua
print(xpcall(function() error("x") end, function(e) return 1, 2, 3 end))
--- out
false	1
=== TEST 27: xpcall with extra arguments
--- lua
print(xpcall(function(a, b) return a + b end, print, 2, 3))
--- out
true	5
--- note
LuaJIT's xpcall passes extra arguments to the function (as 5.2 does); PUC Lua 5.1 ignores them. We follow LuaJIT.
=== TEST 28: xpcall handler gets a traceback
--- lua
local ok, tb = xpcall(function() error("deep") end, debug.traceback)
print(ok)
print((tb:gsub("\n.*", "")))
print(tb:find("stack traceback:", 1, true) ~= nil)
--- out
false
t.lua:1: deep
true
=== TEST 29: error inside the xpcall handler
--- lua
print(xpcall(function() error("first") end, function(e) error("second") end))
--- out
false	error in error handling
=== TEST 30: xpcall without a handler
--- lua
print(pcall(xpcall, function() end))
--- out
false	bad argument #2 to '?' (function expected, got no value)
--- note
LuaJIT: 'function expected, got no value'; PUC Lua 5.1: 'value expected'. We follow LuaJIT.
=== TEST 31: runtime error objects are strings with position
--- lua
local ok, e = pcall(function() local x = nil; return x.y end)
print(type(e), e)
--- out
string	t.lua:1: attempt to index local 'x' (a nil value)
=== TEST 32: calling a nil global
--- lua
undefinedfunction()
--- error
t.lua:1: attempt to call global 'undefinedfunction' (a nil value)
=== TEST 33: calling a nil local
--- lua
local f
f()
--- error
t.lua:2: attempt to call local 'f' (a nil value)
=== TEST 34: calling a nil field
--- lua
local t = {}
t.method()
--- error
t.lua:2: attempt to call field 'method' (a nil value)
=== TEST 35: calling a nil field of a global table
--- lua
string.nosuchfunction("x")
--- error
t.lua:1: attempt to call field 'nosuchfunction' (a nil value)
=== TEST 36: calling a nil upvalue
--- lua
local f
local function g() f() end
g()
--- error
t.lua:2: attempt to call upvalue 'f' (a nil value)
=== TEST 37: calling a nil method
--- lua
local t = {}
t:nomethod()
--- error
t.lua:2: attempt to call method 'nomethod' (a nil value)
=== TEST 38: calling a number
--- lua
local n = 1
n()
--- error
t.lua:2: attempt to call local 'n' (a number value)
=== TEST 39: calling the result of a call
--- lua
local function f() return nil end
f()()
--- error
t.lua:2: attempt to call a nil value
=== TEST 40: calling an indexed value with a non-constant key
--- lua
local t, k = {}, "key"
t[k]()
--- error
t.lua:2: attempt to call a nil value
--- note
LuaJIT names no variable for a call through a non-constant key; PUC Lua 5.1 says "attempt to call field '?'". We follow LuaJIT.
=== TEST 41: indexing a nil global
--- lua
print(undefinedtable.field)
--- error
t.lua:1: attempt to index global 'undefinedtable' (a nil value)
=== TEST 42: indexing a nil upvalue
--- lua
local cfg
local function get() return cfg.value end
get()
--- error
t.lua:2: attempt to index upvalue 'cfg' (a nil value)
=== TEST 43: indexing a boolean field
--- lua
local t = {flag = true}
print(t.flag.x)
--- error
t.lua:2: attempt to index field 'flag' (a boolean value)
=== TEST 44: indexing with a nil result of a call
--- lua
local function f() end
print(f().x)
--- error
t.lua:2: attempt to index a nil value
=== TEST 45: assigning into a nil global
--- lua
undefinedtable.x = 1
--- error
t.lua:1: attempt to index global 'undefinedtable' (a nil value)
=== TEST 46: arithmetic error names
--- lua
local t = {s = "str"}
print(pcall(function() return t.s + 1 end))
print(pcall(function() return t.missing + 1 end))
print(pcall(function() return {} * 2 end))
--- out
false	t.lua:2: attempt to perform arithmetic on field 's' (a string value)
false	t.lua:3: attempt to perform arithmetic on field 'missing' (a nil value)
false	t.lua:4: attempt to perform arithmetic on a table value
=== TEST 47: comparison error messages
--- lua
print(pcall(function() return {} < 1 end))
print(pcall(function() return "a" < 1 end))
print(pcall(function() return nil < nil end))
print(pcall(function() return print < print end))
--- out
false	t.lua:1: attempt to compare table with number
false	t.lua:2: attempt to compare string with number
false	t.lua:3: attempt to compare two nil values
false	t.lua:4: attempt to compare two function values
=== TEST 48: concatenation error messages
--- lua
local t = {}
print(pcall(function() return "a" .. t end))
print(pcall(function() return t.x .. "a" end))
print(pcall(function() return 1 .. {} end))
--- out
false	t.lua:2: attempt to concatenate upvalue 't' (a table value)
false	t.lua:3: attempt to concatenate field 'x' (a nil value)
false	t.lua:4: attempt to concatenate a table value
=== TEST 49: bad argument messages of builtins
--- lua
print(pcall(function() local r = string.rep() return r end))
print(pcall(function() local r = string.sub() return r end))
print(pcall(function() local r = ("x"):rep("y") return r end))
print(pcall(function() local r = math.floor("a") return r end))
print(pcall(function() local r = table.concat({}, 1, 2, 3) return r end))
--- out
false	t.lua:1: bad argument #1 to 'rep' (string expected, got no value)
false	t.lua:2: bad argument #1 to 'sub' (string expected, got no value)
false	t.lua:3: bad argument #1 to 'rep' (number expected, got string)
false	t.lua:4: bad argument #1 to 'floor' (number expected, got string)
false	t.lua:5: invalid value (nil) at index 2 in table for 'concat'
=== TEST 50: bad argument to a method reports the shifted index
--- lua
print(pcall(function() local s = "abc" local r = s:sub({}) return r end))
--- out
false	t.lua:1: bad argument #1 to 'sub' (number expected, got table)
=== TEST 51: bad argument with nil
--- lua
print(pcall(function() local r = string.len(nil) return r end))
print(pcall(function() local r = ipairs() return r end))
print(pcall(function() local r = setmetatable() return r end))
--- out
false	t.lua:1: bad argument #1 to 'len' (string expected, got nil)
false	t.lua:2: bad argument #1 to 'ipairs' (value expected)
false	t.lua:3: bad argument #1 to 'setmetatable' (table expected, got no value)
--- note
For a missing argument LuaJIT's ipairs says 'value expected' where PUC Lua 5.1 says 'table expected, got no value'. We follow LuaJIT.
=== TEST 52: bad self for a method called with a dot
--- lua
print(pcall(function() local r = string.upper() return r end))
--- out
false	t.lua:1: bad argument #1 to 'upper' (string expected, got no value)
=== TEST 53: error in a builtin called directly by pcall has no position
--- lua
print(pcall(string.rep))
print(pcall(math.floor, {}))
--- out
false	bad argument #1 to '?' (string expected, got no value)
false	bad argument #1 to '?' (number expected, got table)
=== TEST 54: assert passes its arguments through
--- lua
print(assert(1, "unused", 3))
--- out
1	unused	3
=== TEST 55: assert with the default message
--- lua
print(pcall(assert, false))
print(pcall(assert, nil))
--- out
false	assertion failed!
false	assertion failed!
=== TEST 56: assert with a custom message
--- lua
print(pcall(assert, false, "custom"))
print(pcall(function() assert(1 == 2, "math is broken") end))
--- out
false	custom
false	t.lua:2: math is broken
=== TEST 57: assert with a non-string message
--- lua
local ok, e = pcall(assert, false, {code = 5})
print(ok, type(e), e.code)
--- out
false	table	5
--- note
LuaJIT's assert raises any message value as is; PUC Lua 5.1 converts it with luaL_optstring (a table becomes an error about the message). We follow LuaJIT.
=== TEST 58: uncaught assert failure
--- lua
assert(false, "assertion text")
--- error
t.lua:1: assertion text
=== TEST 59: uncaught assert failure with the default message
--- lua
local x = nil
assert(x)
--- error
t.lua:2: assertion failed!
=== TEST 60: error with a table can be rethrown
--- lua
local ok, e = pcall(function()
  local ok2, e2 = pcall(error, {msg = "inner"})
  error(e2)
end)
print(ok, e.msg)
--- out
false	inner
=== TEST 61: error message of tostring of an error table
--- lua
local E = setmetatable({}, {__tostring = function(e) return "E!" end})
local ok, e = pcall(error, E)
print(ok, tostring(e), e == E)
--- out
false	E!	true
=== TEST 62: error in a metamethod
--- lua
local t = setmetatable({}, {__index = function(t, k) error("no field " .. k) end})
print(pcall(function() return t.abc end))
--- out
false	t.lua:1: no field abc
=== TEST 63: error in __tostring during print
--- lua
local t = setmetatable({}, {__tostring = function() error("tostring failed") end})
print(pcall(print, t))
--- out
false	t.lua:1: tostring failed
=== TEST 64: pcall catches errors from a deep call chain
--- lua
local function a() local x = nil return x + 1 end
local function b() return a() + 1 end
local function c() local r = b() return r end
print(pcall(c))
--- out
false	t.lua:1: attempt to perform arithmetic on local 'x' (a nil value)
=== TEST 65: error position uses the line of the failing expression
--- lua
local t = {
  a = 1,
}
local ok, e = pcall(function()
  local x = t.a
  local y = t.b
  return x +
    y
end)
print(e)
--- out
t.lua:8: attempt to perform arithmetic on local 'y' (a nil value)
=== TEST 66: errors from loadstring chunks carry the chunk name
--- lua
local f = loadstring("local a = nil\nreturn a.b", "=mychunk")
print(pcall(f))
local g = loadstring("error('x')")
print(pcall(g))
--- out
false	mychunk:2: attempt to index local 'a' (a nil value)
false	[string "error('x')"]:1: x
=== TEST 67: error objects pass through coroutines
--- lua
local co = coroutine.create(function() error({tag = "co"}) end)
local ok, e = coroutine.resume(co)
print(ok, e.tag)
--- out
false	co
=== TEST 68: error called with a level in a nested function
--- lua
local function validate(v)
  local function inner() error("invalid value", 3) end
  inner()
end
local function api(v)
  validate(v)
end
print(pcall(function()
  api(1)
end))
--- out
false	t.lua:6: invalid value
=== TEST 69: string method on a number value error
--- lua
local n = 5
print(pcall(function() return n:upper() end))
--- out
false	t.lua:2: attempt to index upvalue 'n' (a number value)
=== TEST 70: calling through a field of a nil upvalue field
--- lua
local M = {}
print(pcall(function() return M.sub.fn() end))
--- out
false	t.lua:2: attempt to index field 'sub' (a nil value)
=== TEST 71: error message for an integer-keyed field
--- lua
local t = {}
print(pcall(function() return t[1].x end))
print(pcall(function() return t[1]() end))
--- out
false	t.lua:2: attempt to index a nil value
false	t.lua:3: attempt to call a nil value
--- note
LuaJIT names no variable for t[1] (non-string constant key); PUC Lua 5.1 says "field '?'". We follow LuaJIT.
=== TEST 72: error message for global function value arithmetic
--- lua
print(pcall(function() return -print end))
--- out
false	t.lua:1: attempt to perform arithmetic on global 'print' (a function value)
=== TEST 73: error rethrown keeps the original position
--- lua
local ok, e = pcall(function() error("original") end)
print(pcall(function() error(e, 0) end))
print(pcall(function() error(e) end))
--- out
false	t.lua:1: original
false	t.lua:3: t.lua:1: original
=== TEST 74: pcall returns the error of a failed tostring in concatenation
--- lua
print(pcall(function() return "x" .. setmetatable({}, {}) end))
--- out
false	t.lua:1: attempt to concatenate a table value
