// Every example in the catalogue is evaluated: the docs never show a result the code does not give.
import { describe, expect, it } from "vitest";
import { FORMULA_FUNCTIONS } from "../../src/stdlib-formula/index.js";
import { err, f } from "./helpers.js";

describe("catalogue examples", () => {
  for (const fn of FORMULA_FUNCTIONS) {
    describe(fn.name, () => {
      it("has examples", () => expect(fn.examples.length).toBeGreaterThan(0));
      for (const ex of fn.examples) {
        if (ex.error !== undefined) {
          it(`${ex.formula} fails with ${ex.error}`, () => expect(err(ex.formula)).toBe(`input:1: ${ex.error}`));
        } else {
          it(`${ex.formula} = ${JSON.stringify(ex.result)}`, () => {
            const v = f(ex.formula);
            expect(v === undefined ? null : v).toEqual(ex.result);
          });
        }
      }
    });
  }
});
