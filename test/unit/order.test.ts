import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import { ORDER_STATUSES, type OrderStatus } from '../../src/domain/order-status.js';
import { assertTransition, canTransition, isCancellable, isTerminal, minAmountOutFor, slippageBpsBetween } from '../../src/domain/order.js';

const ALLOWED = new Set<string>([
  'PENDING>ROUTING',
  'ROUTING>BUILDING',
  'BUILDING>SUBMITTED',
  'SUBMITTED>CONFIRMED',
  'PENDING>FAILED',
  'ROUTING>FAILED',
  'BUILDING>FAILED',
  'SUBMITTED>FAILED',
  // A resting conditional order fires, is cancelled, or expires; a PENDING one may be cancelled
  // until a worker takes it.
  'OPEN>PENDING',
  'OPEN>CANCELLED',
  'OPEN>EXPIRED',
  'PENDING>CANCELLED',
]);

describe('order state machine', () => {
  const pairs: [OrderStatus, OrderStatus][] = ORDER_STATUSES.flatMap((f) => ORDER_STATUSES.map((t) => [f, t] as [OrderStatus, OrderStatus]));
  it.each(pairs)('%s → %s follows the transition table', (from, to) => {
    const ok = ALLOWED.has(`${from}>${to}`);
    expect(canTransition(from, to)).toBe(ok);
    if (ok) expect(() => assertTransition(from, to)).not.toThrow();
    else {
      try {
        assertTransition(from, to);
        expect.unreachable();
      } catch (e) {
        expect(isDomainError(e, 'INVALID_TRANSITION')).toBe(true);
      }
    }
  });

  it.each([
    ['PENDING', false],
    ['ROUTING', false],
    ['BUILDING', false],
    ['SUBMITTED', false],
    ['CONFIRMED', true],
    ['FAILED', true],
    ['OPEN', false],
    ['CANCELLED', true],
    ['EXPIRED', true],
  ] as const)('isTerminal(%s) = %s', (s, terminal) => {
    expect(isTerminal(s)).toBe(terminal);
  });
});

describe('isCancellable', () => {
  it('holds for OPEN and PENDING only', () => {
    expect(ORDER_STATUSES.filter(isCancellable)).toEqual(['OPEN', 'PENDING']);
  });
});

describe('minAmountOutFor', () => {
  it.each([
    [1_000_000n, 50, 995_000n],
    [1_000_001n, 50, 995_000n], // 995000.995 floors
    [999n, 1, 998n], // 998.9001 floors
    [123n, 0, 123n],
    [123n, 10_000, 0n],
    [0n, 50, 0n],
  ])('minAmountOutFor(%s, %s) = %s', (out, bps, expected) => {
    expect(minAmountOutFor(out, bps)).toBe(expected);
  });

  it.each([-1, 10_001, 0.5, Number.NaN])('rejects slippage %s', (bps) => {
    expect(() => minAmountOutFor(1n, bps)).toThrow(RangeError);
  });
});

describe('slippageBpsBetween', () => {
  it.each([
    [10_000n, 10_000n, 0],
    [10_000n, 9_950n, 50],
    [1_000_000n, 999_980n, 1], // 0.2 bps worse reports 1 (toward the trader's disadvantage)
    [1_000_000n, 1_000_170n, -1], // 1.7 bps better reports −1
    [1_000_000n, 1_000_020n, 0], // 0.2 bps better reports 0
    [100n, 0n, 10_000],
    [0n, 5n, 0],
  ])('slippageBpsBetween(%s, %s) = %s', (quoted, executed, expected) => {
    expect(slippageBpsBetween(quoted, executed)).toBe(expected);
  });
});
