-- program: deterministic serializer for nested tables (sorted keys, no string library)
local function lt(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta < tb end
  return a < b
end
local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  for i = 2, #ks do
    local v, j = ks[i], i - 1
    while j >= 1 and lt(v, ks[j]) do ks[j + 1] = ks[j]; j = j - 1 end
    ks[j + 1] = v
  end
  return ks
end
local function ser(v, seen)
  local tv = type(v)
  if tv == "string" then return '"' .. v .. '"' end
  if tv ~= "table" then return tostring(v) end
  seen = seen or {}
  if seen[v] then return "<cycle>" end
  seen[v] = true
  local out = "{"
  local ks = sorted_keys(v)
  for i = 1, #ks do
    out = out .. (i > 1 and "," or "") .. "[" .. ser(ks[i], seen) .. "]=" .. ser(v[ks[i]], seen)
  end
  seen[v] = nil
  return out .. "}"
end
print(ser({1, 2, {x = 1, y = {true, false}}, name = "n", [10] = 1.5}))
local cyc = {a = 1}
cyc.self = cyc
print(ser(cyc))
print(ser({}), ser("s"), ser(nil), ser(3))
