// Double-double arithmetic (~106 bits), shared by pow (arith.ts) and the correctly rounded
// exp/log/trig functions (lib/math.ts). Results land in the registers R.h + R.l (no object
// per operation): call, then read R.h and R.l before the next call.

export const R = { h: 0, l: 0 };

const SPLIT = 134217729; // 2^27 + 1

/** R = a * b exactly (Dekker). */
export function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  R.h = p;
  R.l = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** R = a + b exactly (Knuth). */
export function twoSum(a: number, b: number): void {
  const s = a + b;
  const v = s - a;
  R.h = s;
  R.l = a - (s - v) + (b - v);
}

/** R = (ah, al) + (bh, bl), with both error terms kept (the accurate addition). */
export function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  let s = ah + bh;
  let v = s - ah;
  let e = ah - (s - v) + (bh - v);
  const t = al + bl;
  v = t - al;
  const f = al - (t - v) + (bl - v);
  e += t;
  let h = s + e;
  e = e - (h - s);
  e += f;
  s = h + e;
  R.l = e - (s - h);
  R.h = s;
}

/** R = (ah, al) * (bh, bl). */
export function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = R.h;
  const e = R.l + (ah * bl + al * bh);
  const s = p + e;
  R.l = e - (s - p);
  R.h = s;
}

/** R = (ah, al) / (bh, bl): three quotient digits, each corrected against the remainder. */
export function ddDiv(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh;
  ddMul(q1, 0, bh, bl); // r = a - q1 * b
  ddAdd(ah, al, -R.h, -R.l);
  const rH = R.h;
  const rL = R.l;
  const q2 = rH / bh;
  ddMul(q2, 0, bh, bl); // r -= q2 * b
  ddAdd(rH, rL, -R.h, -R.l);
  const q3 = R.h / bh;
  const s = q1 + q2;
  const e = q2 - (s - q1);
  ddAdd(s, e, q3, 0);
}
