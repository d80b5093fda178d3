-- spectral_norm.lua: spectral norm of the infinite matrix
-- A(i,j) = 1 / ((i+j)(i+j+1)/2 + i + 1) (0-based i, j), by ten rounds of the
-- power method on A^T A, truncated to n x n.
-- Stresses: a function call per matrix element, float division, array reads
-- and writes in nested loops.
local n = tonumber(arg and arg[1]) or 350

local function a(i, j)
  local ij = i + j
  return 1.0 / (ij * (ij + 1) * 0.5 + i + 1)
end

-- out = A * v (arrays are 1-based, the matrix formula 0-based).
local function mul_av(v, out)
  for i = 0, n - 1 do
    local s = 0
    for j = 0, n - 1 do s = s + a(i, j) * v[j + 1] end
    out[i + 1] = s
  end
end

-- out = A^T * v
local function mul_atv(v, out)
  for i = 0, n - 1 do
    local s = 0
    for j = 0, n - 1 do s = s + a(j, i) * v[j + 1] end
    out[i + 1] = s
  end
end

-- out = A^T * A * v, through a scratch vector.
local function mul_atav(v, out, tmp)
  mul_av(v, tmp)
  mul_atv(tmp, out)
end

local u, v, tmp = {}, {}, {}
for i = 1, n do u[i], v[i], tmp[i] = 1, 0, 0 end
for _ = 1, 10 do
  mul_atav(u, v, tmp)
  mul_atav(v, u, tmp)
end

local vbv, vv = 0, 0
for i = 1, n do
  vbv = vbv + u[i] * v[i]
  vv = vv + v[i] * v[i]
end
print(string.format("%.9f", math.sqrt(vbv / vv)))
