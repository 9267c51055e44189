// Embedding cost: a compiled formula evaluated with three marshaled fact fields, the way a
// SaaS backend runs one user formula per request; and VM creation with an API loaded.
// Side by side with fengari doing the same work (its best path: a precompiled function
// called with three globals set from JS).
// Run: npm run build && node bench/embed.mjs
import { createRequire } from "node:module";
import { defineApi, Lua, lua } from "../dist/index.js";
import { CompileCache } from "../dist/cache/compile-cache.js";

const require = createRequire(import.meta.url);
const fengari = require("fengari");
const { lua: L, lauxlib, lualib, to_luastring } = fengari;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);

function rate(name, fn) {
  for (let i = 0; i < 20000; i++) fn(i); // warm up
  let n = 0;
  const t0 = performance.now();
  const end = t0 + SECONDS * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) fn(i);
    n += 1000;
  }
  const perSec = n / ((performance.now() - t0) / 1000);
  console.log(`${name.padEnd(44)} ${(perSec / 1e6).toFixed(2).padStart(7)} M/s  ${(1e6 / perSec).toFixed(3).padStart(8)} µs/call`);
  return perSec;
}

const facts = (i) => ({ price: 10 + (i & 7), qty: 3, discount: 0.1 });

// --- moonrule: a compiled formula, facts passed per call
const vm = Lua.create({ budget: { instructions: 10_000 } });
const formula = lua`return price * qty * (1 - discount)`;
const viaGlobals = rate("moonrule eval(script, {globals})", (i) => vm.eval(formula, { globals: facts(i) }).values[0]);
const factFormula = lua`return fact.price * fact.qty * (1 - fact.discount)`;
const viaFacts = rate("moonrule eval(script, {facts}) (lazy view)", (i) => vm.eval(factFormula, { facts: facts(i) }).values[0]);
const SOURCE = "return price * qty * (1 - discount)";
const viaSource = rate("moonrule eval(source text) (cache hit)", (i) => vm.eval(SOURCE, { globals: facts(i) }).values[0]);
const cache = new CompileCache();
cache.compile(SOURCE);
const hitRate = rate("CompileCache.compile (hit)", () => cache.compile(SOURCE));
vm.eval("function total(price, qty, discount) return price * qty * (1 - discount) end");
const viaCall = rate("moonrule call('total', [3 args])", (i) => {
  const f = facts(i);
  return vm.call("total", [f.price, f.qty, f.discount]).values[0];
});

// --- fengari: a loaded function, three globals set from JS, called and its result read
const F = lauxlib.luaL_newstate();
lualib.luaL_openlibs(F);
if (lauxlib.luaL_loadstring(F, to_luastring("return price * qty * (1 - discount)")) !== 0) throw new Error("fengari load");
const ref = lauxlib.luaL_ref(F, L.LUA_REGISTRYINDEX);
const kPrice = to_luastring("price");
const kQty = to_luastring("qty");
const kDiscount = to_luastring("discount");
const fengariRate = rate("fengari (set 3 globals, pcall, read result)", (i) => {
  const f = facts(i);
  L.lua_pushinteger(F, f.price);
  L.lua_setglobal(F, kPrice);
  L.lua_pushinteger(F, f.qty);
  L.lua_setglobal(F, kQty);
  L.lua_pushnumber(F, f.discount);
  L.lua_setglobal(F, kDiscount);
  L.lua_rawgeti(F, L.LUA_REGISTRYINDEX, ref);
  if (L.lua_pcall(F, 0, 1, 0) !== 0) throw new Error("fengari run");
  const v = L.lua_tonumber(F, -1);
  L.lua_pop(F, 1);
  return v;
});

console.log(`\nratios (moonrule / fengari, higher is better): globals ${(viaGlobals / fengariRate).toFixed(2)}x, ` +
  `facts ${(viaFacts / fengariRate).toFixed(2)}x, call ${(viaCall / fengariRate).toFixed(2)}x, source text ${(viaSource / fengariRate).toFixed(2)}x`);
console.log(`cache hit: ${(1e6 / hitRate).toFixed(3)} µs`);

// --- VM creation, bare and with an API of 20 host functions
const fns = {};
for (let i = 0; i < 20; i++) fns[`f${i}`] = (x) => x + i;
const Api20 = defineApi("api", fns);
const Globals20 = defineApi(null, fns);
console.log();
const bare = rate("Lua.create()", () => Lua.create());
const scoped = rate("Lua.create().load(api of 20 under a scope)", () => Lua.create().load(Api20));
const globals = rate("Lua.create().load(20 globals)", () => Lua.create().load(Globals20));
console.log(`\nVM creation µs: bare ${(1e6 / bare).toFixed(2)}, API scope ${(1e6 / scoped).toFixed(2)}, 20 globals ${(1e6 / globals).toFixed(2)}`);

// --- fork a template VM and run a cached chunk in the fork (per-request isolation)
const template = Lua.create();
template.eval("rate = 0.2 function tax(x) return x * rate end");
const perRequest = lua`local p = 100 return tax(p)`;
template.fork(); // the first fork freezes the template
const forkRun = rate("template.fork().eval(cached script)", () => template.fork().eval(perRequest).values[0]);
console.log(`fork + run: ${(1e6 / forkRun).toFixed(2)} µs`);
