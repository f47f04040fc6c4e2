/**
 * The engine's Prometheus metrics (prom-client), one registry per runtime so that tests and several
 * runtimes in one process never share counters. Layers record through the small `Metrics`
 * interface (a no-op one where nobody scrapes); gauges that mirror external state (open orders in
 * the database, queue depths) are read when /metrics is scraped, not kept up to date by hand.
 *
 * Labels carry bounded values only (statuses, venues, failure codes, engines): never an order id,
 * a key, or anything a client chooses.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FailureCode, OrderStatus } from '../domain/order-status.js';
import type { VenueId } from '../domain/venues/pool.js';

/** What the layers report. Every method is cheap and never throws. */
export interface Metrics {
  /** An order moved to `status` after `secondsInPrevious` in its previous status (undefined for PENDING). */
  transition(status: OrderStatus, previous: OrderStatus | undefined, secondsInPrevious: number | undefined): void;
  /** An order ended; `seconds` from acceptance to the end. */
  terminal(status: 'CONFIRMED' | 'FAILED' | 'CANCELLED' | 'EXPIRED', failureCode: FailureCode | undefined, seconds: number): void;
  /** A fill's legs (one count per leg venue) and its slippage against the quote. */
  fill(venues: readonly VenueId[], slippageBps: number): void;
  /** A storage commit (a group commit's transaction) took `seconds`. */
  commit(seconds: number): void;
  /** A pub/sub message reached this process `seconds` after its transition. */
  delivery(seconds: number): void;
}

export const NO_METRICS: Metrics = {
  transition() {},
  terminal() {},
  fill() {},
  commit() {},
  delivery() {},
};

/**
 * The limits a caller can run into. Refusals are counted per limit, not per account: accounts are
 * unbounded (a label per account would grow the registry with every key ever limited), and the
 * log line of each refusal names the account for whoever needs to know who.
 */
export type LimitName = 'orders' | 'quotes' | 'anonymous' | 'sockets' | 'subscriptions' | 'slow_consumer';

/** What the API's limits report. */
export interface LimitMetrics {
  /** A call or socket refused (or a socket dropped) by `limit`. */
  refused(limit: LimitName): void;
  /** The shared counter store (Redis) failed a check; the process counted locally instead. */
  storeError(): void;
}

export const NO_LIMIT_METRICS: LimitMetrics = { refused() {}, storeError() {} };

/** Read at scrape time: the live counts that are someone else's state. */
export interface MetricSources {
  /** Open orders per status, from the database. */
  openOrders?(): Promise<ReadonlyMap<string, number>>;
  /** The order queue's job counts. */
  queueCounts?(): Promise<{ readonly waiting: number; readonly active: number; readonly delayed: number }>;
}

export interface MetricsRegistry extends Metrics, LimitMetrics {
  readonly registry: Registry;
  /** Adds the scrape-time gauges (once the runtime has a database and a queue). */
  watch(sources: MetricSources): void;
}

// Lifecycle stages last from milliseconds (latencies 0) to tens of seconds (retries, backoff).
const STAGE_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const SLIPPAGE_BUCKETS = [-100, -25, -10, -5, -1, 0, 1, 5, 10, 25, 50, 100, 250, 500, 1000];
const COMMIT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const LAG_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/** A registry with the engine's metrics (and Node's process metrics) for one runtime. */
export function createMetrics(opts: { readonly role: string; readonly engine: string; readonly processMetrics?: boolean }): MetricsRegistry {
  const registry = new Registry();
  registry.setDefaultLabels({ role: opts.role });
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'oee_' });

  const transitions = new Counter({ name: 'oee_order_transitions_total', help: 'Persisted order transitions, by the status entered', labelNames: ['status'], registers: [registry] });
  const outcomes = new Counter({
    name: 'oee_orders_terminal_total',
    help: 'Orders that ended, by outcome (CONFIRMED, FAILED, CANCELLED, EXPIRED) and failure code',
    labelNames: ['status', 'failure_code'],
    registers: [registry],
  });
  const stage = new Histogram({
    name: 'oee_order_stage_seconds',
    help: 'Time an order spent in a lifecycle status before its next transition',
    labelNames: ['stage'],
    buckets: STAGE_BUCKETS,
    registers: [registry],
  });
  const duration = new Histogram({ name: 'oee_order_duration_seconds', help: 'From acceptance to the terminal status', labelNames: ['status'], buckets: STAGE_BUCKETS, registers: [registry] });
  const fills = new Counter({ name: 'oee_fill_legs_total', help: 'Executed fill legs, by venue', labelNames: ['venue'], registers: [registry] });
  const slippage = new Histogram({ name: 'oee_fill_slippage_bps', help: 'Executed against quoted output, signed bps (positive: worse than quoted)', buckets: SLIPPAGE_BUCKETS, registers: [registry] });
  const commits = new Histogram({ name: 'oee_db_commit_seconds', help: 'Storage commit latency (one group commit)', labelNames: ['engine'], buckets: COMMIT_BUCKETS, registers: [registry] });
  const lag = new Histogram({ name: 'oee_pubsub_delivery_seconds', help: 'From an order transition to its message arriving in this process', buckets: LAG_BUCKETS, registers: [registry] });
  const engineCommits = commits.labels(opts.engine);
  const refusals = new Counter({
    name: 'oee_limit_refusals_total',
    help: 'Calls refused (RATE_LIMITED, TOO_MANY_SUBSCRIPTIONS) and sockets refused or dropped (4429, 4008), by limit',
    labelNames: ['limit'],
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'oee_rate_limit_store_errors_total',
    help: 'Rate-limit checks Redis could not answer (the process then counted them locally)',
    registers: [registry],
  });

  return {
    registry,
    transition(status, previous, secondsInPrevious) {
      transitions.inc({ status });
      if (previous !== undefined && secondsInPrevious !== undefined && previous !== status) stage.observe({ stage: previous }, Math.max(0, secondsInPrevious));
    },
    terminal(status, failureCode, seconds) {
      outcomes.inc({ status, failure_code: failureCode ?? '' });
      duration.observe({ status }, Math.max(0, seconds));
    },
    fill(venues, bps) {
      for (const venue of venues) fills.inc({ venue });
      slippage.observe(bps);
    },
    commit(seconds) {
      engineCommits.observe(seconds);
    },
    delivery(seconds) {
      lag.observe(Math.max(0, seconds));
    },
    refused(limit) {
      refusals.inc({ limit });
    },
    storeError() {
      storeErrors.inc();
    },
    watch(sources) {
      if (sources.openOrders) {
        const read = sources.openOrders;
        new Gauge({
          name: 'oee_orders_open',
          help: 'Orders not yet terminal, by status (read from the database at scrape time)',
          labelNames: ['status'],
          registers: [registry],
          async collect() {
            this.reset();
            for (const [status, n] of await read()) this.set({ status }, n);
          },
        });
      }
      if (sources.queueCounts) {
        const read = sources.queueCounts;
        new Gauge({
          name: 'oee_queue_jobs',
          help: 'Order queue jobs by state (read from Redis at scrape time)',
          labelNames: ['state'],
          registers: [registry],
          async collect() {
            const counts = await read();
            for (const state of ['waiting', 'active', 'delayed'] as const) this.set({ state }, counts[state]);
          },
        });
      }
    },
  };
}
