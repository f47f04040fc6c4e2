/**
 * Wires the backend together for one process: the storage engine (SQLite or PostgreSQL), the cached
 * market, Redis pub/sub, the order
 * queue, and (by role) the worker and the market motion loop. Importing this module opens nothing;
 * `createRuntime` does, and `close` releases everything in reverse order.
 */
import type { Config } from './config.js';
import { openStorage } from './db/open.js';
import type { MarketStore, Storage } from './db/port.js';
import { buildMarket } from './domain/market/market.js';
import { marketSpec } from './market-file.js';
import { createRng, type Clock, type Rng } from './domain/rng.js';
import { createAllOrdersHub } from './services/all-orders-hub.js';
import { createMarketEvents, type MarketEvents } from './events/market-events.js';
import { createOrderEvents, type OrderEvents } from './events/order-events.js';
import { createPubSub, type PubSub } from './events/pubsub.js';
import { createSimulatedChain, type Chain, type FailurePlan } from './chain/simulated-chain.js';
import { LAUNCH_TASK, runLaunches } from './jobs/launches.js';
import { MOTION_TASK, moveMarket } from './jobs/motion.js';
import { marketStartedAt } from './db/market-start.js';
import { createLaunchScheduler } from './services/launches.js';
import { startPeriodic, type PeriodicTask } from './jobs/periodic.js';
import { processOrder, type AttemptOutcome, type ProcessorDeps } from './jobs/processor.js';
import { createOrderQueue, ORDER_QUEUE, queueDispatch, type OrderQueue } from './jobs/queue.js';
import { backtestDispatch, createBacktestQueue, type BacktestQueue } from './jobs/backtest-queue.js';
import { startBacktestWorker, sweepBacktests } from './jobs/backtest-worker.js';
import { createBacktestService, type BacktestService } from './services/backtests.js';
import { createReportService, type ReportService } from './services/execution-report.js';
import { RECONCILE_TASK, reconcileOnce, type ReconcilerDeps } from './jobs/reconciler.js';
import { startOrderWorker, type OrderWorker } from './jobs/worker.js';
import { EXPIRY_TASK, expireOnce } from './jobs/expiry.js';
import { startTriggers, type Triggers } from './jobs/triggers.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type MetricsRegistry } from './metrics/metrics.js';
import { openOrderCounts } from './db/order-queries.js';
import { createAuth, type Auth } from './services/auth.js';
import { createOrderService } from './services/order-service.js';
import { createRateLimits, type RateLimits } from './services/rate-limits.js';
import { createSocketQuota, type SocketQuota } from './services/socket-quota.js';
import type { OrderService } from './services/types.js';

export interface RuntimeOptions {
  /** Which parts run here; both by default (`npm start`). */
  readonly roles?: { readonly api?: boolean; readonly worker?: boolean };
  readonly clock?: Clock;
  readonly rng?: Rng;
  /** A whole chain simulator, or just a failure plan for the default one. */
  readonly chain?: Chain | { readonly failurePlan: FailurePlan };
  readonly logger?: Logger;
  /** Node's process metrics (CPU, memory, event loop) in the registry; on by default. */
  readonly processMetrics?: boolean;
  /** BullMQ queue name (default "orders"); the key prefix already isolates instances. */
  readonly queueName?: string;
  /** The backtest queue's name (default "backtests"). */
  readonly backtestQueueName?: string;
  /** Backtest progress is persisted and published at most this often (ms, default 250). */
  readonly backtestProgressMs?: number;
  /** Idle single-order streams re-check the database this often (ms, default 5000). */
  readonly resyncMs?: number;
}

export interface Runtime {
  readonly config: Readonly<Config>;
  readonly logger: Logger;
  readonly service: OrderService;
  /** The storage engine (SQLite or PostgreSQL) behind the port. */
  readonly storage: Storage;
  readonly market: MarketStore;
  readonly events: OrderEvents;
  /** The typed Redis pub/sub every stream rides on. */
  readonly pubsub: PubSub;
  /** "The market moved" announcements (fills, motion) that feed poolUpdates. */
  readonly marketEvents: MarketEvents;
  readonly queue: OrderQueue;
  /** Backtests: each account's runs, results and progress streams. */
  readonly backtests: BacktestService;
  /** Execution reports over each account's stored orders. */
  readonly reports: ReportService;
  readonly backtestQueue: BacktestQueue;
  readonly chain: Chain;
  /** API keys: authentication and management. */
  readonly auth: Auth;
  /** This runtime's Prometheus registry and recorders (/metrics). */
  readonly metrics: MetricsRegistry;
  /** The API's rate limits (API role, RATE_LIMITS on); counted in Redis across API processes. */
  readonly rateLimits: RateLimits | undefined;
  /** The cap on a key's open graphql-ws sockets across API processes (API role). */
  readonly socketQuota: SocketQuota | undefined;
  /** Present when this runtime has the worker role. */
  readonly worker: OrderWorker | undefined;
  /** The resting orders' trigger index (worker role). */
  readonly triggers: Triggers | undefined;
  /** Runs one expiry sweep now (tests, tools); the worker role runs it every expiryIntervalMs. */
  expireNow(): Promise<number>;
  /** Runs one attempt of an order outside BullMQ (tests, tools); same code the worker runs. */
  processOrder(orderId: string, attempt: number): Promise<AttemptOutcome>;
  /** Stops the worker (in-flight jobs finish), motion, Redis and the database. Idempotent. */
  close(): Promise<void>;
}

/** Quotes re-read the market version at least this often (runtime clock ms), announced or not. */
export const MARKET_RECHECK_MS = 1_000;

/** Opens everything this process needs for its roles. */
export async function createRuntime(config: Readonly<Config>, opts: RuntimeOptions = {}): Promise<Runtime> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const clock = opts.clock ?? Date.now;
  const rng = opts.rng ?? createRng(config.rngSeed);
  const roles = { api: opts.roles?.api ?? true, worker: opts.roles?.worker ?? true };
  const cleanups: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch((err: unknown) => logger.error({ err }, 'close failed'));
  };

  const role = roles.api && roles.worker ? 'all' : roles.api ? 'api' : 'worker';
  const metrics = createMetrics({ role, engine: config.databaseUrl ? 'postgres' : 'sqlite', processMetrics: opts.processMetrics ?? true });

  try {
    const storage = await openStorage(config, { onCommit: (seconds) => metrics.commit(seconds) });
    cleanups.push(() => storage.close());
    const { market } = storage;
    const spec = marketSpec(config);
    await market.init(() => buildMarket(spec, Math.floor(clock() / 1000)), clock());
    // The first start of any process is the origin of the spec's scheduled launches.
    const startedAt = await marketStartedAt(storage.kysely, clock());

    // Messages carry only an order's mutable state; the rest is read from here once per order.
    const pubsub = createPubSub(config.redisUrl, config.keyPrefix);
    cleanups.push(() => pubsub.close());
    await pubsub.redis.ping();
    const events = createOrderEvents(pubsub, {
      orderBase: (id) => storage.orders.find(id),
      onDelivery: (m) => metrics.delivery((clock() - m.at) / 1000),
    });
    const marketEvents = createMarketEvents(pubsub, logger);
    const auth = createAuth({ storage, pubsub, clock, logger });
    cleanups.push(() => auth.close());
    if (roles.api) {
      // Revocations announced by other processes end this one's streams and sockets at once.
      const unlisten = await auth.listen();
      cleanups.push(async () => unlisten());
    }
    if (roles.api) {
      // One subscription for the runtime's life: quotes trust the cached market until another
      // process announces a write (this process's own writes move the cache themselves). A
      // message lost to a Redis reconnect costs at most MARKET_RECHECK_MS of staleness.
      const unsubscribe = await marketEvents.subscribe(() => market.markStale());
      const unfollow = market.followAnnouncements(MARKET_RECHECK_MS);
      cleanups.push(async () => {
        unfollow();
        unsubscribe();
      });
    }

    // Both on the publisher: command traffic, auto-pipelined with the PUBLISHes.
    const rateLimits =
      roles.api && config.rateLimits ? createRateLimits({ redis: pubsub.redis, keyPrefix: config.keyPrefix, settings: config, logger, metrics }) : undefined;
    let socketQuota: SocketQuota | undefined;
    if (roles.api) {
      const quota = createSocketQuota({ redis: pubsub.redis, keyPrefix: config.keyPrefix, maxPerKey: config.wsMaxSocketsPerKey, logger, metrics });
      socketQuota = quota;
      cleanups.push(() => quota.close());
    }

    const queue = createOrderQueue(config, opts.queueName ?? ORDER_QUEUE);
    cleanups.push(() => queue.close());
    await queue.waitUntilReady();

    // Backtests have a queue of their own: a long simulation never delays a live order's job.
    const backtestQueue = createBacktestQueue(config, opts.backtestQueueName);
    cleanups.push(() => backtestQueue.close());
    await backtestQueue.waitUntilReady();
    const backtests = createBacktestService({ backtests: storage.backtests, pubsub, dispatch: backtestDispatch(backtestQueue), clock, logger });

    const chain =
      opts.chain && 'wait' in opts.chain
        ? opts.chain
        : createSimulatedChain({
            latencies: config.latencies,
            latencyScale: config.latencyScale,
            failureRate: config.transientFailureRate,
            rng,
            seed: config.rngSeed,
            failurePlan: opts.chain?.failurePlan,
          });
    const deps: ProcessorDeps = {
      storage,
      events,
      marketEvents,
      chain,
      clock,
      logger: logger.child({ component: 'processor' }),
      maxAttempts: config.maxAttempts,
      backoffMs: config.backoffMs,
      metrics,
    };
    const allOrders = createAllOrdersHub({ orders: storage.orders, events, resyncMs: opts.resyncMs });
    if (roles.api) {
      // Live before the API serves: an all-orders subscriber then misses nothing published after
      // it subscribed (a subscription taken on demand would miss what Redis sent before confirming).
      const release = await allOrders.hold();
      cleanups.push(async () => release());
    }
    const service = createOrderService({ storage, events, pubsub, marketEvents, dispatch: queueDispatch(queue), clock, logger, resyncMs: opts.resyncMs, allOrders, metrics });
    const reports = createReportService({ reports: storage.reports, tokens: () => service.tokens() });
    metrics.watch({
      openOrders: () => openOrderCounts(storage.kysely),
      queueCounts: () => queue.getJobCounts('waiting', 'active', 'delayed') as Promise<{ waiting: number; active: number; delayed: number }>,
    });

    const expiryDeps = { orders: storage.orders, events, clock, logger: logger.child({ component: 'expiry' }), metrics };
    let worker: OrderWorker | undefined;
    let triggers: Triggers | undefined;
    if (roles.worker) {
      const w = await startOrderWorker(config, deps, { queueName: opts.queueName, logger });
      worker = w;
      // Registered last so it closes first: in-flight orders finish while Redis and SQLite are up.
      cleanups.push(() => w.close());
      // Periodic work on BullMQ job schedulers: one run of each task at a time across processes.
      const reconcilerDeps: ReconcilerDeps = {
        orders: storage.orders,
        queue,
        events,
        clock,
        logger: logger.child({ component: 'reconciler' }),
        graceMs: config.reconcileGraceMs,
        maxAttempts: config.maxAttempts,
        metrics,
      };
      const tasks: PeriodicTask[] = [
        {
          name: RECONCILE_TASK,
          everyMs: config.reconcileIntervalMs,
          run: (job) => reconcileOnce({ ...reconcilerDeps, everything: job.data?.everything === true }),
          // Redis lost every job: every open order needs one again now, not after the grace period.
          lostData: { everything: true },
        },
        { name: EXPIRY_TASK, everyMs: config.expiryIntervalMs, run: () => expireOnce(expiryDeps) },
        {
          name: MOTION_TASK,
          everyMs: config.motionIntervalMs,
          run: () => moveMarket({ market, marketEvents, intervalMs: config.motionIntervalMs, rng, clock, logger: logger.child({ component: 'motion' }) }),
        },
      ];
      // A spec without launches removes the task's scheduler (interval 0), as LAUNCH_CHECK_INTERVAL_MS=0 does.
      const scheduler = createLaunchScheduler({ market, marketEvents, clock, logger, schedule: spec.launches, startedAt });
      tasks.push({ name: LAUNCH_TASK, everyMs: spec.launches.length > 0 ? config.launchCheckIntervalMs : 0, run: () => runLaunches(scheduler) });
      // Concurrency 1 and a connection of its own, beside the order worker.
      const backtestDeps = { backtests: storage.backtests, pubsub, clock, logger, progressEveryMs: opts.backtestProgressMs };
      const backtestWorker = await startBacktestWorker(config, backtestDeps, opts.backtestQueueName);
      cleanups.push(() => backtestWorker.close());
      await sweepBacktests(backtestDeps, backtestQueue);
      const periodic = await startPeriodic(config, tasks, logger);
      cleanups.push(() => periodic.close());
      // Orders persisted but never enqueued (a crash between the two, a Redis that lost its data)
      // are picked up now rather than after the grace period.
      await periodic.runNow(RECONCILE_TASK, { everything: true });
      // Resting orders from storage, then every market change evaluates them (closed before the
      // worker, so nothing fires into a closing queue).
      const dispatch = queueDispatch(queue);
      const t = await startTriggers({
        storage,
        events,
        marketEvents,
        enqueue: (id) => dispatch.enqueue(id),
        clock,
        logger,
        metrics,
        resyncMs: config.reconcileIntervalMs,
      });
      triggers = t;
      cleanups.push(() => t.close());
    }
    logger.info({ roles, keyPrefix: config.keyPrefix, engine: storage.engine, ...(storage.engine === 'sqlite' ? { database: config.databasePath } : {}) }, 'runtime ready');

    let closing: Promise<void> | undefined;
    return {
      config,
      logger,
      service,
      auth,
      metrics,
      rateLimits,
      socketQuota,
      storage,
      market,
      events,
      pubsub,
      marketEvents,
      queue,
      backtests,
      reports,
      backtestQueue,
      chain,
      worker,
      triggers,
      expireNow: () => expireOnce(expiryDeps),
      processOrder: (orderId, attempt) => processOrder(deps, orderId, attempt),
      close: () => (closing ??= closeAll()),
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
