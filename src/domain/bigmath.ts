/**
 * Integer math for the venues. Everything is bigint so no amount ever passes through a float.
 *
 * The Q64.64 helpers mirror the DLMM program's `mul_shr` / `shl_div` (u128x128_math.rs) and its
 * `pow` (u64x64_math.rs): same intermediate widths, same rounding, same overflow points, so bin
 * prices and per-bin amounts match the chain bit for bit (docs/venue-math.md §3.1, §3.2).
 */

export type Rounding = 'up' | 'down';

/** 64 fractional bits: the DLMM program's SCALE_OFFSET. */
export const SCALE_OFFSET = 64n;
/** 1.0 in Q64.64. */
export const ONE_Q64 = 1n << SCALE_OFFSET;
export const U128_MAX = (1n << 128n) - 1n;
export const U64_MAX = (1n << 64n) - 1n;

/** ceil(a / b) for a ≥ 0, b > 0. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** floor(a·b / d) for non-negative operands. */
export function mulDivFloor(a: bigint, b: bigint, d: bigint): bigint {
  return (a * b) / d;
}

/** ceil(a·b / d) for non-negative operands. */
export function mulDivCeil(a: bigint, b: bigint, d: bigint): bigint {
  return (a * b + d - 1n) / d;
}

/**
 * (x·y) >> offset with the requested rounding: the program's `safe_mul_shr` (a U256 product
 * divided by 2^offset). Used for X→Y amounts: out = P·in >> 64.
 */
export function mulShr(x: bigint, y: bigint, offset: bigint, rounding: Rounding): bigint {
  const prod = x * y;
  const q = prod >> offset;
  if (rounding === 'down') return q;
  // Exact when the shifted-out bits are all zero; otherwise round up.
  return (q << offset) === prod ? q : q + 1n;
}

/**
 * (x << offset) / y with the requested rounding: the program's `safe_shl_div`. Used for Y→X
 * amounts: out = (in << 64) / P.
 */
export function shlDiv(x: bigint, y: bigint, offset: bigint, rounding: Rounding): bigint {
  const n = x << offset;
  return rounding === 'down' ? n / y : (n + y - 1n) / y;
}

/** floor(√n) for n ≥ 0 (Newton's method, exact on bigint). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number');
  if (n < 2n) return n;
  // Start above the root: 2^ceil(bits/2) ≥ √n, then Newton decreases monotonically.
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** The program's MAX_EXPONENTIAL: |exp| ≥ 2^19 overflows Q64.64 for any bin step. */
const MAX_EXPONENTIAL = 0x80000;

/**
 * base^exp in Q64.64 exactly as the DLMM program computes it (u64x64_math.rs `pow`): a base ≥ 1
 * is inverted first (U128_MAX / base) so the repeated squaring stays below 2^128, each product is
 * truncated by >> 64, and the result is inverted back at the end when needed. Returns undefined
 * where the program returns None (a u128 overflow or a zero result).
 */
export function powQ64(base: bigint, exp: number): bigint | undefined {
  if (!Number.isInteger(exp)) throw new RangeError(`exponent must be an integer, got ${exp}`);
  if (exp === 0) return ONE_Q64;
  let invert = exp < 0;
  const e = Math.abs(exp);
  if (e >= MAX_EXPONENTIAL) return undefined;

  let squared = base;
  let result = ONE_Q64;
  if (squared >= result) {
    if (squared === 0n) return undefined;
    squared = U128_MAX / squared;
    invert = !invert;
  }
  // 19 bits cover every exponent below MAX_EXPONENTIAL, as the program's unrolled loop does.
  for (let bit = 0; bit < 19; bit++) {
    if (bit > 0) {
      const sq = squared * squared;
      if (sq > U128_MAX) return undefined;
      squared = sq >> SCALE_OFFSET;
    }
    if ((e >> bit) & 1) {
      const r = result * squared;
      if (r > U128_MAX) return undefined;
      result = r >> SCALE_OFFSET;
    }
  }
  if (result === 0n) return undefined;
  return invert ? U128_MAX / result : result;
}

/** Number of decimal digits of a non-negative bigint (1 for 0). */
export function decimalDigits(n: bigint): number {
  return n.toString().length;
}
