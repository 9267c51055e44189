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

export function env(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
}

/**
 * The default mode: "auto" (hot functions compiled; bench/run.mjs measures it against the
 * interpreter, bench/embed.mjs and bench/formula.mjs check that short runs lose nothing), or
 * MOONRULE_JIT from the environment (the test suites run in all three).
 */
export function defaultJitMode(): 0 | 1 | 2 {
  const mode = env("MOONRULE_JIT");
  return mode === undefined || mode === "" ? 1 : jitModeCode(mode as JitMode);
}

/** Calls plus loop back-edges after which a prototype is compiled in mode "auto" (MOONRULE_JIT_HOT: tests use 2). */
export const HOT_THRESHOLD = Number(env("MOONRULE_JIT_HOT") ?? 500) || 500;


/**
 * Code length from which a prototype with several outermost loops is compiled as one function
 * per loop region (jit.ts regions; MOONRULE_JIT_REGIONS: tests use 0, so that small programs
 * are split too).
 */
export const REGION_MIN_CODE = Number(env("MOONRULE_JIT_REGIONS") ?? 64);

/**
 * The most instructions one region's function holds (MOONRULE_JIT_REGION_MAX): V8 does not
 * optimise a function of more than 60 KB of bytecode, and ran such a region (a long function
 * without loops) in its own interpreter, several times slower than ours; a region this size
 * is also optimised in a few milliseconds instead of tens.
 */
export const REGION_MAX_CODE = Number(env("MOONRULE_JIT_REGION_MAX") ?? 80) || 80;

let codegenAllowed: boolean | undefined;

/**
 * Whether this runtime lets us create functions from source (a CSP may forbid it). Checked
 * once; the compiled tier (jit.ts) and the pattern compiler (lib/lpattern-compile.ts) ask.
 */
export function canCompile(): boolean {
  if (codegenAllowed === undefined) {
    try {
      codegenAllowed = new Function("return 1")() === 1;
    } catch {
      codegenAllowed = false;
    }
  }
  return codegenAllowed;
}
