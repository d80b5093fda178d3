-- loop.lua: one numeric for loop doing float arithmetic on locals.
-- Stresses: the for-loop itself and +, -, *, /, % on doubles held in
-- locals, with no calls and no table access in the body.
local n = tonumber(arg and arg[1]) or 10000000

local sum, x, y = 0.0, 0.5, 0.0
for i = 1, n do
  local f = i * 0.5
  sum = sum + f / (f + 1.0)
  -- Contractive recurrences: x and y stay bounded and any rounding
  -- difference decays instead of growing, so the printed digits are stable.
  x = x * 0.999 + (i % 10) * 0.001
  y = y * 0.5 + x - 2.25
end

print(string.format("loop(%d) = %.6f %.6f %.6f", n, sum, x, y))
