/** Intents as API calls: one typed mutation per intent type, and cancel. */
import {
  CancelOrderDocument,
  SubmitLimitOrderDocument,
  SubmitMarketOrderDocument,
  SubmitStopOrderDocument,
  type OrderFieldsFragment,
} from '../client/graphql.js';
import type { Intent } from '../domain/strategy/types.js';
import type { Api } from './api.js';

export type LiveOrder = OrderFieldsFragment;

/**
 * Submits `intent` under `clientOrderId` (the API's idempotency key: the same call again returns
 * the same order). `expiresAt` is fixed by the caller once per intent, for the same reason.
 * @throws ApiError (a refusal) | TransientError (may be repeated)
 */
export async function submitIntent(api: Api, intent: Intent, clientOrderId: string, expiresAt: string | undefined): Promise<LiveOrder> {
  const { tokenIn, tokenOut, amountIn } = intent;
  // Absent stays absent (the API's default applies, as the backtest's does), never an explicit null.
  const expiry = expiresAt === undefined ? {} : { expiresAt };
  switch (intent.type) {
    case 'MARKET':
      return (await api.request(SubmitMarketOrderDocument, { input: { tokenIn, tokenOut, amountIn, ...(intent.slippageBps === undefined ? {} : { slippageBps: intent.slippageBps }), clientOrderId } })).submitMarketOrder;
    case 'LIMIT':
      return (await api.request(SubmitLimitOrderDocument, { input: { tokenIn, tokenOut, amountIn, limitPrice: intent.limitPrice, ...expiry, clientOrderId } })).submitLimitOrder;
    case 'STOP':
      return (
        await api.request(SubmitStopOrderDocument, {
          input: { tokenIn, tokenOut, amountIn, stopPrice: intent.stopPrice, slippageBps: intent.slippageBps, ...expiry, clientOrderId },
        })
      ).submitStopOrder;
  }
}

/** @throws ApiError NOT_CANCELLABLE | NOT_FOUND … | TransientError */
export async function cancelOrder(api: Api, orderId: string): Promise<LiveOrder> {
  return (await api.request(CancelOrderDocument, { id: orderId })).cancelOrder;
}
