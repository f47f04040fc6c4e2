/**
 * The dashboard's reading of API keys (web/session/api-key.ts): what the key form accepts, and how
 * a key is taken out of a link's fragment. The shape must match the server's (src/services/api-keys.ts),
 * so keys the server generates are the reference.
 */
import { describe, expect, it } from 'vitest';
import { generateKey } from '../../src/services/api-keys.js';
import { fragmentKey, fragmentWithoutKey, isWellFormedKey, keyPrefix, parseKeyInput } from '../../web/session/api-key.js';

describe('dashboard API key input', () => {
  it('accepts every key the server makes, bare or inside the printed dashboard link', () => {
    for (let i = 0; i < 200; i++) {
      const { key, prefix } = generateKey();
      expect(isWellFormedKey(key)).toBe(true);
      expect(keyPrefix(key)).toBe(prefix);
      expect(parseKeyInput(`  ${key}\n`)).toEqual({ ok: true, key });
      expect(parseKeyInput(`Dashboard: http://127.0.0.1:4000/#key=${key}`)).toEqual({ ok: true, key });
    }
  });

  it('refuses anything else without repeating it', () => {
    const { key } = generateKey();
    const bad = ['', '   ', key.slice(0, -1), `${key}x`, key.replace('oee_', 'oex_'), `${key.slice(0, 4)}ILOU${key.slice(8)}`, 'http://127.0.0.1:4000/#key=', 'x'.repeat(5000), `Bearer ${key}`];
    for (const text of bad) {
      const parsed = parseKeyInput(text);
      expect(parsed.ok, text.slice(0, 80)).toBe(false);
      if (!parsed.ok && text.trim() !== '') expect(parsed.error).not.toContain(text.trim().slice(0, 20));
    }
    expect(parseKeyInput('')).toEqual({ ok: false, error: 'Paste an API key first.' });
  });

  it('takes the key out of a fragment and keeps whatever else it held', () => {
    const { key } = generateKey();
    expect(fragmentKey(`#key=${key}`)).toBe(key);
    expect(fragmentKey('#other=1')).toBeUndefined();
    expect(fragmentKey('')).toBeUndefined();
    expect(fragmentWithoutKey(`#key=${key}`)).toBe('');
    expect(fragmentWithoutKey(`#key=${key}&view=blotter`)).toBe('#view=blotter');
    expect(fragmentWithoutKey('#view=blotter')).toBe('#view=blotter');
  });
});
