/**
 * What each order type asks of the ticket and how its fields become a request. Pure: the ticket
 * panel reads the inputs and shows the result. Prices and amounts go to the server as typed (it owns
 * decimals and ranges, and answers with the field); only what GraphQL cannot carry as typed is
 * checked here: an Int that is not one would go out as a variables error naming no field, and an
 * expiry the browser cannot read as a time has no ISO form to send.
 */
import type { ConditionalRequest } from './backend-contract.js';
import type { OrderType } from './model.js';
import type { Field } from './panels/field-errors.js';
import type { FormInput } from './ticket-input.js';

/** The fields beyond pair and amount each type shows. */
export const TYPE_FIELDS: Readonly<Record<OrderType, readonly Field[]>> = {
  MARKET: ['slippageBps'],
  LIMIT: ['limitPrice', 'expiresAt'],
  STOP: ['stopPrice', 'slippageBps', 'expiresAt'],
  SNIPER: ['tokenOutMint', 'minLiquidity', 'maxPriceImpactBps', 'slippageBps', 'expiresAt'],
};

export const TYPE_LABEL: Readonly<Record<OrderType, string>> = { MARKET: 'Market', LIMIT: 'Limit', STOP: 'Stop', SNIPER: 'Sniper' };

/** The submit button's text: "Submit market order" stays as it always was. */
export function submitLabel(type: OrderType): string {
  return type === 'MARKET' ? 'Submit market order' : `Place ${type.toLowerCase()} order`;
}

/** The conditional fields as typed. */
export interface ConditionInput {
  readonly limitPrice: string;
  readonly stopPrice: string;
  readonly minLiquidity: string;
  readonly maxPriceImpactBps: string;
  /** A datetime-local value (the trader's local time), or '' for good until cancelled. */
  readonly expiresAt: string;
  /** SNIPER: a mint no pool lists yet, bought instead of the selected tokenOut when given. */
  readonly tokenOutMint: string;
}

export type BuildResult = { readonly ok: true; readonly request: ConditionalRequest } | { readonly ok: false; readonly errors: ReadonlyMap<Field, string> };

/** datetime-local text as an ISO instant; undefined when empty, null when unreadable. */
export function expiryIso(local: string): string | undefined | null {
  const t = local.trim();
  if (t === '') return undefined;
  const ms = new Date(t).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A request for `type` (not MARKET: that one has its own path), or the fields the page refuses. */
export function buildConditional(type: Exclude<OrderType, 'MARKET'>, form: FormInput, c: ConditionInput, clientOrderId: string): BuildResult {
  const errors = new Map<Field, string>();
  const expiry = expiryIso(c.expiresAt);
  if (expiry === null) errors.set('expiresAt', 'Enter a date and time, or leave it empty for good until cancelled.');
  if (type !== 'LIMIT' && !form.slippage.ok) errors.set('slippageBps', form.slippage.error);
  const impact = c.maxPriceImpactBps.trim();
  if (type === 'SNIPER' && !/^\d{1,5}$/.test(impact)) errors.set('maxPriceImpactBps', 'Price impact must be a whole number of bps (1 to 10,000).');
  if (errors.size > 0) return { ok: false, errors };
  const base = { tokenIn: form.tokenIn, tokenOut: form.tokenOut, amountIn: form.amountIn, clientOrderId, ...(expiry === undefined || expiry === null ? {} : { expiresAt: expiry }) };
  const slippageBps = form.slippage.ok ? form.slippage.bps : 0;
  switch (type) {
    case 'LIMIT':
      return { ok: true, request: { ...base, type, limitPrice: c.limitPrice.trim() } };
    case 'STOP':
      return { ok: true, request: { ...base, type, stopPrice: c.stopPrice.trim(), slippageBps } };
    case 'SNIPER':
      return { ok: true, request: { ...base, type, tokenOut: c.tokenOutMint.trim() || form.tokenOut, minLiquidity: c.minLiquidity.trim(), maxPriceImpactBps: Number(impact), slippageBps } };
  }
}
