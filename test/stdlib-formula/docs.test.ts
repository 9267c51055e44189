// docs/formula-functions.md is generated from the catalogue: the committed file must match.
// UPDATE_DOCS=1 npx vitest run test/stdlib-formula/docs.test.ts rewrites it.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FORMULA_FUNCTIONS, renderFormulaDocs } from "../../src/stdlib-formula/index.js";

const PATH = new URL("../../docs/formula-functions.md", import.meta.url);

describe("docs/formula-functions.md", () => {
  const text = renderFormulaDocs(FORMULA_FUNCTIONS);
  it("is up to date with the catalogue", () => {
    if (process.env.UPDATE_DOCS === "1") writeFileSync(PATH, text);
    expect(readFileSync(PATH, "utf8")).toBe(text);
  });
  it("documents every function with its signature and examples", () => {
    for (const f of FORMULA_FUNCTIONS) {
      expect(text).toContain(`### ${f.name}\n`);
      for (const e of f.examples) expect(text).toContain(e.formula.replace(/\|/g, "\\|"));
    }
    expect(text).toContain("ROUND(number, [digits]) → number");
    expect(text).toContain("SUM([...values]) → number");
  });
});
