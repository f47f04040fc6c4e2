import type { SplitSide } from './split-side.js';
import { ABS, REL } from './tolerance.js';

/** Most exact evaluations the scan spends on either side of the model's maximiser. */
export const SCAN_LIMIT = 2048n;

/** The model bound on a split: s0 gets a, s1 the rest (padded against float rounding). */
export function upper(s0: SplitSide, s1: SplitSide, amountF: number, a: bigint): number {
  const x = Number(a);
  return (s0.model.value(x) + s1.model.value(amountF - x)) * (1 + REL) + ABS;
}

/** Integer form of the model bound: each side's exact out is ≤ ⌊its bound⌋. */
function upperFloor(s0: SplitSide, s1: SplitSide, amountF: number, a: bigint): number {
  const x = Number(a);
  return Math.floor(s0.model.value(x) * (1 + REL) + ABS) + Math.floor(s1.model.value(amountF - x) * (1 + REL) + ABS);
}

/**
 * The a in [lo, hi] maximising the (concave) model bound, searched from `start`: the ascent
 * direction from there, steps doubling while the bound still rises, then ternary search inside the
 * last bracket. A few evaluations when `start` is already at the maximiser.
 */
export function maximiser(s0: SplitSide, s1: SplitSide, amountF: number, lo: bigint, hi: bigint, start: bigint): bigint {
  const here = upper(s0, s1, amountF, start);
  let dir = 0n;
  if (start < hi && upper(s0, s1, amountF, start + 1n) > here) dir = 1n;
  else if (start > lo && upper(s0, s1, amountF, start - 1n) > here) dir = -1n;
  if (dir === 0n) return start;
  // Exponential bracket: the bound rises from p2 to p1; the first q beyond p1 where it no longer
  // rises (or the range ends) closes the bracket [p2, q], which holds the maximum (concavity).
  let p2 = start;
  let p1 = start + dir;
  let u1 = upper(s0, s1, amountF, p1);
  let q = p1;
  for (let step = 2n; ; step *= 2n) {
    q = start + dir * step;
    if (q < lo) q = lo;
    if (q > hi) q = hi;
    const uq = upper(s0, s1, amountF, q);
    if (uq <= u1 || q === lo || q === hi) break;
    p2 = p1;
    p1 = q;
    u1 = uq;
  }
  let l = p2 < q ? p2 : q;
  let r = p2 < q ? q : p2;
  while (r - l > 2n) {
    const m1 = l + (r - l) / 3n;
    const m2 = r - (r - l) / 3n;
    if (upper(s0, s1, amountF, m1) < upper(s0, s1, amountF, m2)) l = m1 + 1n;
    else r = m2 - 1n;
  }
  let best = l;
  for (let a = l + 1n; a <= r; a++) if (upper(s0, s1, amountF, a) > upper(s0, s1, amountF, best)) best = a;
  return best;
}

/**
 * Step 3 of a split: the exact scan, for small outputs where atom rounding exceeds the tolerance. A
 * split (a to s0, the rest to s1, a in [lo, hi]) beats `best` (the exact output at `bestA`) only
 * where the concave model bound reaches best + 1: one interval around the bound's maximiser. If it
 * spans at most SCAN_LIMIT atoms each way, every split in it whose per-side integer bound could still
 * win is evaluated exactly, so the result is the exact optimum. A wider interval only arises when the
 * output is large against an atom, where the candidate is already within a few atoms: then `bestA`
 * is kept. Exactness relies on the models being upper bounds, their concavity only on where to look.
 * Returns the chosen a.
 */
export function exactScan(s0: SplitSide, s1: SplitSide, amount: bigint, lo: bigint, hi: bigint, bestA: bigint, best: bigint): bigint {
  const amountF = Number(amount);
  const need = Number(best) + 1;
  const pivot = maximiser(s0, s1, amountF, lo, hi, bestA);
  if (upper(s0, s1, amountF, pivot) < need) return bestA;
  const left = pivot - SCAN_LIMIT > lo ? pivot - SCAN_LIMIT : lo;
  const right = pivot + SCAN_LIMIT < hi ? pivot + SCAN_LIMIT : hi;
  if ((left > lo && upper(s0, s1, amountF, left) >= need) || (right < hi && upper(s0, s1, amountF, right) >= need)) return bestA;
  let a0 = left;
  let a1 = pivot;
  while (a0 < a1) {
    const mid = (a0 + a1) / 2n;
    if (upper(s0, s1, amountF, mid) >= need) a1 = mid;
    else a0 = mid + 1n;
  }
  const from = a0;
  a0 = pivot;
  a1 = right;
  while (a0 < a1) {
    const mid = (a0 + a1 + 1n) / 2n;
    if (upper(s0, s1, amountF, mid) >= need) a0 = mid;
    else a1 = mid - 1n;
  }
  const to = a0;
  for (let a = from; a <= to; a++) {
    if (upperFloor(s0, s1, amountF, a) <= best) continue;
    const u = s0.exact.amountOut(a);
    const w = s1.exact.amountOut(amount - a);
    if (u === undefined || w === undefined) continue;
    const v = u + w;
    if (v > best) {
      best = v;
      bestA = a;
    }
  }
  return bestA;
}
