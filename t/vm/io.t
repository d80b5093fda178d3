# The io library: stdout writes, stdin reads, files on a temp path.
=== TEST 1: io.write writes without separators or newline
--- lua
io.write("a", 1, 2.5, "b")
io.write("\n")
--- out
a12.5b
=== TEST 2: io.write and file:write return true
--- lua
print(io.write(""), io.stdout:write(""))
--- out
true	true
=== TEST 3: io.write with invalid arguments
--- lua
print(pcall(io.write, {}))
print(pcall(io.write, nil))
--- out
false	bad argument #1 to '?' (string expected, got table)
false	bad argument #1 to '?' (string expected, got nil)
=== TEST 4: io.write number formatting
--- lua
io.write(1/3, " ", 1e100, " ", -0.0, " ", 2^53, "\n")
--- out
0.33333333333333 1e+100 -0 9.007199254741e+15
=== TEST 5: io.read a line
--- lua
print(io.read())
print(io.read("*l"))
print(io.read())
--- stdin
first line
second line
--- out
first line
second line
nil
=== TEST 6: io.read all
--- lua
local s = io.read("*a")
print(#s, (s:gsub("\n", "|")))
print(io.read("*a") == "", io.read("*l"))
--- stdin
line 1
line 2
--- out
14	line 1|line 2|
true	nil
=== TEST 7: io.read numbers
--- lua
print(io.read("*n", "*n"))
print(io.read("*n"), io.read("*n"))
print(io.read("*n"))
--- stdin
10 2.5
-3e2 0x10
--- out
10	2.5
-300	16
nil
=== TEST 8: io.read a number from non-numeric input
--- lua
print(io.read("*n"))
print(io.read("*l"))
--- stdin
notanumber
--- out
nil
tanumber
--- note
A failed *n read consumes the characters it looked at ('no': n could start nan), in LuaJIT and PUC Lua 5.1 alike.
=== TEST 9: io.read a byte count
--- lua
print(io.read(3), io.read(0), io.read(2), io.read(100))
print(io.read(0), io.read(1))
--- stdin
abcdefgh
--- out
abc		de	fgh

nil	nil
=== TEST 10: io.read multiple formats at once
--- lua
print(io.read("*n", "*l", "*l", "*l"))
--- stdin
12 rest of line
next
--- out
12	 rest of line	next	nil
=== TEST 11: io.read with an invalid format
--- lua
print(pcall(io.read, "*x"))
--- out
false	bad argument #1 to '?' (invalid format)
=== TEST 12: io.read with L keeps the newline
--- lua
local l = io.read("*L")
print(#l, l == "keep\n")
--- stdin
keep
--- out
5	true
--- note
"*L" is a LuaJIT 2.1 extension (from 5.2); PUC Lua 5.1 rejects it. We follow LuaJIT.
=== TEST 13: io.lines over stdin
--- lua
for line in io.lines() do io.write("[", line, "]") end
print()
--- stdin
a
bb
ccc
--- out
[a][bb][ccc]
=== TEST 14: empty lines are kept
--- lua
local n = 0
for line in io.lines() do n = n + 1 io.write(#line, " ") end
print(n)
--- stdin
one

three
--- out
3 0 5 3
=== TEST 15: io.read at end of input
--- lua
print(io.read(), io.read("*a"), io.read("*n"), io.read(1))
--- out
nil		nil	nil
=== TEST 16: write and read a temp file
--- lua
local name = os.tmpname()
local f = assert(io.open(name, "w"))
print(io.type(f))
f:write("hello\n", 42, "\n", 3.5, "\n")
f:close()
print(io.type(f))
f = assert(io.open(name, "r"))
print(f:read("*l"), f:read("*n"), f:read("*n"))
f:close()
os.remove(name)
--- out
file
closed file
hello	42	3.5
=== TEST 17: file:lines
--- lua
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("x\ny\nz")
f:close()
f = assert(io.open(name))
local out = {}
for l in f:lines() do out[#out + 1] = l end
f:close()
print(#out, table.concat(out, ","))
os.remove(name)
--- out
3	x,y,z
=== TEST 18: io.lines with a file name closes it at the end
--- lua
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("1\n2\n3\n")
f:close()
local s = 0
for l in io.lines(name) do s = s + tonumber(l) end
print(s)
os.remove(name)
--- out
6
=== TEST 19: io.lines on a missing file
--- lua
print(pcall(io.lines, "/nonexistent_dir_mg/x"))
--- out
false	bad argument #1 to '?' (/nonexistent_dir_mg/x: No such file or directory)
=== TEST 20: append mode
--- lua
local name = os.tmpname()
local f = io.open(name, "w") f:write("a") f:close()
f = io.open(name, "a") f:write("b") f:close()
f = io.open(name, "a+") f:write("c") f:seek("set") print(f:read("*a")) f:close()
os.remove(name)
--- out
abc
=== TEST 21: file:seek
--- lua
local name = os.tmpname()
local f = assert(io.open(name, "w+"))
f:write("0123456789")
print(f:seek("cur"), f:seek("set"), f:seek("end"), f:seek("set", 3))
print(f:read(2), f:seek("cur", 2), f:read(1), f:seek("end", -1), f:read("*a"))
print(f:seek())
f:close()
os.remove(name)
--- out
10	0	10	3
34	7	7	9	9
10
=== TEST 22: file:seek with an invalid whence
--- lua
local name = os.tmpname()
local f = assert(io.open(name, "w"))
print(pcall(f.seek, f, "bogus"))
f:close()
os.remove(name)
--- out
false	bad argument #2 to '?' (invalid option 'bogus')
=== TEST 23: read and write mode r+
--- lua
local name = os.tmpname()
local f = io.open(name, "w") f:write("abcdef") f:close()
f = io.open(name, "r+")
f:seek("set", 2)
f:write("XY")
f:seek("set")
print(f:read("*a"))
f:close()
os.remove(name)
--- out
abXYef
=== TEST 24: binary data round trip
--- lua
local name = os.tmpname()
local data = {}
for i = 0, 255 do data[#data + 1] = string.char(i) end
data = table.concat(data)
local f = io.open(name, "wb") f:write(data) f:close()
f = io.open(name, "rb")
local back = f:read("*a")
f:close()
print(#back, back == data)
os.remove(name)
--- out
256	true
=== TEST 25: io.open on a missing file
--- lua
print(io.open("/nonexistent_dir_mg/file.txt"))
--- out
nil	/nonexistent_dir_mg/file.txt: No such file or directory	2
=== TEST 26: io.open with an invalid mode
--- lua
print(io.open("/tmp/mg_never_created_file", "x"))
--- out
nil	/tmp/mg_never_created_file: Invalid argument	22
=== TEST 27: operations on a closed file
--- lua
local name = os.tmpname()
local f = io.open(name, "w")
f:close()
print(pcall(f.write, f, "x"))
print(pcall(f.read, f))
print(pcall(f.close, f))
os.remove(name)
--- out
false	attempt to use a closed file
false	attempt to use a closed file
false	attempt to use a closed file
=== TEST 28: io.type
--- lua
print(io.type(io.stdout), io.type(42), io.type(nil), io.type({}))
--- out
file	nil	nil	nil
=== TEST 29: tostring of files
--- lua
local name = os.tmpname()
local f = io.open(name, "w")
local open_str = tostring(f)
f:close()
print(open_str:match("^file %(0x%x+%)$") ~= nil, tostring(f))
os.remove(name)
--- out
true	file (closed)
=== TEST 30: reading a file opened for writing
--- lua
local name = os.tmpname()
local f = io.open(name, "w")
print(f:read("*a"))
f:close()
os.remove(name)
--- out
nil	Bad file descriptor	9
=== TEST 31: io.output and io.input
--- lua
print(io.output() == io.stdout, io.input() == io.stdin)
local name = os.tmpname()
io.output(name)
io.write("redirected")
io.close()
io.output(io.stdout)
io.input(name)
print(io.read("*a"))
io.input():close()
io.input(io.stdin)
os.remove(name)
--- out
true	true
redirected
=== TEST 32: file:setvbuf and flush
--- lua
print(io.stdout:setvbuf("no"), io.stdout:flush(), io.flush())
--- out
true	true	true
=== TEST 33: read numbers in various forms from a file
--- lua
local name = os.tmpname()
local f = io.open(name, "w") f:write("  0x1F 1e2 .5 -7 12abc") f:close()
f = io.open(name)
print(f:read("*n", "*n", "*n", "*n", "*n"))
print(f:read("*a"))
f:close()
os.remove(name)
--- out
31	100	0.5	-7	12
abc
=== TEST 34: file:read with a count of zero at end of file
--- lua
local name = os.tmpname()
local f = io.open(name, "w") f:write("x") f:close()
f = io.open(name)
print(f:read(0), f:read(1), f:read(0))
f:close()
os.remove(name)
--- out
	x	nil
=== TEST 35: io.close of the default output is fine after restoring
--- lua
local name = os.tmpname()
local f = io.open(name, "w")
print(io.close(f), io.type(f))
os.remove(name)
--- out
true	closed file
=== TEST 36: io library names
--- lua
local names = {}
for k in pairs(io) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
--- out
close flush input lines open output popen read stderr stdin stdout tmpfile type write
=== TEST 37: file methods
--- lua
local names = {}
for k in pairs(getmetatable(io.stdout).__index) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
--- out
__gc __index __tostring close flush lines read seek setvbuf write
=== TEST 38: print writes to io.stdout buffer in order with io.write
--- lua
io.write("a")
print("b")
io.stdout:write("c\n")
--- out
ab
c
