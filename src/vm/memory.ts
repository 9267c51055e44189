// Memory budget: allocations are counted where strings, tables, closures and coroutines are
// made (cheaply, into one shared counter); when the count passes the threshold, the VM
// measures what the script really holds by walking everything reachable from its roots — a
// mark phase without the sweep — and raises a limit error if that exceeds the budget.
// Garbage therefore never counts against a script, and a cheap call never walks anything.

import { LuaBuiltin, LuaClosure } from "./function.js";
import { LuaTable } from "./table.js";
import { LuaFloat, type LuaValue } from "./value.js";

/** Rough per-object costs, in bytes (V8 object headers plus slots). */
export const SIZE = {
  table: 64,
  arraySlot: 8,
  hashEntry: 40,
  string: 24,
  closure: 40,
  upvalue: 32,
  thread: 160,
  stackSlot: 8,
  boxed: 16,
} as const;

export interface MemoryOwner {
  /** The counter passed the threshold: measure, and throw if over budget. */
  memoryPressure(pending: number): void;
  /** Charge n units of work to the instruction budget (may throw a limit error). */
  charge(n: number): void;
}

/** The accountant of the VM currently running (one at a time: JS is single-threaded). */
export const MEM = {
  alloc: 0,
  threshold: Infinity,
  owner: undefined as MemoryOwner | undefined,
};

/** Count an allocation of n bytes. */
export function chargeAlloc(n: number): void {
  MEM.alloc += n;
  if (MEM.alloc > MEM.threshold) MEM.owner?.memoryPressure(0);
}

/** Check an allocation of n bytes before it is made (big strings, concatenations, copies). */
export function reserveAlloc(n: number): void {
  if (MEM.alloc + n > MEM.threshold) MEM.owner?.memoryPressure(n);
  MEM.alloc += n;
}

/**
 * A buffer being built piece by piece (gsub) grew by `delta` to `total` bytes. The buffer is
 * not reachable from any root until it is returned, so a measurement must add all of it.
 */
export function reserveGrowth(total: number, delta: number): void {
  MEM.alloc += delta;
  if (MEM.alloc > MEM.threshold) MEM.owner?.memoryPressure(total);
}

/**
 * Charge work done outside the dispatch loop by code that has no handle on the VM (string to
 * number conversion of long numerals) to the VM currently running.
 */
export function chargeWork(n: number): void {
  MEM.owner?.charge(n);
}

/**
 * Estimated bytes reachable from `roots`, skipping shared (frozen library) tables.
 * Iterative: no depth of nesting can overflow the JS stack.
 */
export function measureLive(roots: readonly LuaValue[], extraStacks: readonly { stack: LuaValue[]; top: number }[]): number {
  let total = 0;
  const seen = new Set<object>();
  const work: LuaValue[] = [];
  const visit = (v: LuaValue): void => {
    switch (typeof v) {
      case "string":
        // JS cannot tell two equal strings apart from one string held twice; counting every
        // reference is the safe side (equal strings built separately are separate memory)
        total += SIZE.string + v.length;
        return;
      case "bigint":
        total += SIZE.boxed;
        return;
      case "object":
        if (v === null || seen.has(v)) return;
        seen.add(v);
        work.push(v);
        return;
      default:
        return;
    }
  };
  for (const r of roots) visit(r);
  for (const s of extraStacks) {
    total += s.top * SIZE.stackSlot;
    for (let i = 0; i < s.top; i++) visit(s.stack[i]);
  }
  while (work.length > 0) {
    const o = work.pop()!;
    if (o instanceof LuaTable) {
      if (o.shared) continue;
      total += SIZE.table + o.arr.length * SIZE.arraySlot;
      for (let i = 0; i < o.arr.length; i++) visit(o.arr[i]);
      total += o.hashSize() * SIZE.hashEntry;
      o.forEachOwnField((k, val) => {
        visit(k);
        visit(val);
      });
      if (o.metatable !== undefined) visit(o.metatable);
    } else if (o instanceof LuaClosure) {
      total += SIZE.closure + o.upvals.length * SIZE.upvalue;
      for (const uv of o.upvals) visit(uv.s[uv.i]);
    } else if (o instanceof LuaBuiltin) {
      if (o.refs) for (const r of o.refs) visit(r);
    } else if (o instanceof LuaFloat) {
      total += SIZE.boxed;
    } else {
      const th = o as { stack?: LuaValue[]; top?: number };
      if (Array.isArray(th.stack)) {
        total += SIZE.thread + th.stack.length * SIZE.stackSlot;
        for (let i = 0; i < (th.top ?? th.stack.length); i++) visit(th.stack[i]);
      }
    }
  }
  return total;
}

/**
 * Make everything reachable from `root` read-only: tables become shared (writes raise a Lua
 * error, memory is no longer charged) and closures' upvalues frozen. A template VM's state
 * can then be shared by its forks without any fork observing another.
 */
export function deepFreeze(root: LuaValue): void {
  const seen = new Set<object>();
  const work: LuaValue[] = [root];
  while (work.length > 0) {
    const o = work.pop();
    if (typeof o !== "object" || o === null || seen.has(o)) continue;
    seen.add(o);
    if (o instanceof LuaTable) {
      if (o.shared) continue;
      for (const v of o.arr) work.push(v);
      o.forEachOwnField((k, v) => work.push(k, v));
      if (o.metatable) work.push(o.metatable);
      o.shared = true;
    } else if (o instanceof LuaClosure) {
      for (const uv of o.upvals) {
        uv.frozen = true;
        work.push(uv.s[uv.i]);
      }
    } else if (o instanceof LuaBuiltin && o.refs) {
      for (const r of o.refs) work.push(r);
    }
  }
}
