import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves files under `root` for GET/HEAD; index.html for directories. Paths are decoded, resolved and
 * required to stay inside root (no traversal, no dotfiles). Assets are not content-hashed, so every
 * response is `no-cache` with an ETag: browsers revalidate cheaply and never run a stale dashboard.
 * Returns false when nothing matched, so the caller answers 404. `headers` go on every file served
 * (the page's CSP).
 */
export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Readonly<Record<string, string>> = {},
): Promise<boolean> {
  const base = resolve(root);
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return false; // malformed percent-encoding
  }
  if (pathname.includes('\0') || pathname.split('/').some((part) => part.startsWith('.') && part !== '')) return false;
  let file = resolve(base, `.${pathname}`);
  if (file !== base && !file.startsWith(base + sep)) return false;

  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    file = resolve(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (info === undefined || !info.isFile()) return false;

  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  res.setHeader('Content-Type', CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('ETag', etag);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304).end();
    return true;
  }
  res.setHeader('Content-Length', info.size);
  if (req.method === 'HEAD') {
    res.writeHead(200).end();
    return true;
  }
  res.writeHead(200);
  await new Promise<void>((done) => {
    createReadStream(file)
      .on('error', () => {
        res.destroy();
        done();
      })
      .on('end', done)
      .pipe(res);
  });
  return true;
}
