// The reference interpreter the differential suites compare against (installed by .ci/run).
import { spawnSync } from "node:child_process";

export const LUA = process.env.LUA53 ?? "lua5.3";

/** Whether lua5.3 can be run here (in CI it must: the suites fail instead of skipping). */
export const haveLua = (() => {
  try {
    return spawnSync(LUA, ["-v"], { encoding: "latin1" }).status === 0;
  } catch {
    return false;
  }
})();
