-- how the decoder treats boundary and malformed sequences, seen through every function
local cases = {
  "\x7F", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF",
  "\xC0\x80", "\xC1\xBF", "\xE0\x9F\xBF", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF7\xBF\xBF\xBF",
  "\xF8\x88\x80\x80\x80", "\xFC\x84\x80\x80\x80\x80", "\xFE\x80", "\xFF",
  "\xED\xA0\x80", "\xED\xBF\xBF", "\xEF\xBF\xBE",
  "\xC2", "\xE0\xA0", "\xF0\x90\x80", "\x80", "\xBF", "\xC2\x41", "\xE0\x41\x80",
}
for i, s in ipairs(cases) do
  local ok1, cp = pcall(utf8.codepoint, s)
  local len, pos = utf8.len(s)
  local ok2, codes = pcall(function()
    local n = 0
    for _ in utf8.codes(s) do n = n + 1 end
    return n
  end)
  print(i, #s, ok1 and cp or "err", tostring(len) .. "/" .. tostring(pos), ok2 and codes or "err",
        (pcall(utf8.offset, s, 1)), select(2, pcall(utf8.offset, s, 2)), select(2, pcall(utf8.offset, s, -1)))
end
