-- mandelbrot.lua: the Mandelbrot set on an n x n grid over
-- [-1.5, 0.5] x [-1, 1], 50 iterations, escape radius 2. Pixels are packed
-- eight to a byte, MSB first, each row padded to whole bytes, as a PBM
-- bitmap would be; we print a checksum of those bytes instead of the image.
-- Stresses: a tight float loop with an early exit, integer bit packing
-- done with arithmetic (Lua 5.1 has no bit operators).
local n = tonumber(arg and arg[1]) or 600

local iterations = 50
local bytes, set_bits, hash = 0, 0, 0
for y = 0, n - 1 do
  local ci = 2.0 * y / n - 1.0
  local byte, nbits = 0, 0
  for x = 0, n - 1 do
    local cr = 2.0 * x / n - 1.5
    local zr, zi, zr2, zi2 = 0.0, 0.0, 0.0, 0.0
    local inside = 1
    for _ = 1, iterations do
      zi = 2.0 * zr * zi + ci
      zr = zr2 - zi2 + cr
      zr2 = zr * zr
      zi2 = zi * zi
      if zr2 + zi2 > 4.0 then inside = 0; break end
    end
    byte = byte * 2 + inside
    set_bits = set_bits + inside
    nbits = nbits + 1
    if nbits == 8 or x == n - 1 then
      -- Pad the last byte of a row with zero bits.
      while nbits < 8 do byte = byte * 2; nbits = nbits + 1 end
      -- Polynomial hash kept below 2^53 so it is exact in a double.
      hash = (hash * 31 + byte) % 1000000007
      bytes = bytes + 1
      byte, nbits = 0, 0
    end
  end
end

print(string.format("mandelbrot(%d): %d bytes, %d set, checksum %d",
  n, bytes, set_bits, hash))
