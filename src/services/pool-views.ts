/** The stored market's pool views (what `pools` shows), computed once per market version. */
import type { MarketStore } from '../db/port.js';
import { poolViews, type PoolView } from '../domain/pool-view.js';

export interface PoolSnapshot {
  readonly version: number;
  readonly views: readonly PoolView[];
}

/** Pool views of the freshest market (one version read), recomputed only when the version moved. */
export function cachedPoolViews(market: MarketStore): () => Promise<PoolSnapshot> {
  let cache: PoolSnapshot | undefined;
  return async () => {
    const stored = await market.current();
    if (cache?.version !== stored.version) {
      cache = { version: stored.version, views: poolViews(stored.market, (id) => stored.poolUpdatedAt.get(id) ?? 0) };
    }
    return cache;
  };
}
