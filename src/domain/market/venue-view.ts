import type { Pool, VenueId } from '../venues/pool.js';
import { shareStructure, structureOf, type MarketState } from './market.js';

/**
 * The market as one venue alone shows it: the same state with only that venue's pools. Giving the
 * router this view restricts routes to the venue without touching the router; executing the route
 * it returns against the FULL market (execute.ts looks pools up by id) fills on the real pools.
 * Views are cached per market version and venue, so the router's own per-MarketState caches
 * (pair index, topology) are built once per version of the view too.
 */
const VIEWS = new WeakMap<MarketState, Partial<Record<VenueId, MarketState>>>();
// A view's pools are the market's of one venue (a pool's venue never changes with its id), so the
// views of versions sharing a structure share one too (market.ts structureOf).
const VIEW_STRUCTURES = new WeakMap<object, Partial<Record<VenueId, object>>>();

export function venueView(market: MarketState, venue: VenueId): MarketState {
  let views = VIEWS.get(market);
  if (views === undefined) VIEWS.set(market, (views = {}));
  let view = views[venue];
  if (view === undefined) {
    const pools = new Map<string, Pool>();
    for (const [id, p] of market.pools) if (p.venue === venue) pools.set(id, p);
    view = { ...market, pools };
    const structure = structureOf(market);
    let structures = VIEW_STRUCTURES.get(structure);
    if (structures === undefined) VIEW_STRUCTURES.set(structure, (structures = {}));
    shareStructure(view, (structures[venue] ??= {}));
    views[venue] = view;
  }
  return view;
}
