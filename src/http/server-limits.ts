import { createServer, type RequestListener, type Server } from 'node:http';
import type { Config } from '../config.js';

export type ServerLimits = Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'maxConnections'>;

/**
 * An HTTP server that bounds what one client can hold (the values and their reasons: src/config.ts).
 * - headersTimeoutMs: a client that connects and sends nothing, or trickles a header block (slowloris),
 *   is answered 408 and closed once this passes since it connected or began the request;
 * - requestTimeoutMs: the same for the whole request, body included (only receiving it: a long
 *   response is not cut);
 * - keepAliveTimeoutMs: an idle connection between requests is closed;
 * - maxConnections: sockets accepted beyond this are closed at once, so a flood holds at most this
 *   many file descriptors and buffers.
 * Node checks the two request timeouts on a timer, every connectionsCheckingInterval; a quarter of
 * the header timeout (at most 1 s) keeps a cut-off within ~25% of its deadline. An upgraded socket
 * (graphql-ws) leaves the HTTP parser and so these checks: a subscription may stay open for days.
 */
export function createLimitedServer(limits: ServerLimits, listener: RequestListener): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, Math.max(25, Math.floor(limits.headersTimeoutMs / 4))),
    },
    listener,
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  return server;
}
