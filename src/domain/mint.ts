import { fieldError } from './errors.js';

/**
 * Solana mints are ed25519 public keys written in base58 (Bitcoin alphabet): 32 bytes, which take
 * 32 to 44 characters. A launch or a sniper order names a mint no pool may list yet, so the key's
 * shape is all that can be checked.
 */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** Digit value per char code, −1 outside the alphabet (0, O, I and l are not base58). */
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

const KEY_BYTES = 32;
/** 32 bytes of zeros encode as 32 '1's; 2^256 − 1 needs 44 digits. */
const MIN_CHARS = 32;
const MAX_CHARS = 44;

/**
 * The bytes `text` decodes to, or undefined when it is not base58. Only called on at most
 * MAX_CHARS characters, so the schoolbook base conversion (quadratic in the length) is bounded by
 * a constant: the whole check is linear in the input, whatever its size.
 */
function decode(text: string): Uint8Array | undefined {
  let zeros = 0;
  while (zeros < text.length && text.charCodeAt(zeros) === 49 /* '1' */) zeros++;
  // Big-endian base-256 digits of the number, built by b = b·58 + digit.
  const bytes = new Uint8Array(MAX_CHARS);
  let length = 0;
  for (let i = zeros; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let carry = c < 128 ? DIGIT[c]! : -1;
    if (carry < 0) return undefined;
    for (let j = 0; j < length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes[length++] = carry & 0xff;
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + length);
  for (let j = 0; j < length; j++) out[zeros + j] = bytes[length - 1 - j]!;
  return out;
}

/** True when `text` is a base58 string of exactly 32 bytes (a well-formed public key). */
export function isValidMint(text: unknown): text is string {
  if (typeof text !== 'string' || text.length < MIN_CHARS || text.length > MAX_CHARS) return false;
  return decode(text)?.length === KEY_BYTES;
}

/**
 * Returns `text` when it is a well-formed mint.
 * @throws DomainError INVALID_MINT naming `field`
 */
export function requireMint(text: unknown, field: string): string {
  if (!isValidMint(text)) {
    const shown = typeof text === 'string' ? text.slice(0, 64) : typeof text;
    throw fieldError('INVALID_MINT', field, 'must be a base58 public key of 32 bytes (32 to 44 characters)', { value: shown });
  }
  return text;
}
