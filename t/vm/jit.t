# The jit module: what OpenResty code reads (version, os, arch), jit.opt.start's
# checks as LuaJIT makes them, and the switches of tier 1 (luavm/jit).
# Compilation itself is asserted in jit_compile.t and jit_semantics.t.
=== TEST 1: jit is a global and a loaded module
--- lua
print(type(jit), package.loaded.jit == jit, require("jit") == jit)
print(jit.version_num, jit.os, jit.arch, string.find(jit.version, " 2.0", 1, true))
print(jit.version:match("^LuaJIT 2%.1"))
--- out
table	true	true
20100	Linux	x64	nil
LuaJIT 2.1
=== TEST 2: jit.opt.start accepts LuaJIT's flags and parameters
--- lua
print(pcall(jit.opt.start, "hotloop=10", "-fold", "+cse", "maxtrace=2000"))
print(pcall(jit.opt.start, 3))
print(pcall(jit.opt.start, "-O2"))
print(pcall(jit.opt.start))
--- out
true
true
true
true
=== TEST 3: jit.opt.start rejects malformed flags with LuaJIT's message
--- lua
print(pcall(jit.opt.start, "bogus"))
print(pcall(jit.opt.start, "hotloop=x"))
print(pcall(jit.opt.start, "hotloop"))
--- out
false	unknown or malformed optimization flag 'bogus'
false	unknown or malformed optimization flag 'hotloop=x'
false	unknown or malformed optimization flag 'hotloop'
=== TEST 4: status, off, on and flush
--- lua
jit.opt.start("-fold")
local st = {jit.status()}
print(st[1], #st, st[2])
print(select("#", jit.off()), (jit.status()))
print(select("#", jit.on()), (jit.status()))
print(select("#", jit.flush()))
print(pcall(jit.off, 42))
--- out
true	10	cse
0	false
0	true
0
false	bad argument #1 to '?' (function expected, got number)
--- note
LuaJIT reports its CPU features (SSE2, ...) before the flags; we report the flags only.
