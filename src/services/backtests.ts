/**
 * Backtests for the API: each account runs, reads, lists, follows and compares its own. A run is
 * checked whole before anything is stored (backtest-input.ts), stored QUEUED, then handed to the
 * backtest queue; the worker (src/jobs/backtest-worker.ts) does the rest. Another account's
 * backtest is answered exactly like a missing one.
 */
import type { Logger } from 'pino';
import { newId } from '../db/ids.js';
import type { BacktestRecord, BacktestRepository, BacktestResults } from '../db/port.js';
import type { Clock } from '../domain/rng.js';
import type { PubSub } from '../events/pubsub.js';
import { compareReports, type ReportComparison } from './backtest-compare.js';
import { readBacktestInput, type RunBacktestInput } from './backtest-input.js';
import { backtestUpdateStream, type BacktestUpdate } from './backtest-stream.js';
import { InputError } from './errors.js';
import { decodeCursor, encodeCursor } from './order-input.js';
import type { AccountRef } from './types.js';

export type { RunBacktestInput } from './backtest-input.js';
/** A backtest as the API shows it (the stored record: the GraphQL layer does not reach db/). */
export type BacktestView = BacktestRecord;
export type BacktestResultFiles = BacktestResults;
export type { BacktestUpdate } from './backtest-stream.js';

/** Backtests an account may have QUEUED or RUNNING at once. */
export const MAX_ACTIVE_BACKTESTS = 3;

/** How the service hands a stored backtest to the worker (the runtime passes the queue's producer). */
export interface BacktestDispatch {
  enqueue(backtestId: string): Promise<void>;
}

export interface BacktestPage {
  readonly backtests: readonly BacktestRecord[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | undefined;
  readonly startCursor: string | undefined;
}

export interface BacktestComparison {
  readonly a: BacktestRecord;
  readonly b: BacktestRecord;
  readonly deltas: ReportComparison;
}

/** One account's backtests. */
export interface AccountBacktests {
  run(input: RunBacktestInput): Promise<BacktestRecord>;
  get(id: string): Promise<BacktestRecord | undefined>;
  list(args: { first: number; after?: string | null }): Promise<BacktestPage>;
  /** A DONE backtest's results (undefined: missing, another account's, or not done). */
  results(id: string): Promise<BacktestResults | undefined>;
  /** The current state first, then progress until DONE or FAILED; NOT_FOUND for another's. */
  updates(id: string, signal?: AbortSignal): AsyncIterableIterator<BacktestUpdate>;
  /** Report deltas b − a of two DONE backtests of one scenario. */
  compare(a: string, b: string): Promise<BacktestComparison>;
}

export interface BacktestService {
  forAccount(account: AccountRef): AccountBacktests;
}

export interface BacktestServiceDeps {
  readonly backtests: BacktestRepository;
  readonly pubsub: PubSub;
  readonly dispatch: BacktestDispatch;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often a backtest stream re-reads the row, in case a message was lost (ms, default 2000). */
  readonly resyncMs?: number;
}

/** The scenario without its router mode: what two comparable runs share. */
function scenarioKey(b: BacktestRecord): string {
  const { routerMode: _mode, ...rest } = JSON.parse(b.scenario) as Record<string, unknown>;
  return JSON.stringify(rest);
}

export function createBacktestService(deps: BacktestServiceDeps): BacktestService {
  const { backtests, clock } = deps;
  const log = deps.logger.child({ component: 'backtests' });
  return {
    forAccount(account) {
      const { accountId } = account;
      const own = async (id: string): Promise<BacktestRecord | undefined> => {
        const b = await backtests.find(id);
        return b?.accountId === accountId ? b : undefined;
      };
      const required = async (id: string, field: string): Promise<BacktestRecord> => {
        const b = await own(id);
        if (!b) throw new InputError('NOT_FOUND', field, `no backtest with id ${id.slice(0, 64)}`);
        return b;
      };
      return {
        async run(input) {
          const { raw, scenario } = readBacktestInput(input);
          if ((await backtests.countActive(accountId)) >= MAX_ACTIVE_BACKTESTS) {
            throw new InputError('TOO_MANY_BACKTESTS', 'input', `at most ${MAX_ACTIVE_BACKTESTS} backtests may be queued or running at once`);
          }
          const now = clock();
          const record = await backtests.insert({ id: newId(now), accountId, scenario: JSON.stringify(raw), routerMode: scenario.routerMode, createdAt: now });
          try {
            await deps.dispatch.enqueue(record.id);
          } catch (err) {
            // Stored but not queued: it ends FAILED now rather than waiting for a sweep.
            log.error({ err, backtestId: record.id }, 'backtest could not be queued');
            await backtests.fail(record.id, clock(), { code: 'UNAVAILABLE', message: 'the backtest could not be queued; run it again', field: undefined });
            throw err;
          }
          return record;
        },
        get: own,
        async list({ first, after }) {
          const cursor = after ? decodeCursor(after) : undefined;
          const rows = await backtests.list({ accountId, limit: first + 1, ...(cursor ? { after: cursor } : {}) });
          const page = rows.slice(0, first);
          const edge = (b: BacktestRecord | undefined) => (b ? encodeCursor(b.createdAt, b.id) : undefined);
          return { backtests: page, hasNextPage: rows.length > first, endCursor: edge(page.at(-1)), startCursor: edge(page[0]) };
        },
        async results(id) {
          const b = await own(id);
          return b?.status === 'DONE' ? backtests.results(id) : undefined;
        },
        updates(id, signal) {
          return backtestUpdateStream({ backtests, pubsub: deps.pubsub, resyncMs: deps.resyncMs }, accountId, id, signal ?? account.revoked);
        },
        async compare(aId, bId) {
          const [a, b] = [await required(aId, 'a'), await required(bId, 'b')];
          if (scenarioKey(a) !== scenarioKey(b)) throw new InputError('NOT_COMPARABLE', 'b', 'the two backtests do not run one scenario (they may differ in router mode only)');
          const [ra, rb] = [await backtests.results(a.id), await backtests.results(b.id)];
          if (a.status !== 'DONE' || !ra) throw new InputError('NOT_COMPARABLE', 'a', `backtest ${a.id} is ${a.status}, not DONE`);
          if (b.status !== 'DONE' || !rb) throw new InputError('NOT_COMPARABLE', 'b', `backtest ${b.id} is ${b.status}, not DONE`);
          return { a, b, deltas: compareReports(JSON.parse(ra.report), JSON.parse(rb.report)) };
        },
      };
    },
  };
}
