/**
 * launchPool over real HTTP and graphql-ws (real Redis, the file's engine): an admin launches a pool
 * and its new token; tokens, pools, quote and poolUpdates show it at once, on this process and on
 * another one, and after a restart. A trade-only key, a duplicate, zero liquidity, a bad mint or
 * price are refused with a coded error naming the field, and nothing is written or announced.
 */
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LaunchPoolDocument, PoolsDocument, PoolUpdatesDocument, QuoteDocument, TokensDocument, type LaunchPoolInput } from '../../src/client/graphql.js';
import type { MarketChanged } from '../../src/events/market-events.js';
import { orderInput, startTestApp, submit, type TestApp } from '../helpers/app.js';
import { waitTerminal } from '../helpers/runtime.js';
import { gql, gqlAs, ok, subscribe } from '../helpers/gql.js';

let t: TestApp;
let tradeKey: string;
const announced: MarketChanged[] = [];
let stopListening: () => void;

beforeAll(async () => {
  t = await startTestApp('launch-pool');
  tradeKey = (await t.runtime.auth.createKey({ name: 'trader', scopes: ['read', 'trade'] })).key;
  stopListening = await t.runtime.marketEvents.subscribe((c) => announced.push(c));
});
afterAll(async () => {
  stopListening();
  await t.stop();
});

/** A valid mint no built-in token uses: 32 bytes of `n`, base58. */
const mintOf = (n: number): string => bs58.encode(new Uint8Array(32).fill(n));

const MOTH = { mint: mintOf(7), symbol: 'MOTH', decimals: 6, name: 'Moth Finance' };
const launchInput = (edit: Partial<LaunchPoolInput> = {}): LaunchPoolInput => ({
  venue: 'RAYDIUM' as LaunchPoolInput['venue'],
  baseToken: MOTH,
  quoteToken: 'USDC',
  price: '0.25',
  baseAmount: '1000000',
  feeBps: 25,
  ...edit,
});

async function stored(): Promise<{ version: number; pools: number; tokens: number }> {
  const s = await t.runtime.market.current();
  return { version: s.version, pools: s.market.pools.size, tokens: s.market.tokens?.size ?? 0 };
}

describe('launchPool', () => {
  it('launches a pool and its token: one market write, announced, listed, quotable and streamed', async () => {
    const updates = subscribe(t.ws, PoolUpdatesDocument, {});
    try {
      await updates.until((e) => e.length >= 1);
      const before = await stored();
      const pool = ok(await gql(t.url, LaunchPoolDocument, { input: launchInput() })).launchPool;
      expect(pool).toMatchObject({ id: 'raydium-cpmm-moth-usdc', venue: 'RAYDIUM', kind: 'CPMM', pair: 'MOTH/USDC', price: '0.25', reserveX: '1000000', reserveY: '250000', feeBps: 25 });
      expect(await stored()).toEqual({ version: before.version + 1, pools: before.pools + 1, tokens: before.tokens + 1 });
      // Announced after the commit (pub/sub delivers it a moment later).
      for (let i = 0; i < 200 && announced.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(announced).toEqual([{ version: before.version + 1, poolIds: ['raydium-cpmm-moth-usdc'] }]);

      const tokens = ok(await gql(t.url, TokensDocument)).tokens;
      expect(tokens.at(-1)).toMatchObject({ symbol: 'MOTH', mint: MOTH.mint, decimals: 6 });
      expect(ok(await gql(t.url, PoolsDocument)).pools.find((p) => p.id === pool.id)).toEqual(pool);
      await updates.until((e) => e.some((u) => u.poolUpdates.some((p) => p.id === pool.id)));

      // Quotable by symbol and by mint, both ways, with legs formatted in the new token's decimals.
      const buy = ok(await gql(t.url, QuoteDocument, { input: { tokenIn: 'USDC', tokenOut: 'moth', amountIn: '100', slippageBps: 50 } })).quote;
      expect(buy.route.legs.map((l) => l.poolId)).toEqual([pool.id]);
      expect(Number(buy.amountOut)).toBeGreaterThan(390);
      expect(Number(buy.amountOut)).toBeLessThan(400);
      const sell = ok(await gql(t.url, QuoteDocument, { input: { tokenIn: MOTH.mint, tokenOut: 'SOL', amountIn: '1000', slippageBps: 50 } })).quote;
      expect(sell.route.kind).toBe('TWO_HOP');
    } finally {
      updates.stop();
    }
  });

  it('a METEORA launch of the same token opens a DLMM beside it', async () => {
    const pool = ok(await gql(t.url, LaunchPoolDocument, { input: launchInput({ venue: 'METEORA' as LaunchPoolInput['venue'], price: '0.251', baseAmount: '500000', binStep: 10, binsPerSide: 20 }) })).launchPool;
    expect(pool).toMatchObject({ id: 'meteora-dlmm-moth-usdc', kind: 'DLMM', pair: 'MOTH/USDC', feeBps: 25 });
    const quote = ok(await gql(t.url, QuoteDocument, { input: { tokenIn: 'USDC', tokenOut: 'MOTH', amountIn: '20000', slippageBps: 50 } })).quote;
    expect(new Set(quote.route.legs.map((l) => l.poolId))).toEqual(new Set(['raydium-cpmm-moth-usdc', 'meteora-dlmm-moth-usdc']));
  });

  it('takes a market order for the launched token, by symbol and by mint, and fills it', async () => {
    const bySymbol = await waitTerminal(t.runtime, (await submit(t, orderInput({ tokenIn: 'USDC', tokenOut: 'MOTH', amountIn: '50', clientOrderId: 'launch-buy' }))).id);
    expect(bySymbol.status).toBe('CONFIRMED');
    const byMint = await waitTerminal(t.runtime, (await submit(t, orderInput({ tokenIn: MOTH.mint, tokenOut: 'USDC', amountIn: '100', clientOrderId: 'launch-sell' }))).id);
    expect(byMint.status).toBe('CONFIRMED');
  });

  it.each([
    ['a pool that exists', launchInput(), 'POOL_EXISTS', 'input.venue'],
    ['zero liquidity', launchInput({ baseToken: { ...MOTH, mint: mintOf(9), symbol: 'ZERO' }, baseAmount: '0' }), 'AMOUNT_ZERO', 'input.baseAmount'],
    ['a bad mint', launchInput({ baseToken: { ...MOTH, mint: 'not-a-mint', symbol: 'BAD' } }), 'INVALID_MINT', 'input.baseToken.mint'],
    ['a bad price', launchInput({ baseToken: { ...MOTH, mint: mintOf(11), symbol: 'PRICEY' }, price: '-1' }), 'PRICE_MALFORMED', 'input.price'],
    ['a price worth less than an atom', launchInput({ baseToken: { ...MOTH, mint: mintOf(12), symbol: 'DUST' }, price: '0.000000001', baseAmount: '1' }), 'PRICE_OUT_OF_RANGE', 'input.price'],
    ['an unknown quote token', launchInput({ baseToken: { ...MOTH, mint: mintOf(13), symbol: 'LONELY' }, quoteToken: 'NOPE' }), 'UNKNOWN_TOKEN', 'input.quoteToken'],
    ['a symbol another mint holds', launchInput({ baseToken: { ...MOTH, mint: mintOf(14) } }), 'SYMBOL_CLASH', 'input.baseToken.symbol'],
    ['a METEORA pool without a bin step', launchInput({ venue: 'METEORA' as LaunchPoolInput['venue'], baseToken: { ...MOTH, mint: mintOf(15), symbol: 'BINLESS' } }), 'BIN_STEP_OUT_OF_RANGE', 'input.binStep'],
    ['a fee out of range', launchInput({ baseToken: { ...MOTH, mint: mintOf(16), symbol: 'FEE' }, feeBps: 0 }), 'FEE_OUT_OF_RANGE', 'input.feeBps'],
  ] as const)('refuses %s with a coded error naming the field, writing and announcing nothing', async (_label, input, code, field) => {
    const before = await stored();
    const heard = announced.length;
    const result = await gql(t.url, LaunchPoolDocument, { input });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toEqual({ code, field });
    expect(await stored()).toEqual(before);
    // Nothing announced: a motion step's announcement (the next version) would show one was skipped.
    await new Promise((r) => setTimeout(r, 20));
    expect(announced.length).toBe(heard);
  });

  it('needs the admin scope: a trade key is FORBIDDEN and no key UNAUTHENTICATED, with nothing written', async () => {
    const before = await stored();
    const input = launchInput({ baseToken: { ...MOTH, mint: mintOf(21), symbol: 'NOPE' } });
    expect((await gqlAs(t.url, tradeKey, LaunchPoolDocument, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gqlAs(t.url, null, LaunchPoolDocument, { input })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await stored()).toEqual(before);
  });

  it('another process learns the launch from its announcement, and a restarted one from the database', async () => {
    const other = await t.env.start({ roles: { api: true, worker: false } });
    const before = (await other.market.current()).version;
    ok(await gql(t.url, LaunchPoolDocument, { input: launchInput({ baseToken: { ...MOTH, mint: mintOf(31), symbol: 'LATE' }, quoteToken: 'SOL', price: '0.01' }) }));
    // The other API process trusts its cache between announcements: the launch's moves it on.
    for (let i = 0; i < 200 && !(await other.service.listTokens()).some((x) => x.symbol === 'LATE'); i++) await new Promise((r) => setTimeout(r, 10));
    expect((await other.service.listTokens()).map((x) => x.symbol)).toEqual(expect.arrayContaining(['MOTH', 'LATE']));
    expect((await other.market.current()).version).toBe(before + 1);
    const quoted = await other.service.quote({ tokenIn: 'SOL', tokenOut: 'LATE', amountIn: '1', slippageBps: 50 });
    expect(quoted.tokenOut.symbol).toBe('LATE');
    await other.close();

    const restarted = await t.env.start({ roles: { api: true, worker: false } });
    const tokens = await restarted.service.listTokens();
    expect(tokens.filter((x) => ['MOTH', 'LATE'].includes(x.symbol)).map((x) => [x.symbol, x.mint, x.decimals, x.name])).toEqual([
      ['MOTH', MOTH.mint, 6, 'Moth Finance'],
      ['LATE', mintOf(31), 6, 'Moth Finance'],
    ]);
    expect((await restarted.service.pools()).map((p) => p.id)).toEqual(expect.arrayContaining(['raydium-cpmm-moth-usdc', 'meteora-dlmm-moth-usdc', 'raydium-cpmm-late-sol']));
    await restarted.close();
  });
});
