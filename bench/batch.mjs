// Batch throughput and memory: N generated order records (fixtures/rules/generate.mjs) in a
// temp NDJSON file, evaluated by runBatch (dist) inline, with 1 and with 2 workers; each run
// in its own process so that its peak RSS (sampled every 20 ms; worker threads included) is
// its own. Results are consumed as the CLI does: Batch.ndjson() (serialised where evaluated),
// written to a file.
//   npm run build && node bench/batch.mjs [N=200000]
// (2-core machine shared with other work, so ±15% between runs; N=150000: inline 28.8k/s,
// 118 MB; 1 worker 25.8k/s, 178 MB; 2 workers 37.3k/s, 237 MB. Before Batch.ndjson(), when
// workers sent result objects back and the main thread rebuilt and serialised each one, the
// same runs gave inline 25.6k/s, 1 worker 28.6k/s, 2 workers 26.0k/s: the main thread was the
// bottleneck. Now it is ~90% idle; 1 worker trails inline by the worker's start (~0.3 s, mostly
// module loading) and the chunk messages, and 2 workers are held back by the two cores being
// shared with each worker's own JIT compiles (~1 s of CPU per worker). RSS is flat in N: 2
// workers over 600k records stay at 200-265 MB. Over a 998 MB NDJSON input (5M records from
// generate.mjs, `moonrule batch --workers 2`, RSS sampled every 5 s) RSS stayed between 214 and
// 255 MB from the first 20 s to the end.)
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, openSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

if (process.argv[2] === "--one") {
  const [, , , workers, input, output] = process.argv;
  const { RuleSet } = await import("../dist/rules/ruleset.js");
  const { runBatch } = await import("../dist/rules/batch.js");
  const rs = await RuleSet.fromFile(join(root, "fixtures/rules/orders.rules.json"));
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const out = createWriteStream(output);
  const batch = runBatch(rs, input, { workers: Number(workers) });
  // as the CLI does: NDJSON text, serialised where the records were evaluated
  for await (const text of batch.ndjson()) {
    if (!out.write(text)) await new Promise((res) => out.once("drain", res));
  }
  await new Promise((res) => out.end(res));
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const s = batch.summary;
  process.stdout.write(JSON.stringify({ workers: s.workers, records: s.records, ms: Math.round(s.elapsedMs), perSecond: Math.round(s.recordsPerSecond), peakRssMB: Math.round(peak / 2 ** 20) }) + "\n");
} else {
  const n = Number(process.argv[2] ?? 200_000);
  const dir = mkdtempSync(join(tmpdir(), "moonrule-batch-bench-"));
  try {
    const input = join(dir, "records.ndjson");
    const fd = openSync(input, "w");
    spawnSync(process.execPath, [join(root, "fixtures/rules/generate.mjs"), String(n), "7"], { stdio: ["ignore", fd, "inherit"] });
    console.log(`${n} records, ${(statSync(input).size / 2 ** 20).toFixed(1)} MB of NDJSON`);
    for (const workers of [0, 1, 2]) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--one", String(workers), input, join(dir, `out${workers}.ndjson`)], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(r.stderr);
      const res = JSON.parse(r.stdout);
      console.log(`workers=${workers}: ${res.perSecond} records/s (${res.ms} ms), peak RSS ${res.peakRssMB} MB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
