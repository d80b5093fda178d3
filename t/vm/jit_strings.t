# Tier 1's strings and FFI against tier 0 and LuaJIT: hot loops and hot
# functions over strings (#, ==, ~=, tostring, type, `or ""`), calls that take
# and return strings, and FFI calls, cdata arrays and ffi.string/ffi.copy,
# with LuaJIT 2.1's output. Every block also runs as [jit] (hotloop=1), so
# each runs once with compilation at first entry and once at the default
# threshold, where regions compile mid-run.
=== TEST 1: # of strings and string equality in hot loops; a string local changes type
--- lua
-- # of a string local, upvalue, parameter and constant
local up = "hello, world"
local function lens(p)
  local loc = "abc" .. p
  local n = 0
  for i = 1, 200 do n = n + #loc + #up + #p + #"xyz" end
  return n
end
local total = 0
for i = 1, 100 do total = total + lens("k" .. (i % 7)) end
print(total, lens(""))
-- equality with contents built differently, other lengths, the empty string
local a = string.rep("ab", 3)
local b = "aba" .. "bab"
local c = "ababa"
local e = ""
local eq, ne, ce, ee = 0, 0, 0, 0
for i = 1, 400 do
  if a == b then eq = eq + 1 end
  if a ~= c then ne = ne + 1 end
  if a == "ababab" then ce = ce + 1 end
  if e == "" and e ~= a and not (e == c) then ee = ee + 1 end
end
print(eq, ne, ce, ee)
local function same(x, y) return x == y, x ~= y end
local hits = 0
for i = 1, 200 do
  local s = (i % 2 == 0) and a or c
  local r1, r2 = same(s, b)
  if r1 then hits = hits + 1 end
  if r2 then hits = hits + 1000 end
end
print(hits, same(1, "1"), same("", e), same(b, string.rep("ab", 3)))
-- a string local that becomes a number, nil and a table mid-loop
local function lenloop(n, repl)
  local s = "four"
  local sum = 0
  for i = 1, n do
    if i == 250 then s = repl end
    sum = sum + #s
  end
  return sum
end
print(pcall(lenloop, 300, "seven"))
print(pcall(lenloop, 300, 17))
print(pcall(lenloop, 300, nil))
print(pcall(lenloop, 300, {1, 2, 3}))
print(pcall(lenloop, 249, nil))
local function eqloop()
  local s, cnt = "abc", 0
  for i = 1, 300 do
    if i == 100 then s = 5 elseif i == 200 then s = nil end
    if s == "abc" then cnt = cnt + 1 elseif s == 5 then cnt = cnt + 100 elseif s == nil then cnt = cnt + 10000 end
  end
  return cnt
end
print(eqloop())
-- type() tests on values whose type changes mid-run
local vals = {}
for i = 1, 400 do
  if i < 150 then vals[i] = "s" .. i elseif i < 300 then vals[i] = i else vals[i] = (i % 2 == 0) and {} or tostring(i) end
end
local function classify(t)
  local ns, nn, no, sl = 0, 0, 0, 0
  for i = 1, #t do
    local x = t[i]
    if type(x) == "string" then ns = ns + 1; sl = sl + #x
    elseif type(x) == "number" then nn = nn + 1
    else no = no + 1 end
  end
  return ns, nn, no, sl
end
print(classify(vals))
for i = 1, 40 do classify(vals) end
vals[5] = 1.5; vals[200] = "x"; vals[301] = false
print(classify(vals))
--- out
440000	3600
400	400	400	400
100100	false	true	true	false
true	1251
false	t.lua:40: attempt to get length of local 's' (a number value)
false	t.lua:40: attempt to get length of local 's' (a nil value)
true	1149
true	996
1020099
199	150	51	638
198	150	52	634
=== TEST 2: functions that take and return strings; an optional argument left nil
--- lua
-- functions that take and return strings
local function pick(a, b, c) if c then return a end return b end
local function join(a, b) return a .. b end
local n, last = 0, nil
for i = 1, 300 do
  local s = pick("left", "right!", i % 3 == 0)
  n = n + #s
  last = join(s, pick("", "?", i > 150))
end
print(n, last)
-- an optional argument that is nil
local function f(s, opt)
  local pad
  if opt then pad = 1 else pad = 0 end
  return #s + pad
end
local t = 0
for i = 1, 300 do t = t + f("abcd") end
print(t)
for i = 1, 300 do t = t + f("abcd", true) end
print(t)
print(f("xy", "yes"), f("xy", 0), f("xy", false), f("", {}))
print(pcall(f, 42, true))
print(pcall(f, nil))
-- locals declared without a value, set in both branches, then read
local function g(x, flag)
  local a, b
  if flag then a = x; b = "on" else a = #x; b = nil end
  if b then return a .. b end
  return a
end
local acc = 0
for i = 1, 200 do acc = acc + g("hello", false) end
print(acc, g("hello", true), g("", nil), type(g("q", 1)))
local r = {}
for i = 1, 200 do r[#r % 3 + 1] = g("k", i % 2 == 0) end
print(r[1], r[2], r[3])
print(pcall(g, 5, false))
print(pcall(g, {}, true))
-- a string result used as a number
local function num(s, base) return tonumber(s, base) end
local q = 0
for i = 1, 300 do q = q + num("1" .. i % 10) end
print(q, num("ff", 16), num("zz"), num("0x10"))
--- out
1600	left
1200
2700
3	3	2	1
false	t.lua:15: attempt to get length of local 's' (a number value)
false	t.lua:15: attempt to get length of local 's' (a nil value)
1000	helloon	0	string
kon	kon	1
false	t.lua:28: attempt to get length of local 'x' (a number value)
false	t.lua:29: attempt to concatenate local 'a' (a table value)
4350	255	nil	16
=== TEST 3: tostring and type in hot loops; x or "" and if not s
--- lua
-- tostring of strings, type of every kind of value
local function ts(x) return tostring(x) end
local n = 0
for i = 1, 300 do n = n + #ts("abc") + #tostring("") + #ts("x" .. i) end
print(n, ts("same") == "same", ts(12), ts(1.5), ts(nil), ts(true), ts(-0.0))
local fn = function() end
local vals = {1, 2.5, true, false, "s", {}, fn, print}
local counts = {}
local function tally(v)
  local k = type(v)
  counts[k] = (counts[k] or 0) + 1
  return k
end
for i = 1, 300 do
  for j = 1, 8 do tally(vals[j]) end
  tally(nil)
end
print(counts.number, counts.boolean, counts.string, counts.table, counts["function"], counts["nil"])
local tl = 0
for i = 1, 300 do tl = tl + #type(i) + #type(nil) + #type(i > 5) + #type(vals) + #type(fn) end
print(tl)
-- x or "" and if not s on strings and nil
local function nz(s) return s or "" end
local function desc(s)
  if not s then return "none" end
  if s == "" then return "empty" end
  return s
end
local words = {"a", nil, "bb", "", "ccc", false}
local total, out = 0, {}
for i = 1, 300 do
  local w = words[i % 6 + 1]
  total = total + #nz(w) + #(w or "--") + #desc(w)
  if i > 294 then out[#out + 1] = desc(w) .. "/" .. nz(w) end
end
print(total, table.concat(out, ","))
local okz, vz = pcall(nz, false)
print(okz, "[" .. vz .. "]")
local function opt(s, d)
  local v = s and s .. "!" or d
  if not v then v = "default" end
  return v
end
local o = 0
for i = 1, 300 do o = o + #opt(i % 2 == 0 and "ab" or nil, i % 3 == 0 and "xyz" or nil) end
print(o, opt(nil, nil), opt("k", nil), opt(nil, "d"), opt(false, false))
print(pcall(opt, {}, nil))
--- out
1992	true	12	1.5	nil	true	-0
600	600	300	300	600	300
8700
1750	none/,bb/bb,empty/,ccc/ccc,none/,a/a
true	[]
1300	default	k!	d	default
false	t.lua:40: attempt to concatenate local 's' (a table value)
=== TEST 4: FFI: libc calls on strings, numbers and cdata arrays; elements that wrap; ffi.string
--- lua
local ffi = require "ffi"
local C = ffi.C
ffi.cdef [[
size_t strlen(const char *s);
int memcmp(const void *a, const void *b, size_t n);
void *memset(void *s, int c, size_t n);
int abs(int);
double fabs(double);
]]
-- libc on Lua strings and numbers
local strs = {"", "a", "hello", "hello world", string.rep("xy", 20)}
local sl, ab = 0, 0
for i = 1, 300 do
  local s = strs[i % 5 + 1]
  sl = sl + tonumber(C.strlen(s))
  ab = ab + C.abs(150 - i) + C.fabs(i - 150.5)
end
print(sl, ab, type(C.strlen("x")), tostring(C.strlen("abc")))
local function sign(r) if r < 0 then return -1 elseif r > 0 then return 1 end return 0 end
local mc = 0
for i = 1, 300 do
  mc = mc + sign(C.memcmp("abcdef", "abcxef", 6 - i % 4)) * 10 + sign(C.memcmp("same", "same", 4))
    + sign(C.memcmp("b", "a", 1)) * 1000
end
print(mc)
-- cdata arrays: reads and writes that wrap
local u8 = ffi.new("unsigned char[?]", 64)
local i32 = ffi.new("int[10]")
local f64 = ffi.new("double[8]")
for i = 0, 63 do u8[i] = i * 7 end
local s8 = 0
for r = 1, 10 do for i = 0, 63 do s8 = s8 + u8[i] end end
print(s8, u8[63], u8[0], u8[36], u8[37])
for i = 1, 300 do
  local k = i % 10
  i32[k] = i32[k] * 3 % 1000003 - i * 4321
  f64[i % 8] = f64[i % 8] + i / 4
end
local si, sf = 0, 0
for i = 0, 9 do si = si + i32[i] end
for i = 0, 7 do sf = sf + f64[i] end
print(si, sf, i32[0], i32[9], f64[3])
-- int and uint32_t elements that wrap: int64_t cdata and numbers beyond 2^32
local u32 = ffi.new("uint32_t[4]")
local big = ffi.new("int64_t", 2147483000)
local ws, wt = 0, 0
for i = 1, 400 do
  i32[i % 4] = big + i * 7
  u32[i % 4] = i * 100000000 - 2^31
  ws = ws + i32[i % 4]
  wt = wt + u32[i % 4]
end
print(ws, wt, i32[0], i32[1], u32[0], u32[3])
i32[1] = 3.9; i32[2] = -3.9; u8[1] = -1; u8[2] = 256 + 7; u8[3] = 3.9
print(i32[1], i32[2], u8[1], u8[2], u8[3])
-- memset on a cdata array, memcmp of cdata against a Lua string
C.memset(u8, 65, 10)
local m = 0
for i = 1, 300 do
  if C.memcmp(u8, "AAAAAAAAAA", 10) == 0 then m = m + 1 end
  if C.memcmp(u8, "AAAAB", 5) ~= 0 then m = m + 1000 end
end
print(m)
-- ffi.string with and without a length
local got, eq = 0, 0
for i = 1, 300 do
  local n = i % 10
  local s = ffi.string(u8, n)
  got = got + #s
  if s == string.rep("A", n) then eq = eq + 1 end
  if s ~= "AAAA" then eq = eq + 1000 end
end
print(got, eq)
u8[10] = 0
local z = 0
for i = 1, 300 do
  local s = ffi.string(u8)
  z = z + #s
  if s == "AAAAAAAAAA" then z = z + 1 end
end
print(z, ffi.string(u8, 3), #ffi.string(u8, 0))
local cs = ffi.new("char[16]", "cstring")
local w = 0
for i = 1, 300 do w = w + #ffi.string(cs) + tonumber(C.strlen(cs)) end
print(w, ffi.string(cs), ffi.string(cs) == "cstring", ffi.string(cs, 7) == "cstring")
--- out
3420	45000	cdata	3ULL
297750
72000	185	0	252	3
-7884461	11287.5	-1118415	-1000644	1434.5
-463856165768	877469386752	-2147481496	-2147481517	3492777984	3392777984
3	-3	255	7	3
300300
1350	270300
3300	AAA	0
4200	cstring	true	true
=== TEST 5: the OpenResty encoder loop without ngx; a buffer that grows mid-loop
--- lua
local ffi = require "ffi"
local C = ffi.C
ffi.cdef[[ size_t strlen(const char *s); ]]
local buf = ffi.new("unsigned char[?]", 64)
local function enc(s)
  local len = #s
  ffi.copy(buf, s, len)
  return ffi.string(buf, C.strlen(s))
end
local n = 0
for i = 1, 20000 do n = n + #enc("123456") end
print(n, enc("abc"), enc(""), enc("x\0y"), #enc("x\0y"))
local same = 0
for i = 1, 300 do
  if enc("k" .. i % 10) == "k" .. i % 10 then same = same + 1 end
end
print(same)
-- a buffer that grows: a bigger one only when the size exceeds the current one
local buf_size = 16
local gbuf = ffi.new("unsigned char[?]", buf_size)
local allocs = 0
local function get_buf(size)
  if size > buf_size then
    buf_size = size + 4
    gbuf = ffi.new("unsigned char[?]", buf_size)
    allocs = allocs + 1
  end
  return gbuf, buf_size
end
local function dup(s, times)
  local len = #s
  local total = len * times
  local b = get_buf(total)
  for k = 0, times - 1 do ffi.copy(b + k * len, s, len) end
  return ffi.string(b, total)
end
local sum, sizes = 0, {}
for i = 1, 400 do
  local times = 1 + math.floor(i / 40)
  local r = dup("ab" .. i % 10, times)
  sum = sum + #r
  if i % 100 == 0 then sizes[#sizes + 1] = buf_size .. ":" .. r end
end
print(sum, allocs, buf_size)
print(table.concat(sizes, " "))
print(dup("xyz", 2) == "xyzxyz", #dup("", 5), dup("q", 40) == string.rep("q", 40), allocs, buf_size)
-- the same shape with a C string read back without a length
local function cstr(s)
  local b = get_buf(#s + 1)
  ffi.copy(b, s)
  return ffi.string(b)
end
local cl = 0
for i = 1, 300 do cl = cl + #cstr(string.rep("z", i % 50)) end
print(cl, cstr("hello"), cstr(string.rep("w", 300)) == string.rep("w", 300), allocs, buf_size)
--- out
120000	abc		x	1
300
6630	3	34
16:ab0ab0ab0 22:ab0ab0ab0ab0ab0ab0 28:ab0ab0ab0ab0ab0ab0ab0ab0 34:ab0ab0ab0ab0ab0ab0ab0ab0ab0ab0ab0
true	0	true	4	44
7350	hello	true	7	305
=== TEST 6: errors in hot string and FFI paths
--- lua
local ffi = require "ffi"
local C = ffi.C
ffi.cdef [[
size_t strlen(const char *s);
int abs(int);
]]
-- a C function meets a table or a number where it saw strings: the error
-- names the C function as the call site does, and the work done before it
local done = 0
local function lens(args)
  local n = 0
  for i = 1, #args do n = n + tonumber(C.strlen(args[i])); done = i end
  return n
end
local args = {}
for i = 1, 300 do args[i] = "s" .. i end
print(pcall(lens, args))
args[250] = {}
local ok, err = pcall(lens, args)
print(ok, err, done)
args[250] = 12
done = 0
ok, err = pcall(lens, args)
print(ok, err, done)
args[250] = "again"
print(pcall(lens, args))
local function absall(t)
  local n = 0
  for i = 1, #t do n = n + C.abs(t[i]); done = i end
  return n
end
local nums = {}
for i = 1, 300 do nums[i] = 150 - i end
print(pcall(absall, nums))
for _, bad in ipairs({"-7", {}, true}) do
  nums[200] = bad
  done = 0
  local ok, err = pcall(absall, nums)
  print(ok, err, done)
end
nums[200] = -7.5
print(pcall(absall, nums))
-- # of nil mid-loop
local function total(t, n)
  local s = 0
  for i = 1, n do s = s + #t[i] end
  return s
end
local strs = {}
for i = 1, 300 do strs[i] = string.rep("a", i % 7) end
print(pcall(total, strs, 300))
print(pcall(total, strs, 301))
strs[150] = false
print(pcall(total, strs, 300))
-- indexing cdata beyond what was seen
local buf = ffi.new("int[8]")
local function fill(b, n)
  for i = 0, n - 1 do b[i] = i * 2 end
  return b[n - 1]
end
for i = 1, 100 do fill(buf, 8) end
print(pcall(fill, buf, 8))
print(pcall(function() return buf.x end))
print(pcall(function() buf[0] = "str" end))
ffi.cdef "struct pair { int a; double b; };"
local s = ffi.new("struct pair")
local function gets(o, k) return o[k] end
local q = 0
for i = 1, 300 do s.a = i; q = q + gets(s, "a") end
print(q, pcall(gets, s, "c"))
print(pcall(gets, s, 1))
--- out
true	1092
false	t.lua:12: bad argument #1 to 'strlen' (cannot convert 'table' to 'const char *')	249
false	t.lua:12: bad argument #1 to 'strlen' (cannot convert 'number' to 'const char *')	249
true	1093
true	22500
false	t.lua:29: bad argument #1 to 'abs' (cannot convert 'string' to 'int')	199
false	t.lua:29: bad argument #1 to 'abs' (cannot convert 'table' to 'int')	199
true	22451	300
true	22457
true	903
false	t.lua:46: attempt to get length of a nil value
false	t.lua:46: attempt to get length of a boolean value
true	14
false	t.lua:63: 'int [8]' has no member named 'x'
false	t.lua:64: cannot convert 'string' to 'int'
45150	false	t.lua:67: 'struct pair' has no member named 'c'
false	t.lua:67: 'struct pair' cannot be indexed with 'number'
=== TEST 7: FFI: one call site sees Lua strings, arrays and pointers; ffi.fill and ffi.copy
--- lua
local ffi = require "ffi"
local C = ffi.C
ffi.cdef [[
size_t strlen(const char *s);
int memcmp(const void *a, const void *b, size_t n);
]]
-- one call site sees Lua strings, char arrays, pointers and offsets
local arr = ffi.new("char[32]", "array-of-chars")
local ptr = ffi.cast("const char *", arr)
local u8 = ffi.new("uint8_t[8]", 104, 105, 0)
local function clen(x) return tonumber(C.strlen(x)) end
local kinds = {"lua string", arr, ptr, ptr + 6, u8, ""}
local n = 0
for i = 1, 300 do
  local k = kinds[i % 6 + 1]
  if i > 250 and type(k) == "string" then k = k .. "!" end
  n = n + clen(k)
end
print(n, clen(arr), clen(ptr + 9), clen(u8), clen("a\0b"))
-- ffi.string of pointers and offsets, compared with Lua strings
local eq, tot = 0, 0
for i = 1, 300 do
  local off = i % 6
  local s = ffi.string(ptr + off, 5)
  tot = tot + #s
  if s == ("array-of-chars"):sub(off + 1, off + 5) then eq = eq + 1 end
  if ffi.string(u8) == "hi" then eq = eq + 1000 end
end
print(eq, tot, ffi.string(ptr + 6), ffi.string(ptr, 0) == "")
-- ffi.fill and ffi.copy in a hot loop, checksummed through cdata reads
local dst = ffi.new("uint8_t[64]")
local check = 0
for i = 1, 200 do
  ffi.fill(dst, 64, i)
  ffi.copy(dst + i % 32, "copied", 6)
  check = check + dst[0] + dst[i % 32] + dst[63]
  if C.memcmp(dst + i % 32, "copied", 6) == 0 then check = check + 1 end
end
print(check, ffi.string(dst + 8, 6), dst[7], dst[14])
-- a string that becomes a cdata array and back, at one # and one ffi.string
local function size_of(x)
  if type(x) == "string" then return #x end
  return ffi.sizeof(x)
end
local sz = 0
for i = 1, 300 do
  local x
  if i % 3 == 0 then x = arr elseif i % 3 == 1 then x = "abc" else x = ffi.string(arr, 5) end
  sz = sz + size_of(x)
end
print(sz, size_of(u8), size_of(""), type(arr), type(ffi.string(arr)))
--- out
2418	14	5	2	1
300300	1500	of-chars	true
60122	copied	200	200
4000	8	0	cdata	string
