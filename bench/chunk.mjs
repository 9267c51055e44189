// Loading compiled chunks vs compiling source: for every program of the test corpus and the
// bench programs (each its own chunk), the time to compile the source, to serialize the Script,
// and to load the chunk (header and hash check, decoding, verification) — per KB of source and
// per KB of chunk — plus the sizes with and without the source text inside.
// Run: npm run build && node bench/chunk.mjs
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { compile, loadChunk, serializeChunk } from "../dist/index.js";
import { verifyProto } from "../dist/vm/verify.js";

function luaFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...luaFiles(p));
    else if (name.endsWith(".lua") && !name.startsWith("fail_") && !readFileSync(p, "latin1").startsWith("#")) out.push(p);
  }
  return out;
}

const sources = [...luaFiles("test/lua"), ...luaFiles("bench/programs")].map((p) => readFileSync(p, "utf8"));
const scripts = [];
for (const s of sources) {
  try {
    scripts.push(compile(s));
  } catch {
    // a few corpus files are syntax errors on purpose
  }
}
const srcBytes = scripts.reduce((n, s) => n + Buffer.byteLength(s.source), 0);
const full = scripts.map((s) => serializeChunk(s));
const stripped = scripts.map((s) => serializeChunk(s, { stripSource: true }));
const fullBytes = full.reduce((n, b) => n + b.length, 0);
const strippedBytes = stripped.reduce((n, b) => n + b.length, 0);

const ROUNDS = 15;
function time(fn) {
  for (let r = 0; r < 3; r++) fn(); // warm up
  const times = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const tCompile = time(() => {
  for (const s of scripts) compile(s.source);
});
const tSerialize = time(() => {
  for (const s of scripts) serializeChunk(s, { stripSource: true });
});
const tLoad = time(() => {
  for (const b of stripped) loadChunk(b);
});
const tLoadFull = time(() => {
  for (const b of full) loadChunk(b);
});
const tVerify = time(() => {
  for (const s of scripts) verifyProto(s.proto);
});

const kb = (n) => (n / 1024).toFixed(1);
const perKB = (ms, bytes) => ((ms * 1000) / (bytes / 1024)).toFixed(1);
console.log(`${scripts.length} chunks, ${kb(srcBytes)} KB of source; chunks ${kb(strippedBytes)} KB stripped, ${kb(fullBytes)} KB with source`);
console.log(`compile from source   ${tCompile.toFixed(2).padStart(8)} ms   ${perKB(tCompile, srcBytes).padStart(7)} µs per KB of source`);
console.log(`serialize (stripped)  ${tSerialize.toFixed(2).padStart(8)} ms   ${perKB(tSerialize, srcBytes).padStart(7)} µs per KB of source`);
console.log(`load (stripped)       ${tLoad.toFixed(2).padStart(8)} ms   ${perKB(tLoad, srcBytes).padStart(7)} µs per KB of source, ${perKB(tLoad, strippedBytes)} µs per KB of chunk`);
console.log(`load (with source)    ${tLoadFull.toFixed(2).padStart(8)} ms   ${perKB(tLoadFull, srcBytes).padStart(7)} µs per KB of source, ${perKB(tLoadFull, fullBytes)} µs per KB of chunk`);
console.log(`  of which verify     ${tVerify.toFixed(2).padStart(8)} ms   ${perKB(tVerify, srcBytes).padStart(7)} µs per KB of source`);
console.log(`load is ${(tCompile / tLoad).toFixed(1)}x faster than compiling (stripped), ${(tCompile / tLoadFull).toFixed(1)}x with source`);
