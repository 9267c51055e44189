-- lexical: \u{XXX} escapes produce UTF-8 byte sequences
print(#"\u{41}", "\u{41}")
print(#"\u{7F}", #"\u{80}", #"\u{7FF}", #"\u{800}", #"\u{FFFF}", #"\u{10000}", #"\u{10FFFF}")
print("\u{48}\u{0069}", "\u{00000041}")
print("\u{e9}" == "\xC3\xA9", "\u{20AC}" == "\xE2\x82\xAC")
print("\u{1F600}" == "\xF0\x9F\x98\x80")
