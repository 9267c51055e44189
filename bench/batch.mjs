// Batch throughput and memory: N generated order records (fixtures/rules/generate.mjs) in a
// temp NDJSON file, evaluated by runBatch (dist) inline, with 1 and with 2 workers; each run
// in its own process so that its peak RSS (sampled every 20 ms; worker threads included) is
// its own. Results are consumed as the CLI does: serialised, and written to a file.
//   npm run build && node bench/batch.mjs [N=200000]
// (2-core machine, N=150000: inline 24k/s, 112 MB; 1 worker 29k/s, 165 MB; 2 workers 25k/s,
// 216 MB. RSS is flat in N: 2 workers over 600k records stay at 210-250 MB. It used to grow
// with the input in pool mode: every read raced one batch-long abort promise, which kept a
// reaction per record.)
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
  let buf = "";
  for await (const r of batch) {
    buf += JSON.stringify(r) + "\n";
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await new Promise((res) => out.once("drain", res));
      buf = "";
    }
  }
  out.write(buf);
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
