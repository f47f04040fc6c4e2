/**
 * Which browser pages may act on this server. A browser stamps every WebSocket handshake and every
 * cross-origin (and same-origin) POST with the page's Origin, and no page script can forge it, so
 * refusing foreign origins stops another site from driving a visitor's browser against the API
 * (cross-site WebSocket hijacking, forged POSTs). Requests without an Origin do not come from a web
 * page (curl, SDKs, the bench, workers): they are let through here and authenticate by key.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { CORSOptions } from 'graphql-yoga';
import { CSRF_HEADER } from '../graphql/csrf.js';

export const ORIGIN_NOT_ALLOWED = 'ORIGIN_NOT_ALLOWED';
export const ORIGIN_NOT_ALLOWED_MESSAGE = "This page's origin may not use the API: only the server's own origin and ALLOWED_ORIGINS may.";

/** The origin the request was addressed to: our scheme (TLS or not) and its Host header. */
function addressedOrigin(req: IncomingMessage): string | undefined {
  const host = req.headers.host;
  if (host === undefined || host === '') return undefined;
  const scheme = (req.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http';
  return `${scheme}://${host}`;
}

/**
 * True when Origin's scheme, host and port equal those the request was addressed to. Behind a proxy
 * that terminates TLS the page is https and we see http: list the public origin in ALLOWED_ORIGINS.
 */
export function isSameOrigin(origin: string, req: IncomingMessage): boolean {
  const addressed = addressedOrigin(req);
  if (addressed === undefined) return false;
  if (origin === addressed) return true; // the usual case, with no parsing
  // Host may carry upper case or the scheme's default port; URL normalises both as browsers do.
  return URL.canParse(addressed) && new URL(addressed).origin === origin;
}

/** `check(req)` is false only for a request carrying an Origin that is neither ours nor listed. */
export function createOriginCheck(allowedOrigins: readonly string[]): (req: IncomingMessage) => boolean {
  const allowed = new Set(allowedOrigins);
  return (req) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    return allowed.has(origin) || isSameOrigin(origin, req);
  };
}

/**
 * CORS for the listed origins only, so a page there can read what it POSTs (the browser preflights
 * JSON and Authorization); every other cross-origin caller gets no CORS headers and reads nothing.
 * No credentials: callers authenticate with a key in a header, never with cookies.
 */
export function corsFor(allowedOrigins: readonly string[]): false | ((request: Request) => CORSOptions) {
  if (allowedOrigins.length === 0) return false;
  const allowed = new Set(allowedOrigins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'authorization', CSRF_HEADER],
      credentials: false,
      maxAge: 600,
    };
  };
}
