import { parseDecimalRatio } from '../amount.js';
import { ONE_Q64, powQ64 } from '../bigmath.js';
import { DomainError } from '../errors.js';
import type { Ratio } from './pool.js';

/**
 * DLMM bin prices (docs/venue-math.md §3.1; price_math.rs get_price_from_id): P_id = (1 + binStep/1e4)^id
 * in Q64.64, atoms of Y per atom of X, with the base truncated as the program does
 * (ONE + (binStep << 64) / 1e4) and the power computed by the program's `pow`.
 */

/** Program bounds on bin ids (constants.rs MIN_BIN_ID / MAX_BIN_ID; docs/venue-math.md §3.1). */
export const MAX_BIN_ID = 443_636;
export const MIN_BIN_ID = -443_636;

// Pure, so memoised in module scope; bounded so a long-running process cannot grow it forever.
const PRICE_CACHE = new Map<number, bigint>();
const PRICE_CACHE_LIMIT = 200_000;

function computePrice(id: number, binStep: number): bigint | undefined {
  const base = ONE_Q64 + (BigInt(binStep) << 64n) / 10_000n;
  return powQ64(base, id);
}

/** Q64.64 price of a bin, or undefined where the program's pow overflows. */
export function tryBinPrice(id: number, binStep: number): bigint | undefined {
  // binStep ≤ 65535 (u16) and |id| < 2^19, so the key is a unique safe integer.
  const key = binStep * 1_048_576 + (id + 524_288);
  const hit = PRICE_CACHE.get(key);
  if (hit !== undefined) return hit;
  if (id < MIN_BIN_ID || id > MAX_BIN_ID) return undefined;
  const price = computePrice(id, binStep);
  if (price === undefined) return undefined;
  if (PRICE_CACHE.size >= PRICE_CACHE_LIMIT) PRICE_CACHE.clear();
  PRICE_CACHE.set(key, price);
  return price;
}

/**
 * Q64.64 price of bin `id` at `binStep`: atoms of Y per atom of X, times 2^64.
 * @throws DomainError INVALID_MARKET when the id is outside what Q64.64 can hold for this step.
 */
export function binPrice(id: number, binStep: number): bigint {
  const price = tryBinPrice(id, binStep);
  if (price === undefined) throw new DomainError('INVALID_MARKET', 'bin id out of range', { id, binStep });
  return price;
}

/**
 * The bin whose price is nearest (in log terms) to a UI price: whole Y tokens per whole X token,
 * e.g. "150" USDC per SOL. Exact rational math: the atom price is ui·10^(decY − decX)
 * (docs/venue-math.md §3.1: UI price = P·10^(decX−decY)), bins are found by binary search on binPrice.
 * For SOL/USDC at $150 and binStep 4 this gives −4744 (docs/venue-math.md §3.1).
 * @throws DomainError INVALID_MARKET when the price cannot be represented at this bin step.
 */
export function binIdFromPrice(uiPrice: string | Ratio, decimalsX: number, decimalsY: number, binStep: number): number {
  const ui = typeof uiPrice === 'string' ? parseDecimalRatio(uiPrice) : uiPrice;
  if (ui.num <= 0n || ui.den <= 0n) throw new DomainError('INVALID_MARKET', 'price must be positive');
  const num = ui.num * 10n ** BigInt(decimalsY);
  const den = ui.den * 10n ** BigInt(decimalsX);
  return binIdFromAtomRatio({ num, den }, binStep);
}

/** binIdFromPrice for a price already in atoms (Y atoms per X atom). */
export function binIdFromAtomRatio(price: Ratio, binStep: number): number {
  const { num, den } = price;
  const scaled = num << 64n; // compare P/2^64 with num/den as P·den vs num·2^64
  // Overflowing ids are treated as +∞ above and 0 below, so the search stays monotonic.
  const atMost = (id: number): boolean => {
    const p = tryBinPrice(id, binStep);
    if (p === undefined) return id < 0;
    return p * den <= scaled;
  };
  let lo = MIN_BIN_ID;
  let hi = MAX_BIN_ID;
  if (!atMost(lo)) throw new DomainError('INVALID_MARKET', 'price below the lowest bin', { binStep });
  // Invariant: atMost(lo); find the largest such id.
  while (lo < hi) {
    const mid = lo + Math.ceil((hi - lo) / 2);
    if (atMost(mid)) lo = mid;
    else hi = mid - 1;
  }
  const below = tryBinPrice(lo, binStep);
  const above = tryBinPrice(lo + 1, binStep);
  if (below === undefined) throw new DomainError('INVALID_MARKET', 'price below the lowest bin', { binStep });
  if (above === undefined) return lo;
  // Nearest in log terms: p² vs P_lo·P_hi (all scaled by 2^128·den²).
  return (num * num) << 128n < below * above * den * den ? lo : lo + 1;
}
