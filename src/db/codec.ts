/**
 * The one JSON codec for values holding bigints (routes, pools, fills, order snapshots), used for
 * SQLite columns and pub/sub messages alike. A bigint is written as its decimal string and read back
 * by field name, so amounts never pass through a JS number. Every bigint-typed field of the domain
 * and service types must be listed here (a round-trip test over the default market guards pools).
 */

const BIGINT_KEYS: ReadonlySet<string> = new Set([
  // route.ts / types.ts
  'amountIn',
  'amountOut',
  'fee',
  'amount',
  'bestSingleVenueOut',
  'quotedAmountOut',
  'minAmountOut',
  'reserveX',
  'reserveY',
  // venues/pool.ts: CPMM
  'tradeFeeRate',
  'protocolFeeRate',
  'fundFeeRate',
  'protocolFeesX',
  'protocolFeesY',
  'fundFeesX',
  'fundFeesY',
  // venues/pool.ts: DLMM
  'amountX',
  'amountY',
  'protocolFeeX',
  'protocolFeeY',
  // Ratio
  'num',
  'den',
]);

const DIGITS = /^-?\d+$/;

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function reviver(key: string, value: unknown): unknown {
  return typeof value === 'string' && BIGINT_KEYS.has(key) && DIGITS.test(value) ? BigInt(value) : value;
}

/** JSON text with every bigint as a decimal string. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** Parses text written by encodeJson, turning the known bigint fields back into bigints. */
export function decodeJson<T>(text: string): T {
  return JSON.parse(text, reviver) as T;
}
