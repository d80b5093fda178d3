# Tier 1 against tier 0 and LuaJIT: programs whose hot code compiles (or
# almost does), with LuaJIT 2.1's output. Every block also runs as [jit]
# (hotloop=1), so each runs once with compilation at first entry and once at
# the default threshold, where regions compile mid-run.
=== TEST 1: a function compiled for numbers meets a string and nil
--- lua
local function inc(a) local s = 0 for i = 1, 3 do s = s + a end return s end
for i = 1, 100 do inc(i) end
print(inc(2), inc("10"), pcall(inc, nil))
--- out
6	30	false	t.lua:1: attempt to perform arithmetic on local 'a' (a nil value)
=== TEST 2: a global function replaced while its caller is compiled
--- lua
function g(x) return x + 1 end
local function f(n) local s = 0 for i = 1, n do s = s + g(i) end return s end
for i = 1, 60 do f(10) end
print(f(10))
g = function(x) return x * 2 end
print(f(10))
g = nil
print(pcall(f, 10))
--- out
65
110
false	t.lua:2: attempt to call global 'g' (a nil value)
=== TEST 3: nan, inf and -0 in compiled arithmetic
--- lua
local function h(a, b)
  return a / b, a % b, -a, math.floor(a / b), math.max(a, b), math.min(a, b), a ^ b
end
local function k(a, b)
  local x, y, z = 0, 0, 0
  for i = 1, 2 do x = a / b; y = a % b; z = math.fmod(a, b) end
  return x, y, z
end
local function neg(a) local r = 0 for i = 1, 1 do r = -a end return r end
local function cmp(a, b) local r = 0 for i = 1, 1 do if a == b then r = 1 elseif a ~= b then r = 2 end end return r end
for i = 1, 100 do neg(i); cmp(i, i); end
print(neg(0), neg(-0.0), neg(1/0), neg(0/0) ~= neg(0/0))
print(cmp(0/0, 0/0), cmp(0, -0.0), cmp(1/0, 1/0))
local function mod(a, b) local r for i = 1, 1 do r = a % b end return r end
local function m2(a, b) local r = 0 for i = 1, 1 do r = a % b end return r end
for i = 1, 100 do m2(i, 3) end
print(m2(5, 0), m2(-5, 3), m2(5, -3), m2(5.5, 2), m2(-0.0, 1), m2(1/0, 2), m2(3, 1/0), m2(-3, 1/0))
local function mx(a, b) local r = 0 for i = 1, 1 do r = math.max(a, b) + math.min(a, b) * 0 end return r end
for i = 1, 100 do mx(i, 1) end
print(mx(0/0, 1) ~= mx(0/0, 1), mx(1, 0/0) ~= mx(1, 0/0), mx(-0.0, 0))
local function fl(a) local r = 0 for i = 1, 1 do r = math.floor(a) + math.ceil(a) * 0 end return r end
for i = 1, 100 do fl(i) end
print(fl(-0.5), fl(0.5), fl(-0.0), fl(1/0), fl(-1/0))
local function pw(a, b) local r = 0 for i = 1, 1 do r = a ^ b end return r end
for i = 1, 100 do pw(i, 2) end
print(pw(-8, 1/3) ~= pw(-8, 1/3), pw(0, -1), pw(-0.0, -1), pw(2, 0.5), pw(1/0, 0))
--- out
-0	0	-inf	true
2	1	1
nan	1	-1	1.5	0	nan	nan	nan
false	true	0
-1	0	-0	nan	nan
true	inf	-inf	1.4142135623731	1
=== TEST 4: numbers near and beyond 2^53, for loops at the edge, bit operations
--- lua
local function sum(a, b, c) local n, s = 0, 0 for i = a, b, c do n = n + 1; s = s + i end return n, s end
local function count(a, b, c) local n = 0 for i = a, b, c do n = n + 1 end return n end
for i = 1, 100 do count(1, 3, 1) end
print(count(2^53 - 3, 2^53 - 1, 1), count(1, 0, 1), count(3, 1, -1), count(0, 1, 0.25), count(1, 0/0, 1))
print(count(0.1, 1, 0.1), count(-2^53, -2^53 + 3, 1), count(1, 3.9, 1), count(1, -3.5, -1.5))
local function big(x) local r = 0 for i = 1, 1 do r = x + 1 end return r end
for i = 1, 100 do big(i) end
print(string.format("%.0f %.0f", big(2^53), big(2^53 + 2)), big(2^63) == 2^63)
local function tb(x) local r = 0 for i = 1, 1 do r = bit.tobit(x) + bit.band(x, 255) * 0 end return r end
for i = 1, 100 do tb(i) end
print(tb(2^32 + 5), tb(1.5), tb(2.5), tb(-1), tb(2^31), tb(2^52 + 7))
local function bits(a, b) local r = 0 for i = 1, 1 do r = bit.bxor(bit.lshift(a, b), bit.rshift(a, b), bit.arshift(a, b)) + bit.rol(a, b) + bit.ror(a, b) + bit.bnot(a) + bit.bswap(a) end return r end
for i = 1, 100 do bits(i, 3) end
print(bits(0x12345678, 4), bits(-1, 33), bits(0x80000000, 31))
--- out
3	0	3	5	0
10	4	3	4
9007199254740992 9007199254740996	true
5	2	2	-1	-2147483648	4
768602625	2147483643	3221225598
=== TEST 5: errors where compiled code would run: message and line
--- lua
local function add(a, b)
  local s = 0
  for i = 1, 2 do s = s + a * b end
  return s
end
for i = 1, 100 do add(i, 2) end
print(pcall(add, 1, nil))
print(pcall(add, {}, 1))
print(select(2, pcall(function() local x = 0 for i = 1, 100 do x = x + i; if i == 99 then x = x + nil end end end)))
local function cmpf(a) local n = 0 for i = 1, 3 do if a < i then n = n + 1 end end return n end
for i = 1, 100 do cmpf(i) end
print(pcall(cmpf, "x"))
--- out
false	t.lua:3: attempt to perform arithmetic on local 'b' (a nil value)
false	t.lua:3: attempt to perform arithmetic on local 'a' (a table value)
t.lua:9: attempt to perform arithmetic on a nil value
false	t.lua:10: attempt to compare string with number
=== TEST 6: deep recursion: native frames, then tier 0, then stack overflow
--- lua
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
for i = 1, 100 do depth(10) end
print(depth(100), depth(19000))
local ok, err = pcall(depth, 1e6)
print(ok, err)
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(25))
--- out
100	19000
false	t.lua:1: stack overflow
75025
=== TEST 7: entry values: fields of a table that gains a metatable, upvalues that change
--- lua
local cfg = {k = 2}
local function scale(n) local s = 0 for i = 1, n do s = s + i * cfg.k end return s end
for i = 1, 60 do scale(3) end
print(scale(3))
cfg.k = 3
print(scale(3))
cfg.k = nil
setmetatable(cfg, {__index = {k = 10}})
print(scale(3))
setmetatable(cfg, {__index = function(t, key) return 100 end})
print(scale(3))
cfg = {k = 1}
print(scale(3))
local up = 1
local function addup(n) local s = 0 for i = 1, n do s = s + up end return s end
for i = 1, 60 do addup(2) end
up = 5
print(addup(2))
up = true
print(pcall(addup, 2))
--- out
12
18
60
600
6
10
false	t.lua:15: attempt to perform arithmetic on upvalue 'up' (a boolean value)
=== TEST 8: coroutines: a yield in a hot loop, compiled code inside a coroutine
--- lua
local co = coroutine.wrap(function()
  local s = 0
  for i = 1, 200 do s = s + i; if i % 50 == 0 then coroutine.yield(s) end end
  return -s
end)
print(co(), co(), co(), co(), co())
local function work(n) local s = 0 for i = 1, n do s = s + i * i end return s end
local c2 = coroutine.create(function(n) for i = 1, 3 do n = coroutine.yield(work(n)) end return "done" end)
print(coroutine.resume(c2, 100)); print(coroutine.resume(c2, 200)); print(coroutine.resume(c2, 300)); print(coroutine.resume(c2, 1))
--- out
1275	5050	11325	20100	-20100
true	338350
true	2686700
true	9045050
true	done
=== TEST 9: booleans, and/or, while, repeat, break and return in compiled loops
--- lua
local function find(n, target)
  local i, found = 0, false
  while i < n do
    i = i + 1
    if i * i >= target then found = true; break end
  end
  return found and i or -1
end
for i = 1, 100 do find(10, i) end
print(find(10, 50), find(10, 1000), find(0, 1))
local function first_over(limit)
  local x = 1
  repeat x = x * 2 until x > limit
  for i = 1, 100 do if i * x > 10 * limit then return i end end
  return 0
end
for i = 1, 100 do first_over(i) end
print(first_over(1000), first_over(0.5), first_over(-1))
local function flags(a, b) local n = 0 for i = 1, 3 do if (a and not b) or (b and a == b) then n = n + 1 end end return n end
for i = 1, 100 do flags(true, false) end
print(flags(true, false), flags(false, false), flags(true, true), flags(false, true))
local function pick(c, x, y) local r = 0 for i = 1, 2 do r = c and x or y end return r end
for i = 1, 100 do pick(i > 50, i, -i) end
print(pick(true, 1, 2), pick(false, 1, 2), pick(nil, 1, 2))
--- out
8	-1	-1
10	3	1
3	0	3	0
1	2	2
=== TEST 10: table reads: arrays, records, rows of rows, #t; elements and fields that change type, go missing or gain an __index
--- lua
local function sum(t)
  local s = 0
  for i = 1, #t do s = s + t[i] end
  return s
end
local a = {}
for i = 1, 100 do a[i] = i * 0.5 end
local x = 0
for k = 1, 60 do x = x + sum(a) end
print(x, sum({}), sum({1, 2, 3}))
-- an element becomes a string, then nil mid-table, then the table a metatable
a[50] = "7"
print(sum(a))
a[50] = nil
print(pcall(sum, a))
a[50] = 25
setmetatable(a, {__index = function(t, k) return 1000 end})
print(sum(a))
a[50] = nil
print(sum(a), #a)
-- records: fields of tables in an array, a boolean field, nested reads
local pts = {}
for i = 1, 10 do pts[i] = {x = i, y = i * 2, ok = i % 2 == 0, sub = {z = i / 4}} end
local function norm(p) return p.x * p.x + p.y * p.y + p.sub.z end
local acc, n = 0, 0
for r = 1, 60 do
  for i = 1, #pts do
    local p = pts[i]
    acc = acc + norm(p)
    if p.ok then n = n + 1 end
  end
end
print(acc, n)
pts[3].x = "3"
pts[4].ok = 1
print(pcall(norm, pts[3]), norm(pts[4]))
pts[5].sub = setmetatable({}, {__index = {z = 100}})
print(norm(pts[5]))
pts[6] = {x = 1, y = 2, sub = {z = 0}}
print(norm(pts[6]))
-- a matrix: rows of rows, indexes computed, negative and fractional keys
local m = {}
for i = 1, 8 do m[i] = {} for j = 1, 8 do m[i][j] = i * j end end
m[0] = {[0] = 0.5, [-1] = 1, [1.5] = 3}
local function trace(m, n)
  local s = 0
  for i = 1, n do s = s + m[i][i] + m[i][n + 1 - i] end
  return s + m[0][0] + m[0][-1] + m[0][1.5]
end
local tr = 0
for i = 1, 60 do tr = tr + trace(m, 8) end
print(tr, trace(m, 8))
print(pcall(trace, m, 9))
-- a table held by a global, and one by an upvalue, read in a loop
grid = {3, 1, 4, 1, 5, 9, 2, 6}
local up = {2, 7, 1, 8, 2, 8}
local function mix()
  local s = 0
  for i = 1, 6 do s = s + grid[i] * up[i] end
  return s
end
for i = 1, 60 do mix() end
print(mix())
grid = {1, 1, 1, 1, 1, 1}
up[6] = 0
print(mix())
-- #t with holes and a stale border, booleans read from an array
local flags = {true, false, true, true}
local function count(f)
  local c = 0
  for i = 1, #f do if f[i] then c = c + 1 end end
  return c
end
for i = 1, 60 do count(flags) end
print(count(flags), #flags)
flags[5] = true; flags[6] = true
print(count(flags))
flags[6] = nil; flags[5] = nil; flags[4] = nil
print(count(flags))
--- out
151500	0	6
2507
false	t.lua:3: attempt to perform arithmetic on a nil value
2525
3500	100
116325	300
true	81
225
5
19710	328.5
false	t.lua:47: attempt to perform arithmetic on a nil value
107
20
3	4
5
2
=== TEST 11: table stores: arrays and records written in place, an exit after stores undone for tier 0, __newindex, a NaN key, tables stored as values, swaps in a multiple assignment
--- lua
local function fill(t, n, v)
  for i = 1, n do t[i] = v * i end
end
local a = {}
for r = 1, 60 do fill(a, 10, r) end
print(#a, a[1], a[10])
-- an exit after stores: the string at 5 stops the region, tier 0 redoes the entry
local function scale(t, f)
  for i = 1, #t do t[i] = t[i] * f end
end
for r = 1, 60 do scale(a, 1) end
a[5] = "x"
print(pcall(scale, a, 2))
print(a[1], a[4], a[5], a[6])
a[5] = 5
-- a new key in a table with __newindex goes to tier 0
local log = {}
local b = setmetatable({1, 2, 3}, {__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end})
for r = 1, 60 do fill(b, 3, 1) end
fill(b, 5, 2)
print(#b, b[5], #log, log[1], log[2])
-- records: fields updated in place, booleans, tables stored
local bodies = {}
for i = 1, 5 do bodies[i] = {x = i, vx = 0, moved = false} end
local function step(bs, dt)
  for i = 1, #bs do
    local b = bs[i]
    b.vx = b.vx + dt * i
    b.x = b.x + b.vx * dt
    b.moved = true
  end
end
for r = 1, 100 do step(bodies, 0.01) end
print(bodies[1].x, bodies[5].vx, bodies[3].moved)
local pair = {}
local function link(ts) for i = 1, #ts - 1 do ts[i].next = ts[i + 1] end end
for r = 1, 60 do link(bodies) end
print(bodies[1].next == bodies[2], bodies[4].next == bodies[5], bodies[5].next)
-- NaN key: the error comes from tier 0, at its line
local function nan(t) for i = 1, 2 do t[0/0] = i end end
print(pcall(nan, {}))
-- a swap through locals, and a matrix written by rows
local m = {}
for i = 1, 4 do m[i] = {} end
local function fillm(m, n)
  for i = 1, n do local row = m[i] for j = 1, n do row[j] = i * 10 + j end end
end
for r = 1, 60 do fillm(m, 4) end
print(m[2][3], m[4][4], #m[1])
local function rev(t)
  local i, j = 1, #t
  while i < j do local x = t[i]; t[i] = t[j]; t[j] = x; i = i + 1; j = j - 1 end
end
local p = {1, 2, 3, 4, 5, 6, 7}
for r = 1, 61 do rev(p) end
print(p[1], p[2], p[7])
-- multiple assignment: a swap through a table, locals and stores mixed
local function swaps(t, n)
  local k = 0
  for i = 1, n - 1 do t[i], t[i + 1], k = t[i + 1], t[i], k + 1 end
  return k
end
local q = {1, 2, 3, 4, 5}
local ks = 0
for r = 1, 60 do ks = ks + swaps(q, 5) end
print(ks, q[1], q[2], q[5])
--- out
10	60	600
false	t.lua:9: attempt to perform arithmetic on a string value
120	480	x	360
5	10	2	4	5
1.505	5	true
true	true	nil
false	t.lua:40: table index is NaN
23	44	4
7	6	1
240	1	2	5
=== TEST 12: surplus values of an assignment are evaluated after the values kept, in compiled code and in tier 0
--- lua
local t = {1}
local function bump(t) t[1] = t[1] + 1 return 0 end
local function f(t) local s = 0 for i = 1, 3 do local a = t[1], bump(t) s = s + a end return s end
local r = 0
for i = 1, 60 do r = r + f(t) end
print(r, t[1])
local u = {5}
local function take(t) local v = t[1] t[1] = nil return v end
local x, y = u[1], take(u), take(u)
print(x, y, u[1])
local _ = 7
for _ = 1, 2 do local a, b = _, 1, take(u) end
print(_)
--- out
16290	181
5	5	nil
7

=== TEST 13: loops that exit after many turns go on in tier 0 from the turn they were in (for, float for, while, repeat); long loops keep their stores turn by turn; a number stored over a number in place only when no one else holds it, and undone by an exit
--- lua
-- a long loop that exits after many turns: tier 0 goes on from the turn it
-- was in, with the locals and the tables as that turn began
local t = {}
for i = 1, 300 do t[i] = i end
local sum, last = 0, 0
for i = 1, 300 do
  local v = t[i]
  if v then sum = sum + v; t[i] = v * 2 else sum = sum + 0.5 end
  if i == 250 then t[251] = false end
  last = i
end
print(sum, last, t[1], t[250], t[251], t[252])
-- the same in a while loop and a repeat loop
local u = {}
for i = 1, 200 do u[i] = i end
u[150] = false
local k, acc = 1, 0
while k <= 200 do
  local v = u[k]
  if v then acc = acc + v; u[k] = v + 1 else acc = acc + 1000 end
  k = k + 1
end
print(k, acc, u[1], u[149], u[150], u[151])
local n, w = 0, 0
u[120] = false
repeat
  n = n + 1
  local v = u[n]
  if v then w = w + v else w = w + 7 end
until n >= 200
print(n, w)
-- a float step, and a counter beyond the exit
local f, g = 0, {}
for x = 0, 30, 0.25 do
  g[#g + 1] = x
  f = f + x
  if x == 20 then g[#g] = false end
end
print(f, #g, g[#g])
-- more stores than one turn's log, over many turns: the loop stays compiled
local big = {}
for i = 1, 100 do big[i] = 0 end
for r = 1, 500 do
  for i = 1, 100 do big[i] = big[i] + r end
end
print(big[1], big[100])
-- a number shared by two tables is not changed in place through either
local shared = 1.5 + 0
local p, q = {shared}, {shared}
for r = 1, 100 do p[1] = p[1] + 1 end
print(p[1], q[1], shared)
-- a store in place then an exit in the same turn: undone, then redone by tier 0
local cells = {}
for i = 1, 100 do cells[i] = i + 0.5 end
cells[71] = false
local mark = {}
for i = 1, 100 do
  local c = cells[i]
  if c then cells[i] = c + 1 end
  local nx = cells[i + 1]
  if nx then mark[i] = nx else mark[i] = -1 end
end
print(cells[69], cells[70], cells[71], cells[72], mark[69], mark[70], mark[71], mark[100])
local cells = {}
for i = 1, 100 do cells[i] = i + 0.5 end
local ok, err = pcall(function()
  for i = 1, 100 do
    cells[i] = cells[i] + 1
    local c = cells[i + 1] + 0
    if i == 70 then error("stop at " .. i) end
  end
end)
print(ok, (err:gsub("^.-:%d+: ", "")), cells[69], cells[70], cells[71])
--- out
44899.5	300	2	500	false	504
201	20950	2	150	false	152
200	20042
1815	121	30
125250	125250
101.5	1.5	1.5
70.5	71.5	false	73.5	70.5	-1	72.5	-1
false	stop at 70	70.5	71.5	71.5

=== TEST 14: tables whose keys were removed (hash slots left with no key) are read and written right
--- lua
-- tables whose keys were removed: the hash slots left behind hold no key
local t = {}
for i = 1, 100 do t[i] = i end
for i = 1, 100 do t[i] = nil end
print(#t, next(t))
for i = 1, 10 do t[i] = i end
print(#t, t[1], t[10], t[11])
local s = 0
for r = 1, 60 do
  for i = 1, 10 do local v = t[i] if v then s = s + v end end
end
print(s)
for i = 1, 10, 2 do t[i] = nil end
local odd = 0
for r = 1, 60 do
  for i = 2, 10, 2 do t[i] = t[i] + 1; odd = odd + t[i] end
end
print(odd, t[1], t[2], t[10])
--- out
0	nil
10	1	10	nil
3300
10950	nil	62	70

=== TEST 15: a table read from a table may be nil: `if not t[1]`, `== nil`, `or` between tables, indexing or storing the nil (tier 0 errs or removes the key), __index on an absent key
--- lua
-- a table read from a table may be nil: tests of it, and what nil does further on
local function make(d)
  if d == 0 then return {} end
  return {make(d - 1), make(d - 1)}
end
local function check(tree)
  local left = tree[1]
  if not left then return 1 end
  return 1 + check(left) + check(tree[2])
end
local total = 0
for i = 1, 40 do total = total + check(make(6)) end
print(total)
-- == nil, ~= nil, and `or` between tables
local function depth(t)
  local n = 0
  while t ~= nil do
    n = n + 1
    t = t[1]
  end
  return n
end
local chain = {}
for i = 1, 30 do chain = {chain} end
local d = 0
for i = 1, 60 do d = d + depth(chain) end
print(d)
local function pick(a, b)
  local s = 0
  for i = 1, 10 do
    local x = a[i] or b[i]
    if x == nil then s = s + 100 else s = s + x[1] end
  end
  return s
end
local A, B = {}, {}
for i = 1, 10, 2 do A[i] = {i} end
for i = 1, 8 do B[i] = {i * 10} end
local p = 0
for i = 1, 60 do p = p + pick(A, B) end
print(p)
-- indexing the nil: tier 0 gives the error, at its line
local function first_of_second(t)
  local s = 0
  for i = 1, #t do s = s + t[i][1] end
  return s
end
local rows = {}
for i = 1, 20 do rows[i] = {i} end
local q = 0
for i = 1, 60 do q = q + first_of_second(rows) end
print(q)
rows[25] = {1}
print(pcall(first_of_second, rows))
-- a nil table stored: the key goes away
local function move(src, dst)
  for i = 1, 10 do dst[i] = src[i] end
end
local S, D = {}, {}
for i = 1, 10 do S[i] = {i} end
for i = 1, 60 do move(S, D) end
S[3] = nil
move(S, D)
print(D[2][1], D[3], D[4][1])
-- an absent key of a table with __index: tier 0 asks __index
local fallback = setmetatable({}, {__index = function(t, k) return {k * 2} end})
local function sum_first(t, n)
  local s = 0
  for i = 1, n do
    local v = t[i]
    if v then s = s + v[1] end
  end
  return s
end
for i = 1, 5 do fallback[i] = {i} end
local r = 0
for i = 1, 60 do r = r + sum_first(fallback, 5) end
print(r, sum_first(fallback, 8))
--- out
5080
1860
19500
12600
true	210
2	nil	4
900	57
=== TEST 16: stores into C memory undone by an exit in the same turn; numbers converted to C types; C calls with strings; a branch that cannot compile runs in tier 0; locals given their value later
--- lua
local ffi = require "ffi"
ffi.cdef[[ size_t strlen(const char *s); int abs(int x); double fabs(double x); ]]
local C = ffi.C
-- a store into C memory, then an exit in the same turn: the store is undone and tier 0 runs the turn once
local a = ffi.new("int[4]")
local d = ffi.new("double[4]")
local b = ffi.new("uint8_t[?]", 4)
local t = {}
for i = 1, 300 do t[i] = i end
t[250] = "x"
local function bump(n)
  local s = 0
  for i = 1, n do
    a[i % 4] = a[i % 4] + 1
    d[i % 4] = d[i % 4] + 0.5
    b[i % 4] = b[i % 4] + 7
    s = s + t[i]
  end
  return s
end
print(pcall(bump, 300))
print(a[0], a[1], a[2], a[3], d[0], d[3], b[0], b[1], b[2], b[3])
t[250] = 250
print(bump(300), a[0], d[1], b[2])
-- numbers converted to C as the ffi converts them: truncation, wrapping of unsigned and narrow types
local w = ffi.new("uint8_t[4]")
local z = ffi.new("int16_t[2]")
local function conv(x)
  local r = 0
  for i = 1, 60 do w[0] = x; z[0] = x; r = r + C.abs(x) + w[0] + z[0] end
  return r
end
print(conv(3.7), conv(-3.7), conv(300), conv(-1), conv(70000))
-- C calls with strings and nil, results as numbers and 64-bit integers
local function lens(s)
  local n = 0
  for i = 1, 100 do n = n + tonumber(C.strlen(s)) + C.fabs(-i) end
  return n
end
print(lens("hello"), lens(""), lens("a\0b"))
-- a branch that cannot compile runs in tier 0 when taken; the rest stays compiled
local function branchy(n)
  local s = 0
  for i = 1, n do
    if i % 100 == 0 then s = s + #tostring(i) else s = s + 1 end
  end
  return s
end
print(branchy(1000), branchy(50))
-- a local given its value later, in both branches of an if
local function later(x, flag)
  local v
  if flag then v = x * 2 else v = x + 1 end
  local u
  if flag then u = 1 end
  return v + (u or 0)
end
local acc = 0
for i = 1, 200 do acc = acc + later(i, i % 2 == 0) end
print(acc)
--- out
false	t.lua:17: attempt to perform arithmetic on a string value
62	63	63	62	31	31	178	185	185	178
45150	137	69	198
540	15180	38640	15300	4474560
5550	5050	5150
1021	50
30400
=== TEST 17: strings read from and stored into tables in compiled loops; an element that is not a string
--- lua
local names = {}
for i = 1, 100 do names[i] = "n" .. i end
local function total(t)
  local n = 0
  for i = 1, #t do if t[i] ~= "n5" then n = n + #t[i] end end
  return n
end
for i = 1, 50 do total(names) end
print(total(names))
local copy = {}
for i = 1, 100 do copy[i] = names[101 - i] end
print(copy[1], copy[100], total(copy))
names[50] = 7
print(pcall(total, names))
local mix = {"a", "b", 3}
for r = 1, 100 do for i = 1, 2 do copy[i] = mix[i] end end
print(copy[1], copy[2], pcall(function() for r = 1, 100 do for i = 1, 3 do copy[i] = #mix[i] end end end))
--- out
290
n100	n1	290
false	t.lua:5: attempt to get length of a number value
a	b	false	t.lua:17: attempt to get length of a number value
=== TEST 18: pointer arithmetic on cdata arrays and pointers (p + n, n + p, p - n) in a compiled loop, passed to C and to ffi.string
--- lua
local ffi = require "ffi"
ffi.cdef[[ size_t strlen(const char *s); ]]
local C = ffi.C
local buf = ffi.new("char[32]", "hello, pointer world")
local ints = ffi.new("int[16]")
for i = 0, 15 do ints[i] = i * i end
local acc, s = 0, 0
for i = 1, 300 do
  local off = i % 10
  acc = acc + tonumber(C.strlen(buf + off)) + #ffi.string(buf + off, 3)
  local q = ints + (i % 8)
  s = s + q[0] + q[1] + (q - 0)[2]
  local r = 2 + ints
  s = s + r[1]
end
print(acc, s)
--- out
5550	26106
=== TEST 19: table constructors in compiled code: positional items, string keys, nested tables, nil items and a call giving nothing; trees built by a recursive compiled function; a new table kept across turns of a loop
--- lua
-- table constructors in compiled code
local function pair(a, b) return {a, b, n = 2, tag = "p"} end
local function sum(t) return t[1] + t[2] + t.n + #t.tag end
local s = 0
for i = 1, 300 do s = s + sum(pair(i, i * 2)) end
print(s)
local keep = {}
for i = 1, 300 do keep[i] = {i, {i + 1}, x = i % 3 == 0} end
local c = 0
for i = 1, 300 do if keep[i].x then c = c + keep[i][2][1] end end
print(c, #keep, keep[300][1], keep[7][2][1])
-- a new table kept across turns stays in tier 0 (or in a region that does not keep it)
local last
for i = 1, 300 do last = {i} end
print(last[1])
local function node(d) if d == 0 then return {} end return {node(d - 1), node(d - 1)} end
local function count(t) local l = t[1] if not l then return 1 end return 1 + count(l) + count(t[2]) end
local total = 0
for i = 1, 100 do total = total + count(node(i % 5)) end
print(total, count(node(6)))
-- nil items, a call giving nothing, strings from a table
local function none() end
local function mk(a) return {a, nil, "s", none()} end
local lens = 0
for i = 1, 300 do local t = mk(i) lens = lens + #t[3] + (t[2] == nil and 1 or 0) end
print(lens, #mk(1))
--- out
136350
15250	300	300	8
300
1140	127
600	1
=== TEST 20: a table or string returned to tier 0 whose table slot the region replaced before returning it stays alive
--- lua
local function swap(t) local old = t[1]; t[1] = {99}; return old end
local function name(t) local s = t.n; t.n = "other"; return s end
local r
for i = 1, 300 do
  local t = {{i}, n = "nm" .. i}
  local o = swap(t)
  r = o[1] + #name(t)
end
print(r)
local function grab(t) for i = 1, 10 do if i == 5 then local x = t[2]; t[2] = {}; return x end end end
local keep = {}
for i = 1, 200 do keep[i] = grab({1, {i}, 3})[1] end
print(keep[1], keep[200])
collectgarbage()
--- out
305
1	200
=== TEST 21: goto in compiled code: continue, a jump out of nested loops, a backward goto as a loop, a jump over a local given its value later
--- lua
-- goto in compiled loops: continue, early exit from nested loops, a backward goto as a loop
local function odd_sum(n)
  local s = 0
  for i = 1, n do
    if i % 2 == 0 then goto continue end
    s = s + i
    ::continue::
  end
  return s
end
local t = 0
for i = 1, 200 do t = t + odd_sum(i) end
print(t)
local function find(grid, n, want)
  local fi, fj = 0, 0
  for i = 1, n do
    for j = 1, n do
      if grid[(i - 1) * n + j] == want then fi, fj = i, j; goto found end
    end
  end
  do return -1 end
  ::found::
  return fi * 100 + fj
end
local g = {}
for k = 1, 64 do g[k] = k * 3 end
local acc = 0
for r = 1, 300 do acc = acc + find(g, 8, (r % 64) * 3) end
print(acc, find(g, 8, 5))
local function collatz(x)
  local steps = 0
  ::top::
  if x ~= 1 then
    if x % 2 == 0 then x = x / 2 else x = 3 * x + 1 end
    steps = steps + 1
    goto top
  end
  return steps
end
local cs = 0
for i = 1, 300 do cs = cs + collatz(i) end
print(cs)
local w = 0
for i = 1, 300 do
  local v
  if i % 3 == 0 then goto skip end
  v = i * 2
  w = w + v
  ::skip::
end
print(w)
--- out
676700
127706	-1
14167
60000
=== TEST 22: method calls in compiled code: a class through __index, a two-level chain, a method in the object itself, a method replaced while compiled, a module table, an object without the method
--- lua
-- method calls in compiled code: a class through __index, a two-level chain, a method in the object itself, a method replaced, an object of another class
local Vec = {}
Vec.__index = Vec
function Vec.new(x, y) return setmetatable({x = x, y = y}, Vec) end
function Vec:dot(o) return self.x * o.x + self.y * o.y end
function Vec:len2() return self:dot(self) end
local Sub = setmetatable({}, {__index = Vec})
Sub.__index = Sub
function Sub:twice() return 2 * self:len2() end
local a, b = Vec.new(1, 2), Vec.new(3, 4)
local s = setmetatable({x = 2, y = 2}, Sub)
local acc = 0
for i = 1, 300 do acc = acc + a:dot(b) + b:len2() + s:twice() + s:dot(a) end
print(acc)
local own = {x = 1, y = 1, len2 = function(self) return 100 end}
setmetatable(own, Vec)
local acc2 = 0
local objs = {a, b, own}
for i = 1, 300 do local o = objs[i % 3 + 1]; acc2 = acc2 + o:len2() end
print(acc2)
function Vec:dot(o) return 0 end
local acc3 = 0
for i = 1, 300 do acc3 = acc3 + a:dot(b) + a:len2() end
print(acc3)
local M = {}
function M.f(self, k) return k + 1 end
local acc4 = 0
for i = 1, 300 do acc4 = acc4 + M:f(i) end
print(acc4, pcall(function() local z = {} for i = 1, 300 do acc4 = acc4 + (i < 200 and a or z):len2() end end))
--- out
17400
13000
0
45450	false	t.lua:29: attempt to call method 'len2' (a nil value)
=== TEST 23: setmetatable on tables made in compiled code: objects of a class, methods on them, a metatable that makes weak tables, a class whose __index is replaced
--- lua
-- setmetatable on tables made in compiled code
local Vec = {}
Vec.__index = Vec
function Vec.new(x, y) return setmetatable({x = x, y = y}, Vec) end
function Vec:add(o) return Vec.new(self.x + o.x, self.y + o.y) end
function Vec:len2() return self.x * self.x + self.y * self.y end
local acc = Vec.new(0, 0)
for i = 1, 300 do acc = acc:add(Vec.new(1, 2)) end
print(acc.x, acc.y, getmetatable(acc) == Vec)
local total = 0
for i = 1, 300 do local v = Vec.new(i, 1) total = total + v:len2() end
print(total)
local Weak = {__mode = "k"}
local function mk() return setmetatable({}, Weak) end
local n = 0
for i = 1, 300 do if getmetatable(mk()) == Weak then n = n + 1 end end
print(n)
Vec.__index = {len2 = function() return -1 end}
local t2 = 0
for i = 1, 300 do local v = Vec.new(i, 1) total = total + v:len2() end
print(total)
--- out
300	600	true
9045350
300
9045050
=== TEST 24: concatenation in compiled code: strings and numbers (fractions, -0, inf, beyond 2^53), chains, constants folded, a table met mid-loop (tier 0 raises), a new string kept across turns
--- lua
-- concatenation in compiled code: strings and numbers (integers, fractions, -0, nan, inf, big), chains, constants
local function key(prefix, i) return prefix .. ":" .. i end
local n = 0
for i = 1, 300 do n = n + #key("user", i) end
print(n, key("a", 1.5), key("b", -0.0), key("c", 1e15), key("d", 2^53), key("e", 1/0), key("f", -1/0))
local parts = {}
for i = 1, 300 do parts[i] = "p" .. i .. "-" .. (i / 4) end
print(parts[1], parts[300], parts[7])
local s = 0
for i = 1, 300 do local k = "x" .. "y" .. i % 7; if k == "xy3" then s = s + 1 end end
local vals = {}
for i = 1, 300 do vals[i] = i end
vals[250] = {}
print(s, pcall(function() local z for i = 1, 300 do z = "a" .. vals[i] end end))
local nanv = 0/0
local function nanstr(x) local r for i = 1, 2 do r = "v=" .. x end return r end
print(nanstr(nanv) == "v=nan" or nanstr(nanv) == "v=-nan", nanstr(3))
--- out
2292	a:1.5	b:-0	c:1e+15	d:9.007199254741e+15	e:inf	f:-inf
p1-0.25	p300-75	p7-1.75
43	false	t.lua:14: attempt to concatenate a table value
true	v=3
=== TEST 25: ipairs loops inside compiled functions and loops: sums, nested ipairs, a hole ends the loop, an element of another type, return, goto continue, the index alone
--- lua
-- ipairs loops inside compiled code: sums, nested tables, a hole ends it, elements changing type, break and goto continue
local function sum(t) local s = 0 for i, v in ipairs(t) do s = s + i * v end return s end
local a = {}
for i = 1, 50 do a[i] = i end
local total = 0
for r = 1, 100 do total = total + sum(a) end
print(total)
local rows = {{1, 2}, {3, 4, 5}, {6}}
local function deep(rows) local s = 0 for _, row in ipairs(rows) do for _, x in ipairs(row) do s = s + x end end return s end
local d = 0
for r = 1, 200 do d = d + deep(rows) end
print(d)
local holes = {1, 2, nil, 4}
local h = 0
for r = 1, 200 do h = h + sum(holes) end
print(h)
local mixed = {1, 2, "x", 4}
print(pcall(sum, mixed))
local function firstbig(t, lim) for i, v in ipairs(t) do if v > lim then return i end end return 0 end
local f = 0
for r = 1, 200 do f = f + firstbig(a, r % 40) end
print(f)
local function odd(t) local s = 0 for _, v in ipairs(t) do if v % 2 == 0 then goto continue end s = s + v ::continue:: end return s end
local o = 0
for r = 1, 200 do o = o + odd(a) end
print(o)
local function keys(t) local n = 0 for i in ipairs(t) do n = n + i end return n end
local k = 0
for r = 1, 200 do k = k + keys(a) end
print(k)
--- out
4292500
4200
1000
false	t.lua:2: attempt to perform arithmetic on local 'v' (a string value)
4100
125000
255000
=== TEST 26: string.sub, string.byte and string.len in compiled code: negative, zero, out-of-range, fractional, nan and infinite indices; a byte out of range gives no value
--- lua
-- string.sub, string.byte, string.len in compiled code, with Lua's index rules
local sub, byte, len = string.sub, string.byte, string.len
local s = "hello, world"
local acc = 0
for i = -14, 14 do
  for j = -14, 14 do acc = acc + #sub(s, i, j) end
  acc = acc + #sub(s, i) + len(sub(s, i))
end
print(acc)
local h = 0
for r = 1, 100 do for i = 1, #s do h = (h * 31 + byte(s, i)) % 1000003 end end
print(h, byte(s), byte(s, -1))
local parts = {}
for i = 1, 300 do parts[i] = sub("abcdefghij", i % 10, i % 10 + 2) end
print(parts[1], parts[9], parts[10], parts[300])
local n0 = 0
for i = 1, 300 do if byte(s, i % 20) then n0 = n0 + 1 end end
print(n0)
local function first_word(line) local sp = 1 for i = 1, #line do if byte(line, i) == 32 then sp = i break end end return sub(line, 1, sp - 1) end
local w = 0
for r = 1, 300 do w = w + #first_word("GET /index.html HTTP/1.1") end
print(w, sub(s, 1.9, 3.2), sub(s, 0/0, 2), sub(s, -1/0, 1/0), pcall(sub, s))
--- out
2692
992854	104	100
abc	ij	ab	ab
180
900	hel	he		false	bad argument #2 to '?' (number expected, got no value)
=== TEST 27: string methods in compiled code (s:sub, s:byte, s:len through the string metatable), and string.sub replaced by a Lua function
--- lua
-- string methods in compiled code: s:sub, s:byte, s:len, through the string metatable
local line = "GET /index.html HTTP/1.1"
local n = 0
for r = 1, 300 do
  local sp = 0
  for i = 1, line:len() do if line:byte(i) == 32 then sp = i break end end
  n = n + #line:sub(1, sp - 1) + ("x" .. r):len()
end
print(n, line:sub(-3), ("abc"):byte(), ("abc"):sub(2))
local string_lib = string
local old = string.sub
string.sub = function(s, i, j) return "!" end
local m = 0
for r = 1, 300 do m = m + #line:sub(1, 3) end
string.sub = old
print(m)
--- out
1992	1.1	97	bc
300
=== TEST 28: array cache: one table in two input slots: a store through one is seen through the other
--- lua
local a = {}
for i = 1, 10 do a[i] = i end
local b = a
local s = 0
for k = 1, 200 do
  for i = 1, 10 do s = s + a[i]; b[i] = a[i] + 1 end
end
print(s, a[1], a[10], b[5])
--- out
210000	201	210	205
=== TEST 29: array cache: cached elements replaced by other types, removed, and added past the end
--- lua
local t, u = {}, {}
for i = 1, 8 do t[i] = i * 1.5; u[i] = 0 end
local log = {}
for k = 1, 300 do
  for i = 1, 8 do u[i] = u[i] + t[i] end
  if k == 150 then t[3] = "2" end
  if k == 151 then t[3] = 4.5 end
  if k == 200 then t[9] = 1; t[8] = nil; t[8] = 3 end
  if k == 201 then t[8] = 2 end
end
print(u[1], u[3], u[8], t[9], #t)
--- out
450	1347.5	2601	1	9
=== TEST 30: array cache: regions entered again and again, with tier 0 changing the table between
--- lua
-- entries: what a region read at one entry is not what it reads at the next
local v = {}
for i = 1, 20 do v[i] = i end
local function sum(t, n) local s = 0 for i = 1, n do s = s + t[i] end return s end
local function get(i) return v[i] * 2 end
local out, g = {}, 0
for r = 1, 100 do
  out[#out + 1] = tostring(sum(v, 20))
  g = g + get(r % 20 + 1)
  v[r % 20 + 1] = v[r % 20 + 1] * 2
end
print(out[1], out[50], out[100], v[1], v[20], g)
--- out
210	1056	6704	32	640	13020
=== TEST 31: array cache: floats shared by several tables: a store must not write through to the others
--- lua
local shared = 7.25
local p, q = {}, {}
for i = 1, 50 do p[i] = shared; q[i] = shared end
for r = 1, 100 do
  for i = 1, 50 do p[i] = p[i] + q[i] * 0.5 end
end
print(p[1], p[50], q[1], q[50], shared)
--- out
369.75	369.75	7.25	7.25	7.25
=== TEST 32: array cache: a table larger than the cache holds, read past its end and at odd keys
--- lua
local big = {}
for i = 1, 70000 do big[i] = i % 97 end
local s = 0
for r = 1, 3 do
  for i = 1, 70000, 7 do s = s + big[i] end
  for i = 69990, 70000 do s = s + big[i] end
end
big[0], big[-1], big[2.5] = 5, 6, 7
local odd = 0
for r = 1, 100 do odd = odd + big[0] + big[-1] + big[2.5] + big[70000] end
print(s, odd)
--- out
1441401	8100
=== TEST 33: array cache: an exit in the middle of a turn after cached stores: tier 0 reruns the turn
--- lua
local w = {}
for i = 1, 10 do w[i] = i end
local n = 0
for r = 1, 500 do
  for i = 1, 9 do w[i], w[i + 1] = w[i + 1], w[i] end
  if r == 400 then w[5] = "five" end
  if type(w[5]) == "string" then n = n + 1; w[5] = 5 end
end
print(n, w[1], w[5], w[10], table.concat(w, ","))
--- out
1	1	5	10	1,2,3,4,5,6,7,8,9,10
=== TEST 34: array cache: keys from loop indices of every shape: down, by twos, by halves, shifted
--- lua
local t = {}
for i = 1, 40 do t[i] = i * 10 end
for i = 1, 40 do t[i + 0.5] = -i end
t[0], t[-3] = 7, 9
local a, b, c, d, e = 0, 0, 0, 0, 0
for r = 1, 100 do
  for i = 40, 1, -1 do a = a + t[i] end
  for i = 1, 39, 2 do b = b + t[i + 1] - t[i - 0] end
  for i = 1, 20, 0.5 do c = c + t[i] end
  for i = -3, 0, 3 do d = d + t[i] + t[i + 3] end
  for i = 2^53 - 4, 2^53 - 2, 1 do e = e + t[i - 2^53 + 5] end
end
print(a, b, c, d, e)
--- out
820000	20000	191000	5300	6000

=== TEST 35: field reads by a guessed entry: tables of other layouts at one site, keys deleted and added back, keys made at run time, tables that grow or shrink between entries, __index on a miss
--- lua
local made = {}
made[("x"):rep(1)], made["y" .. ""], made[string.char(122)] = 5, 6, 7
local shapes = {
  {x = 1, y = 2, z = 3},
  {z = 30, y = 20, x = 10},
  {a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0, x = 100, y = 200, z = 300},
  made,
}
local function sum(list, rounds)
  local sx, sy, sz = 0, 0, 0
  for r = 1, rounds do
    for i = 1, #list do
      local t = list[i]
      sx, sy, sz = sx + t.x, sy + t.y, sz + t.z
    end
  end
  return sx .. " " .. sy .. " " .. sz
end
print(sum(shapes, 30))
shapes[1].x = nil; shapes[1].x = 4
print(sum(shapes, 30))
for k = 1, 40 do shapes[2]["k" .. k] = k end
print(sum(shapes, 30))
shapes[3].a, shapes[3].b, shapes[3].c = nil, nil, nil
for k = 1, 40 do shapes[2]["k" .. k] = nil end
print(sum(shapes, 30))
shapes[5] = setmetatable({y = 2000}, {__index = {x = 1000, z = 3000}})
print(sum(shapes, 30))
local t = {p = 1, q = 2}
local n = 0
for r = 1, 50 do
  t.q = t.q + t.p
  if r % 10 == 0 then t.p = nil; t.p = r end
  n = n + t.q
end
print(n, t.p, t.q)
--- out
3480 6840 10200
3570 6840 10200
3570 6840 10200
3570 6840 10200
33570 66840 100200
16055	50	1012

=== TEST 36: a field store after a read of the same field (t.k = t.k + d) takes the read's value as its old one, but not when a call between them may change the field
--- lua
local t = {x = 1, y = 0, z = 2}
local function bump(u) u.x = "replaced"; u.z = u.z + 1; return 1 end
for i = 1, 100 do
  local u = t
  u.x = u.x + bump(u)
end
print(t.x, t.z)
for i = 1, 100 do
  local u = t
  u.y = -u.y + u.x * 0.5
  u.z = u.z * 2 - u.z
  u.y = u.y + 1
end
print(t.x, t.y, t.z)
--- out
101	102
101	0	102

=== TEST 37: array cache: several stores in place into one element in a turn log it once; an exit later in the turn puts back the value the turn began with, and tier 0 reruns the turn
--- lua
local t, flags = {}, {}
for i = 1, 8 do t[i] = i end
for r = 1, 60 do flags[r] = r % 3 end
flags[25], flags[47] = "5", "7"
local s = 0
for r = 1, 60 do
  for i = 1, 8 do
    t[i] = t[i] + 1
    t[i] = (t[i] * 2) % 1000
    t[i] = t[i] - i
  end
  t[1] = t[1] + r
  s = s + flags[r] + t[1] + t[8]
end
print(s, t[1], t[2], t[8])
--- out
56119	841	952	958

=== TEST 38: a loop whose turns replace tables held by a field and an element: the undo log keeps the old ones until the loop leaves, then lets every one go (a commit with references walks the log)
--- lua
local weak = setmetatable({}, {__mode = "k"})
local function make(n)
  local objs = {}
  for i = 1, n do objs[i] = {id = i}; weak[objs[i]] = true end
  return objs
end
local function count()
  collectgarbage()
  collectgarbage()
  local n = 0
  for _ in pairs(weak) do n = n + 1 end
  return n
end
-- each turn replaces a table held by a field and an element: the log keeps
-- the old tables until the loop leaves, and must let them go then
local objs = make(300)
local holder = {x = false}
for i = 1, 300 do
  holder.x = objs[i]
  objs[i] = false
end
holder.x = false
print(count())
--- out
0

=== TEST 39: array cache of table elements (an array of records): fields stored through the records keep the array cached; an element replaced by another record and read at once, a number stored over a record, an array that is its own element
--- lua
-- an array of records read in a hot loop: the records' fields stored
-- through (string keys: the array stays cached), an element replaced by
-- another record and read at once, a number stored over a record and read
-- back, and an array that is its own element
local t, spare = {}, {}
for i = 1, 10 do t[i] = {v = i, n = 0} end
for i = 1, 300 do spare[i] = {v = -i, n = 0} end
local s = 0
for i = 1, 300 do
  local k = i % 10 + 1
  local r = t[k]
  s = s + r.v
  r.n = r.n + 1
  if i % 50 == 0 then
    t[k] = spare[i]
    s = s + t[k].v
  end
end
for i = 1, 300 do
  local k = i % 10 + 1
  local r = t[k]
  s = s + r.v
  t[k] = i * 0.5
  s = s + i
  t[k] = r
end
local ns = 0
for i = 1, 10 do ns = ns + t[i].n + t[i].v end
print(s, ns)
local a = {}
a[1] = a
a.v = 5
local acc = 0
for i = 1, 100 do
  local r = a[1]
  acc = acc + r.v
  r.v = r.v + 1
end
print(acc, a.v, a[1] == a)
--- out
34595	24
5450	105	true

=== TEST 40: appends by t[#t + 1] = v in compiled loops: # reads the table's border hint, checked, and appends move it in place only when the table alone holds it; a type change mid-loop, removals from the end
--- lua
-- appends by t[#t + 1] = v in hot loops: # reads the table's border hint
-- and appends move it; a local that holds an earlier length keeps its
-- value; a value of another type mid-loop leaves for tier 0, which goes on
local t = {1, 2, 3}
local n = #t
for i = 1, 200 do t[#t + 1] = i end
print(n, #t, t[#t], t[4])
local u = {}
local sum = 0
for i = 1, 300 do
  u[#u + 1] = i * 2
  sum = sum + #u
end
print(#u, sum, u[#u])
local w = {}
for i = 1, 300 do
  if i == 150 then w[#w + 1] = "half" else w[#w + 1] = i end
end
print(#w, w[149], w[150], w[151], w[#w])
local v = {}
for i = 1, 100 do v[i] = i end
local m = #v
for i = 1, 50 do v[#v] = nil end
for i = 1, 200 do v[#v + 1] = -i end
print(m, #v, v[50], v[51], v[#v])
--- out
3	203	200	1
300	45150	600
300	149	half	151	300
100	250	50	-1	-200
=== TEST 41: records read field by field: built alike and in other key orders, losing and regaining a key, growing (their dicts resized) between reads and then a field replaced by a new object, reads in both arms of an if and of and/or, two locals holding one record, stores in place and stores of new keys
--- lua
-- records read field by field in hot loops: built alike, built in another
-- key order, gaining keys mid-loop (their dicts grow), losing and regaining
-- a key, two locals holding one record, reads in both arms of an if and of
-- and/or, stores in place and stores that add a key
local function rec(x, y, z) return {x = x, y = y, z = z} end
local rs = {}
for i = 1, 40 do
  if i % 3 == 0 then rs[i] = {z = i * 3, y = i * 2, x = i}
  elseif i % 5 == 0 then local r = {} r.y = i * 2 r.x = i r.z = i * 3 rs[i] = r
  else rs[i] = rec(i, i * 2, i * 3) end
end
local function sum(t)
  local s = 0
  for i = 1, #t do
    local r = t[i]
    s = s + r.x + r.y * r.z
  end
  return s
end
for _ = 1, 30 do sum(rs) end
print(sum(rs))
rs[7].w = 1                     -- one record grows, and one loses a key
rs[8].x = nil rs[8].x = 8
print(sum(rs))
-- a record's dict grows (stores of new keys) between reads of its fields;
-- then a field is replaced by a new object and read again: from the grown
-- dict (a boolean stored; a float that other records share, so not stored
-- in place)
local function grow_bool(t, n)
  local s = 0
  for i = 1, n do
    local r = t[i]
    s = s + r.x
    r[i + 1000], r[i + 2000], r[i + 3000], r[i + 4000], r[i + 5000] = true, true, true, true, true
    r.f = not r.f
    if r.f then s = s + r.z else s = s - r.z end
  end
  return s
end
local function grow_num(t, n)
  local s = 0
  for i = 1, n do
    local r = t[i]
    s = s + r.x
    r.a, r.b, r.c, r.d, r.e = i, i, i, i, i
    r.y = r.y + 1
    s = s + r.y + r.z
  end
  return s
end
local y0 = 0.5 * #rs     -- one float object, which every record of hs holds
for round = 1, 3 do     -- fresh records each time: they grow in compiled code
  local gs, hs = {}, {}
  for i = 1, 50 do       -- in tier 0 (tostring is not compiled): y0 is shared
    gs[i] = {x = i, y = 0, z = 1, f = false, name = tostring(i)}
    hs[i] = rec(i, y0, 1)
  end
  print(grow_bool(gs, 50), grow_bool(gs, 50), gs[50].f, gs[50][5050])
  print(grow_num(hs, 50), grow_num(hs, 50), hs[50].y, hs[50].e)
end
-- the first read of a record in one arm of an if, or of an and/or, then
-- in the other arm and after: each reads the dict where it runs
local function arms(t, n)
  local s = 0
  for i = 1, n do
    local r = t[i % #t + 1]
    if i % 2 == 0 then s = s + r.x else s = s - r.y end
    s = s + (i % 3 == 0 and r.z or r.x) + r.y
  end
  return s
end
print(arms(rs, 100), arms(rs, 100))
local function alias(a, n)
  local b = a
  local s = 0
  for i = 1, n do
    a.x = a.x + 1
    s = s + b.x + b.y
    b.y = b.y * 2 % 1000
    if i % 2 == 0 then s = s + a.z else s = s - b.z end
    s = s + (i % 3 == 0 and a.x or b.y)
  end
  return s
end
local p = rec(1, 2, 3)
print(alias(p, 100), alias(p, 100), p.x, p.y)
local function adds(t, n)
  local s = 0
  for i = 1, n do
    local r = t[i]
    r.sum = r.x + r.y         -- new key on the first pass, in place after
    s = s + r.sum + r.z
  end
  return s
end
local as = {}
for i = 1, 60 do as[i] = rec(i, i, i) end
print(adds(as, 60), adds(as, 60), as[60].sum)
--- out
133660
133660
1325	1225	false	true
2375	2425	22	50
1325	1225	false	true
2375	2425	22	50
1325	1225	false	true
2375	2425	22	50
5902	5902
90260	105310	201	752
5490	5490	120
=== TEST 42: checkpoints every few dozen turns: an exit long after the last one undoes every store since (cached elements, fields in place, appends) and tier 0 runs those turns again from the outer locals the checkpoint kept; in a function, exits in later calls
--- lua
-- a loop whose checkpoints come every few dozen turns exits long after the
-- last one: every store since (cached elements, fields in place, appends)
-- is undone and tier 0 runs those turns again, from the outer locals the
-- checkpoint kept
local t, rec, log = {}, {x = 0, n = 0}, {}
for i = 1, 300 do t[i] = i end
local sum, last = 0, 0
for i = 1, 300 do
  t[i] = t[i] * 2
  rec.x = rec.x + i
  rec.n = rec.n + 1
  log[#log + 1] = i
  sum = sum + t[i]
  last = i
  if i == 150 then t[151] = "302" end   -- the next turn reads a string: an exit
end
print(sum, last, t[150], t[151], t[300], rec.x, rec.n, #log, log[#log])
-- the same in a function: each call a root entry, exits in later calls
local function run(a, n, k)
  local s = 0
  for i = 1, n do
    a[i] = a[i] + k
    s = s + a[i]
    if i == n - 3 and k == 3 then a[n - 2] = true end
  end
  return s
end
local a = {}
for i = 1, 100 do a[i] = i end
for k = 1, 4 do print(pcall(run, a, 100, k)) end
print(a[96], a[97], a[98], a[100])
--- out
90602	300	300	604	600	45150	300	300	300
true	5150
true	5350
false	t.lua:22: attempt to perform arithmetic on a boolean value
false	t.lua:22: attempt to perform arithmetic on a boolean value
106	107	true	103
=== TEST 43: fields stored in place many times between checkpoints: each float logs its old value once per window (marked), so exits restore the last checkpoint's values; floats replaced by strings and tables and put back mid-window, a float tier 0 shares with another table, later entries of a function logging anew
--- lua
-- a field stored in place many times between checkpoints logs its old value
-- once: exits restore the value of the last checkpoint, floats replaced and
-- put back mid-window, shared floats never written in place
local r = {x = 0.5, y = 0, z = 1}
local shared = {x = r.x}            -- tier 0 shares the float object
local turns = 0
for i = 1, 200 do
  r.x = r.x + 1
  r.x = r.x * 1
  r.y = r.y + r.x
  if i % 37 == 0 then r.z = "s" end          -- a string over the number
  if type(r.z) == "string" then r.z = i end  -- a new float, then in place
  r.z = r.z * 3 % 1000
  turns = i
end
print(turns, r.x, r.y, r.z, shared.x)
-- the same record in later entries of a compiled function: each entry logs anew
local function bump(t, n, k)
  for i = 1, n do
    t.x = t.x + k
    t.y = t.y - k
    if i == n and k == 4 then t.y = {} end
  end
  return t.x
end
local s = {x = 1, y = 0}
for k = 1, 5 do print(k, bump(s, 70, k), type(s.y)) ; if k == 4 then s.y = 0 end end
-- a float replaced by a table mid-window, then the loop ends: the table stays
local q = {v = 1.25}
for i = 1, 100 do
  q.v = q.v + i
  if i == 60 then q.v = {n = q.v} ; break end
end
print(type(q.v), q.v.n)
-- an exit while a marked float was removed and put back
local w = {a = 3.5}
local ok, err = pcall(function()
  for i = 1, 150 do
    w.a = w.a + 1
    if i == 120 then w.a = nil ; w.a = 7 end
    if i == 140 then w.a = w.a + nil end
  end
end)
print(ok, err, w.a)
--- out
200	200.5	20200	385	0.5
1	71	number
2	211	number
3	421	number
4	701	table
5	1051	number
table	1831.25
false	t.lua:41: attempt to perform arithmetic on a nil value	27
=== TEST 44: loops whose start is an enclosing loop's variable plus or minus whole numbers count whole steps (no per-turn test of the loop's kind): up, down, by 2, empty; a start past 2^53 leaves for tier 0; a fractional start keeps counting by value
--- lua
-- inner loops whose start is an outer loop's variable plus or minus whole
-- constants count whole steps with no per-turn test of their kind; a start
-- past 2^53 leaves for tier 0, which counts as Lua 5.1 does
local big = 9007199254740990
local function pairs_sum(n)
  local s, c = 0, 0
  for i = 1, n do
    for j = i + 1, n do s = s + i * j; c = c + 1 end
    for j = i - 1, 1, -1 do s = s - j end
    for j = i + i, i * 3, 2 do s = s + j end
  end
  return s, c
end
for _ = 1, 3 do print(pairs_sum(30)) end
local function far(n)
  local out = {}
  for i = 1, n do
    for j = i + big - 8, big - 4 do out[#out + 1] = j - big end
    for j = i + big + 4, big do out[#out + 1] = 0 end
    for j = i + 9007199254740990 + 4, 9007199254741010, 2 do out[#out + 1] = j - big end
  end
  return out
end
print(table.concat(far(6), ","))
local function frac(n, d)
  local s = 0
  for i = 1, n do
    for j = i + d, n do s = s + j end
  end
  return s
end
print(frac(20, 0), frac(20, 0.5), frac(20, 1))
--- out
111530	435
111530	435
111530	435
-7,-6,-5,-4,6,8,10,12,14,16,18,20,-6,-5,-4,6,8,10,12,14,16,18,20,-6,-5,-4,6,8,10,12,14,16,18,20,-4,8,10,12,14,16,18,20,10,12,14,16,18,20,10,12,14,16,18,20
2870	2565	2660
=== TEST 45: numeric for loops that cross 2^53 go on adding the step in floats, rounding as Lua does (up, down, by 2, a limit of exactly 2^53 that never ends), and loops to math.huge
--- lua
local big = 2^53
local out = {}
for j = big - 3, big + 6, 2 do out[#out + 1] = j - big end
for j = big - 2, big + 6, 2 do out[#out + 1] = j - big end
for j = 1 - big, -big - 6, -2 do out[#out + 1] = j + big end
for j = big - 1, big + 1 do out[#out + 1] = j - big ; if #out > 20 then break end end
print(table.concat(out, ","))
local n = 0
for i = 1, math.huge do n = n + 1 ; if n == 5 then break end end
for i = -1, -math.huge, -1 do n = n + 1 ; if n == 9 then break end end
print(n)
--- out
-3,-1,0,2,4,6,-2,0,2,4,6,1,0,-2,-4,-6,-1,0,0,0,0
9
