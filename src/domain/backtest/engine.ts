import { TriggerIndex } from '../conditional/trigger-index.js';
import type { FiredOrder } from '../conditional/types.js';
import { DomainError, isDomainError } from '../errors.js';
import type { MarketState } from '../market/market.js';
import { findMarketToken } from '../market/market-tokens.js';
import { stepMarket } from '../market/motion.js';
import { fillMarketOrder, permanentFailure, quoteMarketOrder } from '../order-flow.js';
import { createRng, type Rng } from '../rng.js';
import { routeFnFor, type RouteFn } from '../router-mode.js';
import { orderUpdate } from '../strategy/order-updates.js';
import type { Strategy } from '../strategy/types.js';
import { EventQueue, type SimEvent } from './events.js';
import { BacktestError, publicReason } from './failure.js';
import { applyLaunch, checkLaunches, initialMarket } from './market-setup.js';
import { LatencySampler } from './latency.js';
import { parseEntry, type EntryHeader, type MarketEntry } from './order-entry.js';
import { OrderSource } from './order-source.js';
import { endedResult, filledResult, restingResult } from './outcomes.js';
import { ProgressTracker } from './progress.js';
import { firedOrder, quotedOrder, type PendingFill, type RestingInfo } from './pending.js';
import type { BacktestSinks, BacktestSummary, OrderResult } from './results.js';
import { sampleOf } from './samples.js';
import type { Scenario } from './scenario.js';
import { StrategyHost } from './strategy-host.js';

/**
 * The discrete-event simulator: one simulated clock, a queue of timed events (events.ts), the market
 * threaded through every event, and the live path's own domain calls for every order (order-flow.ts):
 *
 *   market order    SUBMIT at t: quoteMarketOrder on the market at t (nowSec = floor(t/1000));
 *                   FILL at t + latency: fillMarketOrder on the market then (its nowSec).
 *   conditional     SUBMIT: validated and rested in the trigger index, evaluated at once; on
 *                   every market change (launch, motion tick, fill) expired orders end EXPIRED and
 *                   fired ones become market orders whose FILL is due after the latency, with the
 *                   minimum fixed at the trigger.
 *   cancel          takes a resting order out (CANCELLED); a no-op for one no longer open.
 *
 * Randomness: motion draws from createRng(seed), latency jitter from its own stream, so adding an
 * order never changes the market's path. Nothing here reads a clock: the same scenario gives the
 * same events, results and samples, bit for bit.
 *
 * Orders are read from the scenario lazily (one pending SUBMIT at a time) and every result goes to
 * the sinks as soon as it is known, so memory holds only what is open: in-flight fills and resting
 * orders. Client order ids are checked unique among open orders (a whole list is checked up front by
 * validateOrderEntries).
 */

export class Backtest {
  private market: MarketState;
  private now: number;
  private readonly endMs: number;
  private readonly queue = new EventQueue();
  private readonly route: RouteFn;
  private readonly index: TriggerIndex;
  private readonly motionRng: Rng;
  private readonly latency: LatencySampler;
  private readonly pending = new Map<string, PendingFill>();
  private readonly resting = new Map<string, RestingInfo>();
  private readonly savings = new Map<string, bigint>();
  private readonly source: OrderSource;
  private readonly strategy: StrategyHost | undefined;
  private readonly progress: ProgressTracker;
  private ordersDone = 0;
  private fills = 0;
  private events = 0;
  private finished = false;

  constructor(
    private readonly scenario: Scenario,
    private readonly sinks: BacktestSinks = {},
    strategy?: Strategy,
  ) {
    this.now = scenario.startMs;
    this.endMs = scenario.startMs + scenario.durationMs;
    this.progress = new ProgressTracker(scenario.startMs, scenario.durationMs, sinks.onProgress);
    this.route = routeFnFor(scenario.routerMode);
    this.index = new TriggerIndex(this.route);
    this.motionRng = createRng(scenario.seed);
    this.latency = new LatencySampler(scenario.latency, scenario.seed);
    this.market = initialMarket(scenario);
    checkLaunches(this.market, scenario);
    for (const launch of scenario.launches) this.queue.push({ kind: 'LAUNCH', t: scenario.startMs + launch.afterMs, launch });
    if (scenario.motion !== undefined) this.queue.push({ kind: 'MOTION', t: scenario.startMs + scenario.motion.intervalMs });
    this.queue.push({ kind: 'SAMPLE', t: scenario.startMs });
    this.source = new OrderSource(scenario);
    this.scheduleNextOrder();
    if (strategy !== undefined) {
      this.strategy = new StrategyHost(strategy, {
        now: () => this.now,
        market: () => this.market,
        submit: (header) => this.queue.push({ kind: 'SUBMIT', t: this.now, header, fromStrategy: true }),
        timer: (atMs, tag) => {
          if (atMs <= this.endMs) this.queue.push({ kind: 'TIMER', t: Math.max(atMs, this.now), tag });
        },
      });
      this.strategy.start();
    }
  }

  get done(): boolean {
    return this.finished;
  }

  /**
   * Runs up to `maxEvents` events; true once the run is complete. A caller that must stay responsive
   * (a job reporting progress) runs it in slices.
   * @throws BacktestError with a public reason and the cause; the run is over after it
   */
  step(maxEvents: number): boolean {
    if (this.finished) return true;
    try {
      for (let n = 0; n < maxEvents; n++) {
        const e = this.queue.pop();
        if (e === undefined) {
          this.finish();
          return true;
        }
        // Past the end only the fills of orders already quoted still happen.
        if (e.t > this.endMs && e.kind !== 'FILL') continue;
        this.now = e.t;
        this.events++;
        this.handle(e);
        this.progress.at(this.now, this.ordersDone);
      }
      return false;
    } catch (e) {
      this.finished = true;
      throw e instanceof BacktestError ? e : new BacktestError(publicReason(e), e, this.now);
    }
  }

  /** Runs to the end. @throws BacktestError */
  run(): BacktestSummary {
    while (!this.step(65_536));
    return this.summary();
  }

  summary(): BacktestSummary {
    return {
      orders: this.ordersDone,
      filled: this.fills,
      events: this.events,
      startMs: this.scenario.startMs,
      endMs: this.endMs,
      openAtEnd: this.index.size,
      market: this.market,
    };
  }

  private handle(e: SimEvent): void {
    switch (e.kind) {
      case 'LAUNCH': {
        this.market = applyLaunch(this.market, e.launch.pool, this.nowSec(), this.scenario, 'scenario.launches');
        this.marketChanged();
        this.strategy?.market(this.market);
        return;
      }
      case 'MOTION': {
        const motion = this.scenario.motion!;
        this.market = stepMarket(this.market, this.motionRng, motion.intervalMs / 1000, this.nowSec());
        this.marketChanged();
        this.strategy?.market(this.market);
        if (e.t + motion.intervalMs <= this.endMs) this.queue.push({ kind: 'MOTION', t: e.t + motion.intervalMs });
        return;
      }
      case 'FILL':
        return this.fill(e.order);
      case 'SUBMIT':
        if (!e.fromStrategy) this.scheduleNextOrder();
        return this.submit(e.header, e.fromStrategy);
      case 'EXPIRE':
        return this.expire();
      case 'TIMER':
        return this.strategy?.timer(e.tag);
      case 'SAMPLE':
        this.sinks.onSample?.(sampleOf(this.market, this.now, this.ordersDone, this.fills, this.savings));
        if (e.t < this.endMs) this.queue.push({ kind: 'SAMPLE', t: Math.min(e.t + this.scenario.sampleIntervalMs, this.endMs) });
        return;
    }
  }

  private nowSec(): number {
    return Math.floor(this.now / 1000);
  }

  private scheduleNextOrder(): void {
    const header = this.source.next();
    if (header !== undefined) this.queue.push({ kind: 'SUBMIT', t: header.atMs, header, fromStrategy: false });
  }

  private isOpen(id: string): boolean {
    return this.pending.has(id) || this.resting.has(id);
  }

  private submit(h: EntryHeader, fromStrategy: boolean): void {
    let entry;
    try {
      entry = parseEntry(h, this.market, this.now);
      if (entry.kind !== 'CANCEL' && this.isOpen(h.clientOrderId)) {
        throw new DomainError('DUPLICATE_CLIENT_ORDER_ID', `${h.clientOrderId} is already open`, { field: `${h.where}.clientOrderId` });
      }
    } catch (e) {
      if (!isDomainError(e) || h.type === 'CANCEL') throw e;
      return this.reject(h, fromStrategy, e.code);
    }
    if (entry.kind === 'CANCEL') {
      const order = this.index.remove(h.clientOrderId);
      const info = this.resting.get(h.clientOrderId);
      if (order === undefined || info === undefined) return;
      this.resting.delete(h.clientOrderId);
      return this.emit(restingResult(order, info, 'CANCELLED', this.market, this.now), info.fromStrategy);
    }
    if (entry.kind === 'CONDITIONAL') {
      this.index.add(entry.order);
      this.resting.set(entry.order.id, { type: h.type as RestingInfo['type'], submittedAtMs: this.now, fromStrategy });
      if (entry.order.expiresAtMs !== undefined) this.queue.push({ kind: 'EXPIRE', t: entry.order.expiresAtMs });
      if (fromStrategy) this.strategy!.update(orderUpdate({ clientOrderId: h.clientOrderId, status: 'OPEN', tokenIn: entry.order.tokenIn.symbol, tokenOut: h.raw['tokenOut'] as string, amountIn: entry.order.amountIn }));
      return this.fire(this.index.evaluate(this.market, this.nowSec()));
    }
    let quote;
    try {
      quote = quoteMarketOrder(this.market, this.route, entry.tokenIn, entry.tokenOut, entry.amountIn, entry.slippageBps, this.nowSec());
    } catch (e) {
      if (!isDomainError(e)) throw e;
      return this.reject(h, fromStrategy, e.code, entry);
    }
    const order = quotedOrder(h.clientOrderId, entry, quote, this.market, this.now, this.nowSec(), fromStrategy);
    this.pending.set(order.clientOrderId, order);
    this.queue.push({ kind: 'FILL', t: this.now + this.latency.draw(), order });
  }

  private reject(h: EntryHeader, fromStrategy: boolean, code: string, entry?: MarketEntry): void {
    const r = h.raw;
    // What the refused input named, as far as it can be read.
    const tokenIn = entry?.tokenIn ?? findMarketToken(this.market, String(r['tokenIn'])) ?? { symbol: String(r['tokenIn']), mint: String(r['tokenIn']), decimals: 0, name: '', native: false };
    const tokenOut = entry?.tokenOut ?? findMarketToken(this.market, String(r['tokenOut'])) ?? String(r['tokenOut']);
    const result = endedResult({ clientOrderId: h.clientOrderId, type: h.type as PendingFill['type'], tokenIn, amountIn: entry?.amountIn ?? 0n, submittedAtMs: this.now }, tokenOut, 'REJECTED', code, this.now);
    this.emit(result, fromStrategy);
  }

  private fill(o: PendingFill): void {
    this.pending.delete(o.clientOrderId);
    let filled;
    try {
      filled = fillMarketOrder(this.market, this.route, o, this.nowSec(), o.quoted);
    } catch (e) {
      const failure = permanentFailure(e);
      if (failure === undefined) throw e;
      return this.emit(endedResult(o, o.tokenOut, 'FAILED', failure, this.now, o), o.fromStrategy);
    }
    this.market = filled.market;
    this.fills++;
    const result = filledResult(o, filled.fill, filled.route, this.now);
    if (result.bestSingleVenueOut !== undefined) {
      this.savings.set(result.mintOut, (this.savings.get(result.mintOut) ?? 0n) + filled.fill.amountOut - result.bestSingleVenueOut);
    }
    this.emit(result, o.fromStrategy);
    this.marketChanged();
  }

  /**
   * Expiries, then triggers: an order that expired by now never fires. Past the end (fills of
   * orders quoted before it) nothing more fires: resting orders are reported OPEN.
   */
  private marketChanged(): void {
    if (this.index.size === 0 || this.now > this.endMs) return;
    this.expire();
    this.fire(this.index.evaluate(this.market, this.nowSec()));
  }

  private expire(): void {
    for (const order of this.index.expired(this.now)) {
      const info = this.resting.get(order.id)!;
      this.resting.delete(order.id);
      this.emit(restingResult(order, info, 'EXPIRED', this.market, this.now), info.fromStrategy);
    }
  }

  private fire(fired: readonly FiredOrder[]): void {
    for (const f of fired) {
      const info = this.resting.get(f.order.id)!;
      this.resting.delete(f.order.id);
      const order = firedOrder(f, info, this.market, this.now, this.nowSec());
      this.pending.set(order.clientOrderId, order);
      this.queue.push({ kind: 'FILL', t: this.now + this.latency.draw(), order });
    }
  }

  private emit(result: OrderResult, fromStrategy: boolean): void {
    this.ordersDone++;
    this.sinks.onResult?.(result);
    if (fromStrategy) {
      this.strategy!.update(
        orderUpdate({
          clientOrderId: result.clientOrderId,
          status: result.status,
          tokenIn: result.tokenIn,
          tokenOut: result.tokenOut,
          amountIn: result.amountIn,
          amountOut: result.amountOut,
          code: result.code,
        }),
      );
    }
  }

  private finish(): void {
    this.finished = true;
    this.now = Math.max(this.now, this.endMs);
    for (const order of this.index.orders()) this.emit(restingResult(order, this.resting.get(order.id)!, 'OPEN', this.market, this.endMs), false);
    this.progress.done(this.ordersDone);
  }
}
