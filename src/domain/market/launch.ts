import { fieldError, isDomainError } from '../errors.js';
import { NATIVE_MINT, findToken, type Token } from '../tokens.js';
import { binIdFromAtomRatio, createDlmmPool } from '../venues/meteora-dlmm.js';
import { createCpmmPool } from '../venues/raydium-cpmm.js';
import { atomRatio } from '../price.js';
import type { Pool, Ratio } from '../venues/pool.js';
import { dlmmFeeParams, type LaunchSpec } from './launch-spec.js';
import { poolsForPair, type MarketState } from './market.js';
import { findMarketToken } from './market-tokens.js';

/**
 * Pool launches at runtime: a pure step from one market to the next with one more pool (and its
 * base token when the market did not know it).
 */

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function reduced(r: Ratio): Ratio {
  const g = gcd(r.num, r.den);
  return g > 1n ? { num: r.num / g, den: r.den / g } : r;
}

/** The id a launched pool gets: venue, kind and pair, as the default market names its pools. */
export function launchPoolId(spec: LaunchSpec, quote: Token): string {
  const name = (t: Token): string => (t.mint === NATIVE_MINT ? 'sol' : t.symbol.toLowerCase());
  return `${spec.venue === 'RAYDIUM' ? 'raydium-cpmm' : 'meteora-dlmm'}-${name(spec.baseToken)}-${name(quote)}`;
}

/** The launched base token's reference price: the launch price times the quote's (µUSD per atom). */
function launchReference(spec: LaunchSpec, quote: Token, quoteRef: Ratio): Ratio {
  const atoms = atomRatio(spec.price, spec.baseToken.decimals, quote.decimals);
  return reduced({ num: atoms.num * quoteRef.num, den: atoms.den * quoteRef.den });
}

function buildLaunchPool(spec: LaunchSpec, id: string, quote: Token, where: string, nowSec: number): Pool {
  const price = atomRatio(spec.price, spec.baseToken.decimals, quote.decimals);
  // The same value on the quote side as on the base side, at the launch price (floored).
  const quoteAtoms = (spec.baseAtoms * price.num) / price.den;
  if (quoteAtoms <= 0n) {
    throw fieldError('PRICE_OUT_OF_RANGE', `${where}.price`, 'baseAmount at this price is worth less than one atom of the quote token');
  }
  if (spec.venue === 'RAYDIUM') {
    return createCpmmPool({ id, mintX: spec.baseToken.mint, mintY: quote.mint, reserveX: spec.baseAtoms, reserveY: quoteAtoms, tradeFeeRate: spec.feeBps * 100 });
  }
  const binStep = spec.binStep!;
  const { baseFactor, basePowerFactor } = dlmmFeeParams(spec.feeBps, binStep, `${where}.feeBps`);
  try {
    return createDlmmPool({
      id,
      mintX: spec.baseToken.mint,
      mintY: quote.mint,
      binStep,
      activeId: binIdFromAtomRatio(price, binStep),
      amountX: spec.baseAtoms,
      amountY: quoteAtoms,
      binsPerSide: spec.binsPerSide,
      shape: 'spot',
      baseFactor,
      basePowerFactor,
      nowSec,
    });
  } catch (e) {
    if (isDomainError(e, 'INVALID_MARKET')) {
      throw fieldError('PRICE_OUT_OF_RANGE', `${where}.price`, `no DLMM bin at binStep ${binStep} holds this price`);
    }
    throw e;
  }
}

/**
 * A new market with the launched pool; the base token is added to the market's tokens (unless it is
 * a static token), with a reference price derived from the launch price × the quote token's
 * reference price and the spec's volatility, unless the market already prices it (a second venue
 * launching the same token opens at its own price and arbitrage pulls it to the reference).
 * `where` prefixes field names in errors (e.g. `launches[0].pool`).
 * @throws DomainError naming the field: UNKNOWN_TOKEN (quote unknown or unpriced) | SAME_TOKEN |
 *   SYMBOL_CLASH (a launched token already uses the symbol with another mint) | MINT_CLASH |
 *   POOL_EXISTS (the venue already lists the pair, or the id is taken) | PRICE_OUT_OF_RANGE
 */
export function launchPool(market: MarketState, spec: LaunchSpec, nowSec: number, where = 'pool'): MarketState {
  const quote = findMarketToken(market, spec.quoteToken);
  const quoteRef = quote && market.referencePrices.get(quote.mint);
  if (quote === undefined || quoteRef === undefined) {
    throw fieldError('UNKNOWN_TOKEN', `${where}.quoteToken`, `${spec.quoteToken} is not a token this market prices`);
  }
  const base = spec.baseToken;
  if (base.mint === quote.mint) throw fieldError('SAME_TOKEN', `${where}.quoteToken`, 'base and quote are the same mint');
  const known = findMarketToken(market, base.mint);
  if (known !== undefined && (known.decimals !== base.decimals || known.symbol.toUpperCase() !== base.symbol.toUpperCase())) {
    if (!(known.mint === NATIVE_MINT && findToken(base.symbol)?.mint === NATIVE_MINT)) {
      throw fieldError('MINT_CLASH', `${where}.baseToken.mint`, `mint ${base.mint} is already ${known.symbol} with ${known.decimals} decimals`);
    }
  }
  const bySymbol = findMarketToken(market, base.symbol);
  if (bySymbol !== undefined && bySymbol.mint !== base.mint) {
    throw fieldError('SYMBOL_CLASH', `${where}.baseToken.symbol`, `${base.symbol} already names the token with mint ${bySymbol.mint}`);
  }
  const id = launchPoolId(spec, quote);
  if (market.pools.has(id) || poolsForPair(market, base.mint, quote.mint).some((p) => p.venue === spec.venue)) {
    throw fieldError('POOL_EXISTS', `${where}.venue`, `${spec.venue} already lists ${base.symbol}/${quote.symbol}`, { poolId: id });
  }
  const pool = buildLaunchPool(spec, id, quote, where, nowSec);
  const pools = new Map(market.pools);
  pools.set(id, pool);
  let { referencePrices, volatility, tokens } = market;
  if (!referencePrices.has(base.mint)) {
    referencePrices = new Map(referencePrices).set(base.mint, launchReference(spec, quote, quoteRef));
    volatility = new Map(volatility).set(base.mint, spec.volatilityPerSqrtSecond);
  }
  if (known === undefined) tokens = new Map(tokens ?? []).set(base.mint, base);
  return tokens === undefined ? { pools, referencePrices, volatility } : { pools, referencePrices, volatility, tokens };
}
