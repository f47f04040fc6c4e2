import { expect } from 'vitest';
import { legPath, routePaths, type Route } from '../../src/domain/route.js';

/**
 * Structural invariants every route must satisfy (Jupiter's routePlan shape, docs/venue-math.md §7):
 * paths from tokenIn to tokenOut that share no pool, whose inputs sum to the order and outputs to
 * the route's; within a path, hops that chain, each hop's legs summing to its input.
 */
export function checkShape(r: Route): void {
  const paths = routePaths(r.legs);
  expect(paths.reduce((s, p) => s + p.amountIn, 0n)).toBe(r.amountIn);
  expect(paths.reduce((s, p) => s + p.amountOut, 0n)).toBe(r.amountOut);
  expect(paths.reduce((s, p) => s + p.shareBps, 0)).toBe(10_000);
  expect(new Set(r.legs.map((l) => l.poolId)).size).toBe(r.legs.length);
  for (const p of paths) {
    expect(p.mints[0]).toBe(paths[0]!.mints[0]);
    expect(p.mints.at(-1)).toBe(paths[0]!.mints.at(-1));
    const legs = r.legs.filter((l) => legPath(l) === p.index);
    let input = p.amountIn;
    for (let h = 0; h < p.hops; h++) {
      const hop = legs.filter((l) => l.hop === h);
      expect(hop.length).toBeGreaterThan(0);
      expect(hop.reduce((s, l) => s + l.amountIn, 0n)).toBe(input);
      expect(hop.reduce((s, l) => s + l.shareBps, 0)).toBe(10_000);
      expect(new Set(hop.map((l) => `${l.mintIn}>${l.mintOut}`)).size).toBe(1);
      input = hop.reduce((s, l) => s + l.amountOut, 0n);
    }
    expect(input).toBe(p.amountOut);
  }
  expect(r.kind).toBe(paths.length > 1 ? 'MULTI_PATH' : paths[0]!.hops === 3 ? 'THREE_HOP' : paths[0]!.hops === 2 ? 'TWO_HOP' : r.legs.length > 1 ? 'SPLIT' : 'DIRECT');
  for (const alt of r.alternatives) if (alt.amountOut !== undefined) expect(r.amountOut).toBeGreaterThanOrEqual(alt.amountOut);
}

