/**
 * One attempt at executing an order: PENDING → ROUTING → BUILDING → SUBMITTED → CONFIRMED, or
 * FAILED. Every step is persisted (row + event) before it is published, and each step only moves
 * forward: an attempt resuming an order that earlier attempts already moved along records a
 * same-status note instead of re-emitting old statuses. Independent of BullMQ but for its error
 * types: the worker passes the attempt number and BullMQ does the backoff.
 */
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { DomainError, isDomainError } from '../domain/errors.js';
import { isTerminal } from '../domain/order.js';
import { orderFailureFor } from '../services/errors.js';
import { ORDER_STATUSES, type FailureCode, type OrderStatus } from '../domain/order-status.js';
import type { Clock } from '../domain/rng.js';
import { findBestRoute } from '../domain/router.js';
import type { VenueId } from '../domain/venues/pool.js';
import { StorageUnavailableError, type OrderChange, type Storage } from '../db/port.js';
import type { MarketEvents } from '../events/market-events.js';
import type { OrderEvents } from '../events/order-events.js';
import type { OrderUpdate, OrderView } from '../domain/order-view.js';
import { TransientChainError, type Chain } from '../chain/simulated-chain.js';
import { executeFill } from './fill.js';
import { observeTransition } from './observe.js';
import type { Metrics } from '../metrics/metrics.js';
import { backoffDelayMs } from './queue.js';
import { describeRoute, venuesCompared } from '../domain/route-text.js';

export interface ProcessorDeps {
  readonly storage: Storage;
  readonly events: OrderEvents;
  /** Announces each fill's pool moves (poolUpdates subscribers reload the pools). */
  readonly marketEvents: MarketEvents;
  readonly chain: Chain;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly metrics: Metrics;
}

const VENUES: readonly VenueId[] = ['RAYDIUM', 'METEORA'];
const rank = (s: OrderStatus): number => ORDER_STATUSES.indexOf(s);

/** Where the attempt ended: the order's status afterwards, or MISSING for an unknown id. */
export type AttemptOutcome = OrderStatus | 'MISSING';

/**
 * Runs attempt `attempt` (1-based) of the order.
 * @throws TransientChainError (or any unexpected error) to have the job retried;
 *   UnrecoverableError once the order is FAILED (permanent failure or attempts exhausted)
 */
export async function processOrder(
  deps: ProcessorDeps,
  orderId: string,
  attempt: number,
  /** The attempts this job has (BullMQ's opts.attempts): the producer's setting, not this process's. */
  maxAttempts: number = deps.maxAttempts,
): Promise<AttemptOutcome> {
  const { storage, chain, clock } = deps;
  const { orders } = storage;
  const jobLog = deps.logger.child({ orderId, attempt });
  // A seq check when this process wrote the order last (the API's insert in `npm start`).
  const initial = await orders.current(orderId);
  if (!initial) {
    jobLog.warn('job for an unknown order: skipped');
    return 'MISSING';
  }
  // Every line about the order names its account (the id: keys never reach the worker).
  const log = jobLog.child({ accountId: initial.accountId });
  if (isTerminal(initial.status)) {
    // A redelivered job (its worker died after the commit, before the publish or the job's
    // completion): publish the terminal update again. Subscribers drop it by seq if they had it;
    // without it, a feed that missed it would never learn the order ended.
    const last = await orders.latestEvent(orderId);
    if (last) await publish(deps, last, log);
    return initial.status;
  }

  // A resting order is its trigger's (jobs/triggers.ts), which moves it to PENDING and enqueues it
  // again: a job for it now (a stray redelivery) has nothing to execute.
  if (initial.status === 'OPEN') {
    log.warn('job for a resting (OPEN) order: skipped');
    return 'OPEN';
  }

  // The order as this attempt last wrote or read it: each step's transaction only checks that its
  // seq is still the stored one (another run of the same order moved it otherwise) instead of
  // reading and decoding the row again.
  let known: OrderView | undefined = initial;
  // Persist (in this turn's group commit), then publish. A publish failure is only logged:
  // subscribers resync from the database.
  const record = async (decide: (o: OrderView) => OrderChange | undefined): Promise<OrderView | undefined> => {
    let previous: OrderView | undefined;
    const { current, update } = await orders.transition(orderId, clock(), (o) => decide((previous = o)), known);
    known = current;
    if (update) {
      observeTransition(deps.metrics, previous, update);
      await publish(deps, update, log);
    }
    return current;
  };
  const advance = (status: OrderStatus, detail: string) =>
    record((o) => (rank(o.status) < rank(status) ? { status, detail, attempts: Math.max(o.attempts, attempt) } : undefined));

  try {
    let order = await advance('ROUTING', `attempt ${attempt}: comparing venues`);
    if (!order || isTerminal(order.status)) return order?.status ?? 'MISSING';

    // One quote request per venue, in parallel.
    await Promise.all(VENUES.map(() => chain.wait('quote')));
    const route = findBestRoute((await storage.market.current()).market, order.tokenIn, order.tokenOut, order.amountIn, Math.floor(clock() / 1000));
    if (log.isLevelEnabled('info')) {
      log.info(
        { venues: venuesCompared(route), route: describeRoute(route), kind: route.kind, amountOut: route.amountOut.toString(), minAmountOut: order.minAmountOut.toString() },
        'venues compared, route chosen',
      );
    }
    if (route.amountOut < order.minAmountOut) {
      throw new DomainError('SLIPPAGE_EXCEEDED', `best route now gives ${route.amountOut}, below the minimum ${order.minAmountOut}`, {
        expected: route.amountOut.toString(),
        minAmountOut: order.minAmountOut.toString(),
      });
    }
    if (attempt > 1) {
      order = await record((o) => ({ status: o.status, detail: `attempt ${attempt}: re-routed via ${describeRoute(route)}`, attempts: Math.max(o.attempts, attempt) }));
      if (!order || isTerminal(order.status)) return order?.status ?? 'MISSING';
    }

    await advance('BUILDING', `building a ${route.kind} swap via ${describeRoute(route)}`);
    await chain.wait('build');
    order = await advance('SUBMITTED', `attempt ${attempt}: transaction sent`);
    if (!order || isTerminal(order.status)) return order?.status ?? 'MISSING';
    await chain.wait('submit');
    const outcome = chain.submit(order, attempt);
    if (outcome !== 'LANDED') throw new TransientChainError(outcome);
    await chain.wait('confirm');

    const txHash = chain.signature(order, attempt);
    const at = clock();
    let previous: OrderView | undefined;
    const result = await storage.fill(orderId, at, known, (o, market) => executeFill((previous = o), market, txHash, at));
    if (!result.filled) return result.order?.status ?? 'MISSING';
    observeTransition(deps.metrics, previous, result.update);
    deps.metrics.fill([...new Set(result.result.route.legs.map((l) => l.venue))], result.result.fill.slippageBps);
    deps.marketEvents.publish(result.write); // committed: one PUBLISH, not awaited
    await publish(deps, result.update, log);
    if (log.isLevelEnabled('info')) {
      log.info(
        { txHash: result.result.fill.txHash, route: describeRoute(result.result.route), amountOut: result.result.fill.amountOut.toString(), slippageBps: result.result.fill.slippageBps, price: result.result.fill.executedPrice },
        'order filled',
      );
    }
    return 'CONFIRMED';
  } catch (e) {
    // The database is away: nothing about the order can be recorded now, and this is not the
    // order's failure. The worker puts the job back for later without spending an attempt.
    if (e instanceof StorageUnavailableError) throw e;
    const permanent = orderFailureFor(e);
    if (isDomainError(e) && permanent !== undefined) {
      await fail(permanent, e.message);
      log.warn({ code: e.code, err: e.message }, 'order failed without retry');
      throw new UnrecoverableError(`${e.code}: ${e.message}`);
    }
    // Anything else is retried: a dropped transaction, or an unexpected error (logged in full).
    const chainFailure = e instanceof TransientChainError;
    const code = chainFailure ? e.code : isDomainError(e) ? e.code : 'INTERNAL_ERROR';
    if (!chainFailure) log.error({ err: e, code }, 'attempt failed with an unexpected error');
    if (attempt >= maxAttempts) {
      // NETWORK_ERROR only when the chain kept dropping it; our own failure is not the network's.
      const failure: FailureCode = chainFailure ? 'NETWORK_ERROR' : 'INTERNAL_ERROR';
      // Public text only: a chain failure's own message is ours and safe; an unexpected error's is
      // not (it may hold driver or file details) and stays in the log above.
      const last = chainFailure ? `${code}: ${e.message}` : `${code}: the engine failed on this attempt (see the logs for order ${orderId})`;
      await fail(failure, `gave up after ${attempt} attempts; last: ${last}`);
      log.warn({ code, failure, attempts: attempt }, 'order failed: attempts exhausted');
      throw new UnrecoverableError(`${failure} after ${attempt} attempts`);
    }
    const delay = backoffDelayMs(deps.backoffMs, attempt);
    await record((o) => ({ status: o.status, detail: `attempt ${attempt} failed: ${code}; retrying in ${delay} ms`, attempts: Math.max(o.attempts, attempt) }));
    log.info({ code, delayMs: delay }, 'attempt failed, will retry');
    throw e;
  }

  async function fail(code: FailureCode, message: string): Promise<void> {
    await record((o) => ({ status: 'FAILED', detail: `${code}: ${message}`, attempts: Math.max(o.attempts, attempt), failureCode: code, failureMessage: message }));
  }
}

async function publish(deps: ProcessorDeps, update: OrderUpdate, log: Logger): Promise<void> {
  try {
    await deps.events.publish(update);
  } catch (err) {
    log.error({ err, seq: update.seq }, 'publish failed; subscribers will resync from the database');
  }
}
