// Attacks through rule sets: rules are untrusted Lua run against every record. Each attack ends
// in a per-rule error, a RuleSetError at load, or an exact value — and never stops the other
// rules, leaks between records, or reaches the host.
import { describe, expect, it } from "vitest";
import { RuleSet, RuleSetError, type RuleSetDocument } from "../../src/rules/ruleset.js";

const set = (rules: RuleSetDocument["rules"], extra: Partial<RuleSetDocument> = {}): RuleSet =>
  RuleSet.fromJSON({ name: "attack", rules, budget: { perRule: { instructions: 20_000, memoryBytes: 1 << 20 } }, ...extra });

const byId = (rs: RuleSet, record: object) => Object.fromEntries(rs.evaluate(record).rules.map((r) => [r.id, r]));

describe("rule-set attacks", () => {
  it("a runaway rule ends in a limit error and the others still run", () => {
    const t0 = performance.now();
    const r = byId(set([{ id: "spin", when: "(function() while true do end end)()" }, { id: "ok", when: "x == 1" }]), { x: 1 });
    expect(r.spin!.error?.kind).toBe("limit");
    expect(r.ok!.matched).toBe(true);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it("a rule that allocates without bound hits the memory budget", () => {
    const r = byId(set([{ id: "bomb", when: "(function() local s = 'x' while true do s = s .. s end end)()" }, { id: "ok", when: "true" }]), {});
    expect(r.bomb!.error).toMatchObject({ kind: "limit" });
    expect(r.bomb!.error!.message).toContain("limit exceeded");
    expect(r.ok!.matched).toBe(true);
  });

  it("the sandbox is the only world a rule sees", () => {
    const r = byId(set([{ id: "env", when: "true", outputs: { os: "type(os)", io: "type(io)", debug: "type(debug)", req: "type(require)", load: "type(load)", dofile: "type(dofile)" } }]), {});
    expect(r.env!.outputs).toEqual({ os: "nil", io: "nil", debug: "nil", req: "nil", load: "nil", dofile: "nil" });
  });

  it("no rule can change what another rule or record sees", () => {
    const rs = set([
      { id: "patch", when: "(function() string.upper = function() return 'pwned' end return true end)()" },
      { id: "meta", when: "(function() getmetatable('').__index = {} return true end)()" },
      { id: "g", when: "(function() _G.leak = 1 return true end)()" },
      { id: "check", when: "('a'):upper() == 'A' and leak == nil" },
    ]);
    for (let i = 0; i < 2; i++) {
      const r = byId(rs, {});
      expect(r.patch!.error?.message).toContain("read-only");
      expect(r.meta!.error?.message).toContain("read-only");
      expect(r.g!.error?.message).toContain("read-only");
      expect(r.check!.matched).toBe(true);
    }
  });

  it("a helper chunk that never ends is refused at load, not on every record", () => {
    expect(() => RuleSet.fromJSON({ name: "h", helpers: "while true do end", rules: [{ id: "a", when: "true" }] })).toThrow(RuleSetError);
  });

  it("hostile outputs come back as finite JSON-safe data", () => {
    const r = byId(set([{ id: "cyc", when: "true", action: "local t = {} t.self = t t.__proto__ = { admin = true } return t" }]), {});
    const out = r.cyc!.outputs!;
    expect(out.self).toBe("[Circular]");
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")?.value).toEqual({ admin: true });
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
    expect(() => JSON.stringify(r.cyc)).not.toThrow();
  });

  it("records with prototype keys and deep nesting are data only", () => {
    const record = JSON.parse('{"__proto__": {"x": 1}, "constructor": {"prototype": {"y": 2}}, "deep": ' + "[".repeat(500) + "]".repeat(500) + "}") as object;
    const r = byId(set([{ id: "p", when: "x == nil and y == nil and type(__proto__) == 'table' and #deep == 1" }]), record);
    expect(r.p!.matched).toBe(true);
    expect(({} as { x?: number }).x).toBeUndefined();
  });

  it("a rule's Lua syntax cannot break out of its slot in the generated chunk", () => {
    // each `when` is parsed on its own first: text that would close the generated `if` is refused
    expect(() => set([{ id: "a", when: "true) then end os = nil if (true" }])).toThrow(RuleSetError);
    expect(() => set([{ id: "a", when: "true", outputs: { x: "1 } end local y = {" } }])).toThrow(RuleSetError);
    expect(() => set([{ id: "a", when: "true --[[" }, { id: "b", when: "]] true" }])).toThrow(RuleSetError);
  });
});
