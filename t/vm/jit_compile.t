# Tier 1 as lua-resty-core's tests see it: which regions compile, in the
# lines LuaJIT's -jv prints ([TRACE n chunk:line loop|return], [TRACE --- ...
# -- NYI: ...], blacklisted), written through require("jit.v").on(file). The
# compile time at the end of a line is dropped. LuaJIT's own traces differ
# (it records through calls, we compile whole loops and functions), so the
# expected output here is ours, not luajit's.
=== TEST 1: -jv names each compiled loop region, and a loop that cannot compile; a function's loop called from a hot loop compiles inside the caller's region
--- lua
local log = os.tmpname()
require("jit.v").on(log)
local function show()
  require("jit.v").off()
  for l in io.lines(log) do print((l:gsub("%] [%d.]+ ms.*$", "]"))) end
  os.remove(log)
end
jit.opt.start("hotloop=5"); jit.flush()
local s = 0
for i = 1, 100 do s = s + i * 0.5 end
local function f(n)
  local x = 0
  for i = 1, n do x = x + math.sqrt(i) end
  return x
end
for i = 1, 10 do f(3) end
local t = {}
for j = 1, 10 do
  for i = 1, 3 do t[i] = function() return i end end
end
print(s, f(4))
show()
--- out
2525	6.146264369942
[TRACE   1 t.lua:10 loop]
[TRACE   2 t.lua:16 loop]
[TRACE --- t.lua:19 -- NYI: closure at t.lua:19]
=== TEST 2: a region that keeps failing to type is blacklisted
--- lua
local log = os.tmpname()
require("jit.v").on(log)
local function show()
  require("jit.v").off()
  for l in io.lines(log) do print((l:gsub("%] [%d.]+ ms.*$", "]"))) end
  os.remove(log)
end
jit.opt.start("hotloop=5"); jit.flush()
local function g(x, n) local s = 0 for i = 1, n do s = s + x end return s end
for i = 1, 400 do g("1", 2) end
print(g(1, 3), g("2", 3))
show()
--- out
3	6
[TRACE --- t.lua:10 -- NYI: arithmetic on string at t.lua:9]
[TRACE --- t.lua:9 -- NYI: arithmetic on string at t.lua:9]
[TRACE --- t.lua:9 -- NYI: arithmetic on string at t.lua:9]
[TRACE --- t.lua:9 -- NYI: arithmetic on string at t.lua:9]
[TRACE --- t.lua:10 -- NYI: arithmetic on string at t.lua:9]
[TRACE --- t.lua:9 -- NYI: arithmetic on string at t.lua:9]
[TRACE --- t.lua:9 -- NYI: arithmetic on string at t.lua:9]
[TRACE --- t.lua:10 -- NYI: arithmetic on string at t.lua:9]
[TRACE --- t.lua:9 -- NYI: arithmetic on string at t.lua:9]
[TRACE --- t.lua:9 -- NYI: arithmetic on string at t.lua:9]
[TRACE --- t.lua:9 -- blacklisted]
[TRACE --- t.lua:10 -- NYI: arithmetic on string at t.lua:9]
[TRACE --- t.lua:10 -- blacklisted]
[TRACE --- t.lua:9 -- NYI: arithmetic on string at t.lua:9]
[TRACE --- t.lua:9 -- blacklisted]
=== TEST 3: jit.off and jit.on, for everything and for one function
--- lua
local log = os.tmpname()
require("jit.v").on(log)
local function show()
  require("jit.v").off()
  for l in io.lines(log) do print((l:gsub("%] [%d.]+ ms.*$", "]"))) end
  os.remove(log)
end
jit.opt.start("hotloop=5"); jit.flush()
local function f(n) local s = 0 for i = 1, n do s = s + i end return s end
jit.off()
for i = 1, 20 do f(2) end
jit.on()
jit.off(f)
for i = 1, 20 do f(2) end
jit.on(f)
for i = 1, 20 do f(2) end
print(f(10))
show()
--- out
55
[TRACE --- t.lua:14 -- NYI: call of a function with the JIT off at t.lua:14]
[TRACE   1 t.lua:16 loop]
=== TEST 4: jit.flush drops compiled code; hot code compiles again
--- lua
local log = os.tmpname()
require("jit.v").on(log)
local function show()
  require("jit.v").off()
  for l in io.lines(log) do print((l:gsub("%] [%d.]+ ms.*$", "]"))) end
  os.remove(log)
end
jit.opt.start("hotloop=5"); jit.flush()
local function count(n) local c = 0 while c < n do c = c + 1 end return c end
for i = 1, 10 do count(3) end
jit.flush()
for i = 1, 10 do count(3) end
print(count(7))
show()
--- out
7
[TRACE   1 t.lua:9 loop]
[TRACE   2 t.lua:10 loop]
[TRACE   3 t.lua:9 loop]
[TRACE   4 t.lua:12 loop]
[TRACE   5 t.lua:9 return]
=== TEST 5: loops reading tables compile (array elements, record fields, #t); a read that keeps meeting nil exits until blacklisted
--- lua
local log = os.tmpname()
require("jit.v").on(log)
local function show()
  require("jit.v").off()
  for l in io.lines(log) do print((l:gsub("%] [%d.]+ ms.*$", "]"))) end
  os.remove(log)
end
jit.opt.start("hotloop=5"); jit.flush()
local v = {}
for i = 1, 20 do v[i] = {x = i, w = i / 2} end
local function dot(v)
  local s = 0
  for i = 1, #v do s = s + v[i].x * v[i].w end
  return s
end
local total = 0
for r = 1, 10 do total = total + dot(v) end
local holes = {1, 2, nil, 4}
local n = 0
for r = 1, 100 do
  for i = 1, 4 do if holes[i] then n = n + 1 end end
end
print(total, n)
show()
--- out
14350	300
[TRACE   1 t.lua:10 loop]
[TRACE   2 t.lua:13 loop]
[TRACE   3 t.lua:17 loop]
[TRACE   4 t.lua:20 loop]
[TRACE --- t.lua:20 -- blacklisted]
[TRACE   5 t.lua:21 loop]
[TRACE --- t.lua:21 -- blacklisted]
=== TEST 6: strings and C calls compile: an encoder called in a hot loop (a string to C, a buffer from an upvalue, ffi.string, #) with its untaken branches left to tier 0; a table read after a C call in the same turn does not
--- lua
local log = os.tmpname()
require("jit.v").on(log)
local function show()
  require("jit.v").off()
  for l in io.lines(log) do print((l:gsub("%] [%d.]+ ms.*$", "]"))) end
  os.remove(log)
end
jit.opt.start("hotloop=5"); jit.flush()
local ffi = require "ffi"
ffi.cdef[[ size_t strlen(const char *s); ]]
local C, ffi_string = ffi.C, ffi.string
local buf = ffi.new("unsigned char[?]", 64)
local function to_string(s)
  if type(s) == "string" then return s end
  if not s then return "" end
  return tostring(s)
end
local function get_buf(size)
  if size > 64 then
    buf = ffi.new("unsigned char[?]", size)
  end
  return buf
end
local function enc(s, no_padding)
  s = to_string(s)
  local pad
  if no_padding then pad = 1 else pad = 0 end
  local dst = get_buf(#s + pad)
  for i = 0, #s - 1 do dst[i] = 65 + i end
  return ffi_string(dst, C.strlen(s))
end
local n = 0
for i = 1, 100 do n = n + #enc("123456") end
local t = {1, 2, 3}
local m = 0
for i = 1, 100 do m = m + tonumber(C.strlen("abc")) + t[i % 3 + 1] end
print(n, m, enc("xyz"))
show()
--- out
600	500	ABC
[TRACE   1 t.lua:33 loop]
[TRACE --- t.lua:36 -- NYI: guard after a C call at t.lua:36]
[TRACE --- t.lua:36 -- NYI: guard after a C call at t.lua:36]
[TRACE --- t.lua:36 -- NYI: guard after a C call at t.lua:36]
=== TEST 7: goto compiles: a continue in a hot loop, a jump out of a loop in a compiled function; a loop that jumps out of itself is not a region of its own
--- lua
local log = os.tmpname()
require("jit.v").on(log)
local function show()
  require("jit.v").off()
  for l in io.lines(log) do print((l:gsub("%] [%d.]+ ms.*$", "]"))) end
  os.remove(log)
end
jit.opt.start("hotloop=5"); jit.flush()
local s = 0
for i = 1, 100 do
  if i % 3 == 0 then goto continue end
  s = s + i
  ::continue::
end
local t = {1, 2, 3, 4, 5, 6, 7, 8, 9}
local function over(x)
  for i = 1, #t do
    if t[i] > x then goto found end
  end
  do return 0 end
  ::found::
  return 1
end
local n = 0
for r = 1, 3 do n = n + over(r) end
local m = 0
for r = 1, 50 do m = m + over(r % 12) end
print(s, n, m)
show()
--- out
3367	3	38
[TRACE   1 t.lua:10 loop]
[TRACE   2 t.lua:16 return]
[TRACE --- t.lua:17 -- NYI: goto out of the loop at t.lua:18]
[TRACE   3 t.lua:27 loop]
=== TEST 8: a numeric for of few turns per call, in a function called from a hot loop, waits for the caller's region, which holds the call; called from a loop that cannot compile, the function compiles as a region of its own
--- lua
local log = os.tmpname()
require("jit.v").on(log)
local function show()
  require("jit.v").off()
  for l in io.lines(log) do print((l:gsub("%] [%d.]+ ms.*$", "]"))) end
  os.remove(log)
end
jit.opt.start("hotloop=5"); jit.flush()
local function step(n)
  local s = 0
  for i = 1, n do s = s + i end
  return s
end
local total = 0
for k = 1, 40 do total = total + step(3) end
local fns = {}
for k = 1, 40 do
  fns[k] = function() return k end
  total = total + step(2)
end
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(total, fib(12))
show()
--- out
360	144
[TRACE   1 t.lua:15 loop]
[TRACE   2 t.lua:9 return]
[TRACE   3 t.lua:21 return]
=== TEST 9: an inner loop waits for its enclosing loop only while that one is untried: once the enclosing loop fails to compile, the inner one compiles on its own
--- lua
local log = os.tmpname()
require("jit.v").on(log)
local function show()
  require("jit.v").off()
  for l in io.lines(log) do print((l:gsub("%] [%d.]+ ms.*$", "]"))) end
  os.remove(log)
end
jit.opt.start("hotloop=5"); jit.flush()
local out = {}
for depth = 1, 6 do
  local sum = 0
  for k = 1, 3 do sum = sum + k * depth end
  out[#out + 1] = tostring(sum)
  io.write("")
end
print(table.concat(out, " "))
show()
--- out
6 12 18 24 30 36
[TRACE --- t.lua:10 -- NYI: tostring of a number at t.lua:13]
[TRACE   1 t.lua:12 loop]
=== TEST 10: jit.v.on with a file it cannot open is a Lua error in io.open's words (LuaJIT prefixes the position in its jit/v.lua, a Lua file; ours is a builtin)
--- lua
print(pcall(require("jit.v").on, "/nonexistent/dir/x.log"))
print(pcall(require("jit.v").on, {}))
local f = os.tmpname()
print(pcall(require("jit.v").on, f))
require("jit.v").off()
os.remove(f)
--- out
false	/nonexistent/dir/x.log: No such file or directory
false	bad argument #1 to 'open' (string expected, got table)
true
=== TEST 11: field reads of one record share its dict's header only where one read runs before the other: a first read in an arm of an if, or of an and/or, and reads after it all compile
--- lua
local log = os.tmpname()
require("jit.v").on(log)
local function show()
  require("jit.v").off()
  for l in io.lines(log) do print((l:gsub("%] [%d.]+ ms.*$", "]"))) end
  os.remove(log)
end
jit.opt.start("hotloop=5"); jit.flush()
local rs = {}
for i = 1, 10 do rs[i] = {x = i, y = 2 * i, z = 3 * i} end
local function arms(t, n)
  local s = 0
  for i = 1, n do
    local r = t[i % #t + 1]
    if i % 2 == 0 then s = s + r.x else s = s - r.y end
    s = s + (i % 3 == 0 and r.z or r.x) + r.y
    if i % 5 == 0 then r.x = r.x + 1 else r.z = r.z - 1 end
    s = s + r.x * r.z
  end
  return s
end
print(arms(rs, 100))
show()
--- out
11722
[TRACE   1 t.lua:10 loop]
[TRACE   2 t.lua:13 loop]
