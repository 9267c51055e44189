// Node entry for the moonrule command: real stdio and file system.

import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { main } from "./main.js";

export async function runNodeCli(argv: string[]): Promise<number> {
  const out: Buffer[] = [];
  let pending = 0;
  const flush = (): void => {
    if (out.length > 0) {
      process.stdout.write(Buffer.concat(out));
      out.length = 0;
      pending = 0;
    }
  };
  const code = await main(argv, {
    stdout(s) {
      out.push(Buffer.from(s, "latin1"));
      pending += s.length;
      if (pending > 1 << 16) flush();
    },
    stderr(s) {
      flush();
      process.stderr.write(Buffer.from(s, "latin1"));
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("latin1");
    },
    readFile: (path) => readFileSync(path).toString("latin1"),
    writeFile: (path, data) => writeFileSync(path, data),
    listDir: (path) => readdirSync(path, { withFileTypes: true }).map((d) => ({ name: d.name, isDir: d.isDirectory() })),
    isDir: (path) => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
    env: process.env,
  });
  flush();
  return code;
}
