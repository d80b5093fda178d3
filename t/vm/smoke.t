# Smoke tests of the .t runner itself (t/conftest.py): one output, one error.

=== TEST 1: print
--- lua
print(1 + 1, "two")
--- out
2	two

=== TEST 2: errors carry the chunk, line and variable name
--- lua
local t = nil
print(t.x)
--- error
t.lua:2: attempt to index local 't' (a nil value)
