// The compiled pattern matcher (lpattern-compile.ts) against the interpreting one
// (MatchState.match) on random patterns and subjects: the same match ends, the same captures,
// the same errors and the same work charged, from every start position.
import { describe, expect, it } from "vitest";
import { MatchState } from "../src/vm/lib/lpattern.js";

function rng(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
}

const PIECES = ["a", "b", "%a", "%d", "%s", "%w", "%p", ".", "[ab]", "[^a]", "[%d_]", "[a-c]", "%%", "%]",
  "*", "+", "-", "?", "(", ")", "()", "%1", "%2", "%b()", "%f[%w]", "%f[%s]", "$", "^", "x", "1", " ", "_"];
const SUBJECT = "ab a1_ (b) aab xx 12 a_b ((a)) ba$";

type Outcome = { e: number; caps: unknown[] | string; work: number } | { error: string };

function run(ms: MatchState, s: number, p0: number, compiled: boolean, work: { n: number }): Outcome {
  ms.reprep();
  const before = work.n + ms.work;
  try {
    const e = compiled ? ms.attempt(s, p0) : ms.match(s, p0);
    let caps: unknown[] | string = [];
    if (e !== -1) {
      try {
        caps = ms.captures(s, e, true);
      } catch (err) {
        caps = (err as Error).message;
      }
    }
    return { e, caps, work: work.n + ms.work - before };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe("compiled patterns", () => {
  it("match as the interpreting matcher does, on 3000 random patterns", () => {
    const r = rng(12345);
    let compared = 0;
    let compiledPatterns = 0;
    for (let k = 0; k < 3000; k++) {
      let pat = "";
      for (let j = 0, n = 1 + r(7); j < n; j++) pat += PIECES[r(PIECES.length)];
      const subject = SUBJECT.slice(r(10), 10 + r(30));
      const work = { n: 0 };
      const ms = new MatchState(subject, pat, (units) => {
        work.n += units * 8;
      });
      // past the attempts after which the pattern is compiled (BUILD_AFTER)
      for (let i = 0; i < 300; i++) {
        ms.reprep();
        try {
          ms.attempt(0, 0);
        } catch {
          break;
        }
      }
      const p0 = pat.startsWith("^") ? 1 : 0;
      let viaCompiled = false;
      for (let s = 0; s <= subject.length; s++) {
        const a = run(ms, s, p0, false, work);
        const b = run(ms, s, p0, true, work);
        expect(b, `pattern ${JSON.stringify(pat)} subject ${JSON.stringify(subject)} at ${s}`).toEqual(a);
        compared++;
        // the compiled code is made on the first attempt after BUILD_AFTER (null: not compilable)
        viaCompiled ||= typeof (ms as unknown as { code?: { fns: unknown[] } }).code?.fns[p0] === "function";
      }
      if (viaCompiled) compiledPatterns++;
    }
    expect(compared).toBeGreaterThan(30000);
    expect(compiledPatterns).toBeGreaterThan(1500);
  });
});
