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

// u64::MAX has 20 digits; anything longer is rejected before building a huge bigint.
const MAX_INTEGER_DIGITS = 20;

/** A decimal string taken apart: its sign, integer digits and fraction digits (no dot). */
interface Scanned {
  readonly negative: boolean;
  readonly int: string;
  readonly frac: string;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57; // '0'..'9'

/**
 * One pass over `text` (no regular expression, so no backtracking: linear in the length whatever
 * the input, a 64 KiB string included). The grammar is `-? digits ( '.' digits )?`; an exponent
 * form (`1e5`, `-1.5E-3`) is told apart so it gets its own code.
 * @throws DomainError AMOUNT_EXPONENT | AMOUNT_MALFORMED
 */
function scan(text: string): Scanned {
  const n = text.length;
  let i = 0;
  const negative = n > 0 && text.charCodeAt(0) === 45; // '-'
  if (negative) i++;
  const intStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  const intEnd = i;
  let fracStart = i;
  let fracEnd = i;
  if (i < n && text.charCodeAt(i) === 46 /* '.' */) {
    fracStart = ++i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    fracEnd = i;
    if (fracEnd === fracStart) i = -1; // a dot needs digits after it
  }
  if (i >= 0 && i < n && intEnd > intStart && (text.charCodeAt(i) | 32) === 101 /* 'e' or 'E' */) {
    let j = i + 1;
    const sign = text.charCodeAt(j);
    if (sign === 43 || sign === 45) j++; // '+' or '-'
    const expStart = j;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
    if (j === n && j > expStart) throw new DomainError('AMOUNT_EXPONENT', 'exponent notation is not accepted', { text: clip(text) });
  }
  if (i !== n || intEnd === intStart) throw new DomainError('AMOUNT_MALFORMED', 'amount is not a plain decimal number', { text: clip(text) });
  return { negative, int: text.slice(intStart, intEnd), frac: text.slice(fracStart, fracEnd) };
}

/** Error details keep at most this much of the text: an error must not echo 64 KiB back. */
function clip(text: string): string {
  return text.length <= 64 ? text : `${text.slice(0, 61)}...`;
}

/** `digits` without its trailing zeros, by index (linear). */
function trimTrailingZeros(digits: string): string {
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
  return digits.slice(0, end);
}

/** `digits` without its leading zeros, by index (linear). */
function trimLeadingZeros(digits: string): string {
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 48) start++;
  return digits.slice(start);
}

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
  const scanned = scan(text);
  if (scanned.negative) throw new DomainError('AMOUNT_NEGATIVE', 'amount must be positive', { text: clip(text) });

  const frac = trimTrailingZeros(scanned.frac);
  const intTrimmed = trimLeadingZeros(scanned.int);
  if (intTrimmed === '' && frac === '') throw new DomainError('AMOUNT_ZERO', 'amount must be greater than zero', { text: clip(text) });
  if (frac.length > decimals) {
    throw new DomainError('AMOUNT_TOO_PRECISE', `at most ${decimals} decimal places`, { text: clip(text), decimals });
  }
  if (intTrimmed.length > MAX_INTEGER_DIGITS) {
    throw new DomainError('AMOUNT_TOO_LARGE', 'amount exceeds the largest token amount', { text: clip(text) });
  }
  const atoms = BigInt((intTrimmed || '0') + frac.padEnd(decimals, '0'));
  if (atoms > MAX_TOKEN_ATOMS) {
    throw new DomainError('AMOUNT_TOO_LARGE', 'amount exceeds the largest token amount', { text: clip(text), max: MAX_TOKEN_ATOMS.toString() });
  }
  if (maxAtoms !== undefined && atoms > maxAtoms) {
    throw new DomainError('AMOUNT_TOO_LARGE', `amount exceeds the largest order size (${formatAmount(maxAtoms, decimals)})`, {
      text: clip(text),
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
  const scanned = scan(text);
  if (scanned.negative) throw new DomainError('AMOUNT_NEGATIVE', 'value must be positive', { text: clip(text) });
  const num = BigInt(scanned.int + scanned.frac);
  if (num === 0n) throw new DomainError('AMOUNT_ZERO', 'value must be greater than zero', { text: clip(text) });
  return { num, den: 10n ** BigInt(scanned.frac.length) };
}
