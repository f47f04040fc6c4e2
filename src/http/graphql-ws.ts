import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError as WsGraphQLError, type ExecutionArgs, type GraphQLError } from 'graphql';
import { makeServer } from 'graphql-ws';
import { WebSocketServer } from 'ws';
import type { GraphQLServer } from '../graphql/yoga.js';
import type { Logger } from '../logger.js';
import type { LimitMetrics } from '../metrics/metrics.js';
import { bearerKey } from '../services/api-keys.js';
import type { Auth, Principal } from '../services/auth.js';
import { clientErrorExtensions, LimitError, SOCKET_CLOSE } from '../services/errors.js';
import type { SocketQuota } from '../services/socket-quota.js';
import { ORIGIN_NOT_ALLOWED, ORIGIN_NOT_ALLOWED_MESSAGE } from './origin.js';
import { serveGraphQLWs, type SocketExtra } from './ws-transport.js';

/** By name: yoga's parse/validate may come from the other (CJS/ESM) copy of graphql than ours. */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

interface EnvelopedArgs extends ExecutionArgs {
  readonly envelopedExecute: (args: ExecutionArgs) => unknown;
  readonly envelopedSubscribe: (args: ExecutionArgs) => unknown;
}

/** An HTTP answer on a socket that asked to upgrade, in the GraphQL error shape; then closes it. */
function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  socket.once('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'X-Content-Type-Options: nosniff\r\n' +
      `\r\n${body}`,
  );
}

export interface GraphQLWsOptions {
  /** Messages above this close the socket (1009) before anything is parsed. */
  readonly maxPayload: number;
  /** False for a handshake from a page whose origin may not use the API: refused with 403. */
  readonly originAllowed: (req: IncomingMessage) => boolean;
  /** Operations one socket may run at once; the next gets TOO_MANY_SUBSCRIPTIONS. */
  readonly maxSubscriptionsPerSocket: number;
  /** Unsent bytes after which a socket is dropped as a slow consumer (4008). */
  readonly maxBufferedBytes: number;
  /** Caps a key's open sockets across processes (4429); none: no cap. */
  readonly socketQuota?: SocketQuota | undefined;
  readonly maxSocketsPerKey?: number;
  readonly metrics: LimitMetrics;
  readonly logger: Logger;
}

type Extra = SocketExtra & { principal?: Principal };

/** A socket's principal for log lines: the account and key ids, never the key. */
function who(extra: Extra): Record<string, string> {
  const p = extra.principal;
  return p ? { accountId: p.accountId, keyId: p.keyId } : { ip: extra.request.socket.remoteAddress ?? 'unknown' };
}

/**
 * graphql-ws on the HTTP server's GraphQL path. Every operation goes through yoga.getEnveloped, so
 * WebSocket clients get the same parse/validate caches, armor limits, context and error masking as
 * HTTP ones. The handshake is checked before ws sees it: another path gets 404 and a foreign Origin
 * 403 (a browser lets any site open a WebSocket to us, carrying the visitor's network position).
 */
export function attachGraphQLWs(http: Server, yoga: GraphQLServer, auth: Auth, opts: GraphQLWsOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path !== yoga.graphqlEndpoint) return refuseUpgrade(socket, 404, 'NOT_FOUND', `WebSockets are served on ${yoga.graphqlEndpoint} only.`);
    if (!opts.originAllowed(req)) return refuseUpgrade(socket, 403, ORIGIN_NOT_ALLOWED, ORIGIN_NOT_ALLOWED_MESSAGE);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  http.on('upgrade', onUpgrade);

  const { logger, metrics } = opts;
  const server = makeServer<Record<string, unknown> | undefined, Extra>(
    {
      // The key, if any, is checked once, at connection_init: `connectionParams: { authorization:
      // "Bearer <key>" }`. None: an anonymous socket (public subscriptions only). A bad or revoked
      // key: refused, and graphql-ws closes the socket with 4403. A key revoked later closes it too.
      // A key already holding its cap of sockets (on any API process): closed with 4429.
      onConnect: async (ctx) => {
        const value = ctx.connectionParams?.['authorization'];
        if (value === undefined || value === null) return true;
        const key = bearerKey(value);
        const principal = key === undefined ? undefined : await auth.authenticate(key);
        if (!principal) return false;
        ctx.extra.principal = principal;
        const socket = ctx.extra.socket;
        const close = (): void => socket.close(4403, 'Forbidden: API key revoked');
        if (principal.revoked.aborted) return false;
        if (opts.socketQuota) {
          const release = await opts.socketQuota.acquire(principal.keyId);
          if (!release) {
            metrics.refused('sockets');
            logger.info({ ...who(ctx.extra), limit: opts.maxSocketsPerKey }, 'socket refused: the API key holds its cap of open sockets');
            // graphql-ws then tries 4403; ws ignores a second close.
            socket.close(SOCKET_CLOSE.TOO_MANY_SOCKETS, `Too many open sockets for this API key (at most ${opts.maxSocketsPerKey ?? '?'})`);
            return false;
          }
          if (socket.readyState !== socket.OPEN) release();
          else socket.once('close', release);
        }
        principal.revoked.addEventListener('abort', close, { once: true });
        socket.once('close', () => principal.revoked.removeEventListener('abort', close));
        return true;
      },
      execute: (args) => (args as EnvelopedArgs).envelopedExecute(args) as never,
      subscribe: (args) => (args as EnvelopedArgs).envelopedSubscribe(args) as never,
      // A stream that fell too far behind ends with SlowConsumerError (src/services/streams.ts):
      // the socket goes with it, as when its unsent bytes pass the bound.
      onError: (ctx, _id, _payload, errors) => {
        if (errors.some((e) => e.originalError?.name === 'SlowConsumerError')) ctx.extra.dropSlow();
      },
      onSubscribe: async (ctx, _id, payload) => {
        // graphql-ws has registered this operation already: more than the cap means one too many.
        if (Object.keys(ctx.subscriptions).length > opts.maxSubscriptionsPerSocket) {
          metrics.refused('subscriptions');
          const refusal = new LimitError('TOO_MANY_SUBSCRIPTIONS', `This socket runs ${opts.maxSubscriptionsPerSocket} operations already: complete one first, or open another socket.`);
          return [new WsGraphQLError(refusal.message, { extensions: { ...clientErrorExtensions(refusal) } })];
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          principal: ctx.extra.principal,
        });
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          if (isGraphQLError(error)) return [error];
          throw error;
        }
        let errors: readonly GraphQLError[];
        try {
          errors = validate(schema, document);
        } catch (error) {
          // The armor rules reject by throwing from inside validation.
          if (isGraphQLError(error)) return [error];
          throw error;
        }
        if (errors.length > 0) return errors;
        const args: EnvelopedArgs = {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue: await contextFactory(),
          envelopedExecute: execute,
          envelopedSubscribe: subscribe,
        };
        return args;
      },
    },
  );
  const disposable = serveGraphQLWs(server, wss, {
    maxBufferedBytes: opts.maxBufferedBytes,
    logger,
    onSlowConsumer: (extra) => {
      metrics.refused('slow_consumer');
      logger.info({ ...who(extra as Extra), bufferedBytes: extra.socket.bufferedAmount }, 'socket dropped: slow consumer (4008)');
    },
  });

  return {
    async close() {
      http.off('upgrade', onUpgrade);
      // Dispose closes every socket with 1001 and completes their subscriptions (aborting the
      // service streams); terminate catches any client that does not finish the close handshake.
      await disposable.dispose();
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
    },
  };
}
