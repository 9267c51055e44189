// The table library of Lua 5.3 (ltablib.c): insert, remove, move, concat, pack, unpack, sort.
//
// Errors: the library's own messages (luaL_error) are LuaFaults, positioned at the calling
// line; errors of the core operations it uses (indexing a nil, comparing a number with a
// string) are LuaRunErrors from state.ts and, raised inside a builtin, carry no position,
// exactly as in lua5.3.
//
// Like 5.3, every element access goes through lua_geti / lua_seti semantics, so __index,
// __newindex and __len are honoured, and a non-table whose metatable has the needed fields
// is accepted. Plain tables (no metatable) take raw fast paths that perform exactly the same
// reads and writes, only without the metamethod checks; whenever Lua code could run in the
// middle of an operation (a metamethod, a comparator) every access goes through the table.

import { numLessThan } from "../arith.js";
import { LuaFault, LuaRunError } from "../errors.js";
import { NONE } from "../function.js";
import { chargeAlloc, reserveAlloc, SIZE } from "../memory.js";
import { numberToString, toInteger } from "../numconv.js";
import { isFunction, MAX_STACK, typeName, type LuaState } from "../state.js";
import { LuaTable } from "../table.js";
import { LuaFloat, mkIntBig, type LuaValue } from "../value.js";
import { argError, checkInteger, checkString, typeError } from "./args.js";
import { builtin } from "./base.js";

type Int = number | bigint;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const INT_MAX32 = 0x7fffffff;
const LUA_MAXINTEGER = 0x7fffffffffffffffn;
/** Longest string the library builds (V8's limit on 64-bit hosts); lua says "not enough memory". */
const MAX_STRING = 2 ** 29 - 24;

// what a table-like argument must support (checktab)
const TAB_R = 1;
const TAB_W = 2;
const TAB_L = 4;
const TAB_RW = TAB_R | TAB_W;

// ---------------------------------------------------------------------------------------------
// int64 helpers: values are canonical (a JS number when safe, else a bigint)

function addInt(a: Int, b: number): Int {
  if (typeof a === "number") {
    const r = a + b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return mkIntBig(BigInt(a) + BigInt(b));
}

function subInt(a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
  }
  return mkIntBig(BigInt(a) - BigInt(b));
}

/** One step of a loop whose length the script chooses, charged to the instruction budget. */
function charge(L: LuaState): void {
  L.charge(1);
}

// ---------------------------------------------------------------------------------------------
// element access (lua_geti / lua_seti)

function geti(L: LuaState, t: LuaValue, k: Int): LuaValue {
  if (t instanceof LuaTable && t.metatable === undefined) return typeof k === "number" ? t.getInt(k) : t.get(k);
  return L.index(t, k);
}

function seti(L: LuaState, t: LuaValue, k: Int, v: LuaValue): void {
  if (t instanceof LuaTable && t.metatable === undefined) {
    if (typeof k === "number") t.setInt(k, v);
    else t.set(k, v);
    return;
  }
  L.setIndex(t, k, v);
}

function isPlain(t: LuaValue): t is LuaTable {
  return t instanceof LuaTable && t.metatable === undefined;
}

/** A plain table the fast paths may write straight into: never a shared (read-only) one. */
function isPlainWritable(t: LuaValue): t is LuaTable {
  return t instanceof LuaTable && t.metatable === undefined && !t.shared;
}

/** checktab: a table, or a value whose metatable has the metamethods `what` needs. */
function checkTab(L: LuaState, args: readonly LuaValue[], i: number, what: number): void {
  const v = args[i];
  if (v instanceof LuaTable) return;
  const mt = L.getMetatable(v);
  if (
    mt !== undefined &&
    (!(what & TAB_R) || mt.getStr("__index") !== undefined) &&
    (!(what & TAB_W) || mt.getStr("__newindex") !== undefined) &&
    (!(what & TAB_L) || mt.getStr("__len") !== undefined)
  ) {
    return;
  }
  throw typeError(args, i, "table");
}

/** luaL_len: the length (with __len), which must be an integer. */
function lengthOf(L: LuaState, v: LuaValue): Int {
  if (v instanceof LuaTable && v.metatable === undefined) return v.length();
  const n = L.len(v);
  if (typeof n === "number" && Number.isInteger(n)) return n;
  const r = toInteger(n);
  if (r === undefined) throw new LuaFault("object length is not an integer");
  return r;
}

function auxGetn(L: LuaState, args: readonly LuaValue[], i: number, what: number): Int {
  checkTab(L, args, i, what | TAB_L);
  return lengthOf(L, args[i]);
}

// ---------------------------------------------------------------------------------------------
// insert / remove

function tinsert(L: LuaState, args: LuaValue[]): readonly LuaValue[] {
  const t = args[0];
  const nargs = args.length;
  if (nargs === 2 && t instanceof LuaTable && t.metatable === undefined) {
    t.setInt(t.length() + 1, args[1]); // the common append
    return NONE;
  }
  const e = addInt(auxGetn(L, args, 0, TAB_RW), 1); // first empty element
  let pos: Int;
  if (nargs === 2) {
    pos = e;
  } else if (nargs === 3) {
    pos = checkInteger(args, 1);
    if (!(1 <= pos && pos <= e)) throw argError(1, "position out of bounds");
    if (isPlainWritable(t) && typeof pos === "number" && pos < (e as number) && t.arr.length === (e as number) - 1) {
      // t[i] = t[i-1] for i = e..pos+1, then t[pos] = v: a shift of the array part
      const arr = t.arr;
      L.charge((arr.length - pos) >> 4);
      arr.splice(pos - 1, 0, args[2]);
      // re-append the last element so that keys following the array part move into it
      const last = arr.pop();
      t.setInt(arr.length + 1, last);
      return NONE;
    }
    if (typeof e === "number" && typeof pos === "number") {
      for (let i = e; i > pos; i--) {
        charge(L);
        seti(L, t, i, geti(L, t, i - 1));
      }
    } else {
      for (let i = BigInt(e); i > BigInt(pos); i--) {
        charge(L);
        seti(L, t, mkIntBig(i), geti(L, t, mkIntBig(i - 1n)));
      }
    }
  } else {
    throw new LuaFault("wrong number of arguments to 'insert'");
  }
  seti(L, t, pos, args[nargs - 1]);
  return NONE;
}

function tremove(L: LuaState, args: LuaValue[]): LuaValue {
  const t = args[0];
  const size = auxGetn(L, args, 0, TAB_RW);
  let pos: Int = args[1] === undefined ? size : checkInteger(args, 1);
  if (pos !== size) {
    // lua 5.3.6 blames argument #1 here
    if (!(1 <= pos && pos <= addInt(size, 1))) throw argError(0, "position out of bounds");
  }
  if (isPlainWritable(t) && typeof pos === "number" && pos >= 1 && pos <= (size as number) && t.arr.length === size) {
    // t[pos] = t[pos+1] ... t[size] = nil: the array part closes up
    const arr = t.arr;
    L.charge((arr.length - pos) >> 4);
    const v = pos === arr.length ? arr.pop() : arr.splice(pos - 1, 1)[0];
    while (arr.length > 0 && arr[arr.length - 1] === undefined) arr.pop();
    return v;
  }
  const v = geti(L, t, pos);
  if (typeof pos === "number" && typeof size === "number") {
    for (; pos < size; pos++) {
      charge(L);
      seti(L, t, pos, geti(L, t, pos + 1));
    }
  } else {
    let p = BigInt(pos);
    const s = BigInt(size);
    for (; p < s; p++) {
      charge(L);
      seti(L, t, mkIntBig(p), geti(L, t, mkIntBig(p + 1n)));
    }
    pos = mkIntBig(p);
  }
  seti(L, t, pos, undefined);
  return v;
}

// ---------------------------------------------------------------------------------------------
// move

function tmove(L: LuaState, args: LuaValue[]): LuaValue {
  const f = checkInteger(args, 1);
  const e = checkInteger(args, 2);
  const t = checkInteger(args, 3);
  const hasDest = args[4] !== undefined;
  const a1 = args[0];
  const tt = hasDest ? args[4] : a1;
  checkTab(L, args, 0, TAB_R);
  checkTab(L, args, hasDest ? 4 : 0, TAB_W);
  if (e >= f) {
    // f > 0 || e < maxinteger + f
    if (!(f > 0 || BigInt(e) < LUA_MAXINTEGER + BigInt(f))) throw argError(2, "too many elements to move");
    const n = addInt(subInt(e, f), 1); // at most maxinteger after the check above
    if (!(BigInt(t) <= LUA_MAXINTEGER - BigInt(n) + 1n)) throw argError(3, "destination wrap around");
    const forward = t > e || t <= f || (hasDest && !L.equals(a1, tt));
    if (isPlain(a1) && isPlainWritable(tt)) moveRaw(L, a1, tt, f, e, t, n);
    else moveGeneric(L, a1, tt, f, t, n, forward);
  }
  return tt;
}

function moveGeneric(L: LuaState, a1: LuaValue, tt: LuaValue, f: Int, t: Int, n: Int, forward: boolean): void {
  if (typeof f === "number" && typeof t === "number" && typeof n === "number" &&
      f + n <= MAX_SAFE && t + n <= MAX_SAFE) {
    if (forward) {
      for (let i = 0; i < n; i++) {
        charge(L);
        seti(L, tt, t + i, geti(L, a1, f + i));
      }
    } else {
      for (let i = n - 1; i >= 0; i--) {
        charge(L);
        seti(L, tt, t + i, geti(L, a1, f + i));
      }
    }
    return;
  }
  const bf = BigInt(f);
  const bt = BigInt(t);
  const bn = BigInt(n);
  if (forward) {
    for (let i = 0n; i < bn; i++) {
      charge(L);
      seti(L, tt, mkIntBig(bt + i), geti(L, a1, mkIntBig(bf + i)));
    }
  } else {
    for (let i = bn - 1n; i >= 0n; i--) {
      charge(L);
      seti(L, tt, mkIntBig(bt + i), geti(L, a1, mkIntBig(bf + i)));
    }
  }
}

/** Integer keys of a plain table (array part and hash part) within [lo, hi]. */
function intKeysIn(tab: LuaTable, lo: Int, hi: Int, out: Int[]): void {
  const arr = tab.arr;
  const a = lo < 1 ? 1 : Number(lo);
  const b = hi > arr.length ? arr.length : Number(hi);
  for (let k = a; k <= b; k++) if (arr[k - 1] !== undefined) out.push(k);
  const h = tab.hash;
  if (h === undefined) return;
  for (const k of h.keys()) {
    if ((typeof k === "number" && Number.isSafeInteger(k)) || typeof k === "bigint") {
      if (k >= lo && k <= hi) out.push(k);
    }
  }
}

/**
 * table.move between plain tables. Copying in lua's direction (forward unless the ranges
 * overlap with the destination above the source) is the same as copying every element at
 * once, so a huge range touches only the keys that exist on either side.
 */
function moveRaw(L: LuaState, src: LuaTable, dst: LuaTable, f: Int, e: Int, t: Int, n: Int): void {
  const sizes = src.arr.length + (src.hash?.size ?? 0) + dst.arr.length + (dst.hash?.size ?? 0);
  const small = typeof n === "number" && n <= 4 * sizes + 64 &&
    typeof f === "number" && typeof t === "number" && f + n <= MAX_SAFE && t + n <= MAX_SAFE;
  L.charge(small ? (n as number) >> 2 : sizes >> 2);
  if (small) {
    if (src !== dst || t > e || t <= f) {
      for (let i = 0; i < n; i++) dst.setInt(t + i, src.getInt(f + i));
    } else {
      for (let i = n - 1; i >= 0; i--) dst.setInt(t + i, src.getInt(f + i));
    }
    return;
  }
  // sparse: read every source value first, then clear the destination keys no source
  // value lands on, then write the values in ascending order
  const srcKeys: Int[] = [];
  intKeysIn(src, f, e, srcKeys);
  const delta = BigInt(t) - BigInt(f);
  const tLast = mkIntBig(BigInt(t) + BigInt(n) - 1n);
  const dstKeys: Int[] = [];
  intKeysIn(dst, t, tLast, dstKeys);
  const shift = (k: Int): Int => {
    if (typeof k === "number" && typeof t === "number" && typeof f === "number") {
      const r = k + (t - f);
      if (r <= MAX_SAFE && r >= -MAX_SAFE) return r;
    }
    return mkIntBig(BigInt(k) + delta);
  };
  const writes: { k: Int; v: LuaValue }[] = [];
  const landing = new Set<number | bigint>();
  for (const k of srcKeys) {
    const k2 = shift(k);
    writes.push({ k: k2, v: src.get(k) });
    landing.add(k2);
  }
  for (const k of dstKeys) if (!landing.has(k)) dst.set(k, undefined);
  writes.sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0));
  for (const w of writes) dst.set(w.k, w.v);
}

// ---------------------------------------------------------------------------------------------
// concat

function fieldString(v: LuaValue, i: Int): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint" || v instanceof LuaFloat) return numberToString(v);
  // lua formats the index with %d, which takes a C int: only the low 32 bits show
  const shown = typeof i === "number" ? i | 0 : Number(BigInt.asIntN(32, i));
  throw new LuaFault(`invalid value (${typeName(v)}) at index ${shown} in table for 'concat'`);
}

function tconcat(L: LuaState, args: LuaValue[]): LuaValue {
  const t = args[0];
  let last = auxGetn(L, args, 0, TAB_R);
  const sep = args[1] === undefined ? "" : checkString(args, 1);
  let i: Int = args[2] === undefined ? 1 : checkInteger(args, 2);
  if (args[3] !== undefined) last = checkInteger(args, 3);
  if (i > last) return "";
  if (typeof i === "number" && typeof last === "number" && isPlain(t) && i >= 1 && last <= t.arr.length) {
    return concatArray(L, t.arr, sep, i, last);
  }
  // general case: lua_geti for every index, as lua does
  const parts: string[] = [];
  let total = -sep.length;
  const add = (s: string): void => {
    total += s.length + sep.length;
    if (total > MAX_STRING) throw new LuaRunError("not enough memory");
    parts.push(s);
  };
  if (typeof i === "number" && typeof last === "number") {
    for (; i <= last; i++) {
      charge(L);
      add(fieldString(geti(L, t, i), i));
    }
  } else {
    const b = BigInt(last);
    for (let k = BigInt(i); k <= b; k++) {
      charge(L);
      const key = mkIntBig(k);
      add(fieldString(geti(L, t, key), key));
    }
  }
  reserveAlloc(total + SIZE.string);
  try {
    return parts.join(sep);
  } catch (e) {
    if (e instanceof RangeError) throw new LuaRunError("not enough memory");
    throw e;
  }
}

/** table.concat of arr[i-1 .. last-1] (all in the array part of a plain table). */
function concatArray(L: LuaState, arr: LuaValue[], sep: string, i: number, last: number): string {
  L.charge((last - i) >> 3);
  // one pass of += : V8 builds a rope (flattened once, when first read), which is faster than
  // join; the pieces already exist, so the memory check can wait for the final size
  let v = arr[i - 1];
  let out = typeof v === "string" ? v : fieldString(v, i);
  let total = out.length;
  const ls = sep.length;
  for (let k = i; k < last; k++) {
    v = arr[k];
    const str = typeof v === "string" ? v : fieldString(v, k + 1);
    total += ls + str.length;
    if (total > MAX_STRING) throw new LuaRunError("not enough memory");
    if (ls > 0) out += sep;
    out += str;
  }
  reserveAlloc(total + SIZE.string);
  return out;
}

// ---------------------------------------------------------------------------------------------
// pack / unpack

function tpack(L: LuaState, args: LuaValue[]): LuaValue {
  const n = args.length;
  L.charge(n >> 3);
  chargeAlloc(SIZE.table + n * SIZE.arraySlot);
  const t = new LuaTable();
  if (n > 0) {
    // lua_createtable(L, n, 1) puts every argument in the array part, so '#' sees the border
    // luaH_getn finds there: n when the last one is not nil, else a binary search
    let border = n;
    if (args[n - 1] === undefined) {
      let lo = 0;
      let hi = n;
      while (hi - lo > 1) {
        const m = Math.floor((lo + hi) / 2);
        if (args[m - 1] === undefined) hi = m;
        else lo = m;
      }
      border = lo;
    }
    t.arr = args.slice(0, border);
    for (let k = border + 2; k <= n; k++) {
      const v = args[k - 1];
      if (v !== undefined) t.setInt(k, v);
    }
  }
  t.setStr("n", n);
  return t;
}

function tunpack(L: LuaState, args: LuaValue[]): LuaValue | readonly LuaValue[] {
  const t = args[0];
  const i = args[1] === undefined ? 1 : checkInteger(args, 1);
  const e = args[2] === undefined ? lengthOf(L, t) : checkInteger(args, 2);
  if (i > e) return NONE;
  const span = subInt(e, i); // number of elements minus 1, as an unsigned value
  const room = MAX_STACK - L.th.top - 5;
  if (typeof span !== "number" || span < 0 || span >= INT_MAX32 || span + 1 > room) {
    throw new LuaFault("too many results to unpack");
  }
  const n = span + 1;
  L.charge(n >> 3);
  const out = new Array<LuaValue>(n);
  if (typeof i === "number" && i + n <= MAX_SAFE) {
    if (isPlain(t)) {
      const arr = t.arr;
      if (i >= 1 && i + n - 1 <= arr.length) {
        return arr.slice(i - 1, i - 1 + n);
      } else {
        for (let k = 0; k < n; k++) out[k] = t.getInt(i + k);
      }
    } else {
      for (let k = 0; k < n; k++) out[k] = geti(L, t, i + k);
    }
  } else {
    const b = BigInt(i);
    for (let k = 0; k < n; k++) out[k] = geti(L, t, mkIntBig(b + BigInt(k)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// sort: lua 5.3's quicksort (ltablib.c auxsort/partition), step for step, so that the same
// comparisons happen in the same order, equal elements end up in the same places and an
// inconsistent comparator fails at the same moment.

const RANLIMIT = 100;

/** l_randomizePivot: any 32-bit value; lua mixes clock() and time(). */
function randomizePivot(): number {
  return (Math.random() * 4294967296) >>> 0;
}

/** A pivot in the middle half of [lo, up], "randomized" by rnd (choosePivot). */
function choosePivot(lo: number, up: number, rnd: number): number {
  const r4 = Math.floor((up - lo) / 4);
  return (rnd % (r4 * 2)) + (lo + r4);
}

const INVALID_ORDER = "invalid order function for sorting";

/**
 * The sort on a JS array of numbers only or strings only, compared with `<` (no metamethods,
 * no Lua code, no errors other than an inconsistent order caused by NaN). Indices are 0-based.
 */
function sortPrim(a: (number | string)[], lo: number, up: number, rnd: number): void {
  while (lo < up) {
    let x = a[lo]!;
    let y = a[up]!;
    if (y < x) {
      a[lo] = y;
      a[up] = x;
    }
    if (up - lo === 1) return;
    let p = up - lo < RANLIMIT || rnd === 0 ? Math.floor((lo + up) / 2) : choosePivot(lo, up, rnd);
    x = a[p]!;
    y = a[lo]!;
    if (x < y) {
      a[p] = y;
      a[lo] = x;
    } else {
      const z = a[up]!;
      if (z < x) {
        a[p] = z;
        a[up] = x;
      }
    }
    if (up - lo === 2) return;
    const P = a[p]!;
    a[p] = a[up - 1]!;
    a[up - 1] = P;
    // partition
    let i = lo;
    let j = up - 1;
    for (;;) {
      let ai: number | string;
      while ((ai = a[++i]!) < P) {
        if (i === up - 1) throw new LuaFault(INVALID_ORDER);
      }
      let aj: number | string;
      while (P < (aj = a[--j]!)) {
        if (j < i) throw new LuaFault(INVALID_ORDER);
      }
      if (j < i) {
        a[up - 1] = ai;
        a[i] = P;
        break;
      }
      a[i] = aj;
      a[j] = ai;
    }
    p = i;
    let n: number;
    if (p - lo < up - p) {
      sortPrim(a, lo, p - 1, rnd);
      n = p - lo;
      lo = p + 1;
    } else {
      sortPrim(a, p + 1, up, rnd);
      n = up - p;
      up = p - 1;
    }
    if (Math.floor((up - lo) / 128) > n) rnd = randomizePivot();
  }
}

/** The same algorithm on a JS array with a comparison that runs no Lua code. 0-based. */
function sortArray(a: LuaValue[], lo: number, up: number, rnd: number, lt: (x: LuaValue, y: LuaValue) => boolean): void {
  while (lo < up) {
    let x = a[lo];
    let y = a[up];
    if (lt(y, x)) {
      a[lo] = y;
      a[up] = x;
    }
    if (up - lo === 1) return;
    let p = up - lo < RANLIMIT || rnd === 0 ? Math.floor((lo + up) / 2) : choosePivot(lo, up, rnd);
    x = a[p];
    y = a[lo];
    if (lt(x, y)) {
      a[p] = y;
      a[lo] = x;
    } else {
      const z = a[up];
      if (lt(z, x)) {
        a[p] = z;
        a[up] = x;
      }
    }
    if (up - lo === 2) return;
    const P = a[p];
    a[p] = a[up - 1];
    a[up - 1] = P;
    let i = lo;
    let j = up - 1;
    for (;;) {
      let ai: LuaValue;
      while (lt((ai = a[++i]), P)) {
        if (i === up - 1) throw new LuaFault(INVALID_ORDER);
      }
      let aj: LuaValue;
      while (lt(P, (aj = a[--j]))) {
        if (j < i) throw new LuaFault(INVALID_ORDER);
      }
      if (j < i) {
        a[up - 1] = ai;
        a[i] = P;
        break;
      }
      a[i] = aj;
      a[j] = ai;
    }
    p = i;
    let n: number;
    if (p - lo < up - p) {
      sortArray(a, lo, p - 1, rnd, lt);
      n = p - lo;
      lo = p + 1;
    } else {
      sortArray(a, p + 1, up, rnd, lt);
      n = up - p;
      up = p - 1;
    }
    if (Math.floor((up - lo) / 128) > n) rnd = randomizePivot();
  }
}

/**
 * The general case: every read and write goes through the table (a comparator or __lt may
 * look at it or change it), values are held exactly as lua holds them on its stack.
 * Indices are lua's (1-based).
 */
class TableSorter {
  constructor(readonly L: LuaState, readonly t: LuaValue, readonly cmp: LuaValue) {}

  get(i: number): LuaValue {
    const t = this.t;
    if (t instanceof LuaTable && t.metatable === undefined) return t.getInt(i);
    return this.L.index(t, i);
  }

  set(i: number, v: LuaValue): void {
    const t = this.t;
    if (t instanceof LuaTable && t.metatable === undefined) t.setInt(i, v);
    else this.L.setIndex(t, i, v);
  }

  lt(a: LuaValue, b: LuaValue): boolean {
    this.L.charge(1);
    const cmp = this.cmp;
    if (cmp === undefined) return this.L.lessThan(a, b);
    const r = this.L.call1(cmp, a, b);
    return r !== undefined && r !== false;
  }

  sort(lo: number, up: number, rnd: number): void {
    while (lo < up) {
      let x = this.get(lo);
      let y = this.get(up);
      if (this.lt(y, x)) {
        this.set(lo, y);
        this.set(up, x);
      }
      if (up - lo === 1) return;
      let p = up - lo < RANLIMIT || rnd === 0 ? Math.floor((lo + up) / 2) : choosePivot(lo, up, rnd);
      x = this.get(p);
      y = this.get(lo);
      if (this.lt(x, y)) {
        this.set(p, y);
        this.set(lo, x);
      } else {
        const z = this.get(up);
        if (this.lt(z, x)) {
          this.set(p, z);
          this.set(up, x);
        }
      }
      if (up - lo === 2) return;
      const P = this.get(p);
      const c = this.get(up - 1);
      this.set(p, c);
      this.set(up - 1, P);
      p = this.partition(lo, up, P);
      let n: number;
      if (p - lo < up - p) {
        this.sort(lo, p - 1, rnd);
        n = p - lo;
        lo = p + 1;
      } else {
        this.sort(p + 1, up, rnd);
        n = up - p;
        up = p - 1;
      }
      if (Math.floor((up - lo) / 128) > n) rnd = randomizePivot();
    }
  }

  partition(lo: number, up: number, P: LuaValue): number {
    let i = lo;
    let j = up - 1;
    for (;;) {
      let ai: LuaValue;
      while (this.lt((ai = this.get(++i)), P)) {
        if (i === up - 1) throw new LuaFault(INVALID_ORDER);
      }
      let aj: LuaValue;
      while (this.lt(P, (aj = this.get(--j)))) {
        if (j < i) throw new LuaFault(INVALID_ORDER);
      }
      if (j < i) {
        this.set(up - 1, ai);
        this.set(i, P);
        return i;
      }
      this.set(i, aj);
      this.set(j, ai);
    }
  }
}

function numLt(x: LuaValue, y: LuaValue): boolean {
  return numLessThan(x as number, y as number);
}

function tsort(L: LuaState, args: LuaValue[]): readonly LuaValue[] {
  const t = args[0];
  const n = auxGetn(L, args, 0, TAB_RW);
  if (n > 1) {
    if (!(n < INT_MAX32)) throw argError(0, "array too big");
    const cmp = args[1];
    if (cmp !== undefined && !isFunction(cmp)) throw typeError(args, 1, "function");
    const len = n as number;
    if (cmp === undefined && isPlainWritable(t) && t.arr.length === len) {
      // no Lua code can run when every element is a number, or every element a string
      const arr = t.arr;
      let allNum = true;
      let allStr = true;
      let allLuaNum = true;
      for (let k = 0; k < len; k++) {
        const v = arr[k];
        if (typeof v !== "number") {
          allNum = false;
          if (typeof v !== "bigint" && !(v instanceof LuaFloat)) allLuaNum = false;
        }
        if (typeof v !== "string") allStr = false;
        if (!allStr && !allLuaNum) break;
      }
      // about n log2(n) comparisons, charged up front (the data exists, so n is real)
      if (allNum || allStr || allLuaNum) L.charge(Math.ceil((len * Math.log2(len)) / 8));
      if (allNum || allStr) {
        sortPrim(arr as (number | string)[], 0, len - 1, 0);
        return NONE;
      }
      if (allLuaNum) {
        sortArray(arr, 0, len - 1, 0, numLt);
        return NONE;
      }
    }
    new TableSorter(L, t, cmp).sort(1, len, 0);
  }
  return NONE;
}

// ---------------------------------------------------------------------------------------------

export function createTableLibrary(): LuaTable {
  const lib = new LuaTable();
  lib.setStr("concat", builtin("table.concat", tconcat));
  lib.setStr("insert", builtin("table.insert", tinsert));
  lib.setStr("move", builtin("table.move", tmove));
  lib.setStr("pack", builtin("table.pack", tpack));
  lib.setStr("remove", builtin("table.remove", tremove));
  lib.setStr("sort", builtin("table.sort", tsort));
  lib.setStr("unpack", builtin("table.unpack", tunpack));
  return lib;
}
