// Compiled chunks as bytes: compile once, store or ship the result, load it later without the
// front end. The format is moonrule's own (not luac's) and is tied to one compiler version,
// because the interpreter trusts invariants of the code our compiler emits:
//
//   magic        4 bytes  "\x1bMRC"
//   format       1 byte   CHUNK_FORMAT_VERSION (the layout below)
//   compiler     1 byte length + ASCII: COMPILER_VERSION of the compiler that wrote it
//   flags        1 byte   bit 0: the source text is included
//   chunk name   text     Script.chunkName ("input", "lua``", "t.lua")
//   raw name     text     the name the chunk was loaded under ("=input", "@t.lua"), for debug.getinfo
//   source       text     the source text (only with flag bit 0)
//   main proto   (below)
//   hash         32 bytes SHA-256 of every byte before it
//
//   proto: source (varint 0 = same as the enclosing proto, else 1 + byte length, then bytes),
//          linedefined, lastlinedefined, numparams, flags (bit 0 vararg), maxstacksize (varints);
//          code (count, then 4 bytes LE per instruction); constants (count, then a tag byte and
//          the value each); upvalues (count, then name, instack byte, idx varint each); nested
//          protos (count, then each); lineinfo (a zigzag varint delta per instruction); colinfo
//          (a varint per instruction); locvars (count, then name, startpc, endpc each).
//   text:  varint byte length + WTF-8 (UTF-8 that also carries lone surrogates), for JS strings.
//   bytes: varint length + one byte per char, for Lua byte strings (constants, names).
//   varint: unsigned LEB128, at most 31 bits.
//
// Loading checks the magic, the format and compiler versions, the hash, decodes with a bounds
// check before every read and before every allocation (a length is checked against the bytes
// left first), then hands the prototype tree to the verifier (verify.ts), which is what makes a
// loaded chunk safe to run: the hash only detects corruption — anyone can compute a SHA-256, so
// it authenticates nothing.
//
// COMPILER_VERSION is "<package version>/<bytecode revision>". Bump the revision whenever the
// code the compiler emits or the interpreter's reading of it changes (an opcode's operands, a
// new invariant the verifier must check, constant folding that changes results), and the
// package part on every release; chunks written by any other version are refused with a message
// naming both, and must be recompiled from source. Bump CHUNK_FORMAT_VERSION when the byte
// layout above changes.

import { nameProtos } from "./load.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { LuaError } from "./errors.js";
import { rawChunkName } from "./load.js";
import type { LocVar, Proto, UpvalDesc } from "./proto.js";
import { Script } from "./script.js";
import { LuaFloat, type LuaValue } from "./value.js";
import { MAX_NESTING, verifyProto } from "./verify.js";

/** Version of the compiler (and interpreter contract) a chunk belongs to; see the module comment. */
export const COMPILER_VERSION = "0.1.0/1";
/** Version of the byte layout. */
export const CHUNK_FORMAT_VERSION = 1;
/** The first four bytes of every chunk. */
export const CHUNK_MAGIC = "\x1bMRC";

const MAGIC_BYTES = [0x1b, 0x4d, 0x52, 0x43];
const HASH_SIZE = 32;
const FLAG_SOURCE = 1;

const enum Tag { Nil, False, True, Int, Float, BoxedFloat, String }

export interface SerializeOptions {
  /** Leave the source text out (smaller; errors then show no source snippet). Default false. */
  stripSource?: boolean;
}

// ------------------------------------------------------------------------------ writing

class Writer {
  buf = new Uint8Array(256);
  len = 0;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }

  raw(bytes: ArrayLike<number>): void {
    this.room(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  varint(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new TypeError(`moonrule: cannot serialize ${n} as a chunk count or index`);
    while (n >= 0x80) {
      this.byte((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    this.byte(n);
  }

  /** Signed, zigzag-encoded. */
  svarint(n: number): void {
    if (!Number.isInteger(n) || n < -0x40000000 || n > 0x3fffffff) throw new TypeError(`moonrule: cannot serialize ${n} as a line delta`);
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  u32(x: number): void {
    this.room(4);
    const b = this.buf;
    b[this.len++] = x & 0xff;
    b[this.len++] = (x >>> 8) & 0xff;
    b[this.len++] = (x >>> 16) & 0xff;
    b[this.len++] = (x >>> 24) & 0xff;
  }

  f64(x: number): void {
    this.scratch.setFloat64(0, x, true);
    this.raw(new Uint8Array(this.scratch.buffer));
  }

  i64(x: bigint): void {
    this.scratch.setBigInt64(0, x, true);
    this.raw(new Uint8Array(this.scratch.buffer));
  }

  /** A Lua byte string (one char per byte). */
  bytes(s: string, what: string): void {
    this.varint(s.length);
    this.room(s.length);
    const b = this.buf;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xff) throw new TypeError(`moonrule: cannot serialize ${what}: not a byte string`);
      b[this.len++] = c;
    }
  }

  /** A JS string, WTF-8 encoded. */
  text(s: string): void {
    const enc = encodeWtf8(s);
    this.varint(enc.length);
    this.raw(enc);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** UTF-8 of a JS string, with lone surrogates encoded like other code points (WTF-8). */
function encodeWtf8(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          out[n++] = 0xf0 | (c >> 18);
          out[n++] = 0x80 | ((c >> 12) & 0x3f);
          out[n++] = 0x80 | ((c >> 6) & 0x3f);
          out[n++] = 0x80 | (c & 0x3f);
          continue;
        }
      }
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return out.subarray(0, n);
}

function writeConstant(w: Writer, v: LuaValue): void {
  if (v === undefined) w.byte(Tag.Nil);
  else if (v === false) w.byte(Tag.False);
  else if (v === true) w.byte(Tag.True);
  else if (typeof v === "number") {
    if (Number.isInteger(v)) {
      w.byte(Tag.Int);
      w.i64(BigInt(v));
    } else {
      w.byte(Tag.Float);
      w.f64(v);
    }
  } else if (typeof v === "bigint") {
    w.byte(Tag.Int);
    w.i64(BigInt.asIntN(64, v));
  } else if (v instanceof LuaFloat) {
    w.byte(Tag.BoxedFloat);
    w.f64(v.n);
  } else if (typeof v === "string") {
    w.byte(Tag.String);
    w.bytes(v, "a string constant");
  } else throw new TypeError("moonrule: cannot serialize a constant that is not nil, a boolean, a number or a string");
}

function writeProto(w: Writer, p: Proto, parentSource: string | undefined): void {
  if (p.source === parentSource) w.varint(0);
  else {
    const enc = encodeWtf8(p.source);
    w.varint(enc.length + 1);
    w.raw(enc);
  }
  w.varint(p.linedefined);
  w.varint(p.lastlinedefined);
  w.varint(p.numparams);
  w.byte(p.isVararg ? 1 : 0);
  w.varint(p.maxstacksize);
  const code = p.code;
  w.varint(code.length);
  for (let i = 0; i < code.length; i++) w.u32(code[i]!);
  w.varint(p.k.length);
  for (const v of p.k) writeConstant(w, v);
  w.varint(p.upvalues.length);
  for (const u of p.upvalues) {
    w.bytes(u.name, "an upvalue name");
    w.byte(u.instack ? 1 : 0);
    w.varint(u.idx);
  }
  w.varint(p.p.length);
  for (const child of p.p) writeProto(w, child, p.source);
  let line = 0;
  for (let i = 0; i < code.length; i++) {
    const l = p.lineinfo[i] ?? 0;
    w.svarint(l - line);
    line = l;
  }
  for (let i = 0; i < code.length; i++) w.varint(Math.max(0, p.colinfo[i] ?? 0));
  w.varint(p.locvars.length);
  for (const lv of p.locvars) {
    w.bytes(lv.name, "a local variable name");
    w.varint(lv.startpc);
    w.varint(lv.endpc);
  }
}

/**
 * A compiled Script as bytes that loadChunk reads back (in any process running the same
 * moonrule compiler version). Deterministic: the same script always gives the same bytes.
 */
export function serializeChunk(script: Script, opts: SerializeOptions = {}): Uint8Array {
  if (!(script instanceof Script)) throw new TypeError("moonrule: serializeChunk takes a Script (from compile() or lua``)");
  const w = new Writer();
  w.raw(MAGIC_BYTES);
  w.byte(CHUNK_FORMAT_VERSION);
  w.byte(COMPILER_VERSION.length);
  for (let i = 0; i < COMPILER_VERSION.length; i++) w.byte(COMPILER_VERSION.charCodeAt(i));
  const withSource = opts.stripSource !== true;
  w.byte(withSource ? FLAG_SOURCE : 0);
  w.text(script.chunkName);
  w.text(rawChunkName(script.proto));
  if (withSource) w.text(script.source);
  writeProto(w, script.proto, undefined);
  w.raw(sha256(w.buf.subarray(0, w.len)));
  return w.result();
}

/** Hex SHA-256 of the script's chunk (with its source): a content address for compiled code. */
export function scriptHash(script: Script): string {
  return bytesToHex(sha256(serializeChunk(script)));
}

/** Whether the bytes start like a moonrule chunk (the magic only: loadChunk checks the rest). */
export function isChunk(bytes: Uint8Array | string): boolean {
  if (typeof bytes === "string") return bytes.startsWith(CHUNK_MAGIC);
  return bytes.length >= 4 && MAGIC_BYTES.every((b, i) => bytes[i] === b);
}

/**
 * @internal For tests: recompute the hash of (possibly altered) chunk bytes, so that what the
 * verifier and the decoder do with them can be tested past the integrity check.
 */
export function resealChunk(bytes: Uint8Array): Uint8Array {
  if (bytes.length < HASH_SIZE) throw new TypeError("moonrule: too short to be a chunk");
  const out = bytes.slice();
  out.set(sha256(out.subarray(0, out.length - HASH_SIZE)), out.length - HASH_SIZE);
  return out;
}

// ------------------------------------------------------------------------------ reading

function invalid(msg: string): LuaError {
  const text = `invalid chunk: ${msg}`;
  return new LuaError(text, { kind: "syntax" });
}

/** Most prototypes and instructions one chunk may hold (the verifier has the same bounds). */
const MAX_PROTOS = 1 << 20;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

class Reader {
  pos: number;
  protos = 0;
  private readonly view: DataView;

  constructor(readonly buf: Uint8Array, start: number, readonly end: number) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Throw unless n more bytes (n ≥ 0) can be read. */
  need(n: number, what: string): void {
    if (n > this.end - this.pos) {
      throw invalid(`truncated: ${what} needs ${n} byte${n === 1 ? "" : "s"} at offset ${this.pos}, ${this.end - this.pos} left`);
    }
  }

  byte(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++]!;
  }

  varint(what: string): number {
    const p = this.pos;
    if (p < this.end) {
      const x = this.buf[p]!;
      if (x < 0x80) {
        this.pos = p + 1;
        return x;
      }
    }
    return this.longVarint(what);
  }

  private longVarint(what: string): number {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte(what);
      if (shift === 28 && b > 0x07) throw invalid(`${what} at offset ${this.pos - 1} is too large`);
      n += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return n;
    }
  }

  svarint(what: string): number {
    const z = this.varint(what);
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  /** A count of items each taking at least `min` bytes: checked against the bytes left. */
  count(what: string, min: number): number {
    const at = this.pos;
    const n = this.varint(what);
    if (n * min > this.end - this.pos) {
      throw invalid(`truncated: ${what} ${n} at offset ${at} needs at least ${n * min} more bytes, ${this.end - this.pos} left`);
    }
    return n;
  }

  u32(): number {
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) | 0;
  }

  f64(what: string): number {
    this.need(8, what);
    const x = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return x;
  }

  i64(what: string): bigint {
    this.need(8, what);
    const x = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return x;
  }

  bytes(what: string): string {
    const n = this.count(what, 1);
    const b = this.buf;
    const p = this.pos;
    let out = "";
    if (n <= 16) {
      for (let i = 0; i < n; i++) out += String.fromCharCode(b[p + i]!);
    } else {
      const CHUNK = 0x2000;
      for (let i = 0; i < n; i += CHUNK) {
        out += String.fromCharCode.apply(null, b.subarray(p + i, p + Math.min(n, i + CHUNK)) as unknown as number[]);
      }
    }
    this.pos = p + n;
    return out;
  }

  text(what: string): string {
    const n = this.count(what, 1);
    return this.wtf8(n, what);
  }

  wtf8(n: number, what: string): string {
    // UTF-8 (the usual case) through the platform's decoder; lone surrogates make it refuse,
    // and the loop below takes over
    try {
      const text = utf8.decode(this.buf.subarray(this.pos, this.pos + n));
      this.pos += n;
      return text;
    } catch {
      return this.wtf8Slow(n, what);
    }
  }

  private wtf8Slow(n: number, what: string): string {
    const b = this.buf;
    const end = this.pos + n;
    const units: number[] = [];
    let out = "";
    let p = this.pos;
    const bad = (): LuaError => invalid(`${what} at offset ${p} is not valid UTF-8`);
    while (p < end) {
      const c = b[p]!;
      let cp: number;
      if (c < 0x80) {
        cp = c;
        p++;
      } else if (c >= 0xc2 && c < 0xe0) {
        if (p + 1 >= end || (b[p + 1]! & 0xc0) !== 0x80) throw bad();
        cp = ((c & 0x1f) << 6) | (b[p + 1]! & 0x3f);
        p += 2;
      } else if (c >= 0xe0 && c < 0xf0) {
        if (p + 2 >= end || (b[p + 1]! & 0xc0) !== 0x80 || (b[p + 2]! & 0xc0) !== 0x80) throw bad();
        cp = ((c & 0x0f) << 12) | ((b[p + 1]! & 0x3f) << 6) | (b[p + 2]! & 0x3f);
        if (cp < 0x800) throw bad();
        p += 3;
      } else if (c >= 0xf0 && c < 0xf5) {
        if (p + 3 >= end || (b[p + 1]! & 0xc0) !== 0x80 || (b[p + 2]! & 0xc0) !== 0x80 || (b[p + 3]! & 0xc0) !== 0x80) throw bad();
        cp = ((c & 0x07) << 18) | ((b[p + 1]! & 0x3f) << 12) | ((b[p + 2]! & 0x3f) << 6) | (b[p + 3]! & 0x3f);
        if (cp < 0x10000 || cp > 0x10ffff) throw bad();
        p += 4;
      } else throw bad();
      if (cp >= 0x10000) {
        cp -= 0x10000;
        units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
      } else units.push(cp);
      if (units.length >= 0x2000) {
        out += String.fromCharCode.apply(null, units);
        units.length = 0;
      }
    }
    this.pos = end;
    return out + String.fromCharCode.apply(null, units);
  }
}

function readConstant(r: Reader): LuaValue {
  const at = r.pos;
  const tag = r.byte("constant tag");
  switch (tag) {
    case Tag.Nil:
      return undefined;
    case Tag.False:
      return false;
    case Tag.True:
      return true;
    case Tag.Int: {
      const v = r.i64("integer constant");
      return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
    }
    case Tag.Float: {
      const x = r.f64("float constant");
      if (Number.isInteger(x)) throw invalid(`float constant at offset ${at} has an integral value but is not boxed`);
      return x;
    }
    case Tag.BoxedFloat: {
      const x = r.f64("float constant");
      if (!Number.isInteger(x) && !Number.isNaN(x)) throw invalid(`boxed float constant at offset ${at} is not integral`);
      return new LuaFloat(x);
    }
    case Tag.String:
      return r.bytes("string constant length");
    default:
      throw invalid(`unknown constant tag ${tag} at offset ${at}`);
  }
}

function readProto(r: Reader, parentSource: string | undefined, depth: number): Proto {
  if (depth > MAX_NESTING) throw invalid(`functions nested more than ${MAX_NESTING} deep`);
  if (++r.protos > MAX_PROTOS) throw invalid(`more than ${MAX_PROTOS} functions`);
  const at = r.pos;
  const srcLen = r.count("function source name length", 1);
  let source: string;
  if (srcLen === 0) {
    if (parentSource === undefined) throw invalid(`main function at offset ${at} has no source name`);
    source = parentSource;
  } else {
    r.need(srcLen - 1, "function source name");
    source = r.wtf8(srcLen - 1, "function source name");
  }
  const linedefined = r.varint("linedefined");
  const lastlinedefined = r.varint("lastlinedefined");
  const numparams = r.varint("numparams");
  const flags = r.byte("function flags");
  if (flags > 1) throw invalid(`unknown function flags ${flags} at offset ${r.pos - 1}`);
  const maxstacksize = r.varint("maxstacksize");
  const ncode = r.count("instruction count", 4 + 2); // a word, a line delta and a column each
  const code = new Int32Array(ncode);
  for (let i = 0; i < ncode; i++) code[i] = r.u32();
  const nk = r.count("constant count", 1);
  const k: LuaValue[] = [];
  for (let i = 0; i < nk; i++) k.push(readConstant(r));
  const nup = r.count("upvalue count", 3);
  const upvalues: UpvalDesc[] = [];
  for (let i = 0; i < nup; i++) {
    const name = r.bytes("upvalue name length");
    const instack = r.byte("upvalue instack");
    if (instack > 1) throw invalid(`upvalue instack flag ${instack} at offset ${r.pos - 1}`);
    const idx = r.varint("upvalue index");
    upvalues.push({ name, instack: instack === 1, idx });
  }
  const np = r.count("function count", 11);
  const p: Proto[] = [];
  for (let i = 0; i < np; i++) p.push(readProto(r, source, depth + 1));
  r.need(2 * ncode, "line and column information");
  const lineinfo = new Int32Array(ncode);
  let line = 0;
  for (let i = 0; i < ncode; i++) {
    line += r.svarint("line delta");
    if (line < 0 || line > 0x7fffffff) throw invalid(`line number ${line} out of range at offset ${r.pos}`);
    lineinfo[i] = line;
  }
  const colinfo = new Int32Array(ncode);
  for (let i = 0; i < ncode; i++) colinfo[i] = r.varint("column");
  const nloc = r.count("local variable count", 3);
  const locvars: LocVar[] = [];
  for (let i = 0; i < nloc; i++) {
    const name = r.bytes("local variable name length");
    const startpc = r.varint("local variable startpc");
    const endpc = r.varint("local variable endpc");
    locvars.push({ name, startpc, endpc });
  }
  return { code, k, p, upvalues, lineinfo, colinfo, locvars, numparams, isVararg: flags === 1, maxstacksize, linedefined, lastlinedefined, source, jit: undefined, hot: 0 };
}

/** The header fields before the prototype tree. */
interface Header {
  chunkName: string;
  rawName: string;
  source: string | undefined;
}

function readHeader(bytes: Uint8Array): { header: Header; reader: Reader } {
  if (bytes.length < 4 || !MAGIC_BYTES.every((b, i) => bytes[i] === b)) {
    throw invalid("not a moonrule chunk (bad magic bytes; expected \"\\27MRC\")");
  }
  if (bytes.length < 6) throw invalid("truncated: the header is incomplete");
  const format = bytes[4]!;
  if (format !== CHUNK_FORMAT_VERSION) {
    throw invalid(`chunk format version ${format} is not supported (this moonrule reads format ${CHUNK_FORMAT_VERSION})`);
  }
  const vlen = bytes[5]!;
  if (bytes.length < 6 + vlen) throw invalid("truncated: the header is incomplete");
  let version = "";
  for (let i = 0; i < vlen; i++) {
    const c = bytes[6 + i]!;
    version += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : "?";
  }
  if (version !== COMPILER_VERSION) {
    throw invalid(`compiled by moonrule compiler ${version}, but this is compiler ${COMPILER_VERSION}: recompile it from source`);
  }
  if (bytes.length < 6 + vlen + HASH_SIZE) throw invalid("truncated: no room for the integrity hash");
  const end = bytes.length - HASH_SIZE;
  const expected = sha256(bytes.subarray(0, end));
  let diff = 0;
  for (let i = 0; i < HASH_SIZE; i++) diff |= expected[i]! ^ bytes[end + i]!;
  if (diff !== 0) throw invalid("chunk integrity check failed (the SHA-256 does not match: the bytes were altered or cut short)");
  const r = new Reader(bytes, 6 + vlen, end);
  const flags = r.byte("header flags");
  if (flags > 1) throw invalid(`unknown header flags ${flags}`);
  const chunkName = r.text("chunk name");
  const rawName = r.text("raw chunk name");
  const source = flags & FLAG_SOURCE ? r.text("source text") : undefined;
  return { header: { chunkName, rawName, source }, reader: r };
}

/**
 * Read a chunk written by serializeChunk: checks the magic bytes, the format and compiler
 * versions and the integrity hash, decodes with bounds checks, and verifies the bytecode
 * (verify.ts). Throws a LuaError of kind "syntax" whose message starts "invalid chunk:" for
 * anything wrong, and a TypeError if `bytes` is not a Uint8Array.
 */
export function loadChunk(bytes: Uint8Array): Script {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("moonrule: loadChunk takes a Uint8Array");
  const { header, reader } = readHeader(bytes);
  const proto = readProto(reader, undefined, 0);
  if (reader.pos !== reader.end) throw invalid(`${reader.end - reader.pos} unexpected bytes after the main function at offset ${reader.pos}`);
  verifyProto(proto);
  nameProtos(proto, header.rawName); // debug.getinfo's `source` reads "@file" as for the source
  return new Script(header.source ?? "", header.chunkName, proto);
}

/** @internal The raw chunk name stored in a chunk (debug.getinfo's `source`), for tools. */
export function chunkRawName(bytes: Uint8Array): string {
  return readHeader(bytes).header.rawName;
}
