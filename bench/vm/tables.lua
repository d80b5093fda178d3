-- tables.lua: table-heavy work: a string-keyed map filled, looked up,
-- updated and partly cleared, and arrays grown by appends and walked.
-- Stresses: hash-part insert/lookup with string keys (keys built once, so
-- the cost measured is the table, not the concatenation), misses, deleting
-- by assigning nil, pairs/ipairs/next iteration, array-part appends via
-- t[#t+1] and table.insert, the # operator.
local n = tonumber(arg and arg[1]) or 150

local nkeys = 5000
local keys = {}
for i = 1, nkeys do keys[i] = "key" .. i end
local missing = {}
for i = 1, 100 do missing[i] = "absent" .. i end

local insert = table.insert
local checksum = 0
for round = 1, n do
  -- Fill a map with string keys.
  local map = {}
  for i = 1, nkeys do map[keys[i]] = i + round end

  -- Look every key up, plus some misses.
  local hits = 0
  for i = nkeys, 1, -1 do hits = hits + map[keys[i]] end
  for i = 1, #missing do
    if map[missing[i]] == nil then hits = hits + 1 end
  end

  -- Update in place, then delete every third key.
  for i = 1, nkeys, 2 do local k = keys[i]; map[k] = map[k] * 2 end
  for i = 3, nkeys, 3 do map[keys[i]] = nil end

  -- Count what is left with pairs.
  local left, sum = 0, 0
  for _, v in pairs(map) do left = left + 1; sum = sum + v end

  -- Arrays: appends with #t+1 and table.insert, then an ipairs walk.
  local arr = {}
  for i = 1, nkeys do arr[#arr + 1] = i end
  for i = 1, nkeys do insert(arr, i * 2) end
  local asum = 0
  for _, v in ipairs(arr) do asum = asum + v end

  -- A small record table per key: the "array of structs" shape.
  local recs = {}
  for i = 1, 1000 do
    recs[i] = { id = i, name = keys[i], score = i % 17 }
  end
  local best = 0
  for i = 1, #recs do
    local r = recs[i]
    if r.score > best then best = r.score end
  end

  checksum = (checksum + hits + left + sum + asum + #arr + best) % 1000000007
end

print(string.format("tables(%d): checksum %d", n, checksum))
