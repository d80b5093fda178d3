# The jit module of tier 0: what OpenResty code reads (version, os, arch),
# jit.opt.start's checks as LuaJIT makes them; no compiler to turn on yet.
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
=== TEST 4: status, off and flush with tier 0 only
--- lua
jit.opt.start("-fold")
local st = {jit.status()}
print(st[1], #st, st[2])
print(select("#", jit.off()), select("#", jit.flush()))
print(pcall(jit.on))
--- out
false	10	cse
0	0
false	JIT compiler not available: luavm runs tier 0 only
--- note
LuaJIT (with its compiler) reports true and its CPU features first; tier 1 is issue 7.
