/**
 * The worker role's triggers: a TriggerIndex (domain/conditional/trigger-index.ts) of every resting
 * order, per worker process, evaluated on every announced market change (fills, motion, launches)
 * rather than by polling each order.
 *
 * - Loaded from storage at start, so resting orders survive restarts; kept current from the order
 *   events (an OPEN order joins, any later status leaves), with a resync from storage now and then
 *   for messages Redis lost.
 * - A fired order moves OPEN → PENDING by compare-and-set on its seq, carrying the quote at the
 *   trigger (the market order's minAmountOut), and only the process whose write landed enqueues it:
 *   with several worker processes each holding every order, each order triggers exactly once. A
 *   crash between the write and the enqueue loses nothing: the reconciler enqueues a PENDING order
 *   no job holds.
 * - The index runs evaluations one at a time; changes announced meanwhile fold into the next one.
 */
import type { Logger } from 'pino';
import type { Storage } from '../db/port.js';
import { TriggerIndex } from '../domain/conditional/trigger-index.js';
import type { FiredOrder } from '../domain/conditional/types.js';
import type { OrderView } from '../domain/order-view.js';
import type { Clock } from '../domain/rng.js';
import { describeRoute } from '../domain/route-text.js';
import type { MarketEvents } from '../events/market-events.js';
import type { OrderEvents } from '../events/order-events.js';
import type { Metrics } from '../metrics/metrics.js';
import { observeTransition } from './observe.js';

export interface TriggerDeps {
  readonly storage: Storage;
  readonly events: OrderEvents;
  readonly marketEvents: MarketEvents;
  /** Hands a fired order to the queue (idempotent per order id). */
  readonly enqueue: (orderId: string) => Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** How often to resync the index from storage (ms); 0: only at start. */
  readonly resyncMs: number;
}

export interface Triggers {
  /** Resting orders this process holds. */
  readonly size: number;
  /**
   * Evaluates every resting order that can cross against the freshest market now (what each market
   * change does) and resolves once the orders it fired are written and enqueued. Gives the ids this
   * process fired (those whose compare-and-set landed here).
   */
  evaluate(): Promise<string[]>;
  /** Reloads the index from storage: adds resting orders it lacks, drops those no longer OPEN. */
  resync(): Promise<void>;
  close(): Promise<void>;
}

export async function startTriggers(deps: TriggerDeps): Promise<Triggers> {
  const { storage, events, clock, metrics } = deps;
  const { orders } = storage;
  const log = deps.logger.child({ component: 'triggers' });
  const index = new TriggerIndex();
  let closed = false;

  const add = (view: OrderView): void => {
    if (view.status !== 'OPEN' || view.condition === undefined || index.has(view.id)) return;
    index.add(view.condition);
  };

  // OPEN orders announced since the last load, read in one query per turn.
  let wanted = new Set<string>();
  let loading: Promise<void> | undefined;
  const load = (): Promise<void> =>
    (loading ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const ids = [...wanted];
      wanted = new Set();
      loading = undefined;
      try {
        for (const view of await orders.resting(ids)) add(view);
      } catch (err) {
        log.warn({ err, orders: ids.length }, 'could not read new resting orders; the next resync adds them');
      }
      schedule();
    }));

  // Evaluations one at a time: `again` folds changes announced during one into the next.
  let running: Promise<string[]> | undefined;
  let again = false;
  const schedule = (): void => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    void evaluate().catch((err: unknown) => log.error({ err }, 'trigger evaluation failed; the next market change retries'));
  };

  async function evaluate(): Promise<string[]> {
    const current = running;
    if (current) {
      // The run after the current one starts after this call, so it sees what this call would:
      // wait for that one rather than queueing behind every run that follows.
      again = true;
      await current.catch(() => undefined);
      return running !== undefined && running !== current ? running : evaluate();
    }
    const run = (async () => {
      const now = clock();
      const { market } = await storage.market.current();
      // Expired orders leave the index unfired; the expiry sweep (expiry.ts) records EXPIRED.
      index.expired(now);
      const fired = index.evaluate(market, Math.floor(now / 1000));
      if (fired.length > 0) log.debug({ fired: fired.length, ...index.lastStats }, 'conditions held');
      const won = await Promise.all(fired.map((f) => fire(f)));
      return fired.filter((_f, i) => won[i]).map((f) => f.order.id);
    })();
    running = run;
    try {
      return await run;
    } finally {
      running = undefined;
      if (again && !closed) {
        again = false;
        schedule();
      }
    }
  }

  /** OPEN → PENDING with the quote at the trigger, then the queue; true when this process's write landed. */
  async function fire(f: FiredOrder): Promise<boolean> {
    const id = f.order.id;
    let previous: OrderView | undefined;
    let result;
    try {
      result = await orders.transition(id, clock(), (o) =>
        (previous = o).status === 'OPEN'
          ? {
              status: 'PENDING',
              detail: `triggered: quoted ${f.route.amountOut} via ${describeRoute(f.route)}, minimum ${f.minAmountOut}`,
              quote: { tokenOut: f.tokenOut, quotedAmountOut: f.route.amountOut, minAmountOut: f.minAmountOut, quotedRoute: f.route },
            }
          : undefined,
      );
    } catch (err) {
      // Not written (the database is away): it rests again and the next change retries it.
      if (!index.has(id)) index.add(f.order);
      log.warn({ err, orderId: id }, 'trigger not recorded; the order rests until the next market change');
      return false;
    }
    // Another process's trigger, a cancel or the expiry sweep won the compare-and-set.
    if (result.update === undefined) {
      log.debug({ orderId: id, status: result.current?.status }, 'trigger lost: the order had moved on');
      return false;
    }
    observeTransition(metrics, previous, result.update);
    try {
      await events.publish(result.update);
    } catch (err) {
      log.error({ err, orderId: id }, 'publish failed; subscribers resync from the database');
    }
    await deps.enqueue(id).catch((err: unknown) => log.error({ err, orderId: id }, 'enqueue failed; the reconciler enqueues the PENDING order'));
    log.info({ orderId: id, type: f.order.kind, amountOut: f.route.amountOut.toString(), minAmountOut: f.minAmountOut.toString() }, 'order triggered');
    return true;
  }

  async function resync(): Promise<void> {
    const stored = new Set(await orders.restingIds());
    for (const o of index.orders()) if (!stored.has(o.id)) index.remove(o.id);
    const missing = [...stored].filter((id) => !index.has(id));
    if (missing.length > 0) for (const view of await orders.resting(missing)) add(view);
    schedule();
  }

  // Subscribed before the load, so an order placed in between is in one or the other.
  const unlisten = await events.listen((message) => {
    const m = message.payload;
    if (m === undefined) return;
    if (m.status === 'OPEN') {
      wanted.add(m.orderId);
      void load();
    } else if (index.remove(m.orderId) !== undefined) {
      wanted.delete(m.orderId);
    }
  });
  const unsubscribe = await deps.marketEvents.subscribe(() => schedule());
  try {
    for (const view of await orders.resting()) add(view);
  } catch (err) {
    unlisten();
    unsubscribe();
    throw err;
  }
  log.info({ resting: index.size }, 'trigger index loaded');
  schedule();
  const timer =
    deps.resyncMs > 0
      ? setInterval(() => void resync().catch((err: unknown) => log.warn({ err }, 'trigger resync failed; the next one retries')), deps.resyncMs).unref()
      : undefined;

  return {
    get size() {
      return index.size;
    },
    evaluate,
    resync,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      unlisten();
      unsubscribe();
      await running?.catch(() => undefined);
    },
  };
}

