# require, package.loaded, package.preload, package.path search, module().
=== TEST 1: require of a preload function
--- lua
local calls = 0
package.preload.mymod = function(name, ...)
  calls = calls + 1
  return {name = name, nargs = select('#', ...)}
end
local m = require("mymod")
local again = require("mymod")
print(m.name, m.nargs, m == again, calls, package.loaded.mymod == m)
--- out
mymod	0	true	1	true
=== TEST 2: require returns package.loaded values directly
--- lua
package.loaded.fake = "already here"
print(require("fake"))
--- out
already here
=== TEST 3: standard libraries are in package.loaded
--- lua
print(package.loaded.string == string, package.loaded._G == _G, package.loaded.table == table, require("math") == math, require("bit") == bit)
--- out
true	true	true	true	true
--- note
bit is a LuaJIT library; PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 4: a module returning nothing is stored as true
--- lua
package.preload.nothing = function() end
print(require("nothing"), package.loaded.nothing)
--- out
true	true
=== TEST 5: a module that sets package.loaded itself
--- lua
package.preload.selfset = function(name) package.loaded[name] = "set by module" end
print(require("selfset"))
--- out
set by module
=== TEST 6: a module returning false
--- lua
package.preload.falsy = function() return false end
print(require("falsy"), package.loaded.falsy)
--- out
false	false
=== TEST 7: require with a non-string name
--- lua
print(pcall(require))
print(pcall(require, {}))
--- out
false	bad argument #1 to '?' (string expected, got no value)
false	bad argument #1 to '?' (string expected, got table)
=== TEST 8: require of a missing module lists the searched paths
--- lua
package.path = "/nonexistent_mg/?.lua;/nonexistent_mg/?/init.lua"
package.cpath = "/nonexistent_mg/?.so"
print(pcall(require, "nomod"))
--- out
false	module 'nomod' not found:
	no field package.preload['nomod']
	no file '/nonexistent_mg/nomod.lua'
	no file '/nonexistent_mg/nomod/init.lua'
	no file '/nonexistent_mg/nomod.so'
=== TEST 9: dots in module names become directory separators
--- lua
package.path = "/nonexistent_mg/?.lua"
package.cpath = "/nonexistent_mg/?.so"
print(pcall(require, "a.b.c"))
--- out
false	module 'a.b.c' not found:
	no field package.preload['a.b.c']
	no file '/nonexistent_mg/a/b/c.lua'
	no file '/nonexistent_mg/a/b/c.so'
	no file '/nonexistent_mg/a.so'
=== TEST 10: uncaught require failure
--- lua
package.path = "/nonexistent_mg/?.lua"
package.cpath = ""
require("missing_module")
--- error
t.lua:3: module 'missing_module' not found:
	no field package.preload['missing_module']
	no file '/nonexistent_mg/missing_module.lua'
=== TEST 11: require a module file found through package.path
--- lua
local path = os.tmpname()
local dir, base = path:match("^(.*)/([^/]+)$")
local f = assert(io.open(path .. ".lua", "w"))
f:write("local name = ...\nlocal M = {}\nfunction M.hello() return 'hello from ' .. (name == '" .. base .. "' and 'module' or 'unknown') end\nreturn M\n")
f:close()
package.path = dir .. "/?.lua"
local m = require(base)
print(m.hello(), package.loaded[base] == m, require(base) == m)
os.remove(path .. ".lua")
os.remove(path)
--- out
hello from module	true	true
=== TEST 12: package.path templates are tried in order
--- lua
local path = os.tmpname()
local dir, base = path:match("^(.*)/([^/]+)$")
local f = assert(io.open(path .. ".mod", "w"))
f:write("return 'found via the second template'")
f:close()
package.path = "/nonexistent_mg/?.lua;" .. dir .. "/?.mod"
print(require(base))
os.remove(path .. ".mod")
os.remove(path)
--- out
found via the second template
=== TEST 13: a syntax error in a module file
--- lua
local path = os.tmpname()
local dir, base = path:match("^(.*)/([^/]+)$")
local f = assert(io.open(path .. ".lua", "w"))
f:write("return = 1")
f:close()
package.path = dir .. "/?.lua"
local ok, err = pcall(require, base)
err = err:gsub(path:gsub("%p", "%%%0"), "TMP"):gsub(base, "BASE")
print(ok, err)
os.remove(path .. ".lua")
os.remove(path)
--- out
false	error loading module 'BASE' from file 'TMP.lua':
	TMP.lua:1: unexpected symbol near '='
=== TEST 14: a runtime error in a module propagates
--- lua
package.preload.bad = function() error("module init failed") end
print(pcall(require, "bad"))
print(pcall(require, "bad"))
--- out
false	t.lua:1: module init failed
false	loop or previous error loading module 'bad'
--- note
After a failed load a sentinel stays in package.loaded, so a second require reports 'loop or previous error' (LuaJIT and PUC Lua 5.1 alike).
=== TEST 15: a module requiring itself is a loop
--- lua
package.preload.loopy = function() return require("loopy") end
print(pcall(require, "loopy"))
--- out
false	loop or previous error loading module 'loopy'
--- note
PUC Lua 5.1 prefixes the position (t.lua:1:) to the loop error; LuaJIT does not. We follow LuaJIT.
=== TEST 16: module() with package.seeall
--- lua
package.preload.oldstyle = function(...)
  module(..., package.seeall)
  function greet() return "hi from " .. _NAME end
  value = 42
end
local m = require("oldstyle")
print(m.greet(), m.value, m._NAME, m._PACKAGE == "", type(m._M), oldstyle == m)
--- out
hi from oldstyle	42	oldstyle	true	table	true
=== TEST 17: module() with a dotted name creates nested tables
--- lua
package.preload["outer.inner"] = function(...)
  module(...)
  x = 1
end
local m = require("outer.inner")
print(m == outer.inner, m._NAME, m._PACKAGE, m.x)
--- out
true	outer.inner	outer.	1
=== TEST 18: package.searchpath
--- lua
print(package.searchpath("mod.sub", "/nonexistent_mg/?.lua;/nonexistent_mg/?/x.lua"))
--- out
nil	
	no file '/nonexistent_mg/mod/sub.lua'
	no file '/nonexistent_mg/mod/sub/x.lua'
--- note
package.searchpath is a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 19: package.searchpath finds an existing file
--- lua
local path = os.tmpname()
local dir, base = path:match("^(.*)/([^/]+)$")
print(package.searchpath(base, dir .. "/?") == path)
os.remove(path)
--- out
true
--- note
package.searchpath is a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 20: package.config
--- lua
print(package.config)
--- out
/
;
?
!
-
=== TEST 21: package.loaders
--- lua
print(#package.loaders, type(package.loaders[1]), type(package.loaders[2]))
--- out
4	function	function
=== TEST 22: custom loader in package.loaders
--- lua
table.insert(package.loaders, 2, function(name)
  if name:match("^virtual%.") then
    return function(n) return {virtual = n} end
  end
  return "\n\tno virtual module '" .. name .. "'"
end)
print(require("virtual.thing").virtual)
package.path = "/nonexistent_mg/?.lua"
package.cpath = ""
print(pcall(require, "real"))
--- out
virtual.thing
false	module 'real' not found:
	no field package.preload['real']
	no virtual module 'real'
	no file '/nonexistent_mg/real.lua'
=== TEST 23: package.loadlib on a missing library
--- lua
local f, err, where = package.loadlib("/nonexistent_mg/lib.so", "luaopen_x")
print(f, type(err), where)
--- out
nil	string	open
=== TEST 24: package table fields
--- lua
local names = {}
for k in pairs(package) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
--- out
config cpath loaded loaders loadlib path preload searchpath seeall
--- note
LuaJIT adds package.searchpath. We follow LuaJIT.
=== TEST 25: package.path and cpath are strings
--- lua
print(type(package.path), type(package.cpath))
--- out
string	string
=== TEST 26: require of special LuaJIT modules
--- skip: the jit and ffi modules arrive with issues 7 and 4
--- lua
print(type(require("jit")), type(require("ffi")), require("jit") == jit)
--- out
table	table	true
--- note
jit and ffi are LuaJIT modules; PUC Lua 5.1 has neither. We follow LuaJIT.
