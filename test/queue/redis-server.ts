// Starts Debian's redis-server for a test: a free loopback port, a temporary directory, AOF
// persistence (the setting the queue's guarantees assume), no RDB snapshots. Without
// redis-server the queue tests fail in CI (CI is set) and are skipped with a message elsewhere.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const haveRedis = spawnSync("redis-server", ["--version"]).status === 0;

if (!haveRedis) {
  if (process.env.CI) throw new Error("redis-server is not installed: the queue tests need it (.ci/run installs it)");
  console.warn("skipping the queue tests: redis-server is not installed (apt-get install redis-server)");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export class TestRedis {
  private proc?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), "moonrule-redis-"));
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const proc = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir, "--appendonly", "yes", "--save", "", "--maxmemory-policy", "noeviction"], { stdio: ["ignore", "pipe", "pipe"] });
    this.proc = proc;
    await new Promise<void>((resolve, reject) => {
      let out = "";
      proc.stdout!.on("data", (b: Buffer) => {
        out += b.toString();
        if (out.includes("Ready to accept connections")) resolve();
      });
      proc.once("exit", (code) => reject(new Error(`redis-server exited (${String(code)}): ${out}`)));
    });
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (p === undefined || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once("exit", () => resolve());
      p.kill("SIGTERM");
    });
    this.proc = undefined;
  }

  /** Stops and starts it again on the same port and directory: the AOF brings the data back. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
