import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ExecutionArgs, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GraphQLServer } from '../graphql/yoga.js';
import { bearerKey } from '../services/api-keys.js';
import type { Auth, Principal } from '../services/auth.js';
import { ORIGIN_NOT_ALLOWED, ORIGIN_NOT_ALLOWED_MESSAGE } from './origin.js';

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
}

/**
 * graphql-ws on the HTTP server's GraphQL path. Every operation goes through yoga.getEnveloped, so
 * WebSocket clients get the same parse/validate caches, armor limits, context and error masking as
 * HTTP ones. The handshake is checked before ws sees it: another path gets 404 and a foreign Origin
 * 403 (a browser lets any site open a WebSocket to us, carrying the visitor's network position).
 */
export function attachGraphQLWs(server: Server, yoga: GraphQLServer, auth: Auth, opts: GraphQLWsOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path !== yoga.graphqlEndpoint) return refuseUpgrade(socket, 404, 'NOT_FOUND', `WebSockets are served on ${yoga.graphqlEndpoint} only.`);
    if (!opts.originAllowed(req)) return refuseUpgrade(socket, 403, ORIGIN_NOT_ALLOWED, ORIGIN_NOT_ALLOWED_MESSAGE);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  const disposable = useServer<Record<string, unknown> | undefined, { principal?: Principal }>(
    {
      // The key, if any, is checked once, at connection_init: `connectionParams: { authorization:
      // "Bearer <key>" }`. None: an anonymous socket (public subscriptions only). A bad or revoked
      // key: refused, and graphql-ws closes the socket with 4403. A key revoked later closes it too.
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
        principal.revoked.addEventListener('abort', close, { once: true });
        socket.once('close', () => principal.revoked.removeEventListener('abort', close));
        return true;
      },
      execute: (args) => (args as EnvelopedArgs).envelopedExecute(args) as never,
      subscribe: (args) => (args as EnvelopedArgs).envelopedSubscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
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
    wss,
  );

  return {
    async close() {
      server.off('upgrade', onUpgrade);
      // Dispose closes every socket with 1001 and completes their subscriptions (aborting the
      // service streams); terminate catches any client that does not finish the close handshake.
      await disposable.dispose();
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
    },
  };
}
