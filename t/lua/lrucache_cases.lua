package.path = LRU_DIR .. "/?.lua;" .. package.path
local clock = 1000
ngx = {now = function() return clock end}
for _, modname in ipairs{"resty.lrucache", "resty.lrucache.pureffi"} do
  local lrucache = require(modname)
  local c, err = lrucache.new(3)
  assert(c, err)
  c:set("a", 1) c:set("b", {x = 2}) c:set("c", "three")
  print(modname, c:get("a"), c:get("b").x, c:get("c"))
  c:set("d", 4)                       -- evicts the least recently used: a
  print(c:get("a"), c:get("d"), c:count(), c:capacity())
  c:set("e", 5, 10, 7)                -- ttl 10 s, user flags 7
  print(c:get("e"))
  clock = clock + 11
  print(c:get("e"))                   -- expired: nil, the stale value, the flags
  c:delete("d")
  print(c:get("d"), c:count())
  local keys = c:get_keys()
  table.sort(keys)
  print(table.concat(keys, ","))
  c:flush_all()
  print(c:count(), c:get("c"))
  for i = 1, 100 do c:set("k" .. i, i) end
  print(c:get("k100"), c:get("k" .. 99), c:get("k97"), c:get("k1"), c:count())
  c:set("k98", "new")
  print(c:get("k98"), c:get("k" .. "98"))
  print(pcall(lrucache.new, 0))
end
