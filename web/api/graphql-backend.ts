/**
 * The Backend the panels use, over the typed documents generated from schema/operations. The
 * documents are printed once at load: the server receives exactly the operations in the repository.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import {
  ExecutionReportDocument,
  OrderDocument,
  OrderUpdatesDocument,
  OrdersDocument,
  PoolUpdatesDocument,
  QuoteDocument,
  SubmitMarketOrderDocument,
  TokensDocument,
  ViewerDocument,
} from '../../src/client/graphql.js';
import type { Backend } from '../backend-contract.js';
import { toOrder, toPool, toQuality, toQuote, toToken, toUpdate, toViewer } from './adapt.js';
import type { Api, Operation } from './connection.js';

function op<R, V>(doc: TypedDocumentNode<R, V>): Operation<R, V> {
  return { query: print(doc) };
}

const Q = {
  viewer: op(ViewerDocument),
  tokens: op(TokensDocument),
  quote: op(QuoteDocument),
  submit: op(SubmitMarketOrderDocument),
  orders: op(OrdersDocument),
  order: op(OrderDocument),
  updates: op(OrderUpdatesDocument),
  poolUpdates: op(PoolUpdatesDocument),
  report: op(ExecutionReportDocument),
};

export function createBackend(api: Api): Backend {
  return {
    async viewer() {
      const data = await api.request(Q.viewer, {});
      return data.viewer === null ? null : toViewer(data.viewer);
    },
    async tokens() {
      const data = await api.request(Q.tokens, {});
      return (data.tokens ?? []).map(toToken);
    },
    async quote(req) {
      const data = await api.request(Q.quote, { input: req });
      if (data.quote === null) throw new Error('no quote');
      return toQuote(data.quote);
    },
    async submit(req) {
      const data = await api.request(Q.submit, { input: req });
      if (data.submitMarketOrder === null) throw new Error('order not accepted');
      return toOrder(data.submitMarketOrder);
    },
    async ordersPage(first, after) {
      const data = await api.request(Q.orders, { first, after });
      return {
        orders: (data.orders?.edges ?? []).flatMap((e) => (e?.node ? [toOrder(e.node)] : [])),
        endCursor: data.orders?.pageInfo?.endCursor ?? null,
        hasNextPage: data.orders?.pageInfo?.hasNextPage ?? false,
      };
    },
    async order(id) {
      const data = await api.request(Q.order, { id });
      return data.order === null ? null : toOrder(data.order);
    },
    orderUpdates(onUpdate, onError) {
      return api.subscribe(
        Q.updates,
        {},
        (data) => {
          const u = data.orderUpdates === null ? undefined : toUpdate(data.orderUpdates);
          if (u !== undefined) onUpdate(u);
        },
        onError,
      );
    },
    async executionReport() {
      const data = await api.request(Q.report, {});
      return toQuality(data.executionReport);
    },
    poolUpdates(onPools, onError) {
      return api.subscribe(Q.poolUpdates, {}, (data) => onPools((data.poolUpdates ?? []).map(toPool)), onError);
    },
  };
}
