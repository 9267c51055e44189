-- program: matrix multiplication and identity checks with nested tables
local function mat(n, f)
  local m = {}
  for i = 1, n do m[i] = {} for j = 1, n do m[i][j] = f(i, j) end end
  return m
end
local function mul(a, b)
  local n = #a
  return mat(n, function(i, j)
    local s = 0
    for k = 1, n do s = s + a[i][k] * b[k][j] end
    return s
  end)
end
local a = mat(3, function(i, j) return i + j end)
local id = mat(3, function(i, j) return i == j and 1 or 0 end)
local p = mul(a, id)
local sq = mul(a, a)
for i = 1, 3 do print(p[i][1], p[i][2], p[i][3], sq[i][1], sq[i][2], sq[i][3]) end
local f = mat(2, function(i, j) return (i + j) / 2 end)
local g = mul(f, f)
print(g[1][1], g[2][2])
