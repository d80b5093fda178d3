# Closures and upvalues: sharing, independence, loop freshness.
=== TEST 1: counter closure
--- lua
local function counter()
  local n = 0
  return function() n = n + 1 return n end
end
local c1, c2 = counter(), counter()
print(c1(), c1(), c1(), c2(), c1())
--- out
1	2	3	1	4
=== TEST 2: closures share an upvalue
--- lua
local function pair()
  local v = 0
  return function() v = v + 1 end, function() return v end
end
local inc, get = pair()
inc() inc()
print(get())
--- out
2
=== TEST 3: upvalue changed after closure creation is seen
--- lua
local x = 1
local function f() return x end
x = 2
print(f())
--- out
2
=== TEST 4: closure modifies an enclosing local
--- lua
local x = 1
local function set(v) x = v end
set(5)
print(x)
--- out
5
=== TEST 5: numeric for creates a fresh variable per iteration
--- lua
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
--- out
1	2	3
=== TEST 6: generic for creates fresh variables per iteration
--- lua
local fs = {}
for k, v in ipairs({"a", "b", "c"}) do fs[k] = function() return k .. v end end
print(fs[1](), fs[2](), fs[3]())
--- out
1a	2b	3c
=== TEST 7: a local declared in a loop body is fresh per iteration
--- lua
local fs = {}
local i = 1
while i <= 3 do
  local j = i * 10
  fs[i] = function() j = j + 1 return j end
  i = i + 1
end
print(fs[1](), fs[1](), fs[2](), fs[3]())
--- out
11	12	21	31
=== TEST 8: a local declared in repeat is fresh per iteration
--- lua
local fs, n = {}, 0
repeat
  n = n + 1
  local m = n
  fs[n] = function() return m end
until n == 3
print(fs[1](), fs[2](), fs[3]())
--- out
1	2	3
=== TEST 9: a local declared outside the loop is shared
--- lua
local fs = {}
local shared = 0
for i = 1, 3 do
  shared = shared + 1
  fs[i] = function() return shared end
end
print(fs[1](), fs[2](), fs[3]())
--- out
3	3	3
=== TEST 10: modifying the loop copy in a closure does not affect others
--- lua
local fs = {}
for i = 1, 2 do
  fs[i] = {get = function() return i end, set = function(v) i = v end}
end
fs[1].set(100)
print(fs[1].get(), fs[2].get())
--- out
100	2
=== TEST 11: closures in nested loops
--- lua
local fs = {}
for i = 1, 2 do for j = 1, 2 do fs[#fs + 1] = function() return i * 10 + j end end end
local out = {}
for _, f in ipairs(fs) do out[#out + 1] = f() end
print(table.concat(out, " "))
--- out
11 12 21 22
=== TEST 12: upvalues through several levels
--- lua
local function a()
  local x = 1
  return function()
    local y = 2
    return function()
      x = x + 1
      return x + y
    end
  end
end
local f = a()()
print(f(), f())
--- out
4	5
=== TEST 13: closure captures a parameter
--- lua
local function adder(n) return function(x) return x + n end end
local add5 = adder(5)
print(add5(1), adder(-1)(1))
--- out
6	0
=== TEST 14: recursive local function via upvalue
--- lua
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
--- out
6765
=== TEST 15: closure survives its creating function
--- lua
local get
do
  local secret = "s3"
  get = function() return secret end
end
print(get())
--- out
s3
=== TEST 16: closures created in a loop with break keep their values
--- lua
local fs = {}
for i = 1, 10 do
  fs[#fs + 1] = function() return i end
  if i == 3 then break end
end
print(#fs, fs[1](), fs[3]())
--- out
3	1	3
=== TEST 17: closures capture the loop variable of a goto loop
--- lua
local fs = {}
local i = 1
::top::
do
  local k = i
  fs[i] = function() return k end
end
i = i + 1
if i <= 3 then goto top end
print(fs[1](), fs[2](), fs[3]())
--- out
1	2	3
--- note
goto is a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 18: closure over a vararg copy
--- lua
local function mk(...)
  local args = {...}
  return function() return #args, args[1] end
end
print(mk(7, 8, 9)())
--- out
3	7
=== TEST 19: each call creates new upvalues
--- lua
local function mk() local t = {} return function() return t end end
local f, g = mk(), mk()
print(f() == g(), f() == f())
--- out
false	true
=== TEST 20: closures created in the same iteration share the variable
--- lua
local gets, sets = {}, {}
for i = 1, 2 do
  gets[i] = function() return i end
  sets[i] = function(v) i = v end
end
sets[2](42)
print(gets[1](), gets[2]())
--- out
1	42
=== TEST 21: many closures as counters
--- lua
local cs = {}
for i = 1, 100 do local n = i cs[i] = function() n = n + 1 return n end end
local s = 0
for i = 1, 100 do s = s + cs[i]() + cs[i]() end
print(s)
--- out
10400
=== TEST 22: closure over the control variable of a while loop that is reassigned
--- lua
local fs = {}
local x = 0
while x < 3 do
  x = x + 1
  fs[x] = function() return x end
end
print(fs[1](), fs[2](), fs[3]())
--- out
3	3	3
=== TEST 23: a backward goto gives a fresh local to each pass
--- lua
local fs = {}
local i = 1
::top::
local k = i
fs[i] = function() return k end
i = i + 1
if i <= 3 then goto top end
print(fs[1](), fs[2](), fs[3]())
--- out
1	2	3
--- note
goto is a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 24: a loop-captured local inside an inner function stays there
--- lua
local function outer()
  local r = {}
  for k = 1, 2 do local v = k * 10; r[k] = function() return v end end
  return r
end
local r = outer()
print(r[1](), r[2]())
local g = function() local fs = {} for i = 1, 3 do fs[i] = function() return i end end return fs end
print(g()[3](), g()[1]())
--- out
10	20
3	1
