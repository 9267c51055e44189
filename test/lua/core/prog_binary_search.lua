-- program: binary search over a sorted array with integer division
local function bsearch(a, x)
  local lo, hi = 1, #a
  while lo <= hi do
    local mid = (lo + hi) // 2
    if a[mid] == x then return mid
    elseif a[mid] < x then lo = mid + 1
    else hi = mid - 1 end
  end
  return nil, lo
end
local a = {}
for i = 1, 100 do a[i] = i * 3 end
print(bsearch(a, 3), bsearch(a, 300), bsearch(a, 150), bsearch(a, 151), bsearch(a, 0))
print(bsearch(a, 1000))
print(bsearch({}, 1))
