import { describe, expect, it } from 'vitest';
import { ordersPerSecOn, project } from '../../bench/lib/projection.js';

describe('bench projection: cores and processes per target rate', () => {
  it('turns CPU per order into cores per role at the planned utilisation', () => {
    // 700 µs per order on the API at 1,000 orders/s is 0.7 of a core; at 70% utilisation, one core.
    const p = project({ api: 700, worker: 1400, postgres: 350, redis: 140 }, 1_000, 0.7);
    const byRole = Object.fromEntries(p.roles.map((r) => [r.role, r]));
    expect(byRole['api']!.cores).toBeCloseTo(1, 9);
    expect(byRole['worker']!.cores).toBeCloseTo(2, 9);
    expect(byRole['postgres']!.cores).toBeCloseTo(0.5, 9);
    expect(byRole['redis']!.cores).toBeCloseTo(0.2, 9);
    expect(p.cores).toBeCloseTo(3.7, 9);
  });

  it('plans single-threaded roles in whole processes, at least one, and PostgreSQL in cores only', () => {
    const p = project({ api: 701, worker: 1, postgres: 5_000 }, 1_000, 0.7);
    const byRole = Object.fromEntries(p.roles.map((r) => [r.role, r]));
    expect(byRole['api']!.processes).toBe(2); // just over one core: a second process
    expect(byRole['worker']!.processes).toBe(1);
    expect(byRole['postgres']!.processes).toBeUndefined();
    expect(byRole['api']!.ordersPerSecPerProcess).toBeCloseTo(998.6, 1);
  });

  it('scales linearly with the rate', () => {
    const one = project({ api: 300, worker: 900 }, 1_000);
    const two = project({ api: 300, worker: 900 }, 2_000);
    expect(two.cores).toBeCloseTo(2 * one.cores, 9);
  });

  it('says how many orders/s a machine carries, and refuses nonsense', () => {
    expect(ordersPerSecOn(2, { api: 500, worker: 500 }, 0.5)).toBeCloseTo(1_000, 9);
    expect(ordersPerSecOn(2, {})).toBe(Number.POSITIVE_INFINITY);
    expect(() => project({ api: -1 })).toThrow(RangeError);
    expect(() => project({ api: Number.NaN })).toThrow(RangeError);
    expect(() => project({ api: 1 }, 0)).toThrow(RangeError);
    expect(() => project({ api: 1 }, 1_000, 1.5)).toThrow(RangeError);
  });
});
