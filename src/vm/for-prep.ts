// OP_FORPREP, shared by the interpreter and the compiled tier.

import { LuaRunError } from "./errors.js";
import { forLimit, tonumber } from "./numconv.js";
import { LuaFloat, type LuaValue } from "./value.js";

/** OP_FORPREP: decide integer or float loop (lua 5.3 rules) and pre-subtract the step. */
export function forPrep(stack: LuaValue[], ra: number): void {
  const init = stack[ra];
  const plimit = stack[ra + 1];
  const pstep = stack[ra + 2];
  const initIsInt = typeof init === "bigint" || (typeof init === "number" && Number.isInteger(init));
  const stepIsInt = typeof pstep === "bigint" || (typeof pstep === "number" && Number.isInteger(pstep));
  if (initIsInt && stepIsInt) {
    const lim = forLimit(plimit, pstep as number | bigint);
    if (lim !== undefined) {
      const initv = lim.stopNow ? 0 : (init as number | bigint);
      const limit = lim.limit;
      const step = pstep as number | bigint;
      if (typeof initv === "number" && typeof step === "number" && typeof limit === "number") {
        const start = initv - step;
        if (Number.isSafeInteger(start)) {
          stack[ra] = start;
          stack[ra + 1] = limit;
          stack[ra + 2] = step;
          return;
        }
      }
      // slow loop in 64-bit integers
      const bs = BigInt(step);
      stack[ra] = BigInt.asIntN(64, BigInt(initv) - bs);
      stack[ra + 1] = BigInt(limit);
      stack[ra + 2] = bs;
      return;
    }
  }
  const nlimit = tonumber(plimit);
  if (nlimit === undefined) throw new LuaRunError("'for' limit must be a number");
  const nstep = tonumber(pstep);
  if (nstep === undefined) throw new LuaRunError("'for' step must be a number");
  const ninit = tonumber(init);
  if (ninit === undefined) throw new LuaRunError("'for' initial value must be a number");
  const s = toFloat(nstep);
  stack[ra] = toFloat(ninit) - s;
  stack[ra + 1] = toFloat(nlimit);
  stack[ra + 2] = new LuaFloat(s); // the box marks a float loop
}

function toFloat(v: number | bigint | LuaFloat): number {
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : v.n;
}

