// Lua strings are byte strings: one JS char per byte. These convert at the host boundary.

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8");

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** A JS (UTF-16) string to a Lua byte string holding its UTF-8 encoding. */
export function toByteString(s: string): string {
  if (isAscii(s)) return s;
  return bytesToByteString(encoder.encode(s));
}

/** A Lua byte string back to JS text, decoding UTF-8 (invalid sequences become U+FFFD). */
export function fromByteString(s: string): string {
  if (isAscii(s)) return s;
  return decoder.decode(byteStringToBytes(s));
}

export function bytesToByteString(bytes: Uint8Array): string {
  let out = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return out;
}

export function byteStringToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
