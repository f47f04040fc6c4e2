/**
 * A strategy run live: StrategyContext over the public API (api.ts) with an account's key. The same
 * strategy object a backtest hosts (domain/backtest/strategy-host.ts) runs here unchanged:
 *
 *   submit   the runner picks the client order id (`<prefix>-<n>`) and returns it at once; the
 *            mutations go out one at a time, in the order the strategy asked, and a call that may
 *            not have arrived (network, 5xx) is repeated with the same id and input, which the API
 *            answers with the same order. A coded refusal is the strategy's REJECTED update.
 *   updates  each order is followed on its own orderUpdates(orderId) stream (its state first, then
 *            every transition, so nothing between the submission and the subscription is lost);
 *            statuses reach the strategy through the domain's mapping (strategyStatusOf,
 *            orderUpdate), each at most once, as the backtest reports them.
 *   market   snapshots from poolUpdates (snapshotFromPools: the API publishes pools, not
 *            reference prices).
 *   timers   the injected scheduler.
 *
 * It ends when the strategy says it has finished and its orders have ended, or on stop(): timers
 * and streams end, requests in flight complete, then every order still open is cancelled.
 */
import type { Logger } from 'pino';
import { OrderUpdatesDocument, PoolUpdatesDocument, TokensDocument, type OrderUpdatesSubscription, type PoolUpdatesSubscription } from '../client/graphql.js';
import { parseAmount } from '../domain/amount.js';
import { isDomainError } from '../domain/errors.js';
import { orderUpdate, strategyStatusOf } from '../domain/strategy/order-updates.js';
import { snapshotFromPools } from '../domain/strategy/pool-prices.js';
import type { Intent, OrderUpdate, OrderUpdateStatus, Strategy, StrategyContext } from '../domain/strategy/types.js';
import type { Token } from '../domain/tokens.js';
import { ApiError, TransientError, type Api } from './api.js';
import { cancelOrder, submitIntent, type LiveOrder } from './orders.js';
import { sleep, type Scheduler } from './scheduler.js';

export interface RunnerOptions {
  readonly api: Api;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  /** Client order ids are `<idPrefix>-<n>`: unique per run (an account's ids are its idempotency keys). */
  readonly idPrefix: string;
  /** Tries per call that fails transiently (default 6), with backoff from `retryMs` (default 200). */
  readonly attempts?: number;
  readonly retryMs?: number;
}

export type RunEnd =
  | { readonly reason: 'finished' | 'stopped'; readonly cancelled: number }
  | { readonly reason: 'error'; readonly cancelled: number; readonly error: unknown };

interface Tracked {
  readonly clientOrderId: string;
  readonly intent: Intent;
  orderId?: string;
  last?: OrderUpdateStatus;
  ended: boolean;
  unsubscribe?: () => void;
}

const TERMINAL: ReadonlySet<OrderUpdateStatus> = new Set(['FILLED', 'FAILED', 'REJECTED', 'EXPIRED', 'CANCELLED']);

export class StrategyRunner {
  private tokens: readonly Token[] = [];
  private readonly orders = new Map<string, Tracked>();
  private readonly timers = new Set<{ cancel(): void }>();
  private count = 0;
  /** The mutations, one at a time in the strategy's order. */
  private chain: Promise<void> = Promise.resolve();
  private pendingCalls = 0;
  private stopping: Promise<RunEnd> | undefined;
  private unsubscribePools: (() => void) | undefined;
  private endWith!: (end: RunEnd) => void;
  /** Settles once the run is over (finished, stopped, or failed), its open orders cancelled. */
  readonly ended: Promise<RunEnd> = new Promise((resolve) => (this.endWith = resolve));
  private readonly ctx: StrategyContext;
  private readonly log: Logger;

  constructor(
    private readonly strategy: Strategy,
    private readonly opts: RunnerOptions,
  ) {
    this.log = opts.logger.child({ strategy: strategy.name });
    this.ctx = {
      now: () => opts.scheduler.now(),
      submit: (intent) => this.submit(intent),
      cancel: (id) => this.cancel(id),
      setTimer: (atMs, tag) => this.setTimer(atMs, tag),
      token: (s) => this.token(s),
    };
  }

  /** Reads the token list, starts the strategy, then feeds it the market. */
  async start(): Promise<void> {
    await this.refreshTokens();
    this.handle('start', () => this.strategy.onStart(this.ctx));
    if (this.stopping) return;
    this.unsubscribePools = this.followMarket();
    this.checkFinished();
  }

  /** Stops the run: no more handlers, then open orders cancelled. Idempotent. */
  stop(reason: 'stopped' | 'finished' = 'stopped', error?: unknown): Promise<RunEnd> {
    this.stopping ??= this.shutdown(reason, error);
    return this.stopping;
  }

  private async shutdown(reason: 'stopped' | 'finished', error: unknown): Promise<RunEnd> {
    this.log.info({ event: 'stop', reason: error === undefined ? reason : 'error' }, 'stopping');
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.unsubscribePools?.();
    await this.chain; // submissions already asked for still go out, so they can be cancelled
    let cancelled = 0;
    for (const o of this.orders.values()) {
      if (o.ended || o.orderId === undefined) continue;
      const after = await this.call(`cancel ${o.clientOrderId}`, () => cancelOrder(this.opts.api, o.orderId!)).catch((e: unknown) => {
        // An executing market order can no longer be cancelled: it ends on its own.
        this.log.warn({ event: 'cancel', clientOrderId: o.clientOrderId, code: e instanceof ApiError ? e.code : undefined, err: e instanceof ApiError ? undefined : e }, 'cancel refused');
        return undefined;
      });
      if (after !== undefined) {
        if (after.status === 'CANCELLED') cancelled++;
        this.outcome(o, after, false);
      }
    }
    for (const o of this.orders.values()) o.unsubscribe?.();
    await this.opts.api.close();
    const end: RunEnd = error === undefined ? { reason, cancelled } : { reason: 'error', cancelled, error };
    this.log.info({ event: 'end', reason: end.reason, cancelled, orders: this.orders.size }, 'ended');
    this.endWith(end);
    return end;
  }

  private token(symbolOrMint: string): Token | undefined {
    const upper = symbolOrMint.toUpperCase();
    return this.tokens.find((t) => t.symbol.toUpperCase() === upper) ?? this.tokens.find((t) => t.mint === symbolOrMint);
  }

  private async refreshTokens(): Promise<void> {
    const { tokens } = await this.call('tokens', () => this.opts.api.request(TokensDocument, {}));
    this.tokens = tokens;
  }

  /** Runs a strategy handler; a throw ends the run (it is a bug or a parameter the market refuses). */
  private handle(what: string, fn: () => void): void {
    if (this.stopping) return;
    try {
      fn();
    } catch (e) {
      this.log.error({ event: 'error', during: what, code: isDomainError(e) ? e.code : undefined, field: isDomainError(e) ? e.details?.['field'] : undefined, err: e }, 'strategy failed');
      void this.stop('stopped', e);
    }
  }

  /** Doubling waits from retryMs, at most 5 s. */
  private backoffMs(attempt: number): number {
    return Math.min(5_000, (this.opts.retryMs ?? 200) * 2 ** Math.min(attempt, 5));
  }

  /** A call repeated while it fails transiently (every call the runner makes is idempotent). */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const attempts = this.opts.attempts ?? 6;
    for (let i = 1; ; i++) {
      try {
        return await fn();
      } catch (e) {
        if (!(e instanceof TransientError) || i >= attempts) throw e;
        const waitMs = this.backoffMs(i - 1);
        this.log.warn({ event: 'retry', call: what, attempt: i, waitMs, err: e.message }, 'call failed, repeating it');
        await sleep(this.opts.scheduler, waitMs);
      }
    }
  }

  /** Queues a mutation behind the ones before it. */
  private enqueue(fn: () => Promise<void>): void {
    this.pendingCalls++;
    this.chain = this.chain
      .then(fn)
      .catch((e: unknown) => {
        this.log.error({ event: 'error', err: e }, 'call failed after every retry');
        void this.stop('stopped', e);
      })
      .finally(() => {
        this.pendingCalls--;
        this.checkFinished();
      });
  }

  private submit(intent: Intent): string {
    const clientOrderId = `${this.opts.idPrefix}-${++this.count}`;
    const tracked: Tracked = { clientOrderId, intent, ended: false };
    this.orders.set(clientOrderId, tracked);
    // Fixed now, so a repeated call carries the same input (a later expiresAt would be a conflict).
    const expiresAt = 'expiresAfterMs' in intent && intent.expiresAfterMs !== undefined ? new Date(this.opts.scheduler.now() + intent.expiresAfterMs).toISOString() : undefined;
    this.log.info({ event: 'intent', clientOrderId, ...intent }, 'intent');
    this.enqueue(async () => {
      try {
        const order = await this.call(`submit ${clientOrderId}`, () => submitIntent(this.opts.api, intent, clientOrderId, expiresAt));
        tracked.orderId = order.id;
        this.outcome(tracked, order, true);
        if (!tracked.ended) this.follow(tracked);
      } catch (e) {
        if (!(e instanceof ApiError)) {
          // Never known to have arrived: the run cannot tell what the engine holds.
          this.log.error({ event: 'error', clientOrderId, err: e }, 'submission failed after every retry');
          void this.stop('stopped', e);
          return;
        }
        this.log.info({ event: 'outcome', clientOrderId, status: 'REJECTED', code: e.code, field: e.field, message: e.message }, 'outcome');
        this.deliver(tracked, this.rejected(intent, clientOrderId, e.code));
      }
    });
    return clientOrderId;
  }

  /** Set once shutdown has drained the chain: later intents are dropped. */
  private get stopped(): boolean {
    return this.stopping !== undefined;
  }

  private rejected(intent: Intent, clientOrderId: string, code: string): OrderUpdate {
    const tokenIn = this.token(intent.tokenIn);
    let amountIn = 0n;
    if (tokenIn !== undefined) {
      try {
        amountIn = parseAmount(intent.amountIn, tokenIn.decimals);
      } catch {
        // refused for its amount: as the backtest, the update carries 0
      }
    }
    return orderUpdate({ clientOrderId, status: 'REJECTED', tokenIn: tokenIn?.symbol ?? intent.tokenIn, tokenOut: this.token(intent.tokenOut)?.symbol ?? intent.tokenOut, amountIn, code });
  }

  private cancel(clientOrderId: string): void {
    const tracked = this.orders.get(clientOrderId);
    this.log.info({ event: 'intent', type: 'CANCEL', clientOrderId }, 'intent');
    this.enqueue(async () => {
      if (tracked === undefined || tracked.ended || tracked.orderId === undefined) return;
      try {
        const order = await this.call(`cancel ${clientOrderId}`, () => cancelOrder(this.opts.api, tracked.orderId!));
        this.outcome(tracked, order, true);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        // No longer open (it filled or is executing): a no-op, as the interface says.
        this.log.info({ event: 'cancel', clientOrderId, code: e.code }, 'cancel refused');
      }
    });
  }

  private setTimer(atMs: number, tag: string): void {
    if (this.stopping) return;
    const handle = this.opts.scheduler.after(atMs - this.opts.scheduler.now(), () => {
      this.timers.delete(handle);
      this.handle(`timer ${tag}`, () => this.strategy.onTimer(this.ctx, tag));
      this.checkFinished();
    });
    this.timers.add(handle);
  }

  /** An order's state as the API shows it: logged, and passed on when the strategy would hear it. */
  private outcome(o: Tracked, order: LiveOrder, deliver: boolean): void {
    const status = strategyStatusOf(order.status);
    if (status === undefined || status === o.last) return;
    const amountIn = parseAmount(order.amountIn, order.tokenIn.decimals);
    const amountOut = order.executedAmountOut === null ? undefined : parseAmount(order.executedAmountOut, order.tokenOut.decimals);
    const update = orderUpdate({ clientOrderId: o.clientOrderId, status, tokenIn: order.tokenIn.symbol, tokenOut: order.tokenOut.symbol, amountIn, amountOut, code: order.failureCode ?? undefined });
    this.log.info({ event: 'outcome', clientOrderId: o.clientOrderId, orderId: order.id, status, apiStatus: order.status, amountIn: order.amountIn, amountOut: order.executedAmountOut ?? undefined, code: update.code }, 'outcome');
    if (deliver) this.deliver(o, update);
    else this.mark(o, update.status);
  }

  private mark(o: Tracked, status: OrderUpdateStatus): void {
    o.last = status;
    if (TERMINAL.has(status)) {
      o.ended = true;
      o.unsubscribe?.();
      o.unsubscribe = undefined;
    }
  }

  private deliver(o: Tracked, update: OrderUpdate): void {
    this.mark(o, update.status);
    this.handle(`order ${o.clientOrderId}`, () => this.strategy.onOrderUpdate(this.ctx, update));
    this.checkFinished();
  }

  /** Follows one order to its end; a broken stream is opened again (it starts with the state now). */
  private follow(o: Tracked, attempt = 0): void {
    if (o.ended || this.stopped) return;
    let broken = false;
    const retry = (why: unknown) => {
      if (broken || o.ended || this.stopped) return;
      broken = true;
      o.unsubscribe?.();
      const waitMs = this.backoffMs(attempt);
      this.log.warn({ event: 'retry', call: `follow ${o.clientOrderId}`, waitMs, err: why instanceof Error ? why.message : String(why) }, 'order stream broke, following again');
      void sleep(this.opts.scheduler, waitMs).then(() => this.follow(o, attempt + 1));
    };
    o.unsubscribe = this.opts.api.subscribe(OrderUpdatesDocument, { orderId: o.orderId! }, {
      next: (data: OrderUpdatesSubscription) => {
        if (!this.stopped) this.outcome(o, data.orderUpdates.order, true);
      },
      error: retry,
      // Completes after the order's end; earlier would be a server going away.
      complete: () => retry(new Error('stream completed before the order ended')),
    });
  }

  private followMarket(): () => void {
    let stop: (() => void) | undefined;
    let attempt = 0;
    const open = () => {
      stop = this.opts.api.subscribe(PoolUpdatesDocument, {}, {
        next: (data: PoolUpdatesSubscription) => {
          attempt = 0;
          void this.market(data.poolUpdates);
        },
        error: (e) => {
          if (this.stopped) return;
          const waitMs = this.backoffMs(attempt++);
          this.log.warn({ event: 'retry', call: 'poolUpdates', waitMs, err: e instanceof Error ? e.message : String(e) }, 'pool stream broke, following again');
          void sleep(this.opts.scheduler, waitMs).then(() => {
            if (!this.stopped) open();
          });
        },
        complete: () => undefined,
      });
    };
    open();
    return () => stop?.();
  }

  private async market(pools: PoolUpdatesSubscription['poolUpdates']): Promise<void> {
    // A launch brings tokens the list does not hold yet: read it again before the strategy looks.
    if (pools.some((p) => this.token(p.tokenX.symbol) === undefined || this.token(p.tokenY.symbol) === undefined)) {
      await this.refreshTokens().catch((e: unknown) => this.log.warn({ event: 'retry', call: 'tokens', err: e }, 'token list not refreshed'));
    }
    const snapshot = snapshotFromPools(pools, this.opts.scheduler.now());
    this.handle('market', () => this.strategy.onMarket(this.ctx, snapshot));
    this.checkFinished();
  }

  private checkFinished(): void {
    if (this.stopping || this.pendingCalls > 0 || this.strategy.finished?.() !== true) return;
    for (const o of this.orders.values()) if (!o.ended) return;
    void this.stop('finished');
  }
}
