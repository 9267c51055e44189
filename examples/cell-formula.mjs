// A spreadsheet-like cell formula: compiled once, evaluated per row with the row as facts,
// and a mistake shown the way an editor would show it.
// Run: npm run build && node examples/cell-formula.mjs
import { compile, Lua, lua, LuaError } from "moonrule";

const rows = [
  { item: "Lamp", price: 39.5, qty: 2, discount: 0 },
  { item: "Chair", price: 189, qty: 1, discount: 0.15 },
  { item: "Arm", price: 74.25, qty: 4, discount: 0.05 },
];

// Compiled when this module loads: a typo here would fail at startup (and in `moonrule check`).
const lineTotal = lua`return fact.price * fact.qty * (1 - fact.discount)`;

export function main(log = console.log) {
  const vm = Lua.create({ budget: { instructions: 1000 } });
  let sum = 0;
  for (const row of rows) {
    const [total] = vm.eval(lineTotal, { facts: row }).values;
    sum += total;
    log(`${row.item.padEnd(6)} ${total.toFixed(2).padStart(8)}`);
  }
  log(`${"total".padEnd(6)} ${sum.toFixed(2).padStart(8)}`);

  // A formula a user typed, with a field that does not exist in the row.
  const userFormula = compile("return fact.price * fact.quantity", { chunkName: "cell D2" });
  try {
    vm.eval(userFormula, { facts: rows[0] });
  } catch (e) {
    if (!(e instanceof LuaError)) throw e;
    log(e.format());
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
