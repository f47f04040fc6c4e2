/**
 * The poolUpdates stream: the current pools first, then fresh pools after each market change,
 * coalesced per subscriber. One Redis subscription per process serves every subscriber (fanned out
 * here); it is opened by the first subscriber and released when the last one leaves.
 *
 * Subscribers pull: a change only marks a subscriber dirty, and the pools are read when it is next
 * allowed to emit (at most once per `coalesceMs`, leading and trailing). So a burst of fills costs
 * each subscriber one emission per window, the last one always shows the latest state, and a slow
 * consumer never builds a backlog. Reads go through the MarketStore, which reloads only when the
 * stored version moved, and are shared by every subscriber emitting at the same version.
 */
import type { Logger } from 'pino';
import type { MarketChanged, MarketEvents } from '../events/market-events.js';
import type { PoolSnapshot } from './pool-views.js';
import type { PoolView } from '../domain/pool-view.js';

export interface PoolFeedDeps {
  readonly marketEvents: MarketEvents;
  /** The freshest pools and their market version (cheap when the version did not move). */
  readonly pools: () => PoolSnapshot;
  readonly logger: Logger;
  /** Minimum spacing of one subscriber's emissions, ms (default 250). */
  readonly coalesceMs?: number;
}

export interface PoolFeed {
  /** Current pools first, then coalesced updates; ends on `return()` or when `signal` aborts. */
  subscribe(signal?: AbortSignal): AsyncIterableIterator<readonly PoolView[]>;
}

export const DEFAULT_COALESCE_MS = 250;

interface Hub {
  /** The pools; `fresh` re-checks the stored version even when no newer change was announced. */
  snapshot(fresh: boolean): PoolSnapshot;
}

const DONE: IteratorResult<readonly PoolView[]> = { value: undefined, done: true };

class PoolSubscriber implements AsyncIterableIterator<readonly PoolView[]> {
  #closed = false;
  #started = false;
  #dirty = false;
  #sentVersion = -1;
  #notBefore = 0;
  #wake: (() => void) | undefined;
  #pulls: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly hub: Hub,
    /** Resolves once the shared Redis subscription is confirmed. */
    private readonly subscribed: Promise<void>,
    private readonly coalesceMs: number,
    private readonly onClose: (s: PoolSubscriber) => void,
  ) {}

  /** A newer market version was announced. */
  notify(): void {
    this.#dirty = true;
    this.#wake?.();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#wake?.();
    this.onClose(this);
  }

  next(): Promise<IteratorResult<readonly PoolView[]>> {
    const result = this.#pulls.then(() => this.#pull());
    this.#pulls = result.catch(() => undefined);
    return result;
  }

  return(): Promise<IteratorResult<readonly PoolView[]>> {
    this.close();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<readonly PoolView[]> {
    return this;
  }

  async #pull(): Promise<IteratorResult<readonly PoolView[]>> {
    try {
      if (!this.#started) {
        this.#started = true;
        // Subscribed before the first read, so no change between the two goes unheard.
        await this.subscribed;
        if (this.#closed) return DONE;
        return this.#emit(this.hub.snapshot(true));
      }
      for (;;) {
        if (this.#closed) return DONE;
        const wait = this.#dirty ? this.#notBefore - performance.now() : Infinity;
        if (wait > 0) {
          await this.#park(wait);
          continue;
        }
        this.#dirty = false;
        const snapshot = this.hub.snapshot(false);
        if (snapshot.version > this.#sentVersion) return this.#emit(snapshot);
      }
    } catch (err) {
      this.close();
      throw err;
    }
  }

  #emit(snapshot: PoolSnapshot): IteratorResult<readonly PoolView[]> {
    this.#sentVersion = snapshot.version;
    this.#notBefore = performance.now() + this.coalesceMs;
    return { value: snapshot.views, done: false };
  }

  /** Until notified or closed, or `ms` passed. */
  #park(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => wake(), ms) : undefined;
      const wake = (): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      this.#wake = wake;
    });
  }
}

interface Link {
  ready: Promise<void>;
  off: (() => void) | undefined;
  released: boolean;
}

export function createPoolFeed(deps: PoolFeedDeps): PoolFeed {
  const log = deps.logger.child({ component: 'pool-updates' });
  const coalesceMs = deps.coalesceMs ?? DEFAULT_COALESCE_MS;
  const subscribers = new Set<PoolSubscriber>();
  let link: Link | undefined;
  let latest: PoolSnapshot | undefined;
  let announced = 0;

  const onChange = (change: MarketChanged): void => {
    // Publishers race, so an older version may arrive after a newer one: nothing new to show.
    if (change.version <= announced) return;
    announced = change.version;
    for (const s of subscribers) s.notify();
  };

  const acquire = (): Promise<void> => {
    if (link) return link.ready;
    const l: Link = { ready: Promise.resolve(), off: undefined, released: false };
    l.ready = deps.marketEvents.subscribe(onChange).then(
      (off) => {
        if (l.released) off();
        else l.off = off;
      },
      (err: unknown) => {
        if (link === l) link = undefined; // the next subscriber tries again
        throw err;
      },
    );
    l.ready.catch(() => undefined); // each subscriber observes it
    link = l;
    log.debug({ channel: deps.marketEvents.channel }, 'subscribed to market changes');
    return l.ready;
  };

  const release = (s: PoolSubscriber): void => {
    subscribers.delete(s);
    if (subscribers.size > 0 || !link) return;
    link.released = true;
    link.off?.();
    link = undefined;
    latest = undefined; // unheard while unsubscribed
    log.debug({ channel: deps.marketEvents.channel }, 'released the market changes subscription');
  };

  const hub: Hub = {
    snapshot(fresh) {
      if (fresh || !latest || latest.version < announced) {
        const now = deps.pools();
        if (!latest || now.version >= latest.version) latest = now;
      }
      return latest;
    },
  };

  return {
    subscribe(signal) {
      // A failure to subscribe surfaces from the subscriber's first next().
      const s = new PoolSubscriber(hub, acquire(), coalesceMs, (closed) => {
        signal?.removeEventListener('abort', onAbort);
        release(closed);
      });
      const onAbort = (): void => s.close();
      subscribers.add(s);
      if (signal?.aborted) s.close();
      else signal?.addEventListener('abort', onAbort, { once: true });
      return s;
    },
  };
}
