# Semantics that tier 0's fast paths must keep (compiler.py, runtime.py):
# typed locals, guarded copies of regions, inline table stores and loads.
# Expected outputs are LuaJIT's.
=== TEST 1: numbers in typed locals: division by zero, modulo, -0, nan
--- lua
local a, b = 1, 0
local z = 0 * -1
print(a / b, -a / b, b / b ~= b / b, z, 1 / z)
local m = 5.5
for i = -3, 3 do m = m + (i % 2) + (-i % 3) + i % -2 end
print(m, 5 % 0 ~= 5 % 0, -7 % 3, 7 % -3, 2 ^ 0.5, (-8) ^ (1/3) ~= (-8) ^ (1/3))
local x = 0
for i = 1, 10 do x = x + i / (i - 5) end
print(x)
local neg = 0
neg = -neg
print(neg, 0 == neg)
--- out
inf	-inf	true	-0	-inf
11.5	true	2	-2	1.4142135623731	true
inf
-0	true
=== TEST 2: integer counters modulo literals, divisions by computed numbers
--- lua
local s = 0
for i = -20, 20 do s = s + i % 3 + i % 7 * 100 + i % 1 end
for i = 0, 10, 3 do s = s + i % 2 end
for i = 2^53 - 10, 2^53 - 2 do s = s + i % 10 end
print(s, 0 % 5, (-3) % 5)
local z = 0
for i = 0, 0 do z = i % 5 end
print(z, 1 / z)
local x, y, w = 6, 1, 2
print((x / (y + 1)) / (w + 1), (x + 0) / ((y + 1) / (w - 2)), 0 / (w - 2), -x / (y - 1))
--- out
12688	0	2
0	inf
1	0	nan	-inf
=== TEST 3: numeric for loop bounds and their errors
--- lua
for i = 1, -math.huge do print(i) end
for i = 1, 2, -math.huge do print(i) end
for i = 1, 0/0 do print(i) end
for i = 3, 1, -1 do io.write(i, " ") end
for i = 1, 3.5 do io.write(i, " ") end
for i = -1, -3.5, -1 do io.write(i, " ") end
for i = 1.5, 3 do io.write(i, " ") end
for i = 1, 2, 0.5 do io.write(i, " ") end
for i = "1", "3", "1" do io.write(i, " ") end
print("ok")
print(pcall(function() for i = 1, {} do end end))
print(pcall(function() for i = nil, 2 do end end))
print(pcall(function() for i = 1, 2, "x" do end end))
--- out
3 2 1 1 2 3 -1 -2 -3 1.5 2.5 1 1.5 2 1 2 3 ok
false	t.lua:11: 'for' limit must be a number
false	t.lua:12: 'for' initial value must be a number
false	t.lua:13: 'for' step must be a number
=== TEST 4: stores into tables with metatables: present keys raw, absent keys __newindex
--- lua
local log = {}
local t = setmetatable({a = 1}, {__newindex = function(t, k, v) log[#log + 1] = tostring(k) .. "=" .. tostring(v); rawset(t, k, v) end})
t.a = 2; t.b = 3; t.b = 4; t[1] = 5; t[1] = 6; t.a = nil; t.a = 7
print(t.a, t.b, t[1], table.concat(log, " "))
local ro = setmetatable({}, {__newindex = function() error("read-only") end})
print(pcall(function() ro.x = 1 end))
local mt = {}
local u = setmetatable({}, mt)
for i = 1, 3 do u[i] = i end
mt.__newindex = function(t, k, v) rawset(t, k, v * 10) end
for i = 1, 5 do u[i] = i end
print(u[1], u[3], u[4], u[5])
local keys = {}
keys[0/0 == 0/0 and 1 or 2] = "two"
print(pcall(function() local k = 0/0; keys[k] = 1 end))
print(pcall(function() local k; keys[k] = 1 end))
local f = 1.5
keys[f] = "f"; keys[true] = "t"; keys[1] = "one"
print(keys[1.5], keys[true], keys[1], keys[2])
--- out
7	4	6	b=3 1=5 a=7
false	t.lua:5: read-only
1	3	40	50
false	t.lua:15: table index is NaN
false	t.lua:16: table index is nil
f	t	one	two
=== TEST 5: method lookups through __index chains changed while in use, MAXTAGLOOP
--- lua
local Base = {}
Base.__index = Base
function Base:name() return "base" end
local Derived = setmetatable({}, {__index = Base})
Derived.__index = Derived
local o = setmetatable({}, Derived)
local out = {}
for i = 1, 4 do
  out[#out + 1] = o:name()
  if i == 1 then function Derived:name() return "derived" end end
  if i == 2 then function o:name() return "own" end end
  if i == 3 then o.name = nil; Derived.name = nil; getmetatable(Derived).__index = function(t, k) return function() return "fn " .. k end end end
end
print(table.concat(out, " "))
local chain = {}
local cur = chain
for i = 1, 99 do local n = {}; setmetatable(cur, {__index = n}); cur = n end
cur.x = 5
print(chain.x)
setmetatable(cur, {__index = {y = 1}})
print(pcall(function() return chain.y end))
print(pcall(function() return chain.x end))
local loop = setmetatable({}, {})
getmetatable(loop).__index = loop
print(pcall(function() return loop.k end))
--- out
base derived own fn name
5
false	t.lua:21: loop in gettable
true	5
false	t.lua:25: loop in gettable
=== TEST 6: parameters guarded as numbers: other values take the generic copy
--- lua
local function f(a, b)
  local c = a * 2 + b
  return c - 1, a == b, -a
end
local mt = {__mul = function(x, y) return 10 end, __unm = function() return "neg" end}
print(f(1, 2))
print(f("3", 4))
print(f(setmetatable({}, mt), 5))
print(pcall(f, nil, 1))
print(pcall(f, 1, {}))
--- out
3	false	-1
9	false	-3
14	false	neg
false	t.lua:2: attempt to perform arithmetic on local 'a' (a nil value)
false	t.lua:2: attempt to perform arithmetic on local 'b' (a table value)
=== TEST 7: an innermost loop guarded on its number locals, entered with other values
--- lua
local function run(x, step)
  local n = 0
  while n < 3 do x = x + step * step - step * step + step; n = n + 1 end
  return x, n
end
print(run(1, 2))
print(run("1", 3))
print(run(1, "3"))
print(pcall(run, {}, 1))
local keep = function(a, b) return a end
local acc = setmetatable({}, {__add = keep, __sub = keep})
print(run(acc, 1) == acc)
--- out
7	3
10	3
10	3
false	t.lua:3: attempt to perform arithmetic on local 'x' (a table value)
true
=== TEST 8: parameters and loop locals guarded as tables: other values take the generic copy
--- lua
local function get(t) return t.x, t.y, t.z end
print(get({x = 1, y = 2}))
print(get("abc"))
print(pcall(get, 5))
print(get(setmetatable({}, {__index = function(_, k) return k .. "!" end})))
local function sum(v, n)
  local s = 0
  for i = 1, n do s = s + v[i] end
  return s
end
print(sum({1, 2, 3}, 3))
print(pcall(sum, "abc", 2))
print(sum(setmetatable({}, {__index = function(_, i) return i * 10 end}), 3))
--- out
1	2	nil
nil	nil	nil
false	t.lua:1: attempt to index local 't' (a number value)
x!	y!	z!
6
false	t.lua:8: attempt to perform arithmetic on a nil value
60
=== TEST 9: locals that always hold tables still follow their metatables; # and borders
--- lua
local t = {}
local log = {}
setmetatable(t, {__index = function(_, k) return "dflt " .. k end,
                 __newindex = function(tt, k, v) log[#log + 1] = k; rawset(tt, k, v) end})
print(t.x, t[1])
t.x = 1; t.x = 2; t[1] = 3
print(t.x, t[1], #log, log[1], log[2])
local arr = {}
for i = 1, 5 do arr[#arr + 1] = i * i end
print(#arr, arr[5])
arr[#arr] = nil
print(#arr)
local function f() return 1, nil, 3 end
print(#{f()}, #{0, f()})
--- out
dflt x	dflt 1
2	3	2	x	1
5	25
4
1	2
=== TEST 10: globals are read at each use: builtins reassigned mid-loop, setfenv
--- lua
local out = {}
for i = 1, 3 do
  out[#out + 1] = tostring(i)
  if i == 2 then tostring = function(v) return "<" .. v .. ">" end end
end
print(table.concat(out, " "))
local env = setmetatable({}, {__index = _G})
local function g() return type(1) end
setfenv(g, env)
print(g())
env.type = function() return "mine" end
print(g())
--- out
<1 2 <3>>
<number>
<mine>
=== TEST 11: multiple assignment evaluates table and key operands before storing
--- lua
local t = {1, 2, 3}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
local a = {}
local k = "x"
a[k], k = 1, "y"
print(a.x, a.y, k)
local work = {5, 6}
local lo, hi = 1, 2
work[lo], work[hi] = work[hi], work[lo]
print(work[1], work[2])
--- out
2	20	2
1	nil	y
6	5
=== TEST 12: errors in the generic copy of a guarded loop keep their lines
--- lua
local function f(lim, x)
  local s = 0
  for i = 1, lim do
    s = s + i * x
    s = s - x
  end
  return s
end
print(f(3, 2))
print(pcall(f, {}, 2))
print(pcall(f, 3, {}))
--- out
6
false	t.lua:3: 'for' limit must be a number
false	t.lua:4: attempt to perform arithmetic on local 'x' (a table value)
=== TEST 13: removals by assigning nil: raw when present, __newindex when absent, bad keys
--- lua
local t = {a = 1, b = 2, c = 3, [1] = "x", [2] = "y"}
local n = 0
for k in pairs(t) do t[k] = nil; n = n + 1 end
print(n, next(t), #t)
local log = {}
local w = setmetatable({p = 1}, {__newindex = function(_, k, v) log[#log + 1] = k .. "=" .. tostring(v) end})
w.p = nil; w.q = nil; w.p = 2
print(rawget(w, "p"), table.concat(log, ","))
print(pcall(function() local k; t[k] = nil end))
print(pcall(function() t[0/0] = nil end))
--- out
5	nil	0
nil	q=nil,p=2
false	t.lua:9: table index is nil
false	t.lua:10: table index is NaN
=== TEST 14: calls of local functions that always return one value take it bare
--- lua
local function one(x) if x then return nil end return 1 end
local function none(x) if x then return end return 1 end
local function two() return 1, 2 end
local function tail() return two() end
local function recurse(n) if n == 0 then return "done" end return (recurse(n - 1)) end
print(select("#", one(true)), select("#", one()), one(true), one())
print(select("#", none(true)), select("#", none()))
print(select("#", tail()), tail())
print(recurse(50), ({ one(false) })[1])
one(true)
--- out
1	1	nil	1
0	1
2	1	2
done	1
=== TEST 15: a loop body split after `local it = items[i]`, with items of every type
--- lua
local items = {{x = 1, y = 2}, "ab", {x = 3, y = 4}, setmetatable({}, {__index = function(_, k) return k end})}
local out = {}
for i = 1, #items do
  local it = items[i]
  local a, b = it.x, it.y
  out[#out + 1] = tostring(a) .. "/" .. tostring(b) .. "/" .. tostring(it.len ~= nil)
end
print(table.concat(out, " "))
print(pcall(function()
  for i = 1, 2 do
    local it = ({{x = 1}, 5})[i]
    local v = it.x + it.x
  end
end))
--- out
1/2/false nil/nil/true 3/4/false x/y/true
false	t.lua:12: attempt to index local 'it' (a number value)
=== TEST 16: environments of functions that read no global (no G parameter): getfenv, setfenv
--- lua
local gf, sf = getfenv, setfenv
local function pure(a, b) return a end
print(gf(pure) == _G, pure(1, 2, 3))
local env = setmetatable({tag = "env"}, {__index = _G})
local function maker()
  return function(x) return x * 2 end, function() return gf(1) end
end
sf(maker, env)
local double, where = maker()
print(gf(double) == env, gf(double).tag, double(21))
print(where() == _G, gf(where) == env)
local mine = {}
sf(pure, mine)
print(gf(pure) == mine, pure("still runs"))
print(gf(maker) == env, gf(1) == _G)
--- out
true	1
true	env	42
true	true
true	still runs
true	true
=== TEST 17: stores keyed by a for counter (never NaN): __newindex still applies, infinite counters
--- lua
local t = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v * 10) end})
for i = 1, 3 do t[i] = i; t[i + 1] = i; t[(1 + i)] = i end
print(t[1], t[2], t[3], t[4])
for i = -math.huge, math.huge, math.huge do t[i] = 1; t[i - 1] = 2 end
print(t[-math.huge])
local a = {}
for i = 3, 1, -1 do a[i] = i * i end
print(#a, a[1], a[3])
print(pcall(function() for i = 1, 2 do local k = i * (0/0); a[k] = 1 end end))
--- out
10	2	3	3
2
3	1	9
false	t.lua:9: table index is NaN
=== TEST 18: numeric for with a start held in a local: negative steps, fractions, strings, -0
--- lua
local a, b = 5, 1.5
for i = a, 1, -2 do io.write(i, " ") end print()
for i = b, 4 do io.write(i, " ") end print()
for i = b * 2, 0, -1 do io.write(i, " ") end print()
local s = "3"
for i = s, 5 do io.write(i, " ") end print()
local big = 2^53 - 2
for i = big, big + 1 do io.write(string.format("%.0f ", i)) end print()
for i = -0.0, 0 do io.write(1/i, " ") end print()
local z = -0.0
for i = z, 0 do io.write(1/i, " ") end print()
print(pcall(function() local t = {} for i = t, 2 do end end))
local n = 0 for i = math.huge, 1, -1 do n = n + 1 if n > 3 then break end end print(n)
--- out
5 3 1 
1.5 2.5 3.5 
3 2 1 0 
3 4 5 
9007199254740990 9007199254740991 
-inf 
-inf 
false	t.lua:12: 'for' initial value must be a number
4
=== TEST 19: string.format as one Python format: every conversion kind, errors in argument order
--- lua
local t = setmetatable({}, {__tostring = function() return "T!" end})
local cases = {
  {"%s|%5s|%-5s|%.2s|", "abc", "de", "f", "ghij"},
  {"%d %i %5d %-5d| %05d %+d % d", 42, -7, 3, 4, 12, 5, 6},
  {"%x %X %o %u %5x", 255, 255, 8, 3000000000, 17},
  {"%x", -1}, {"%d", 2^63}, {"%d", -2^63}, {"%d", 3.7}, {"%d", -3.7}, {"%d", "12"},
  {"%s %s %s", 1.5, true, nil}, {"%s", t}, {"100%% %s", "x"},
  {"%5.1f|%.3f|%e|%g", 3.14159, 2.0005, 12345.678, 0.0001},
  {"%c%c%c", 76, 117, 97}, {"%q", "a\nb\"c\0"}, {"%s-%05d: %s=%d; ratio=%.3f; hex=%x", "w", 12, "w", 7, 1/7, 255},
  {"%.0f %.1f", 0.5, 0.25}, {"%#x %#o", 255, 8}, {"%.3d", 5},
}
for _, c in ipairs(cases) do
  print(pcall(string.format, unpack(c)))
end
print(pcall(string.format, "%d %d", 1))
print(pcall(string.format, "%d", {}))
print(pcall(string.format, "%s %y", "a", 1))
print(pcall(string.format, "%d %y", {}, 1))
print(pcall(string.format, "%s", setmetatable({}, {__tostring = function() return 1 end})))
print(pcall(string.format, 12, 1))
--- out
true	abc|   de|f    |gh|
true	42 -7     3 4    | 00012 +5  6
true	ff FF 10 3000000000    11
true	ffffffffffffffff
true	-9223372036854775808
true	-9223372036854775808
true	3
true	-3
true	12
false	bad argument #4 to '?' (value expected)
true	T!
true	100% x
true	  3.1|2.001|1.234568e+04|0.0001
true	Lua
true	"a\
b\"c\0"
true	w-00012: w=7; ratio=0.143; hex=ff
true	1 0.3
true	0xff 010
true	005
false	bad argument #3 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
false	invalid option '%y' to 'format'
false	bad argument #2 to '?' (number expected, got table)
true	1
true	12
=== TEST 20: gsub with a replacement without captures (substituted by re): backslashes, %%, empty matches, anchors, counts
--- lua
print(string.gsub("a1b22c333", "%d", "#"))
print(string.gsub("a1b22c333", "%d+", "\\"))
print(string.gsub("a1b22c333", "%d", "\\1\\g<0>", 2))
print(string.gsub("a1b22c333", "%d", "%%"))
print(string.gsub("abc", "", "-"))
print(string.gsub("abc", "x*", "-"))
print(string.gsub("abc abc", "^abc", "X"))
print(string.gsub("hello world", "o", "0", 0))
print(string.gsub("hello world", "o", "0", -1))
print(string.gsub("hello", "l", ""))
print(string.gsub("a.b.c", "%.", "\\n"))
print(pcall(string.gsub, "abc", "b", "%2"))
--- out
a#b##c###	6
a\b\c\	3
a\1\g<0>b\1\g<0>2c333	2
a%b%%c%%%	6
-a-b-c-	4
-a-b-c-	4
X abc	1
hello world	0
hello world	0
heo	2
a\nb\nc	2
false	invalid capture index
=== TEST 21: string.sub, find and match bounds on their fast paths (fractions, NaN, huge, strings, errors)
--- lua
local s = "hello world"
print(s:sub(2.7), s:sub(-3), s:sub(0), s:sub(2^40), s:sub("2", "3"), s:sub(1, nil), s:sub(-100, 3), s:sub(3, -3), s:sub(-2^40, 2^40))
print(s:sub(5, 2), s:sub(0/0), s:sub(2, 0/0), s:sub(-0.5, 1.5))
print(pcall(string.sub, s))
print(pcall(string.sub, s, 1, {}))
print(pcall(string.sub, nil, 1))
print(string.find(s, "o", 6), string.find(s, "o", -3), string.find(s, "l+"), string.match(s, "(w%a+)", -5))
--- out
ello world	rld	hello world	hello world	el	hello world	hel	llo wor	
	hello world		h
false	bad argument #2 to '?' (number expected, got no value)
false	bad argument #3 to '?' (number expected, got table)
false	bad argument #1 to '?' (string expected, got nil)
8	nil	3	world
=== TEST 22: generic for over one call's results (forin_results): pairs, ipairs, methods, tail calls, errors
--- lua
local t = {10, 20, x = 1}
local n = 0
for k, v in pairs(t) do n = n + v end print(n)
for i, v in ipairs(t) do io.write(i, "=", v, " ") end print()
local function three() return next, t, nil end
for k in three() do n = n + 1 end print(n)
local function none() end
print(pcall(function() for k in none() do end end))
print(pcall(function() for k in undefined_fn() do end end))
local function num() return 5 end
print(pcall(function() for k in num() do end end))
local obj = {items = function(self) return ipairs(self) end, "a", "b"}
for i, v in obj:items() do io.write(v) end print()
local function tail() return pairs(t) end
local c = 0 for k in tail() do c = c + 1 end print(c)
for w in string.gmatch("one two", "%a+") do io.write(w, ".") end print()
for a, b, c, d in pairs({5}) do print(a, b, c, d) end
--- out
31
1=10 2=20 
34
false	t.lua:8: attempt to call a nil value
false	t.lua:9: attempt to call global 'undefined_fn' (a nil value)
false	t.lua:11: attempt to call a number value
ab
3
one.two.
1	5	nil	nil
=== TEST 23: method lookups through __index (own, 1-3 levels, functions, missing) and tail calls (builtins, Lua, __call, non-functions, deep)
--- lua
local Base = {} Base.__index = Base
function Base:who() return "base" end
function Base:name() return self.tag or "?" end
local Mid = setmetatable({}, {__index = Base}) Mid.__index = Mid
function Mid:who() return "mid" end
local Leaf = setmetatable({}, {__index = Mid}) Leaf.__index = Leaf
local o1 = setmetatable({tag = "one"}, Mid)
local o3 = setmetatable({tag = "three"}, Leaf)
local own = setmetatable({who = function() return "own" end}, Mid)
print(o1:who(), o1:name(), o3:who(), o3:name(), own:who(), ("x"):rep(3))
local t = {}
setmetatable(t, Leaf)
print(t:who(), t:name())
local function get() return o3 end
print(get():who(), o3:name(o1:name(o3:who())))
local seen = {}
local Fn
Fn = setmetatable({}, {__index = function(tbl, k) seen[#seen + 1] = tbl == Fn and k return function(self, x) return k .. x end end})
local byfn = setmetatable({}, {__index = Fn})
local direct = setmetatable({}, {__index = function(tbl, k) return function(self) return tbl == self and k end end})
print(byfn:hello("!"), direct:hi(), seen[1], rawequal(seen[2], nil))
local strobj = setmetatable({}, {__index = "abc"})
print(pcall(function() return strobj:upper() end))
local nometa = {}
print(pcall(function() return nometa:missing() end))
print(pcall(function() return o1:missing() end))
print(pcall(function() return o3:missing() end))
print(pcall(function() return setmetatable({}, {}):missing() end))
local C2 = setmetatable({}, {}) C2.__index = C2 C2.off = false
print(pcall(function() return setmetatable({}, C2):missing() end))
print(pcall(function() return setmetatable({}, C2):off() end))
print(pcall(function() local x = setmetatable({}, {__index = function() error("in index") end}) return x:m() end))
local loop = {} loop.__index = loop setmetatable(loop, loop)
print(pcall(function() return setmetatable({}, loop):m() end))
-- tail calls
local V = {} V.__index = V
function V.new(x, y) return setmetatable({x = x, y = y}, V) end
function V:add(o) return V.new(self.x + o.x, self.y + o.y) end
function V:len2() return self:dot(self) end
function V:dot(o) return self.x * o.x + self.y * o.y end
local a = V.new(1, 2):add(V.new(3, 4))
print(a.x, a.y, a:len2(), getmetatable(a) == V)
local function three() return 1, 2, 3 end
local function none() end
local function t3() return three() end
local function tn() return none() end
local function tt() return t3() end
local function ts(...) return select("#", ...) end
local function tv(...) return ts(...) end
print(t3(), (t3()), tt(), tn(), tv(nil, nil), select("#", tn()))
local x1, x2, x3, x4 = tt()
print(x1, x2, x3, x4, #{tt()}, #{tt(), tt()})
local function tb(v) return tostring(v) end
local function tbb(v) return tb(v) end
print(tb(12), tbb(true), type(tbb(nil)))
local callable = setmetatable({}, {__call = function(self, v) return "called", v end})
local function tc(v) return callable(v) end
local function tcc(v) return tc(v) end
print(tc(1), tcc(2))
tc(3) tcc(4) tt() tb(5)
local function tnil() return undefined_global(1) end
local function tfield() return V.nofield(1) end
local function tmeth(o) return o:nomethod() end
local function tnum() local n = 5 return n() end
local function ttab() return ({})() end
local function chain_nil() return tnil() end
print(pcall(tnil))
print(pcall(tfield))
print(pcall(tmeth, a))
print(pcall(tnum))
print(pcall(ttab))
print(pcall(function() local r = chain_nil() return r end))
print(pcall(function() chain_nil() end))
print(pcall(function() return 1 + tnil() end))
local function terr() return error("boom") end
local function terr2() return error("up", 2) end
local function terr3() return terr2() end
print(pcall(function()
  terr()
end))
print(pcall(function()
  local v = terr3()
end))
local function tbad() return setmetatable(1, 2) end
print(select(2, pcall(tbad)):match("bad argument #1 to '%?'") ~= nil or "named")
local function ttrace() return debug.traceback("tb") end
local function caller() local s = ttrace() return s end
print((caller():gsub("%[C%]: at 0x%x+", "[C]")))
local function tinfo() return debug.getinfo(1, "Sl") end
local info = tinfo()
print(info.short_src, info.currentline, info.what)
local function tpcall(f) return pcall(f) end
print(tpcall(function() return "inside" end))
print(tpcall(function() error("e", 0) end))
local co = coroutine.wrap(function(v)
  local function y(x) return coroutine.yield(x) end
  local got = y(v + 1)
  got = y(got + 1)
  return "done", got
end)
print(co(1), co(10), co(100))
-- deep tail recursion: methods, mutual, chains ending in builtins
local Counter = {n = 0}
function Counter:down(k) if k == 0 then return self.n end self.n = self.n + 1 return self:down(k - 1) end
print(Counter:down(1000000))
local even, odd
function even(n) if n == 0 then return tostring(true) end return odd(n - 1) end
function odd(n) if n == 0 then return tostring(false) end return even(n - 1) end
print(even(100000), odd(99999), even(7))
local function loop_to_builtin(n) if n == 0 then return select("#", 1, 2) end return loop_to_builtin(n - 1) end
print(loop_to_builtin(100000))
local obj = setmetatable({}, {__call = function(self, n) if n == 0 then return "end" end return self(n - 1) end})
print(obj(50000))
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(15000))
local function inf(n) return 1 + inf(n + 1) end
print(pcall(inf, 0))
--- out
mid	one	mid	three	own	xxx
mid	?
mid	three
hello!	hi	hello	true
false	bad argument #1 to '?' (string expected, got table)
false	t.lua:25: attempt to call method 'missing' (a nil value)
false	t.lua:26: attempt to call method 'missing' (a nil value)
false	t.lua:27: attempt to call method 'missing' (a nil value)
false	t.lua:28: attempt to call method 'missing' (a nil value)
false	t.lua:30: attempt to call method 'missing' (a nil value)
false	t.lua:31: attempt to call method 'off' (a boolean value)
false	t.lua:32: in index
false	t.lua:34: loop in gettable
4	6	52	true
1	1	1	nil	2	0
1	2	3	nil	3	4
12	true	string
called	called	2
false	t.lua:61: attempt to call global 'undefined_global' (a nil value)
false	t.lua:62: attempt to call field 'nofield' (a nil value)
false	t.lua:63: attempt to call method 'nomethod' (a nil value)
false	t.lua:64: attempt to call local 'n' (a number value)
false	t.lua:65: attempt to call a table value
false	t.lua:61: attempt to call global 'undefined_global' (a nil value)
false	t.lua:61: attempt to call global 'undefined_global' (a nil value)
false	t.lua:61: attempt to call global 'undefined_global' (a nil value)
false	t.lua:79: boom
false	up
true
tb
stack traceback:
	t.lua:87: in function 'caller'
	t.lua:88: in main chunk
	[C]
t.lua	90	main
true	inside
false	e
2	11	done	100
1000000
true	true	false
2
end
15000
false	t.lua:116: stack overflow
=== TEST 24: string fast paths (one-byte class gsub, function replacements, sub/byte/find positions, digit tonumber, format numbers inline or segment by segment), # after appends, first of several results
--- lua
print(string.gsub("a1 b22\tc333", "%d", "#"))
print(string.gsub("a1 b22\tc333", "%s", ""))
print(string.gsub("a1 b22 c333", "[^%a]", "."))
print(string.gsub("a1 b22 c333", ".", "x"))
print(string.gsub("a1 b22 c333", "%d", "#", 2))
print(string.gsub("a1 b22 c333", "%d", "#", 100))
print(string.gsub("a1 b22 c333", "%d", "\\"))
print(string.gsub("a1 b22 c333", "%d", "%%"))
print(string.gsub("a1 b22 c333", "%d", 7))
print(string.gsub("", "%d", "#"))
print(string.gsub("a1 b22", "%a+", string.upper))
print(string.gsub("a1 b22", "%a+", function(w) return #w end))
print(string.gsub("a1 b22", "(%a)(%d)", function(a, d) if a == "a" then return false end return d .. a end))
print(pcall(string.gsub, "a1", "%a", function() return {} end))
print(string.gsub("a1 b22", "%a", {a = "A"}))
local co = coroutine.create(function()
  return string.gsub("ab", "%a", function(c) coroutine.yield(c) end)
end)
print(coroutine.resume(co))
local s = "hello world"
print(s:sub(1, 5), s:sub(7), s:sub(-5), s:sub(-20), s:sub(3, 0), s:sub(12), s:sub(5, 100), s:sub(-1))
print(s:byte(1), s:byte(11), s:byte(12), s:byte(-1), s:byte(0))
print(s:find("o", 1, true), s:find("o", 6, true), s:find("o", 11, true), s:find("o", 12, true), s:find("l", 4))
print(tonumber("294"), tonumber("007"), tonumber("12345678901234567890"), "10" + 1, tonumber("1_0"), tonumber(""))
local t = {}
for i = 1, 10 do t[#t + 1] = i end
print(#t)
t[#t] = nil; t[#t] = nil
print(#t)
t[9] = 9
print(#t)
table.insert(t, 10)
print(#t, t[10])
for i = 1, 10 do t[i] = nil end
print(#t)
print(string.format("%.3f|%5.1f|%g|%e|%.0f|%.1f|%g|%5.2f", 2.0005, 0.25, 1/0, 0/0, 2.5, -0.05, 0.5, -1/0))
print(string.format("%d|%5d|%x|%X|%o|%d|%x|%u", 3.9, -3.9, 255, 255.5, 8, 2^63, -1, -1))
print(string.format("%d|%x|%.2f|%g", "12", "255", "1.005", "1e300"))
print(pcall(string.format, "%d", "x"))
print(pcall(string.format, "%f", {}))
print(pcall(string.format, "%f %d", 1))
print(string.format("%.14g|%-8.3f|%+.2e|% f|%08.3f", 0.1, 1.5, 12345.678, 1, -1.5))
local a, b, c = string.find("k=v", "(%w)=(%w)")
print(a, b, c, (string.find("k=v", "=")), (string.gsub("aaa", "a", "b")))
local function two() return 1, 2 end
local x = two()
local y, z, w = two()
print(x, y, z, w)
--- out
a# b##	c###	6
a1b22c333	2
a..b...c...	8
xxxxxxxxxxx	11
a# b#2 c333	2
a# b## c###	6
a\ b\\ c\\\	6
a% b%% c%%%	6
a7 b77 c777	6
	0
A1 B22	2
11 122	2
a1 2b2	2
false	invalid replacement value (a table)
A1 b22	2
false	t.lua:17: attempt to yield across C-call boundary
hello	world	world	hello world			o world	d
104	100	nil	100
5	8	nil	nil	4	4
294	7	1.2345678901235e+19	11	nil	nil
10
8
9
10	10
0
2.001|  0.3|inf|nan|3|-0.1|0.5| -inf
3|   -3|ff|FF|10|-9223372036854775808|ffffffffffffffff|18446744073709551615
12|ff|1.00|1e+300
false	bad argument #2 to '?' (number expected, got string)
false	bad argument #2 to '?' (number expected, got table)
false	bad argument #3 to '?' (value expected)
0.1|1.500   |+1.23e+04| 1.000000|-001.500
1	3	k	2	bbb
1	1	2	nil
=== TEST 25: % by a literal inline (num_mod's formula): signs, -0, inf, nan, tiny and huge operands, coercion, __mod
--- lua
local vals = {0, -0.0, 1/0, -1/0, 0/0, 5.3, -5.3, 1e300, -1e300, -1e-20, 1e-20, 7, -7, 2^53, -2^53 + 1, 0.1, -0.1, 3.9999999999999996}
local out = {}
for _, x in ipairs(vals) do
  local a, b, c, d, e, f, g = x % 2, x % -2, x % 0.5, x % 1e300, x % 3, x % 1, x % 1e-300
  out[#out + 1] = string.format("%.17g %.17g %.17g %.17g %.17g %.17g %.17g", a, b, c, d, e, f, g)
  local y = x * 1
  out[#out + 1] = string.format("%.17g %.17g", (y + 1) % 7 - 1, y % 2 % 3)
  out[#out + 1] = tostring(1 / (x % 2)) .. " " .. tostring(1/ (x % -2))
end
local s = "10"
out[#out + 1] = tostring(s % 3) .. " " .. tostring(pcall(function() return {} % 2 end))
local mt = {__mod = function(a, b) return "mm" end}
out[#out + 1] = tostring(setmetatable({}, mt) % 2)
print(table.concat(out, "\n"))
--- out
0 0 0 0 0 0 0
0 0
inf inf
0 0 0 0 0 0 0
0 0
inf inf
nan nan nan nan nan nan nan
nan nan
nan nan
nan nan nan nan nan nan nan
nan nan
nan nan
nan nan nan nan nan nan nan
nan nan
nan nan
1.2999999999999998 -0.70000000000000018 0.29999999999999982 5.2999999999999998 2.2999999999999998 0.29999999999999982 0
5.2999999999999998 1.2999999999999998
0.76923076923077 -1.4285714285714
0.70000000000000018 -1.2999999999999998 0.20000000000000018 1.0000000000000001e+300 0.70000000000000018 0.70000000000000018 0
1.7000000000000002 0.70000000000000018
1.4285714285714 -0.76923076923077
0 0 0 0 0 0 -inf
-1 0
inf inf
0 0 0 0 0 0 inf
-1 0
inf inf
2 -9.9999999999999995e-21 0.5 1.0000000000000001e+300 3 1 -1.504632769052528e-36
0 2
0.5 -1e+20
9.9999999999999995e-21 -2 9.9999999999999995e-21 9.9999999999999995e-21 9.9999999999999995e-21 9.9999999999999995e-21 1.504632769052528e-36
0 9.9999999999999995e-21
1e+20 -0.5
1 -1 0 7 1 0 0
0 1
1 -1
1 -1 0 1.0000000000000001e+300 2 0 0
0 1
1 -1
0 0 0 9007199254740992 2 0 -inf
3 0
inf inf
1 -1 0 1.0000000000000001e+300 1 0 inf
5 1
1 -1
0.10000000000000001 -1.8999999999999999 0.10000000000000001 0.10000000000000001 0.10000000000000001 0.10000000000000001 0
0.10000000000000009 0.10000000000000001
10 -0.52631578947368
1.8999999999999999 -0.10000000000000001 0.40000000000000002 1.0000000000000001e+300 2.8999999999999999 0.90000000000000002 0
-0.099999999999999978 1.8999999999999999
0.52631578947368 -10
1.9999999999999996 -4.4408920985006262e-16 0.49999999999999956 3.9999999999999996 0.99999999999999956 0.99999999999999956 0
4 1.9999999999999996
0.5 -2.2517998136852e+15
1 false
mm
=== TEST 26: builtins that cannot be yielded across (sort, gsub) leave the coroutine able to yield after an error; next() from a key before any traversal
--- lua
local co = coroutine.create(function()
  local t = {3, 1, 2}
  print(pcall(table.sort, t, function(a, b) coroutine.yield("in sort") return a < b end))
  print(pcall(string.gsub, "ab", "%a", function(c) error("boom " .. c) end))
  print(pcall(string.gsub, "ab", "%a", function(c) coroutine.yield(c) end))
  coroutine.yield("after")
  table.sort(t, function(a, b) return a > b end)
  return t[1], t[2], t[3]
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.status(co))
local t = {a = 1}
print(next(t, "a"), pcall(next, t, "b"))
local k = next(t)
print(k, next(t, k))
print(pcall(next, {}, "x"))
--- out
false	t.lua:3: attempt to yield across C-call boundary
false	t.lua:4: boom a
false	t.lua:5: attempt to yield across C-call boundary
true	after
true	3	2	1
dead
nil	false	invalid key to 'next'
a	nil
false	invalid key to 'next'

=== TEST 27: table constructors with string keys only (a dict display): nil values left out, upvalues changed by a later item, duplicate keys, multiple results truncated, yields inside; # from the border hint after appends, removals and __newindex
--- lua
local x = 1
local function f() x = nil; return 2 end
local t = {a = x, b = f()}
print(t.a, t.b)
local y
local function g() y = 5; return 3 end
local u = {a = y, b = g(), c = y}
local n = 0
for _ in pairs(u) do n = n + 1 end
print(u.a, u.b, u.c, n)
local function h() return nil end
local w = {p = h(), q = 1, r = nil, s = false, fn = print}
n = 0
for _ in pairs(w) do n = n + 1 end
print(w.p, w.q, w.r, w.s, w.fn == print, n)
local d = {a = 1, a = nil, b = 2, b = 3}
print(d.a, d.b, next(d))
local function two() return 1, 2 end
local e = {["x"] = two(), y = (two())}
print(e.x, e.y, pcall(function() return {a = 1, b = nil + 1} end))
local co = coroutine.wrap(function(a) return {k = coroutine.yield(a), m = a} end)
co("first")
local r = co("second")
print(r.k, r.m)
local arr = {}
for i = 1, 10 do arr[#arr + 1] = i end
print(#arr)
for i = 10, 6, -1 do arr[i] = nil end
print(#arr)
arr[#arr + 1] = "x"
print(#arr, arr[6])
table.remove(arr)
table.remove(arr, 1)
print(#arr, #{}, #{n = 1}, #{nil, 2}, #{1, 2, 3, nil})
local m = setmetatable({}, {__len = function() return 99 end, __newindex = function(t, k, v) rawset(t, k, v * 2) end})
m[#m + 1] = 5
print(#m, rawget(m, 1), #"abc")
print(pcall(function() return #nil end))
print(pcall(function() local q = {a = nil} return #q.a end))
--- out
1	2
nil	3	5	2
nil	1	nil	false	true	3
nil	3	b	3
1	1	false	t.lua:20: attempt to perform arithmetic on a nil value
second	first
10
5
6	x
4	0	0	2	3
1	10	3
false	t.lua:38: attempt to get length of a nil value
false	t.lua:39: attempt to get length of field 'a' (a nil value)

=== TEST 28: t[#t + 1] = v moves the border hint (locals, literals, pure arithmetic; not a global read through __index, not a call), holes, nil appends, __newindex; table.remove's border hint (pop to empty, by position, fractional position)
--- lua
local t = {}
for i = 1, 5 do t[#t + 1] = i * 10 end
print(#t, t[5])
t[#t + 1] = nil
print(#t)
t[7] = 70
t[#t + 1] = "six"
print(#t, t[6], t[8])
t[#t + 1] = #t
print(#t, t[8])
local s = {1, 2, nil, 4}
s[#s + 1] = 5
print(#s, s[5])
local st = {}
for i = 1, 4 do st[#st + 1] = i end
while #st > 0 do io.write(table.remove(st), " ") end
print(#st, table.remove(st))
local q = {1, 2, 3, 4, 5}
print(table.remove(q, 2), #q, q[4], q[5])
print(table.remove(q, 2.5), #q, q[1], q[2], q[3], q[4])
q[#q + 1] = "x"
print(#q, q[#q])
local m = setmetatable({}, {__newindex = function(tt, k, v) rawset(tt, k, v .. "!") end})
m[#m + 1] = "a"
m[#m + 1] = "b"
print(#m, m[1], m[2])
setmetatable(_G, {__index = function(_, k) t[#t + 1] = k; return k end})
local g = {}
g[#g + 1] = undefined_global
g[#g + 1] = other_global
print(#g, g[1], g[2], #t, t[#t])
setmetatable(_G, nil)
local u = {}
local function add(v) u[#u + 1] = v end
for i = 1, 3 do add(i) end
u[#u + 1] = (function() u[#u + 1] = "inner"; return "outer" end)()
print(#u, u[4], u[5])
local h = {}
h[#h + 1] = 1; h[#h + 1] = 2; h[2] = nil; h[#h + 1] = 3
print(#h, h[2], h[3])
--- out
5	50
5
7	six	nil
8	7
5	5
4 3 2 1 0
2	4	5	nil
3	3	1	4	4	nil
4	x
2	a!	b!
2	undefined_global	other_global	10	other_global
4	outer	nil
2	3	nil

=== TEST 29: table reads and key tests through dict's own C slots (dictslots.py): hits, misses through __index tables and functions, __newindex only for absent keys, number, NaN and boolean keys
--- lua
local base = {greet = "hi"}
local t = setmetatable({own = 1}, {__index = base})
print(t.own, t.greet, t.none, rawget(t, "greet"))
local f = setmetatable({}, {__index = function(_, k) return tostring(k) .. "?" end})
print(f.x, f[1], f[true])
local log = {}
local w = setmetatable({present = 1}, {__newindex = function(tt, k, v) log[#log + 1] = k; rawset(tt, k, v) end})
w.present = 2
w.absent = 3
w.absent = 4
print(w.present, w.absent, #log, log[1])
local nan = 0 / 0
local n = {[1] = "one", [2.5] = "x"}
print(n[1], n[1.0], n[2.5], n[nan], n[true], pcall(function() n[nan] = 1 end))
local b = {[true] = "yes", [false] = "no"}
print(b[true], b[false], b[1], b[0])
--- out
1	hi	nil	nil
x?	1?	true?
2	4	1	absent
one	one	x	nil	nil	false	t.lua:14: table index is NaN
yes	no	nil	nil

=== TEST 30: method lookup by key tests (k in t, then t[k]): own, class and base-class methods, a false method, __index functions and non-tables, no method, methods added or __index swapped after the objects were made
--- lua
local A = {}
A.__index = A
function A:who() return "A" end
function A:only_a() return "only a" end
local B = setmetatable({}, A)
B.__index = B
function B:who() return "B" end
local C = setmetatable({}, B)
C.__index = C
local c = setmetatable({}, C)
print(c:who(), c:only_a())
function c:who() return "own" end
print(c:who())
c.who = false
print(pcall(function() return c:who() end))
c.who = nil
print(c:who())
local F = setmetatable({}, {__index = function(_, k) return function() return "fn " .. k end end})
F.__index = F
local o = setmetatable({}, F)
print(o:any())
local nomt = setmetatable({}, {})
print(pcall(function() return nomt:missing() end))
local idx_not_table = setmetatable({}, {__index = 42})
print(pcall(function() return idx_not_table:m() end))
local s = "abc"
print(s:upper(), ("x"):rep(3))
local mt = {}
mt.__index = mt
local obj = setmetatable({}, mt)
mt.late = function(self) return "late" end
print(obj:late())
mt.__index = {late = function() return "swapped" end}
print(obj:late())
--- out
B	only a
own
false	t.lua:15: attempt to call method 'who' (a boolean value)
B
fn any
false	t.lua:23: attempt to call method 'missing' (a nil value)
false	t.lua:25: attempt to index a number value
ABC	xxx
late
swapped
=== TEST 31: numeric for as islice(count(start, step), turns): turn counts for ascending, descending and stepped loops with literal and computed bounds, empty loops, fractional limits, -0 start, bounds near 2^53, the counter assigned in the body
--- lua
-- twice: compiled with tier 1 on (loops call forloop()) and off (inline loops)
local src = [==[
local function show(a, b, c)
  local t = {}
  if c then for i = a, b, c do t[#t+1] = i end
  else for i = a, b do t[#t+1] = i end end
  print(a, b, c, #t, t[1], t[#t], 1/(t[1] or 1))
end
show(1, 5) show(1, 0) show(1, -3) show(3, 3) show(2, 9, 3) show(2, 8, 3) show(9, 2, -3) show(9, 1, -3)
show(5, 1, -1) show(5, 6, -1) show(0, -2, -1) show(1.5, 4) show(1, 4.5) show(1, -4.5)
show(-3, -1) show(-3, -5, -1) show(1, 0/0) show(1, -0) show(0, 0)
for i = 1, 3.7 do io.write(i, " ") end print()
for i = 10, 3.2, -2 do io.write(i, " ") end print()
for i = -2, 2.2, 2 do io.write(i, " ") end print()
for i = 5, 5.9, 7 do io.write(i, " ") end print()
local n = 7
for i = n, 1, -3 do io.write(i, " ") end print()
for i = n - 5, n do io.write(i, " ") end print()
for i = n, -2.5, -1 do io.write(i, " ") end print()
for i = 2, n, 4 do io.write(i, " ") end print()
for i = -1, -n, -2 do io.write(i, " ") end print()
for i = n, n - 1 do io.write(i, " ") end print("none")
for i = 3, n, -1 do io.write(i, " ") end print("none")
local z = -0
for i = z, 1 do io.write(1/i, " ") end print()
for i = 2^53 - 3, 2^53 - 1 do io.write(string.format("%.0f ", i)) end print()
for i = -2^53 + 2, -2^53 + 1, -1 do io.write(string.format("%.0f ", i)) end print()
for i = 1, n do i = i * 10; io.write(i, " ") end print()
for i = 1, "3" do io.write(i, " ") end print()
print(pcall(function() for i = 1, {} do end end))
]==]
assert(loadstring(src, "=t.lua"))()
jit.off()
assert(loadstring(src, "=t.lua"))()
--- out
1	5	nil	5	1	5	1
1	0	nil	0	nil	nil	1
1	-3	nil	0	nil	nil	1
3	3	nil	1	3	3	0.33333333333333
2	9	3	3	2	8	0.5
2	8	3	3	2	8	0.5
9	2	-3	3	9	3	0.11111111111111
9	1	-3	3	9	3	0.11111111111111
5	1	-1	5	5	1	0.2
5	6	-1	0	nil	nil	1
0	-2	-1	3	0	-2	inf
1.5	4	nil	3	1.5	3.5	0.66666666666667
1	4.5	nil	4	1	4	1
1	-4.5	nil	0	nil	nil	1
-3	-1	nil	3	-3	-1	-0.33333333333333
-3	-5	-1	3	-3	-5	-0.33333333333333
1	nan	nil	0	nil	nil	1
1	-0	nil	0	nil	nil	1
0	0	nil	1	0	0	inf
1 2 3 
10 8 6 4 
-2 0 2 
5 
7 4 1 
2 3 4 5 6 7 
7 6 5 4 3 2 1 0 -1 -2 
2 6 
-1 -3 -5 -7 
none
none
-inf 1 
9007199254740989 9007199254740990 9007199254740991 
-9007199254740990 -9007199254740991 
10 20 30 40 50 60 70 
1 2 3 
false	t.lua:28: 'for' limit must be a number
1	5	nil	5	1	5	1
1	0	nil	0	nil	nil	1
1	-3	nil	0	nil	nil	1
3	3	nil	1	3	3	0.33333333333333
2	9	3	3	2	8	0.5
2	8	3	3	2	8	0.5
9	2	-3	3	9	3	0.11111111111111
9	1	-3	3	9	3	0.11111111111111
5	1	-1	5	5	1	0.2
5	6	-1	0	nil	nil	1
0	-2	-1	3	0	-2	inf
1.5	4	nil	3	1.5	3.5	0.66666666666667
1	4.5	nil	4	1	4	1
1	-4.5	nil	0	nil	nil	1
-3	-1	nil	3	-3	-1	-0.33333333333333
-3	-5	-1	3	-3	-5	-0.33333333333333
1	nan	nil	0	nil	nil	1
1	-0	nil	0	nil	nil	1
0	0	nil	1	0	0	inf
1 2 3 
10 8 6 4 
-2 0 2 
5 
7 4 1 
2 3 4 5 6 7 
7 6 5 4 3 2 1 0 -1 -2 
2 6 
-1 -3 -5 -7 
none
none
-inf 1 
9007199254740989 9007199254740990 9007199254740991 
-9007199254740990 -9007199254740991 
10 20 30 40 50 60 70 
1 2 3 
false	t.lua:28: 'for' limit must be a number
=== TEST 32: two-name generic for over C walks (forloop.forin2): pairs skips fields cleared during the walk and sees changed values, boolean keys, ipairs reads each field at its turn, stops at the first nil and is raw, break, closures over loop values, nested walks, other iterators' nil values, next and ipairs' step function given directly, pairs and ipairs redefined, errors
--- lua
-- pairs: fields cleared during the walk are skipped, values changed are seen
local t = {}
for i = 1, 10 do t[i] = i * 10 end
t.a, t.b, t.c = "A", false, 0
local n, sum = 0, 0
for k, v in pairs(t) do
  n = n + 1
  if type(k) == "number" then
    t[k + 1] = nil            -- clear the next field (if the walk reaches it later)
    if t[k + 2] then t[k + 2] = t[k + 2] + 1 end
    sum = sum + v
  end
end
print(n <= 13, t.b, t.c)
local arr6 = {1, 2, 3, 4, 5, 6}
local got = {}
for k, v in pairs(arr6) do
  if k == 2 then arr6[3] = nil; arr6[5] = nil; arr6[6] = arr6[6] * 7 end
  got[#got + 1] = k .. "=" .. v
end
print(table.concat(got, " "))
local keys = {}
for k, v in pairs({x = false, y = 0, z = "s"}) do keys[#keys + 1] = tostring(k) .. "=" .. tostring(v) end
table.sort(keys) print(table.concat(keys, " "))
-- boolean keys come back as booleans
local b = {[true] = "yes", [false] = "no", [1] = "one"}
local seen = {}
for k, v in pairs(b) do seen[#seen + 1] = type(k) .. ":" .. tostring(k) .. "=" .. v end
table.sort(seen) print(table.concat(seen, " "))
-- every field cleared during the walk: nothing after the first
local c = {p = 1, q = 2, r = 3}
local count = 0
for k in pairs(c) do count = count + 1 end
for k, v in pairs(c) do for k2 in pairs(c) do c[k2] = nil end; count = count + v * 0 + 1 end
print(count, next(c))
-- ipairs stops at the first nil, reads each field when its turn comes, is raw
local a = {1, 2, 3, nil, 5}
local s = ""
for i, v in ipairs(a) do s = s .. i .. "=" .. v .. " " end print(s)
local grow = {1}
for i, v in ipairs(grow) do if i < 5 then grow[i + 1] = v * 2 end end
print(#grow, grow[5])
local shrink = {1, 2, 3, 4, 5}
s = ""
for i, v in ipairs(shrink) do s = s .. v; shrink[i + 2] = nil end print(s)
local proxy = setmetatable({10}, {__index = function(t, k) return k * 100 end})
s = ""
for i, v in ipairs(proxy) do s = s .. v .. " " end print(s)
for i, v in ipairs({}) do print("never") end
-- break, goto-free continue shapes, nested walks, closures over the loop values
local fs = {}
for i, v in ipairs({"a", "b", "c"}) do
  if v == "b" then break end
  fs[#fs + 1] = function() return i .. v end
end
print(#fs, fs[1]())
local m = 0
for _, x in ipairs({1, 2}) do for _, y in ipairs({10, 20}) do m = m + x * y end end
print(m)
-- iterators that are not pairs/ipairs of a plain table: nil values are theirs
local function gen(_, i) if i < 3 then return i + 1, nil end end
s = ""
for i, v in gen, nil, 0 do s = s .. i .. ":" .. tostring(v) .. " " end print(s)
local function gen2(_, i) if i < 4 then if i % 2 == 0 then return i + 1, i else return i + 1 end end end
s = ""
for i, v in gen2, nil, 0 do s = s .. i .. ":" .. tostring(v) .. " " end print(s)
s = ""
for k, v in next, {5, 6} do s = s .. k .. v end print(s)
s = ""
local istep = ipairs({})
for i, v in istep, {7, 8}, 0 do s = s .. i .. v end print(s)
s = ""
for i, v in ipairs({7, 8}), {9}, 0 do s = s .. i .. v end print(s)
local ip = ipairs
ipairs = function(t) return ip(t) end
s = ""
for i, v in ipairs({3, 4}) do s = s .. i .. v end print(s)
pairs = function(t) return function(_, k) if not k then return 1, nil end end, t, nil end
s = ""
for k, v in pairs({1}) do s = s .. k .. tostring(v) end print(s)
print(pcall(function() for k, v in ip(nil) do end end))
print(pcall(function() for k, v in 3 do end end))
-- ipairs over longer arrays (their border hint set by appends): the C walk
local long = {}
for i = 1, 20 do long[#long + 1] = i * 2 end
local acc, last = 0, 0
for i, v in ipairs(long) do
  acc = acc + v; last = i
  if i == 10 then long[15] = nil; long[11] = -1 end
end
print(acc, last)
long[15] = 30
local got = {}
for i, v in ipairs(long) do
  got[#got + 1] = v
  if i == 20 then long[21] = "more" end
end
print(#got, got[11], got[21])
local s2 = ""
for i, v in ipairs(long) do if v == 30 then break end; s2 = s2 .. i .. " " end print(s2)
--- out
true	false	0
1=1 2=2 4=4 6=42
x=false y=0 z=s
boolean:false=no boolean:true=yes number:1=one
4	nil
1=1 2=2 3=3 
5	16
12
10 
1	1a
90
1:nil 2:nil 3:nil 
1:0 2:nil 3:2 4:nil 
1526
1728
19
1324
1nil
false	t.lua:81: bad argument #1 to 'ip' (table expected, got nil)
false	t.lua:82: attempt to call a number value
187	14
21	-1	more
1 2 3 4 5 6 7 8 9 10 11 12 13 14 
=== TEST 33: hot string.format plans get their own function (stdlib/string.py _fast_format): every conversion kind, arguments it hands back to the general path (strings for numbers, numbers for %s, negative for %x, ties, inf, nan, -0, missing, extra, wrong types), %% and formats without conversions
--- lua
-- each format used often enough to get its own function, with arguments
-- of every kind: those it formats and those it hands to the general path
local fmts = {
  "%s-%05d: %s=%d; ratio=%.3f; hex=%x; %X %o %u",
  "%g|%e|%.2f|%5.1f|%-8s|%i",
  "100%% %d",
  "no conversion",
  "%c%q%s",
}
local args = {
  {"w", 7, "k", -3, 1/7, 255, 255, 8, 9},
  {0.1, 12345.678, 2.675, -0.05, "ab", 42},
  {12},
  {},
  {65, "a\nb", 3},
}
for round = 1, 12 do
  for i, f in ipairs(fmts) do
    local s = string.format(f, unpack(args[i]))
    if round == 1 or round == 12 then print(s) end
  end
end
local f = "%d|%s|%x|%.1f|%g"
for round = 1, 12 do
  print(pcall(string.format, f, 2.5, 12, -1, 0.25, 0.5))    -- 12 as %s, -1 %x, 0.25 a tie
  print(pcall(string.format, f, 1e300, {} ~= nil, 3, 1/0, 0/0 ~= 0/0))
  print(pcall(string.format, f, "12", 1, 2, "3.5", -0.0))
  print(pcall(string.format, f, 1, "s", 3))                    -- missing arguments
  print(pcall(string.format, f, {}, "s", 3, 4, 5))             -- a table for %d
  print(pcall(string.format, f, 1, nil, 3, 4, 5))              -- nil for %s
  print(pcall(string.format, f, 1, "s", 3, 4, 5, 6, 7))        -- extra arguments
  print(pcall(string.format, f, -2^63, "s", -1, 0.3, 2))       -- only %x is not converted inline
  print(pcall(string.format, f, 2^63, "s", 2^64, 0.3, 2))
end
local g = "%.3f %.0f %.1f %5.2f"
for round = 1, 12 do
  print(string.format(g, 0.0005, 2.5, -0.25, 1.005), string.format(g, 1/3, 0.5, 0.05, -2.345))
end
--- out
w-00007: k=-3; ratio=0.143; hex=ff; FF 10 9
0.1|1.234568e+04|2.67| -0.1|ab      |42
100% 12
no conversion
A"a\
b"3
w-00007: k=-3; ratio=0.143; hex=ff; FF 10 9
0.1|1.234568e+04|2.67| -0.1|ab      |42
100% 12
no conversion
A"a\
b"3
true	2|12|ffffffffffffffff|0.3|0.5
false	bad argument #6 to '?' (number expected, got boolean)
true	12|1|2|3.5|-0
false	bad argument #5 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
true	1|nil|3|4.0|5
true	1|s|3|4.0|5
true	-9223372036854775808|s|ffffffffffffffff|0.3|2
true	-9223372036854775808|s|0|0.3|2
true	2|12|ffffffffffffffff|0.3|0.5
false	bad argument #6 to '?' (number expected, got boolean)
true	12|1|2|3.5|-0
false	bad argument #5 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
true	1|nil|3|4.0|5
true	1|s|3|4.0|5
true	-9223372036854775808|s|ffffffffffffffff|0.3|2
true	-9223372036854775808|s|0|0.3|2
true	2|12|ffffffffffffffff|0.3|0.5
false	bad argument #6 to '?' (number expected, got boolean)
true	12|1|2|3.5|-0
false	bad argument #5 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
true	1|nil|3|4.0|5
true	1|s|3|4.0|5
true	-9223372036854775808|s|ffffffffffffffff|0.3|2
true	-9223372036854775808|s|0|0.3|2
true	2|12|ffffffffffffffff|0.3|0.5
false	bad argument #6 to '?' (number expected, got boolean)
true	12|1|2|3.5|-0
false	bad argument #5 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
true	1|nil|3|4.0|5
true	1|s|3|4.0|5
true	-9223372036854775808|s|ffffffffffffffff|0.3|2
true	-9223372036854775808|s|0|0.3|2
true	2|12|ffffffffffffffff|0.3|0.5
false	bad argument #6 to '?' (number expected, got boolean)
true	12|1|2|3.5|-0
false	bad argument #5 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
true	1|nil|3|4.0|5
true	1|s|3|4.0|5
true	-9223372036854775808|s|ffffffffffffffff|0.3|2
true	-9223372036854775808|s|0|0.3|2
true	2|12|ffffffffffffffff|0.3|0.5
false	bad argument #6 to '?' (number expected, got boolean)
true	12|1|2|3.5|-0
false	bad argument #5 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
true	1|nil|3|4.0|5
true	1|s|3|4.0|5
true	-9223372036854775808|s|ffffffffffffffff|0.3|2
true	-9223372036854775808|s|0|0.3|2
true	2|12|ffffffffffffffff|0.3|0.5
false	bad argument #6 to '?' (number expected, got boolean)
true	12|1|2|3.5|-0
false	bad argument #5 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
true	1|nil|3|4.0|5
true	1|s|3|4.0|5
true	-9223372036854775808|s|ffffffffffffffff|0.3|2
true	-9223372036854775808|s|0|0.3|2
true	2|12|ffffffffffffffff|0.3|0.5
false	bad argument #6 to '?' (number expected, got boolean)
true	12|1|2|3.5|-0
false	bad argument #5 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
true	1|nil|3|4.0|5
true	1|s|3|4.0|5
true	-9223372036854775808|s|ffffffffffffffff|0.3|2
true	-9223372036854775808|s|0|0.3|2
true	2|12|ffffffffffffffff|0.3|0.5
false	bad argument #6 to '?' (number expected, got boolean)
true	12|1|2|3.5|-0
false	bad argument #5 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
true	1|nil|3|4.0|5
true	1|s|3|4.0|5
true	-9223372036854775808|s|ffffffffffffffff|0.3|2
true	-9223372036854775808|s|0|0.3|2
true	2|12|ffffffffffffffff|0.3|0.5
false	bad argument #6 to '?' (number expected, got boolean)
true	12|1|2|3.5|-0
false	bad argument #5 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
true	1|nil|3|4.0|5
true	1|s|3|4.0|5
true	-9223372036854775808|s|ffffffffffffffff|0.3|2
true	-9223372036854775808|s|0|0.3|2
true	2|12|ffffffffffffffff|0.3|0.5
false	bad argument #6 to '?' (number expected, got boolean)
true	12|1|2|3.5|-0
false	bad argument #5 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
true	1|nil|3|4.0|5
true	1|s|3|4.0|5
true	-9223372036854775808|s|ffffffffffffffff|0.3|2
true	-9223372036854775808|s|0|0.3|2
true	2|12|ffffffffffffffff|0.3|0.5
false	bad argument #6 to '?' (number expected, got boolean)
true	12|1|2|3.5|-0
false	bad argument #5 to '?' (value expected)
false	bad argument #2 to '?' (number expected, got table)
true	1|nil|3|4.0|5
true	1|s|3|4.0|5
true	-9223372036854775808|s|ffffffffffffffff|0.3|2
true	-9223372036854775808|s|0|0.3|2
0.001 3 -0.3  1.00	0.333 1 0.1 -2.35
0.001 3 -0.3  1.00	0.333 1 0.1 -2.35
0.001 3 -0.3  1.00	0.333 1 0.1 -2.35
0.001 3 -0.3  1.00	0.333 1 0.1 -2.35
0.001 3 -0.3  1.00	0.333 1 0.1 -2.35
0.001 3 -0.3  1.00	0.333 1 0.1 -2.35
0.001 3 -0.3  1.00	0.333 1 0.1 -2.35
0.001 3 -0.3  1.00	0.333 1 0.1 -2.35
0.001 3 -0.3  1.00	0.333 1 0.1 -2.35
0.001 3 -0.3  1.00	0.333 1 0.1 -2.35
0.001 3 -0.3  1.00	0.333 1 0.1 -2.35
0.001 3 -0.3  1.00	0.333 1 0.1 -2.35
=== TEST 34: arithmetic on two computed operands (call results, field reads) tested by one class-test chain (fused.every): tables with metamethods, numeric strings, NaN, nil and non-numeric operands and their errors
--- lua
-- arithmetic on two computed operands (calls, field reads): one class test
-- chain for both, then the metamethod or coercion path when either is not a number
local mt = {__add = function(a, b) return "add" end, __mul = function(a, b) return "mul" end,
            __sub = function(a, b) return "sub" end}
local function id(x) return x end
local objs = {setmetatable({}, mt), 3, "4", setmetatable({}, mt)}
local rec = {a = 2, b = "5", c = setmetatable({}, mt), d = 0/0}
for i = 1, #objs do
  for j = 1, #objs do
    io.write(tostring(id(objs[i]) + id(objs[j])), " ", tostring(objs[i] * objs[j]), " ",
             tostring(id(objs[i]) - rec.a), " ")
  end
  print()
end
print(rec.a + rec.b, rec.b * rec.a, tostring(rec.c + rec.a), tostring(rec.a - rec.c), rec.d + rec.a ~= rec.d + rec.a)
print(pcall(function() return id(1) + id(nil) end))
print(pcall(function() return id({}) * id(2) end))
print(pcall(function() return rec.a + rec.zz end))
print(pcall(function() return id("x") - rec.a end))
local s = 0
for i = 1, 5 do s = s + id(i) * objs[2] + rec.a * id(i) end
print(s)
-- three and four computed operands: each is computed even when an earlier one is not a number
local o = setmetatable({}, {__add = function(a, b) return 100 end, __mul = function(a, b) return 7 end})
local function num(x) return x end
for _, v in ipairs({1, o, "2"}) do
  print(num(1) + num(v) + num(5), num(v) * num(2) + num(3), num(2) * num(3) + num(v) * num(4),
        rec.a + num(v) + rec.a)
end
-- three and four field reads in one expression
local r2 = {x = 1, y = "2", z = 3, w = 4, t = o}
print(r2.x + r2.y + r2.z, r2.y * r2.x + r2.z * r2.w, r2.x * r2.z + r2.w * r2.y, r2.x - r2.z - r2.y - r2.w)
print(r2.x + r2.t + r2.z, r2.t * r2.x + r2.z * r2.w, r2.x * r2.z + r2.w * r2.t)
print(r2.x * r2.x + r2.z * r2.z + r2.w * r2.w, r2.x + r2.z + r2.w)
--- out
add mul sub add mul sub add mul sub add mul sub 
add mul 1 6 9 1 7 12 1 add mul 1 
add mul 2 7 12 2 8 16 2 add mul 2 
add mul sub add mul sub add mul sub add mul sub 
7	10	add	sub	true
false	t.lua:16: attempt to perform arithmetic on a nil value
false	t.lua:17: attempt to perform arithmetic on a table value
false	t.lua:18: attempt to perform arithmetic on field 'zz' (a nil value)
false	t.lua:19: attempt to perform arithmetic on a string value
75
7	5	10	5
105	10	13	102
8	7	14	6
6	14	11	-8
103	19	10
26	8
=== TEST 35: one-name generic for over pairs walks in C (forloop.forin): fields cleared during the walk are skipped, false values and boolean keys are given, empty and nested walks, break, closures over the key, raw over a metatable
--- lua
-- pairs: fields cleared during the walk are skipped (those after the clearing one)
local t = {}
for i = 1, 6 do t[i] = i end
t.a, t.b = "A", false
local seen = {}
for k in pairs(t) do
  seen[#seen + 1] = tostring(k)
  if k == 1 then for j = 2, 6 do t[j] = nil end; t.a = nil; t.b = nil end
end
table.sort(seen)
print(#seen, seen[1])
-- a false value is a field: its key is given
local f = {x = false, y = false}
local n = 0
for k in pairs(f) do n = n + 1 end
print(n)
-- boolean keys come back as booleans
local b = {[true] = 1, [false] = 2, z = 3}
local kinds = {}
for k in pairs(b) do kinds[#kinds + 1] = type(k) end
table.sort(kinds)
print(table.concat(kinds, " "))
-- an empty table, and a nested walk over the same table
for k in pairs({}) do print("never") end
local m, pairs_seen = {p = 1, q = 2}, 0
for k in pairs(m) do for k2 in pairs(m) do pairs_seen = pairs_seen + 1 end end
print(pairs_seen)
-- break, and a closure over the loop variable
local fns = {}
for k in pairs({10, 20, 30}) do fns[#fns + 1] = function() return k end; if k == 2 then break end end
print(#fns <= 3, fns[1]() ~= nil)
-- a table with a metatable: pairs is raw
local mt = setmetatable({1, 2}, {__index = function() return 99 end})
local c = 0
for k in pairs(mt) do c = c + k end
print(c)
--- out
1	1
2
boolean boolean string
4
true	true
3

=== TEST 36: `for ... in pairs(t)` / `ipairs(t)` start without the call while the name holds the builtin (forloop.forin_pairs): a local alias, a replaced pairs is called, a nil pairs and a non-table t fail as the call would, boolean keys, three names
--- lua
local t = {a = 1, b = 2, 10, 20}
-- a local alias of the builtin takes the same walk
local lpairs, lipairs = pairs, ipairs
local sum = 0
for k, v in lpairs(t) do sum = sum + v end
for i, v in lipairs(t) do sum = sum + i * v end
for k in lpairs(t) do sum = sum + 1 end
print(sum)
-- a pairs of the user's own is called, with the loop's argument
local calls = 0
local real = pairs
pairs = function(x) calls = calls + 1; return next, x, nil end
for k in pairs(t) do end
for k, v in pairs(t) do end
pairs = real
print(calls)
-- three names: the call, as any iterator
local n3 = 0
for k, v, extra in pairs({x = 1}) do n3 = n3 + v; assert(extra == nil) end
print(n3)
-- boolean keys through the walk's fallback
local kinds = {}
for k, v in pairs({[true] = "t", [false] = "f"}) do kinds[#kinds + 1] = tostring(k) .. "=" .. v end
table.sort(kinds)
print(table.concat(kinds, " "))
-- errors name the function as the call does
print(pcall(function() for k in pairs(nil) do end end))
print(pcall(function() for i, v in ipairs("s") do end end))
print(pcall(function() local p = pairs; pairs = nil; local ok, e = pcall(function() for k in pairs({}) do end end); pairs = p; error(e, 0) end))
-- the argument is evaluated once, after the function
local order = {}
local src = setmetatable({}, {__index = function(_, k) order[#order + 1] = k; return t end})
for k in pairs(src.tbl) do end
print(#order, order[1])
--- out
87
2
1
false=f true=t
false	t.lua:27: bad argument #1 to 'pairs' (table expected, got nil)
false	t.lua:28: bad argument #1 to 'ipairs' (table expected, got string)
false	t.lua:29: attempt to call global 'pairs' (a nil value)
1	tbl
