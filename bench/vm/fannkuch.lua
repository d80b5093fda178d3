-- fannkuch.lua: fannkuch-redux. For every permutation of 1..n (in the order
-- produced by successive rotations of prefixes), count the "pancake flips"
-- (reverse the first k elements, k = first element) until 1 comes first.
-- Prints a checksum (flip counts summed with alternating signs, by
-- permutation index) and the maximum flip count.
-- Stresses: integer array reads/writes, short inner loops, branches.
local n = tonumber(arg and arg[1]) or 9

local perm, count, work = {}, {}, {}
for i = 1, n do perm[i] = i; count[i] = 0; work[i] = 0 end

local max_flips, checksum, index = 0, 0, 0
local r = n
while true do
  -- Reset the rotation counters below r.
  while r ~= 1 do count[r] = r; r = r - 1 end

  -- Count the flips of this permutation, on a copy.
  local first = perm[1]
  if first ~= 1 then
    for i = 1, n do work[i] = perm[i] end
    local flips = 0
    local k = first
    while k ~= 1 do
      -- Reverse work[1..k].
      local lo, hi = 1, k
      while lo < hi do
        work[lo], work[hi] = work[hi], work[lo]
        lo = lo + 1; hi = hi - 1
      end
      flips = flips + 1
      k = work[1]
    end
    if flips > max_flips then max_flips = flips end
    if index % 2 == 0 then checksum = checksum + flips
    else checksum = checksum - flips end
  end

  -- Next permutation: rotate the first r+1 elements left by one until a
  -- counter is not yet exhausted.
  local done = false
  while true do
    if r == n then done = true; break end
    local p0 = perm[1]
    for i = 1, r do perm[i] = perm[i + 1] end
    perm[r + 1] = p0
    count[r + 1] = count[r + 1] - 1
    if count[r + 1] > 0 then break end
    r = r + 1
  end
  if done then break end
  index = index + 1
end

print(checksum)
print(string.format("Pfannkuchen(%d) = %d", n, max_flips))
