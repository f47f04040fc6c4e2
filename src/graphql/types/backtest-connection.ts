import type { BacktestPage } from '../../services/backtests.js';
import { encodeCursor } from '../../services/order-input.js';
import { InputError } from '../../services/errors.js';
import type { BacktestView as BacktestRecord } from '../../services/backtests.js';
import { builder } from '../builder.js';
import { backtestsOf } from '../context.js';
import { Backtest } from './backtest.js';
import { MAX_PAGE_SIZE, PageInfo } from './order-connection.js';

/** The account's backtests newest first, paged like `orders` (forward only, keyset cursor). */

const DEFAULT_PAGE_SIZE = 20;

const BacktestEdge = builder.objectRef<{ readonly cursor: string; readonly node: BacktestRecord }>('BacktestEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: Backtest, resolve: (e) => e.node }),
  }),
});

const BacktestConnection = builder.objectRef<BacktestPage>('BacktestConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [BacktestEdge], resolve: (p) => p.backtests.map((node) => ({ node, cursor: encodeCursor(node.createdAt, node.id) })) }),
    // PageInfo reads only the paging fields of a page.
    pageInfo: t.field({ type: PageInfo, resolve: (p) => ({ orders: [], hasNextPage: p.hasNextPage, endCursor: p.endCursor, startCursor: p.startCursor }) }),
  }),
});

builder.queryField('backtests', (t) =>
  t.field({
    type: BacktestConnection,
    authScopes: { read: true },
    args: {
      first: t.arg.int({ defaultValue: DEFAULT_PAGE_SIZE, description: `1..${MAX_PAGE_SIZE}` }),
      after: t.arg.string({ description: 'endCursor of the previous page.' }),
    },
    resolve: (_root, { first, after }, ctx) => {
      const size = first ?? DEFAULT_PAGE_SIZE;
      if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw new InputError('INVALID_ARGUMENT', 'first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
      return backtestsOf(ctx).list({ first: size, after: after ?? null });
    },
  }),
);
