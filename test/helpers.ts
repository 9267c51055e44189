// Small helpers shared by the test suites.
import { LuaError } from "../src/index.js";

/** Run fn and return the LuaError it throws (fails the test if it throws nothing or something else). */
export function caught(fn: () => unknown): LuaError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LuaError) return e;
    throw new Error(`expected a LuaError, got ${String(e)}`);
  }
  throw new Error("expected a LuaError");
}

/** Await p and return the LuaError it rejects with. */
export async function caughtAsync(p: Promise<unknown>): Promise<LuaError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LuaError) return e;
    throw new Error(`expected a LuaError, got ${String(e)}`);
  }
  throw new Error("expected a LuaError");
}
