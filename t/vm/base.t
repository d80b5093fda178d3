# The base library: type, tostring, tonumber, pairs, select, raw*, fenv, load*, collectgarbage, _G, _VERSION.
=== TEST 1: type of every kind of value
--- lua
print(type(nil), type(true), type(1), type("s"), type({}), type(print), type(function() end), type(coroutine.create(function() end)), type(newproxy()))
--- out
nil	boolean	number	string	table	function	function	thread	userdata
=== TEST 2: type without an argument
--- lua
print(pcall(type))
--- out
false	bad argument #1 to '?' (value expected)
=== TEST 3: tostring of primitive values
--- lua
print(tostring(nil), tostring(true), tostring(false), tostring(12), tostring(-1.5), tostring("s"))
--- out
nil	true	false	12	-1.5	s
=== TEST 4: tostring of reference values has a type prefix
--- lua
local function prefix(v) return (tostring(v):match("^(%a+): ")) end
print(prefix({}), prefix(print), prefix(function() end), prefix(coroutine.create(function() end)), prefix(newproxy()))
--- out
table	function	function	thread	userdata
=== TEST 5: tostring of a builtin function
--- lua
print(tostring(print))
--- out_like
function: builtin#\d+
--- note
LuaJIT prints builtins as 'function: builtin#N' (N is the fast-function id); PUC Lua 5.1 prints an address. We follow LuaJIT.
=== TEST 6: tostring of a Lua function
--- lua
print(tostring(function() end))
--- out_like
function: 0x[0-9a-f]+
=== TEST 7: tostring without an argument
--- lua
print(pcall(tostring))
--- out
false	bad argument #1 to '?' (value expected)
=== TEST 8: tostring is used by print
--- lua
local old = tostring
tostring = function(v) return "<" .. old(v) .. ">" end
print(1, "a")
tostring = old
print(1, "a")
--- out
<1>	<a>
1	a
--- note
Both LuaJIT and PUC Lua 5.1 call the global tostring from print.
=== TEST 9: print with no arguments prints an empty line
--- lua
print()
print(nil)
print(nil, nil)
--- out

nil
nil	nil
=== TEST 10: print separates with tabs
--- lua
print(1, "two", 3.5, true, nil)
--- out
1	two	3.5	true	nil
=== TEST 11: ipairs over a sequence
--- lua
local t = {"a", "b", "c"}
local out = {}
for i, v in ipairs(t) do out[#out + 1] = i .. v end
print(table.concat(out, " "))
--- out
1a 2b 3c
=== TEST 12: ipairs ignores __index
--- lua
local t = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 10 end end})
local n = 0
for i, v in ipairs(t) do n = n + 1 end
print(n, t[1])
--- out
0	10
--- note
LuaJIT and PUC Lua 5.1 ipairs use raw access.
=== TEST 13: ipairs with a non-table
--- lua
print(pcall(ipairs, nil))
print(pcall(ipairs, "abc"))
--- out
false	bad argument #1 to '?' (table expected, got nil)
false	bad argument #1 to '?' (table expected, got string)
=== TEST 14: pairs with a non-table
--- lua
print(pcall(pairs, nil))
--- out
false	bad argument #1 to '?' (table expected, got nil)
=== TEST 15: pairs ignores __pairs in 5.1
--- lua
local t = setmetatable({a = 1}, {__pairs = function() error("not used") end})
for k, v in pairs(t) do print(k, v) end
--- out
a	1
=== TEST 16: next with the table only
--- lua
local k, v = next({z = 26})
print(k, v)
--- out
z	26
=== TEST 17: select with '#' and indexes
--- lua
print(select('#', 1, 2, 3), select(2, "a", "b", "c"), select(-1, "a", "b", "c"))
--- out
3	b	c
=== TEST 18: rawget and rawset
--- lua
local t = setmetatable({}, {__index = function() return "dflt" end, __newindex = function() error("blocked") end})
print(rawset(t, "a", 1) == t, rawget(t, "a"), rawget(t, "b"), t.b)
--- out
true	1	nil	dflt
=== TEST 19: rawget with a non-table
--- lua
print(pcall(rawget, "s", 1))
--- out
false	bad argument #1 to '?' (table expected, got string)
=== TEST 20: rawequal
--- lua
local mt = {__eq = function() return true end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
print(a == b, rawequal(a, b), rawequal(a, a), rawequal(1, 1), rawequal("x", "x"), rawequal(1, "1"))
--- out
true	false	true	true	true	false
=== TEST 21: rawequal with missing arguments
--- lua
print(pcall(rawequal, 1))
--- out
false	bad argument #2 to '?' (value expected)
=== TEST 22: getmetatable and setmetatable
--- lua
local mt = {}
local t = setmetatable({}, mt)
print(getmetatable(t) == mt, getmetatable("x").__index == string)
--- out
true	true
=== TEST 23: getfenv of the main chunk is _G
--- lua
print(getfenv() == _G, getfenv(1) == _G, getfenv(0) == _G)
--- out
true	true	true
=== TEST 24: setfenv changes the globals of a function
--- lua
local function f() return x end
local env = {x = "from env"}
setfenv(f, env)
x = "from _G"
print(f(), getfenv(f) == env)
--- out
from env	true
=== TEST 25: setfenv with a level
--- lua
local function f()
  setfenv(1, {print = print, y = "sandboxed"})
  print(y)
end
f()
print(y)
--- out
sandboxed
nil
=== TEST 26: setfenv of a sandboxed loadstring chunk
--- lua
local chunk = loadstring("a = 1; b = a + 1; return b")
local env = {}
setfenv(chunk, env)
print(chunk(), env.a, env.b, a, b)
--- out
2	1	2	nil	nil
=== TEST 27: environment with an __index fallback to _G
--- lua
local env = setmetatable({}, {__index = _G})
local chunk = loadstring("local s = string.upper('x') newvar = s return s")
setfenv(chunk, env)
print(chunk(), env.newvar, rawget(_G, "newvar"))
--- out
X	X	nil
=== TEST 28: nested functions inherit the environment at creation
--- lua
local chunk = loadstring("return function() return who end")
setfenv(chunk, {who = "env"})
local inner = chunk()
who = "global"
print(inner())
--- out
env
=== TEST 29: getfenv of a builtin
--- lua
print(getfenv(print) == _G)
--- out
true
=== TEST 30: setfenv on a builtin is an error
--- lua
print(pcall(setfenv, print, {}))
--- out
false	'setfenv' cannot change environment of given object
=== TEST 31: setfenv with an invalid level
--- lua
print(pcall(setfenv, 50, {}))
--- out
false	bad argument #1 to '?' (invalid level)
=== TEST 32: setfenv 0 changes the thread environment
--- lua
local saved = getfenv(0)
print(type(saved))
--- out
table
=== TEST 33: assert returns all arguments
--- lua
print(assert("v", 2, nil))
--- out
v	2	nil
=== TEST 34: assert without arguments
--- lua
print(pcall(assert))
--- out
false	bad argument #1 to '?' (value expected)
=== TEST 35: loadstring returns a function
--- lua
local f = loadstring("return 1 + 1")
print(type(f), f())
--- out
function	2
=== TEST 36: loadstring with a syntax error returns nil and a message
--- lua
print(loadstring("return +"))
--- out
nil	[string "return +"]:1: unexpected symbol near '+'
=== TEST 37: loadstring default chunk name is the source
--- lua
local f = loadstring("error('e')")
print(pcall(f))
--- out
false	[string "error('e')"]:1: e
=== TEST 38: loadstring chunk name variants
--- lua
print(pcall(loadstring("error('e')", "name")))
print(pcall(loadstring("error('e')", "=name")))
print(pcall(loadstring("error('e')", "@name.lua")))
--- out
false	[string "name"]:1: e
false	name:1: e
false	name.lua:1: e
=== TEST 39: long loadstring sources are abbreviated in chunk names
--- lua
print(pcall(loadstring("local a = 1 local b = 2 local c = 3 local d = 4 local e = 5 error('x')")))
--- out
false	[string "local a = 1 local b = 2 local c = 3 local d =..."]:1: x
--- note
Chunk names are cut to fit LUA_IDSIZE with '...'; LuaJIT keeps 2 more characters than PUC Lua 5.1 here. We follow LuaJIT.
=== TEST 40: loadstring source with a newline is abbreviated at the newline
--- lua
print(pcall(loadstring("\nerror('x')")))
print(pcall(loadstring("local x\nerror('x')")))
--- out
false	[string "..."]:2: x
false	[string "local x..."]:2: x
=== TEST 41: loadstring chunks run in the global environment
--- lua
local f = loadstring("gv = 'set by chunk'")
f()
print(gv)
--- out
set by chunk
=== TEST 42: loadstring chunks cannot see enclosing locals
--- lua
local hidden = "local"
local f = loadstring("return hidden")
print(f())
--- out
nil
=== TEST 43: load with a function reader
--- lua
local parts = {"return ", "1 ", "+ ", "41"}
local i = 0
local f = load(function() i = i + 1 return parts[i] end)
print(f())
--- out
42
=== TEST 44: load with a reader returning empty string ends input
--- lua
local parts = {"return 'a'", "", "..'b'"}
local i = 0
local f, err = load(function() i = i + 1 return parts[i] end)
print(f())
--- out
a
=== TEST 45: load with a reader and a chunk name
--- lua
local done = false
local f = load(function() if done then return nil end done = true return "error('r')" end, "=reader")
print(pcall(f))
--- out
false	reader:1: r
=== TEST 46: load with a reader that returns a non-string
--- lua
print(pcall(load, function() return {} end))
--- out
true	nil	reader function must return a string
=== TEST 47: load with a reader that returns a number converts it
--- lua
local n = 0
print(load(function() n = n + 1 if n == 1 then return 1 end end))
--- out
nil	(load):1: unexpected symbol near '1'
=== TEST 48: load with a reader that errors
--- lua
print(pcall(load, function() error("reader failed") end))
--- out
true	nil	t.lua:1: reader failed
=== TEST 49: load with a string
--- lua
local f = load("return 'from string'")
print(f and f())
--- out
from string
--- note
LuaJIT's load accepts a string (like 5.2); PUC Lua 5.1's load needs a function. We follow LuaJIT.
=== TEST 50: loadfile and dofile
--- lua
local name = os.tmpname()
local fh = io.open(name, "w")
fh:write("local a, b = ...\nreturn (a or 1) + (b or 2), 'file'\n")
fh:close()
local f = loadfile(name)
print(type(f), f(10, 20))
print(dofile(name))
os.remove(name)
--- out
function	30	file
3	file
=== TEST 51: loadfile on a missing file
--- lua
local f, err = loadfile("/nonexistent/dir/nofile.lua")
print(f, err)
--- out
nil	cannot open /nonexistent/dir/nofile.lua: No such file or directory
=== TEST 52: dofile on a missing file raises
--- lua
print(pcall(dofile, "/nonexistent/dir/nofile.lua"))
--- out
false	cannot open /nonexistent/dir/nofile.lua: No such file or directory
=== TEST 53: loadfile with a syntax error
--- lua
local name = os.tmpname()
local fh = io.open(name, "w")
fh:write("x = = 1\n")
fh:close()
local f, err = loadfile(name)
print(f, err == name .. ":1: unexpected symbol near '='")
os.remove(name)
--- out
nil	true
=== TEST 54: errors in a dofile'd chunk carry the file name
--- lua
local name = os.tmpname()
local fh = io.open(name, "w")
fh:write("\nerror('in file')\n")
fh:close()
local ok, err = pcall(dofile, name)
print(ok, err == name .. ":2: in file")
os.remove(name)
--- out
false	true
=== TEST 55: loadfile skips a shebang line
--- lua
local name = os.tmpname()
local fh = io.open(name, "w")
fh:write("#!/usr/bin/lua\nreturn 'shebang ok'\n")
fh:close()
print(loadfile(name)())
os.remove(name)
--- out
shebang ok
=== TEST 56: collectgarbage count returns a number
--- lua
local kb = collectgarbage("count")
print(type(kb), kb > 0)
--- out
number	true
=== TEST 57: collectgarbage collect returns zero
--- lua
print(collectgarbage(), collectgarbage("collect"))
--- out
0	0
=== TEST 58: collectgarbage step returns a boolean
--- lua
print(type(collectgarbage("step")))
--- out
boolean
=== TEST 59: collectgarbage setpause and setstepmul return the previous value
--- lua
local p = collectgarbage("setpause", 150)
local p2 = collectgarbage("setpause", p)
local s = collectgarbage("setstepmul", 300)
local s2 = collectgarbage("setstepmul", s)
print(type(p), p2, type(s), s2)
--- out
number	150	number	300
=== TEST 60: collectgarbage stop and restart
--- lua
print(collectgarbage("stop"), collectgarbage("restart"))
--- out
0	0
=== TEST 61: collectgarbage with an invalid option
--- lua
print(pcall(collectgarbage, "bogus"))
--- out
false	bad argument #1 to '?' (invalid option 'bogus')
=== TEST 62: _G contains itself and the libraries
--- skip: the jit module arrives with tier 1, issue 7
--- lua
print(_G._G == _G, type(_G.string), type(_G.table), type(_G.math), type(_G.io), type(_G.os), type(_G.coroutine), type(_G.debug), type(_G.package), type(_G.bit), type(_G.jit))
--- out
true	table	table	table	table	table	table	table	table	table	table
--- note
bit and jit are LuaJIT libraries; PUC Lua 5.1 has neither. We follow LuaJIT.
=== TEST 63: _VERSION
--- lua
print(_VERSION)
--- out
Lua 5.1
=== TEST 64: the base functions exist
--- lua
local names = {"assert", "collectgarbage", "dofile", "error", "gcinfo", "getfenv", "getmetatable", "ipairs", "load", "loadfile", "loadstring", "newproxy", "next", "pairs", "pcall", "print", "rawequal", "rawget", "rawset", "select", "setfenv", "setmetatable", "tonumber", "tostring", "type", "unpack", "xpcall"}
local missing = {}
for _, n in ipairs(names) do if type(_G[n]) ~= "function" then missing[#missing + 1] = n end end
print(#missing, table.concat(missing, ","))
--- out
0	
=== TEST 65: gcinfo returns a number
--- lua
print(type(gcinfo()))
--- out
number
=== TEST 66: 5.2 base functions are absent
--- lua
print(rawlen, _ENV)
--- out
nil	nil
=== TEST 67: newproxy values
--- lua
local p = newproxy()
local q = newproxy(true)
print(type(p), getmetatable(p), type(getmetatable(q)))
--- out
userdata	nil	table
=== TEST 68: unpack is a global function and table.unpack does not exist
--- lua
print(unpack({1, 2}), unpack == table.unpack)
--- out
1	false
=== TEST 69: tonumber keeps numbers
--- lua
print(tonumber(12), tonumber("0x1f"), tonumber("z", 36), tonumber(" 1e2 "))
--- out
12	31	35	100
=== TEST 70: overwriting a global builtin
--- lua
local real = type
type = function() return "patched" end
print(type(1))
type = real
print(type(1))
--- out
patched
number
=== TEST 71: pcall returns values of a builtin
--- lua
print(pcall(math.max, 3, 9, 2))
--- out
true	9
=== TEST 72: select returns everything from the index
--- lua
local function count(...) return select('#', ...) end
print(count(select(2, 1, 2, 3, 4)))
--- out
3
=== TEST 73: tostring of -0 and large numbers
--- lua
print(tostring(-0), tostring(1e300 * 1e10), tostring(2^63))
--- out
-0	inf	9.2233720368548e+18
=== TEST 74: tostring of a product that stays finite
--- lua
print(tostring(-0), tostring(1e300 * 10), tostring(2^63))
--- out
-0	1e+301	9.2233720368548e+18
=== TEST 75: string coercion of numbers in base functions
--- lua
print(select("#", 1, 2), rawequal(1, 1.0), ("5"):rep(2))
--- out
2	true	55
=== TEST 76: error function is a builtin
--- lua
print(type(error), pcall(error, "x", 0))
--- out
function	false	x
