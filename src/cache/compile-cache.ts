// The compile cache: every script is compiled once per process and shared by every VM and
// tenant that runs it (a Script holds no VM state). Entries are keyed by the exact source
// text and chunk name — a Map lookup on the string itself, so two different sources can
// never share an entry (no hash collision to fear) and a hit costs a hash of a string V8
// usually already knows. Bounded by entries and by bytes (lru-cache). Syntax errors are
// cached too: an editor re-validating the same broken text pays nothing.

import { LRUCache } from "lru-cache";
import { LuaError } from "../vm/errors.js";
import type { Proto } from "../vm/proto.js";
import { compile, Script } from "../vm/script.js";

export interface CompileCacheOptions {
  /** Most sources kept (default 1000). */
  max?: number;
  /** Most estimated bytes kept (default 64 MB). */
  maxBytes?: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  evictions: number;
  /** Sources held now. */
  entries: number;
  /** Estimated bytes held now. */
  bytes: number;
}

/** One source: its compiled Script (or syntax error) per chunk name. */
type Variants = Map<string, Script | LuaError>;

/** Rough heap size of a compiled chunk: code, line and column arrays, constants, source. */
function protoBytes(p: Proto): number {
  let n = 120 + p.code.length * 12 + p.k.length * 16 + p.locvars.length * 48 + p.upvalues.length * 40;
  for (const k of p.k) if (typeof k === "string") n += k.length;
  for (const child of p.p) n += protoBytes(child);
  return n;
}

function entryBytes(source: string, v: Script | LuaError): number {
  return 64 + source.length * 2 + (v instanceof Script ? protoBytes(v.proto) : 256);
}

export class CompileCache {
  private readonly lru: LRUCache<string, Variants>;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(opts: CompileCacheOptions = {}) {
    this.lru = new LRUCache<string, Variants>({
      max: opts.max ?? 1000,
      maxSize: opts.maxBytes ?? 64 << 20,
      sizeCalculation: (variants, source) => {
        let n = 0;
        for (const v of variants.values()) n += entryBytes(source, v);
        return Math.max(1, n);
      },
      dispose: (_v, _k, reason) => {
        if (reason === "evict") this.evictions++;
      },
    });
  }

  /** The compiled Script for this source and chunk name; compiles on a miss. Throws the (cached) syntax LuaError. */
  compile(source: string, opts: { chunkName?: string } = {}): Script {
    const chunkName = opts.chunkName ?? "input";
    const variants = this.lru.get(source);
    const found = variants?.get(chunkName);
    if (found !== undefined) {
      this.hits++;
      if (found instanceof LuaError) throw found;
      return found;
    }
    this.misses++;
    let result: Script | LuaError;
    try {
      result = compile(source, { chunkName });
    } catch (e) {
      if (!(e instanceof LuaError)) throw e;
      result = e;
    }
    if (variants !== undefined) {
      variants.set(chunkName, result);
      this.lru.set(source, variants); // re-set to recompute its size
    } else this.lru.set(source, new Map([[chunkName, result]]));
    if (result instanceof LuaError) throw result;
    return result;
  }

  get stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, evictions: this.evictions, entries: this.lru.size, bytes: this.lru.calculatedSize };
  }

  clear(): void {
    this.lru.clear();
  }
}

/** The process-wide cache `Lua.eval` uses for source text unless told otherwise. */
export const defaultCompileCache = new CompileCache();
