/**
 * The order book of a pair for the API: the `orderBook` query and the `orderBookUpdates`
 * subscription, read off the stored market's pools (src/domain/order-book.ts). A book is computed
 * once per pair, depth and state of the pair's pools, whoever asks; a subscriber is woken only by
 * market changes that touch the pair's pools (or add a pool, which may be the pair's).
 */
import type { Logger } from 'pino';
import type { MarketStore, StoredMarket } from '../db/port.js';
import { fieldError } from '../domain/errors.js';
import { poolsForPair } from '../domain/market/market.js';
import { requireMarketToken } from '../domain/market/market-tokens.js';
import { DEFAULT_BOOK_LEVELS, MAX_BOOK_LEVELS, orderBook, type OrderBook } from '../domain/order-book.js';
import type { Clock } from '../domain/rng.js';
import type { Token } from '../domain/tokens.js';
import type { Pool } from '../domain/venues/pool.js';
import type { MarketEvents } from '../events/market-events.js';
import { InputError } from './errors.js';
import { createMarketFeed } from './market-feed.js';

export interface OrderBookArgs {
  /** Symbol or mint of the token priced. */
  readonly base: string;
  /** Symbol or mint of the token it is priced in. */
  readonly quote: string;
  /** Price levels per side and pool (default 20, at most MAX_BOOK_LEVELS). */
  readonly levels?: number | null;
}

export interface OrderBookView {
  readonly base: Token;
  readonly quote: Token;
  /** The market version the book was read at. */
  readonly version: number;
  /** When it was read (ms): the DLMM fees in it are those of this instant. */
  readonly at: number;
  readonly book: OrderBook;
}

export interface OrderBooks {
  /** @throws InputError LEVELS_OUT_OF_RANGE on `levels`; DomainError UNKNOWN_TOKEN on `base`/`quote`, SAME_TOKEN on `quote` */
  get(args: OrderBookArgs): Promise<OrderBookView>;
  /**
   * The book now, then after every market change that touches the pair's pools (coalesced; one
   * book buffered at most). Bad arguments are refused before the stream starts, as `get` refuses them.
   */
  updates(args: OrderBookArgs, signal?: AbortSignal): Promise<AsyncIterableIterator<OrderBookView>>;
}

export interface OrderBooksDeps {
  readonly market: MarketStore;
  readonly marketEvents: MarketEvents;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Minimum spacing of one subscriber's emissions, ms (default 250). */
  readonly coalesceMs?: number;
}

interface Request {
  readonly base: Token;
  readonly quote: Token;
  readonly levels: number;
}

/** Books kept for reuse (the most recently computed, across pairs and depths). */
const CACHE_SIZE = 256;

/** @throws InputError LEVELS_OUT_OF_RANGE; DomainError UNKNOWN_TOKEN | SAME_TOKEN naming the argument */
function parseArgs(stored: StoredMarket, args: OrderBookArgs): Request {
  const levels = args.levels ?? DEFAULT_BOOK_LEVELS;
  if (!Number.isInteger(levels) || levels < 1 || levels > MAX_BOOK_LEVELS) {
    throw new InputError('LEVELS_OUT_OF_RANGE', 'levels', `levels must be an integer from 1 to ${MAX_BOOK_LEVELS}`);
  }
  const base = requireMarketToken(stored.market, typeof args.base === 'string' ? args.base.trim() : args.base, 'base');
  const quote = requireMarketToken(stored.market, typeof args.quote === 'string' ? args.quote.trim() : args.quote, 'quote');
  if (base.mint === quote.mint) throw fieldError('SAME_TOKEN', 'quote', `${base.symbol} and ${quote.symbol} are the same token (same mint)`);
  return { base, quote, levels };
}

const samePools = (a: readonly Pool[], b: readonly Pool[]): boolean => a.length === b.length && a.every((p, i) => p === b[i]);

export function createOrderBooks(deps: OrderBooksDeps): OrderBooks {
  const feed = createMarketFeed({ marketEvents: deps.marketEvents, logger: deps.logger, name: 'order-book-updates', coalesceMs: deps.coalesceMs });
  /** By "base|quote|levels": the last book and the pool states it was read from. */
  const cache = new Map<string, { readonly pools: readonly Pool[]; readonly view: OrderBookView }>();

  /** The book of `r` on `stored`: the cached one while the pair's pools are the same states. */
  const bookOn = (stored: StoredMarket, r: Request): OrderBookView => {
    const key = `${r.base.mint}|${r.quote.mint}|${r.levels}`;
    const pools = poolsForPair(stored.market, r.base.mint, r.quote.mint);
    const hit = cache.get(key);
    if (hit !== undefined && samePools(hit.pools, pools)) return hit.view;
    const at = deps.clock();
    const view = { base: r.base, quote: r.quote, version: stored.version, at, book: orderBook(stored.market, r.base.mint, r.quote.mint, Math.floor(at / 1000), r.levels) };
    cache.delete(key);
    cache.set(key, { pools, view });
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return view;
  };

  return {
    async get(args) {
      const stored = await deps.market.recent(deps.clock());
      return bookOn(stored, parseArgs(stored, args));
    },

    async updates(args, signal) {
      let known = await deps.market.current();
      const request = parseArgs(known, args);
      const read = async () => {
        const stored = await deps.market.current();
        known = stored;
        const view = bookOn(stored, request);
        // A book stands for the version it was computed at: the same book is never sent twice.
        return { version: view.version, value: view };
      };
      const touches = (change: { readonly poolIds: readonly string[] }): boolean => {
        const pair = poolsForPair(known.market, request.base.mint, request.quote.mint);
        return change.poolIds.some((id) => !known.market.pools.has(id) || pair.some((p) => p.id === id));
      };
      return feed.subscribe(read, { signal, touches });
    },
  };
}
