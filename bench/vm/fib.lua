-- fib.lua: naive doubly recursive Fibonacci.
-- Stresses: Lua function calls and returns, a local upvalue lookup of the
-- function itself, small-integer arithmetic and comparison.
local n = tonumber(arg and arg[1]) or 33

local function fib(k)
  if k < 2 then return k end
  return fib(k - 1) + fib(k - 2)
end

print(string.format("fib(%d) = %d", n, fib(n)))
