-- methods.lua: object-style code: a small class built with metatables and
-- __index, a subclass that inherits through a chain of __index tables,
-- method calls with ':' and closures passed as callbacks.
-- Stresses: method lookup through __index (one and two levels), calls with
-- self, setmetatable on fresh objects, closure creation and upvalue
-- reads/writes, calling through function values.
local n = tonumber(arg and arg[1]) or 1000000

-- Class Vec: a 2D vector.
local Vec = {}
Vec.__index = Vec

function Vec.new(x, y)
  return setmetatable({ x = x, y = y }, Vec)
end

function Vec:add(o) return Vec.new(self.x + o.x, self.y + o.y) end
function Vec:scale(k) return Vec.new(self.x * k, self.y * k) end
function Vec:dot(o) return self.x * o.x + self.y * o.y end
function Vec:len2() return self:dot(self) end

-- Class Particle, a subclass: its methods are found on Particle, Vec's
-- through Particle's own metatable (a two-level __index chain).
local Particle = setmetatable({}, { __index = Vec })
Particle.__index = Particle

function Particle.new(x, y, vx, vy)
  local p = setmetatable({ x = x, y = y }, Particle)
  p.vel = Vec.new(vx, vy)
  return p
end

function Particle:step(dt)
  self.x = self.x + self.vel.x * dt
  self.y = self.y + self.vel.y * dt
end

-- Closures: a counter factory and a callback-driven iterator.
local function make_counter()
  local count = 0
  return function(by)
    count = count + by
    return count
  end
end

local function each(list, fn)
  for i = 1, #list do fn(list[i], i) end
end

local particles = {}
for i = 1, 64 do
  particles[i] = Particle.new(i, -i, (i % 5) * 0.25, (i % 3) * 0.5)
end

local acc = Vec.new(0, 0)
local counter = make_counter()
local energy = 0
local rounds = n / #particles
for _ = 1, rounds do
  -- A fresh closure per round capturing locals of this round.
  local dt = 0.01
  local round_sum = 0
  each(particles, function(p, i)
    p:step(dt)
    round_sum = round_sum + p:len2() * 1e-6 + i
    counter(1)
  end)
  local first = particles[1]
  acc = acc:add(first:scale(0.5))
  energy = energy + round_sum + first.vel:dot(first.vel)
end

print(string.format("methods(%d): calls=%d acc=(%.6f, %.6f) energy=%.6f",
  n, counter(0), acc.x, acc.y, energy))
