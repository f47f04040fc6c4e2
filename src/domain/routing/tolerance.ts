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

/**
 * Across paths, gains smaller than this many output atoms are not searched for: what one more atom of
 * input buys at `rate` (the best rate of the paths involved, output atoms per input atom) plus one
 * atom. Moving input between pool-disjoint paths wins less than that only through the venues'
 * rounding (a fee rounded up by an input atom, an output floored by an atom), which is not worth a
 * second path; chasing it would mean scanning exact splits on most small orders.
 */
export function roundingAllowance(rate: number): number {
  return Math.ceil(rate) + 1;
}

/** withinTolerance, also accepting a gap of up to `allowance` atoms (roundingAllowance). */
export function withinAllowance(bound: number, out: bigint, allowance: number): boolean {
  const outF = Number(out);
  const gap = Math.floor(bound) - outF;
  return gap <= 0 || gap <= outF * TOLERANCE || gap <= allowance;
}

/**
 * How far below the best route of its space (at most three hops, at most two pool-disjoint paths)
 * the router's output can be: ROUTE_TOLERANCE of it, relative, or roundingAllowance of the paths'
 * best rate, whichever is larger. Every decision is certified to TOLERANCE, and along a path of three
 * hops each hop's split can fall short by that much of what its input allowed: 3·10⁻⁷ = 0.003 bps.
 * A single path's output is exact for small orders, whose outputs make TOLERANCE worth less than an
 * atom; splitting across paths ignores gains of less than roundingAllowance.
 */
export const ROUTE_TOLERANCE = 3 * TOLERANCE;
