/**
 * The Backend the panels use, over the typed documents generated from schema/operations. The
 * documents are printed once at load: the server receives exactly the operations in the repository.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import {
  CancelOrderDocument,
  OrderBookUpdatesDocument,
  ExecutionReportDocument,
  OrderDocument,
  OrderUpdatesDocument,
  OrdersDocument,
  PoolUpdatesDocument,
  QuoteDocument,
  SubmitLimitOrderDocument,
  SubmitMarketOrderDocument,
  SubmitSniperOrderDocument,
  SubmitStopOrderDocument,
  TokensDocument,
  ViewerDocument,
} from '../../src/client/graphql.js';
import type { Backend, ConditionalRequest } from '../backend-contract.js';
import type { OrderInfo } from '../model.js';
import { toOrder, toOrderBook, toPool, toQuality, toQuote, toToken, toUpdate, toViewer } from './adapt.js';
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
  limit: op(SubmitLimitOrderDocument),
  stop: op(SubmitStopOrderDocument),
  sniper: op(SubmitSniperOrderDocument),
  cancel: op(CancelOrderDocument),
  book: op(OrderBookUpdatesDocument),
  report: op(ExecutionReportDocument),
};

/** Each resting type through its own mutation; `type` is the page's switch, not an input field. */
async function submitConditional(api: Api, req: ConditionalRequest): Promise<OrderInfo> {
  const common = { tokenIn: req.tokenIn, tokenOut: req.tokenOut, amountIn: req.amountIn, clientOrderId: req.clientOrderId, expiresAt: req.expiresAt ?? null };
  switch (req.type) {
    case 'LIMIT':
      return toOrder((await api.request(Q.limit, { input: { ...common, limitPrice: req.limitPrice } })).submitLimitOrder);
    case 'STOP':
      return toOrder((await api.request(Q.stop, { input: { ...common, stopPrice: req.stopPrice, slippageBps: req.slippageBps } })).submitStopOrder);
    case 'SNIPER': {
      const input = { ...common, minLiquidity: req.minLiquidity, maxPriceImpactBps: req.maxPriceImpactBps, slippageBps: req.slippageBps };
      return toOrder((await api.request(Q.sniper, { input })).submitSniperOrder);
    }
  }
}

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
    submitConditional: (req) => submitConditional(api, req),
    async cancel(id) {
      return toOrder((await api.request(Q.cancel, { id })).cancelOrder);
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
    orderBookUpdates(base, quote, levels, onBook, onError) {
      return api.subscribe(Q.book, { base, quote, levels }, (data) => onBook(toOrderBook(data.orderBookUpdates)), onError);
    },
  };
}
