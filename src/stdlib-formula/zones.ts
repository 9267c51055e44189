// Time zones: names validated and canonicalised before anything reaches @date-fns/tz (whose
// caches are keyed by the name as given, on plain objects — "constructor" or endless case
// variants of a name must never get there), UTC offsets of an instant, and wall-clock times
// turned into instants.

import { tzOffset } from "@date-fns/tz";
import { chargeWork } from "../vm/memory.js";

export interface Zone {
  /** Canonical IANA name ("Europe/Berlin", "UTC") or a fixed offset ("+05:30"). */
  readonly name: string;
  /** Fixed offset in milliseconds (UTC and "±HH:MM" zones): no lookup needed. */
  readonly fixed: number | undefined;
}

export const UTC: Zone = Object.freeze({ name: "UTC", fixed: 0 });

const cache = new Map<string, Zone>();
/** Instructions charged for one offset lookup through Intl (a few microseconds). */
const OFFSET_COST = 16;
const NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;
const OFFSET = /^([+-])(\d\d):?(\d\d)$/;

/** The zone for a name, or undefined when it is not one (never throws). */
export function resolveZone(name: string): Zone | undefined {
  if (name.length === 0 || name.length > 64) return undefined;
  const known = cache.get(name);
  if (known !== undefined) return known;
  let zone: Zone | undefined;
  const m = OFFSET.exec(name);
  if (m !== null) {
    const h = Number(m[2]);
    const min = Number(m[3]);
    if (h > 23 || min > 59) return undefined;
    const ms = (m[1] === "-" ? -1 : 1) * (h * 60 + min) * 60000;
    zone = ms === 0 ? UTC : Object.freeze({ name: `${m[1]}${m[2]}:${m[3]}`, fixed: ms });
  } else {
    if (!NAME.test(name)) return undefined;
    let canonical: string;
    try {
      canonical = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      return undefined;
    }
    if (typeof canonical !== "string" || !NAME.test(canonical)) return undefined;
    zone = canonical === "UTC" || canonical === "Etc/UTC" || canonical === "Etc/GMT" ? UTC : Object.freeze({ name: canonical, fixed: undefined });
  }
  if (cache.size >= 1024) cache.clear(); // bounded: names are not under our control
  cache.set(name, zone);
  return zone;
}

/** The zone's UTC offset at an instant, in milliseconds (east positive). */
export function offsetAt(zone: Zone, ms: number): number {
  if (zone.fixed !== undefined) return zone.fixed;
  chargeWork(OFFSET_COST);
  const minutes = tzOffset(zone.name, new Date(ms));
  if (!Number.isFinite(minutes)) throw new Error(`no offset for ${zone.name}`);
  return Math.round(minutes * 60000);
}

const DAY = 86400000;

/**
 * The instant a wall-clock time (milliseconds since 1970-01-01T00:00 of the zone's calendar)
 * stands for. In a gap (clocks jumping forward) the time moves forward by the gap; in an
 * overlap (clocks going back) the earlier instant is taken — JS Temporal's "compatible".
 */
export function wallToInstant(zone: Zone, wall: number): number {
  if (zone.fixed !== undefined) return wall - zone.fixed;
  const before = offsetAt(zone, wall - DAY);
  const after = offsetAt(zone, wall + DAY);
  const tA = wall - before;
  if (before === after && offsetAt(zone, tA) === before) return tA;
  const tB = wall - after;
  const okA = offsetAt(zone, tA) === before;
  const okB = offsetAt(zone, tB) === after;
  if (okA && okB) return Math.min(tA, tB);
  if (okA) return tA;
  if (okB) return tB;
  return tA; // a gap: read with the offset before it, which lands after it
}
