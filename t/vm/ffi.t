# The ffi module (LuaJIT's, over cffi): expected outputs are luajit2's.
=== TEST 1: require, type and getmetatable
--- lua
local ffi = require "ffi"
print(type(ffi), type(ffi.C), type(ffi.new("int")), getmetatable(ffi.new("int")))
print(ffi.os, ffi.arch, ffi.abi("64bit"), ffi.abi("le"), ffi.abi("be"), ffi.abi("win"))
--- out
table	userdata	cdata	ffi
Linux	x64	true	true	false	false
=== TEST 2: scalar boxes and tonumber
--- lua
local ffi = require "ffi"
print(tonumber(ffi.new("int", 5)), tonumber(ffi.new("int")), tonumber(ffi.new("double", 1.5)))
print(tonumber(ffi.new("int", 3.9)), tonumber(ffi.new("int", -3.9)), tonumber(ffi.new("uint8_t", 300)))
print(tonumber(ffi.new("int8_t", 200)), tonumber(ffi.new("int", 2^31)), tonumber(ffi.new("uint32_t", -1)))
print(tonumber(ffi.new("float", 0.1)), tonumber(ffi.new("bool", 0)), tonumber(ffi.new("char", -1)))
print(tonumber(ffi.new("int", true)), tonumber(ffi.new("int", 0/0)), tonumber(ffi.new("uint32_t", 2^32 + 5)))
print(tonumber(ffi.new("int[1]")), tonumber(ffi.new("int *")))
--- out
5	0	1.5
3	-3	44
-56	-2147483648	4294967295
0.10000000149012	0	-1
1	-2147483648	5
nil	nil
=== TEST 3: conversion errors
--- lua
local ffi = require "ffi"
print(pcall(ffi.new, "int", nil))
print(pcall(ffi.new, "int", "12"))
print(pcall(ffi.new, "int", {}))
print(pcall(ffi.new, "int *", 1))
print(pcall(ffi.new, "char *", "abc"))
--- out
false	cannot convert 'nil' to 'int'
false	cannot convert 'string' to 'int'
false	cannot convert 'table' to 'int'
false	cannot convert 'number' to 'int *'
false	cannot convert 'string' to 'char *'
=== TEST 4: 64-bit integer literals and tostring
--- lua
print(5LL, -5LL, 5ULL, 0x7fffffffffffffffLL, -1ULL, 9007199254740993LL)
print(type(1LL), tostring(12LL), #tostring(1ULL), tonumber(5LL), tonumber(2^53 + 1LL))
--- out
5LL	-5LL	5ULL	9223372036854775807LL	18446744073709551615ULL	9007199254740993LL
cdata	12LL	4	5	9.007199254741e+15
=== TEST 5: 64-bit integer arithmetic
--- lua
print(1LL + 1, 5LL / 2, -5LL / 2, 5LL % -3, -5LL % 3, 2LL ^ 10, -(5LL))
print(5LL - 7ULL, 2^63 + 0LL, 1LL + 0.5, 0.5 + 1LL, 2^64 + 0ULL, -1 + 0ULL)
print(7LL % 0LL, 7ULL / 0ULL, (-9223372036854775807LL - 1) / -1LL, 2LL ^ -1, 3ULL - 5ULL, 10ULL / 3)
print(ffi and "" or "no global ffi")
--- out
2LL	2LL	-2LL	2LL	-2LL	1024LL	-5LL
18446744073709551614ULL	-9223372036854775808LL	1LL	1LL	0ULL	9223372036854775808ULL
-9223372036854775808LL	9223372036854775808ULL	-9223372036854775808LL	0LL	18446744073709551614ULL	3ULL
no global ffi
=== TEST 6: 64-bit integer comparisons
--- lua
print(1LL == 1, 1LL < 2ULL, -1LL < 1ULL, 3LL == 3ULL, 1LL <= 1, 5LL == 5.5, 5LL < 5.5, 0.5 < 1LL)
print(2^53 + 1 == 9007199254740993LL, -1LL > 0ULL, 1LL ~= 2LL, 1LL == "1")
local ffi = require "ffi"
print(ffi.cast("int64_t", -1) == -1, ffi.cast("uint64_t", -1) == -1, ffi.new("int", 5) == 5)
print(pcall(function() return 5LL < "6" end))
--- out
true	true	false	true	true	true	false	true
false	true	true	false
true	true	true
false	t.lua:5: attempt to compare 'int64_t' with 'string'
=== TEST 7: 64-bit integers as table keys are distinct objects
--- lua
local t = {}
t[1LL] = 1
t[1LL] = 2
local n = 0
for k in pairs(t) do n = n + 1 end
print(n, t[1])
--- out
2	nil
=== TEST 8: boxed numbers in arithmetic become int64
--- lua
local ffi = require "ffi"
print(ffi.new("int", 5) + 1, ffi.new("double", 1.5) * 2, ffi.new("uint8_t", 5) == 5)
--- out
6LL	2LL	true
=== TEST 9: cdata errors in operators
--- lua
local ffi = require "ffi"
ffi.cdef "typedef struct { int x; } P1;"
print(pcall(function() return 1LL + "x" end))
print(pcall(function() return "x" .. 1LL end))
print(pcall(function() return #1LL end))
print(pcall(function() return ffi.new("int") .. "" end))
print(pcall(function() local a = ffi.new("int[2]"); return #a end))
print(pcall(function() return ffi.new("int[2]").x end))
print(pcall(function() local a = ffi.new("int[2]"); a[0] = nil end))
--- out
false	t.lua:3: attempt to perform arithmetic on 'int64_t' and 'string'
false	t.lua:4: attempt to concatenate 'string' and 'int64_t'
false	t.lua:5: attempt to get length of 'int64_t'
false	t.lua:6: attempt to concatenate 'int' and 'string'
false	t.lua:7: attempt to get length of 'int [2]'
false	t.lua:8: 'int [2]' has no member named 'x'
false	t.lua:9: cannot convert 'nil' to 'int'
=== TEST 10: pointers: NULL, arithmetic, comparison
--- lua
local ffi = require "ffi"
print(ffi.new("char *"), ffi.cast("void *", 0) == nil, ffi.new("int *") == nil, ffi.cast("void *", 16))
local a = ffi.new("int[4]", 1, 2, 3)
local p = ffi.cast("int *", a)
print(p[1], (p + 2)[0], p + 1 - p, p < p + 1, p == a, (p + 3) - (p + 1), p ~= nil)
print(ffi.cast("void *", 0) ~= nil, tonumber(ffi.cast("int", 3.7)), tonumber(ffi.cast("uint8_t", 257)))
print(ffi.cast("int64_t", 2^40), ffi.cast("intptr_t", ffi.cast("void *", 32)))
print(ffi.string(ffi.cast("const char *", "hi")))
--- out
cdata<char *>: NULL	true	true	cdata<void *>: 0x00000010
2	3	1	true	true	2	true
false	3	1
1099511627776LL	32LL
hi
=== TEST 11: arrays: initializers and VLAs
--- lua
local ffi = require "ffi"
local a = ffi.new("int[4]", 1, 2, 3)
print(a[0], a[1], a[2], a[3])
print(ffi.new("int[3]", 7)[2], ffi.new("int[3]", {1})[2], ffi.new("int[3]", {1, 2})[2])
print(ffi.new("int[3]", {[0] = 5, 6, 7})[2])
local v = ffi.new("int[?]", 5, 9)
print(ffi.sizeof(v), v[0], v[4])
local c = ffi.new("char[?]", 3)
print(ffi.sizeof(c), ffi.string(ffi.new("char[4]", "xyz")))
print(pcall(ffi.sizeof, "int[?]"))
print(ffi.sizeof("int[?]", 10), ffi.sizeof("int[3]"))
--- out
1	2	3	0
7	1	0
7
20	9	9
3	xyz
false	bad argument #2 to '?' (value expected)
40	12
=== TEST 12: structs: fields, initializers, errors
--- lua
local ffi = require "ffi"
ffi.cdef "struct s2 { int a; double b; char name[8]; };"
local s = ffi.new("struct s2", {1, 2.5})
print(s.a, s.b, pcall(function() return s.c end))
print(pcall(function() s.c = 1 end))
print(pcall(function() s.a = "x" end))
s.name = "abc"
print(ffi.string(s.name), ffi.sizeof("struct s2"), ffi.alignof("double"), ffi.offsetof("struct s2", "b"))
local t = ffi.new("struct s2", {a = 7, b = 0.25})
print(t.a, t.b, ffi.new("struct s2", 3, 4).b, ffi.offsetof("struct s2", "zz"))
print(pcall(ffi.cdef, "struct s2 { int a; };"))
print(pcall(ffi.new, "struct nope"))
--- out
1	2.5	false	t.lua:4: 'struct s2' has no member named 'c'
false	t.lua:5: 'struct s2' has no member named 'c'
false	t.lua:6: cannot convert 'string' to 'int'
abc	24	8	8
7	0.25	4
false	attempt to redefine 's2'
false	undeclared or implicit tag 'nope'
=== TEST 13: nested structs and pointers to structs
--- lua
local ffi = require "ffi"
ffi.cdef "typedef struct { int x, y; } pt; typedef struct { pt a, b; int n[3]; } box;"
local b = ffi.new("box")
b.a.x = 3
b.b.y = 4
b.n[2] = 9
print(b.a.x, b.b.y, b.n[2], b.n[0])
local p = ffi.cast("pt *", b)
print(p.x, p[1].y, ffi.sizeof(b))
local arr = ffi.new("pt[2]")
arr[1].x = 5
print(arr[1].x, (arr + 1).x)
--- out
3	4	9	0
3	4	28
5	5
=== TEST 14: ffi.string, copy and fill
--- lua
local ffi = require "ffi"
local buf = ffi.new("char[16]")
ffi.copy(buf, "abc\0def", 7)
print(ffi.string(buf, 7) == "abc\0def", ffi.string(buf))
ffi.copy(buf, "zz")
print(ffi.string(buf, 3) == "zz\0")
ffi.fill(buf, 4, 65)
print(ffi.string(buf, 5) == "AAAA\0")
local src = ffi.new("char[4]", "hey")
ffi.copy(buf, src, 3)
print(ffi.string(buf, 3), ffi.string("abc", 2), ffi.string(buf, 0) == "")
print(pcall(ffi.string, 1))
--- out
true	abc
true
false
hey	ab	true
false	bad argument #1 to '?' (cannot convert 'number' to 'const char *')
=== TEST 15: calling libc and libm
--- lua
local ffi = require "ffi"
ffi.cdef [[
size_t strlen(const char *s);
int abs(int);
double floor(double);
char *strchr(const char *s, int c);
int snprintf(char *buf, size_t n, const char *fmt, ...);
long labs(long);
double sqrt(double);
]]
local C = ffi.C
print(C.strlen("hello"), type(C.strlen("hello")), C.abs(-3), type(C.abs(-3)), C.floor(2.5))
print(ffi.string(C.strchr("hello", 108)), C.strchr("hello", 122) == nil, C.labs(-5), C.sqrt(16))
local buf = ffi.new("char[64]")
print(C.snprintf(buf, 64, "%d-%s-%g", ffi.new("int", 5), "x", 1.5), ffi.string(buf))
print(C.abs(2^31), C.abs(-3.9), C.abs(true))
print(pcall(function() return C.nosuch end))
print(pcall(C.abs, "x"))
print(pcall(C.abs))
print(pcall(C.abs, 1, 2))
print(pcall(C.strlen, 5))
print(pcall(C.strlen, ffi.new("int[2]")))
--- out
5ULL	cdata	3	number	2
llo	true	5LL	4
7	5-x-1.5
-2147483648	3	1
false	t.lua:17: missing declaration for symbol 'nosuch'
false	bad argument #1 to '?' (cannot convert 'string' to 'int')
false	wrong number of arguments for function call
false	wrong number of arguments for function call
false	bad argument #1 to '?' (cannot convert 'number' to 'const char *')
false	bad argument #1 to '?' (cannot convert 'int [2]' to 'const char *')
=== TEST 16: metatype methods and operators
--- lua
local ffi = require "ffi"
ffi.cdef "typedef struct { int x, y; } point_t;"
local point
local mt = {
  __index = {len = function(p) return math.sqrt(p.x * p.x + p.y * p.y) end},
  __add = function(a, b) return point(a.x + b.x, a.y + b.y) end,
  __tostring = function(p) return "pt(" .. p.x .. "," .. p.y .. ")" end,
  __eq = function(a, b) return a.x == b.x end,
  __len = function() return 2 end,
  __call = function(p, k) return p.x * k end,
}
point = ffi.metatype("point_t", mt)
local p = point(3, 4)
print(p:len(), tostring(p + p), #p, p == point(3, 0), p(10))
print(pcall(ffi.metatype, "point_t", {}))
local pp = ffi.new("point_t[1]", {{5, 12}})
local ptr = ffi.cast("point_t *", pp)
print(ptr:len(), ptr.x)
--- out
5	pt(6,8)	2	true	30
false	cannot change a protected metatable
13	5
=== TEST 17: callbacks: qsort with a Lua comparator
--- lua
local ffi = require "ffi"
ffi.cdef "void qsort(void *base, size_t nmemb, size_t size, int (*cmp)(const void *, const void *));"
local arr = ffi.new("int[5]", {5, 3, 1, 4, 2})
ffi.C.qsort(arr, 5, ffi.sizeof("int"), function(a, b)
  local x, y = ffi.cast("int *", a)[0], ffi.cast("int *", b)[0]
  return x < y and -1 or (x > y and 1 or 0)
end)
print(arr[0], arr[1], arr[2], arr[3], arr[4])
--- out
1	2	3	4	5
=== TEST 18: ffi.gc finalizers
--- lua
local ffi = require "ffi"
ffi.cdef "void *malloc(size_t); void free(void *);"
local freed = 0
do
  local m = ffi.gc(ffi.C.malloc(16), function(q) freed = freed + 1; ffi.C.free(q) end)
end
collectgarbage()
collectgarbage()
print("freed", freed)
local kept = ffi.gc(ffi.new("int[2]"), function() freed = freed + 10 end)
ffi.gc(kept, nil)
kept = nil
collectgarbage()
print("freed", freed)
--- out
freed	1
freed	1
=== TEST 19: ffi.istype, typeof and sizeof of values
--- lua
local ffi = require "ffi"
ffi.cdef "typedef struct { int x; } P2;"
print(ffi.istype("int", ffi.new("int")), ffi.istype("int", 1), ffi.istype("P2", ffi.new("P2")))
print(ffi.istype("P2 *", ffi.new("P2")), ffi.istype(ffi.typeof("int"), 1LL))
print(ffi.typeof("int"), ffi.typeof("int[3]"), ffi.typeof("const char *"), ffi.typeof("uint8_t"))
print(ffi.typeof("size_t"), ffi.typeof("long"), ffi.typeof("int16_t"), ffi.typeof(ffi.new("int[3]")))
print(ffi.typeof("P2")(5).x, ffi.new("P2", {x = 7}).x, ffi.new("P2", 8).x, ffi.sizeof(1LL))
--- out
true	false	true
false	false
ctype<int>	ctype<int [3]>	ctype<const char *>	ctype<unsigned char>
ctype<uint64_t>	ctype<int64_t>	ctype<short>	ctype<int [3]>
5	7	8	8
=== TEST 20: C variables and constants
--- lua
local ffi = require "ffi"
ffi.cdef "static const int FOO = 42; enum { BAR = 7, BAZ };"
print(ffi.C.FOO, ffi.C.BAR, ffi.C.BAZ)
print(pcall(ffi.cdef, "int x y;") == false)
--- out
42	7	8
true
=== TEST 21: ffi.load of libm
--- lua
local ffi = require "ffi"
ffi.cdef "double cos(double);"
local m = ffi.load("m")
print(type(m), m.cos(0))
print(pcall(ffi.load, "luavm_no_such_library") == false)
--- out
userdata	1
true
=== TEST 22: errno
--- lua
local ffi = require "ffi"
ffi.cdef "int close(int fd);"
print(ffi.C.close(-1), ffi.errno(), ffi.errno(0), ffi.errno())
--- out
-1	9	9	0
=== TEST 23: bit on 64-bit integer cdata: 64-bit results, conversions and errors
--- lua
local ffi = require "ffi"
local function p(...) local t = {...} for i = 1, select("#", ...) do t[i] = tostring(t[i]) end print(table.concat(t, " ")) end
local function e(f, ...) local ok, r = pcall(f, ...) p(ok, r) end
p(bit.band(0xffffffffffLL, 0xff), bit.band(-1LL, 2^40 + 1), bit.band(-1ULL, 5), bit.band(1LL, 3ULL))
p(bit.bor(1LL), bit.bxor(0xf0LL, 0xffLL, 1), bit.bor(ffi.new("int", 5), 2), bit.band(ffi.new("uint8_t", 255), -1))
p(bit.bnot(0LL), bit.bnot(0ULL), bit.tobit(0x123456789LL), bit.tobit(-1ULL), type(bit.tobit(5LL)))
p(bit.lshift(1LL, 40), bit.lshift(1LL, 64), bit.lshift(1LL, 65), bit.rshift(-1LL, 60), bit.arshift(-16LL, 2), bit.arshift(-16ULL, 2))
p(bit.rol(0x8000000000000001ULL, 1), bit.ror(1LL, 1), bit.rol(5LL, 0), bit.lshift(1, 40LL), bit.lshift(3, ffi.new("int", 1)))
p(bit.bswap(0x0102030405060708LL), bit.bswap(1ULL))
p(bit.tohex(0x123456789abcLL), bit.tohex(-1LL), bit.tohex(-1LL, 4), bit.tohex(255LL, -20), bit.tohex(1, 12), bit.tohex(-1, 12), bit.tohex(5, 3LL))
p(bit.band(1LL, "3"), bit.band(2^63, 1LL), bit.band(-2^63, -1LL), bit.band(2^64, -1ULL), bit.band(1.9, 3LL), bit.band(-1.5, -1LL))
p(bit.band(ffi.new("double", 3.7), 7LL), bit.band(ffi.new("bool", true), 1LL), bit.bor(ffi.new("int64_t", 3), 0))
e(bit.band, 1LL, nil)
e(bit.band, 1LL, {})
e(bit.band, ffi.new("int[2]"), 1)
e(bit.band, 1LL, ffi.new("int *"))
e(bit.lshift, {}, 1LL)
e(bit.tohex, 1LL, "x")
--- out
255LL 1099511627777LL 5ULL 1ULL
1LL 14LL 7LL 255LL
-1LL 18446744073709551615ULL 591751049 -1 number
1099511627776LL 1LL 2LL 15LL -4LL 18446744073709551612ULL
3ULL -9223372036854775808LL 5LL 256 6
578437695752307201LL 72057594037927936ULL
0000123456789abc ffffffffffffffff ffff 000000000000000000FF 000000000001 0000ffffffff 005
1LL 0LL -9223372036854775808LL 0ULL 1LL -1LL
3LL 1LL 3LL
false bad argument #2 to '?' (number expected, got nil)
false bad argument #2 to '?' (number expected, got table)
false bad argument #1 to '?' (cannot convert 'int [2]' to 'int64_t')
false bad argument #2 to '?' (cannot convert 'int *' to 'int64_t')
false bad argument #1 to '?' (number expected, got table)
false bad argument #2 to '?' (number expected, got string)
=== TEST 24: numbers to uint64_t as lj_num2u64 converts them (stores, casts, comparisons)
--- lua
local ffi = require "ffi"
print(ffi.new("uint64_t", 2^64), ffi.new("uint64_t", -1), ffi.new("uint64_t", 2^63), ffi.new("uint64_t", 2^64+2^12), ffi.new("uint64_t", -2^63-2^11), ffi.cast("uint64_t", 2^64))
print(-1 == 0xffffffffffffffffULL, -1 == 0x8000000000000000ULL, -1 < 1ULL, 2^64 == 0ULL, 2^64 == 2^63 * 1ULL)
local p = ffi.new("uint64_t[1]"); p[0] = -1; print(p[0])
print(tonumber(ffi.new("uint32_t", -1)), tonumber(ffi.new("uint32_t", 2^32+5)), tonumber(ffi.new("uint32_t", -2^31 - 5)), tonumber(ffi.new("uint16_t", -1)), tonumber(ffi.new("uint32_t", 2^40)))
print(ffi.cast("void *", -1), ffi.cast("void *", 2^64), ffi.cast("uintptr_t", -1))
--- out
0ULL	9223372036854775808ULL	9223372036854775808ULL	4096ULL	9223372036854775808ULL	0ULL
false	true	false	true	false
9223372036854775808ULL
4294967295	5	2147483643	65535	0
cdata<void *>: 0xffffffffffffffff	cdata<void *>: 0x8000000000000000	9223372036854775808ULL
=== TEST 25: parameterized types: $ in ffi.typeof and ffi.cdef; ctype equality
--- lua
local ffi = require "ffi"
local int = ffi.typeof("int")
local S = ffi.typeof("struct { $ a; $ b[$]; }", int, ffi.typeof("double"), 3)
local s = ffi.new(S, 7, {1.5, 2.5, 3.5})
print(ffi.sizeof(S), s.a, s.b[2], ffi.typeof("$ *", S) == ffi.typeof("$ *", S), ffi.typeof("$[$]", int, 4))
print(ffi.sizeof(ffi.typeof("$", ffi.new("int[3]"))), ffi.typeof("$", ffi.new("int[3]")), ffi.typeof("$ const *", int))
ffi.cdef("typedef $ myarr_t[$];", int, 2)
print(ffi.sizeof("myarr_t"), ffi.typeof("myarr_t"))
ffi.cdef("struct $ { $ v; };", "point", ffi.typeof("int *"))
print(ffi.typeof("struct point"), ffi.sizeof("struct point"), ffi.typeof("struct { int $; }", "abc") ~= nil)
print(ffi.typeof("$(*)(int)", ffi.typeof("double")), ffi.typeof("int[$]", 2.9))
print(pcall(ffi.typeof, "$ *"))
print(pcall(ffi.typeof, "int", 5))
print(pcall(ffi.typeof, "$", int, 5))
print(pcall(ffi.typeof, "$ *", {}))
print(pcall(ffi.typeof, "$ *", true))
print(pcall(ffi.new, "$", int))
print(pcall(ffi.typeof, "int[$]", -1))
print(pcall(ffi.typeof, "int[$]", 2^40))
print(ffi.typeof("int") == ffi.typeof("int"), ffi.typeof("int") == ffi.typeof("int32_t"), ffi.typeof("int") == ffi.typeof("long"), ffi.typeof("int") ~= ffi.typeof("int"))
--- out
32	7	3.5	true	ctype<int [4]>
12	ctype<int [3]>	ctype<const int *>
8	ctype<int [2]>
ctype<struct point>	8	true
ctype<double (*)()>	ctype<int [2]>
false	wrong number of type parameters
false	wrong number of type parameters
false	wrong number of type parameters
false	bad argument #2 to '?' (type parameter expected, got table)
false	bad argument #2 to '?' (type parameter expected, got boolean)
false	wrong number of type parameters
false	size of C type is unknown or too large
false	size of C type is unknown or too large
true	true	false	false
=== TEST 26: a C call's argument errors name the function as the call site does, at its line (none in a tail call); a wrong count of arguments; a boolean is 'bool' in conversion messages
--- lua
local ffi = require("ffi")
ffi.cdef[[size_t strlen(const char *s); int abs(int x);]]
local C = ffi.C
-- the C function is named as the call site names it, at the call's line;
-- a tail call has neither (LuaJIT's frames lose it)
print(pcall(function() local n = C.strlen({}) return n end))
local f = C.strlen
print(pcall(function() local n = f(true) return n end))
local t = {len = C.strlen}
print(pcall(function() local n = t.len(1) return n end))
print(pcall(function() return C.strlen({}) end))
print(pcall(function() local n = C.abs("x") return n end))
print(pcall(C.abs, "x"))
-- a wrong count of arguments
print(pcall(function() local n = C.abs() return n end))
print(pcall(function() local n = C.abs(1, 2) return n end))
print(pcall(function() return C.abs() end))
print(pcall(C.abs))
-- a boolean is 'bool' in conversion messages
print(pcall(ffi.new, "char *", true))
print(pcall(ffi.cast, "char *", false))
--- out
false	t.lua:6: bad argument #1 to 'strlen' (cannot convert 'table' to 'const char *')
false	t.lua:8: bad argument #1 to 'f' (cannot convert 'bool' to 'const char *')
false	t.lua:10: bad argument #1 to 'len' (cannot convert 'number' to 'const char *')
false	bad argument #1 to '?' (cannot convert 'table' to 'const char *')
false	t.lua:12: bad argument #1 to 'abs' (cannot convert 'string' to 'int')
false	bad argument #1 to '?' (cannot convert 'string' to 'int')
false	t.lua:15: wrong number of arguments for function call
false	t.lua:16: wrong number of arguments for function call
false	wrong number of arguments for function call
false	wrong number of arguments for function call
false	cannot convert 'bool' to 'char *'
false	cannot convert 'bool' to 'char *'
