// Protected calls (pcall, xpcall) that survive a coroutine yield: the frame of the builtin
// records where its call started (a continuation, as lua_pcallk does), so a resumed
// coroutine can finish it or recover into it after its JS frame is gone.

import { Continuation, type LuaState, YIELD } from "./state.js";
import type { LuaValue } from "./value.js";

/** Run f(args) protected from the builtin frame on top; [true, ...results] or [false, err]. */
export function protectedCall(
  L: LuaState,
  f: LuaValue,
  args: readonly LuaValue[],
  kind: Continuation,
  handler: LuaValue,
): LuaValue[] {
  const th = L.th;
  const ci = th.ci;
  const ciIdx = th.ciIdx;
  ci.k = kind;
  ci.kTop = th.top;
  ci.kCcalls = th.nCcalls;
  ci.kNny = th.nny;
  ci.kHandler = handler;
  try {
    const r = L.call(f, args, true);
    r.unshift(true);
    return r;
  } catch (e) {
    if (e === YIELD) throw e;
    return [false, recover(L, ciIdx, e)];
  }
}

/**
 * An error reached the protected frame at ciIdx: convert it (limits are never caught), run
 * xpcall's handler on top of the failed frames, then cut the stack back to the frame.
 */
export function recover(L: LuaState, ciIdx: number, e: unknown): LuaValue {
  const th = L.th;
  const ci = th.cis[ciIdx]!;
  let err = L.toLuaError(e);
  if (err.kind === "limit") throw err;
  let value = err.value;
  if (ci.k === Continuation.Xpcall) {
    // lua calls the handler again for an error inside the handler, until the C stack is full
    for (let attempt = 0; ; attempt++) {
      if (attempt >= 220) {
        value = "error in error handling";
        break;
      }
      try {
        th.top = Math.max(th.top, th.ci.top);
        value = L.call(ci.kHandler, [value])[0];
        break;
      } catch (e2) {
        if (e2 === YIELD) throw e2;
        err = L.toLuaError(e2);
        if (err.kind === "limit") throw err;
        value = err.value;
      }
    }
  }
  L.unwindTo(ciIdx, ci.kTop, ci.kCcalls, ci.kNny);
  return value;
}

/** The protected call of the top frame returned after a yield: finish the pcall/xpcall. */
export function finishProtected(L: LuaState): void {
  const th = L.th;
  const ci = th.ci;
  const res = th.stack.slice(ci.kTop, th.top);
  res.unshift(true);
  L.posCallBuiltin(res);
}
