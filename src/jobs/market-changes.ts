/**
 * What a committed market write changed, read from the writer's MarketStore cache right after the
 * commit: the message announced on the market channel (src/events/market-events.ts).
 */
import type { MarketStore } from '../db/market-store.js';
import type { MarketChanged } from '../events/topics.js';

/**
 * What a write through `store` committed at `at`: the pools it stamped and the store's version.
 * Reads the store's cache, not the database, so call it right after the commit. The version is at
 * least the write's own (a later write in the same group commit may have moved it further, and
 * announces its own pools).
 */
export function committedChange(store: MarketStore, at: number): MarketChanged | undefined {
  const stored = store.cached;
  if (!stored) return undefined;
  const poolIds: string[] = [];
  for (const [id, updatedAt] of stored.poolUpdatedAt) if (updatedAt === at) poolIds.push(id);
  return { version: stored.version, poolIds };
}

/** What a committed fill changed: the pools its route traded, at (at least) the store's version. */
export function filledChange(store: MarketStore, route: { readonly legs: readonly { readonly poolId: string }[] }): MarketChanged | undefined {
  const stored = store.cached;
  return stored && { version: stored.version, poolIds: [...new Set(route.legs.map((l) => l.poolId))] };
}
