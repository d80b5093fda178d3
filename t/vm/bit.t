# The bit library (LuaJIT's BitOp): 32-bit signed results.
=== TEST 1: bit.tobit normalizes to signed 32 bits
--- lua
print(bit.tobit(0), bit.tobit(1), bit.tobit(-1), bit.tobit(0xffffffff), bit.tobit(2^32), bit.tobit(2^32 + 5), bit.tobit(2^31))
--- out
0	1	-1	-1	0	5	-2147483648
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 2: bit.tobit of fractional and huge numbers
--- lua
print(bit.tobit(1.5), bit.tobit(2.5), bit.tobit(-1.5), bit.tobit(2^52), bit.tobit(2^53 + 2))
--- out
2	2	-2	0	1
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 3: bit.tohex
--- lua
print(bit.tohex(255), bit.tohex(-1), bit.tohex(0x12345678), bit.tohex(0))
--- out
000000ff	ffffffff	12345678	00000000
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 4: bit.tohex with a width
--- lua
print(bit.tohex(255, 2), bit.tohex(255, 4), bit.tohex(255, -4), bit.tohex(0xabcdef, 3), bit.tohex(1, 8), bit.tohex(1, 0))
--- out
ff	00ff	00FF	def	00000001	
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 5: bit.bnot
--- lua
print(bit.bnot(0), bit.bnot(-1), bit.bnot(5), bit.bnot(0x7fffffff))
--- out
-1	0	-6	-2147483648
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 6: bit.band bit.bor bit.bxor
--- lua
print(bit.band(0xff, 0x0f), bit.bor(0xf0, 0x0f), bit.bxor(0xff, 0x0f), bit.band(-1, 0xffff))
--- out
15	255	240	65535
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 7: bitwise functions take many arguments
--- lua
print(bit.band(0xff, 0x7f, 0x3f), bit.bor(1, 2, 4, 8), bit.bxor(1, 3, 7), bit.band(5))
--- out
63	15	5	5
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 8: results are signed
--- lua
print(bit.bor(0x80000000, 0), bit.band(0xffffffff, 0xffffffff), bit.bxor(0x7fffffff, -1))
--- out
-2147483648	-1	-2147483648
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 9: bit.lshift
--- lua
print(bit.lshift(1, 0), bit.lshift(1, 4), bit.lshift(1, 31), bit.lshift(1, 32), bit.lshift(1, 33), bit.lshift(0xff, 28))
--- out
1	16	-2147483648	1	2	-268435456
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 10: bit.rshift is logical
--- lua
print(bit.rshift(256, 4), bit.rshift(-1, 28), bit.rshift(-1, 0), bit.rshift(0x80000000, 31), bit.rshift(1, 32))
--- out
16	15	-1	1	1
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 11: bit.arshift is arithmetic
--- lua
print(bit.arshift(256, 4), bit.arshift(-256, 4), bit.arshift(-1, 31), bit.arshift(0x80000000, 1))
--- out
16	-16	-1	-1073741824
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 12: shift counts use the low 5 bits
--- lua
print(bit.lshift(1, -1), bit.rshift(0x80000000, -31), bit.lshift(3, 64 + 2))
--- out
-2147483648	1073741824	12
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 13: bit.rol and bit.ror
--- lua
print(bit.rol(1, 1), bit.rol(0x80000000, 1), bit.ror(1, 1), bit.ror(0x12345678, 8), bit.rol(0x12345678, 8), bit.rol(5, 32))
--- out
2	1	-2147483648	2014458966	878082066	5
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 14: bit.bswap
--- lua
print(bit.tohex(bit.bswap(0x12345678)), bit.bswap(0), bit.tohex(bit.bswap(0xff)), bit.bswap(bit.bswap(-12345)))
--- out
78563412	0	ff000000	-12345
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 15: negative inputs
--- lua
print(bit.band(-2, -3), bit.bor(-8, 3), bit.bxor(-1, 1), bit.bnot(-2), bit.tohex(-256))
--- out
-4	-5	-2	1	ffffff00
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 16: large inputs wrap modulo 2^32
--- lua
print(bit.band(2^32 + 3, 7), bit.bor(2^40, 1), bit.tobit(-2^31 - 1), bit.tobit(2^31 + 0.5))
--- out
3	1	2147483647	-2147483648
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 17: numeric strings are accepted
--- lua
print(bit.band("255", "15"), bit.tohex("16"))
--- out
15	00000010
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 18: non-number arguments
--- lua
print(pcall(bit.band, 1, "x"))
print(pcall(bit.bnot))
print(pcall(bit.lshift, 1, {}))
--- out
false	bad argument #2 to '?' (number expected, got string)
false	bad argument #1 to '?' (number expected, got no value)
false	bad argument #2 to '?' (number expected, got table)
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 19: bit library names
--- lua
local names = {}
for k in pairs(bit) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
--- out
arshift band bnot bor bswap bxor lshift rol ror rshift tobit tohex
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 20: require bit returns the same table
--- lua
print(require("bit") == bit)
--- out
true
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 21: checksum using bit operations
--- lua
local h = 5381
for c in ("hello world"):gmatch(".") do h = bit.band(bit.bxor(bit.lshift(h, 5) + h, c:byte()), 0x7fffffff) end
print(h, bit.tohex(h))
--- out
2026263365	78c65345
--- note
PUC Lua 5.1 has no bit library; BitOp is built into LuaJIT. We follow LuaJIT.
=== TEST 22: bit operations on 64-bit cdata
--- skip: 64-bit cdata needs the ffi module, issue 4
--- lua
print(bit.band(0xff00000000LL, 0xf000000000LL), bit.lshift(1LL, 40), bit.tohex(-1LL))
--- out
1030792151040LL	1099511627776LL	ffffffffffffffff
--- note
PUC Lua 5.1 has neither bit nor 64-bit cdata; LuaJIT's bit functions accept int64 cdata and return cdata. We follow LuaJIT.
