-- recursion: infinite recursion ends in a catchable "stack overflow" error (message checked without string lib)
local B = {[0] = "\0", "\1", "\2", "\3", "\4", "\5", "\6", "\7", "\8", "\9", "\10", "\11", "\12", "\13", "\14", "\15", "\16", "\17", "\18", "\19", "\20", "\21", "\22", "\23", "\24", "\25", "\26", "\27", "\28", "\29", "\30", "\31", "\32", "\33", "\34", "\35", "\36", "\37", "\38", "\39", "\40", "\41", "\42", "\43", "\44", "\45", "\46", "\47", "\48", "\49", "\50", "\51", "\52", "\53", "\54", "\55", "\56", "\57", "\58", "\59", "\60", "\61", "\62", "\63", "\64", "\65", "\66", "\67", "\68", "\69", "\70", "\71", "\72", "\73", "\74", "\75", "\76", "\77", "\78", "\79", "\80", "\81", "\82", "\83", "\84", "\85", "\86", "\87", "\88", "\89", "\90", "\91", "\92", "\93", "\94", "\95", "\96", "\97", "\98", "\99", "\100", "\101", "\102", "\103", "\104", "\105", "\106", "\107", "\108", "\109", "\110", "\111", "\112", "\113", "\114", "\115", "\116", "\117", "\118", "\119", "\120", "\121", "\122", "\123", "\124", "\125", "\126", "\127", "\128", "\129", "\130", "\131", "\132", "\133", "\134", "\135", "\136", "\137", "\138", "\139", "\140", "\141", "\142", "\143", "\144", "\145", "\146", "\147", "\148", "\149", "\150", "\151", "\152", "\153", "\154", "\155", "\156", "\157", "\158", "\159", "\160", "\161", "\162", "\163", "\164", "\165", "\166", "\167", "\168", "\169", "\170", "\171", "\172", "\173", "\174", "\175", "\176", "\177", "\178", "\179", "\180", "\181", "\182", "\183", "\184", "\185", "\186", "\187", "\188", "\189", "\190", "\191", "\192", "\193", "\194", "\195", "\196", "\197", "\198", "\199", "\200", "\201", "\202", "\203", "\204", "\205", "\206", "\207", "\208", "\209", "\210", "\211", "\212", "\213", "\214", "\215", "\216", "\217", "\218", "\219", "\220", "\221", "\222", "\223", "\224", "\225", "\226", "\227", "\228", "\229", "\230", "\231", "\232", "\233", "\234", "\235", "\236", "\237", "\238", "\239", "\240", "\241", "\242", "\243", "\244", "\245", "\246", "\247", "\248", "\249", "\250", "\251", "\252", "\253", "\254", "\255"}
-- rebuild a string as an array of bytes using only comparisons and concatenation
local function explode(s)
  local out, prefix = {}, ""
  for i = 1, #s do
    local lo, hi = 0, 255
    while lo < hi do
      local mid = (lo + hi + 1) // 2
      if prefix .. B[mid] <= s then lo = mid else hi = mid - 1 end
    end
    out[i] = lo
    prefix = prefix .. B[lo]
  end
  return out, prefix == s
end
local function contains(s, needle)
  if type(s) ~= "string" then return false end
  local a = explode(s)
  local b = explode(needle)
  for i = 1, #a - #b + 1 do
    local match = true
    for j = 1, #b do
      if a[i + j - 1] ~= b[j] then match = false; break end
    end
    if match then return true end
  end
  return false
end
print(contains("hello world", "o w"), contains("abc", "abd"), contains("x", "xy"))
local function inf(n) return 1 + inf(n + 1) end
local ok, msg = pcall(inf, 1)
print(ok, contains(msg, "stack overflow"))
local ping, pong
function ping(n) return pong(n) + 1 end
function pong(n) return ping(n) + 1 end
local ok2, msg2 = pcall(ping, 0)
print(ok2, contains(msg2, "stack overflow"))
local loopy = setmetatable({}, {__index = function(t, k) return t[k] end})
local ok3, msg3 = pcall(function() return loopy.x end)
print(ok3, contains(msg3, "stack overflow"))
-- the VM is still usable afterwards
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(1000))
