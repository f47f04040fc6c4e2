/**
 * The API server's limits against clients that misbehave below GraphQL, over raw sockets: headers or
 * a body that never finish are cut off (408) while graphql-ws sockets opened earlier live on, and
 * connections beyond the cap are closed on accept.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App, type AppConfig } from '../../src/app.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { rawSocket, wsOnce } from '../helpers/edge.js';

let t: TestApp;
const extras: App[] = [];

beforeAll(async () => {
  t = await startTestApp('api-edge-limits');
});
afterAll(async () => {
  for (const app of extras) await app.stop();
  await t?.stop();
});

/** Another app on the file's runtime, with these limits; stopped after the file. */
async function appWith(edge: Omit<AppConfig, 'port' | 'host'>): Promise<string> {
  const app = buildApp({ ...edge, port: 0, host: '127.0.0.1' }, { service: t.runtime.service, auth: t.runtime.auth, logger: t.runtime.logger });
  extras.push(app);
  return (await app.start()).url;
}

describe('server limits', () => {
  it('cuts off clients that never finish their headers or body, and leaves graphql-ws sockets open', async () => {
    const url = await appWith({ headersTimeoutMs: 200, requestTimeoutMs: 200 });
    let connected = 0;
    let closed = 0;
    const ws = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      on: { connected: () => void connected++, closed: () => void closed++ },
    });
    try {
      await wsOnce(ws, '{ __typename }');
      const slowHeaders = await rawSocket(url);
      slowHeaders.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      const slowBody = await rawSocket(url);
      slowBody.socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query"');
      const silent = await rawSocket(url);
      await Promise.all([slowHeaders.closed, slowBody.closed, silent.closed]);
      expect(slowHeaders.received()).toMatch(/^HTTP\/1\.1 408/);
      expect(slowBody.received()).toMatch(/^HTTP\/1\.1 408/);
      // The socket opened before them outlived both deadlines and still serves.
      expect((await wsOnce(ws, '{ tokens { symbol } }')).data?.['tokens']).toBeInstanceOf(Array);
      expect({ connected, closed }).toEqual({ connected: 1, closed: 0 });
    } finally {
      await ws.dispose();
    }
  });

  it('refuses connections beyond the cap and keeps serving those it holds', async () => {
    const url = await appWith({ maxConnections: 2 });
    const request = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    const held = [await rawSocket(url), await rawSocket(url)];
    for (const s of held) {
      s.socket.write(request);
      await s.waitFor('{"status":"ok"}');
    }
    const third = await rawSocket(url);
    third.socket.write(request);
    await third.closed;
    expect(third.received()).toBe('');
    const first = held[0]!;
    const answered = first.received().split('{"status":"ok"}').length;
    first.socket.write(request);
    await expect.poll(() => first.received().split('{"status":"ok"}').length).toBe(answered + 1);
    for (const s of held) s.socket.destroy();
  });
});
