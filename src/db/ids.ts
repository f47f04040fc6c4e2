/**
 * Order ids: ULID-shaped (26 Crockford base32 chars, 48-bit ms timestamp then 80 random bits), so
 * they sort by creation time and never collide across processes. Not from the seeded Rng on
 * purpose: two processes started with the same seed must still mint distinct ids.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newOrderId(nowMs: number): string {
  let time = '';
  let t = Math.max(0, Math.floor(nowMs));
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32];
  return time + rand;
}
