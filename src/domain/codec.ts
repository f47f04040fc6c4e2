/**
 * The one JSON codec for values holding bigints (routes, pools, fills, order snapshots), used for
 * SQLite columns and pub/sub messages alike. A bigint is written as its decimal string and read back
 * by field name, so amounts never pass through a JS number. Every bigint-typed field of the domain
 * and service types must be listed here (a round-trip test over the default market guards pools).
 */

import type { Pool } from './venues/pool.js';

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
  // conditional/types.ts
  'triggerAtoms',
  'minLiquidity',
  // Ratio
  'num',
  'den',
]);

const DIGITS = /^-?\d+$/;

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** JSON text with every bigint as a decimal string. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/**
 * A pool's state as encodeJson writes it, built by hand for a DLMM pool's bins: the replacer,
 * called for every key of every bin, made a 140-bin pool cost ~6× more to write (every fill
 * writes the pools it moved).
 */
export function encodePool(pool: Pool): string {
  if (pool.kind !== 'DLMM') return encodeJson(pool);
  let bins = '';
  for (const b of pool.bins) bins += `${bins === '' ? '' : ','}{"id":${b.id},"amountX":"${b.amountX}","amountY":"${b.amountY}"}`;
  const rest = encodeJson({ ...pool, bins: undefined }); // undefined: left out, as JSON does
  return `${rest.slice(0, -1)}${rest.length > 2 ? ',' : ''}"bins":[${bins}]}`;
}

/** Turns the known bigint fields of parsed JSON back into bigints, in place. */
function revive(value: object): void {
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (item !== null && typeof item === 'object') revive(item);
    return;
  }
  const o = value as Record<string, unknown>;
  for (const key in o) {
    const v = o[key];
    if (typeof v === 'string') {
      if (BIGINT_KEYS.has(key) && DIGITS.test(v)) o[key] = BigInt(v);
    } else if (v !== null && typeof v === 'object') revive(v);
  }
}

/**
 * Parses text written by encodeJson, turning the known bigint fields back into bigints. A plain
 * parse and then one walk: a JSON.parse reviver is a call from C++ into JS for every value, ~3×
 * slower on a pool's bins.
 */
export function decodeJson<T>(text: string): T {
  const value: unknown = JSON.parse(text);
  if (value !== null && typeof value === 'object') revive(value);
  return value as T;
}
