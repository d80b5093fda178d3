-- strings.lua: string-heavy work as handler code does it: format records,
-- search and slice them, rewrite them with patterns, join them.
-- Stresses: string.format, .. concatenation, string.find (plain and
-- pattern), string.sub, string.gsub (pattern and function replacement),
-- string.match with captures, table.concat, and the interning of many
-- short-lived strings.
local n = tonumber(arg and arg[1]) or 80000

local format, find, sub, gsub, match = string.format, string.find,
  string.sub, string.gsub, string.match
local byte, upper, concat = string.byte, string.upper, table.concat

local words = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta" }
local nwords = #words

local total_len, hash, replaced, found = 0, 0, 0, 0
local batch = {}
for i = 1, n do
  local w = words[i % nwords + 1]
  -- A record like a log line.
  local rec = format("%s-%05d: %s=%d; ratio=%.3f; hex=%x", w, i, w,
    i * 7 % 1000, i / 7, i)

  -- Plain find of a separator, then slices on both sides of it.
  local colon = find(rec, ":", 1, true)
  local head, tail = sub(rec, 1, colon - 1), sub(rec, colon + 2)

  -- Pattern find with captures, and match.
  local s, e, key, val = find(tail, "(%a+)=(%d+)")
  if s then found = found + e - s + #key + tonumber(val) % 10 end
  local ratio = match(rec, "ratio=([%d%.]+)")

  -- gsub with a string replacement and with a function replacement.
  local masked, k = gsub(rec, "%d", "#")
  replaced = replaced + k
  local shout = gsub(head, "%a+", upper)

  -- Concatenation of the pieces.
  local line = shout .. "|" .. ratio .. "|" .. sub(masked, -12)
  batch[#batch + 1] = line

  -- Join a batch, fold it into the checksum, start a new batch.
  if #batch == 64 or i == n then
    local joined = concat(batch, "\n")
    total_len = total_len + #joined
    for j = 1, #joined, 97 do
      hash = (hash * 31 + byte(joined, j)) % 1000000007
    end
    batch = {}
  end
end

print(format("strings(%d): len=%d found=%d replaced=%d hash=%d",
  n, total_len, found, replaced, hash))
