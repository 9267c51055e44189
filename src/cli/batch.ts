// `moonrule batch RULES.json INPUT -o OUT.ndjson`: a rule set over a file of records, NDJSON
// results in input order (src/rules/batch.ts). Node only: it streams files with node:fs.
//
// Exit status: 0 every record evaluated (none invalid, not a record, or with a failing rule);
// 1 some were (unless --allow-failures); 2 usage, I/O, or an invalid rule set; 130 interrupted
// (SIGINT: what was evaluated is written in order, so --resume continues from there).

import { closeSync, createReadStream, createWriteStream, existsSync, ftruncateSync, openSync, statSync, type WriteStream } from "node:fs";
import { runBatch, type BatchFormat, type BatchSummary } from "../rules/batch.js";
import { parseRedisUrl } from "../queue/connection.js";
import { runDistributedBatch, type DistributedSummary } from "../queue/coordinator.js";
import { RuleSet, RuleSetError } from "../rules/ruleset.js";
import { toByteString } from "../vm/bytes.js";
import type { CliIO } from "./main.js";

export const BATCH_USAGE = `  batch RULES.json INPUT [-o OUT.ndjson] [--workers N|auto] [--format ndjson|json|csv]
        [--resume] [--allow-failures] [--explain]
        [--queue redis://HOST:PORT/DB [--chunk-size N] [--batch-id ID]]
        evaluate a rule set over every record of INPUT (NDJSON, a JSON array, or CSV with a
        header; numeric-looking CSV cells become numbers), writing one JSON result per line in
        input order: {"index":N,"result":{...}} or {"index":N,"error":{"message":...}}
        --resume continues an interrupted OUT (its complete lines are kept, the rest redone)
        --queue: evaluated by 'moonrule worker' processes through Redis (same output); the
        same --batch-id with --resume continues a batch whose coordinator stopped or was killed
        (exit status 0 all evaluated, 1 some records failed, 2 usage, I/O or rule-set problem)
`;

interface BatchArgs {
  rules: string;
  input: string;
  out?: string;
  workers: number | "auto";
  format?: BatchFormat;
  resume: boolean;
  allowFailures: boolean;
  explain: boolean;
  queue?: string;
  chunkSize?: number;
  batchId?: string;
}

function parseArgs(args: string[]): BatchArgs | string {
  const pos: string[] = [];
  let out: string | undefined;
  let workers: number | "auto" = "auto";
  let format: BatchFormat | undefined;
  let resume = false;
  let allowFailures = false;
  let explain = false;
  let queue: string | undefined;
  let chunkSize: number | undefined;
  let batchId: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string | undefined => {
      const eq = a.indexOf("=");
      return a.startsWith("--") && eq > 0 ? a.slice(eq + 1) : args[++i];
    };
    const name = a.startsWith("--") && a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
    if (name === "-o" || name === "--output") {
      out = value();
      if (out === undefined) return "-o needs a file";
    } else if (name === "--workers") {
      const v = value();
      if (v === "auto") workers = "auto";
      else {
        const n = Number(v);
        if (v === undefined || !Number.isInteger(n) || n < 0) return "--workers needs a non-negative integer or 'auto'";
        workers = n;
      }
    } else if (name === "--format") {
      const v = value();
      if (v !== "ndjson" && v !== "json" && v !== "csv") return "--format is one of ndjson, json, csv";
      format = v;
    } else if (name === "--queue") {
      queue = value();
      if (queue === undefined) return "--queue needs a redis:// URL";
      try {
        parseRedisUrl(queue);
      } catch (e) {
        return (e as Error).message;
      }
    } else if (name === "--chunk-size") {
      const v = value();
      chunkSize = Number(v);
      if (v === undefined || !Number.isInteger(chunkSize) || chunkSize < 1) return "--chunk-size needs a positive integer";
    } else if (name === "--batch-id") {
      batchId = value();
      if (batchId === undefined || !/^[A-Za-z0-9_-]{1,100}$/.test(batchId)) return "--batch-id needs 1 to 100 letters, digits, '_' or '-'";
    } else if (a === "--resume") resume = true;
    else if (a === "--allow-failures") allowFailures = true;
    else if (a === "--explain") explain = true;
    else if (a.startsWith("-") && a !== "-") return `unknown option '${a}'`;
    else pos.push(a);
  }
  if (pos.length !== 2) return "batch needs RULES.json and INPUT";
  if (resume && out === undefined) return "--resume needs -o OUT";
  if (queue === undefined && (chunkSize !== undefined || batchId !== undefined)) return "--chunk-size and --batch-id go with --queue";
  return { rules: pos[0]!, input: pos[1]!, out, workers, format, resume, allowFailures, explain, queue, chunkSize, batchId };
}

/**
 * Complete lines of a results file: counts them and cuts a torn last line (an interrupted
 * write) off the file, so that appending continues it cleanly.
 */
export async function completeLines(path: string): Promise<number> {
  let lines = 0;
  let pos = 0;
  let lastEnd = 0; // just after the last "\n"
  for await (const chunk of createReadStream(path)) {
    const b = chunk as Buffer;
    for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) {
      lines++;
      lastEnd = pos + i + 1;
    }
    pos += b.length;
  }
  if (lastEnd < pos) {
    const fd = openSync(path, "r+");
    try {
      ftruncateSync(fd, lastEnd);
    } finally {
      closeSync(fd);
    }
  }
  return lines;
}

function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
}

/**
 * The TTY progress line: records, records/s, share of the input read and ETA; for a
 * distributed batch also the records each worker computed, chunks retried and failed (the
 * whole cluster's). Cut to `columns` when given.
 */
export function progressText(s: BatchSummary, elapsedMs: number, done: number, columns?: number): string {
  const eta = done > 0 && elapsedMs > 0 ? ((elapsedMs / 1000) * (1 - done)) / done : Infinity;
  let line = `${s.records + s.skipped} records, ${Math.round((s.records * 1000) / Math.max(1, elapsedMs))}/s, ${(Math.min(1, done) * 100).toFixed(1)}%, ETA ${fmtSeconds(eta)}`;
  if ("batchId" in s) {
    const d = s as DistributedSummary;
    const per = Object.entries(d.recordsPerWorker).map(([w, n]) => `${w} ${n}`).join(", ");
    line += ` | ${d.retries} retried, ${d.failedChunks} failed` + (per !== "" ? ` | ${per}` : "");
  }
  if (columns !== undefined && columns > 1 && line.length > columns - 1) line = line.slice(0, columns - 2) + "…";
  return line;
}

export function summaryText(s: BatchSummary): string {
  const lines = [
    `moonrule batch: ${s.records} record${s.records === 1 ? "" : "s"} in ${(s.elapsedMs / 1000).toFixed(2)} s ` +
      `(${Math.round(s.recordsPerSecond)} records/s, ${s.workers === 0 ? "inline" : `${s.workers} worker${s.workers === 1 ? "" : "s"}`})` +
      (s.skipped > 0 ? `, ${s.skipped} skipped (resumed)` : ""),
    `  ${s.valid} valid, ${s.invalid} invalid, ${s.errors} not records, ${s.ruleErrors} rule errors` +
      (s.retries > 0 || s.workerRestarts > 0 ? `, ${s.workerRestarts} workers restarted, ${s.retries} chunks retried` : ""),
  ];
  if ("batchId" in s) {
    const d = s as DistributedSummary;
    const per = Object.entries(d.recordsPerWorker).map(([w, n]) => `${w} ${n}`).join(", ");
    lines.push(`  queue: batch ${d.batchId}, ${d.chunks} chunks (${d.resumedChunks} resumed, ${d.failedChunks} failed, ${d.retries} retried)` + (per !== "" ? `; records per worker: ${per}` : ""));
  }
  const matched = Object.entries(s.matches).filter(([, n]) => n > 0);
  if (matched.length > 0) lines.push(`  matches: ${matched.map(([id, n]) => `${id} ${n}`).join(", ")}`);
  return lines.join("\n") + "\n";
}

export async function batchCommand(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    io.stderr(`moonrule batch: ${parsed}\nusage:\n${BATCH_USAGE}`);
    return 2;
  }
  const a = parsed;
  const err = (msg: string): void => io.stderr(toByteString(`moonrule batch: ${msg}\n`));

  let ruleSet: RuleSet;
  try {
    ruleSet = await RuleSet.fromFile(a.rules);
  } catch (e) {
    if (e instanceof RuleSetError) {
      err(`${a.rules}: ${e.message}`);
      return 2;
    }
    throw e;
  }
  let size: number;
  try {
    const st = statSync(a.input);
    if (!st.isFile()) throw new Error("not a file");
    size = st.size;
  } catch (e) {
    err(`cannot read ${a.input}: ${(e as Error).message}`);
    return 2;
  }

  let skip = 0;
  let out: WriteStream | undefined;
  try {
    if (a.resume && existsSync(a.out!)) skip = await completeLines(a.out!);
    if (a.out !== undefined) out = createWriteStream("", { fd: openSync(a.out, a.resume ? "a" : "w") });
  } catch (e) {
    err(`cannot write ${a.out}: ${(e as Error).message}`);
    return 2;
  }
  let outError: Error | undefined;
  out?.on("error", (e) => (outError = e));

  const controller = new AbortController();
  let lastQueueError = "";
  const onSigint = (): void => controller.abort();
  process.once("SIGINT", onSigint);
  const batch = a.queue !== undefined
    ? runDistributedBatch(ruleSet, a.input, {
      connection: a.queue, batchId: a.batchId, chunkSize: a.chunkSize, format: a.format, explain: a.explain, skip, signal: controller.signal,
      // a lost connection is retried (the batch goes on once Redis is back); said once per distinct message
      onError: (e) => {
        if (e.message !== lastQueueError) err(`queue: ${e.message} (reconnecting)`);
        lastQueueError = e.message;
      },
    })
    : runBatch(ruleSet, a.input, { format: a.format, workers: a.workers, explain: a.explain, skip, signal: controller.signal });

  const tty = process.stderr.isTTY === true;
  let lastProgress = 0;
  let lastWidth = 0;
  const progress = (): void => {
    const line = progressText(batch.summary, performance.now() - t0, batch.bytesRead / Math.max(1, size), process.stderr.columns);
    io.stderr(`\r${line}${" ".repeat(Math.max(0, lastWidth - line.length))}`);
    lastWidth = line.length;
  };
  const t0 = performance.now();

  let buf: string[] = [];
  let bufLen = 0;
  const flush = async (): Promise<void> => {
    if (buf.length === 0) return;
    const text = buf.join("");
    buf = [];
    bufLen = 0;
    if (out === undefined) io.stdout(toByteString(text));
    else if (!out.write(text)) await new Promise<void>((resolve) => out!.once("drain", resolve));
    if (outError !== undefined) throw outError;
  };

  let code = 0;
  try {
    // pre-serialised lines: on a worker pool the workers write the JSON (Batch.ndjson)
    for await (const text of batch.ndjson()) {
      buf.push(text);
      bufLen += text.length;
      if (bufLen >= 1 << 16) await flush();
      if (tty) {
        const now = performance.now();
        if (now - lastProgress > 250) {
          lastProgress = now;
          progress();
        }
      }
    }
    await flush();
  } catch (e) {
    await flush().catch(() => {});
    if (tty) io.stderr("\n");
    if ((e as Error).name === "AbortError") {
      const again = "batchId" in batch ? ` --queue … --batch-id ${batch.batchId}` : "";
      err(`interrupted after ${batch.summary.records + batch.summary.skipped} records (--resume${again} continues)`);
      code = 130;
    } else {
      err((e as Error).message);
      code = 2;
    }
  } finally {
    process.removeListener("SIGINT", onSigint);
    if (out !== undefined) await new Promise<void>((resolve) => out!.end(resolve));
  }
  if (outError !== undefined) {
    err(`cannot write ${a.out}: ${outError.message}`);
    return 2;
  }
  if (code !== 0) {
    io.stderr(toByteString(summaryText(batch.summary)));
    return code;
  }
  if (tty) io.stderr("\r" + " ".repeat(Math.max(70, lastWidth)) + "\r");
  io.stderr(toByteString(summaryText(batch.summary)));
  const s = batch.summary;
  const failed = s.invalid + s.errors + s.ruleErrors > 0;
  return failed && !a.allowFailures ? 1 : 0;
}
