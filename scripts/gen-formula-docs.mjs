#!/usr/bin/env node
// Writes docs/formula-functions.md from the formula function catalogue (FORMULA_FUNCTIONS in
// src/stdlib-formula), using the built package: run `npm run build` first.
//   node scripts/gen-formula-docs.mjs          write the file
//   node scripts/gen-formula-docs.mjs --check  exit 1 when the committed file is out of date
// The tests do the same check without a build (test/stdlib-formula/docs.test.ts;
// UPDATE_DOCS=1 rewrites the file from there).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { FORMULA_FUNCTIONS, renderFormulaDocs } = await import(join(root, "dist/stdlib-formula/index.js"));
const target = join(root, "docs/formula-functions.md");
const text = renderFormulaDocs(FORMULA_FUNCTIONS);

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {}
  if (current !== text) {
    console.error("docs/formula-functions.md is out of date: run node scripts/gen-formula-docs.mjs");
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target} (${FORMULA_FUNCTIONS.length} functions)`);
}
