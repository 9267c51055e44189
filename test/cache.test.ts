// The compile cache: one compile per source and chunk name, bounded, with statistics.
import { describe, expect, it } from "vitest";
import { CompileCache } from "../src/cache/compile-cache.js";
import { Lua, LuaError } from "../src/index.js";

describe("CompileCache", () => {
  it("compiles a source once per chunk name and returns the same Script", () => {
    const c = new CompileCache();
    const a = c.compile("return 1 + 1");
    expect(c.compile("return 1 + 1")).toBe(a);
    expect(c.compile("return 1 + 1", { chunkName: "other" })).not.toBe(a);
    expect(c.compile("return 1 + 2")).not.toBe(a);
    expect(c.stats).toMatchObject({ hits: 1, misses: 3, entries: 2 });
  });

  it("caches syntax errors too", () => {
    const c = new CompileCache();
    const e1 = (() => { try { c.compile("return +"); } catch (e) { return e; } })();
    const e2 = (() => { try { c.compile("return +"); } catch (e) { return e; } })();
    expect(e1).toBeInstanceOf(LuaError);
    expect(e2).toBe(e1);
    expect(c.stats).toMatchObject({ hits: 1, misses: 1 });
  });

  it("is bounded by entries and by bytes, counting evictions", () => {
    const byCount = new CompileCache({ max: 3 });
    for (let i = 0; i < 10; i++) byCount.compile(`return ${i}`);
    expect(byCount.stats).toMatchObject({ entries: 3, evictions: 7 });
    const bySize = new CompileCache({ maxBytes: 20_000 });
    for (let i = 0; i < 50; i++) bySize.compile(`local t = {} ${"t[#t + 1] = 1 ".repeat(20)} return ${i}`);
    expect(bySize.stats.bytes).toBeLessThanOrEqual(20_000);
    expect(bySize.stats.evictions).toBeGreaterThan(0);
  });

  it("is what Lua.eval uses for source text (a cached Script runs in any VM)", () => {
    const cache = new CompileCache();
    const a = Lua.create({ cache });
    const b = Lua.create({ cache });
    a.eval("x = 1 return x");
    expect(b.eval("x = 1 return x").values).toEqual([1]);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1 });
    const none = Lua.create({ cache: false });
    expect(none.compile("return 1")).not.toBe(none.compile("return 1"));
  });
});
