# Number formatting (%.14g) and number parsing (tonumber with and without base).
=== TEST 1: simple fractions
--- lua
print(0.1, 0.5, 1/3, 2/3, 0.1 + 0.7, 1.5, -0.25)
--- out
0.1	0.5	0.33333333333333	0.66666666666667	0.8	1.5	-0.25
=== TEST 2: integers print without a decimal point
--- lua
print(1, -1, 100, 1e2, 3.0, 2^10, 65536 * 65536)
--- out
1	-1	100	100	3	1024	4294967296
=== TEST 3: the 14 significant digit boundary
--- lua
print(12345678901234, 123456789012345, 1234567890123456, 99999999999999, 999999999999999)
--- out
12345678901234	1.2345678901235e+14	1.2345678901235e+15	99999999999999	1e+15
--- note
123456789012345 is an exact tie at 14 digits: LuaJIT's own formatter rounds it up (1.2345678901235e+14), PUC Lua 5.1's printf rounds half to even (1.2345678901234e+14). We follow LuaJIT.
=== TEST 4: powers of ten
--- lua
print(1e13, 1e14, 1e15, 1e16, 1e17, 1e100, 1e-4, 1e-5, 1e-10)
--- out
10000000000000	1e+14	1e+15	1e+16	1e+17	1e+100	0.0001	1e-05	1e-10
=== TEST 5: powers of two
--- lua
print(2^31, 2^32, 2^52, 2^53, 2^63, 2^64, -2^63, 2^-10)
--- out
2147483648	4294967296	4.5035996273705e+15	9.007199254741e+15	9.2233720368548e+18	1.844674407371e+19	-9.2233720368548e+18	0.0009765625
=== TEST 6: extreme doubles
--- lua
print(1.7976931348623157e308, 2.2250738585072014e-308, 5e-324, -1.7976931348623157e308)
--- out
1.7976931348623e+308	2.2250738585072e-308	4.9406564584125e-324	-1.7976931348623e+308
=== TEST 7: negative zero, inf and nan
--- lua
local z = 0
print(-z, 1/0, -1/0, 0/0 ~= 0/0, tostring(-z), tostring(1/0), tostring(-1/0))
--- out
-0	inf	-inf	true	-0	inf	-inf
=== TEST 8: rounding at the 14th digit
--- lua
print(3.14159265358979, 2.718281828459045, 0.30000000000000004, 123.456, 1.00000000000001, 1.000000000000001)
--- out
3.1415926535898	2.718281828459	0.3	123.456	1	1
=== TEST 9: tostring and concatenation use the same format
--- lua
print(tostring(1e15) == 1e15 .. "", 1/3 .. "", 2^53 .. "", -0.5 .. "")
--- out
true	0.33333333333333	9.007199254741e+15	-0.5
=== TEST 10: numbers as string via string.format %s
--- lua
print(string.format("%s %s %s", 1, 1.5, 1e20))
--- out
1 1.5 1e+20
=== TEST 11: tonumber on decimal strings
--- lua
print(tonumber("10"), tonumber("  10  "), tonumber("-7.5"), tonumber("1e3"), tonumber(".5"), tonumber("5."), tonumber("+3"))
--- out
10	10	-7.5	1000	0.5	5	3
=== TEST 12: tonumber on hex strings
--- lua
print(tonumber("0x10"), tonumber("0XfF"), tonumber("  0x1A  "), tonumber("0x"), tonumber("0xg"))
--- out
16	255	26	nil	nil
=== TEST 13: tonumber on a negative hex string
--- lua
print(tonumber("-0x10"), tonumber("- 1"), tonumber("--1"))
--- out
-16	nil	nil
=== TEST 14: tonumber rejects garbage
--- lua
print(tonumber("10 x"), tonumber(""), tonumber("  "), tonumber("abc"), tonumber("1e"), tonumber("1..2"), tonumber("0x1.8"))
--- out
nil	nil	nil	nil	nil	nil	1.5
=== TEST 15: tonumber of inf and nan words
--- lua
print(tonumber("inf"), tonumber("nan"), tonumber("-inf"), tonumber("infinity"), tonumber("1e500"), tonumber("-1e500"))
--- out
inf	nan	-inf	inf	inf	-inf
--- note
Both LuaJIT and PUC Lua 5.1 accept inf/nan words (LuaJIT's scanner; PUC via strtod).
=== TEST 16: tonumber on numbers and non-strings
--- lua
print(tonumber(42), tonumber(-0.5), tonumber({}), tonumber(true), tonumber(print), tonumber(nil))
--- out
42	-0.5	nil	nil	nil	nil
=== TEST 17: tonumber without argument
--- lua
print(pcall(tonumber))
--- out
false	bad argument #1 to '?' (value expected)
=== TEST 18: tonumber with base 16
--- lua
print(tonumber("ff", 16), tonumber("FF", 16), tonumber("  ff  ", 16), tonumber("7fffffff", 16), tonumber("ffffffff", 16))
--- out
255	255	255	2147483647	4294967295
=== TEST 19: tonumber with bases 2, 8 and 36
--- lua
print(tonumber("1010", 2), tonumber("777", 8), tonumber("zz", 36), tonumber("ZZ", 36), tonumber("10", 36))
--- out
10	511	1295	1295	36
=== TEST 20: tonumber with base rejects invalid digits
--- lua
print(tonumber("8", 8), tonumber("2", 2), tonumber("g", 16), tonumber("1.5", 10), tonumber("", 10), tonumber("ff.8", 16))
--- out
nil	nil	nil	1.5	nil	nil
=== TEST 21: tonumber with base and a negative sign
--- lua
print(tonumber("-ff", 16), tonumber("-101", 2), tonumber("- 1", 10))
--- out
-255	-5	nil
--- note
PUC Lua 5.1 uses strtoul, so a negative number in an explicit base wraps around to 2^64-x; LuaJIT negates. We follow LuaJIT.
=== TEST 22: tonumber with base 10 is strict
--- lua
print(tonumber("10", 10), tonumber("1e1", 10), tonumber("0x10", 10), tonumber(" 12 ", 10))
--- out
10	10	16	12
=== TEST 23: tonumber with base 16 and 0x prefix
--- lua
print(tonumber("0x10", 16))
--- out
16
=== TEST 24: tonumber with a number and a base
--- lua
print(tonumber(10, 16), tonumber(11, 2), tonumber(1e1, 16))
--- out
16	3	16
=== TEST 25: tonumber with big values in a base
--- lua
print(tonumber("ffffffffffff", 16), tonumber("1000000000000000000000", 2), tonumber("zzzzzzzzzzzz", 36))
--- out
2.8147497671066e+14	2097152	4.7383813383216e+18
=== TEST 26: tonumber base out of range
--- lua
print(pcall(tonumber, "10", 37))
print(pcall(tonumber, "10", 1))
--- out
false	bad argument #2 to '?' (base out of range)
false	bad argument #2 to '?' (base out of range)
=== TEST 27: tonumber base given as a string
--- lua
print(tonumber("11", "2"))
--- out
3
=== TEST 28: tostring of integral floats
--- lua
print(tostring(10 / 2), tostring(3 * 1.5), tostring(-2^31), tostring(1e15 + 0.5))
--- out
5	4.5	-2147483648	1e+15
=== TEST 29: string.format with %.14g matches print
--- lua
for _, x in ipairs({0.1, 1/3, 1e15, 2^63, 123456.789}) do
  print(string.format("%.14g", x) == tostring(x))
end
--- out
true
true
true
true
true
=== TEST 30: string.format with more precision
--- lua
print(string.format("%.17g", 0.1), string.format("%.20f", 0.5), string.format("%.3f", 2/3))
--- out
0.10000000000000001	0.50000000000000000000	0.667
=== TEST 31: number keys print as numbers in concatenation
--- lua
local t = {}
t[1.0] = "a"
t[2^53] = "b"
for k, v in pairs(t) do end
print(1.0 .. "|" .. 2^53 .. "|" .. -1.5)
--- out
1|9.007199254741e+15|-1.5
=== TEST 32: tonumber round trip of %.17g
--- lua
local x = 0.1 + 0.2
print(tonumber(string.format("%.17g", x)) == x, tonumber(tostring(x)) == x)
--- out
true	false
=== TEST 33: tonumber of leading zeros and octal-looking strings
--- lua
print(tonumber("010"), tonumber("0010.5"), tonumber("0e0"), tonumber("00x1"))
--- out
10	10.5	0	nil
=== TEST 34: tonumber of strings with embedded NUL
--- lua
print(tonumber("1\0"), tonumber("\0" .. "1"))
--- out
nil	nil
--- note
PUC Lua 5.1 stops at the NUL ("1\0" is 1); LuaJIT sees the whole string and rejects it. We follow LuaJIT.
=== TEST 35: numbers in string.rep counts and string.sub are truncated
--- lua
print(("ab"):rep(2.9), ("hello"):sub(1.9, 3.1))
--- out
abab	hel
=== TEST 36: exact ties in %.14g round away from zero
--- lua
print(12345678901234.5, -12345678901234.5, 1.00000000000005, 2.00000000000005)
--- out
12345678901235	-12345678901235	1	2.0000000000001
--- note
LuaJIT rounds exact decimal ties away from zero; PUC Lua 5.1 (glibc printf) rounds them to even (12345678901234). We follow LuaJIT.
=== TEST 37: exact ties in %.Nf round away from zero
--- lua
print(string.format("%.0f %.0f %.0f %.1f %.2f", 0.5, 1.5, 2.5, 0.25, 1.125))
--- out
1 2 3 0.3 1.13
--- note
LuaJIT formats numbers itself and rounds exact ties away from zero ("1 2 3 0.3 1.13"); PUC Lua 5.1 uses printf, which rounds ties to even ("0 2 2 0.2 1.12"). We follow LuaJIT.
=== TEST 38: non-tie values round to nearest
--- lua
print(string.format("%.0f %.1f %.2f %.3f", 0.51, 0.26, 1.126, 2/3))
--- out
1 0.3 1.13 0.667
