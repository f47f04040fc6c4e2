/**
 * The OrderService behind the GraphQL layer: market data and quotes for anyone, and each account's
 * orders (account-orders.ts) for the keys of that account.
 */
import type { Logger } from 'pino';
import type { Storage } from '../db/port.js';
import { minAmountOutFor } from '../domain/order.js';
import type { Clock } from '../domain/rng.js';
import { marketTokenList } from '../domain/market/market-tokens.js';
import type { Token } from '../domain/tokens.js';
import type { MarketEvents } from '../events/market-events.js';
import { createAllOrdersHub, type AllOrdersHub } from './all-orders-hub.js';
import type { OrderEvents } from '../events/order-events.js';
import type { PubSub } from '../events/pubsub.js';
import { redisProblems } from '../events/redis-health.js';
import type { Metrics } from '../metrics/metrics.js';
import { accountOrders } from './account-orders.js';
import { parseQuoteInput } from './order-input.js';
import { launch } from './launches.js';
import { createOrderBooks } from './order-books.js';
import { createPoolFeed } from './pool-feed.js';
import { cachedPoolViews } from './pool-views.js';
import { routeFor } from './quoting.js';
import type { OrderDispatch, OrderService } from './types.js';

export interface OrderServiceDeps {
  readonly storage: Storage;
  readonly events: OrderEvents;
  /** The pub/sub transport (its publisher connection answers readiness). */
  readonly pubsub: PubSub;
  readonly marketEvents: MarketEvents;
  /** Hands accepted orders to execution (the runtime passes the order queue's producer). */
  readonly dispatch: OrderDispatch;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Idle single-order streams re-check the database this often (ms). */
  readonly resyncMs?: number;
  /** The process's all-orders feed (the runtime holds its subscription in API processes). */
  readonly allOrders?: AllOrdersHub;
  readonly metrics?: Metrics;
}

export function createOrderService(deps: OrderServiceDeps): OrderService {
  const { storage, events, dispatch, clock } = deps;
  const { market, orders } = storage;
  const log = deps.logger.child({ component: 'order-service' });
  const currentPools = cachedPoolViews(market);
  const poolFeed = createPoolFeed({ marketEvents: deps.marketEvents, pools: currentPools, logger: deps.logger });
  const books = createOrderBooks({ market, marketEvents: deps.marketEvents, clock, logger: deps.logger });
  // The token list as one array per set of launched tokens (resolvers index it by identity).
  let tokenList: { readonly launched: unknown; readonly list: readonly Token[] } | undefined;
  const knownTokens = (): readonly Token[] => {
    const launched = market.cached?.market.tokens;
    if (tokenList === undefined || tokenList.launched !== launched) tokenList = { launched, list: marketTokenList(launched === undefined ? {} : { tokens: launched }) };
    return tokenList.list;
  };
  // One Redis subscription and one dedupe/gap-fill pass per message for every all-orders subscriber.
  const allOrders = deps.allOrders ?? createAllOrdersHub({ orders, events, resyncMs: deps.resyncMs });

  return {
    forAccount(account) {
      return accountOrders({ storage, events, dispatch, allOrders, clock, logger: deps.logger, resyncMs: deps.resyncMs, metrics: deps.metrics }, account);
    },

    async quote(input) {
      const now = clock();
      // A quote may lag another process's fill by that fill's "market changed" message (a
      // submission reads the version: its minimum out is what the worker holds the fill to).
      const stored = await market.recent(now);
      const p = parseQuoteInput(input, stored.market);
      const r = routeFor(p, now, stored);
      return {
        tokenIn: p.tokenIn,
        tokenOut: p.tokenOut,
        amountIn: p.amountIn,
        slippageBps: p.slippageBps,
        route: r,
        minAmountOut: minAmountOutFor(r.amountOut, p.slippageBps),
        quotedAt: now,
      };
    },

    tokens: knownTokens,

    async listTokens() {
      await market.recent(clock());
      return knownTokens();
    },

    async launchPool(input) {
      return (await launch({ market, marketEvents: deps.marketEvents, clock }, input)).pool;
    },

    orderBook: (args) => books.get(args),

    orderBookUpdates: (args, signal) => books.updates(args, signal),

    async pools() {
      return (await currentPools()).views;
    },

    poolUpdates(signal) {
      return poolFeed.subscribe(signal);
    },

    async readiness() {
      // Both connections: pub/sub's publisher (which also tells Redis's eviction policy), and the
      // queue's own.
      const [problems, producer, database] = await Promise.all([
        redisProblems(deps.pubsub.redis),
        Promise.race([dispatch.ready(), new Promise<boolean>((resolve) => setTimeout(resolve, 1_000, false).unref())]),
        Promise.race([storage.ready().catch(() => false), new Promise<boolean>((resolve) => setTimeout(resolve, 1_000, false).unref())]),
      ]);
      const reasons = [...problems];
      if (!producer) reasons.push("the order queue's Redis connection does not answer");
      if (!database) reasons.push(`the ${storage.engine} database does not answer`);
      const redis = problems.length === 0 && producer;
      return reasons.length === 0 ? { redis, database } : { redis, database, reasons };
    },
  };
}
