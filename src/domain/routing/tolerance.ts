/**
 * The numbers every search step shares. Floats only guide the search; these say how far a float
 * bound is trusted and how close to the best possible an exact candidate must be to be accepted.
 */

/** Relative gap under which a candidate is accepted as optimal: 1e-7 = 0.001 bps. */
export const TOLERANCE = 1e-7;

/** Float rounding allowance on model values (relative)... */
export const REL = 1e-12;

/** ... and absolute, in atoms. */
export const ABS = 1e-6;

/** A float upper bound made safe against its own rounding: v·(1 + REL) + ABS. */
export function padded(v: number): number {
  return v * (1 + REL) + ABS;
}

/**
 * Is `out` (exact) provably within TOLERANCE of everything `bound` (a float upper bound on the
 * exact output of every alternative) allows? Outputs are integers, so nothing beats `out` when
 * ⌊bound⌋ ≤ out; otherwise the gap must be within TOLERANCE of `out`.
 */
export function withinTolerance(bound: number, out: bigint): boolean {
  const outF = Number(out);
  const gap = Math.floor(bound) - outF;
  return gap <= 0 || gap <= outF * TOLERANCE;
}
