// The dispatch loop. One invocation runs Lua frames until the frame it was entered with
// returns; Lua-to-Lua calls and returns switch frames inside the loop, so recursion in Lua
// never grows the JS stack. Fast paths handle plain numbers, strings and tables inline;
// everything else goes to the slow paths on LuaState (with ci.pc saved first, so errors and
// tracebacks see the right instruction).

import { ArithOp } from "./arith.js";
import { LuaRunError } from "./errors.js";
import { LuaBuiltin, LuaClosure } from "./function.js";
import { forPrep } from "./for-prep.js";
import { compileProto, Exit, HOT_THRESHOLD } from "./jit.js";
import type { Proto } from "./proto.js";
import { Op } from "./opcodes.js";
import type { LuaState } from "./state.js";
import { NOSLOT, YIELD } from "./state.js";
import { MEM, SIZE } from "./memory.js";
import { LuaTable } from "./table.js";
import { LuaFloat, mkFloat, mkIntBig, type LuaValue } from "./value.js";

const MAXARG_SBX = 131071;
const LFIELDS_PER_FLUSH = 50;

function isFalse(v: LuaValue): boolean {
  return v === undefined || v === false;
}

/**
 * Run Lua frames until the frame execute was entered with returns (or a coroutine yields).
 * Each frame runs in its prototype's compiled code when it has some (jit.ts), else in the
 * interpreter; either hands back here when the current frame changes tiers.
 */
export function execute(L: LuaState): void {
  for (;;) {
    if (L.jitMode !== 0) {
      const ci = L.th.ci;
      const p = ci.cl!.p;
      let fn = p.jit;
      if (fn === undefined && (L.jitMode === 2 || (p.hot = (p.hot ?? 0) + 1) >= hotAt(p))) fn = compileProto(p, L.jitMode === 1);
      if (fn) {
        const r = fn(L, ci);
        if (r === Exit.Done) return;
        if (r === Exit.Switch) continue;
      }
    }
    if (interpret(L) === Exit.Done) return;
  }
}

/**
 * The count at which a prototype is compiled: HOT_THRESHOLD calls and back-edges per HOT_SIZE
 * instructions, as V8 scales its own tiering by a function's size. Compiling costs in
 * proportion to the code (generation, V8's parse, and tens of milliseconds of TurboFan per
 * region), and a long function that is hot by calls gains less from it than a loop: the
 * 200-line function of bench/jit-compile.mjs pays back only after several thousand calls.
 */
function hotAt(p: Proto): number {
  return HOT_THRESHOLD * Math.ceil(p.code.length / HOT_SIZE);
}

/** Instructions per step of hotAt. */
const HOT_SIZE = 128;

/**
 * Whether the interpreter should hand the current frame (at a block boundary: a call, a
 * return, a loop back-edge) to compiled code, compiling the prototype when it has got hot.
 */
function tierUp(L: LuaState, p: Proto): boolean {
  let fn = p.jit;
  if (fn === undefined) {
    if (L.jitMode !== 2 && (p.hot = (p.hot ?? 0) + 1) < hotAt(p)) return false;
    fn = compileProto(p, L.jitMode === 1);
  }
  return fn != null && L.steps > 64; // with the window nearly spent, stay here until it reopens
}

/** The dispatch loop; returns Done when its entry frame returns or a coroutine yields, Switch to hand over. */
function interpret(L: LuaState): Exit {
  const th = L.th;
  const stack = th.stack;
  let ci = th.ci;
  let cl = ci.cl!;
  let p = cl.p;
  let code = p.code;
  let k = p.k;
  let upvals = cl.upvals;
  let base = ci.base;
  let pc = ci.pc;

  try {
    for (;;) {
      const i = code[pc++]!;
      if (--L.steps < 0) {
        ci.pc = pc;
        L.onSteps();
      }
      const a = (i >>> 6) & 0xff;
      switch (i & 0x3f) {
        case Op.MOVE:
          stack[base + a] = stack[base + (i >>> 23)];
          break;
        case Op.LOADK:
          stack[base + a] = k[i >>> 14];
          break;
        case Op.LOADKX:
          stack[base + a] = k[code[pc++]! >>> 6];
          break;
        case Op.LOADBOOL:
          stack[base + a] = (i >>> 23) !== 0;
          if (((i >>> 14) & 0x1ff) !== 0) pc++;
          break;
        case Op.LOADNIL: {
          const b = i >>> 23;
          for (let j = 0; j <= b; j++) stack[base + a + j] = undefined;
          break;
        }
        case Op.GETUPVAL: {
          const uv = upvals[i >>> 23]!;
          stack[base + a] = uv.s[uv.i];
          break;
        }
        case Op.GETTABUP: {
          const uv = upvals[i >>> 23]!;
          const t = uv.s[uv.i];
          const c = (i >>> 14) & 0x1ff;
          const key = c & 256 ? k[c & 255] : stack[base + c];
          if (t instanceof LuaTable) {
            const v = typeof key === "string" ? t.getStr(key) : t.get(key);
            if (v !== undefined || t.metatable === undefined) {
              stack[base + a] = v;
              break;
            }
          }
          ci.pc = pc;
          stack[base + a] = L.index(t, key, -(i >>> 23) - 1);
          break;
        }
        case Op.GETTABLE: {
          const b = i >>> 23;
          const t = stack[base + b];
          const c = (i >>> 14) & 0x1ff;
          const key = c & 256 ? k[c & 255] : stack[base + c];
          if (t instanceof LuaTable) {
            const v = t.get(key);
            if (v !== undefined || t.metatable === undefined) {
              stack[base + a] = v;
              break;
            }
          }
          ci.pc = pc;
          stack[base + a] = L.index(t, key, b);
          break;
        }
        case Op.SETTABUP: {
          const uv = upvals[a]!;
          const t = uv.s[uv.i];
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const key = b & 256 ? k[b & 255] : stack[base + b];
          const v = c & 256 ? k[c & 255] : stack[base + c];
          ci.pc = pc;
          if (t instanceof LuaTable && t.metatable === undefined) {
            if (typeof key === "string") t.setStr(key, v);
            else t.set(key, v);
          } else L.setIndex(t, key, v, -a - 1);
          break;
        }
        case Op.SETUPVAL: {
          const uv = upvals[i >>> 23]!;
          if (uv.frozen) {
            ci.pc = pc;
            throw new LuaRunError("attempt to modify a frozen upvalue");
          }
          uv.s[uv.i] = stack[base + a];
          break;
        }
        case Op.SETTABLE: {
          const t = stack[base + a];
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const key = b & 256 ? k[b & 255] : stack[base + b];
          const v = c & 256 ? k[c & 255] : stack[base + c];
          ci.pc = pc;
          if (t instanceof LuaTable && t.metatable === undefined) t.set(key, v);
          else L.setIndex(t, key, v, a);
          break;
        }
        case Op.NEWTABLE:
          stack[base + a] = new LuaTable();
          MEM.alloc += SIZE.table;
          if (MEM.alloc > MEM.threshold) {
            ci.pc = pc;
            MEM.owner?.memoryPressure(0);
          }
          break;
        case Op.SELF: {
          const b = i >>> 23;
          const obj = stack[base + b];
          const c = (i >>> 14) & 0x1ff;
          const key = c & 256 ? k[c & 255] : stack[base + c];
          stack[base + a + 1] = obj;
          if (obj instanceof LuaTable) {
            const v = typeof key === "string" ? obj.getStr(key) : obj.get(key);
            if (v !== undefined || obj.metatable === undefined) {
              stack[base + a] = v;
              break;
            }
          }
          ci.pc = pc;
          stack[base + a] = L.index(obj, key, b);
          break;
        }
        case Op.ADD: {
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const rb = b & 256 ? k[b & 255] : stack[base + b];
          const rc = c & 256 ? k[c & 255] : stack[base + c];
          if (typeof rb === "number" && typeof rc === "number") {
            const r = rb + rc;
            if (Number.isInteger(rb) && Number.isInteger(rc)) {
              if (Number.isSafeInteger(r)) {
                stack[base + a] = r;
                break;
              }
            } else if (!Number.isInteger(r)) {
              stack[base + a] = r;
              break;
            }
          }
          ci.pc = pc;
          stack[base + a] = L.arith(ArithOp.ADD, rb, rc, b & 256 ? NOSLOT : b, c & 256 ? NOSLOT : c);
          break;
        }
        case Op.SUB: {
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const rb = b & 256 ? k[b & 255] : stack[base + b];
          const rc = c & 256 ? k[c & 255] : stack[base + c];
          if (typeof rb === "number" && typeof rc === "number") {
            const r = rb - rc;
            if (Number.isInteger(rb) && Number.isInteger(rc)) {
              if (Number.isSafeInteger(r)) {
                stack[base + a] = r;
                break;
              }
            } else if (!Number.isInteger(r)) {
              stack[base + a] = r;
              break;
            }
          }
          ci.pc = pc;
          stack[base + a] = L.arith(ArithOp.SUB, rb, rc, b & 256 ? NOSLOT : b, c & 256 ? NOSLOT : c);
          break;
        }
        case Op.MUL: {
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const rb = b & 256 ? k[b & 255] : stack[base + b];
          const rc = c & 256 ? k[c & 255] : stack[base + c];
          if (typeof rb === "number" && typeof rc === "number") {
            const r = rb * rc;
            if (Number.isInteger(rb) && Number.isInteger(rc)) {
              if (Number.isSafeInteger(r)) {
                stack[base + a] = r + 0; // -0 is not an integer
                break;
              }
            } else if (!Number.isInteger(r)) {
              stack[base + a] = r;
              break;
            }
          }
          ci.pc = pc;
          stack[base + a] = L.arith(ArithOp.MUL, rb, rc, b & 256 ? NOSLOT : b, c & 256 ? NOSLOT : c);
          break;
        }
        case Op.DIV: {
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const rb = b & 256 ? k[b & 255] : stack[base + b];
          const rc = c & 256 ? k[c & 255] : stack[base + c];
          if (typeof rb === "number" && typeof rc === "number") {
            const r = rb / rc;
            if (!Number.isInteger(r)) {
              stack[base + a] = r;
              break;
            }
          }
          ci.pc = pc;
          stack[base + a] = L.arith(ArithOp.DIV, rb, rc, b & 256 ? NOSLOT : b, c & 256 ? NOSLOT : c);
          break;
        }
        case Op.MOD: {
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const rb = b & 256 ? k[b & 255] : stack[base + b];
          const rc = c & 256 ? k[c & 255] : stack[base + c];
          if (typeof rb === "number" && typeof rc === "number" && Number.isInteger(rb) && Number.isInteger(rc) && rc !== 0) {
            const m = rb % rc;
            stack[base + a] = m !== 0 && (m < 0) !== (rc < 0) ? m + rc : m + 0;
            break;
          }
          ci.pc = pc;
          stack[base + a] = L.arith(ArithOp.MOD, rb, rc, b & 256 ? NOSLOT : b, c & 256 ? NOSLOT : c);
          break;
        }
        case Op.IDIV: {
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const rb = b & 256 ? k[b & 255] : stack[base + b];
          const rc = c & 256 ? k[c & 255] : stack[base + c];
          if (typeof rb === "number" && typeof rc === "number" && Number.isInteger(rb) && Number.isInteger(rc) && rc !== 0) {
            stack[base + a] = Math.floor(rb / rc) + 0;
            break;
          }
          ci.pc = pc;
          stack[base + a] = L.arith(ArithOp.IDIV, rb, rc, b & 256 ? NOSLOT : b, c & 256 ? NOSLOT : c);
          break;
        }
        case Op.BAND:
        case Op.BOR:
        case Op.BXOR: {
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const rb = b & 256 ? k[b & 255] : stack[base + b];
          const rc = c & 256 ? k[c & 255] : stack[base + c];
          // integers within int32: JS's 32-bit operators give lua's 64-bit results exactly
          if (typeof rb === "number" && typeof rc === "number" && (rb | 0) === rb && (rc | 0) === rc) {
            const op = i & 0x3f;
            stack[base + a] = op === Op.BAND ? rb & rc : op === Op.BOR ? rb | rc : rb ^ rc;
            break;
          }
          ci.pc = pc;
          stack[base + a] = L.arith((i & 0x3f) - Op.ADD, rb, rc, b & 256 ? NOSLOT : b, c & 256 ? NOSLOT : c);
          break;
        }
        case Op.POW:
        case Op.SHL:
        case Op.SHR: {
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const rb = b & 256 ? k[b & 255] : stack[base + b];
          const rc = c & 256 ? k[c & 255] : stack[base + c];
          ci.pc = pc;
          // opcodes ADD..SHR share lua.h's LUA_OP order
          stack[base + a] = L.arith((i & 0x3f) - Op.ADD, rb, rc, b & 256 ? NOSLOT : b, c & 256 ? NOSLOT : c);
          break;
        }
        case Op.UNM: {
          const b = i >>> 23;
          const rb = stack[base + b];
          if (typeof rb === "number" && rb !== 0 && !Number.isNaN(rb)) {
            stack[base + a] = -rb;
            break;
          }
          ci.pc = pc;
          stack[base + a] = L.arith(ArithOp.UNM, rb, rb, b, b);
          break;
        }
        case Op.BNOT: {
          const b = i >>> 23;
          const rb = stack[base + b];
          ci.pc = pc;
          stack[base + a] = L.arith(ArithOp.BNOT, rb, rb, b, b);
          break;
        }
        case Op.NOT:
          stack[base + a] = isFalse(stack[base + (i >>> 23)]);
          break;
        case Op.LEN: {
          const b = i >>> 23;
          const rb = stack[base + b];
          if (typeof rb === "string") stack[base + a] = rb.length;
          else if (rb instanceof LuaTable && rb.metatable === undefined) stack[base + a] = rb.length();
          else {
            ci.pc = pc;
            stack[base + a] = L.len(rb, b);
          }
          break;
        }
        case Op.CONCAT: {
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const x = stack[base + b];
          const y = stack[base + c];
          if (c === b + 1 && typeof x === "string" && typeof y === "string") {
            const r = x + y;
            MEM.alloc += r.length + SIZE.string;
            if (MEM.alloc > MEM.threshold) {
              ci.pc = pc;
              MEM.owner?.memoryPressure(0);
            }
            stack[base + a] = r;
            break;
          }
          ci.pc = pc;
          L.concat(base + b, base + c);
          stack[base + a] = stack[base + b];
          break;
        }
        case Op.JMP: {
          if (a !== 0) L.closeUpvals(base + a - 1);
          const off = (i >>> 14) - MAXARG_SBX;
          pc += off;
          if (off < 0 && L.jitMode !== 0 && tierUp(L, p)) {
            ci.pc = pc;
            return Exit.Switch;
          }
          break;
        }
        case Op.EQ: {
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const rb = b & 256 ? k[b & 255] : stack[base + b];
          const rc = c & 256 ? k[c & 255] : stack[base + c];
          let eq: boolean;
          if (rb === rc) eq = !(rb instanceof LuaFloat) || rb.n === rb.n; // a boxed NaN is not itself
          else if (typeof rb === typeof rc && typeof rb !== "object") eq = false;
          else {
            ci.pc = pc;
            eq = L.equals(rb, rc);
          }
          if (eq !== (a !== 0)) pc++;
          else {
            const j = code[pc]!;
            const ja = (j >>> 6) & 0xff;
            if (ja !== 0) L.closeUpvals(base + ja - 1);
            pc += (j >>> 14) - MAXARG_SBX + 1;
          }
          break;
        }
        case Op.LT:
        case Op.LE: {
          const b = i >>> 23;
          const c = (i >>> 14) & 0x1ff;
          const rb = b & 256 ? k[b & 255] : stack[base + b];
          const rc = c & 256 ? k[c & 255] : stack[base + c];
          let res: boolean;
          const isLT = (i & 0x3f) === Op.LT;
          if ((typeof rb === "number" && typeof rc === "number") || (typeof rb === "string" && typeof rc === "string")) {
            res = isLT ? rb < rc : rb <= rc;
          } else {
            ci.pc = pc;
            res = isLT ? L.lessThan(rb, rc) : L.lessEqual(rb, rc);
          }
          if (res !== (a !== 0)) pc++;
          else {
            const j = code[pc]!;
            const ja = (j >>> 6) & 0xff;
            if (ja !== 0) L.closeUpvals(base + ja - 1);
            pc += (j >>> 14) - MAXARG_SBX + 1;
          }
          break;
        }
        case Op.TEST: {
          const c = (i >>> 14) & 0x1ff;
          if (c !== 0 ? isFalse(stack[base + a]) : !isFalse(stack[base + a])) pc++;
          else {
            const j = code[pc]!;
            const ja = (j >>> 6) & 0xff;
            if (ja !== 0) L.closeUpvals(base + ja - 1);
            pc += (j >>> 14) - MAXARG_SBX + 1;
          }
          break;
        }
        case Op.TESTSET: {
          const c = (i >>> 14) & 0x1ff;
          const rb = stack[base + (i >>> 23)];
          if (c !== 0 ? isFalse(rb) : !isFalse(rb)) pc++;
          else {
            stack[base + a] = rb;
            const j = code[pc]!;
            const ja = (j >>> 6) & 0xff;
            if (ja !== 0) L.closeUpvals(base + ja - 1);
            pc += (j >>> 14) - MAXARG_SBX + 1;
          }
          break;
        }
        case Op.CALL: {
          const b = i >>> 23;
          const nresults = ((i >>> 14) & 0x1ff) - 1;
          const func = base + a;
          if (b !== 0) th.top = func + b;
          ci.pc = pc;
          let fn = stack[func];
          if (!(fn instanceof LuaClosure) && !(fn instanceof LuaBuiltin)) fn = L.tryFuncTM(func);
          if (fn instanceof LuaClosure) {
            ci = L.precallLua(fn, func, th.top - func - 1, nresults);
            cl = fn;
            p = fn.p;
            code = p.code;
            k = p.k;
            upvals = fn.upvals;
            base = ci.base;
            pc = 0;
            if (L.jitMode !== 0 && tierUp(L, p)) return Exit.Switch;
          } else {
            L.callBuiltin(fn as LuaBuiltin, func, th.top - func - 1, nresults);
            if (th.yieldedQuick) return Exit.Done; // coroutine.yield from this loop: resume picks up here
            if (nresults >= 0) th.top = ci.top;
          }
          break;
        }
        case Op.TAILCALL: {
          const b = i >>> 23;
          const func = base + a;
          if (b !== 0) th.top = func + b;
          ci.pc = pc;
          let fn = stack[func];
          if (!(fn instanceof LuaClosure) && !(fn instanceof LuaBuiltin)) fn = L.tryFuncTM(func);
          if (fn instanceof LuaClosure) {
            if (p.p.length > 0) L.closeUpvals(base);
            const nargs = th.top - func - 1;
            const dst = ci.func;
            for (let j = 0; j <= nargs; j++) stack[dst + j] = stack[func + j];
            L.retargetTail(ci, fn, nargs);
            ci = th.ci;
            cl = fn;
            p = fn.p;
            code = p.code;
            k = p.k;
            upvals = fn.upvals;
            base = ci.base;
            pc = 0;
            if (L.jitMode !== 0 && tierUp(L, p)) return Exit.Switch;
          } else {
            L.callBuiltin(fn as LuaBuiltin, func, th.top - func - 1, -1);
            if (th.yieldedQuick) return Exit.Done;
          }
          break;
        }
        case Op.RETURN: {
          const b = i >>> 23;
          const ra = base + a;
          if (p.p.length > 0) L.closeUpvals(base);
          const n = b !== 0 ? b - 1 : th.top - ra;
          const wanted = ci.nresults;
          const res = ci.func;
          if (wanted < 0) {
            for (let j = 0; j < n; j++) stack[res + j] = stack[ra + j];
            th.top = res + n;
          } else {
            let j = 0;
            for (; j < n && j < wanted; j++) stack[res + j] = stack[ra + j];
            for (; j < wanted; j++) stack[res + j] = undefined;
            th.top = res + wanted;
          }
          const fresh = ci.fresh;
          th.ciIdx--;
          if (fresh) return Exit.Done;
          ci = th.cis[th.ciIdx]!;
          cl = ci.cl!;
          p = cl.p;
          code = p.code;
          k = p.k;
          upvals = cl.upvals;
          base = ci.base;
          pc = ci.pc;
          if (wanted >= 0) th.top = ci.top;
          if (L.jitMode !== 0 && tierUp(L, p)) return Exit.Switch;
          break;
        }
        case Op.FORLOOP: {
          const ra = base + a;
          const step = stack[ra + 2];
          if (typeof step === "number") {
            const idx = (stack[ra] as number) + step;
            if (step > 0 ? idx <= (stack[ra + 1] as number) : (stack[ra + 1] as number) <= idx) {
              pc += (i >>> 14) - MAXARG_SBX;
              stack[ra] = idx;
              stack[ra + 3] = idx;
            }
          } else if (step instanceof LuaFloat) {
            const s = step.n;
            const idx = (stack[ra] as number) + s;
            const limit = stack[ra + 1] as number;
            if (0 < s ? idx <= limit : limit <= idx) {
              pc += (i >>> 14) - MAXARG_SBX;
              stack[ra] = idx;
              stack[ra + 3] = mkFloat(idx);
            }
          } else {
            // 64-bit integer loop outside the safe range: wraps around as in lua5.3
            const s = step as bigint;
            const idx = BigInt.asIntN(64, (stack[ra] as bigint) + s);
            const limit = stack[ra + 1] as bigint;
            if (0n < s ? idx <= limit : limit <= idx) {
              pc += (i >>> 14) - MAXARG_SBX;
              stack[ra] = idx;
              stack[ra + 3] = mkIntBig(idx);
            }
          }
          if (L.jitMode !== 0 && tierUp(L, p)) {
            ci.pc = pc;
            return Exit.Switch;
          }
          break;
        }
        case Op.FORPREP: {
          ci.pc = pc;
          forPrep(stack, base + a);
          pc += (i >>> 14) - MAXARG_SBX;
          break;
        }
        case Op.TFORCALL: {
          const ra = base + a;
          const cb = ra + 3;
          const nres = (i >>> 14) & 0x1ff;
          const f = stack[ra];
          ci.pc = pc;
          if (f === L.nextFn && f !== undefined && stack[ra + 1] instanceof LuaTable) {
            // pairs() fast path: table.next without a call
            const t = stack[ra + 1] as LuaTable;
            const out = L.pair;
            if (t.next(stack[ra + 2], out)) {
              stack[cb] = out[0];
              stack[cb + 1] = out[1];
            } else {
              stack[cb] = undefined;
              stack[cb + 1] = undefined;
            }
            for (let j = 2; j < nres; j++) stack[cb + j] = undefined;
            break;
          }
          stack[cb] = f;
          stack[cb + 1] = stack[ra + 1];
          stack[cb + 2] = stack[ra + 2];
          th.top = cb + 3;
          let fn = f;
          if (!(fn instanceof LuaClosure) && !(fn instanceof LuaBuiltin)) fn = L.tryFuncTM(cb);
          if (fn instanceof LuaClosure) {
            ci = L.precallLua(fn, cb, th.top - cb - 1, nres);
            cl = fn;
            p = fn.p;
            code = p.code;
            k = p.k;
            upvals = fn.upvals;
            base = ci.base;
            pc = 0;
            if (L.jitMode !== 0 && tierUp(L, p)) return Exit.Switch;
          } else {
            L.callBuiltin(fn as LuaBuiltin, cb, th.top - cb - 1, nres);
            if (th.yieldedQuick) return Exit.Done;
            th.top = ci.top;
          }
          break;
        }
        case Op.TFORLOOP: {
          const v = stack[base + a + 1];
          if (v !== undefined) {
            stack[base + a] = v;
            pc += (i >>> 14) - MAXARG_SBX;
            if (L.jitMode !== 0 && tierUp(L, p)) {
              ci.pc = pc;
              return Exit.Switch;
            }
          }
          break;
        }
        case Op.SETLIST: {
          let n = i >>> 23;
          let c = (i >>> 14) & 0x1ff;
          const ra = base + a;
          if (n === 0) n = th.top - ra - 1;
          if (c === 0) c = code[pc++]! >>> 6;
          const t = stack[ra] as LuaTable;
          const first = (c - 1) * LFIELDS_PER_FLUSH + 1;
          for (let j = 1; j <= n; j++) t.setInt(first + j - 1, stack[ra + j]);
          th.top = ci.top;
          break;
        }
        case Op.CLOSURE: {
          const np = p.p[i >>> 14]!;
          MEM.alloc += SIZE.closure + np.upvalues.length * SIZE.upvalue;
          if (MEM.alloc > MEM.threshold) {
            ci.pc = pc;
            MEM.owner?.memoryPressure(0);
          }
          stack[base + a] = L.newClosure(np, cl, base);
          break;
        }
        case Op.VARARG: {
          let b = (i >>> 23) - 1;
          const ra = base + a;
          let n = base - ci.func - p.numparams - 1;
          if (n < 0) n = 0;
          if (b < 0) {
            b = n;
            ci.pc = pc;
            if (n > 16) L.charge(n >> 3); // copying a long vararg list is work
            L.ensureStack(ra + n + 1);
            th.top = ra + n;
          }
          let j = 0;
          for (; j < b && j < n; j++) stack[ra + j] = stack[base - n + j];
          for (; j < b; j++) stack[ra + j] = undefined;
          break;
        }
        case Op.EXTRAARG:
        default:
          throw new LuaRunError(`invalid opcode ${i & 0x3f}`);
      }
    }
  } catch (e) {
    ci.pc = pc;
    if (e === YIELD) throw e;
    throw L.toLuaError(e);
  }
}

/**
 * After a coroutine resumes, finish the instruction of a Lua frame whose metamethod call
 * yielded (lua's luaV_finishOp): its result is at th.top - 1.
 */
export function finishOp(L: LuaState): void {
  const th = L.th;
  const ci = th.ci;
  ci.finishOp = false;
  const stack = th.stack;
  const base = ci.base;
  const inst = ci.cl!.p.code[ci.pc - 1]!;
  const a = (inst >>> 6) & 0xff;
  switch (inst & 0x3f) {
    case Op.ADD: case Op.SUB: case Op.MUL: case Op.DIV: case Op.IDIV: case Op.BAND: case Op.BOR:
    case Op.BXOR: case Op.SHL: case Op.SHR: case Op.MOD: case Op.POW: case Op.UNM: case Op.BNOT:
    case Op.LEN: case Op.GETTABUP: case Op.GETTABLE: case Op.SELF:
      stack[base + a] = stack[--th.top];
      break;
    case Op.LE: case Op.LT: case Op.EQ: {
      let res = !isFalse(stack[--th.top]);
      if (ci.leq) {
        ci.leq = false;
        res = !res;
      }
      if (res !== (a !== 0)) ci.pc++; // skip the jump
      else {
        const j = ci.cl!.p.code[ci.pc]!;
        const ja = (j >>> 6) & 0xff;
        if (ja !== 0) L.closeUpvals(base + ja - 1);
        ci.pc += (j >>> 14) - MAXARG_SBX + 1;
      }
      break;
    }
    case Op.CONCAT: {
      const top = th.top - 1; // the metamethod's slot: one past the operands it joined
      const b = inst >>> 23;
      stack[top - 2] = stack[top];
      const last = top - 2;
      th.top = ci.top;
      if (last > base + b) L.concat(base + b, last);
      stack[base + a] = stack[base + b];
      break;
    }
    default:
      break; // SETTABLE, SETTABUP: nothing left to do
  }
  th.top = ci.top;
}
