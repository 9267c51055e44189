// VM creation cost: time per Lua.create() and retained heap per VM, side by side with fengari.
// Run: node --expose-gc bench/vm-create.mjs
import { Lua } from "../dist/index.js";
import fengari from "fengari";

const N = 20000;

/** Create-and-drop: the per-request pattern (one VM per request, thrown away after). */
function measureDrop(create) {
  for (let i = 0; i < 20000; i++) create();
  const M = N * 5;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < M; i++) create();
  return Number(process.hrtime.bigint() - t0) / 1000 / M;
}

/** Create-and-keep: every VM stays alive, so the figure includes promotion and GC. */
function measure(name, create) {
  const dropUs = measureDrop(create);
  for (let i = 0; i < 2000; i++) create(); // warm up
  globalThis.gc?.();
  const keep = new Array(N);
  const before = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) keep[i] = create();
  const t1 = process.hrtime.bigint();
  globalThis.gc?.();
  const after = process.memoryUsage().heapUsed;
  const us = Number(t1 - t0) / 1000 / N;
  const bytes = (after - before) / N;
  console.log(`${name.padEnd(10)} create+drop ${dropUs.toFixed(2).padStart(8)} µs/VM   create+keep ${us.toFixed(2).padStart(8)} µs/VM  ${(bytes / 1024).toFixed(2).padStart(8)} KB/VM retained`);
  return { us, dropUs, bytes, keep };
}

const m = measure("moonrule", () => Lua.create());
const f = measure("fengari", () => {
  const L = fengari.lauxlib.luaL_newstate();
  fengari.lualib.luaL_openlibs(L);
  return L;
});
console.log(`ratio (fengari/moonrule): create+drop ${(f.dropUs / m.dropUs).toFixed(1)}x, create+keep ${(f.us / m.us).toFixed(1)}x, heap ${(f.bytes / m.bytes).toFixed(1)}x`);
if (!globalThis.gc) console.log("(run with --expose-gc for accurate heap figures)");
