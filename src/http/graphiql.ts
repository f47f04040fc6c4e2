/**
 * GraphiQL on GET /graphql, from the assets bundled in @graphql-yoga/render-graphiql (yoga's own page
 * loads them from a CDN, so offline it never leaves "Loading…"). The page is about 9 MB of inline
 * script: it is rendered, hashed and gzipped once per set of options and then served from memory
 * with an ETag, so a reload costs a 304.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { GraphiQLOptions } from 'graphql-yoga';
import { graphiqlCsp, PAGE_HEADERS } from './security-headers.js';

const gzipAsync = promisify(gzip);

const DEFAULT_QUERY = `# Try a quote, then submit it and watch it in a second tab with orderUpdates.
query Quote {
  quote(input: { tokenIn: "SOL", tokenOut: "USDC", amountIn: "1.5" }) {
    amountOut
    minAmountOut
    priceImpactBps
    savingsBps
    route { kind legs { venue amountIn amountOut shareBps } alternatives { venue amountOut } }
  }
}
`;

/** What the API serves. Headers typed into GraphiQL stay in the tab (never persisted to storage). */
export const GRAPHIQL_OPTIONS: GraphiQLOptions = Object.freeze({
  title: 'Solana order engine',
  subscriptionsProtocol: 'WS',
  defaultQuery: DEFAULT_QUERY,
  shouldPersistHeaders: false,
});

export interface GraphiQLPage {
  readonly html: Buffer;
  readonly gzipped: Buffer;
  readonly etag: string;
  readonly csp: string;
}

/** The text of every inline <script> (the page's CSP admits exactly these, by hash). */
export function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  for (let at = html.indexOf('<script>'); at !== -1; at = html.indexOf('<script>', at)) {
    const start = at + '<script>'.length;
    const end = html.indexOf('</script>', start);
    if (end === -1) throw new Error('GraphiQL page has an unterminated <script>');
    scripts.push(html.slice(start, end));
    at = end;
  }
  if (scripts.length === 0) throw new Error('GraphiQL page has no inline <script> to hash');
  return scripts;
}

async function render(options: GraphiQLOptions): Promise<GraphiQLPage> {
  // Imported on first use: a server that never serves GraphiQL never parses its 9 MB module.
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  const text = renderGraphiQL(options);
  const hashes = inlineScripts(text).map((s) => createHash('sha256').update(s, 'utf8').digest('base64'));
  const html = Buffer.from(text, 'utf8');
  return {
    html,
    gzipped: await gzipAsync(html),
    etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 32)}"`,
    csp: graphiqlCsp(hashes),
  };
}

const pages = new Map<string, Promise<GraphiQLPage>>();

/** The page for these options, rendered on the first call for them (a failed render is retried). */
export function graphiqlPage(options: GraphiQLOptions = GRAPHIQL_OPTIONS): Promise<GraphiQLPage> {
  const key = JSON.stringify(options);
  let page = pages.get(key);
  if (page === undefined) {
    page = render(options);
    page.catch(() => pages.delete(key));
    pages.set(key, page);
  }
  return page;
}

/** A browser navigating to the endpoint (yoga's own test: a GET that accepts HTML). */
export function wantsGraphiQL(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html');
}

function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    return coding?.trim().toLowerCase() === 'gzip' && !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p));
  });
}

export async function serveGraphiQL(req: IncomingMessage, res: ServerResponse, options?: GraphiQLOptions): Promise<void> {
  const page = await graphiqlPage(options);
  for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', page.csp);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Vary', 'Accept-Encoding');
  // A strong ETag names one representation: the gzipped body has its own.
  const gzipped = acceptsGzip(req);
  const etag = gzipped ? `${page.etag.slice(0, -1)}-gzip"` : page.etag;
  res.setHeader('ETag', etag);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304).end();
    return;
  }
  const body = gzipped ? page.gzipped : page.html;
  if (gzipped) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Length', body.length);
  res.writeHead(200);
  res.end(req.method === 'HEAD' ? undefined : body);
}
