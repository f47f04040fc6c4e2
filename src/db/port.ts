/**
 * The storage port: what the services and the jobs need from a database, whatever the engine. Two
 * engines implement it: embedded SQLite (src/db/sqlite, the default) and PostgreSQL
 * (src/db/postgres, for several worker processes on several machines). Everything here is async and
 * speaks the domain read model; rows never leave an engine.
 *
 * The guarantees every engine gives (the contract tests in test/integration/storage-contract.test.ts
 * hold both to them):
 * - A write is durable (per the engine's DURABILITY setting) before its promise resolves, so a
 *   caller that publishes after `await` publishes only what is committed.
 * - Every change of an order appends its event in the same transaction, seq + 1, so the history
 *   and the row never disagree and a subscriber can replay any gap exactly.
 * - A transition is a compare-and-set on the order's seq: two writers never both move an order
 *   from the same state, a terminal order never changes, and a status never moves backwards.
 * - A fill re-checks the order's seq inside the transaction that writes the pools: it is applied at
 *   most once, and two fills never trade against the same pool state (the market version only grows).
 * - Callbacks handed to the port (`decide`, `execute`, market changes) are synchronous, pure domain
 *   code: an engine may call one again if it retries its transaction (a lost race, a deadlock).
 */
import type { Kysely } from 'kysely';
import type { MarketState } from '../domain/market/market.js';
import type { FailureCode, OrderStatus } from '../domain/order-status.js';
import type { OrderFill, OrderQuote, OrderUpdate, OrderView } from '../domain/order-view.js';
import type { ReportRepository } from './execution-report.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

/** The market as stored: a version every pool write bumps, the pools, and when each last changed. */
export interface StoredMarket {
  readonly version: number;
  readonly market: MarketState;
  /** ms since epoch of each pool's last write. */
  readonly poolUpdatedAt: ReadonlyMap<string, number>;
}

/** A committed market write: its version and the pools it changed (what is announced over pub/sub). */
export interface MarketWrite {
  readonly version: number;
  readonly poolIds: readonly string[];
}

export interface MarketChange<T> {
  /** The market after the change; pools that are not the same objects as before get written. */
  readonly next?: MarketState;
  /**
   * Also persist the reference prices (motion changes them in place of their values; fills do not).
   * A `next` with other reference-price, volatility or token maps than the market it was made from
   * (a launch) is persisted with them in any case.
   */
  readonly referencePricesChanged?: boolean;
  readonly result: T;
}

/**
 * A process's view of the stored market. It caches the market per version: reads pay a one-row
 * version check and parse pool state only when another writer moved the market.
 */
export interface MarketStore {
  /** Seeds the stored market from `initial()` on first start (once, whoever races), then loads it. */
  init(initial: () => MarketState, at: number): Promise<StoredMarket>;
  /** The freshest market: the cached copy unless the stored version moved. */
  current(): Promise<StoredMarket>;
  /**
   * The market for reads that may lag a committed write by the time its announcement takes to
   * arrive (quotes): the cached copy, unless a change was announced since the last version check
   * (`markStale`) or that check is `maxAgeMs` old on `now`'s clock. Without `followAnnouncements`,
   * the same as `current()`. Writes never use this.
   */
  recent(now: number): Promise<StoredMarket>;
  /** From now on `recent` trusts the cache between announcements; returns the undo. */
  followAnnouncements(maxAgeMs: number): () => void;
  /** Another process announced a market write: the next `recent` reads the version. */
  markStale(): void;
  /** The cached copy as is (no database read); right after a write, exactly what it committed. */
  readonly cached: StoredMarket | undefined;
  /**
   * A market write that is not a fill (motion, a pool launch): `fn` runs against the freshest market
   * inside the engine's write transaction; `next`, when given, is persisted with a new version.
   * Nothing is written when `fn` throws (the error propagates).
   */
  transact<T>(at: number, fn: (market: MarketState) => MarketChange<T>): Promise<{ readonly result: T; readonly write: MarketWrite | undefined }>;
}

/** What one persisted step of an order changes; `status` equal to the current one records a note (a retry). */
export interface OrderChange {
  readonly status: OrderStatus;
  readonly detail: string;
  readonly attempts?: number;
  readonly fill?: OrderFill;
  readonly failureCode?: FailureCode;
  readonly failureMessage?: string;
  /** A new quote (a conditional order's trigger: OPEN → PENDING), written with the transition. */
  readonly quote?: OrderQuote;
}

export interface TransitionResult {
  /** The order as stored after the call (undefined: no such order). */
  readonly current: OrderView | undefined;
  /** The persisted update, when `decide` asked for a change and it was written. */
  readonly update: OrderUpdate | undefined;
}

export type InsertResult =
  | { readonly inserted: true; readonly order: OrderView; readonly update: OrderUpdate }
  | { readonly inserted: false; readonly order: OrderView };

/** The fill's decision, taken inside the write transaction against the order and market as stored. */
export interface FillOutcome<T> {
  /** The market after the fill (the moved pools get written with a new version). */
  readonly next: MarketState;
  /** The order's terminal change (CONFIRMED with its fill). */
  readonly change: OrderChange;
  readonly result: T;
}

export type FillResult<T> =
  | { readonly filled: true; readonly update: OrderUpdate; readonly result: T; readonly write: MarketWrite }
  | { readonly filled: false; readonly order: OrderView | undefined };

export interface OrderPageArgs {
  /** Whose orders (an account sees only its own). */
  readonly accountId: string;
  readonly limit: number;
  /** Strictly after this (createdAt, id) cursor, newest first. */
  readonly after?: { readonly createdAt: number; readonly id: string };
  readonly status?: OrderStatus;
}

export interface OrderRepository {
  /**
   * Inserts `order` (seq 1) with its first event, unless its account already has an order with the
   * same clientOrderId: of two racing submissions exactly one inserts, the other gets the winner.
   */
  insert(order: OrderView, detail: string): Promise<InsertResult>;
  find(id: string): Promise<OrderView | undefined>;
  /** The account's order with this client-chosen idempotency key. */
  findByClientId(accountId: string, clientOrderId: string): Promise<OrderView | undefined>;
  /** The stored seq (latest transition), or undefined for an unknown id. */
  seq(id: string): Promise<number | undefined>;
  /**
   * The order as stored now. `known` (a view the caller holds) is returned as is when the stored
   * seq still equals its seq (every change bumps seq): a one-column read instead of the row.
   */
  current(id: string, known?: OrderView): Promise<OrderView | undefined>;
  /**
   * Compare-and-set on one order: reads it (or trusts `known` while its seq is current), asks
   * `decide` what to change (undefined = nothing), then writes the row and its event with seq + 1.
   * Refuses to touch a terminal order or to move a status backwards.
   * @throws DomainError INVALID_TRANSITION when `decide` asks for a move the state machine forbids
   */
  transition(id: string, at: number, decide: (current: OrderView) => OrderChange | undefined, known?: OrderView): Promise<TransitionResult>;
  /** The order's events with afterSeq < seq < beforeSeq (beforeSeq omitted: all later), in order. */
  eventsBetween(id: string, afterSeq: number, beforeSeq?: number): Promise<OrderUpdate[]>;
  /** The newest event: the order's current state as an update (what a new subscriber sees first). */
  latestEvent(id: string): Promise<OrderUpdate | undefined>;
  /** Up to `limit` orders newest first. */
  list(args: OrderPageArgs): Promise<OrderView[]>;
  /** Up to `limit` non-terminal orders untouched since before `updatedBefore`, stalest first, after the cursor. */
  staleOpen(updatedBefore: number, limit: number, after?: { readonly updatedAt: number; readonly id: string }): Promise<{ id: string; updatedAt: number }[]>;
  /** The stored seq of each of `ids` that exists. */
  currentSeqs(ids: readonly string[]): Promise<Map<string, number>>;
  /** Resting (OPEN) orders: those of `ids` that are, or every one (a worker's trigger index at start). */
  resting(ids?: readonly string[]): Promise<OrderView[]>;
  /** The ids of every resting (OPEN) order (a trigger index's resync: cheaper than the views). */
  restingIds(): Promise<string[]>;
  /** Up to `limit` ids of OPEN orders whose expiresAt is at or before `now`, earliest first. */
  expiredResting(now: number, limit: number): Promise<string[]>;
}

export interface Storage {
  readonly engine: Engine;
  /**
   * Kysely on this engine's connection, for the cold paths written once for both engines (tools,
   * tests); the hot paths above are each engine's own.
   */
  readonly kysely: Kysely<Database>;
  readonly orders: OrderRepository;
  readonly market: MarketStore;
  /** Backtests and their results (cold paths: a few writes per run, none per simulated order). */
  readonly backtests: BacktestRepository;
  /** The execution report's aggregates and per-order export (db/execution-report.ts). */
  readonly reports: ReportRepository;
  /**
   * Fills the order now, in ONE transaction with the market write: reads the order (trusting
   * `known` while its seq is current) and the freshest market, calls `execute`, then writes the
   * moved pools with a new version and the order's change with its event. Does nothing (filled:
   * false) when the order is missing or already terminal, so a job delivered twice never fills twice.
   * @throws whatever `execute` throws (e.g. DomainError SLIPPAGE_EXCEEDED), with nothing written
   */
  fill<T>(orderId: string, at: number, known: OrderView | undefined, execute: (order: OrderView, market: MarketState) => FillOutcome<T>): Promise<FillResult<T>>;
  /** True while a trivial query answers. */
  ready(): Promise<boolean>;
  /** Commits what is queued, then closes the connections. Idempotent. */
  close(): Promise<void>;
}

export type BacktestStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

/** Why a backtest ended FAILED: public text only (the cause is logged, never stored). */
export interface BacktestFailure {
  readonly code: string;
  readonly message: string;
  readonly field: string | undefined;
}

/** A backtest as stored, without its results. */
export interface BacktestRecord {
  readonly id: string;
  readonly accountId: string;
  /** The scenario as submitted (JSON text), with its router mode and orders or strategy. */
  readonly scenario: string;
  readonly routerMode: string;
  readonly status: BacktestStatus;
  /** Fraction of simulated time done, in [0, 1] (at the last progress write). */
  readonly progress: number;
  readonly ordersDone: number;
  /** Runs started so far (a crashed worker's run starts again, up to a cap). */
  readonly attempts: number;
  readonly failure: BacktestFailure | undefined;
  /** The run's summary (JSON text), once DONE. */
  readonly summary: string | undefined;
  readonly createdAt: number;
  readonly startedAt: number | undefined;
  readonly finishedAt: number | undefined;
}

/** A finished run's results, stored once, as text. */
export interface BacktestResults {
  /** The execution report (domain report.ts), JSON. */
  readonly report: string;
  /** The time series samples, JSON. */
  readonly series: string;
  /** Per-order results, CSV with its header line. */
  readonly ordersCsv: string;
}

export interface BacktestPageArgs {
  readonly accountId: string;
  readonly limit: number;
  /** Strictly after this (createdAt, id) cursor, newest first. */
  readonly after?: { readonly createdAt: number; readonly id: string };
}

/**
 * Backtests, written once for both engines' semantics: every state change is a compare-and-set on
 * the status, so a run that ended stays ended whoever races (a retried job, the sweep).
 */
export interface BacktestRepository {
  insert(b: { readonly id: string; readonly accountId: string; readonly scenario: string; readonly routerMode: string; readonly createdAt: number }): Promise<BacktestRecord>;
  find(id: string): Promise<BacktestRecord | undefined>;
  /** An account's backtests newest first. */
  list(args: BacktestPageArgs): Promise<BacktestRecord[]>;
  /** The account's backtests still QUEUED or RUNNING. */
  countActive(accountId: string): Promise<number>;
  /**
   * QUEUED or RUNNING (a crashed run's retry) → RUNNING, attempts + 1, progress reset; undefined
   * when the backtest is missing or already ended.
   */
  start(id: string, at: number): Promise<BacktestRecord | undefined>;
  /** Records progress while RUNNING (false: it is not running any more). */
  progress(id: string, fraction: number, ordersDone: number): Promise<boolean>;
  /** RUNNING → DONE with the summary and the results, in one transaction (false: not running). */
  finish(id: string, at: number, summary: string, ordersDone: number, results: BacktestResults): Promise<boolean>;
  /** QUEUED or RUNNING → FAILED with a public reason (false: already ended or missing). */
  fail(id: string, at: number, failure: BacktestFailure): Promise<boolean>;
  /** A DONE backtest's results. */
  results(id: string): Promise<BacktestResults | undefined>;
  /** Backtests QUEUED or RUNNING created before `before`, oldest first (the sweep of stuck runs). */
  unfinished(before: number, limit: number): Promise<BacktestRecord[]>;
}

/**
 * The database is unreachable (PostgreSQL down, the file gone). Callers answer with a coded,
 * retryable error (the API: UNAVAILABLE) and a worker waits instead of spending an attempt.
 */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  readonly code = 'STORAGE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
