// Bytecode regression check for the compile pipeline: compiles every .lua file under test/lua
// and bench/programs (files that do not compile are skipped: only their error message is digested) and prints a digest
// of every Proto — code, constants, line/column info, locals, upvalues, header fields and the
// nested protos — so that an optimisation of the front end can be shown to change nothing.
//
// Run: npm run build && node bench/compile-check.mjs [--build DIR] [--dump FILE]
//   --build DIR   compiled output to load (default: dist), e.g. a tsc --outDir build
//   --dump FILE   also write the full textual dump (to diff against another build's)
// The last line is the overall digest: compare it before and after a change.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const buildDir = resolve(opt("--build", "dist"));
const dumpFile = opt("--dump", undefined);
const { compileSource } = await import(pathToFileURL(join(buildDir, "vm/load.js")).href);

function luaFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...luaFiles(p));
    else if (name.endsWith(".lua")) out.push(p);
  }
  return out;
}

/** A constant as text that tells integers, floats (by bit pattern), strings, booleans and nil apart. */
function constText(v) {
  if (v === undefined || v === null) return "nil";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return "s" + JSON.stringify(v);
  if (typeof v === "bigint") return "i" + v.toString();
  if (typeof v === "number") {
    return Number.isInteger(v) ? "i" + (Object.is(v, -0) ? "-0" : String(v)) : "f" + floatBits(v);
  }
  if (typeof v === "object" && typeof v.n === "number") return "f" + floatBits(v.n); // LuaFloat
  return "?" + String(v);
}

function floatBits(n) {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(n);
  return b.toString("hex");
}

function dumpProto(p, path, out) {
  out.push(`proto ${path} source=${p.source} lines=${p.linedefined}-${p.lastlinedefined}` +
    ` params=${p.numparams} vararg=${p.isVararg} stack=${p.maxstacksize}`);
  out.push(`  code ${Array.from(p.code).join(",")}`);
  out.push(`  lines ${Array.from(p.lineinfo).join(",")}`);
  out.push(`  cols ${Array.from(p.colinfo).join(",")}`);
  out.push(`  k ${p.k.map(constText).join(" ")}`);
  out.push(`  locvars ${p.locvars.map((v) => `${v.name}@${v.startpc}-${v.endpc}`).join(" ")}`);
  out.push(`  upvalues ${p.upvalues.map((u) => `${u.name}:${u.instack ? "R" : "U"}${u.idx}`).join(" ")}`);
  out.push(`  nested ${p.p.length}`);
  p.p.forEach((q, i) => dumpProto(q, `${path}.${i}`, out));
}

/** Generated chunks for limits the corpus barely touches: many constants (RK overflow, LOADKX
 *  is out of reach), long constructors (SETLIST flushes), long chains, deep nesting, gotos. */
function* synthetic() {
  const ks = Array.from({ length: 300 }, (_, i) => `x${i} = t.k${i} + ${i}.5 + ${i}`).join("\n");
  yield ["(many constants)", `local t = {}\n${ks}\nreturn t.k1 == "k299"`];
  const items = Array.from({ length: 260 }, (_, i) => (i % 3 === 0 ? `k${i} = ${i}` : i % 3 === 1 ? `${i}.25` : `"s${i}"`));
  yield ["(long constructor)", `local t = { ${items.join(", ")}, f() }\nreturn { ${items.join("; ")}, ... }`];
  yield ["(long sum)", `local a = 1\nreturn ${Array(3000).fill("a").join(" + ")}`];
  yield ["(long concat)", `local a = "x"\nreturn ${Array(150).fill("a").join(" .. ")}`];
  yield ["(call chain)", `local f\nreturn f${"()".repeat(2000)}`];
  yield ["(index chain)", `local y = {}\ny${".a".repeat(2000)} = 1`];
  yield ["(nested parens)", `return ${"(".repeat(150)}1${")".repeat(150)}`];
  yield ["(folding)", "return 1 + 2, 3 // 0, 3 % 0, 1 / 0, -0.0, - -1, ~5, 2^53, 1 << 63, 7 // 2.0, 0x7fffffffffffffff + 1, 1e308 * 10, -(0/0), 3 & 1.5, 'a' .. 1"];
  yield ["(gotos)", `
    for i = 1, 3 do
      for j = 1, 3 do
        if j == 2 then goto continue end
        local x = function() return i + j end
        if i == 3 then break end
        ::continue::
      end
    end
    do goto a; local z; ::a:: end
    ::top:: local n = (n or 0) + 1 if n < 3 then goto top end
    repeat local q = 1; if q then goto done end until q ::done::
    while true do local w = 1; local g = function() return w end; if w then break end end`];
  yield ["(conditions)", `
    local a, b, c = ...
    local x = a and b or c
    local y = not (a == b) and (a < b or b >= c) or not not c
    if a and (b or c) then x = 1 elseif not a then x = 2 else x = 3 end
    while a ~= nil and b do a = a.next end
    return a > 1, 1 < a, "x" == a, a == nil, x or {}, y and 1 or 2, (a or b) and c`];
  yield ["(assignments)", `
    local a, b, c = 1
    a, b.x, c[a], a = b, a, c
    local t = {} t[1], t[2], t = 1, 2, 3
    a, b = f()
    a, b, c = f(), g()
    local u = {...}
    local p, q = ...
    x, y = y, x
    function t.a.b:c(...) return self, ... end
    local function rec(n) return n > 0 and rec(n - 1) end
    return f(...), g(a, ...), t:m(1, 2)`];
}

const all = createHash("sha256");
const dump = [];
const skipped = [];
let compiled = 0;
for (const file of [...luaFiles("test/lua"), ...luaFiles("bench/programs")]) {
  check(file, readFileSync(file, "latin1"));
}
for (const [name, src] of synthetic()) check(name, src);

function check(rel, src) {
  let proto;
  try {
    proto = compileSource(src, rel);
  } catch (e) {
    // not compiled, but its error message (same for every build) goes into the digest too
    skipped.push(`${rel}: ${e.message}`);
    all.update(`error ${rel}: ${e.message}\n`);
    return;
  }
  const out = [`file ${rel}`];
  dumpProto(proto, "0", out);
  const text = out.join("\n") + "\n";
  dump.push(text);
  all.update(text);
  compiled++;
  console.log(`${createHash("sha256").update(text).digest("hex").slice(0, 16)}  ${rel}`);
}
for (const s of skipped) console.log(`skipped ${s}`);
if (dumpFile) writeFileSync(dumpFile, dump.join(""));
console.log(`${compiled} files compiled, ${skipped.length} skipped`);
console.log(`digest ${all.digest("hex")}`);
