import { describe, expect, it } from 'vitest';
import { evaluateOrder } from '../../src/domain/conditional/evaluate.js';
import { routeDepth } from '../../src/domain/conditional/depth.js';
import { parseConditionalOrder, type ConditionalInput } from '../../src/domain/conditional/validate.js';
import { findBestRoute } from '../../src/domain/router.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { poolReserves } from '../../src/domain/venues/venue.js';
import { KITE_MINT, launchedMarket } from '../helpers/conditional-fixtures.js';
import { defaultMarket, NOW } from '../helpers/market-fixtures.js';

const NOW_MS = NOW * 1000;
const DAY = 86_400_000;
const limit = (edit: Partial<Record<string, unknown>> = {}) => ({ type: 'LIMIT', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1.5', limitPrice: '150.123457', ...edit }) as ConditionalInput;
const stop = (edit: Partial<Record<string, unknown>> = {}) => ({ type: 'STOP', tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2', stopPrice: '140', slippageBps: 100, ...edit }) as ConditionalInput;
const sniper = (edit: Partial<Record<string, unknown>> = {}) =>
  ({ type: 'SNIPER', tokenIn: 'USDC', tokenOut: KITE_MINT, amountIn: '1000', minLiquidity: '150000', maxPriceImpactBps: 200, slippageBps: 100, ...edit }) as ConditionalInput;

describe('parseConditionalOrder', () => {
  const m = defaultMarket();

  it('a limit needs ceil(amountIn × limitPrice) atoms out', () => {
    const o = parseConditionalOrder(limit(), 'a', m, NOW_MS);
    expect(o).toMatchObject({ kind: 'LIMIT', amountIn: 1_500_000_000n, minAmountOut: 225_185_186n, expiresAtMs: undefined });
  });

  it('a stop fires at floor(amountIn × stopPrice) atoms or less', () => {
    expect(parseConditionalOrder(stop(), 'b', m, NOW_MS)).toMatchObject({ kind: 'STOP', triggerAtoms: 280_000_000n, slippageBps: 100 });
  });

  it('a sniper may name a mint no pool lists yet', () => {
    expect(parseConditionalOrder(sniper({ expiresAt: NOW_MS + DAY }), 'c', m, NOW_MS)).toMatchObject({ kind: 'SNIPER', tokenOutMint: KITE_MINT, minLiquidity: 150_000_000_000n, expiresAtMs: NOW_MS + DAY });
  });

  it('resolves a launched token by symbol', () => {
    const o = parseConditionalOrder(limit({ tokenOut: 'kite', limitPrice: '20' }), 'd', launchedMarket(), NOW_MS);
    expect(o.kind === 'LIMIT' && o.tokenOut.mint).toBe(KITE_MINT);
  });

  it.each([
    ['an unknown type', limit({ type: 'OCO' }), 'ORDER_TYPE_INVALID', 'input.type'],
    ['an unknown token', limit({ tokenIn: 'DOGE' }), 'UNKNOWN_TOKEN', 'input.tokenIn'],
    ['the same token', limit({ tokenOut: 'WSOL' }), 'SAME_TOKEN', 'input.tokenOut'],
    ['a zero amount', limit({ amountIn: '0' }), 'AMOUNT_ZERO', 'input.amountIn'],
    ['a malformed price', limit({ limitPrice: '1,5' }), 'PRICE_MALFORMED', 'input.limitPrice'],
    ['too many digits', limit({ limitPrice: '1.0000000000000000001' }), 'PRICE_TOO_PRECISE', 'input.limitPrice'],
    ['a zero price', stop({ stopPrice: '0' }), 'PRICE_OUT_OF_RANGE', 'input.stopPrice'],
    ['a stop level under one atom', stop({ amountIn: '0.000000001', stopPrice: '0.0001' }), 'PRICE_OUT_OF_RANGE', 'input.stopPrice'],
    ['a limit beyond u64 atoms', limit({ limitPrice: '99999999999999999999' }), 'PRICE_OUT_OF_RANGE', 'input.limitPrice'],
    ['slippage out of range', stop({ slippageBps: 5001 }), 'SLIPPAGE_OUT_OF_RANGE', 'input.slippageBps'],
    ['an expiry in the past', limit({ expiresAt: NOW_MS }), 'EXPIRY_IN_PAST', 'input.expiresAt'],
    ['an expiry over 30 days', limit({ expiresAt: NOW_MS + 30 * DAY + 1 }), 'EXPIRY_TOO_FAR', 'input.expiresAt'],
    ['an expiry that is no time', limit({ expiresAt: '2030-01-01' }), 'EXPIRY_MALFORMED', 'input.expiresAt'],
    ['a sniper target that is not a mint', sniper({ tokenOut: 'KITE' }), 'INVALID_MINT', 'input.tokenOut'],
    ['zero minimum liquidity', sniper({ minLiquidity: '0' }), 'MIN_LIQUIDITY_OUT_OF_RANGE', 'input.minLiquidity'],
    ['a malformed minimum liquidity', sniper({ minLiquidity: 'lots' }), 'AMOUNT_MALFORMED', 'input.minLiquidity'],
    ['a price impact bound out of range', sniper({ maxPriceImpactBps: 0 }), 'PRICE_IMPACT_OUT_OF_RANGE', 'input.maxPriceImpactBps'],
  ])('rejects %s', (_name, input, code, field) => {
    expect(() => parseConditionalOrder(input, 'x', m, NOW_MS)).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
  });
});

describe('evaluateOrder (the exact test)', () => {
  const m = defaultMarket();
  const out = findBestRoute(m, TOKENS.SOL, TOKENS.USDC, 2n * 10n ** 9n, NOW).amountOut;
  const price = (atoms: bigint) => `${atoms / 2n / 10n ** 6n}.${((atoms / 2n) % 10n ** 6n).toString().padStart(6, '0')}`;

  it('fires a limit at or below the market and carries its own minimum', () => {
    const at = parseConditionalOrder(limit({ amountIn: '2', limitPrice: price(out - (out % 2n)) }), 'l', m, NOW_MS);
    const fired = evaluateOrder(at, m, NOW, findBestRoute)!;
    expect(fired.minAmountOut).toBe(out - (out % 2n));
    expect(fired.route.amountOut).toBe(out);
    const above = parseConditionalOrder(limit({ amountIn: '2', limitPrice: price(out + 2n) }), 'l2', m, NOW_MS);
    expect(evaluateOrder(above, m, NOW, findBestRoute)).toBeUndefined();
  });

  it('fires a stop at or above the market with the quote less slippage', () => {
    const s = parseConditionalOrder(stop({ stopPrice: price(out + 2n) }), 's', m, NOW_MS);
    const fired = evaluateOrder(s, m, NOW, findBestRoute)!;
    expect(fired.minAmountOut).toBe((out * 9_900n) / 10_000n);
    expect(evaluateOrder(parseConditionalOrder(stop({ stopPrice: price(out - 2n) }), 's2', m, NOW_MS), m, NOW, findBestRoute)).toBeUndefined();
  });

  it('a sniper waits for its token, then for depth and impact', () => {
    const o = parseConditionalOrder(sniper(), 'n', m, NOW_MS);
    expect(evaluateOrder(o, m, NOW, findBestRoute)).toBeUndefined();
    const launched = launchedMarket();
    const fired = evaluateOrder(o, launched, NOW, findBestRoute)!;
    expect(fired.tokenOut.symbol).toBe('KITE');
    expect(evaluateOrder(parseConditionalOrder(sniper({ minLiquidity: '400000' }), 'n2', m, NOW_MS), launched, NOW, findBestRoute)).toBeUndefined();
    expect(evaluateOrder(parseConditionalOrder(sniper({ amountIn: '100000', maxPriceImpactBps: 1 }), 'n3', m, NOW_MS), launched, NOW, findBestRoute)).toBeUndefined();
  });

  it('a route depth is its pools reserve of the input, the second hop converted at the route rate', () => {
    const launched = launchedMarket();
    const direct = findBestRoute(launched, TOKENS.USDC, { ...TOKENS.USDC, symbol: 'KITE', mint: KITE_MINT }, 50_000n * 10n ** 6n, NOW);
    const reserveUsdc = (id: string) => poolReserves(launched.pools.get(id)!).y;
    expect(routeDepth(launched, direct)).toBe(reserveUsdc('raydium-cpmm-kite-usdc') + reserveUsdc('meteora-dlmm-kite-usdc'));
    const twoHop = findBestRoute(launched, TOKENS.SOL, { ...TOKENS.USDC, symbol: 'KITE', mint: KITE_MINT }, 10n ** 9n, NOW);
    const hop0 = twoHop.legs.filter((l) => l.hop === 0);
    const mid = hop0.reduce((s, l) => s + l.amountOut, 0n);
    const second = twoHop.legs.filter((l) => l.hop === 1).reduce((s, l) => s + reserveUsdc(l.poolId), 0n);
    const first = hop0.reduce((s, l) => s + poolReserves(launched.pools.get(l.poolId)!).x, 0n);
    const converted = (second * 10n ** 9n) / mid;
    expect(routeDepth(launched, twoHop)).toBe(converted < first ? converted : first);
  });
});
