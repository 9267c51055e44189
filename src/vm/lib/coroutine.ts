// Coroutines as plain data: each is a LuaThread with its own stack and frames. resume runs it
// in a nested dispatch loop; yield unwinds the JS stack back to resume with the YIELD signal
// while the thread's frames stay intact, so the next resume continues where it stopped.

import { LuaError, LuaRunError } from "../errors.js";
import { LuaClosure, NONE, type LuaBuiltin } from "../function.js";
import { execute, finishOp } from "../interpreter.js";
import { finishProtected, recover } from "../protected.js";
import { Continuation, type LuaState, LuaThread, MAX_CCALLS, MULTRET, YIELD } from "../state.js";
import { chargeAlloc, SIZE } from "../memory.js";
import { LuaTable } from "../table.js";
import type { LuaValue } from "../value.js";
import { argError, checkFunction } from "./args.js";
import { builtin } from "./base.js";

/** Continue a resumed thread until its body returns (or it yields / fails: thrown). */
function unroll(L: LuaState, co: LuaThread): void {
  while (co.ciIdx >= 0 && !co.yieldedQuick) {
    const ci = co.ci;
    try {
      if (ci.cl) {
        if (ci.finishOp) finishOp(L);
        execute(L);
      }
      else finishProtected(L); // only pcall/xpcall frames can be below a yield
    } catch (e) {
      if (e === YIELD) throw e;
      raiseIn(L, co, e);
    }
  }
}

/** An error in a running thread: recover into its innermost pcall/xpcall, or rethrow. */
function raiseIn(L: LuaState, co: LuaThread, e: unknown): void {
  let idx = co.ciIdx;
  while (idx >= 0 && co.cis[idx]!.k === Continuation.None) idx--;
  if (idx < 0) throw e;
  const value = recover(L, idx, e);
  L.posCallBuiltin([false, value]);
}

/** Whether the last resume succeeded (its values are what resume returned). */
export let resumeOk = false;

function failed(msg: LuaValue): LuaValue[] {
  resumeOk = false;
  return [msg];
}

/**
 * Resume `co` with args (from index `from` on): the values it yields or returns, with
 * resumeOk set, or [err] with resumeOk clear if it fails (no pair to allocate per switch).
 * With `failWith`, the call the thread is suspended in raises that error instead of returning
 * (a host Promise that rejected). With `rethrow`, a failure is thrown as a LuaError carrying
 * the thread's traceback instead of being returned.
 */
export function resume(L: LuaState, co: LuaThread, args: readonly LuaValue[], failWith?: LuaError, rethrow = false, from = 0, count = args.length - from): LuaValue[] {
  if (co.status === "dead") return failed("cannot resume dead coroutine");
  if (co.status !== "suspended") {
    // lua 5.3 quirk (auxresume): a live coroutine whose current C frame holds no values reads
    // as dead. A normal coroutine's resume frame still holds the thread argument; a wrap
    // function's frame has handed all its arguments over to the coroutine it resumed.
    const top = co.ciIdx >= 0 ? co.ci : undefined;
    let values = 1;
    if (top !== undefined && top.cl === null) {
      if (co === L.th) values = top.top - top.func - 1;
      else values = top.fn?.name === "resume" ? 1 : 0;
    }
    const empty = values === 0;
    return failed(empty ? "cannot resume dead coroutine" : "cannot resume non-suspended coroutine");
  }
  const prev = L.th;
  if (prev.nCcalls + 1 >= MAX_CCALLS) return failed("C stack overflow");
  co.nCcalls = prev.nCcalls + 1;
  co.resumeCcalls = co.nCcalls;
  co.nny = 0;
  prev.status = "normal";
  co.status = "running";
  L.th = co;
  try {
    if (co.ciIdx < 0) {
      // first resume: the body sits at stack[0]
      const n = count;
      L.ensureStack(n + 2);
      for (let j = 0; j < n; j++) co.stack[1 + j] = args[from + j];
      co.top = 1 + n;
      const f = co.stack[0];
      if (f instanceof LuaClosure) L.precallLua(f, 0, n, MULTRET).fresh = true;
      else L.callBuiltin(f as LuaBuiltin, 0, n, MULTRET);
    } else {
      // back from a yield: the yield's results are the resume arguments
      if (failWith !== undefined) raiseIn(L, co, failWith);
      else L.posCallBuiltin(args, from, count);
    }
    unroll(L, co);
    resumeOk = true;
    if (co.yieldedQuick) {
      co.yieldedQuick = false;
      co.status = "suspended";
      return co.transfer;
    }
    co.status = "dead";
    // the body's results (small counts as literals: allocated inline, where slice is a builtin call)
    const r = co.stack;
    const n = co.top;
    return n === 1 ? [r[0]] : n === 0 ? [] : n === 2 ? [r[0], r[1]] : r.slice(0, n);
  } catch (e) {
    if (e === YIELD) {
      co.status = "suspended";
      resumeOk = true;
      return co.transfer;
    }
    co.status = "dead";
    const err = L.toLuaError(e);
    if (rethrow) {
      if (err.traceback === undefined) err.traceback = L.traceback();
      throw err;
    }
    if (err.kind === "limit") throw err;
    return failed(err.value);
  } finally {
    L.th = prev;
    prev.status = "running";
  }
}

export function newThread(f: LuaValue): LuaThread {
  chargeAlloc(SIZE.thread);
  const co = new LuaThread();
  co.stack.push(f);
  co.top = 1;
  return co;
}

function checkThread(args: readonly LuaValue[], i: number): LuaThread {
  const v = args[i];
  if (v instanceof LuaThread) return v;
  throw argError(i, "thread expected");
}

const create = builtin("create", (_L, args) => newThread(checkFunction(args, 0)));

const resumeFn = builtin("resume", (L, args) => {
  const co = checkThread(args, 0);
  const values = resume(L, co, args, undefined, false, 1);
  // [ok, ...values] without the spread's iterator protocol
  const n = values.length;
  const out = new Array<LuaValue>(n + 1);
  out[0] = resumeOk;
  for (let j = 0; j < n; j++) out[j + 1] = values[j];
  return out;
});

// The same on the stack (LuaBuiltin.direct): the arguments go to the coroutine and its values
// come back without the argument and [ok, ...values] arrays, two of the three a switch made.
resumeFn.direct = (L, func, nargs, nresults) => {
  const th = L.th;
  const co = nargs > 0 ? th.stack[func + 1] : undefined;
  if (!(co instanceof LuaThread)) throw argError(0, "thread expected");
  const values = resume(L, co, th.stack, undefined, false, func + 2, nargs - 1);
  // as callBuiltin finishes: the frame popped first, then ok and the values from func on
  th.ciIdx--;
  const n = values.length + 1;
  L.ensureStack(func + n + 1);
  const stack = th.stack;
  stack[func] = resumeOk;
  for (let j = 1; j < n; j++) stack[func + j] = values[j - 1];
  if (nresults < 0) th.top = func + n;
  else {
    for (let j = n; j < nresults; j++) stack[func + j] = undefined;
    th.top = func + nresults;
  }
  return n;
};

const yieldFn = builtin("yield", (L, args) => {
  const th = L.th;
  if (th.nny > 0 || th.isRoot) {
    throw new LuaRunError(th === L.mainThread || th.isRoot
      ? "attempt to yield from outside a coroutine"
      : "attempt to yield across a C-call boundary");
  }
  th.transfer = args;
  if (th.nCcalls === th.resumeCcalls) {
    // called straight from the thread's base loop: return there, no exception needed
    th.yieldedQuick = true;
    return NONE;
  }
  throw YIELD;
});

const status = builtin("status", (L, args) => {
  const co = checkThread(args, 0);
  return co === L.th ? "running" : co.status;
});

const running = builtin("running", (L) => [L.th, L.th === L.mainThread || L.th.isRoot]);

const isyieldable = builtin("isyieldable", (L) => L.th.nny === 0 && !L.th.isRoot);

const wrap = builtin("wrap", (_L, args) => {
  const co = newThread(checkFunction(args, 0));
  const fn = builtin("wrap", (L, a) => {
    const values = resume(L, co, a);
    if (resumeOk) return values;
    let v = values[0];
    if (typeof v === "string") v = L.where(1) + v;
    throw new LuaError(typeof v === "string" ? v : "(error object is not a string)", { kind: "runtime", value: v });
  });
  fn.refs = [co]; // keeps the coroutine visible to memory accounting
  return fn;
});

export function createCoroutineLibrary(): LuaTable {
  const t = new LuaTable();
  t.setStr("create", create);
  t.setStr("isyieldable", isyieldable);
  t.setStr("resume", resumeFn);
  t.setStr("running", running);
  t.setStr("status", status);
  t.setStr("wrap", wrap);
  t.setStr("yield", yieldFn);
  return t;
}
