/**
 * A graphql-ws client that stops reading (its TCP socket paused) while the server keeps publishing
 * is dropped with close code 4008 once the socket's unsent bytes pass WS_MAX_BUFFERED_BYTES, and
 * what the server held for it never went past that bound by more than one message. No timing: the
 * test publishes until the server says it dropped the socket.
 */
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { OrderUpdatesDocument } from '../../src/client/graphql.js';
import { orderInput, startTestApp, type LogRecord, type TestApp } from '../helpers/app.js';
import { rawSocket } from '../helpers/raw-ws.js';
import { ordersFor, testAccountOf } from '../helpers/runtime.js';

const BOUND = 64 * 1024;
/** Subscriptions on the stalled socket: each order's updates are sent this many times. */
const SUBSCRIPTIONS = 20;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('ws-slow-consumer', { edge: { wsMaxBufferedBytes: BOUND } });
});
afterAll(async () => {
  await t.stop();
});

const dropped = (logs: readonly LogRecord[]): LogRecord | undefined => logs.find((l) => l.msg === 'socket dropped: slow consumer (4008)');

describe('a subscriber that stops reading', () => {
  it('is closed with 4008 once its buffered bytes pass the bound, which they never pass by more than a message', async () => {
    const s = rawSocket(t.url, t.key);
    expect(await s.acked).toBe(true);
    const query = print(OrderUpdatesDocument);
    for (let i = 1; i <= SUBSCRIPTIONS; i++) s.subscribe(String(i), query);
    // The client stops reading: the kernel's buffers fill, then the server's.
    (s.ws as unknown as { _socket: Socket })._socket.pause();

    const orders = ordersFor(t.runtime);
    let submitted = 0;
    while (!dropped(t.logs) && submitted < 20_000) {
      await Promise.all(Array.from({ length: 25 }, () => orders.submitMarketOrder(orderInput())));
      submitted += 25;
    }
    const line = dropped(t.logs);
    expect(line, `not dropped after ${submitted} orders`).toBeDefined();
    // The drop happens at the first send past the bound: at most one message beyond it. An order
    // update with its route is well under 16 KiB.
    const buffered = line?.['bufferedBytes'] as number;
    expect(buffered).toBeGreaterThan(BOUND);
    expect(buffered).toBeLessThan(BOUND + 16 * 1024);
    expect(line?.['accountId']).toBe(testAccountOf(t.runtime));

    // Once the client reads again it gets what was buffered, then the close frame.
    (s.ws as unknown as { _socket: Socket })._socket.resume();
    const closed = await s.closed;
    expect(closed.code).toBe(4008);
    expect(closed.reason).toMatch(/slow consumer/);

    // Counted by limit, not by account.
    const metrics = await t.runtime.metrics.registry.getSingleMetricAsString('oee_limit_refusals_total');
    expect(metrics).toMatch(/limit="slow_consumer"[^\n]* 1/);
  }, 120_000);
});
