// The playground's build: a static page (relative asset paths, so it can be served from any
// folder) that imports moonrule straight from ../src.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root: here,
  base: "./",
  logLevel: "warn",
  resolve: {
    // RuleSet.fromFile imports node:fs/promises lazily; the page never calls it, so a stub
    // keeps Vite from pulling a Node builtin into the browser bundle.
    alias: [{ find: /^node:fs\/promises$/, replacement: fileURLToPath(new URL("./src/node-stub.ts", import.meta.url)) }],
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // one bundle of the VM, the formula library and CodeMirror: big, but it is a dev tool
    chunkSizeWarningLimit: 4000,
  },
  server: { fs: { allow: [repo] } },
});
