import type { ConcaveModel } from './concave-model.js';

/** Bisection steps on λ: past 2^-64 relative the rates stop changing in float. */
const RATE_ITERATIONS = 64;

/**
 * Step 1 of a split (general form): marginal-rate equalisation on the float models. Finds the rate
 * λ at which the models together take `amount` and turns it into exact atoms that sum to `amount`
 * and respect every exact capacity. Kinks of the models (DLMM bin ends, capacities) are taken as
 * exact atoms, so a split at a bin boundary or at a DLMM's full depth is hit exactly; the
 * continuous part goes to the models whose marginal sits at λ. Returns undefined when the sides
 * cannot take `amount` together.
 */
export function equalise(ms: readonly ConcaveModel[], amount: bigint, caps: readonly bigint[]): { alloc: bigint[]; lambda: number } | undefined {
  const n = ms.length;
  const target = Number(amount);
  let hi = 0;
  for (const m of ms) if (m.rateUpper > hi) hi = m.rateUpper;
  if (!(hi > 0)) return undefined;
  let lo = 0;
  for (let it = 0; it < RATE_ITERATIONS; it++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    let taken = 0;
    for (let i = 0; i < n; i++) taken += ms[i]!.inputAtRate(mid);
    if (taken > target) lo = mid;
    else hi = mid;
  }
  // At `hi` the models take at most `amount`: those allocations, exact where they are kinks.
  const alloc: bigint[] = [];
  let sum = 0n;
  for (let i = 0; i < n; i++) {
    const m = ms[i]!;
    let x = m.exactInputAtRate(hi) ?? BigInt(Math.floor(m.inputAtRate(hi)));
    if (x > caps[i]!) x = caps[i]!;
    if (x < 0n) x = 0n;
    alloc.push(x);
    sum += x;
  }
  // Kinks rounded to whole bins, or float rounding, may overshoot by a few atoms: take them back
  // where the model marginal is lowest (it costs least there).
  while (sum > amount) {
    let pick = -1;
    let rate = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (alloc[i]! <= 0n) continue;
      const r = ms[i]!.slopeBelow(Number(alloc[i]!));
      if (r < rate) {
        rate = r;
        pick = i;
      }
    }
    const cut = sum - amount < alloc[pick]! ? sum - amount : alloc[pick]!;
    alloc[pick]! -= cut;
    sum -= cut;
  }
  // The shortfall belongs to the models whose marginal lies in [lo, hi): a DLMM bin at exactly that
  // rate, or a constant-product curve (continuous, so a few atoms of rounding).
  let deficit = amount - sum;
  for (let i = 0; i < n && deficit > 0n; i++) {
    const room = ms[i]!.inputAtRate(lo) - Number(alloc[i]!);
    if (!(room > 0)) continue;
    let extra = BigInt(Math.ceil(room));
    if (extra > deficit) extra = deficit;
    if (extra > caps[i]! - alloc[i]!) extra = caps[i]! - alloc[i]!;
    alloc[i]! += extra;
    deficit -= extra;
  }
  // Whatever rounding left: to the side with the best model marginal that still has room.
  while (deficit > 0n) {
    let pick = -1;
    let rate = -1;
    for (let i = 0; i < n; i++) {
      if (alloc[i]! >= caps[i]!) continue;
      const r = ms[i]!.slopeBelow(Number(alloc[i]!) + 1);
      if (r > rate) {
        rate = r;
        pick = i;
      }
    }
    if (pick < 0) return undefined;
    let extra = caps[pick]! - alloc[pick]!;
    if (extra > deficit) extra = deficit;
    alloc[pick]! += extra;
    deficit -= extra;
  }
  return { alloc, lambda: hi };
}
