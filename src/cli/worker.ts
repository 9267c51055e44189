// `moonrule worker --queue redis://…`: evaluates the chunks that `moonrule batch --queue`
// coordinators enqueue (src/queue/worker.ts), until SIGTERM or SIGINT: then the chunk in hand
// is finished and stored, and the command exits 0.

import { parseRedisUrl } from "../queue/connection.js";
import { STALLED_DEFAULTS, startWorker, type QueueWorkerOptions } from "../queue/worker.js";
import type { CliIO } from "./main.js";

const D = STALLED_DEFAULTS;

export const WORKER_USAGE = `  worker --queue redis://HOST:PORT/DB [--workers N|auto] [--concurrency N] [--name NAME]
        [--lock-duration MS] [--stalled-interval MS] [--max-stalled-count N]
        evaluate the chunks of 'batch --queue' coordinators (any number of workers, any machines);
        --workers: on N worker threads (auto: one per core; default 0, this thread), taking up to
        N chunks at once (--concurrency overrides);
        a chunk whose worker died runs again within --lock-duration + --stalled-interval
        (default ${D.lockDuration} + ${D.stalledInterval} ms); a chunk that stalls more than
        --max-stalled-count times (default ${D.maxStalledCount}) fails: its records are reported as errors;
        SIGTERM finishes the chunk in hand and exits 0 (exit status 2 usage or connection problem)
`;

/** The queue's URL and the worker options the command line sets. */
type WorkerArgs = { queue: string } & Pick<QueueWorkerOptions, "workers" | "concurrency" | "name" | "lockDuration" | "stalledInterval" | "maxStalledCount">;

function parseArgs(args: string[]): WorkerArgs | string {
  const a: Partial<WorkerArgs> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : args[++i]);
    const positive = (flag: string): number | string => {
      const v = value();
      const n = Number(v);
      return v !== undefined && Number.isInteger(n) && n > 0 ? n : `${flag} needs a positive integer`;
    };
    if (name === "--queue") {
      a.queue = value();
      if (a.queue === undefined) return "--queue needs a redis:// URL";
    } else if (name === "--workers") {
      const v = value();
      const n = Number(v);
      if (v === "auto") a.workers = "auto";
      else if (v !== undefined && Number.isInteger(n) && n >= 0) a.workers = n;
      else return "--workers needs a non-negative integer or 'auto'";
    } else if (name === "--name") {
      a.name = value();
      if (a.name === undefined) return "--name needs a name";
    } else if (name === "--concurrency" || name === "--lock-duration" || name === "--stalled-interval") {
      const n = positive(name);
      if (typeof n === "string") return n;
      if (name === "--concurrency") a.concurrency = n;
      else if (name === "--lock-duration") a.lockDuration = n;
      else a.stalledInterval = n;
    } else if (name === "--max-stalled-count") {
      const v = value();
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 0) return "--max-stalled-count needs a non-negative integer";
      a.maxStalledCount = n;
    } else return `unknown argument '${arg}'`;
  }
  if (a.queue === undefined) return "worker needs --queue redis://HOST:PORT/DB";
  try {
    parseRedisUrl(a.queue);
  } catch (e) {
    return (e as Error).message;
  }
  return a as WorkerArgs;
}

/** The URL without its password, for messages. */
function shown(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

export async function workerCommand(args: string[], io: CliIO): Promise<number> {
  const a = parseArgs(args);
  if (typeof a === "string") {
    io.stderr(`moonrule worker: ${a}\nusage:\n${WORKER_USAGE}`);
    return 2;
  }
  let lastError = "";
  const handle = startWorker({
    connection: a.queue, workers: a.workers, concurrency: a.concurrency, name: a.name, lockDuration: a.lockDuration, stalledInterval: a.stalledInterval,
    maxStalledCount: a.maxStalledCount,
    onError: (e) => {
      // a lost connection is reported once per distinct message, not once per retry
      if (e.message !== lastError) io.stderr(`moonrule worker: ${e.message}\n`);
      lastError = e.message;
    },
  });
  try {
    await handle.ready();
  } catch (e) {
    io.stderr(`moonrule worker: cannot connect to ${shown(a.queue)}: ${(e as Error).message}\n`);
    await handle.stop().catch(() => {});
    return 2;
  }
  const t = handle.stats.threads;
  const st = handle.stalled;
  io.stderr(
    `moonrule worker ${handle.name}: ready on ${shown(a.queue)} (${t === 0 ? "evaluating on its main thread" : `${t} worker thread${t === 1 ? "" : "s"}`}; ` +
      `lock ${st.lockDuration} ms, stalled check every ${st.stalledInterval} ms, ${st.maxStalledCount} stalls allowed)\n`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
  await handle.stop();
  const s = handle.stats;
  io.stderr(`moonrule worker ${handle.name}: stopped after ${s.chunks} chunks, ${s.records} records, ${s.failed} failed\n`);
  return 0;
}
