/**
 * Limit, stop and sniper orders end to end on the engine this file runs on: submitted through the
 * service, rested OPEN, triggered by the worker role's index on announced market changes (fills,
 * launches), executed by the real worker, expired by the sweep, cancelled by their account. Time
 * is the test's clock (the market's and the expiry's), never the wall's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAccount } from '../../src/db/accounts.js';
import { findMarketToken } from '../../src/domain/market/market-tokens.js';
import { launchPool } from '../../src/domain/market/launch.js';
import { minAmountOutFor } from '../../src/domain/order.js';
import type { OrderView } from '../../src/domain/order-view.js';
import { findBestRoute } from '../../src/domain/router.js';
import { requireToken } from '../../src/domain/tokens.js';
import type { Runtime } from '../../src/runtime.js';
import { InputError } from '../../src/services/errors.js';
import { WIDE_LAUNCH } from '../helpers/conditional-fixtures.js';
import { ordersFor, persistedEvents, testEnv, waitTerminal } from '../helpers/runtime.js';

const T0 = Date.UTC(2025, 5, 1);
let now = T0;
/** The runtime's clock: moves only when a test moves it (plus 1 ms per read, so times stay ordered). */
const clock = () => (now += 1);
const iso = (ms: number) => new Date(ms).toISOString();

const env = testEnv('conditional');
let rt: Runtime;

beforeAll(async () => {
  rt = await env.start({ clock });
});
afterAll(() => env.cleanup());

const SOL = requireToken('SOL');

/** The whole order's price now (whole tokenOut per whole tokenIn, as a decimal string with 6 digits). */
async function priceNow(tokenIn: string, tokenOut: string, amountIn: string, factor: number): Promise<string> {
  const q = await rt.service.quote({ tokenIn, tokenOut, amountIn });
  const out = Number(q.route.amountOut) / 10 ** q.tokenOut.decimals / Number(amountIn);
  return (out * factor).toFixed(6);
}

/** A market order by another account's worth of flow, executed by the worker (its fill is announced). */
async function bigTrade(tokenIn: string, tokenOut: string, amountIn: string, tag: string): Promise<void> {
  const o = await ordersFor(rt).submitMarketOrder({ tokenIn, tokenOut, amountIn, slippageBps: 5000, clientOrderId: `big-${tag}` });
  expect((await waitTerminal(rt, o.id)).status).toBe('CONFIRMED');
}

describe('limit orders', () => {
  it('a limit that never crosses ends EXPIRED when its time passes', async () => {
    const price = await priceNow('SOL', 'USDC', '1', 10);
    const o = await ordersFor(rt).submitLimitOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', limitPrice: price, expiresAt: iso(now + 60_000), clientOrderId: 'never' });
    expect(o).toMatchObject({ status: 'OPEN', type: 'LIMIT', seq: 1 });
    expect(await rt.triggers!.evaluate()).toEqual([]);
    expect(await rt.expireNow()).toBe(0);
    now += 61_000;
    // Past its time the index drops it unfired, whatever the market does; the sweep records it.
    expect(await rt.triggers!.evaluate()).toEqual([]);
    expect(await rt.expireNow()).toBe(1);
    const ended = await rt.storage.orders.find(o.id);
    expect(ended).toMatchObject({ status: 'EXPIRED', seq: 2, fill: undefined });
    expect((await persistedEvents(rt, o.id)).map((e) => e.status)).toEqual(['OPEN', 'EXPIRED']);
    expect(await rt.expireNow()).toBe(0);
  });

  it('a limit that crosses after a large opposite order fills at or above its limit', async () => {
    // Sell 10 SOL for at least 1% more USDC than the whole order gets now.
    const limitPrice = await priceNow('SOL', 'USDC', '10', 1.01);
    const o = await ordersFor(rt).submitLimitOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '10', limitPrice, clientOrderId: 'crosses' });
    expect(await rt.triggers!.evaluate()).toEqual([]);
    expect((await rt.storage.orders.find(o.id))?.status).toBe('OPEN');
    // Someone buys SOL in size: SOL's price in USDC rises past the limit.
    await bigTrade('USDC', 'SOL', '3000000', 'buy-sol');
    const done = await waitTerminal(rt, o.id);
    expect(done.status).toBe('CONFIRMED');
    const atLimit = (10n * 10n ** 9n * BigInt(Math.round(Number(limitPrice) * 1e6))) / 10n ** 9n;
    expect(done.minAmountOut).toBe(atLimit);
    expect(done.fill!.amountOut).toBeGreaterThanOrEqual(done.minAmountOut);
    expect((await persistedEvents(rt, o.id)).map((e) => e.status)).toEqual(['OPEN', 'PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED']);
  });
});

describe('stop orders', () => {
  it('a stop triggers on a falling price and executes with the quote at the trigger less its slippage', async () => {
    const stopPrice = await priceNow('SOL', 'USDC', '5', 0.99);
    const o = await ordersFor(rt).submitStopOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '5', stopPrice, slippageBps: 300, clientOrderId: 'stop' });
    expect(o).toMatchObject({ status: 'OPEN', type: 'STOP', minAmountOut: 0n });
    expect(await rt.triggers!.evaluate()).toEqual([]);
    // Someone sells SOL in size: the whole stop order's price falls below the stop.
    await bigTrade('SOL', 'USDC', '30000', 'sell-sol');
    const done = await waitTerminal(rt, o.id);
    expect(done.status).toBe('CONFIRMED');
    const pending = (await rt.storage.orders.eventsBetween(o.id, 0)).find((u) => u.status === 'PENDING')!;
    const stopAtoms = BigInt(Math.floor(Number(stopPrice) * 5 * 1e6));
    expect(pending.order.quotedAmountOut).toBeLessThanOrEqual(stopAtoms);
    expect(pending.order.minAmountOut).toBe(minAmountOutFor(pending.order.quotedAmountOut, 300));
    expect(done.fill!.amountOut).toBeGreaterThanOrEqual(pending.order.minAmountOut);
  });
});

describe('sniper orders', () => {
  it('a sniper for a mint no pool lists fires in the launch\'s first market version', async () => {
    const mint = WIDE_LAUNCH.baseToken.mint;
    const o = await ordersFor(rt).submitSniperOrder({
      tokenIn: 'SOL',
      tokenOut: mint,
      amountIn: '1',
      minLiquidity: '1000',
      maxPriceImpactBps: 500,
      slippageBps: 100,
      clientOrderId: 'sniper',
    });
    expect(o).toMatchObject({ status: 'OPEN', type: 'SNIPER', tokenOut: { mint, decimals: 0 }, quotedAmountOut: 0n });
    expect(await rt.triggers!.evaluate()).toEqual([]);
    // The launch, as the launch mutation does it: one market write, announced.
    const at = clock();
    const { write } = await rt.market.transact(at, (m) => ({ next: launchPool(m, WIDE_LAUNCH, Math.floor(at / 1000)), result: undefined }));
    const launched = (await rt.market.current()).market;
    expect((await rt.market.current()).version).toBe(write!.version);
    rt.marketEvents.publish(write);
    const done = await waitTerminal(rt, o.id);
    expect(done.status).toBe('CONFIRMED');
    expect(done.tokenOut).toEqual(findMarketToken(launched, mint));
    const pending = (await rt.storage.orders.eventsBetween(o.id, 0)).find((u) => u.status === 'PENDING')!;
    // Quoted on the launch's own version: exactly what that market gives the whole order.
    const onLaunch = findBestRoute(launched, SOL, done.tokenOut, 10n ** 9n, Math.floor(pending.at / 1000));
    expect(pending.order.quotedAmountOut).toBe(onLaunch.amountOut);
    expect(pending.order.quotedRoute.legs.some((l) => l.poolId === write!.poolIds[0])).toBe(true);
    expect(done.fill!.amountOut).toBeGreaterThanOrEqual(pending.order.minAmountOut);
  });
});

describe('cancel', () => {
  it('cancels an OPEN order; a cancelled or filled one is NOT_CANCELLABLE, another account\'s NOT_FOUND', async () => {
    const price = await priceNow('SOL', 'USDC', '1', 10);
    const o = await ordersFor(rt).submitLimitOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', limitPrice: price, clientOrderId: 'to-cancel' });
    const other = await ensureAccount(rt.storage.kysely, 'someone-else', '01JSOMEONEELSE000000000000', T0);
    // Another account's order is answered as one that does not exist, and stays as it was.
    await expect(ordersFor(rt, other.id).cancelOrder(o.id)).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect((await rt.storage.orders.find(o.id))?.status).toBe('OPEN');
    const cancelled = await ordersFor(rt).cancelOrder(o.id);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', seq: 2 });
    await expect(ordersFor(rt).cancelOrder(o.id)).rejects.toMatchObject({ code: 'NOT_CANCELLABLE', field: 'id' });
    const m = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'filled' });
    await waitTerminal(rt, m.id);
    await expect(ordersFor(rt).cancelOrder(m.id)).rejects.toMatchObject({ code: 'NOT_CANCELLABLE' });
    await expect(ordersFor(rt).cancelOrder('01JNOSUCHORDER000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect((await persistedEvents(rt, o.id)).map((e) => e.status)).toEqual(['OPEN', 'CANCELLED']);
    // The index dropped it on the CANCELLED event: no trigger can resurrect it.
    expect(await rt.triggers!.evaluate()).not.toContain(o.id);
  });
});

describe('bad input persists nothing', () => {
  const base = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'bad' };
  const cases: [string, () => Promise<OrderView>, string, string][] = [
    ['limit price not a decimal', () => ordersFor(rt).submitLimitOrder({ ...base, limitPrice: 'abc' }), 'PRICE_MALFORMED', 'input.limitPrice'],
    ['limit price zero', () => ordersFor(rt).submitLimitOrder({ ...base, limitPrice: '0' }), 'PRICE_OUT_OF_RANGE', 'input.limitPrice'],
    ['limit price negative', () => ordersFor(rt).submitLimitOrder({ ...base, limitPrice: '-1' }), 'PRICE_MALFORMED', 'input.limitPrice'],
    ['limit price with too many digits', () => ordersFor(rt).submitLimitOrder({ ...base, limitPrice: '1.0000000000000000001' }), 'PRICE_TOO_PRECISE', 'input.limitPrice'],
    ['stop price not a decimal', () => ordersFor(rt).submitStopOrder({ ...base, stopPrice: '1e3', slippageBps: 50 }), 'PRICE_MALFORMED', 'input.stopPrice'],
    ['stop price with too many digits', () => ordersFor(rt).submitStopOrder({ ...base, stopPrice: '123456789012345678901', slippageBps: 50 }), 'PRICE_TOO_PRECISE', 'input.stopPrice'],
    ['expiresAt in the past', () => ordersFor(rt).submitLimitOrder({ ...base, limitPrice: '1', expiresAt: iso(now - 1_000) }), 'EXPIRY_IN_PAST', 'input.expiresAt'],
    ['expiresAt more than 30 days out', () => ordersFor(rt).submitLimitOrder({ ...base, limitPrice: '1', expiresAt: iso(now + 31 * 86_400_000) }), 'EXPIRY_TOO_FAR', 'input.expiresAt'],
    ['expiresAt malformed', () => ordersFor(rt).submitLimitOrder({ ...base, limitPrice: '1', expiresAt: 'next tuesday' }), 'EXPIRY_MALFORMED', 'input.expiresAt'],
    ['sniper tokenOut not a mint', () => ordersFor(rt).submitSniperOrder({ ...base, tokenOut: 'not-a-mint', minLiquidity: '1', maxPriceImpactBps: 100, slippageBps: 50 }), 'INVALID_MINT', 'input.tokenOut'],
    ['sniper minLiquidity zero', () => ordersFor(rt).submitSniperOrder({ ...base, tokenOut: WIDE_LAUNCH.baseToken.mint, minLiquidity: '0', maxPriceImpactBps: 100, slippageBps: 50 }), 'MIN_LIQUIDITY_OUT_OF_RANGE', 'input.minLiquidity'],
    ['sniper maxPriceImpactBps zero', () => ordersFor(rt).submitSniperOrder({ ...base, tokenOut: WIDE_LAUNCH.baseToken.mint, minLiquidity: '1', maxPriceImpactBps: 0, slippageBps: 50 }), 'PRICE_IMPACT_OUT_OF_RANGE', 'input.maxPriceImpactBps'],
    ['sniper maxPriceImpactBps above 10000', () => ordersFor(rt).submitSniperOrder({ ...base, tokenOut: WIDE_LAUNCH.baseToken.mint, minLiquidity: '1', maxPriceImpactBps: 10_001, slippageBps: 50 }), 'PRICE_IMPACT_OUT_OF_RANGE', 'input.maxPriceImpactBps'],
    ['stop slippage out of range', () => ordersFor(rt).submitStopOrder({ ...base, stopPrice: '1', slippageBps: 5001 }), 'SLIPPAGE_OUT_OF_RANGE', 'input.slippageBps'],
    ['bad clientOrderId', () => ordersFor(rt).submitLimitOrder({ ...base, limitPrice: '1', clientOrderId: 'has space' }), 'CLIENT_ORDER_ID_INVALID', 'input.clientOrderId'],
  ];

  it.each(cases)('%s → %s on %s, nothing written', async (_name, submit, code, field) => {
    const count = async () => (await rt.storage.kysely.selectFrom('orders').select('id').execute()).length;
    const before = await count();
    const err = await submit().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ code, field });
    expect(await count()).toBe(before);
  });
});

describe('idempotency', () => {
  it('the same clientOrderId returns the same resting order; different parameters are IDEMPOTENCY_CONFLICT', async () => {
    const input = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2', limitPrice: '100000', clientOrderId: 'again' };
    const [a, b] = await Promise.all([ordersFor(rt).submitLimitOrder(input), ordersFor(rt).submitLimitOrder(input)]);
    expect(a.id).toBe(b.id);
    await expect(ordersFor(rt).submitLimitOrder({ ...input, limitPrice: '100001' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'input.clientOrderId' });
    await ordersFor(rt).cancelOrder(a.id);
  });
});

