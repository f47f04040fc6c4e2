/**
 * orderBook and orderBookUpdates over real HTTP and graphql-ws (real Redis, the file's engine, the
 * BullMQ worker): each venue's levels on both sides, read off the stored pools exactly as the
 * domain computes them; public; coded errors for unknown tokens and out-of-range levels; the
 * subscription sends the book, then a fresh one after a fill moves the pair's pools or a launch
 * adds one, and nothing for changes elsewhere.
 */
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LaunchPoolDocument, OrderBookDocument, OrderBookUpdatesDocument, type LaunchPoolInput, type OrderBookQuery } from '../../src/client/graphql.js';
import { bookPriceText, orderBook } from '../../src/domain/order-book.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { formatAmount } from '../../src/domain/amount.js';
import { orderInput, startTestApp, submit, type TestApp } from '../helpers/app.js';
import { gql, gqlAs, ok, subscribe, wsClient } from '../helpers/gql.js';
import { waitTerminal } from '../helpers/runtime.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('order-book'); // motion off: every market change here is the test's
});
afterAll(() => t.stop());

type Book = OrderBookQuery['orderBook'];

const mintOf = (n: number): string => bs58.encode(new Uint8Array(32).fill(n));
const launch = (edit: Partial<LaunchPoolInput>): Promise<unknown> =>
  gql(t.url, LaunchPoolDocument, {
    input: { venue: 'RAYDIUM' as LaunchPoolInput['venue'], baseToken: { mint: mintOf(3), symbol: 'WREN', decimals: 6, name: 'Wren' }, quoteToken: 'USDC', price: '2', baseAmount: '100000', feeBps: 30, ...edit },
  }).then(ok);

describe('orderBook', () => {
  it("gives each venue's levels on both sides, as the domain reads them off the stored pools, without a key", async () => {
    const book = ok(await gqlAs(t.url, null, OrderBookDocument, { base: 'SOL', quote: 'USDC', levels: 5 })).orderBook;
    const stored = await t.runtime.market.current();
    const expected = orderBook(stored.market, TOKENS.SOL.mint, TOKENS.USDC.mint, 0, 5);
    expect(book).toMatchObject({ base: { symbol: 'SOL' }, quote: { symbol: 'USDC' }, levels: 5, stepBps: 10, version: stored.version });
    expect(book.venues.map((v) => [v.venue, v.kind, v.poolId])).toEqual([
      ['METEORA', 'DLMM', 'meteora-dlmm-sol-usdc'],
      ['RAYDIUM', 'CPMM', 'raydium-cpmm-sol-usdc'],
    ]);
    for (const venue of book.venues) {
      const pool = expected.pools.find((p) => p.poolId === venue.poolId)!;
      expect(venue.asks).toHaveLength(5);
      expect(venue.bids).toHaveLength(5);
      expect(venue.mid).toBe(bookPriceText(pool.mid, 9, 6));
      // Prices and amounts exactly as the domain computes them (a CPMM's levels do not depend on time).
      if (venue.kind === 'CPMM') {
        expect(venue.asks.map((l) => [l.price, l.base, l.quote, l.fee])).toEqual(
          pool.asks.map((l) => [bookPriceText(l.price, 9, 6), formatAmount(l.base, 9), formatAmount(l.quote, 6), formatAmount(l.fee, 6)]),
        );
        expect(venue.bids.map((l) => [l.price, l.base, l.quote, l.fee])).toEqual(
          pool.bids.map((l) => [bookPriceText(l.price, 9, 6), formatAmount(l.base, 9), formatAmount(l.quote, 6), formatAmount(l.fee, 9)]),
        );
      }
      const asks = venue.asks.map((l) => Number(l.price));
      const bids = venue.bids.map((l) => Number(l.price));
      expect(asks).toEqual([...asks].sort((a, b) => a - b));
      expect(bids).toEqual([...bids].sort((a, b) => b - a));
      expect(bids[0]!).toBeLessThanOrEqual(Number(venue.mid));
      expect(asks[0]!).toBeGreaterThanOrEqual(Number(venue.mid));
    }
    // 20 levels by default; a pair no pool trades has no venues.
    expect(ok(await gql(t.url, OrderBookDocument, { base: 'JUP', quote: 'USDC' })).orderBook.venues.every((v) => v.asks.length === 20)).toBe(true);
    expect(ok(await gql(t.url, OrderBookDocument, { base: 'BONK', quote: 'JUP' })).orderBook.venues).toEqual([]);
  });

  it.each([
    ['an unknown base', { base: 'NOPE', quote: 'USDC' }, 'UNKNOWN_TOKEN', 'base'],
    ['an unknown quote', { base: 'SOL', quote: mintOf(99) }, 'UNKNOWN_TOKEN', 'quote'],
    ['the same token twice', { base: 'SOL', quote: 'WSOL' }, 'SAME_TOKEN', 'quote'],
    ['zero levels', { base: 'SOL', quote: 'USDC', levels: 0 }, 'LEVELS_OUT_OF_RANGE', 'levels'],
    ['too many levels', { base: 'SOL', quote: 'USDC', levels: 101 }, 'LEVELS_OUT_OF_RANGE', 'levels'],
  ] as [string, { base: string; quote: string; levels?: number }, string, string][])('refuses %s with a coded error naming the argument', async (_label, args, code, field) => {
    const result = await gql(t.url, OrderBookDocument, args);
    expect(result.errors?.[0]?.extensions).toEqual({ code, field });
    // The subscription refuses the same, before it starts.
    const sub = subscribe(t.ws, OrderBookUpdatesDocument, args);
    await sub.done.catch(() => undefined);
    expect(sub.events).toEqual([]);
    expect(sub.errors).toEqual([expect.objectContaining({ extensions: { code, field } })]);
  });
  it('tags a variable that does not coerce BAD_USER_INPUT over HTTP and graphql-ws alike', async () => {
    const args = { base: 'SOL', quote: 'USDC', levels: 1.5 };
    const result = await gql(t.url, OrderBookDocument, args);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const sub = subscribe(t.ws, OrderBookUpdatesDocument, args);
    await sub.done.catch(() => undefined);
    expect(sub.events).toEqual([]);
    expect(sub.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
  });
});

describe('orderBookUpdates', () => {
  it('sends the book, then a fresh one after a fill moves the pair, and none for changes elsewhere', async () => {
    const anonymous = wsClient(t.url, null);
    const sub = subscribe(anonymous, OrderBookUpdatesDocument, { base: 'SOL', quote: 'USDC', levels: 5 });
    try {
      await sub.until((e) => e.length >= 1);
      const first: Book = sub.events[0]!.orderBookUpdates;
      expect(first).toEqual(ok(await gql(t.url, OrderBookDocument, { base: 'SOL', quote: 'USDC', levels: 5 })).orderBook);

      // A launch on another pair moves the market version, not this book.
      await launch({});
      // Large enough to move the DLMM's active bin as well as the CPMM.
      const order = await waitTerminal(t.runtime, (await submit(t, orderInput({ amountIn: '400' }))).id);
      expect(order.status).toBe('CONFIRMED');
      await sub.until((e) => e.length >= 2);
      const second: Book = sub.events[1]!.orderBookUpdates;
      expect(second.version).toBe((await t.runtime.market.current()).version);
      // Sold SOL into both pools: every venue's best bid fell.
      for (const [i, v] of second.venues.entries()) expect(Number(v.bids[0]!.price)).toBeLessThan(Number(first.venues[i]!.bids[0]!.price));
      expect(second).toEqual(ok(await gql(t.url, OrderBookDocument, { base: 'SOL', quote: 'USDC', levels: 5 })).orderBook);
      // Another launch elsewhere, then a fill here: the next book is the fill's, nothing came between.
      await launch({ baseToken: { mint: mintOf(4), symbol: 'FINCH', decimals: 6, name: 'Finch' } });
      await waitTerminal(t.runtime, (await submit(t, orderInput({ amountIn: '400' }))).id);
      await sub.until((e) => e.length >= 3);
      expect(sub.events).toHaveLength(3);
      expect(sub.events[2]!.orderBookUpdates.version).toBe((await t.runtime.market.current()).version);
    } finally {
      sub.stop();
      await anonymous.dispose();
    }
  });

  it("sends a book with the new venue when a launch adds a pool to the pair", async () => {
    await launch({ baseToken: { mint: mintOf(5), symbol: 'ROBIN', decimals: 6, name: 'Robin' } });
    const sub = subscribe(t.ws, OrderBookUpdatesDocument, { base: 'ROBIN', quote: 'USDC', levels: 3 });
    try {
      await sub.until((e) => e.length >= 1);
      expect(sub.events[0]!.orderBookUpdates.venues.map((v) => v.venue)).toEqual(['RAYDIUM']);
      await launch({ venue: 'METEORA' as LaunchPoolInput['venue'], baseToken: { mint: mintOf(5), symbol: 'ROBIN', decimals: 6, name: 'Robin' }, binStep: 10, binsPerSide: 10, feeBps: 20 });
      await sub.until((e) => e.length >= 2);
      const book = sub.events[1]!.orderBookUpdates;
      expect(book.venues.map((v) => [v.venue, v.asks.length, v.bids.length])).toEqual([
        ['METEORA', 3, 3],
        ['RAYDIUM', 3, 3],
      ]);
    } finally {
      sub.stop();
    }
  });
});
