// The pace of compiling in mode "auto" (jit.ts): no call waits long for the compiler.
//
// A function of several regions compiles each region when control first reaches it, and a
// call that runs a long function for the first time compiled would otherwise compile every
// region it passes (the 200-line function of bench/jit-compile.mjs: about 7 ms of ours and
// twice that of V8's on that one call). Compiling is paid from a credit instead: each call
// from the host starts with at least BURST_MS of it, it refills with COMPILE_SHARE of the time
// that passes within a long call, and each compile takes its cost from it; while the credit is
// spent, what would be compiled stays interpreted a little longer (the tiers run the same
// frame alike, so when code moves up is never visible to a script). So a request compiles at
// most about a millisecond's worth beyond one compile, and the next request goes on. Mode
// "eager" is not paced: it is there to run everything compiled.
//
// The share is a trade for long calls: at a tenth, the closures benchmark's first run in a
// process took 570 ms instead of 350 unpaced (its 26 compiles, 10–15 ms in all with our
// generator still cold, waited for the credit while their code ran interpreted).

const now: () => number = typeof performance !== "undefined" ? performance.now.bind(performance) : Date.now;

/** The most compiling one call may meet before the credit is spent (one region, about 0.1 to 1 ms, fits). */
const BURST_MS = 1;
/** The share of time compiling may take over a longer run. */
const COMPILE_SHARE = 0.5;
/**
 * What a compile costs, in multiples of the time we measure (our code generation and V8's
 * parse of it): V8 compiles the new function again, fully, on its first call, at about twice
 * that (bench/jit-compile.mjs).
 */
const COST_FACTOR = 3;

let credit = BURST_MS;
let at = now();
/** Answers left before the clock is read again, once the credit is found spent (a hot loop asks at every back-edge). */
let skip = 0;
const SKIP = 63;

/** Whether a compile may start now (the credit is not spent). */
export function mayCompile(): boolean {
  if (skip > 0) {
    skip--;
    return false;
  }
  const t = now();
  credit = Math.min(BURST_MS, credit + (t - at) * COMPILE_SHARE);
  at = t;
  if (credit > 0) return true;
  skip = SKIP;
  return false;
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

/** A call from the host begins: it may compile BURST_MS at once whatever the calls before spent. */
export function newCall(): void {
  if (credit < BURST_MS) {
    credit = BURST_MS;
    at = now();
    skip = 0;
  }
}
