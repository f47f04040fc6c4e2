import type { OrderUpdate as OrderUpdateModel } from '../../domain/order-view.js';
import { builder } from '../builder.js';
import { ordersOf } from '../context.js';
import { Order } from './order.js';
import { OrderStatus } from './order-status.js';
import { DateTime } from './scalars.js';

export const OrderUpdate = builder.objectRef<OrderUpdateModel>('OrderUpdate').implement({
  description: "One persisted transition of an order, with the order's snapshot after it.",
  fields: (t) => ({
    orderId: t.exposeID('orderId'),
    seq: t.exposeInt('seq', { description: 'Strictly increasing per order with no gaps; 1 is PENDING.' }),
    status: t.field({ type: OrderStatus, resolve: (u) => u.status }),
    at: t.field({ type: DateTime, resolve: (u) => u.at }),
    detail: t.string({ nullable: true, description: 'e.g. "attempt 2 after BLOCKHASH_EXPIRED".', resolve: (u) => u.detail ?? null }),
    order: t.field({ type: Order, resolve: (u) => u.order }),
  }),
});

builder.subscriptionField('orderUpdates', (t) =>
  t.field({
    type: OrderUpdate,
    description:
      "With orderId: the order's current state first, then every later transition in order, completing after " +
      "CONFIRMED or FAILED. Without: every order's transitions from now on.",
    authScopes: { read: true },
    args: { orderId: t.arg.id({ required: false }) },
    // The service's streams end at once on return() (graphql-ws complete or disconnect); over HTTP
    // (SSE) the request's signal ends them too.
    subscribe: (_root, { orderId }, ctx) => ordersOf(ctx).orderUpdates(orderId == null ? undefined : String(orderId), ctx.request?.signal),
    resolve: (update) => update,
  }),
);
