/**
 * The OrderService behind the GraphQL layer: validates and quotes against the cached market,
 * persists orders idempotently, enqueues them, and serves reads and gap-free update streams.
 */
import type { Logger } from 'pino';
import { newOrderId } from '../db/ids.js';
import type { StoredMarket, Storage } from '../db/port.js';
import { isDomainError } from '../domain/errors.js';
import { minAmountOutFor } from '../domain/order.js';
import type { Clock } from '../domain/rng.js';
import type { Route } from '../domain/route.js';
import { findBestRoute } from '../domain/router.js';
import { TOKEN_LIST } from '../domain/tokens.js';
import type { MarketEvents } from '../events/market-events.js';
import { createAllOrdersHub, type AllOrdersHub } from './all-orders-hub.js';
import { orderUpdateStream } from './order-stream.js';
import type { OrderEvents } from '../events/order-events.js';
import type { PubSub } from '../events/pubsub.js';
import { redisProblems } from '../events/redis-health.js';
import type { Metrics } from '../metrics/metrics.js';
import { describeRoute } from '../domain/route-text.js';
import { decodeCursor, encodeCursor, parseClientOrderId, parseQuoteInput, type ParsedQuoteInput } from './order-input.js';
import { createPoolFeed } from './pool-feed.js';
import { cachedPoolViews } from './pool-views.js';
import { InputError, inputErrorFrom } from './errors.js';
import type { OrderDispatch, OrderService } from './types.js';
import type { OrderView } from '../domain/order-view.js';

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

export const MAX_PAGE_SIZE = 100;

function sameParameters(order: OrderView, p: ParsedQuoteInput): boolean {
  return (
    order.tokenIn.symbol === p.tokenIn.symbol &&
    order.tokenOut.symbol === p.tokenOut.symbol &&
    order.amountIn === p.amountIn &&
    order.slippageBps === p.slippageBps
  );
}

function idempotent(order: OrderView, p: ParsedQuoteInput): OrderView {
  if (!sameParameters(order, p)) {
    throw new InputError(
      'IDEMPOTENCY_CONFLICT',
      'input.clientOrderId',
      `clientOrderId "${order.clientOrderId}" was already used for a different order (${order.id})`,
    );
  }
  return order;
}

export function createOrderService(deps: OrderServiceDeps): OrderService {
  const { storage, events, dispatch, clock } = deps;
  const { market, orders } = storage;
  const log = deps.logger.child({ component: 'order-service' });
  const currentPools = cachedPoolViews(market);
  const poolFeed = createPoolFeed({ marketEvents: deps.marketEvents, pools: currentPools, logger: deps.logger });
  // One Redis subscription and one dedupe/gap-fill pass per message for every all-orders subscriber.
  const allOrders = deps.allOrders ?? createAllOrdersHub({ orders, events, resyncMs: deps.resyncMs });

  /** @throws InputError NO_ROUTE | INSUFFICIENT_LIQUIDITY */
  const route = (p: ParsedQuoteInput, now: number, stored: StoredMarket): Route => {
    let r: Route;
    try {
      r = findBestRoute(stored.market, p.tokenIn, p.tokenOut, p.amountIn, Math.floor(now / 1000));
    } catch (e) {
      // What the client's input made unroutable (no path, beyond depth, too small, too large), on
      // the field the error table names; anything else is ours.
      throw (isDomainError(e) && inputErrorFrom(e)) || e;
    }
    if (r.amountOut <= 0n) {
      throw new InputError('AMOUNT_TOO_SMALL', 'input.amountIn', 'amount too small: the best route returns nothing');
    }
    return r;
  };

  /**
   * The same clientOrderId returns the same order. A still-PENDING one is enqueued again (the job id
   * is the order id, so this adds nothing when the job exists): it heals a submission whose enqueue
   * failed after the row was written.
   */
  const resubmitted = async (order: OrderView, p: ParsedQuoteInput): Promise<OrderView> => {
    const same = idempotent(order, p);
    if (same.status === 'PENDING') await dispatch.enqueue(same.id);
    return same;
  };

  return {
    async submitMarketOrder(input) {
      const clientOrderId = parseClientOrderId(input.clientOrderId);
      const p = parseQuoteInput(input);
      const now = clock();
      // The freshest market (a version read): the minimum out fixed here is what the worker holds
      // the fill to, so it must not lag another process's fill.
      const stored = await market.current();
      let quoted: Route;
      try {
        quoted = route(p, now, stored);
      } catch (e) {
        // A resubmission returns the order even if the market no longer quotes it. Looked up only
        // here: on the way in, the insert below finds an existing order itself, inside its
        // transaction, and a read outside one costs a read transaction per order.
        const existing = await orders.findByClientId(clientOrderId);
        if (existing) return resubmitted(existing, p);
        throw e;
      }
      const minAmountOut = minAmountOutFor(quoted.amountOut, p.slippageBps);
      const order: OrderView = {
        id: newOrderId(now),
        clientOrderId,
        status: 'PENDING',
        seq: 1,
        tokenIn: p.tokenIn,
        tokenOut: p.tokenOut,
        amountIn: p.amountIn,
        slippageBps: p.slippageBps,
        quotedAmountOut: quoted.amountOut,
        minAmountOut,
        quotedRoute: quoted,
        attempts: 0,
        fill: undefined,
        failureCode: undefined,
        failureMessage: undefined,
        createdAt: now,
        updatedAt: now,
      };
      const detail = `accepted: quoted ${quoted.amountOut} via ${describeRoute(quoted)}, minimum ${minAmountOut}`;
      // In this turn's group commit with the other submissions (and, in one process, the worker's).
      const result = await orders.insert(order, detail);
      if (!result.inserted) return resubmitted(result.order, p);
      deps.metrics?.transition('PENDING', undefined, undefined);
      // PENDING is published before the job exists: once enqueued, a worker may publish ROUTING at
      // once, and an all-orders subscriber must never see seq 2 before seq 1.
      try {
        await events.publish(result.update);
      } catch (err) {
        log.error({ err, orderId: order.id }, 'publish of PENDING failed; subscribers resync from the database');
      }
      // Persisted first, so the order is accepted whatever happens next. If enqueueing fails (Redis
      // away for this request), the client still gets its order: a resubmission with the same
      // clientOrderId enqueues it again, and otherwise a worker's reconciler does within its grace
      // period (src/jobs/reconciler.ts). An error here would tell the client "not accepted" about
      // an order that will execute.
      await dispatch.enqueue(order.id).catch((err: unknown) =>
        log.error({ err, orderId: order.id }, 'enqueue failed; the order is persisted and the reconciler will enqueue it'),
      );
      log.info({ orderId: order.id, clientOrderId, pair: `${p.tokenIn.symbol}/${p.tokenOut.symbol}`, amountIn: p.amountIn.toString() }, 'order accepted');
      return order;
    },

    async quote(input) {
      const p = parseQuoteInput(input);
      const now = clock();
      // A quote may lag another process's fill by that fill's "market changed" message (a
      // submission reads the version: its minimum out is what the worker holds the fill to).
      const r = route(p, now, await market.recent(now));
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

    async getOrder(id) {
      return orders.find(id);
    },

    async listOrders({ first, after, status }) {
      if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
        throw new InputError('INVALID_ARGUMENT', 'first', `first must be an integer from 1 to ${MAX_PAGE_SIZE}`);
      }
      const cursor = after ? decodeCursor(after) : undefined;
      const rows = await orders.list({ limit: first + 1, after: cursor, status: status ?? undefined });
      const page = rows.slice(0, first);
      const head = page[0];
      const tail = page[page.length - 1];
      return {
        orders: page,
        hasNextPage: rows.length > first,
        startCursor: head && encodeCursor(head.createdAt, head.id),
        endCursor: tail && encodeCursor(tail.createdAt, tail.id),
      };
    },

    tokens() {
      return TOKEN_LIST;
    },

    async pools() {
      return (await currentPools()).views;
    },

    poolUpdates(signal) {
      return poolFeed.subscribe(signal);
    },

    orderUpdates(orderId, signal) {
      if (orderId === undefined) return allOrders.subscribe(signal);
      return orderUpdateStream({ orders, events, resyncMs: deps.resyncMs ?? 5_000 }, orderId, signal);
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
