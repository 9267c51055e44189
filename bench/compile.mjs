// Compile speed: source text to bytecode with positions, in MB/s, on ~1 MB of real Lua
// (the test corpus and bench programs concatenated as separate chunks), side by side with
// fengari's load and lua5.3's load (timed inside lua5.3 with os.clock).
// Run: npm run build && node bench/compile.mjs
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import fengari from "fengari";
import { Lua } from "../dist/index.js";

function luaFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...luaFiles(p));
    else if (name.endsWith(".lua") && !name.startsWith("fail_") && !readFileSync(p, "latin1").startsWith("#")) out.push(p);
  }
  return out;
}

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
const ROUNDS = 5;

function time(fn) {
  fn(); // warm up
  const times = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const vm = Lua.create();
const mr = time(() => {
  for (const c of corpus) vm.compile(c);
});

const L = fengari.lauxlib.luaL_newstate();
const fg = time(() => {
  for (const c of corpus) {
    fengari.lauxlib.luaL_loadstring(L, fengari.to_luastring(c));
    fengari.lua.lua_pop(L, 1);
  }
});

let lua = NaN;
try {
  const file = join(tmpdir(), "moonrule-compile-corpus.lua");
  writeFileSync(file, corpus.map((c) => c.replace(/\]==\]/g, "] ==]")).join("\n]==]\n"), "latin1");
  const script = `
    local f = assert(io.open(${JSON.stringify(file)}, "rb")); local all = f:read("a"); f:close()
    local parts = {} for p in (all .. "\\n]==]\\n"):gmatch("(.-)\\n%]==%]\\n") do parts[#parts + 1] = p end
    local best = math.huge
    for r = 1, ${ROUNDS} do
      local t0 = os.clock()
      for i = 1, #parts do load(parts[i]) end
      local t = os.clock() - t0
      if t < best then best = t end
    end
    print(best * 1000)`;
  lua = Number(execFileSync("lua5.3", ["-e", script]).toString());
} catch {
  // lua5.3 missing: leave NaN
}

const row = (name, ms) => console.log(`${name.padEnd(9)} ${ms.toFixed(1).padStart(8)} ms  ${(MB / (ms / 1000)).toFixed(1).padStart(6)} MB/s`);
console.log(`compiling ${corpus.length} chunks, ${MB.toFixed(2)} MB`);
row("moonrule", mr);
row("fengari", fg);
if (!Number.isNaN(lua)) row("lua5.3", lua);
console.log(`ratios: fengari/moonrule ${(fg / mr).toFixed(1)}x` + (Number.isNaN(lua) ? "" : `, moonrule/lua5.3 ${(mr / lua).toFixed(1)}x`));
