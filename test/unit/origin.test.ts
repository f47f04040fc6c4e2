/** The Origin rule on its own: what counts as the request's own origin, and what the list adds. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createOriginCheck, isSameOrigin } from '../../src/http/origin.js';

function request(host: string | undefined, opts: { origin?: string; tls?: boolean } = {}): IncomingMessage {
  const headers: Record<string, string> = {};
  if (host !== undefined) headers['host'] = host;
  if (opts.origin !== undefined) headers['origin'] = opts.origin;
  return { headers, socket: { encrypted: opts.tls === true } } as unknown as IncomingMessage;
}

describe('isSameOrigin', () => {
  it.each([
    ['http://127.0.0.1:4000', '127.0.0.1:4000', false, true],
    ['http://example.com', 'Example.COM:80', false, true], // browsers lower-case and drop the default port
    ['https://example.com', 'example.com:443', true, true],
    ['https://example.com', 'example.com', false, false], // TLS ended before us: the list's job
    ['http://example.com:8080', 'example.com:4000', false, false],
    ['http://localhost:4000', '127.0.0.1:4000', false, false],
    ['null', '127.0.0.1:4000', false, false],
    ['http://127.0.0.1:4000', undefined, false, false],
    ['http://127.0.0.1:4000', 'bad host/', false, false],
  ])('Origin %s, Host %s (TLS %s): %s', (origin, host, tls, same) => {
    expect(isSameOrigin(origin, request(host, { tls }))).toBe(same);
  });
});

describe('createOriginCheck', () => {
  const check = createOriginCheck(['https://app.example']);

  it('lets through requests with no Origin (not a web page), its own origin and listed ones', () => {
    expect(check(request('api.example'))).toBe(true);
    expect(check(request('api.example', { origin: 'http://api.example' }))).toBe(true);
    expect(check(request('api.example', { origin: 'https://app.example' }))).toBe(true);
  });

  it('refuses everything else, by exact origin', () => {
    for (const origin of ['https://app.example:444', 'http://app.example', 'https://sub.app.example', 'https://evil.example', '']) {
      expect(check(request('api.example', { origin })), origin).toBe(false);
    }
  });
});
