import type { ArgBuilder, SchemaTypes } from '@pothos/core';
import type { BookLevel as BookLevelModel, PoolBook } from '../../domain/order-book.js';
import { bookPriceText, CPMM_BOOK_STEP_BPS, DEFAULT_BOOK_LEVELS, MAX_BOOK_LEVELS } from '../../domain/order-book.js';
import type { Token as TokenModel } from '../../domain/tokens.js';
import type { OrderBookView } from '../../services/order-books.js';
import { builder } from '../builder.js';
import { tokenAmount } from '../format.js';
import { DateTime } from './scalars.js';
import { Token } from './token.js';
import { PoolKind, Venue } from './venue.js';

/** A level with the pair's tokens, to format its amounts. */
interface LevelModel {
  readonly level: BookLevelModel;
  /** Asks are paid in quote, bids in base: the fee is in what the taker pays. */
  readonly ask: boolean;
  readonly base: TokenModel;
  readonly quote: TokenModel;
}

interface VenueBookModel {
  readonly pool: PoolBook;
  readonly base: TokenModel;
  readonly quote: TokenModel;
}

const price = (p: { num: bigint; den: bigint }, base: TokenModel, quote: TokenModel): string => bookPriceText(p, base.decimals, quote.decimals);

const BookLevel = builder.objectRef<LevelModel>('BookLevel').implement({
  description: 'One price level of one side of one pool. Amounts in whole tokens; prices in quote per base, fee excluded.',
  fields: (t) => ({
    price: t.string({ description: 'The worst price in the level: a limit at it takes the whole level.', resolve: (l) => price(l.level.price, l.base, l.quote) }),
    base: t.string({ description: 'Base the level holds (asks: for sale; bids: wanted).', resolve: (l) => tokenAmount(l.level.base, l.base) }),
    quote: t.string({ description: 'Quote traded against it, fee excluded (asks: paid; bids: paid out).', resolve: (l) => tokenAmount(l.level.quote, l.quote) }),
    fee: t.string({ description: 'Fee on top, in what the taker pays: quote on asks, base on bids.', resolve: (l) => tokenAmount(l.level.fee, l.ask ? l.quote : l.base) }),
    cumulativeBase: t.string({ resolve: (l) => tokenAmount(l.level.cumulativeBase, l.base) }),
    cumulativeQuote: t.string({ resolve: (l) => tokenAmount(l.level.cumulativeQuote, l.quote) }),
  }),
});

const VenueBook = builder.objectRef<VenueBookModel>('VenueBook').implement({
  description: "One pool's liquidity by price level: a DLMM's bins as they are, a CPMM's curve sampled every stepBps from the spot.",
  fields: (t) => ({
    venue: t.field({ type: Venue, resolve: (v) => v.pool.venue }),
    kind: t.field({ type: PoolKind, resolve: (v) => v.pool.kind }),
    poolId: t.id({ resolve: (v) => v.pool.poolId }),
    mid: t.string({ description: "Spot price, quote per base: a CPMM's reserve ratio, a DLMM's active bin.", resolve: (v) => price(v.pool.mid, v.base, v.quote) }),
    feeBps: t.float({ description: "The pool's base fee (a DLMM's variable fee comes on top, in each level's fee).", resolve: (v) => Number((v.pool.feeRate.num * 1_000_000n) / v.pool.feeRate.den) / 100 }),
    asks: t.field({ type: [BookLevel], description: 'Base for sale, price ascending.', resolve: (v) => v.pool.asks.map((level) => ({ level, ask: true, base: v.base, quote: v.quote })) }),
    bids: t.field({ type: [BookLevel], description: 'Base wanted, price descending.', resolve: (v) => v.pool.bids.map((level) => ({ level, ask: false, base: v.base, quote: v.quote })) }),
  }),
});

const OrderBook = builder.objectRef<OrderBookView>('OrderBook').implement({
  description: "A pair's mock order book, read off the real pools: each venue's liquidity at price levels on both sides.",
  fields: (t) => ({
    base: t.field({ type: Token, resolve: (b) => b.base }),
    quote: t.field({ type: Token, resolve: (b) => b.quote }),
    levels: t.int({ description: 'Levels per side and pool asked for (a side may have fewer).', resolve: (b) => b.book.levels }),
    stepBps: t.int({ description: "Distance between a CPMM's sampled levels, bps of its spot price.", resolve: (b) => b.book.stepBps }),
    version: t.int({ description: 'The market version the book was read at.', resolve: (b) => b.version }),
    at: t.field({ type: DateTime, description: 'When it was read (DLMM fees are those of this instant).', resolve: (b) => b.at }),
    venues: t.field({
      type: [VenueBook],
      description: 'One book per pool of the pair, by pool id (none when no pool trades it).',
      // By id: the order pools are stored in differs between engines and restarts.
      resolve: (b) => [...b.book.pools].sort((x, y) => (x.poolId < y.poolId ? -1 : 1)).map((pool) => ({ pool, base: b.base, quote: b.quote })),
    }),
  }),
});

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T extends SchemaTypes> ? T : never;

/** The query and its subscription take the same arguments. */
const bookArgs = (arg: ArgBuilder<BuilderTypes>) => ({
  base: arg.string({ required: true, description: 'Symbol or mint of the token priced.' }),
  quote: arg.string({ required: true, description: 'Symbol or mint of the token it is priced in.' }),
  levels: arg.int({ defaultValue: DEFAULT_BOOK_LEVELS, description: `Levels per side and pool, 1 to ${MAX_BOOK_LEVELS} (CPMM levels every ${CPMM_BOOK_STEP_BPS} bps).` }),
});

builder.queryField('orderBook', (t) =>
  t.field({
    type: OrderBook,
    description: "The pair's book on the market as it is. Public, like quote and pools.",
    args: bookArgs(t.arg),
    resolve: (_root, args, ctx) => ctx.service.orderBook(args),
  }),
);

builder.subscriptionField('orderBookUpdates', (t) =>
  t.field({
    type: OrderBook,
    description:
      "The pair's book now, then again whenever a fill, market motion or a launch changes the pair's pools " +
      '(at most one emission per ~250 ms; the latest book always arrives).',
    args: bookArgs(t.arg),
    subscribe: (_root, args, ctx) => ctx.service.orderBookUpdates(args, ctx.request?.signal),
    resolve: (book) => book,
  }),
);
