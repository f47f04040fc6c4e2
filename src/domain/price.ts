import { parseDecimalRatio } from './amount.js';
import { fieldError, isDomainError } from './errors.js';
import type { Ratio } from './venues/pool.js';

/**
 * Prices given as text at the API edge (limit and stop prices, a launch's opening price): whole
 * units of one token per whole unit of another, as an exact ratio. Same grammar as amounts
 * (amount.ts: digits, optionally a dot and digits; no sign, exponent or whitespace), bounded so a
 * price stays a small exact number.
 */

/** Most digits after the point: 10^-18 of a token is below any token's atom here. */
export const MAX_PRICE_FRACTION_DIGITS = 18;
/** Most significant integer digits (10^20 units of one token for one of another is already absurd). */
export const MAX_PRICE_INTEGER_DIGITS = 20;

const SHAPE = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses a positive decimal price into an exact ratio.
 * @throws DomainError naming `field`: PRICE_MALFORMED (empty, not a plain decimal, sign, exponent,
 *   whitespace) | PRICE_OUT_OF_RANGE (zero) | PRICE_TOO_PRECISE (more than 18 decimals or 20
 *   integer digits)
 */
export function parsePrice(text: unknown, field: string): Ratio {
  if (typeof text !== 'string') throw fieldError('PRICE_MALFORMED', field, 'must be a decimal string such as "150.25"');
  const m = SHAPE.exec(text);
  if (m === null) throw fieldError('PRICE_MALFORMED', field, 'must be a plain positive decimal such as "150.25" (no sign, exponent or spaces)', { value: text.slice(0, 64) });
  const int = (m[1] ?? '').replace(/^0+/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > MAX_PRICE_FRACTION_DIGITS || int.length > MAX_PRICE_INTEGER_DIGITS) {
    throw fieldError('PRICE_TOO_PRECISE', field, `at most ${MAX_PRICE_INTEGER_DIGITS} integer digits and ${MAX_PRICE_FRACTION_DIGITS} decimals`, { value: text.slice(0, 64) });
  }
  try {
    return parseDecimalRatio(`${int || '0'}${frac === '' ? '' : `.${frac}`}`);
  } catch (e) {
    if (isDomainError(e, 'AMOUNT_ZERO')) throw fieldError('PRICE_OUT_OF_RANGE', field, 'must be greater than zero', { value: text });
    throw e;
  }
}

export type Rounding = 'up' | 'down';

/**
 * `amountIn` atoms of a token with `decimalsIn` valued at `price` (whole out per whole in), in atoms
 * of the token with `decimalsOut`: amountIn·num·10^decOut / (den·10^decIn), rounded as asked.
 * A limit's minimum rounds up (the trader never gets less than the limit), a stop's trigger level
 * rounds down (the stop fires only once the price is at or below it).
 */
export function atomsAtPrice(amountIn: bigint, price: Ratio, decimalsIn: number, decimalsOut: number, rounding: Rounding): bigint {
  const num = amountIn * price.num * 10n ** BigInt(decimalsOut);
  const den = price.den * 10n ** BigInt(decimalsIn);
  const q = num / den;
  return rounding === 'up' && q * den !== num ? q + 1n : q;
}

/**
 * A whole-token price as atoms of out per atom of in: price·10^decOut / 10^decIn, exact.
 */
export function atomRatio(price: Ratio, decimalsIn: number, decimalsOut: number): Ratio {
  return { num: price.num * 10n ** BigInt(decimalsOut), den: price.den * 10n ** BigInt(decimalsIn) };
}
