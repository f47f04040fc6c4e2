/**
 * One account's orders: submission (validate, quote against the freshest market, persist
 * idempotently per account, publish, enqueue), reads and update streams, each confined to the
 * account. Another account's order is indistinguishable from one that does not exist.
 */
import type { Logger } from 'pino';
import { newOrderId } from '../db/ids.js';
import type { Storage } from '../db/port.js';
import { minAmountOutFor } from '../domain/order.js';
import { acceptedAt, type OrderView } from '../domain/order-view.js';
import type { Clock } from '../domain/rng.js';
import type { Route } from '../domain/route.js';
import { describeRoute } from '../domain/route-text.js';
import type { OrderEvents } from '../events/order-events.js';
import type { Metrics } from '../metrics/metrics.js';
import type { AllOrdersHub } from './all-orders-hub.js';
import { conditionalOrders } from './conditional-orders.js';
import { InputError } from './errors.js';
import { decodeCursor, encodeCursor, parseClientOrderId, parseQuoteInput, type ParsedQuoteInput } from './order-input.js';
import { orderUpdateStream } from './order-stream.js';
import { routeFor } from './quoting.js';
import type { AccountOrders, AccountRef, OrderDispatch } from './types.js';

export const MAX_PAGE_SIZE = 100;

export interface AccountOrdersDeps {
  readonly storage: Storage;
  readonly events: OrderEvents;
  readonly dispatch: OrderDispatch;
  readonly allOrders: AllOrdersHub;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly resyncMs?: number;
  readonly metrics?: Metrics;
}

function sameParameters(order: OrderView, p: ParsedQuoteInput): boolean {
  return (
    order.type === 'MARKET' &&
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

/** Both transports' signals in one: the caller's (request, socket) and the key's revocation. */
function ended(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (!a) return b;
  if (!b) return a;
  return AbortSignal.any([a, b]);
}

export function accountOrders(deps: AccountOrdersDeps, account: AccountRef): AccountOrders {
  const { storage, events, dispatch, clock } = deps;
  const { market, orders } = storage;
  const { accountId } = account;
  const log = deps.logger.child({ component: 'order-service', accountId });

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
    ...conditionalOrders({ storage, events, clock, logger: deps.logger, metrics: deps.metrics }, accountId),

    async submitMarketOrder(input) {
      const clientOrderId = parseClientOrderId(input.clientOrderId);
      const now = clock();
      // The freshest market (a version read): the minimum out fixed here is what the worker holds
      // the fill to, so it must not lag another process's fill. Read before parsing, so a token
      // launched at runtime is known.
      const stored = await market.current();
      const p = parseQuoteInput(input, stored.market);
      let quoted: Route;
      try {
        quoted = routeFor(p, now, stored);
      } catch (e) {
        // A resubmission returns the order even if the market no longer quotes it. Looked up only
        // here: on the way in, the insert below finds an existing order itself, inside its
        // transaction, and a read outside one costs a read transaction per order.
        const existing = await orders.findByClientId(accountId, clientOrderId);
        if (existing) return resubmitted(existing, p);
        throw e;
      }
      const minAmountOut = minAmountOutFor(quoted.amountOut, p.slippageBps);
      const order: OrderView = {
        id: newOrderId(now),
        accountId,
        clientOrderId,
        status: 'PENDING',
        type: 'MARKET',
        seq: 1,
        tokenIn: p.tokenIn,
        tokenOut: p.tokenOut,
        amountIn: p.amountIn,
        slippageBps: p.slippageBps,
        quotedAmountOut: quoted.amountOut,
        minAmountOut,
        quotedRoute: quoted,
        ...acceptedAt(now),
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

    async getOrder(id) {
      const order = await orders.find(id);
      return order?.accountId === accountId ? order : undefined;
    },

    async listOrders({ first, after, status }) {
      if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
        throw new InputError('INVALID_ARGUMENT', 'first', `first must be an integer from 1 to ${MAX_PAGE_SIZE}`);
      }
      const cursor = after ? decodeCursor(after) : undefined;
      const rows = await orders.list({ accountId, limit: first + 1, after: cursor, status: status ?? undefined });
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

    orderUpdates(orderId, signal) {
      const end = ended(signal, account.revoked);
      if (orderId === undefined) return deps.allOrders.subscribe(accountId, end);
      return orderUpdateStream({ orders, events, resyncMs: deps.resyncMs ?? 5_000 }, accountId, orderId, end);
    },
  };
}
