import type { MarketState } from '../market/market.js';
import { findMarketToken, marketTokenList } from '../market/market-tokens.js';
import { uiPrice } from '../venues/venue.js';
import type { PoolSample, SeriesSample } from './results.js';

/** USD per whole token from a reference price in µUSD per atom (a float, for charts and signals). */
export function usdPerToken(market: MarketState, mint: string, decimals: number): number | undefined {
  const r = market.referencePrices.get(mint);
  return r === undefined ? undefined : (Number(r.num) / Number(r.den)) * 10 ** (decimals - 6);
}

/** Reference USD prices by symbol, for every token the market prices (WSOL shares SOL's). */
export function usdPrices(market: MarketState): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of marketTokenList(market)) {
    const usd = usdPerToken(market, t.mint, t.decimals);
    if (usd !== undefined) out.set(t.symbol, usd);
  }
  return out;
}

/** One time-series sample of the market and the run so far. */
export function sampleOf(market: MarketState, atMs: number, ordersDone: number, fills: number, savings: ReadonlyMap<string, bigint>): SeriesSample {
  const pools: PoolSample[] = [];
  for (const p of market.pools.values()) {
    const x = findMarketToken(market, p.mintX);
    const y = findMarketToken(market, p.mintY);
    if (x === undefined || y === undefined) continue;
    pools.push({ poolId: p.id, venue: p.venue, pair: `${x.symbol}/${y.symbol}`, price: uiPrice(p, x.decimals, y.decimals) });
  }
  const referenceUsd = [...usdPrices(market)].map(([symbol, usd]) => ({ symbol, usd }));
  const cumulativeSavings = [...savings].map(([mint, atoms]) => ({ mint, symbol: findMarketToken(market, mint)?.symbol ?? mint, atoms }));
  return { atMs, pools, referenceUsd, ordersDone, fills, cumulativeSavings };
}
