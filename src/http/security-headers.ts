/**
 * Response headers that keep browsers from misusing what we serve. Every response gets BASE_HEADERS;
 * the two HTML pages (the dashboard in static/ and GraphiQL) add PAGE_HEADERS and replace the CSP
 * with their own. HSTS is left to the TLS-terminating proxy: this server speaks plain HTTP.
 */
import type { ServerResponse } from 'node:http';

/** Directives both pages share: no <base> rewriting, no plugins, no form posts, never framed. */
const PAGE_LOCKDOWN = ["base-uri 'none'", "object-src 'none'", "form-action 'none'", "frame-ancestors 'none'"];

/**
 * Every response: the type we declare is the type (no sniffing a JSON answer into HTML), never framed
 * (clickjacking; X-Frame-Options for browsers without CSP 3), not loadable by another site's
 * <script>/<img> (CORP), and a CSP under which a response opened as a document can run and load
 * nothing. Only these four: they cost every GraphQL request a few microseconds.
 */
export const BASE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
});

/**
 * What only matters to documents: links and requests from our pages carry no Referer (a dashboard
 * URL leaks nothing onward), and a window another site opens gets no handle on ours.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
});

const BASE_ENTRIES = Object.entries(BASE_HEADERS);

export function applyBaseHeaders(res: ServerResponse): void {
  for (const [name, value] of BASE_ENTRIES) res.setHeader(name, value);
}

/**
 * The dashboard (static/): its bundled script and stylesheet from our origin and nothing inline.
 * connect-src 'self' admits the page's graphql-ws socket to the same host (CSP 3 extends 'self' to
 * ws: and wss:). data: images: the page's empty favicon.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  ...PAGE_LOCKDOWN,
].join('; ');

/**
 * GraphiQL: its one inline script admitted by hash (anything else inline, injected or not, is
 * refused; no eval), its editor workers created from blob: URLs, its requests (HTTP and graphql-ws)
 * to our origin only. Styles must be 'unsafe-inline': the editor injects <style> elements and style
 * attributes at run time, which no hash can name; styles cannot run code.
 */
export function graphiqlCsp(scriptHashes: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scriptHashes.map((h) => `'sha256-${h}'`).join(' ')}`,
    "style-src 'unsafe-inline'",
    // Its favicon, icon font and fonts are data: URLs inside the page.
    'img-src data:',
    'font-src data:',
    "connect-src 'self'",
    'worker-src blob:',
    ...PAGE_LOCKDOWN,
  ].join('; ');
}
