// The playground's editor-to-bytecode update time for a 100-line script, in Debian's chromium:
// builds the page, serves it on loopback, replaces the Lua source with a 100-line program and
// types into it one key per frame. The page records each update (window.__playgroundStats):
//   work     compile + disassemble + render, the synchronous cost per update (the 16 ms bar)
//   latency  from the edit to the rendered listing, including the wait for the next frame
//            (updates are batched to one per frame)
//
// Run: node bench/playground.mjs [--keys N] [--chromium PATH]
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { build } from "vite";

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const KEYS = Number(opt("--keys", 300));
const CHROMIUM = opt("--chromium", "/usr/bin/chromium");
const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const DIST = join(ROOT, "playground", "dist");

/** A 100-line program: functions, closures, loops, tables, string work. */
function program() {
  const lines = ["local M = {}", ""];
  for (let i = 0; lines.length < 92; i++) {
    lines.push(
      `function M.f${i}(t, n)`,
      `  local acc, seen = 0, {}`,
      `  for i = 1, n do`,
      `    local v = t[i] or i * ${i + 1}`,
      `    if v % 2 == 0 then acc = acc + v // 2 else acc = acc - v end`,
      `    seen[#seen + 1] = string.format("%d:%s", i, tostring(v))`,
      `  end`,
      `  return acc, table.concat(seen, ",")`,
      `end`,
    );
  }
  lines.length = 92;
  lines.push("", "local total = 0", "for k, f in pairs(M) do", "  total = total + f({1, 2, 3}, 10)", "end", "print(total)", "return total", "");
  return lines.slice(0, 100).join("\n");
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
function serve(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(dir, path === "/" ? "index.html" : path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

await build({ configFile: join(ROOT, "playground", "vite.config.ts"), logLevel: "error" });
const server = await serve(DIST);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForSelector("body[data-ready=true]");
  const src = program();
  await page.click("#lua-editor .cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(src);
  const count = () => page.evaluate("window.__playgroundStats.updates.length");
  /** Press keys one per update; the stats of those updates. */
  async function typeKeys(keys) {
    const start = await count();
    for (const key of keys) {
      const before = await count();
      await page.keyboard.press(key);
      await page.waitForFunction((n) => window.__playgroundStats.updates.length > n, before);
    }
    return (await page.evaluate("window.__playgroundStats.updates")).slice(start);
  }
  const f = (x) => x.toFixed(2).padStart(6);
  const report = (title, updates) => {
    const work = updates.map((u) => u.workMs);
    const comp = updates.map((u) => u.compileMs);
    const latency = updates.map((u) => u.latencyMs);
    console.log(`${title}: ${updates.length} updates of a ${updates[0].lines}-line script`);
    console.log(`  work     median ${f(quantile(work, 0.5))} ms   p95 ${f(quantile(work, 0.95))} ms   max ${f(Math.max(...work))} ms`);
    console.log(`  compile  median ${f(quantile(comp, 0.5))} ms   p95 ${f(quantile(comp, 0.95))} ms   (part of work)`);
    console.log(`  latency  median ${f(quantile(latency, 0.5))} ms   p95 ${f(quantile(latency, 0.95))} ms   (edit to listing, incl. the wait for the frame)`);
  };
  console.log(`${await page.locator("#bytecode .ins").count()} instructions listed`);
  // 1. typing inside the string literal of line 8: constants change, the code's shape does not
  await page.locator("#lua-editor .cm-line").nth(7).click();
  await page.keyboard.press("End");
  for (let i = 0; i < '", i, tostring(v))'.length; i++) await page.keyboard.press("ArrowLeft");
  report("typing in a string", await typeKeys(Array.from({ length: KEYS }, (_, i) => (i % 10 === 9 ? "Backspace" : "x"))));
  // 2. typing code that adds and removes instructions (" + 1" after line 8's call, then deleting
  //    it): the listing is rebuilt, and the "+" alone is a syntax error
  await page.locator("#lua-editor .cm-line").nth(7).click();
  await page.keyboard.press("End");
  const edit = [];
  while (edit.length < KEYS) edit.push("Space", "+", "Space", "1", "Backspace", "Backspace", "Backspace", "Backspace");
  report("typing code", await typeKeys(edit.slice(0, KEYS)));
} finally {
  await browser.close();
  server.close();
}
