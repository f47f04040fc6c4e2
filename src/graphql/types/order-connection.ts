import { encodeCursor } from '../../services/order-input.js';
import type { OrderPage } from '../../services/types.js';
import type { OrderView } from '../../domain/order-view.js';
import { InputError } from '../../services/errors.js';
import { builder } from '../builder.js';
import { ordersOf } from '../context.js';
import { Order } from './order.js';
import { OrderStatus } from './order-status.js';

/**
 * A hand-written Relay connection rather than @pothos/plugin-relay's: the service pages forward only
 * (keyset on createdAt, id; newest first), and the plugin would also expose `last`/`before`, which
 * could not be honoured.
 */

export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 20;

interface EdgeModel {
  readonly cursor: string;
  readonly node: OrderView;
}

export const PageInfo = builder.objectRef<OrderPage>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    hasPreviousPage: t.boolean({ description: 'Always false: paging is forward only.', resolve: () => false }),
    startCursor: t.string({ nullable: true, resolve: (p) => p.startCursor ?? null }),
    endCursor: t.string({ nullable: true, description: 'Pass as `after` for the next page.', resolve: (p) => p.endCursor ?? null }),
  }),
});

export const OrderEdge = builder.objectRef<EdgeModel>('OrderEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: Order, resolve: (e) => e.node }),
  }),
});

export const OrderConnection = builder.objectRef<OrderPage>('OrderConnection').implement({
  fields: (t) => ({
    edges: t.field({
      type: [OrderEdge],
      // The service's own cursor codec (a pure function), so any edge can resume the listing.
      resolve: (p) => p.orders.map((node) => ({ node, cursor: encodeCursor(node.createdAt, node.id) })),
    }),
    pageInfo: t.field({ type: PageInfo, resolve: (p) => p }),
  }),
});

builder.queryField('orders', (t) =>
  t.field({
    type: OrderConnection,
    description: 'Orders newest first, optionally of one status.',
    authScopes: { read: true },
    args: {
      first: t.arg.int({ defaultValue: DEFAULT_PAGE_SIZE, description: `1..${MAX_PAGE_SIZE}` }),
      after: t.arg.string({ description: 'endCursor of the previous page.' }),
      status: t.arg({ type: OrderStatus }),
    },
    resolve: (_root, { first, after, status }, ctx) => {
      const size = first ?? DEFAULT_PAGE_SIZE;
      if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
        throw new InputError('INVALID_ARGUMENT', 'first', `first must be between 1 and ${MAX_PAGE_SIZE}`);
      }
      return ordersOf(ctx).listOrders({ first: size, after: after ?? null, status: status ?? null });
    },
  }),
);
