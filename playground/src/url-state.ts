// The page's state in the URL hash (JSON, base64url of its UTF-8), so a link reproduces it.

export type Mode = "lua" | "formula" | "rules";

export interface Budgets {
  instructions: number;
  memoryBytes: number;
  depth: number;
  timeoutMs: number;
  /** Trace ring-buffer size (instructions kept). */
  trace: number;
}

export interface PageState {
  mode: Mode;
  lua: string;
  formula: string;
  facts: string;
  rules: string;
  records: string;
  budget: Budgets;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function encodeState(s: PageState): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(s)));
}

const MODES: readonly string[] = ["lua", "formula", "rules"];
const TEXT_KEYS = ["lua", "formula", "facts", "rules", "records"] as const;
const BUDGET_KEYS = ["instructions", "memoryBytes", "depth", "timeoutMs", "trace"] as const;

/**
 * The state a hash holds, over `defaults`. A link is untrusted input: anything malformed is
 * ignored field by field rather than breaking the page.
 */
export function decodeState(hash: string, defaults: PageState): PageState {
  const text = hash.replace(/^#/, "");
  if (text === "") return defaults;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(fromBase64Url(text)));
  } catch {
    return defaults;
  }
  if (typeof raw !== "object" || raw === null) return defaults;
  const o = raw as Record<string, unknown>;
  const s: PageState = { ...defaults, budget: { ...defaults.budget } };
  if (typeof o.mode === "string" && MODES.includes(o.mode)) s.mode = o.mode as Mode;
  for (const k of TEXT_KEYS) {
    const v = o[k];
    if (typeof v === "string") s[k] = v;
  }
  if (typeof o.budget === "object" && o.budget !== null) {
    const b = o.budget as Record<string, unknown>;
    for (const k of BUDGET_KEYS) {
      const v = b[k];
      if (typeof v === "number" && Number.isFinite(v) && v >= 0) s.budget[k] = v;
    }
  }
  return s;
}
