// lua's luaO_chunkid: how a chunk's name appears in messages ("t.lua", "[string \"...\"]").

const LUA_IDSIZE = 60;

/** `source` is a chunk name as given to load: "@file", "=name" or the source text itself. */
export function chunkId(source: string): string {
  const max = LUA_IDSIZE - 1; // room for the terminating NUL in C
  if (source.startsWith("=")) return source.slice(1, 1 + max);
  if (source.startsWith("@")) {
    const name = source.slice(1);
    if (name.length <= max) return name;
    return "..." + name.slice(name.length - (max - 3));
  }
  const nl = source.indexOf("\n");
  const avail = max - '[string "'.length - '..."]'.length;
  if (source.length < avail && nl < 0) return `[string "${source}"]`;
  let first = nl >= 0 ? source.slice(0, nl) : source;
  if (first.length > avail) first = first.slice(0, avail);
  return `[string "${first}..."]`;
}
