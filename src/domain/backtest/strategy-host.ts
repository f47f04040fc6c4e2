import type { MarketState } from '../market/market.js';
import { findMarketToken } from '../market/market-tokens.js';
import type { Intent, OrderUpdate, Strategy, StrategyContext } from '../strategy/types.js';
import type { EntryHeader } from './order-entry.js';
import { usdPrices } from './samples.js';

/** What the simulator lends a strategy: its clock, its market, and its queue. */
export interface HostHooks {
  now(): number;
  market(): MarketState;
  /** Schedules a submission (or cancel) at the current time. */
  submit(header: EntryHeader): void;
  timer(atMs: number, tag: string): void;
}

/**
 * A strategy run inside the simulator: StrategyContext backed by the simulated clock and queue.
 * Intents become order entries (order-entry.ts) submitted at the current simulated time, after the
 * handler returns; client order ids are `<strategy name>-<n>`, deterministic.
 */
export class StrategyHost {
  private count = 0;
  private readonly ctx: StrategyContext;

  constructor(
    private readonly strategy: Strategy,
    hooks: HostHooks,
  ) {
    const prefix = strategy.name.toLowerCase().replace(/[^a-z0-9_.:-]/g, '_');
    const header = (raw: Record<string, unknown>, id: string): EntryHeader => ({
      index: -1,
      atMs: hooks.now(),
      type: raw['type'] as EntryHeader['type'],
      clientOrderId: id,
      raw,
      where: 'intent',
    });
    this.ctx = {
      now: () => hooks.now(),
      submit: (intent: Intent) => {
        const id = `${prefix}-${++this.count}`;
        const { expiresAfterMs, ...rest } = intent as Intent & { expiresAfterMs?: number };
        hooks.submit(header({ ...rest, expiresAfter: expiresAfterMs, clientOrderId: id }, id));
        return id;
      },
      cancel: (clientOrderId: string) => hooks.submit(header({ type: 'CANCEL', clientOrderId }, clientOrderId)),
      setTimer: (atMs: number, tag: string) => hooks.timer(atMs, tag),
      token: (symbolOrMint: string) => findMarketToken(hooks.market(), symbolOrMint),
    };
    this.market = (m: MarketState) => this.strategy.onMarket(this.ctx, { atMs: hooks.now(), usdPrices: usdPrices(m) });
  }

  readonly market: (m: MarketState) => void;

  start(): void {
    this.strategy.onStart(this.ctx);
  }

  timer(tag: string): void {
    this.strategy.onTimer(this.ctx, tag);
  }

  update(u: OrderUpdate): void {
    this.strategy.onOrderUpdate(this.ctx, u);
  }
}
