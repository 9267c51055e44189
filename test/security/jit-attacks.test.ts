// Attacks on the compiled tier's shared state (src/vm/jit.ts). Compiled code is kept on the
// prototype and shared by every VM that runs the same cached chunk, and so are its inline
// caches; registers live in JavaScript locals between write-backs. None of this may let one
// tenant see another's values, let a cached answer outlive a change, or hide memory from the
// memory budget.
import { describe, expect, it } from "vitest";
import { Lua, LuaError } from "../../src/index.js";

const modes = ["eager", "auto"] as const;

describe("compiled tier: inline caches", () => {
  // the same source, so the same compiled prototype (and cache sites) in both tenants
  const probe = `
    local secret = secret
    local Class = { __index = { reveal = function() return secret end, name = "class" } }
    local obj = setmetatable({}, Class)
    local seen = {}
    for i = 1, 200 do seen[#seen + 1] = obj.reveal() .. obj.name end
    return seen[1], seen[200]`;

  for (const jit of modes) {
    it(`never answers one tenant with another's cached value (${jit})`, () => {
      const a = Lua.create({ jit });
      const b = Lua.create({ jit });
      for (let round = 0; round < 3; round++) {
        expect(a.eval(probe, { globals: { secret: "tenant-A" } }).values).toEqual(["tenant-Aclass", "tenant-Aclass"]);
        expect(b.eval(probe, { globals: { secret: "tenant-B" } }).values).toEqual(["tenant-Bclass", "tenant-Bclass"]);
      }
    });

    it(`a cached method lookup sees every later change to the class chain (${jit})`, () => {
      const vm = Lua.create({ jit });
      const out = vm.eval(`
        local Base = { kind = "base" }; Base.__index = Base
        local Sub = setmetatable({}, Base); Sub.__index = Sub
        local o = setmetatable({}, Sub)
        local log = {}
        local function read() return o.kind end
        for i = 1, 60 do
          log[#log + 1] = tostring(read())
          if i == 10 then Sub.kind = "sub" end
          if i == 20 then Sub.kind = nil end
          if i == 30 then setmetatable(Sub, nil) end
          if i == 40 then setmetatable(Sub, { __index = function() return "fn" end }) end
          if i == 50 then rawset(o, "kind", "own") end
        end
        return log[10], log[11], log[21], log[31], log[41], log[51]`).values;
      expect(out).toEqual(["base", "sub", "base", "nil", "fn", "own"]);
    });
  }
});

describe("compiled tier: registers in locals", () => {
  for (const jit of modes) {
    it(`a table held only in a register still counts against the memory budget (${jit})`, () => {
      const vm = Lua.create({ jit, budget: { memoryBytes: 4_000_000, instructions: 30_000_000 } });
      let caught: unknown;
      try {
        // t lives in a register of a hot loop; every allocation may measure memory
        vm.eval(`local t = {} for i = 1, 1e8 do t[i] = { i } end return #t`);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(LuaError);
      expect((caught as LuaError).message).toMatch(/memory/);
      expect(vm.eval("return 1 + 1").values).toEqual([2]);
    });

    it(`a string built in registers still counts against the memory budget (${jit})`, () => {
      const vm = Lua.create({ jit, budget: { memoryBytes: 2_000_000, instructions: 30_000_000 } });
      let caught: unknown;
      try {
        vm.eval(`local s = "x" local keep = {} for i = 1, 1e7 do s = s .. "y" if i % 1000 == 0 then keep[#keep + 1] = s end end return #s`);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(LuaError);
      expect((caught as LuaError).message).toMatch(/memory/);
    });
  }
});

describe("compiled tier: the compile pace (shared by every VM of the process)", () => {
  // A tenant that makes many new functions hot spends the process's compile credit
  // (jit-pace.ts): another tenant's hot code then waits interpreted. That may slow it, never
  // change it: same results, same instruction count, and the churning tenant's own budget
  // still holds it (compiling counts against its deadline like anything else it makes us do).
  const churn = `
    local made = 0
    for i = 1, 250 do
      -- each new function hot by its loop (600 back-edges a call), so each is compiled
      local f = load("local x = ... local s = 0 for j = 1, 600 do s = (s + x * j + " .. i .. ") % 65521 end return s")
      for k = 1, 2 do made = made + f(k) end
    end
    return made`;
  const victim = `
    local acc = 0
    for i = 1, 3000 do acc = (acc * 31 + i) % 1000003 end
    local t = {}
    for i = 1, 500 do t[#t + 1] = tostring(acc % (i + 7)) end
    return acc, #table.concat(t)`;

  it("a tenant churning the compiler cannot change another tenant's results or counts", () => {
    const reference = Lua.create({ jit: "off" });
    const expected = reference.eval(victim).values;
    const expectedCount = reference.lastUsage.instructions;
    const churner = Lua.create({ jit: "auto", enable: ["load"], budget: { timeoutMs: 5000 } });
    const tenant = Lua.create({ jit: "auto" });
    for (let round = 0; round < 3; round++) {
      const made = churner.eval(churn).values[0];
      expect(typeof made).toBe("number");
      expect(tenant.eval(victim, { chunkName: `victim${round}` }).values).toEqual(expected);
      expect(tenant.lastUsage.instructions).toBe(expectedCount);
    }
  });

  it("a tenant that makes the compiler work past its deadline is stopped by the deadline", () => {
    const vm = Lua.create({ jit: "auto", enable: ["load"], budget: { timeoutMs: 50, instructions: 1e9 } });
    const forever = `
      local i = 0
      while true do
        i = i + 1
        local f = load("local s = 0 for j = 1, 30 do s = s + j * " .. i .. " end return s")
        f() f() f()
      end`;
    const t0 = performance.now();
    expect(() => vm.eval(forever)).toThrow(LuaError);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
