#!/usr/bin/env node
import { runNodeCli } from "../dist/cli/node.js";

runNodeCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 2;
  },
);
