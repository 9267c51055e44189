// The pace of compiling in mode "auto" (jit.ts): no call waits long for the compiler.
//
// A function of several regions compiles each region when control first reaches it, and a
// call that runs a long function for the first time compiled would otherwise compile every
// region it passes (the 200-line function of bench/jit-compile.mjs: about 7 ms of ours and
// twice that of V8's on that one call). Compiling is paid from a credit instead: it refills
// with COMPILE_SHARE of the time that passes, up to BURST_MS, and each compile takes its cost
// from it; while the credit is spent, what would be compiled stays interpreted a little longer
// (the tiers run the same frame alike, so when code moves up is never visible to a script).
// Mode "eager" is not paced: it is there to run everything compiled.

const now: () => number = typeof performance !== "undefined" ? performance.now.bind(performance) : Date.now;

/** The most compiling one call may meet before the credit is spent (one region, about 0.1 to 1 ms, fits). */
const BURST_MS = 1;
/** The share of time compiling may take over a longer run. */
const COMPILE_SHARE = 0.1;
/**
 * What a compile costs, in multiples of the time we measure (our code generation and V8's
 * parse of it): V8 compiles the new function again, fully, on its first call, at about twice
 * that (bench/jit-compile.mjs).
 */
const COST_FACTOR = 3;

let credit = BURST_MS;
let at = now();

/** Whether a compile may start now (the credit is not spent). */
export function mayCompile(): boolean {
  const t = now();
  credit = Math.min(BURST_MS, credit + (t - at) * COMPILE_SHARE);
  at = t;
  return credit > 0;
}

/** Time `run` (a compile) and take its cost from the credit. */
export function paced<T>(run: () => T): T {
  const t0 = now();
  try {
    return run();
  } finally {
    credit -= (now() - t0) * COST_FACTOR;
  }
}

/** A full credit (for tests that check when code gets compiled). */
export function resetPace(): void {
  credit = BURST_MS;
  at = now();
}
