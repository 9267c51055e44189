// The compiled tier's mode (jit.ts), apart so that LuaState can read its default at load.

/** How a VM uses the compiled tier: compile hot prototypes, never, or every prototype it runs. */
export type JitMode = "auto" | "off" | "eager";

/** The mode as LuaState keeps it (a number: the interpreter tests it on every call). */
export function jitModeCode(mode: JitMode): 0 | 1 | 2 {
  if (mode === "off") return 0;
  if (mode === "auto") return 1;
  if (mode === "eager") return 2;
  throw new TypeError(`moonrule: unknown jit mode '${String(mode)}' (auto, off or eager)`);
}

/** The default mode: "auto", or MOONRULE_JIT from the environment (the test suites run all three). */
export function defaultJitMode(): 0 | 1 | 2 {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.MOONRULE_JIT;
  return env === undefined || env === "" ? 1 : jitModeCode(env as JitMode);
}

