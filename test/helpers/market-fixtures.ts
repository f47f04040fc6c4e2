import { buildMarket, DEFAULT_MARKET_SPEC, type MarketState } from '../../src/domain/market/market.js';
import { parseMarketSpec } from '../../src/domain/market/market-spec.js';
import data from '../../src/domain/market/default-market.json' with { type: 'json' };
import type { Pool } from '../../src/domain/venues/pool.js';

/** Fixed clock for the domain tests (Unix seconds). */
export const NOW = 1_700_000_000;

/** The default market, freshly built. */
export function defaultMarket(nowSec = NOW): MarketState {
  return buildMarket(DEFAULT_MARKET_SPEC, nowSec);
}

/** A deep copy of the default spec JSON, to edit in validation tests. */
export function rawSpec(): Record<string, unknown> {
  return structuredClone(data) as unknown as Record<string, unknown>;
}

/** A market from the default spec restricted to some pool ids. */
export function marketWith(poolIds: readonly string[], nowSec = NOW): MarketState {
  const raw = rawSpec();
  raw['pools'] = (raw['pools'] as { id: string }[]).filter((p) => poolIds.includes(p.id));
  return buildMarket(parseMarketSpec(raw), nowSec);
}

/** Every atom a pool holds per mint: pricing liquidity plus protocol/fund fees owed. */
export function holdings(pool: Pool): Map<string, bigint> {
  let x: bigint;
  let y: bigint;
  if (pool.kind === 'CPMM') {
    x = pool.reserveX + pool.protocolFeesX + pool.fundFeesX;
    y = pool.reserveY + pool.protocolFeesY + pool.fundFeesY;
  } else {
    x = pool.protocolFeeX;
    y = pool.protocolFeeY;
    for (const b of pool.bins) {
      x += b.amountX;
      y += b.amountY;
    }
  }
  return new Map([
    [pool.mintX, x],
    [pool.mintY, y],
  ]);
}

/** Σ over every pool of (after − before) holdings, per mint. */
export function poolDeltas(before: MarketState, after: MarketState): Map<string, bigint> {
  const d = new Map<string, bigint>();
  for (const [id, p] of after.pools) {
    const a = holdings(p);
    const b = holdings(before.pools.get(id)!);
    for (const [mint, v] of a) d.set(mint, (d.get(mint) ?? 0n) + v - (b.get(mint) ?? 0n));
  }
  return d;
}
