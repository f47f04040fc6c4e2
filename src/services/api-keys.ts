/**
 * API keys: `oee_<8 chars>_<43 chars>`. The first part is a public prefix (it finds the row and is
 * what listings show); the rest is 32 random bytes (base64url). Only the SHA-256 of the whole key is
 * stored: a 256-bit random secret cannot be guessed, so a slow password hash would add nothing.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** Anchored, fixed-width character classes: linear in the input, whatever it is. */
const KEY = /^(oee_[0-9a-hjkmnp-tv-z]{8})_[A-Za-z0-9_-]{43}$/;
const MAX_KEY_LENGTH = 64;

export interface NewKey {
  /** The whole key: shown to its owner once, never stored. */
  readonly key: string;
  readonly prefix: string;
  readonly hash: string;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A fresh random key. */
export function generateKey(): NewKey {
  const bytes = randomBytes(8);
  let id = '';
  for (const b of bytes) id += ALPHABET[b % 32];
  const prefix = `oee_${id}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashKey(key) };
}

/** The prefix of a well-formed key, or undefined (anything else is not a key of ours). */
export function keyPrefix(key: string): string | undefined {
  if (key.length > MAX_KEY_LENGTH) return undefined;
  return KEY.exec(key)?.[1];
}

/** Constant-time comparison of a presented key against a stored hash. */
export function keyMatches(key: string, hash: string): boolean {
  const a = Buffer.from(hashKey(key), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The key in an `Authorization: Bearer <key>` value (HTTP header or graphql-ws connectionParams);
 * undefined for anything else, including a missing value.
 */
export function bearerKey(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_KEY_LENGTH + 16) return undefined;
  const m = /^Bearer[ \t]+(\S+)$/i.exec(value);
  return m?.[1];
}
