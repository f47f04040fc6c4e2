/**
 * Conditional orders as the API receives them, turned into the domain's validated orders: the
 * domain checks every field (conditional/validate.ts); this adds the API's own edges (the ISO
 * expiresAt text, clientOrderId) and names each rejection's field for the client.
 */
import { parseConditionalOrder, type ConditionalInput } from '../domain/conditional/validate.js';
import type { ConditionalOrder } from '../domain/conditional/types.js';
import { encodeJson } from '../domain/codec.js';
import { isDomainError } from '../domain/errors.js';
import type { MarketState } from '../domain/market/market.js';
import { InputError, inputErrorFrom } from './errors.js';

/** An ISO-8601 instant with a zone, e.g. 2026-12-24T18:00:00Z or 2026-12-24T18:00:00.000+01:00. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * expiresAt as ms since the epoch (undefined when absent). Its range (future, at most 30 days) is the
 * domain's check; the shape is this one's.
 * @throws InputError EXPIRY_MALFORMED naming input.expiresAt
 */
export function parseExpiresAt(text: string | null | undefined): number | undefined {
  if (text === undefined || text === null) return undefined;
  const ms = typeof text === 'string' && ISO_INSTANT.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isSafeInteger(ms)) {
    throw new InputError('EXPIRY_MALFORMED', 'input.expiresAt', 'expiresAt must be an ISO-8601 instant with a zone, e.g. "2026-12-24T18:00:00Z"');
  }
  return ms;
}

/**
 * The validated domain order; every rejection an InputError naming its field.
 * @throws InputError (see conditional/validate.ts parseConditionalOrder for the codes)
 */
export function conditionalOrderFrom(input: ConditionalInput, id: string, market: Pick<MarketState, 'tokens'>, nowMs: number): ConditionalOrder {
  try {
    return parseConditionalOrder(input, id, market, nowMs);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const field = e.details['field'];
    throw inputErrorFrom(e, typeof field === 'string' ? field : undefined) ?? e;
  }
}

/** What makes two submissions the same order (the idempotency check): everything but the id. */
export function conditionKey(order: ConditionalOrder): string {
  return encodeJson({ ...order, id: undefined });
}
