#!/usr/bin/env node
// Compile time of the compiled tier (src/vm/jit.ts): how long turning one prototype into a
// JavaScript function takes (our code generation plus V8 parsing the factory and creating the
// function; V8 compiles the body lazily on its first call, which is part of running it).
//
//   npm run build && node bench/jit-compile.mjs
//
// Reports, per bench/programs/*.lua, the prototypes' total and largest compile time (as
// compileProto does it: a function of several regions compiles each on its first entry, so
// this is its analysis and nothing more), and for a generated 200-line function (the issue's
// bar: under 1 ms) each step over 50 compiles: the analysis, one region, every region, V8's
// compile on the first call, and the floor (V8's parse of the least text such a function
// could be).
//
// Every timed compile is of text V8 has not seen before in this process: V8 keeps the code of
// a `new Function` by its source text, so compiling the same prototype again costs a lookup,
// not a parse (an earlier version of this benchmark timed exactly that, and reported about
// 1 ms where a cold compile takes about 5). Here each `new Function` gets a unique trailing
// comment.

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

let unique = 0;
const NativeFunction = globalThis.Function;
globalThis.Function = function (...args) {
  args[args.length - 1] += `\n//${unique++}`;
  return new NativeFunction(...args);
};

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const { compileSource } = await import(join(ROOT, "dist/vm/load.js"));
const { compileProto, jitSource, jitRegions } = await import(join(ROOT, "dist/vm/jit.js"));
const { Lua } = await import(join(ROOT, "dist/index.js"));

function protos(p, out = []) {
  out.push(p);
  for (const c of p.p) protos(c, out);
  return out;
}

/** ms to compile prototype p, once (the result is kept on p). */
function timeCompile(p) {
  const t0 = performance.now();
  const fn = compileProto(p);
  const t = performance.now() - t0;
  if (fn === null) throw new Error(`prototype at line ${p.linedefined} did not compile`);
  return t;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** A 200-line function of everyday statements (arithmetic, tables, branches, calls, loops), and a global `run` that calls it. */
function twoHundredLines() {
  const lines = ["local function big(t, n, f)", "  local acc, s = 0, \"\""];
  for (let i = 0; lines.length < 200; i++) {
    switch (i % 8) {
      case 0: lines.push(`  acc = (acc + n * ${i} - (n // ${i + 1})) % 1000003`); break;
      case 1: lines.push(`  t.f${i} = acc + ${i}`); break;
      case 2: lines.push(`  if acc > ${i * 7} then acc = acc - t.f${i - 1} else acc = acc + 1 end`); break;
      case 3: lines.push(`  s = s .. tostring(acc % ${i + 10})`); break;
      case 4: lines.push(`  for j = 1, 3 do acc = acc + j * ${i} end`); break;
      case 5: lines.push(`  acc = acc + f(acc, ${i})`); break;
      case 6: lines.push(`  local v${i} = t[${i}] or ${i}.5`); break;
      default: lines.push(`  acc = acc + #s + (t.f${i - 6} or 0)`); break;
    }
  }
  lines.push("  return acc, s", "end", "function run() return big({}, 7, function(a, b) return a + b end) end", "return big");
  return lines.join("\n");
}

console.log("compile time per prototype (code generation + new Function), one run\n");
console.log("program          protos   total ms   largest ms   largest proto (instructions)");
const dir = join(ROOT, "bench", "programs");
for (const file of readdirSync(dir).filter((f) => f.endsWith(".lua")).sort()) {
  const source = readFileSync(join(dir, file), "utf8");
  const main = compileSource(source, file);
  const all = protos(main);
  for (const p of protos(compileSource(source, file))) timeCompile(p); // warm our code generator up
  const times = all.map((p) => timeCompile(p));
  const largest = times.indexOf(Math.max(...times));
  console.log(
    `${file.replace(".lua", "").padEnd(16)} ${String(all.length).padStart(6)} ${times.reduce((a, b) => a + b, 0).toFixed(2).padStart(10)} ${times[largest].toFixed(3).padStart(12)}   ${all[largest].code.length}`,
  );
}

const COPIES = 50;
const src = twoHundredLines();
const big = () => compileSource(src, "big.lua").p[0];
for (let i = 0; i < 10; i++) timeCompile(big()); // warm our generator up
const generate = [];
const analyse = [];
const regionMax = [];
const regionMedian = [];
const total = [];
let nRegions = 0;
for (let i = 0; i < COPIES; i++) {
  let t0 = performance.now();
  jitSource(big());
  generate.push(performance.now() - t0);
  // compileProto's work, then each region's (build compiles a region when control first reaches it)
  const p = big();
  t0 = performance.now();
  const regions = jitRegions(p);
  analyse.push(performance.now() - t0);
  nRegions = regions.count;
  const each = [];
  for (let r = 0; r < regions.count; r++) {
    t0 = performance.now();
    regions.compile(r);
    each.push(performance.now() - t0);
  }
  regionMax.push(Math.max(...each));
  regionMedian.push(median(each));
  total.push(analyse[i] + each.reduce((a, b) => a + b, 0));
}
// V8 compiles each generated function fully on its first call: time the first call of big
// against the next ones, in a VM that compiled it (jit eager) when loading the chunk
const firstCall = [];
for (let i = 0; i < 10; i++) {
  const vm = new Lua({ profile: "trusted", jit: "eager" });
  vm.eval(`${src}\n-- copy ${i}`); // a new script: the compile cache would hand back the compiled one
  let t0 = performance.now();
  vm.call("run");
  const first = performance.now() - t0;
  t0 = performance.now();
  for (let k = 0; k < 10; k++) vm.call("run");
  firstCall.push(first - (performance.now() - t0) / 10);
}
const p0 = big();
const ms = (x) => `${x.toFixed(3)} ms`;
console.log(`\n200-line function: ${p0.code.length} instructions in ${nRegions} regions, ${jitSource(p0).length} characters of JavaScript`);
console.log(`  code generation, whole function           median ${ms(median(generate))}`);
console.log(`  analysis (compileProto's part)            median ${ms(median(analyse))}`);
console.log(`  one region: generation + new Function     median ${ms(median(regionMedian))}, largest region median ${ms(median(regionMax))} (bar: under 1 ms)`);
console.log(`  every region (the whole function)         median ${ms(median(total))}, max ${ms(Math.max(...total))}`);
console.log(`  V8's compile on first call                median ${ms(median(firstCall))} (the first call's time less a later call's; regions compiled on entry included)`);

// In mode auto the function is compiled once hot (about call 20 here: its 25 little loops
// count too), in steps paced so that no call waits long (jit-pace.ts): the slowest calls then,
// against the first call in mode eager above (every region at once), and later, while V8
// optimises the regions in the background (TurboFan, 25–45 ms each on this machine), which
// stalls some calls on the main thread too; the same calls with the tier off, for scale
function callTimes(jit, n) {
  const vm = new Lua({ profile: "trusted", jit });
  vm.eval(`${src}\n-- calls ${jit}`);
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    vm.call("run");
    times.push(performance.now() - t0);
  }
  return times;
}
{
  const slowest = (xs) => [...xs].sort((a, b) => b - a).slice(0, 3).map((t) => t.toFixed(2)).join(", ");
  for (const jit of ["auto", "off"]) {
    const times = callTimes(jit, 3000);
    console.log(`  mode ${jit.padEnd(4)} slowest calls: 1-200 ${slowest(times.slice(0, 200))} ms; 201-3000 ${slowest(times.slice(200))} ms; median ${ms(median(times.slice(200)))}`);
  }
}

// The floor: V8's parse of the least text 1020 instructions could be (one helper call per
// instruction on register locals, a budget check per four): no tier that emits JavaScript
// source compiles this function faster on this machine
{
  const floor = [];
  for (let k = 0; k < 30; k++) {
    let t = "";
    for (let r = 0; r < 50; r++) {
      t += `function f${r}(L,ci){let r0,r1,r2,r3,r4,r5,r6,r7,r8,pc=ci.pc;try{for(;;){switch(pc){\n`;
      for (let j = 0; j < 20; j++) {
        const i = r * 20 + j;
        if (j % 4 === 0) t += `case ${i}:if(L.steps<4){ci.pc=${i};return 2}L.steps-=4;\n`;
        t += `r${i % 9}=H(L,ci,${i},r${(i + 3) % 9},r${(i + 5) % 9});\n`;
      }
      t += "default:return 2}}}catch(e){return X(e)}}\n";
    }
    const t0 = performance.now();
    new Function("H", "X", `${t}return f0;`);
    floor.push(performance.now() - t0);
  }
  console.log(`  floor: new Function of a minimal text for 1020 instructions   median ${ms(median(floor))}`);
}

// Whether compiling it pays: a call of the 200-line function, interpreted and compiled, in
// blocks of 2000 calls (V8 optimises the compiled regions in the background: tens of
// milliseconds of TurboFan each)
for (const jit of ["off", "eager"]) {
  const vm = new Lua({ profile: "trusted", jit });
  vm.eval(`${src}\n-- steady ${jit}`);
  const blocks = [];
  for (let b = 0; b < 5; b++) {
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) vm.call("run");
    blocks.push((((performance.now() - t0) / 2000) * 1000).toFixed(1));
  }
  console.log(`  a call, jit ${jit.padEnd(5)}          µs per call in calls 1-2000, 2001-4000, …: ${blocks.join(", ")}`);
}
