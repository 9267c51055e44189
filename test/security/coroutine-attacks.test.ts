// coroutine.resume and yield move values between thread stacks without intermediate arrays
// (resume's LuaBuiltin.direct), and a coroutine's first stack is a copy of a ready one: attacks
// on the sizes, the nesting and the memory of those paths end in clean errors, in budget.
import { describe, expect, it } from "vitest";
import { Lua } from "../../src/index.js";
import { caught } from "../helpers.js";

const vm = (budget: Parameters<typeof Lua.create>[0] = {}) => Lua.create({ enable: ["coroutine"], ...budget });

describe("coroutine switches", () => {
  it("hands thousands of values both ways, or stops at the memory budget", () => {
    const src = `
      local n = ...
      local t = {} for i = 1, n do t[i] = i end
      local co = coroutine.create(function(...)
        local got = select('#', ...)
        local back = table.pack(coroutine.yield(got, ...))
        return back.n
      end)
      local r = table.pack(coroutine.resume(co, table.unpack(t)))
      local r2 = table.pack(coroutine.resume(co, table.unpack(t, 1, n // 2)))
      return r[1], r[2], r.n, r[r.n], r2[1], r2[2]`;
    const out = vm().eval(src, { args: [5000] }).values;
    expect(out).toEqual([true, 5000, 5002, 5000, true, 2500]);
    const err = caught(() => vm({ budget: { memoryBytes: 256 * 1024 } }).eval(src, { args: [200000] }));
    expect(err.kind).toBe("limit");
    expect(err.message).toContain("memory limit exceeded");
  });

  it("a chain of coroutines resuming each other ends in lua's C stack overflow, not a host crash", () => {
    const src = `
      local function nest(k)
        if k == 0 then return "bottom" end
        local co = coroutine.create(nest)
        local ok, v = coroutine.resume(co, k - 1)
        if not ok then error(v, 0) end
        return v
      end
      return pcall(nest, 1000)`;
    const [ok, msg] = vm().eval(src).values;
    expect(ok).toBe(false);
    expect(String(msg)).toMatch(/C stack overflow/);
  });

  it("short-lived coroutines are charged for their stacks: a flood stops at the memory budget", () => {
    const src = "local keep = {} for i = 1, 1e7 do local co = coroutine.create(function() coroutine.yield(i) end) coroutine.resume(co) keep[i] = co end";
    const err = caught(() => vm({ budget: { memoryBytes: 2 * 1024 * 1024 } }).eval(src));
    expect(err.kind).toBe("limit");
    expect(err.message).toContain("memory limit exceeded");
  });

  it("resume's errors name it, from hot code too", () => {
    const src = "local last for i = 1, 50 do last = select(2, pcall(coroutine.resume, i)) end return last";
    expect(vm().eval(src).values[0]).toBe("bad argument #1 to 'coroutine.resume' (thread expected)");
  });
});
