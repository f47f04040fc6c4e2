/**
 * API keys as the page meets them: typed or pasted into the key form, or in the `#key=` fragment of
 * the link `npm start` prints. The page checks a key's shape before sending it anywhere, so a typo
 * is named at once and a stray paste (a password, a note) never reaches the server. No DOM here.
 */

/** The server's shape (src/services/api-keys.ts): `oee_` + 8 base32 characters, `_`, 43 base64url. */
const KEY_SHAPE = /^oee_[0-9a-hjkmnp-tv-z]{8}_[A-Za-z0-9_-]{43}$/;
/** What a key form accepts at most: a whole printed link with a key in it is well under this. */
const MAX_INPUT = 2048;

export const KEY_SHAPE_HINT = 'a key looks like oee_ followed by 8 characters, an underscore and 43 more';

export type KeyInput = { readonly ok: true; readonly key: string } | { readonly ok: false; readonly error: string };

export function isWellFormedKey(key: string): boolean {
  return KEY_SHAPE.test(key);
}

/** The public start of a key (`oee_xxxxxxxx`): what the page shows of it. */
export function keyPrefix(key: string): string {
  return key.slice(0, 12);
}

/**
 * What the key form was given: a bare key, or the whole dashboard link (`…/#key=<key>`), since that
 * is what `npm start` prints and what is easiest to copy. The error never repeats the input: it may
 * be a secret pasted by mistake.
 */
export function parseKeyInput(text: string): KeyInput {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Paste an API key first.' };
  if (trimmed.length > MAX_INPUT) return { ok: false, error: `That is not an API key: ${KEY_SHAPE_HINT}.` };
  const hash = trimmed.indexOf('#');
  const candidate = hash === -1 ? trimmed : (fragmentKey(trimmed.slice(hash)) ?? '');
  if (isWellFormedKey(candidate)) return { ok: true, key: candidate };
  return { ok: false, error: `That is not an API key: ${KEY_SHAPE_HINT}.` };
}

/** The `key` parameter of a fragment (`#key=…&…`); undefined when there is none. */
export function fragmentKey(hash: string): string | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('key');
  return value === null ? undefined : value.trim();
}

/** The fragment without its `key` parameter ('' when nothing else was in it). */
export function fragmentWithoutKey(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.delete('key');
  const rest = params.toString();
  return rest === '' ? '' : `#${rest}`;
}
