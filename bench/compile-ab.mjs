// A/B timing of compileSource across builds, interleaved in one process so that the noise of
// a shared machine hits every variant alike; also splits one build's time into phases.
// Builds are tsc output directories (e.g. `npx tsc -p tsconfig.build.json --outDir /tmp/a`).
//
// Run: node bench/compile-ab.mjs [--rounds N] [--phases] DIR...   (default DIR: dist)
// The order of the variants is shuffled every round. Times are the process's CPU
// time (user + system), which other processes competing for the cores disturb much less than
// the wall clock.
//   --phases  for each build also time lexing alone and parsing alone (parse() -> AST)
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
let rounds = 15;
let phases = false;
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--rounds") rounds = Number(args[++i]);
  else if (args[i] === "--phases") phases = true;
  else dirs.push(resolve(args[i]));
}
if (dirs.length === 0) dirs.push(resolve("dist"));

function luaFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...luaFiles(p));
    else if (name.endsWith(".lua") && !name.startsWith("fail_") && !readFileSync(p, "latin1").startsWith("#")) out.push(p);
  }
  return out;
}

// the corpus of bench/compile.mjs: ~1 MB of real Lua as separate chunks
const chunks = [...luaFiles("test/lua"), ...luaFiles("bench/programs")].map((p) => readFileSync(p, "latin1"));
const corpus = [];
let bytes = 0;
while (bytes < 1 << 20) {
  for (const c of chunks) {
    corpus.push(c);
    bytes += c.length;
  }
}
const MB = bytes / (1 << 20);

const variants = [];
for (const dir of dirs) {
  const url = (f) => pathToFileURL(join(dir, "vm", f)).href;
  const { compileSource } = await import(url("load.js"));
  const name = dir.split("/").pop();
  variants.push({ name: `${name} full`, times: [], run: () => { for (const c of corpus) compileSource(c, "bench"); } });
  if (phases) {
    const { parse } = await import(url("parser.js"));
    const { Lexer, TK_EOS } = await import(url("lexer.js"));
    variants.push({ name: `${name} lex`, times: [], run: () => {
      for (const c of corpus) {
        const lx = new Lexer(c, "bench");
        do lx.next(); while (lx.t !== TK_EOS);
      }
    } });
    variants.push({ name: `${name} parse`, times: [], run: () => { for (const c of corpus) parse(c, "bench"); } });
  }
}

for (const v of variants) v.run(); // warm up
for (let r = 0; r < rounds; r++) {
  const order = [...variants].sort(() => Math.random() - 0.5);
  for (const v of order) {
    const c0 = process.cpuUsage();
    v.run();
    const c = process.cpuUsage(c0);
    v.times.push((c.user + c.system) / 1000);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${corpus.length} chunks, ${MB.toFixed(2)} MB, ${rounds} rounds (median, min)`);
for (const v of variants) {
  const m = median(v.times);
  const lo = Math.min(...v.times);
  console.log(`${v.name.padEnd(24)} ${m.toFixed(1).padStart(7)} ms ${(MB / (m / 1000)).toFixed(1).padStart(6)} MB/s   min ${lo.toFixed(1)} ms ${(MB / (lo / 1000)).toFixed(1)} MB/s`);
}
