/**
 * The order and quote mix, seeded so every run sends the same requests. Orders are small (tens of
 * cents to ~150 USD) and spread over every pool's pair in both directions, alternating, so pools
 * never drain over 20,000 orders and prices stay near where they started. Two-hop pairs are mixed
 * in for quotes, where the router does the most work.
 *
 * Amounts are built as integers of a fixed number of decimals and printed as decimal strings: no
 * floating point ever touches an amount.
 */
import { createBenchRng } from './rng.js';

interface PairSpec {
  readonly a: string;
  readonly b: string;
  /** Range of the amount of `a` sold (or of `b`, when reversed), in units of 10^-decimals. */
  readonly aRange: readonly [number, number, number];
  readonly bRange: readonly [number, number, number];
}

// [min, max, decimals]: e.g. SOL [10, 1000, 3] is 0.010 .. 1.000 SOL.
const SOL = [10, 1000, 3] as const;
const STABLE = [150, 15_000, 2] as const; // 1.50 .. 150.00 USD
const BONK = [75_000, 7_500_000, 0] as const; // 75k .. 7.5M BONK (1.5 .. 150 USD)
const JUP = [2, 190, 0] as const; // 2 .. 190 JUP
const RAY = [60, 6000, 2] as const; // 0.60 .. 60.00 RAY

/** Pairs with a pool of their own (one hop). */
export const DIRECT_PAIRS: readonly PairSpec[] = [
  { a: 'SOL', b: 'USDC', aRange: SOL, bRange: STABLE },
  { a: 'SOL', b: 'USDT', aRange: SOL, bRange: STABLE },
  { a: 'USDC', b: 'USDT', aRange: STABLE, bRange: STABLE },
  { a: 'BONK', b: 'SOL', aRange: BONK, bRange: SOL },
  { a: 'JUP', b: 'USDC', aRange: JUP, bRange: STABLE },
  { a: 'RAY', b: 'SOL', aRange: RAY, bRange: SOL },
];

/** Pairs only reachable through an intermediate token (two hops). */
export const TWO_HOP_PAIRS: readonly PairSpec[] = [
  { a: 'JUP', b: 'SOL', aRange: JUP, bRange: SOL },
  { a: 'RAY', b: 'USDC', aRange: RAY, bRange: STABLE },
  { a: 'BONK', b: 'USDC', aRange: BONK, bRange: STABLE },
];

export interface SwapParams {
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: string;
  readonly slippageBps: number;
}

/** Integer `units` with `decimals` implied decimals, as a decimal string: (1234, 3) -> "1.234". */
export function unitsToDecimal(units: number, decimals: number): string {
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`units must be a non-negative safe integer, got ${units}`);
  if (decimals === 0) return String(units);
  const digits = String(units).padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/**
 * `count` swaps: pair i cycles through the pairs, and its direction flips every full cycle so each
 * pool sees as much flow one way as the other.
 */
export function swapMix(count: number, seed: number, pairs: readonly PairSpec[] = DIRECT_PAIRS): SwapParams[] {
  const rng = createBenchRng(seed);
  const out: SwapParams[] = [];
  for (let i = 0; i < count; i++) {
    const pair = pairs[i % pairs.length] as PairSpec;
    const reversed = Math.floor(i / pairs.length) % 2 === 1;
    const [min, max, decimals] = reversed ? pair.bRange : pair.aRange;
    out.push({
      tokenIn: reversed ? pair.b : pair.a,
      tokenOut: reversed ? pair.a : pair.b,
      amountIn: unitsToDecimal(rng.int(min, max), decimals),
      // Wide enough that the market's drift between quote and fill never fails an order here.
      slippageBps: 300,
    });
  }
  return out;
}
