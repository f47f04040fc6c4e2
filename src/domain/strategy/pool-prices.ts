import type { MarketSnapshot } from './types.js';

/** What a pool listing shows of one pool (the API's Pool, as the typed client reads it). */
export interface ListedPool {
  readonly id: string;
  readonly tokenX: { readonly symbol: string };
  readonly tokenY: { readonly symbol: string };
  /** Y per X in whole tokens, decimal string. */
  readonly price: string;
  /** Whole tokens, decimal strings. */
  readonly reserveX: string;
  readonly reserveY: string;
}

/**
 * A market snapshot from a pool listing, for a live strategy: the API publishes pools, not the
 * simulator's reference prices, so USD per token is what the pools imply. Starting from `anchor`
 * (1 USD), each round prices every token that shares a pool with a priced one, through the
 * deepest such pool (most USD on its priced side; the lower pool id on a tie), so one thin pool
 * cannot move a price that a deep one sets. Motion arbitrages every pool toward the reference
 * ratios, so these track the backtest's snapshot (samples.ts usdPrices) to within the pools' fee
 * bands. WSOL and SOL share a price, as there.
 */
export function snapshotFromPools(pools: readonly ListedPool[], atMs: number, anchor = 'USDC'): MarketSnapshot {
  const usd = new Map<string, number>([[anchor, 1]]);
  const sorted = [...pools].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (;;) {
    const best = new Map<string, { price: number; depth: number }>();
    for (const p of sorted) {
      const x = p.tokenX.symbol;
      const y = p.tokenY.symbol;
      const price = Number(p.price);
      if (!(price > 0) || !Number.isFinite(price)) continue;
      const consider = (token: string, value: number, depth: number) => {
        if (!Number.isFinite(value) || value <= 0) return;
        const seen = best.get(token);
        if (seen === undefined || depth > seen.depth) best.set(token, { price: value, depth });
      };
      const ux = usd.get(x);
      const uy = usd.get(y);
      if (uy !== undefined && ux === undefined) consider(x, price * uy, Number(p.reserveY) * uy);
      if (ux !== undefined && uy === undefined) consider(y, ux / price, Number(p.reserveX) * ux);
    }
    if (best.size === 0) break;
    for (const [token, { price }] of best) usd.set(token, price);
  }
  const wsol = usd.get('WSOL');
  const sol = usd.get('SOL');
  if (wsol !== undefined && sol === undefined) usd.set('SOL', wsol);
  if (sol !== undefined && wsol === undefined) usd.set('WSOL', sol);
  return { atMs, usdPrices: usd };
}
