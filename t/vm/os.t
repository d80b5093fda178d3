# The os library (time-zone independent checks only).
=== TEST 1: os.time returns a number
--- lua
local t = os.time()
print(type(t), t > 1600000000, t == math.floor(t))
--- out
number	true	true
=== TEST 2: os.clock returns a number
--- lua
local c = os.clock()
print(type(c), c >= 0)
--- out
number	true
=== TEST 3: os.date with ! and a format at the epoch
--- lua
print(os.date("!%Y-%m-%d %H:%M:%S", 0))
print(os.date("!%Y-%m-%d %H:%M:%S", 1234567890))
--- out
1970-01-01 00:00:00
2009-02-13 23:31:30
=== TEST 4: os.date with ! and many conversions
--- lua
local t = 1700000000
print(os.date("!%a %A %b %B %d %H %I %j %m %M %p %S %w %y %Y %%", t))
--- out
Tue Tuesday Nov November 14 22 10 318 11 13 PM 20 2 23 2023 %
=== TEST 5: os.date %c %x %X in the C locale
--- lua
print(os.date("!%c", 0))
print(os.date("!%x %X", 86400 * 45 + 3661))
--- out
Thu Jan  1 00:00:00 1970
02/15/70 01:01:01
=== TEST 6: os.date *t in UTC
--- lua
local d = os.date("!*t", 1234567890)
print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)
--- out
2009	2	13	23	31	30	6	44	false
=== TEST 7: os.date *t fields at the epoch
--- lua
local d = os.date("!*t", 0)
local keys = {}
for k in pairs(d) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, " "))
print(d.year, d.month, d.day, d.wday, d.yday)
--- out
day hour isdst min month sec wday yday year
1970	1	1	5	1
=== TEST 8: os.time and os.date *t round trip in local time
--- lua
local t = 1000000000
print(os.time(os.date("*t", t)) == t)
--- out
true
=== TEST 9: os.time with a table normalizes fields
--- lua
local t = os.time({year = 2020, month = 2, day = 30, hour = 12})
local d = os.date("*t", t)
print(d.year, d.month, d.day, d.hour)
--- out
2020	3	1	12
=== TEST 10: os.time with a table defaults hour to 12
--- lua
local t = os.time({year = 2021, month = 6, day = 15})
print(os.date("*t", t).hour, os.date("*t", t).min)
--- out
12	0
=== TEST 11: os.time difference of two dates is in seconds
--- lua
local a = os.time({year = 2022, month = 1, day = 10, hour = 12})
local b = os.time({year = 2022, month = 1, day = 11, hour = 12, min = 30})
print(b - a, os.difftime(b, a))
--- out
88200	88200
=== TEST 12: os.time with missing fields
--- lua
print(pcall(os.time, {year = 2020}))
print(pcall(os.time, {year = 2020, month = 1}))
--- out
false	field 'day' missing in date table
false	field 'day' missing in date table
=== TEST 13: os.time with a non-table
--- lua
print(pcall(os.time, 5))
--- out
false	bad argument #1 to '?' (table expected, got number)
=== TEST 14: os.difftime
--- lua
print(os.difftime(10, 5), os.difftime(5, 10), os.difftime(0, 0), type(os.difftime(1, 0)))
--- out
5	-5	0	number
=== TEST 15: os.date with a non-conversion format
--- lua
print(os.date("!hello", 0), os.date("!", 0) == "")
--- out
hello	true
=== TEST 16: os.date passes unknown conversions through
--- lua
print(pcall(os.date, "!%Q|%", 0))
--- out
true	%Q|%
=== TEST 17: os.date returns a string by default
--- lua
print(type(os.date()), type(os.date("*t")))
--- out
string	table
=== TEST 18: os.getenv
--- lua
print(os.getenv("MOONGATE_SURELY_UNSET_VARIABLE"), type(os.getenv("PATH")))
--- out
nil	string
=== TEST 19: os.getenv with a non-string
--- lua
print(pcall(os.getenv))
--- out
false	bad argument #1 to '?' (string expected, got no value)
=== TEST 20: os.tmpname, write, rename and remove
--- lua
local a = os.tmpname()
local b = a .. ".renamed"
local f = assert(io.open(a, "w"))
f:write("data")
f:close()
print(os.rename(a, b))
print(io.open(a) == nil, io.open(b):read("*a"))
print(os.remove(b))
print(io.open(b) == nil, select(3, io.open(b)))
--- out
true
true	data
true
true	2
=== TEST 21: os.remove of a missing file
--- lua
print(os.remove("/nonexistent_dir_mg/file"))
--- out
nil	/nonexistent_dir_mg/file: No such file or directory	2
=== TEST 22: os.rename of a missing file
--- lua
print(os.rename("/nonexistent_dir_mg/a", "/nonexistent_dir_mg/b"))
--- out
nil	/nonexistent_dir_mg/a: No such file or directory	2
=== TEST 23: os.tmpname returns distinct names
--- lua
local a, b = os.tmpname(), os.tmpname()
print(type(a), a ~= b)
os.remove(a) os.remove(b)
--- out
string	true
=== TEST 24: os library names
--- lua
local names = {}
for k in pairs(os) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
--- out
clock date difftime execute exit getenv remove rename setlocale time tmpname
=== TEST 25: os.date with a negative time
--- lua
print(os.date("!%Y-%m-%d", -86400))
--- out
1969-12-31
=== TEST 26: os.time with fractional fields
--- lua
local t = os.time({year = 2020, month = 1, day = 1, hour = 12, min = 0, sec = 30.7})
print(os.date("*t", t).sec)
--- out
30
