import type { Pool, VenueId } from '../venues/pool.js';
import type { MarketState } from './market.js';

/**
 * The market as one venue alone shows it: the same state with only that venue's pools. Giving the
 * router this view restricts routes to the venue without touching the router; executing the route
 * it returns against the FULL market (execute.ts looks pools up by id) fills on the real pools.
 * Views are cached per market version and venue, so the router's own per-MarketState caches
 * (pair index, topology) are built once per version of the view too.
 */
const VIEWS = new WeakMap<MarketState, Partial<Record<VenueId, MarketState>>>();

export function venueView(market: MarketState, venue: VenueId): MarketState {
  let views = VIEWS.get(market);
  if (views === undefined) VIEWS.set(market, (views = {}));
  let view = views[venue];
  if (view === undefined) {
    const pools = new Map<string, Pool>();
    for (const [id, p] of market.pools) if (p.venue === venue) pools.set(id, p);
    view = { ...market, pools };
    views[venue] = view;
  }
  return view;
}
