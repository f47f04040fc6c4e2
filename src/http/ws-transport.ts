/**
 * graphql-ws's server (makeServer) on `ws` sockets: what graphql-ws/use/ws does, with one change
 * that bounds what a client that stops reading can hold. use/ws resolves each send only once its
 * bytes reach the kernel, and graphql-ws awaits that before taking a subscription's next event; a
 * stalled reader then stalls its subscriptions, and their events pile up upstream out of sight
 * (ws's bufferedAmount, the one honest signal, stays near zero). Here a send returns at once, so
 * events flow into ws's buffer, and once the socket's bufferedAmount passes `maxBufferedBytes` the
 * socket is closed with 4008 "slow consumer" and its subscriptions are ended. A stalled client then
 * holds at most maxBufferedBytes plus one message of our memory (beyond the kernel's socket
 * buffers), until ws gives up waiting for its close frame (ws's 30 s close timeout).
 */
import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, type makeServer } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';
import { SOCKET_CLOSE } from '../services/errors.js';

/** What graphql-ws hooks see in ctx.extra. */
export interface SocketExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
  /** Closes the socket as a slow consumer (4008) and ends its subscriptions at once. */
  readonly dropSlow: () => void;
}

export interface TransportOptions {
  readonly maxBufferedBytes: number;
  /** Ping period; a socket that has not answered the previous ping by the next one is terminated. */
  readonly keepAliveMs?: number;
  /** A socket was dropped as a slow consumer (for the log line and metric). */
  readonly onSlowConsumer: (extra: SocketExtra) => void;
  readonly logger: Logger;
}

type GraphQLWsServer = ReturnType<typeof makeServer<Record<string, unknown> | undefined, SocketExtra>>;

export function serveGraphQLWs(server: GraphQLWsServer, wss: WebSocketServer, opts: TransportOptions): { dispose(): Promise<void> } {
  const keepAlive = opts.keepAliveMs ?? 12_000;
  wss.options.handleProtocols = handleProtocols;
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    socket.once('error', (err) => {
      opts.logger.warn({ err }, 'WebSocket error');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });

    let pongWait: NodeJS.Timeout | undefined;
    const ping = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), keepAlive);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, keepAlive);

    let ended = false;
    let closed: ((code: number, reason: string) => Promise<void>) | undefined;
    const end = (code: number, reason: string): void => {
      if (ended) return;
      ended = true;
      clearTimeout(pongWait);
      clearInterval(ping);
      closed?.(code, reason).catch((err: unknown) => opts.logger.error({ err }, 'graphql-ws close handling failed'));
    };
    const extra: SocketExtra = {
      socket,
      request,
      dropSlow: () => {
        if (ended || socket.readyState !== socket.OPEN) return;
        opts.onSlowConsumer(extra);
        socket.close(SOCKET_CLOSE.SLOW_CONSUMER, 'slow consumer: the client stopped reading');
        // The subscriptions end now, not when ws finally gives up on a client that reads nothing.
        end(SOCKET_CLOSE.SLOW_CONSUMER, 'slow consumer');
      },
    };
    closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          if (socket.readyState !== socket.OPEN) return;
          socket.send(data);
          if (socket.bufferedAmount > opts.maxBufferedBytes) extra.dropSlow();
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', (data) => {
            cb(String(data)).catch((err: unknown) => {
              opts.logger.error({ err }, 'graphql-ws message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => end(code, String(reason)));
  });

  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners('connection');
    },
  };
}
