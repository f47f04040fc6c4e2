import { DomainError } from './errors.js';
import { maxOrderAtoms, type Token } from './tokens.js';
import type { Ratio } from './venues/pool.js';

/**
 * Decimal strings exist only at the API edge; inside, amounts are bigint atoms. This file is the one
 * way in (parseAmount) and the one way out (formatAmount).
 *
 * Accepted grammar (strict on purpose, so one value has few spellings and nothing is guessed):
 *   digits [ "." digits ]          e.g. "1", "1.5", "0.000001", "007" (leading zeros are harmless)
 * Rejected as AMOUNT_MALFORMED: ".5" and "5." (a dot needs digits on both sides), "+1", "1,5",
 * "0x10", "1.2.3", and ANY leading or trailing whitespace (" 1", "1\n"): callers get an error rather
 * than a silent trim, because a stray space usually means the client built the string wrongly.
 * Trailing zeros past the token's precision are accepted ("1.50" for a 1-decimal token): the value
 * is still exact.
 */

/** Largest SPL token amount: u64::MAX atoms. */
export const MAX_TOKEN_ATOMS = 18_446_744_073_709_551_615n;

const PLAIN = /^(\d+)(?:\.(\d+))?$/;
const EXPONENT = /^-?\d+(?:\.\d+)?[eE][+-]?\d+$/;
// u64::MAX has 20 digits; anything longer is rejected before building a huge bigint.
const MAX_INTEGER_DIGITS = 20;

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 30) {
    throw new RangeError(`decimals must be an integer in 0..30, got ${decimals}`);
  }
}

/**
 * Parses a decimal string of whole tokens into atoms, exactly. `maxAtoms` (optional) is a tighter
 * cap than u64::MAX, e.g. a token's order-size limit (parseOrderAmount); u64::MAX always applies.
 * @throws DomainError AMOUNT_EMPTY | AMOUNT_MALFORMED | AMOUNT_NEGATIVE | AMOUNT_EXPONENT |
 *   AMOUNT_ZERO | AMOUNT_TOO_PRECISE | AMOUNT_TOO_LARGE (above u64::MAX atoms, or above maxAtoms;
 *   details.max is the cap in atoms) (see the grammar above).
 */
export function parseAmount(text: string, decimals: number, maxAtoms?: bigint): bigint {
  checkDecimals(decimals);
  if (text.trim() === '') throw new DomainError('AMOUNT_EMPTY', 'amount is empty');
  if (EXPONENT.test(text)) {
    throw new DomainError('AMOUNT_EXPONENT', 'exponent notation is not accepted', { text });
  }
  const negative = text.startsWith('-');
  const m = PLAIN.exec(negative ? text.slice(1) : text);
  if (m === null) throw new DomainError('AMOUNT_MALFORMED', 'amount is not a plain decimal number', { text });
  if (negative) throw new DomainError('AMOUNT_NEGATIVE', 'amount must be positive', { text });

  const intPart = m[1] ?? '';
  const fracRaw = m[2] ?? '';
  const frac = fracRaw.replace(/0+$/, '');
  const intTrimmed = intPart.replace(/^0+/, '');
  if (intTrimmed === '' && frac === '') throw new DomainError('AMOUNT_ZERO', 'amount must be greater than zero', { text });
  if (frac.length > decimals) {
    throw new DomainError('AMOUNT_TOO_PRECISE', `at most ${decimals} decimal places`, { text, decimals });
  }
  if (intTrimmed.length > MAX_INTEGER_DIGITS) {
    throw new DomainError('AMOUNT_TOO_LARGE', 'amount exceeds the largest token amount', { text });
  }
  const atoms = BigInt((intTrimmed || '0') + frac.padEnd(decimals, '0'));
  if (atoms > MAX_TOKEN_ATOMS) {
    throw new DomainError('AMOUNT_TOO_LARGE', 'amount exceeds the largest token amount', { text, max: MAX_TOKEN_ATOMS.toString() });
  }
  if (maxAtoms !== undefined && atoms > maxAtoms) {
    throw new DomainError('AMOUNT_TOO_LARGE', `amount exceeds the largest order size (${formatAmount(maxAtoms, decimals)})`, {
      text,
      max: maxAtoms.toString(),
    });
  }
  return atoms;
}

/**
 * Parses an ORDER amount of `token`: parseAmount with the token's order-size limit
 * (tokens.ts maxOrderAtoms: about its total supply, rounded up to a power of ten).
 * @throws DomainError as parseAmount; AMOUNT_TOO_LARGE above the token's limit (details.max, atoms)
 */
export function parseOrderAmount(text: string, token: Token): bigint {
  return parseAmount(text, token.decimals, maxOrderAtoms(token));
}

/**
 * Formats atoms as a canonical decimal string of whole tokens: no trailing zeros, no trailing dot
 * ("1.5", "2", "0.000001"). Negative values are allowed (balance deltas) and keep their sign.
 */
export function formatAmount(atoms: bigint, decimals: number): string {
  checkDecimals(decimals);
  const negative = atoms < 0n;
  const digits = (negative ? -atoms : atoms).toString();
  const sign = negative ? '-' : '';
  if (decimals === 0) return sign + digits;
  const padded = digits.padStart(decimals + 1, '0');
  const point = padded.length - decimals;
  // Trailing zeros of the fraction dropped by index, not a regex: every amount on the API passes here.
  let end = padded.length;
  while (end > point && padded.charCodeAt(end - 1) === 48 /* '0' */) end--;
  const int = padded.slice(0, point);
  return sign + (end === point ? int : `${int}.${padded.slice(point, end)}`);
}

/**
 * Parses a positive decimal string (same grammar as parseAmount, any precision) into an exact
 * ratio, for prices given as text ("150.25"). Not for amounts: use parseAmount.
 * @throws DomainError with the same codes as parseAmount (bar TOO_PRECISE / TOO_LARGE).
 */
export function parseDecimalRatio(text: string): Ratio {
  if (text.trim() === '') throw new DomainError('AMOUNT_EMPTY', 'value is empty');
  if (EXPONENT.test(text)) throw new DomainError('AMOUNT_EXPONENT', 'exponent notation is not accepted', { text });
  if (text.startsWith('-') && PLAIN.test(text.slice(1))) {
    throw new DomainError('AMOUNT_NEGATIVE', 'value must be positive', { text });
  }
  const m = PLAIN.exec(text);
  if (m === null) throw new DomainError('AMOUNT_MALFORMED', 'value is not a plain decimal number', { text });
  const frac = m[2] ?? '';
  const num = BigInt((m[1] ?? '0') + frac);
  if (num === 0n) throw new DomainError('AMOUNT_ZERO', 'value must be greater than zero', { text });
  return { num, den: 10n ** BigInt(frac.length) };
}
