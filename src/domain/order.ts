import { DomainError } from './errors.js';
import type { OrderStatus } from './order-status.js';

/**
 * The happy path is a straight line (PENDING → ROUTING → BUILDING → SUBMITTED → CONFIRMED); FAILED
 * can interrupt it anywhere. A conditional order starts OPEN: its trigger moves it to PENDING, or it
 * ends CANCELLED or EXPIRED. A PENDING order may still be CANCELLED until a worker takes it
 * (ROUTING). Terminal states have no way out, so a retried job can never resurrect an order that
 * already settled.
 */
const NEXT: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  OPEN: ['PENDING', 'CANCELLED', 'EXPIRED'],
  PENDING: ['ROUTING', 'FAILED', 'CANCELLED'],
  ROUTING: ['BUILDING', 'FAILED'],
  BUILDING: ['SUBMITTED', 'FAILED'],
  SUBMITTED: ['CONFIRMED', 'FAILED'],
  CONFIRMED: [],
  FAILED: [],
  CANCELLED: [],
  EXPIRED: [],
};

/** True when the status can never change again (CONFIRMED, FAILED, CANCELLED or EXPIRED). */
export function isTerminal(status: OrderStatus): boolean {
  return NEXT[status].length === 0;
}

/** Whether the account may still cancel an order in `status` (OPEN, or PENDING before a worker took it). */
export function isCancellable(status: OrderStatus): boolean {
  return NEXT[status].includes('CANCELLED');
}

/** Whether an order may move from `from` to `to` (self-transitions are not allowed). */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/**
 * Throws DomainError INVALID_TRANSITION unless `from → to` is allowed.
 * @throws DomainError INVALID_TRANSITION
 */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError('INVALID_TRANSITION', `order cannot move from ${from} to ${to}`, { from, to });
  }
}

const BPS = 10_000n;

function checkBps(slippageBps: number): void {
  if (!Number.isInteger(slippageBps) || slippageBps < 0 || slippageBps > 10_000) {
    throw new RangeError(`slippageBps must be an integer in [0, 10000], got ${slippageBps}`);
  }
}

/**
 * The least output an exact-in order accepts: floor(quotedOut · (10000 − bps) / 10000), the way
 * Jupiter derives `otherAmountThreshold` from `outAmount` (docs/venue-math.md §7). Flooring keeps the
 * threshold at or below the exact tolerance, so a fill that is exactly `bps` worse still passes.
 * @throws RangeError when slippageBps is not an integer in [0, 10000] or quotedOut is negative
 */
export function minAmountOutFor(quotedOut: bigint, slippageBps: number): bigint {
  checkBps(slippageBps);
  if (quotedOut < 0n) throw new RangeError('quotedOut must be non-negative');
  return (quotedOut * (BPS - BigInt(slippageBps))) / BPS;
}

/**
 * Realised slippage of a fill against its quote, in whole bps, signed: positive means the trader got
 * less than quoted, negative means positive slippage (a better fill, docs/venue-math.md §8).
 *
 * The exact value (quoted − executed) · 10000 / quoted is rounded toward +∞, i.e. toward the trader's
 * disadvantage: a 0.2 bps shortfall reports 1, a 1.7 bps improvement reports −1. A quote of 0 has no
 * meaningful ratio and reports 0.
 */
export function slippageBpsBetween(quotedOut: bigint, executedOut: bigint): number {
  if (quotedOut <= 0n) return 0;
  const num = (quotedOut - executedOut) * BPS;
  // BigInt division truncates toward zero; ceil differs from it only for a positive remainder.
  let q = num / quotedOut;
  if (num % quotedOut !== 0n && num > 0n) q += 1n;
  return Number(q);
}
