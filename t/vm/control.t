# Control flow: if, while, repeat, numeric and generic for, break, goto.
=== TEST 1: if elseif else chain
--- lua
local function f(x)
  if x < 0 then return "neg" elseif x == 0 then return "zero" elseif x < 10 then return "small" else return "big" end
end
print(f(-1), f(0), f(5), f(50))
--- out
neg	zero	small	big
=== TEST 2: if with a falsy non-boolean
--- lua
if nil then print("nil") elseif false then print("false") else print("else") end
if 0 then print("0 is true") end
--- out
else
0 is true
=== TEST 3: while loop
--- lua
local i, s = 1, 0
while i <= 10 do s = s + i; i = i + 1 end
print(s, i)
--- out
55	11
=== TEST 4: while that never runs
--- lua
while false do print("never") end
print("after")
--- out
after
=== TEST 5: repeat runs at least once
--- lua
local n = 0
repeat n = n + 1 until true
print(n)
--- out
1
=== TEST 6: repeat until with a condition on a body local
--- lua
local i = 0
repeat local sq = i * i; i = i + 1 until sq >= 50
print(i)
--- out
9
=== TEST 7: numeric for counting up
--- lua
for i = 1, 5 do io.write(i, " ") end print()
--- out
1 2 3 4 5 
=== TEST 8: numeric for with a step
--- lua
for i = 1, 10, 3 do io.write(i, " ") end print()
--- out
1 4 7 10 
=== TEST 9: numeric for with a negative step
--- lua
for i = 10, 1, -3 do io.write(i, " ") end print()
for i = 3, 1, -1 do io.write(i, " ") end print()
--- out
10 7 4 1 
3 2 1 
=== TEST 10: numeric for that does not run
--- lua
for i = 5, 1 do print("never") end
for i = 1, 5, -1 do print("never") end
print("done")
--- out
done
=== TEST 11: numeric for with float step
--- lua
for x = 0, 1, 0.25 do io.write(x, " ") end print()
--- out
0 0.25 0.5 0.75 1 
=== TEST 12: numeric for with an inexact float step
--- lua
local n = 0
for x = 0, 1, 0.1 do n = n + 1 end
print(n)
--- out
11
=== TEST 13: numeric for with negative float step
--- lua
for x = 1, 0, -0.5 do io.write(x, " ") end print()
--- out
1 0.5 0 
=== TEST 14: numeric for with float bounds
--- lua
for i = 1.5, 4 do io.write(i, " ") end print()
--- out
1.5 2.5 3.5 
=== TEST 15: numeric for evaluates bounds once
--- lua
local n = 3
for i = 1, n do n = 10 io.write(i, " ") end print(n)
--- out
1 2 3 10
=== TEST 16: numeric for with a zero step
--- lua
local n = 0
for i = 1, 2, 0 do n = n + 1 if n > 5 then break end end
print(n)
--- out
6
--- note
With a zero step LuaJIT loops forever (the test breaks out after 6 passes); PUC Lua 5.1 runs the body 0 times. We follow LuaJIT.
=== TEST 17: numeric for with string bounds
--- lua
for i = "1", "3" do io.write(i, type(i), " ") end print()
--- out
1number 2number 3number 
=== TEST 18: numeric for with a non-number bound
--- lua
print(pcall(function() for i = 1, "x" do end end))
--- out
false	t.lua:1: 'for' limit must be a number
=== TEST 19: numeric for with a nil initial value
--- lua
print(pcall(function() for i = nil, 2 do end end))
--- out
false	t.lua:1: 'for' initial value must be a number
=== TEST 20: numeric for with a nil step
--- lua
print(pcall(function() local s for i = 1, 2, s do end end))
--- out
false	t.lua:1: 'for' step must be a number
=== TEST 21: numeric for near 2^53
--- lua
for i = 2^53 - 3, 2^53 - 1 do io.write(string.format("%.0f ", i)) end print()
--- out
9007199254740989 9007199254740990 9007199254740991 
=== TEST 22: numeric for with huge limits
--- lua
local n = 0
for i = 1, math.huge do n = n + 1 if n == 5 then break end end
print(n)
--- out
5
=== TEST 23: numeric for with limit minus infinity and negative step
--- lua
local n = 0
for i = 0, -math.huge, -1 do n = n + 1 if n == 3 then break end end
print(n)
--- out
3
=== TEST 24: generic for with ipairs
--- lua
for i, v in ipairs({"a", "b", "c"}) do io.write(i, "=", v, " ") end print()
--- out
1=a 2=b 3=c 
=== TEST 25: ipairs stops at the first nil
--- lua
for i, v in ipairs({1, 2, nil, 4}) do io.write(v, " ") end print()
--- out
1 2 
=== TEST 26: generic for with a custom stateless iterator
--- lua
local function iter(max, i) if i < max then return i + 1, (i + 1) ^ 2 end end
for i, sq in iter, 4, 0 do io.write(i, ":", sq, " ") end print()
--- out
1:1 2:4 3:9 4:16 
=== TEST 27: generic for with a closure iterator
--- lua
local function range(n)
  local i = 0
  return function() i = i + 1 if i <= n then return i end end
end
local s = 0
for i in range(100) do s = s + i end
print(s)
--- out
5050
=== TEST 28: generic for ends when the first value is nil
--- lua
local calls = 0
local function it() calls = calls + 1 if calls < 3 then return calls, nil end return nil, "x" end
for a, b in it do io.write(a, tostring(b), " ") end print(calls)
--- out
1nil 2nil 3
=== TEST 29: generic for passes state and control
--- lua
local function it(s, c) print("it", s, c) if c < 2 then return c + 1 end end
for v in it, "S", 0 do end
--- out
it	S	0
it	S	1
it	S	2
=== TEST 30: generic for over a non-function
--- lua
print(pcall(function() for x in 5 do end end))
--- out
false	t.lua:1: attempt to call a number value
=== TEST 31: generic for over a nil
--- lua
local t = {}
print(pcall(function() for k, v in t.items do end end))
--- out
false	t.lua:2: attempt to call a nil value
=== TEST 32: generic for with more than three expressions
--- lua
local function it(s, c) if c < 3 then return c + 1 end end
for v in it, nil, 0, "ignored" do io.write(v, " ") end print()
--- out
1 2 3 
=== TEST 33: generic for with a __call iterator
--- lua
local obj = setmetatable({}, {__call = function(self, s, c) if c < 3 then return c + 1 end end})
for v in obj, nil, 0 do io.write(v, " ") end print()
--- out
1 2 3 
=== TEST 34: string.gmatch in generic for
--- lua
for w in ("one two  three"):gmatch("%a+") do io.write("[", w, "]") end print()
--- out
[one][two][three]
=== TEST 35: break out of while
--- lua
local i = 0
while true do i = i + 1 if i == 7 then break end end
print(i)
--- out
7
=== TEST 36: break exits only the innermost loop
--- lua
local out = {}
for i = 1, 3 do
  for j = 1, 3 do
    if j > i then break end
    out[#out + 1] = i .. j
  end
end
print(table.concat(out, " "))
--- out
11 21 22 31 32 33
=== TEST 37: break out of repeat
--- lua
local n = 0
repeat n = n + 1 if n == 4 then break end until false
print(n)
--- out
4
=== TEST 38: break must be the last statement of a block
--- lua
print(loadstring("while true do break print(1) end"))
--- out
nil	[string "while true do break print(1) end"]:1: 'end' expected near 'print'
--- note
Both LuaJIT and PUC Lua 5.1 require break to be the last statement of a block.
=== TEST 39: goto continue pattern
--- lua
for i = 1, 6 do
  if i % 2 == 0 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
--- out
1 3 5 
--- note
goto and labels are a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 40: goto backward loop
--- lua
local i = 1
::again::
io.write(i, " ")
i = i + 1
if i <= 4 then goto again end
print()
--- out
1 2 3 4 
--- note
goto and labels are a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 41: goto out of nested loops
--- lua
for i = 1, 3 do
  for j = 1, 3 do
    if i * j == 4 then print("found", i, j) goto done end
  end
end
::done::
print("after")
--- out
found	2	2
after
--- note
goto and labels are a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 42: goto forward over a local at the end of a block
--- lua
do
  goto skip
  local x = 1
  ::skip::
end
print("ok")
--- out
ok
--- note
goto and labels are a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 43: labels in nested functions are separate
--- lua
local function f() goto l ::l:: return "f" end
::l::
print(f())
--- out
f
--- note
goto and labels are a LuaJIT extension (from 5.2); PUC Lua 5.1 has none. We follow LuaJIT.
=== TEST 44: goto is still usable as a name
--- lua
local f = loadstring("local goto = 1 return goto + 1")
print(f and f())
--- out
2
--- note
goto is an ordinary name in PUC Lua 5.1; LuaJIT treats it as a keyword only before a label name, so both run this.
=== TEST 45: return in the middle of a block needs do end
--- lua
local function f(x)
  do return x * 2 end
  return "unreachable"
end
print(f(21))
--- out
42
=== TEST 46: if inside loops with else branches
--- lua
local evens, odds = 0, 0
for i = 1, 99 do if i % 2 == 0 then evens = evens + i else odds = odds + i end end
print(evens, odds)
--- out
2450	2500
=== TEST 47: nested loops with large counts
--- lua
local c = 0
for i = 1, 300 do for j = 1, 300 do c = c + 1 end end
print(c)
--- out
90000
=== TEST 48: while with a complex condition and assignment
--- lua
local a, b = 0, 1
local n = 0
while b < 1000 do a, b = b, a + b n = n + 1 end
print(n, a, b)
--- out
16	987	1597
=== TEST 49: loop variable of numeric for is a number even with integer bounds
--- lua
for i = 1, 1 do print(type(i), i / 2) end
--- out
number	0.5
