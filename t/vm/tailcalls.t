# Proper tail calls: unbounded tail recursion runs in constant stack.
=== TEST 1: a million-step tail-recursive loop
--- lua
local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + 1)
end
print(loop(1000000, 0))
--- out
1000000
=== TEST 2: mutual tail recursion
--- lua
local is_even, is_odd
function is_even(n) if n == 0 then return true end return is_odd(n - 1) end
function is_odd(n) if n == 0 then return false end return is_even(n - 1) end
print(is_even(1000000), is_odd(1000001), is_even(7))
--- out
true	true	false
=== TEST 3: tail call through a global function
--- lua
function countdown(n) if n > 0 then return countdown(n - 1) end return "landed" end
print(countdown(500000))
--- out
landed
=== TEST 4: tail call returns all results of the callee
--- lua
local function multi() return 1, 2, 3 end
local function t() return multi() end
print(t())
--- out
1	2	3
=== TEST 5: tail call of a method
--- lua
local obj = {n = 0}
function obj:step(k) if k == 0 then return self.n end self.n = self.n + 1 return self:step(k - 1) end
print(obj:step(300000))
--- out
300000
=== TEST 6: tail call through a vararg function
--- lua
local function f(n, ...)
  if n == 0 then return select('#', ...), ... end
  return f(n - 1, ...)
end
print(f(200000, "a", nil, "c"))
--- out
3	a	nil	c
=== TEST 7: tail call of a __call object
--- lua
local obj
obj = setmetatable({}, {__call = function(self, n) if n == 0 then return "done" end return obj(n - 1) end})
print(obj(200000))
--- out
done
=== TEST 8: tail call to a builtin
--- lua
local function f(s) return string.upper(s) end
print(f("abc"))
--- out
ABC
=== TEST 9: parenthesised call is not a tail call but still works
--- lua
local function g() return 1, 2 end
local function f() return (g()) end
print(f())
--- out
1
=== TEST 10: non-tail recursion of moderate depth
--- lua
local function sum(n) if n == 0 then return 0 end return n + sum(n - 1) end
print(sum(10000))
--- out
50005000
=== TEST 11: error in a tail-called function reports its own line
--- lua
local function c() error("deep", 1) end
local function b() return c() end
local function a() return b() end
print(pcall(a))
--- out
false	t.lua:1: deep
=== TEST 12: tail calls through pcall inside a loop
--- lua
local function f(n) if n == 0 then return "end" end return f(n - 1) end
local ok, r
for i = 1, 3 do ok, r = pcall(f, 100000) end
print(ok, r)
--- out
true	end
=== TEST 13: a tail-called function sees its own arguments only
--- lua
local function b(...) return select('#', ...) end
local function a(x, y, z) return b(x) end
print(a(1, 2, 3))
--- out
1
=== TEST 14: tail call state machine
--- lua
local state = {}
local steps = 0
function state.a(n) steps = steps + 1 if n == 0 then return "a" end return state.b(n - 1) end
function state.b(n) steps = steps + 1 if n == 0 then return "b" end return state.c(n - 1) end
function state.c(n) steps = steps + 1 if n == 0 then return "c" end return state.a(n - 1) end
print(state.a(300001), steps)
--- out
b	300002
