// Lua tables: an array part for keys 1..n, an object for string keys and a Map for the rest.
//
// String keys live in a StrSlots object (own properties of an object whose prototype chain is
// empty) rather than in the Map: V8 gives such objects hidden classes, so a site that reads
// or writes one field of tables of one shape (the compiled tier's `t.strs[key]`) becomes a
// machine-level inline cache instead of a hash lookup, and a small record costs one object
// instead of a Map's backing store. Clearing a key stores undefined rather than deleting the
// property (a delete would drop the object to dictionary mode); when cleared keys outnumber
// live ones the object is rebuilt, so churning keys cannot grow it without bound.
//
// Invariants that keep `#` and the array part simple:
//  - arr[i] holds t[i+1]; arr never ends with nil (trailing nils are popped);
//  - the hash never holds an integer key in 1..arr.length+1 (appending migrates keys over),
//    so arr.length is always a border and `#t` is O(1).
// Keys are normalised: floats with an integral value become integers (2.0 -> 2); integral
// floats beyond the int64 range are stored as plain JS numbers, which no canonical value uses.
// `__proto__`, `constructor` and friends are ordinary keys: StrSlots' prototype is an empty
// object with a null prototype, so no Object.prototype accessor is ever consulted.

import { LuaRunError } from "./errors.js";
import { MEM, SIZE } from "./memory.js";
import { LuaFloat, type LuaValue } from "./value.js";

const TWO63 = 9223372036854775808;

/**
 * Inline caches of the compiled tier (jit.ts) remember what a constant-key read found through
 * a chain of __index tables; the epoch moves whenever a table such a read went through (a
 * "watched" table) changes, which invalidates every cache at once.
 */
export const SHAPES = { epoch: 0 };

/** chainGetStr's answer when the read cannot be cached. */
export const NOCACHE: unique symbol = Symbol("not cacheable");

/** String-keyed fields of a table: own data properties only (see the header). */
export interface StrSlots {
  [key: string]: LuaValue;
}

/** Constructor of StrSlots: instances share hidden classes; nothing is inherited. */
const StrSlots = function StrSlots(this: StrSlots) {} as unknown as new () => StrSlots;
StrSlots.prototype = Object.create(null) as StrSlots;

/** Objects with more fields than this are dictionaries to V8: no hidden class to keep alive. */
const MAX_ANCHORED_FIELDS = 24;

/**
 * A field-less copy of `s` with the same hidden class (the same keys added in the same order,
 * every value undefined), for a compiled site to keep: see jit.ts strSetFast. V8 holds the
 * hidden classes of StrSlots objects only weakly (they are transitions from StrSlots' own),
 * so when every table of a shape dies in a full GC, the compiled code that checked that
 * shape is thrown away; a kept copy keeps the shape, and it holds no Lua value.
 */
export function shapeAnchor(s: StrSlots): StrSlots | null {
  const keys = Object.keys(s);
  if (keys.length > MAX_ANCHORED_FIELDS) return null;
  const a = new StrSlots();
  for (let i = 0; i < keys.length; i++) a[keys[i]!] = undefined;
  return a;
}

/** Cleared string keys tolerated before a table's StrSlots is rebuilt (see compactStrs). */
const MIN_DEAD_STRS = 16;

/** Marks an empty cache slot (no Lua value is this object). */
const NOT_CACHED = Symbol("not cached");

function readOnly(): LuaRunError {
  return new LuaRunError("attempt to modify a read-only table");
}

/** Normalise a float key; throws for NaN. Integral -> integer, else the number itself. */
function floatKey(x: number): LuaValue {
  if (Number.isInteger(x)) {
    if (Number.isSafeInteger(x)) return x + 0; // -0.0 -> 0
    if (x >= -TWO63 && x < TWO63) return BigInt(x);
    return x; // integral float outside int64: a plain JS number no real value uses
  }
  return x;
}

/** Decode a stored key back into a Lua value (see floatKey). */
function decodeKey(k: LuaValue): LuaValue {
  if (typeof k === "number" && Number.isInteger(k) && !Number.isSafeInteger(k)) return new LuaFloat(k);
  return k;
}

/**
 * What a table may read through on a miss: a frozen table (a fork's template globals) or a
 * view of host data (the facts of a formula evaluation, see marshal.ts JsonFields). Keys are
 * in stored form (see floatKey).
 */
export interface ReadThrough {
  get(k: LuaValue): LuaValue;
  has(k: LuaValue): boolean;
  keys(): Iterable<LuaValue>;
}

export class LuaTable implements ReadThrough {
  arr: LuaValue[] = [];
  /**
   * String keys (see the header). A property holding undefined is a cleared key: absent
   * for Lua, and when there is a base, a tombstone hiding the inherited value.
   */
  strs: StrSlots | undefined = undefined;
  /** Properties in strs, cleared ones included. */
  strCount = 0;
  /** Cleared properties in strs. */
  strDead = 0;
  /** Keys that are neither strings nor in the array part. */
  hash: Map<LuaValue, LuaValue> | undefined = undefined;
  metatable: LuaTable | undefined = undefined;
  /** Part of the frozen, process-wide libraries: never written, never charged to a script. */
  shared = false;
  /**
   * A frozen table this one reads through on a miss (a fork's globals over its template's):
   * forking costs nothing, writes land in the own parts, and deleting an inherited key leaves
   * the key mapped to undefined as a tombstone.
   */
  base: ReadThrough | undefined = undefined;
  /** The host JSON value this (read-only) table is a lazy view of (see marshal.ts facts). */
  source: object | undefined = undefined;
  /** An inline cache read through this table (as a metatable or __index): changes move SHAPES.epoch. */
  watched = false;

  /**
   * This table's own "__index" field, cached for when it serves as a metatable (method
   * lookups read it on every miss); NOT_CACHED after any write to a string key.
   */
  private indexField: LuaValue | typeof NOT_CACHED = NOT_CACHED;
  /** Likewise "__newindex" (a compiled store of a new field checks it on the metatable). */
  private newindexField: LuaValue | typeof NOT_CACHED = NOT_CACHED;
  /** Snapshot of hash keys for next(): makes a pairs() traversal O(n) overall. */
  private iterKeys: LuaValue[] | undefined = undefined;
  private iterPos = 0;

  get luaType(): "table" {
    return "table";
  }

  /** Raw get (no metamethods). */
  get(k: LuaValue): LuaValue {
    if (typeof k === "number") {
      const arr = this.arr;
      if (k >= 1 && k <= arr.length && Number.isInteger(k)) return arr[k - 1];
      const v = this.hash === undefined ? undefined : this.hash.get(k);
      return v !== undefined || this.base === undefined ? v : this.baseGet(k);
    }
    if (typeof k === "string") return this.getStr(k);
    if (k instanceof LuaFloat) return this.get(floatKey(k.n));
    const v = this.hash === undefined ? undefined : this.hash.get(k);
    return v !== undefined || this.base === undefined ? v : this.baseGet(k);
  }

  getStr(k: string): LuaValue {
    const s = this.strs;
    if (s !== undefined) {
      const v = s[k];
      if (v !== undefined || this.base === undefined) return v;
      if (this.strDead > 0 && k in s) return undefined; // deleted here (tombstone)
    }
    return this.base === undefined ? undefined : this.base.get(k);
  }

  /** Whether the raw value at k is not nil (ReadThrough: a fork's globals read through this). */
  has(k: LuaValue): boolean {
    return this.get(k) !== undefined;
  }

  /** Every key with a value, in stored form (ReadThrough). */
  keys(): LuaValue[] {
    const out: LuaValue[] = [];
    for (let i = 0; i < this.arr.length; i++) if (this.arr[i] !== undefined) out.push(i + 1);
    for (const k of this.hashKeys()) if (this.get(k) !== undefined) out.push(k);
    return out;
  }

  /** getStr("__index"), cached. */
  metaIndex(): LuaValue {
    let v = this.indexField;
    if (v === NOT_CACHED) v = this.indexField = this.getStr("__index");
    return v;
  }

  /** getStr("__newindex"), cached. */
  metaNewindex(): LuaValue {
    let v = this.newindexField;
    if (v === NOT_CACHED) v = this.newindexField = this.getStr("__newindex");
    return v;
  }

  /** A non-string key's inherited value, unless a tombstone in the own Map hides it. */
  private baseGet(k: LuaValue): LuaValue {
    const h = this.hash;
    if (h !== undefined && h.has(k)) return undefined; // deleted here (tombstone)
    return this.base!.get(k);
  }

  /** Integer-key get for keys known to be integers (number form). */
  getInt(k: number): LuaValue {
    const arr = this.arr;
    if (k >= 1 && k <= arr.length) return arr[k - 1];
    const v = this.hash === undefined ? undefined : this.hash.get(k);
    return v !== undefined || this.base === undefined ? v : this.baseGet(k);
  }

  /** Raw set. Throws LuaFault for nil and NaN keys, with lua's messages. */
  set(k: LuaValue, v: LuaValue): void {
    if (typeof k === "number") {
      if (Number.isInteger(k)) {
        this.setInt(k, v);
        return;
      }
      if (Number.isNaN(k)) throw new LuaRunError("table index is NaN");
    } else if (typeof k === "string") {
      this.setStr(k, v);
      return;
    } else if (k === undefined) {
      throw new LuaRunError("table index is nil");
    } else if (k instanceof LuaFloat) {
      if (Number.isNaN(k.n)) throw new LuaRunError("table index is NaN");
      const nk = floatKey(k.n);
      if (typeof nk === "number" && Number.isSafeInteger(nk)) this.setInt(nk, v);
      else this.setHash(nk, v);
      return;
    }
    this.setHash(k, v);
  }

  setStr(k: string, v: LuaValue): void {
    this.indexField = this.newindexField = NOT_CACHED;
    if (this.watched) SHAPES.epoch++;
    if (this.shared) throw readOnly();
    let s = this.strs;
    if (s === undefined) {
      if (v === undefined && this.base === undefined) return;
      s = this.strs = new StrSlots();
    }
    const old = s[k];
    if (old !== undefined) {
      s[k] = v;
      if (v === undefined && ++this.strDead > MIN_DEAD_STRS && this.base === undefined && 2 * this.strDead > this.strCount) {
        this.compactStrs();
      }
      return;
    }
    if (this.strDead > 0 && k in s) {
      // a cleared key: revive it (the property and its charge are still there)
      if (v === undefined) return;
      s[k] = v;
      this.strDead--;
      return;
    }
    if (v === undefined) {
      // clearing an absent key: only an inherited value needs a tombstone
      if (this.base === undefined || !this.base.has(k)) return;
      this.strDead++;
    }
    s[k] = v;
    this.strCount++;
    this.iterKeys = undefined; // a new key invalidates traversal order
    MEM.alloc += SIZE.hashEntry;
    if (MEM.alloc > MEM.threshold) MEM.owner?.memoryPressure(0);
  }

  /** A fresh strs for a table that has none (the compiled tier's field stores, see jit.ts). */
  newStrs(): StrSlots {
    return (this.strs = new StrSlots());
  }

  /**
   * Book-keeping after the compiled tier stored a new string key straight into strs (only
   * in a table without cleared keys, metatable, `shared` or `watched`): what setStr does.
   */
  added(): void {
    this.strCount++;
    this.iterKeys = undefined;
    MEM.alloc += SIZE.hashEntry;
    if (MEM.alloc > MEM.threshold) MEM.owner?.memoryPressure(0);
  }

  /** Rebuild strs without its cleared keys (only without a base: there they are tombstones). */
  private compactStrs(): void {
    const old = this.strs!;
    const s = new StrSlots();
    let n = 0;
    for (const k of Object.keys(old)) {
      const v = old[k];
      if (v !== undefined) {
        s[k] = v;
        n++;
      }
    }
    this.strs = s;
    this.strCount = n;
    this.strDead = 0;
  }

  /**
   * Host-side construction of a fresh table: stores a string key without charging the
   * running script or checking `shared` (the caller owns the table and its data).
   */
  initStr(k: string, v: LuaValue): void {
    if (v === undefined) return;
    const s = (this.strs ??= new StrSlots());
    const old = s[k];
    if (old === undefined) {
      if (this.strDead > 0 && k in s) this.strDead--;
      else {
        this.strCount++;
        this.iterKeys = undefined;
      }
    }
    s[k] = v;
    this.indexField = this.newindexField = NOT_CACHED;
  }

  /**
   * Host-side construction: make this brand-new table a copy of `src`'s own fields (not what
   * src inherits through a base), uncharged. The string keys are copied in one Object.assign;
   * a big table (a VM's globals) starts as a dictionary, which V8 would turn it into after
   * the next few keys anyway, at the cost of a hidden class per key on the way.
   */
  initFrom(src: LuaTable): void {
    this.arr = src.arr.slice();
    if (src.strs !== undefined) {
      const big = src.strCount > MAX_ANCHORED_FIELDS;
      this.strs = Object.assign(big ? (Object.create(null) as StrSlots) : new StrSlots(), src.strs);
      this.strCount = src.strCount;
      this.strDead = src.strDead;
    }
    if (src.hash !== undefined) this.hash = new Map(src.hash);
  }

  /** Number of keys outside the array part, cleared string keys included (an upper bound). */
  hashSize(): number {
    return this.strCount + (this.hash === undefined ? 0 : this.hash.size);
  }

  /**
   * Calls fn for every own non-nil entry outside the array part (string keys, then the
   * Map's), keys in stored form; not what a fork inherits through its base.
   */
  forEachOwnField(fn: (k: LuaValue, v: LuaValue) => void): void {
    const s = this.strs;
    if (s !== undefined) {
      for (const k of Object.keys(s)) {
        const v = s[k];
        if (v !== undefined) fn(k, v);
      }
    }
    const h = this.hash;
    if (h !== undefined) for (const [k, v] of h) if (v !== undefined) fn(k, v);
  }

  setInt(k: number, v: LuaValue): void {
    const arr = this.arr;
    const n = arr.length;
    if (k >= 1 && k <= n) {
      if (this.shared) throw readOnly();
      arr[k - 1] = v;
      if (v === undefined && k === n) {
        // keep the "no trailing nil" invariant
        let m = n - 1;
        while (m > 0 && arr[m - 1] === undefined) m--;
        arr.length = m;
      }
      return;
    }
    if (k === n + 1) {
      if (v === undefined) return; // hash never holds n+1, so nothing to clear
      if (this.shared) throw readOnly();
      arr.push(v);
      MEM.alloc += SIZE.arraySlot;
      if (MEM.alloc > MEM.threshold) MEM.owner?.memoryPressure(0);
      const h = this.hash;
      if (h !== undefined && h.size > 0) this.migrate(h);
      return;
    }
    this.setHash(k, v);
  }

  /** After the array grew, pull the following integer keys out of the hash. */
  private migrate(h: Map<LuaValue, LuaValue>): void {
    const arr = this.arr;
    for (;;) {
      const next = arr.length + 1;
      const v = h.get(next);
      if (v === undefined) return;
      h.delete(next);
      arr.push(v);
    }
  }

  /** Raw set of a key that is neither a string nor in the array part. */
  private setHash(k: LuaValue, v: LuaValue): void {
    let h = this.hash;
    if (v === undefined) {
      if (this.shared) throw readOnly();
      if (this.base !== undefined && this.base.has(k)) {
        if (h === undefined) h = this.hash = new Map();
        if (!h.has(k)) this.iterKeys = undefined;
        h.set(k, undefined); // tombstone hides the inherited value
      } else if (h !== undefined) h.delete(k);
      return;
    }
    if (h === undefined) h = this.hash = new Map();
    if (this.shared) throw readOnly();
    const before = h.size;
    h.set(k, v);
    if (h.size !== before) {
      this.iterKeys = undefined; // a new key invalidates traversal order
      MEM.alloc += SIZE.hashEntry;
      if (MEM.alloc > MEM.threshold) MEM.owner?.memoryPressure(0);
    }
  }

  /** Own key present in the string or Map part (cleared or not): shadows the base. */
  private ownsKey(k: LuaValue): boolean {
    if (typeof k === "string") return this.strs !== undefined && k in this.strs;
    return this.hash !== undefined && this.hash.has(k);
  }

  /** Keys outside the array part in traversal order (own keys, then inherited ones not shadowed). */
  private hashKeys(): LuaValue[] {
    const own: LuaValue[] = this.strs === undefined ? [] : Object.keys(this.strs);
    if (this.hash !== undefined) for (const k of this.hash.keys()) own.push(k);
    const base = this.base;
    if (base === undefined) return own;
    for (const key of base.keys()) if (!this.ownsKey(key)) own.push(key);
    return own;
  }

  /** Fold the inherited table into the own parts (before this table is itself frozen or shared). */
  flattenBase(): void {
    const base = this.base;
    if (base === undefined) return;
    const strs = this.strs;
    const hash = this.hash;
    this.base = undefined;
    this.strs = undefined;
    this.strCount = this.strDead = 0;
    this.hash = undefined;
    const own = (k: LuaValue): boolean => (typeof k === "string" ? strs !== undefined && k in strs : hash !== undefined && hash.has(k));
    for (const k of base.keys()) if (!own(k)) this.init(k, base.get(k));
    if (strs !== undefined) for (const k of Object.keys(strs)) this.initStr(k, strs[k]);
    if (hash !== undefined) for (const [k, v] of hash) this.init(k, v);
    if (this.watched) SHAPES.epoch++;
    this.indexField = this.newindexField = NOT_CACHED;
    this.iterKeys = undefined;
  }

  /** initStr for a key of any kind, in stored form. */
  init(k: LuaValue, v: LuaValue): void {
    if (v === undefined) return;
    if (typeof k === "string") this.initStr(k, v);
    else if (typeof k === "number" && Number.isSafeInteger(k) && k >= 1 && k <= this.arr.length + 1) {
      if (k === this.arr.length + 1) {
        this.arr.push(v);
        if (this.hash !== undefined) this.migrate(this.hash);
      } else this.arr[k - 1] = v;
    } else (this.hash ??= new Map()).set(k, v);
  }

  /** setmetatable's assignment (an inline cache may depend on this table's metatable). */
  setMetatable(mt: LuaTable | undefined): void {
    if (this.watched) SHAPES.epoch++;
    this.metatable = mt;
  }

  /** The length operator without metamethods (a border). */
  length(): number {
    return this.arr.length;
  }

  /**
   * next(): writes the key and value after `k` into out[0], out[1]; returns false at the end.
   * Throws LuaFault("invalid key to 'next'") for a key that is not in the table.
   */
  next(k: LuaValue, out: LuaValue[]): boolean {
    const arr = this.arr;
    let i = 0; // index into arr to resume from
    if (k !== undefined) {
      let ik: LuaValue = k;
      if (ik instanceof LuaFloat) ik = floatKey(ik.n);
      if (typeof ik === "number" && Number.isInteger(ik) && ik >= 1 && ik <= arr.length) i = ik;
      else return this.nextInHash(ik, out);
    }
    for (; i < arr.length; i++) {
      const v = arr[i];
      if (v !== undefined) {
        out[0] = i + 1;
        out[1] = v;
        return true;
      }
    }
    return this.nextInHash(undefined, out);
  }

  private nextInHash(k: LuaValue, out: LuaValue[]): boolean {
    if (this.hash === undefined && this.strs === undefined && this.base === undefined) {
      if (k === undefined) return false;
      throw new LuaRunError("invalid key to 'next'");
    }
    let keys = this.iterKeys;
    if (keys === undefined) {
      keys = this.iterKeys = this.hashKeys();
      this.iterPos = 0;
    }
    let pos: number;
    if (k === undefined) pos = 0;
    else {
      if (keys[this.iterPos] === k) pos = this.iterPos + 1;
      else {
        const idx = keys.indexOf(k);
        if (idx < 0) throw new LuaRunError("invalid key to 'next'");
        pos = idx + 1;
      }
    }
    for (; pos < keys.length; pos++) {
      const key = keys[pos];
      const v = this.base !== undefined ? this.get(key) : typeof key === "string" ? this.strs![key] : this.hash!.get(key);
      if (v !== undefined) {
        this.iterPos = pos;
        out[0] = decodeKey(key);
        out[1] = v;
        return true;
      }
    }
    return false;
  }
}

/**
 * t[key] for a table t with a metatable and no own `key`, when every step of the way is an
 * __index table (no function, host view or long chain: then NOCACHE and the VM's index()
 * decides). The metatables and __index tables read are marked watched, so that an inline
 * cache of the answer lasts exactly until one of them changes.
 */
export function chainGetStr(t: LuaTable, key: string): LuaValue | typeof NOCACHE {
  return chainFromMeta(t.metatable, key);
}

/** chainGetStr for a value whose metatable is `mt` (a string's, say) and that has no own keys. */
function chainFromMeta(first: LuaTable | undefined, key: string): LuaValue | typeof NOCACHE {
  let mt = first;
  for (let depth = 0; depth < 16; depth++) {
    if (mt === undefined) return undefined;
    if (mt.base !== undefined || mt.source !== undefined) return NOCACHE;
    mt.watched = true;
    const idx = mt.metaIndex();
    if (idx === undefined) return undefined;
    if (!(idx instanceof LuaTable) || idx.base !== undefined || idx.source !== undefined) return NOCACHE;
    idx.watched = true;
    const v = idx.getStr(key);
    if (v !== undefined) return v;
    mt = idx.metatable;
  }
  return NOCACHE;
}

/**
 * The inline cache of one compiled site reading a constant string key through __index
 * tables: the answers for up to four metatables (a method call site often sees a few
 * classes), valid while SHAPES.epoch stays what it was when they were found.
 *
 * Every compiled site inlines the search, so it has no loop (a loop made V8's compile of a
 * script's main function twice as long) and every one of its reads runs on every search: each
 * new VM brings new metatables, so a later run hits entries an earlier one never did, and a
 * read or store V8 never saw run deoptimises all the code it was inlined into (so the hit is
 * found by adding the compares, and its answer read by index). Filling an entry is apart.
 */
export class ChainCache {
  private epoch = -1;
  private m0: LuaTable | null = null;
  private m1: LuaTable | null = null;
  private m2: LuaTable | null = null;
  private m3: LuaTable | null = null;
  private readonly vals: LuaValue[] = [undefined, undefined, undefined, undefined];
  private victim = 0;

  /** t[key] for a table t with a metatable and no own `key`; NOCACHE when the VM must decide. */
  lookup(t: LuaTable, key: string): LuaValue | typeof NOCACHE {
    return this.viaMeta(t.metatable!, key);
  }

  /** v[key] for a value v without own keys (a string) whose metatable is mt. */
  viaMeta(mt: LuaTable, key: string): LuaValue | typeof NOCACHE {
    const at = (this.m0 === mt ? 1 : 0) + (this.m1 === mt ? 2 : 0) + (this.m2 === mt ? 3 : 0) + (this.m3 === mt ? 4 : 0);
    if (at !== 0 && this.epoch === SHAPES.epoch) return this.vals[at - 1];
    return this.miss(mt, key);
  }

  /** Walk the chain and keep the answer. */
  private miss(mt: LuaTable, key: string): LuaValue | typeof NOCACHE {
    if (this.epoch !== SHAPES.epoch) {
      this.epoch = SHAPES.epoch;
      this.m0 = this.m1 = this.m2 = this.m3 = null;
      this.vals.fill(undefined);
      this.victim = 0;
    }
    const v = chainFromMeta(mt, key);
    if (v === NOCACHE) return v;
    const at = this.victim;
    if (at === 0) this.m0 = mt;
    else if (at === 1) this.m1 = mt;
    else if (at === 2) this.m2 = mt;
    else this.m3 = mt;
    this.vals[at] = v;
    this.victim = (at + 1) & 3;
    return v;
  }
}
