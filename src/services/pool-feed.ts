/**
 * The poolUpdates stream: the current pools first, then fresh pools after each market change,
 * coalesced per subscriber (market-feed.ts). Reads go through the MarketStore, which reloads only
 * when the stored version moved, and are shared by every subscriber emitting at the same version.
 */
import type { Logger } from 'pino';
import type { PoolView } from '../domain/pool-view.js';
import type { MarketEvents } from '../events/market-events.js';
import { createMarketFeed } from './market-feed.js';
import type { PoolSnapshot } from './pool-views.js';

export interface PoolFeedDeps {
  readonly marketEvents: MarketEvents;
  /** The freshest pools and their market version (cheap when the version did not move). */
  readonly pools: () => Promise<PoolSnapshot>;
  readonly logger: Logger;
  /** Minimum spacing of one subscriber's emissions, ms (default 250). */
  readonly coalesceMs?: number;
}

export interface PoolFeed {
  /** Current pools first, then coalesced updates; ends on `return()` or when `signal` aborts. */
  subscribe(signal?: AbortSignal): AsyncIterableIterator<readonly PoolView[]>;
}

export function createPoolFeed(deps: PoolFeedDeps): PoolFeed {
  let latest: PoolSnapshot | undefined;
  const feed = createMarketFeed({
    marketEvents: deps.marketEvents,
    logger: deps.logger,
    name: 'pool-updates',
    coalesceMs: deps.coalesceMs,
    onIdle: () => {
      latest = undefined; // unheard while unsubscribed
    },
  });
  /** The pools; `fresh` re-checks the stored version even when no newer change was announced. */
  const snapshot = async (fresh: boolean): Promise<{ version: number; value: readonly PoolView[] }> => {
    if (fresh || !latest || latest.version < feed.announced) {
      const now = await deps.pools();
      if (!latest || now.version >= latest.version) latest = now;
    }
    return { version: latest.version, value: latest.views };
  };
  return { subscribe: (signal) => feed.subscribe(snapshot, { signal }) };
}
