# Local variables, blocks, shadowing, globals, multiple assignment order.
=== TEST 1: locals shadow globals
--- lua
x = "global"
local x = "local"
print(x, _G.x)
--- out
local	global
=== TEST 2: do blocks limit scope
--- lua
local a = 1
do local a = 2 print(a) end
print(a)
--- out
2
1
=== TEST 3: a local is not visible in its own initializer
--- lua
local v = "outer"
do
  local v = v .. "+inner"
  print(v)
end
--- out
outer+inner
=== TEST 4: local function can call itself
--- lua
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10))
--- out
3628800
=== TEST 5: local f = function cannot see itself
--- lua
local f = function(n) if n == 0 then return "done" end return f(n - 1) end
print(pcall(f, 2))
--- out
false	t.lua:1: attempt to call global 'f' (a nil value)
=== TEST 6: uninitialized locals are nil
--- lua
local a, b, c
print(a, b, c)
--- out
nil	nil	nil
=== TEST 7: extra values are dropped, missing ones are nil
--- lua
local a, b = 1, 2, 3
local c, d, e = 4
print(a, b, c, d, e)
--- out
1	2	4	nil	nil
=== TEST 8: swapping with multiple assignment
--- lua
local a, b = 1, 2
a, b = b, a
print(a, b)
--- out
2	1
=== TEST 9: right side is evaluated before assignment
--- lua
local i = 1
local t = {10, 20, 30}
i, t[i] = i + 1, "x"
print(i, t[1], t[2])
--- out
2	x	20
=== TEST 10: redeclaring a local in the same scope
--- lua
local x = 1
local x = x + 1
local x = x * 10
print(x)
--- out
20
=== TEST 11: loop variable is local to the loop
--- lua
local i = "outer"
for i = 1, 2 do end
print(i)
--- out
outer
=== TEST 12: assigning to the numeric loop variable does not change iteration
--- lua
for i = 1, 3 do
  local j = i
  i = i * 10
  io.write(j, ":", i, " ")
end
print()
--- out
1:10 2:20 3:30 
=== TEST 13: globals are fields of _G
--- lua
g1 = 5
print(_G.g1, _G["g1"], rawget(_G, "g1"))
_G.g2 = 6
print(g2)
--- out
5	5	5
6
=== TEST 14: undefined globals are nil
--- lua
print(undefined_global_xyz)
--- out
nil
=== TEST 15: assigning nil removes a global
--- lua
gx = 1
gx = nil
print(rawget(_G, "gx"))
--- out
nil
=== TEST 16: local in repeat is visible in until
--- lua
local n = 0
repeat local done = n >= 3; n = n + 1 until done
print(n)
--- out
4
=== TEST 17: nested functions see enclosing locals
--- lua
local a = 1
local function f()
  local b = 2
  local function g() return a + b end
  return g()
end
print(f())
--- out
3
=== TEST 18: many locals in one function
--- lua
local src = {}
for i = 1, 199 do src[#src + 1] = "local v" .. i .. " = " .. i end
src[#src + 1] = "return v1 + v199"
print(loadstring(table.concat(src, "\n"))())
--- out
200
=== TEST 19: local scope ends before the next statement of the enclosing block
--- lua
local x = 1
if true then local x = 2 end
while true do local x = 3 break end
print(x)
--- out
1
=== TEST 20: function parameters are locals
--- lua
local function f(a, b) a = a + 1 return a, b end
local x = 1
print(f(x, nil), x)
--- out
2	1
=== TEST 21: multiple assignment to table fields evaluates all keys first
--- lua
local t = {}
local k = "a"
k, t[k] = "b", 1
print(t.a, t.b, k)
--- out
1	nil	b
=== TEST 22: multiple assignment with a function call at the end expands
--- lua
local function three() return 1, 2, 3 end
local a, b, c, d = 0, three()
print(a, b, c, d)
--- out
0	1	2	3
=== TEST 23: multiple assignment with a function call in the middle truncates
--- lua
local function three() return 1, 2, 3 end
local a, b, c = three(), 10
print(a, b, c)
--- out
1	10	nil
=== TEST 24: global function definition
--- lua
function gf() return "gf" end
print(gf(), type(_G.gf))
--- out
gf	function
=== TEST 25: dotted function definition creates a field
--- lua
local m = {sub = {}}
function m.sub.f(x) return x * 2 end
print(m.sub.f(21))
--- out
42
=== TEST 26: method definition adds self
--- lua
local obj = {v = 3}
function obj:get(k) return self.v * k end
print(obj:get(2), obj.get(obj, 3), obj.get({v = 1}, 4))
--- out
6	9	4
=== TEST 27: a block-local function is not visible outside
--- lua
do local function hidden() end end
print(hidden)
--- out
nil
=== TEST 28: assignment to an undeclared name creates a global
--- lua
local function f() newglobal = 42 end
f()
print(newglobal)
--- out
42
