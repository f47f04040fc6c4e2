/**
 * One account's conditional orders: LIMIT, STOP and SNIPER submissions (validated, persisted OPEN
 * idempotently per account, published; the worker role's trigger index takes them from the OPEN
 * event, jobs/triggers.ts) and cancellation. Nothing is enqueued here: a resting order reaches the
 * queue only when its condition holds.
 */
import type { Logger } from 'pino';
import { newOrderId } from '../db/ids.js';
import type { Storage } from '../db/port.js';
import { evaluateOrder, tokenOutOf, tryRoute } from '../domain/conditional/evaluate.js';
import type { ConditionalInput } from '../domain/conditional/validate.js';
import type { ConditionalOrder } from '../domain/conditional/types.js';
import { unlistedToken } from '../domain/conditional/unlisted.js';
import { isCancellable } from '../domain/order.js';
import { acceptedAt, type OrderUpdate, type OrderView } from '../domain/order-view.js';
import type { Clock } from '../domain/rng.js';
import type { Route } from '../domain/route.js';
import { findBestRoute } from '../domain/router.js';
import type { Token } from '../domain/tokens.js';
import type { OrderEvents } from '../events/order-events.js';
import type { Metrics } from '../metrics/metrics.js';
import { conditionalOrderFrom, conditionKey, parseExpiresAt } from './conditional-input.js';
import { InputError } from './errors.js';
import { parseClientOrderId } from './order-input.js';
import type { AccountOrders } from './types.js';

export interface ConditionalOrdersDeps {
  readonly storage: Storage;
  readonly events: OrderEvents;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics?: Metrics;
}

/** The conditional part of an account's orders (services/types.ts AccountOrders). */
export type ConditionalOrders = Pick<AccountOrders, 'submitLimitOrder' | 'submitStopOrder' | 'submitSniperOrder' | 'cancelOrder'>;

/** The quote of an order no route fills yet: nothing out, no legs. */
function noRoute(tokenIn: Token, tokenOut: Token, amountIn: bigint): Route {
  return {
    kind: 'DIRECT',
    tokenIn: tokenIn.symbol,
    tokenOut: tokenOut.symbol,
    amountIn,
    amountOut: 0n,
    legs: [],
    steps: [],
    priceImpactPpm: 0,
    alternatives: [],
    bestSingleVenueOut: undefined,
    savingsBps: 0,
  };
}

export function conditionalOrders(deps: ConditionalOrdersDeps, accountId: string): ConditionalOrders {
  const { storage, events, clock } = deps;
  const { orders, market } = storage;
  const log = deps.logger.child({ component: 'conditional-orders', accountId });

  const publish = async (update: OrderUpdate): Promise<void> => {
    try {
      await events.publish(update);
    } catch (err) {
      log.error({ err, orderId: update.orderId, seq: update.seq }, 'publish failed; subscribers resync from the database');
    }
  };

  async function submit(input: ConditionalInput & { readonly clientOrderId: string }): Promise<OrderView> {
    const clientOrderId = parseClientOrderId(input.clientOrderId);
    const now = clock();
    const stored = await market.current();
    const id = newOrderId(now);
    const order = conditionalOrderFrom(input, id, stored.market, now);
    const tokenOut = tokenOutOf(order, stored.market) ?? unlistedToken(order.kind === 'SNIPER' ? order.tokenOutMint : '');
    // Shown as the order's quote while it rests: what the whole order would get now, if anything.
    const nowQuote = tokenOutOf(order, stored.market) && tryRoute(findBestRoute, stored.market, order.tokenIn, tokenOut, order.amountIn, Math.floor(now / 1000));
    const view: OrderView = {
      id,
      type: order.kind,
      condition: order,
      expiresAt: order.expiresAtMs,
      accountId,
      clientOrderId,
      status: 'OPEN',
      seq: 1,
      tokenIn: order.tokenIn,
      tokenOut,
      amountIn: order.amountIn,
      slippageBps: order.kind === 'LIMIT' ? 0 : order.slippageBps,
      quotedAmountOut: nowQuote ? nowQuote.amountOut : 0n,
      // A limit's minimum is fixed now; a stop's and a sniper's come from the quote at the trigger.
      minAmountOut: order.kind === 'LIMIT' ? order.minAmountOut : 0n,
      quotedRoute: nowQuote || noRoute(order.tokenIn, tokenOut, order.amountIn),
      ...acceptedAt(now),
    };
    const marketable = evaluateOrder(order, stored.market, Math.floor(now / 1000), findBestRoute) !== undefined;
    const result = await orders.insert(view, `resting: ${describe(order)}${marketable ? ' (its condition holds now)' : ''}`);
    if (!result.inserted) return idempotent(result.order, order);
    deps.metrics?.transition('OPEN', undefined, undefined);
    await publish(result.update);
    log.info({ orderId: id, clientOrderId, type: order.kind, pair: `${order.tokenIn.symbol}/${tokenOut.symbol}` }, 'conditional order resting');
    return view;
  }

  function idempotent(existing: OrderView, order: ConditionalOrder): OrderView {
    const same = existing.condition !== undefined && conditionKey({ ...existing.condition, id: order.id }) === conditionKey(order);
    if (!same) {
      throw new InputError('IDEMPOTENCY_CONFLICT', 'input.clientOrderId', `clientOrderId "${existing.clientOrderId}" was already used for a different order (${existing.id})`);
    }
    return existing;
  }

  return {
    submitLimitOrder: async (input) => submit({ ...input, type: 'LIMIT', expiresAt: parseExpiresAt(input.expiresAt) }),
    submitStopOrder: async (input) => submit({ ...input, type: 'STOP', expiresAt: parseExpiresAt(input.expiresAt) }),
    submitSniperOrder: async (input) => submit({ ...input, type: 'SNIPER', expiresAt: parseExpiresAt(input.expiresAt) }),

    async cancelOrder(id) {
      const found = await orders.find(id);
      // Another account's order is answered exactly as one that does not exist.
      if (found === undefined || found.accountId !== accountId) throw new InputError('NOT_FOUND', 'id', 'no such order');
      let previous: OrderView | undefined;
      // Compare-and-set on seq: against a trigger (OPEN → PENDING) or a worker (PENDING → ROUTING)
      // moving it at the same moment, exactly one write lands; the loser decides again on what won.
      const { current, update } = await orders.transition(
        id,
        clock(),
        (o) => (isCancellable(o.status) ? { status: 'CANCELLED', detail: `cancelled by its account while ${(previous = o).status}` } : undefined),
        found,
      );
      if (update === undefined) {
        throw new InputError('NOT_CANCELLABLE', 'id', `the order is ${current?.status ?? 'gone'}: only an OPEN order, or a PENDING one no worker has taken, can be cancelled`);
      }
      deps.metrics?.transition('CANCELLED', previous?.status, previous && (update.at - previous.updatedAt) / 1000);
      deps.metrics?.terminal('CANCELLED', undefined, (update.at - update.order.createdAt) / 1000);
      await publish(update);
      log.info({ orderId: id, was: previous?.status }, 'order cancelled');
      return update.order;
    },
  };
}

function describe(order: ConditionalOrder): string {
  switch (order.kind) {
    case 'LIMIT':
      return `LIMIT for at least ${order.minAmountOut} atoms of ${order.tokenOut.symbol}`;
    case 'STOP':
      return `STOP when the whole order gives at most ${order.triggerAtoms} atoms of ${order.tokenOut.symbol}`;
    case 'SNIPER':
      return `SNIPER for ${order.tokenOutMint}: depth at least ${order.minLiquidity} atoms, impact at most ${order.maxPriceImpactBps} bps`;
  }
}
