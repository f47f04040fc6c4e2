import { dlmmWalk, feeRegime } from '../venues/meteora-dlmm-walk.js';
import type { Pool } from '../venues/pool.js';
import { CpmmModel, DlmmModel, type ConcaveModel } from './concave-model.js';
import { CpmmExact, DlmmExact, type ExactQuoter } from './exact-quoter.js';

/**
 * What the router knows about one pool in one direction, in two layers: `exact` (bigint, decides
 * everything that is returned: exact-quoter.ts) and `model` (float, a concave upper bound that only
 * guides the search: concave-model.ts).
 */
export interface PoolQuoter {
  readonly pool: Pool;
  readonly mintIn: string;
  readonly mintOut: string;
  readonly exact: ExactQuoter;
  readonly model: ConcaveModel;
}

const QUOTERS = new WeakMap<Pool, (PoolQuoter | undefined)[]>();

function cpmmQuoter(pool: Pool & { kind: 'CPMM' }, sellX: boolean): PoolQuoter {
  const exact = new CpmmExact(pool, sellX);
  return { pool, mintIn: exact.mintIn, mintOut: exact.mintOut, exact, model: new CpmmModel(pool, sellX, exact.capacity()) };
}

function dlmmQuoter(pool: Pool & { kind: 'DLMM' }, sellX: boolean, nowSec: number): PoolQuoter {
  // One walk table for both layers: the model reads the bins the exact side computes.
  const walk = dlmmWalk(pool, sellX, nowSec);
  const exact = new DlmmExact(pool, sellX, walk);
  return { pool, mintIn: exact.mintIn, mintOut: exact.mintOut, exact, model: new DlmmModel(pool, sellX, walk) };
}

/**
 * The quoter of `pool` for input `mintIn` at `nowSec`, cached per immutable pool state, direction
 * and (DLMM) fee regime. `mintIn` must be one of the pool's mints.
 */
export function quoterFor(pool: Pool, mintIn: string, nowSec: number): PoolQuoter {
  const sellX = mintIn === pool.mintX;
  let slots = QUOTERS.get(pool);
  if (slots === undefined) {
    slots = [];
    QUOTERS.set(pool, slots);
  }
  if (pool.kind === 'CPMM') {
    const slot = sellX ? 1 : 0;
    return (slots[slot] ??= cpmmQuoter(pool, sellX));
  }
  const slot = feeRegime(pool, nowSec) * 2 + (sellX ? 1 : 0);
  return (slots[slot] ??= dlmmQuoter(pool, sellX, nowSec));
}
