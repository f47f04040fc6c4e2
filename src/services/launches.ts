/**
 * Pool launches as market writes, for every way in: the `launchPool` mutation, the `market launch`
 * CLI and the market spec's schedule (a worker's periodic task). A launch is ONE market write with
 * a new version (the pool, its new token, its reference price), persisted before it is announced on
 * the market-change channel, so quotes, poolUpdates and triggers see the pool in that version.
 * Bad input throws before anything is written (the domain's coded errors, naming the field).
 */
import type { Logger } from 'pino';
import type { MarketStore } from '../db/port.js';
import { isDomainError } from '../domain/errors.js';
import { launchPool, launchPoolId } from '../domain/market/launch.js';
import { launchesDue } from '../domain/market/launch-schedule.js';
import { parseLaunchSpec, type LaunchSpec } from '../domain/market/launch-spec.js';
import type { MarketState } from '../domain/market/market.js';
import type { ScheduledLaunch } from '../domain/market/market-spec.js';
import { findMarketToken } from '../domain/market/market-tokens.js';
import { poolView, type PoolView } from '../domain/pool-view.js';
import type { Clock } from '../domain/rng.js';
import type { MarketEvents } from '../events/market-events.js';

export interface LaunchDeps {
  readonly market: MarketStore;
  readonly marketEvents: MarketEvents;
  readonly clock: Clock;
}

export interface Launched {
  readonly pool: PoolView;
  /** The market version the launch wrote. */
  readonly version: number;
}

/** Input as it arrives (GraphQL gives null for an omitted optional field; the spec parser wants it absent). */
function withoutNulls(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, withoutNulls(v)]));
}

/**
 * Launches the pool `raw` describes (a launch spec: venue, baseToken, quoteToken, price,
 * baseAmount, feeBps, binStep…) and announces it. `where` prefixes the fields named in errors.
 * @throws DomainError naming the field (parseLaunchSpec's and launchPool's codes, e.g. POOL_EXISTS,
 *   AMOUNT_ZERO on baseAmount, INVALID_MINT), with nothing written or announced
 */
export async function launch(deps: LaunchDeps, raw: unknown, where = 'input'): Promise<Launched> {
  const spec = parseLaunchSpec(withoutNulls(raw), where);
  const at = deps.clock();
  const { result, write } = await deps.market.transact(at, (market) => {
    const next = launchPool(market, spec, Math.floor(at / 1000), where);
    const id = [...next.pools.keys()].find((k) => !market.pools.has(k))!;
    return { next, referencePricesChanged: true, result: poolView(next, next.pools.get(id)!, at) };
  });
  deps.marketEvents.publish(write);
  return { pool: result, version: write?.version ?? deps.market.cached?.version ?? 0 };
}

/** The pool a scheduled launch creates is listed (launched earlier, by this schedule or anyone). */
function isListed(market: MarketState, spec: LaunchSpec): boolean {
  const quote = findMarketToken(market, spec.quoteToken);
  return quote !== undefined && market.pools.has(launchPoolId(spec, quote));
}

export interface ScheduleDeps extends LaunchDeps {
  readonly logger: Logger;
  /** The market spec's launches, in the order they happen. */
  readonly schedule: readonly ScheduledLaunch[];
  /** When the market first started (ms, stored): the schedule's origin. */
  readonly startedAt: number;
}

export interface LaunchScheduler {
  /** Launches what is due and not listed yet, in one market write; gives the pool ids it launched. */
  runDue(): Promise<string[]>;
}

/**
 * The market spec's schedule. Idempotent by pool id: a due launch whose pool is listed is done, so
 * a restart launches nothing twice, and several workers running it at once launch each pool once
 * (the listing is checked again inside the write transaction, under the engine's market lock). A
 * launch the market refuses (say an admin launched another token under its symbol) is logged once
 * per process and skipped.
 */
export function createLaunchScheduler(deps: ScheduleDeps): LaunchScheduler {
  const log = deps.logger.child({ component: 'launches' });
  /** Launches this process stops trying: the market refused them, or another pool took their venue and pair. */
  const skipped = new Set<ScheduledLaunch>();
  let finished = deps.schedule.length === 0;

  return {
    async runDue() {
      if (finished) return [];
      const now = deps.clock();
      const due = launchesDue(deps.schedule, -1, now - deps.startedAt).filter((l) => !skipped.has(l));
      if (due.length === 0) return [];
      const listed = (m: MarketState): boolean => deps.schedule.every((l) => skipped.has(l) || isListed(m, l.pool));
      const current = (await deps.market.current()).market;
      if (listed(current)) {
        finished = true;
        return [];
      }
      if (due.every((l) => isListed(current, l.pool))) return [];
      const nowSec = Math.floor(now / 1000);
      const { result, write } = await deps.market.transact(now, (market) => {
        let next = market;
        const launched: string[] = [];
        const failed: { launch: ScheduledLaunch; error: unknown; taken: boolean }[] = [];
        for (const l of due) {
          if (isListed(next, l.pool)) continue;
          const where = `launches[${deps.schedule.indexOf(l)}].pool`;
          try {
            const after = launchPool(next, l.pool, nowSec, where);
            launched.push(...[...after.pools.keys()].filter((k) => !next.pools.has(k)));
            next = after;
          } catch (error) {
            // POOL_EXISTS: another pool (an admin's launch) holds the venue and pair: nothing to do.
            failed.push({ launch: l, error, taken: isDomainError(error, 'POOL_EXISTS') });
          }
        }
        const result = { launched, failed };
        return launched.length > 0 ? { next, referencePricesChanged: true, result } : { result };
      });
      for (const f of result.failed) {
        skipped.add(f.launch);
        if (!f.taken) log.warn({ err: f.error, pool: f.launch.pool.baseToken.symbol, venue: f.launch.pool.venue }, 'scheduled launch refused by the market; skipped');
      }
      deps.marketEvents.publish(write);
      if (result.launched.length > 0) log.info({ pools: result.launched, version: write?.version }, 'scheduled pools launched');
      return result.launched;
    },
  };
}
