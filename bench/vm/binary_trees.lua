-- binary_trees.lua: allocate and walk many complete binary trees.
-- A stretch tree of depth max+1, a long-lived tree of depth max kept alive
-- throughout, then for depths 4, 6, ..., max: 2^(max-depth+4) trees of that
-- depth, each built, checked (node count) and dropped.
-- Stresses: table allocation and garbage collection, recursion, array
-- reads of small tables.
local max_depth = tonumber(arg and arg[1]) or 13
local min_depth = 4
if max_depth < min_depth + 2 then max_depth = min_depth + 2 end

-- A node is {left, right}; a leaf is an empty table.
local function make(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return { make(depth), make(depth) }
end

-- Number of nodes in the tree.
local function check(tree)
  local left = tree[1]
  if not left then return 1 end
  return 1 + check(left) + check(tree[2])
end

local stretch = max_depth + 1
print(string.format("stretch tree of depth %d\t check: %d",
  stretch, check(make(stretch))))

local long_lived = make(max_depth)

for depth = min_depth, max_depth, 2 do
  local iters = 2 ^ (max_depth - depth + min_depth)
  local sum = 0
  for _ = 1, iters do sum = sum + check(make(depth)) end
  print(string.format("%d\t trees of depth %d\t check: %d", iters, depth, sum))
end

print(string.format("long lived tree of depth %d\t check: %d",
  max_depth, check(long_lived)))
