/**
 * Cancel versus trigger: 100 orders whose condition holds the moment the trigger index learns of
 * them, each cancelled by its account while the trigger and the worker's processing move it. The
 * cancels are spread over that path (0 to 45 ms after the submission returns), so the early ones
 * meet the order OPEN or PENDING and win, and the late ones meet a worker that already took it and
 * lose. Every order must end exactly one way: CANCELLED with no execution step after it, or
 * executed with the cancel answered NOT_CANCELLABLE; one gap-free seq stream either way.
 *
 * The trigger index is the real one (jobs/triggers.ts) and "the worker" is the real processor run
 * the moment an order is handed over (the queue hop's pickup latency would only blur the spread).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTriggers, type Triggers } from '../../src/jobs/triggers.js';
import type { Runtime } from '../../src/runtime.js';
import { InputError } from '../../src/services/errors.js';
import { ordersFor, persistedEvents, testEnv, waitTerminal } from '../helpers/runtime.js';

const env = testEnv('races');
let rt: Runtime;
let triggers: Triggers;

beforeAll(async () => {
  rt = await env.start({ roles: { worker: false } });
  triggers = await startTriggers({
    storage: rt.storage,
    events: rt.events,
    marketEvents: rt.marketEvents,
    enqueue: async (id) => void rt.processOrder(id, 1).catch(() => undefined),
    clock: Date.now,
    logger: rt.logger,
    metrics: rt.metrics,
    resyncMs: 0,
  });
});
afterAll(async () => {
  await triggers?.close();
  await env.cleanup();
});

const TERMINAL = ['CONFIRMED', 'FAILED', 'CANCELLED', 'EXPIRED'];

it('100 cancel-versus-trigger races: each order ends exactly one way, and both ways happen', async () => {
  const outcomes = { cancelled: 0, executed: 0 };
  const race = async (i: number): Promise<void> => {
    // Crosses at once: the trigger fires as soon as it learns of the order.
    const o = await ordersFor(rt).submitLimitOrder({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '1', limitPrice: '0.000001', clientOrderId: `race-${i}` });
    await new Promise((r) => setTimeout(r, (i % 10) * 5));
    const answer = await ordersFor(rt)
      .cancelOrder(o.id)
      .then((v) => v.status)
      .catch((e: unknown) => (e instanceof InputError ? e.code : String(e)));
    const end = await waitTerminal(rt, o.id);
    const events = await persistedEvents(rt, o.id);
    const statuses = events.map((e) => e.status);
    expect(events.map((e) => e.seq)).toEqual(statuses.map((_s, k) => k + 1));
    expect(statuses.filter((s) => TERMINAL.includes(s))).toEqual([end.status]);
    if (answer === 'CANCELLED') {
      expect(end.status).toBe('CANCELLED');
      expect(end.fill).toBeUndefined();
      expect(statuses).not.toContain('ROUTING');
      outcomes.cancelled++;
    } else {
      expect(answer).toBe('NOT_CANCELLABLE');
      expect(end.status).toBe('CONFIRMED');
      expect(statuses.slice(0, 3)).toEqual(['OPEN', 'PENDING', 'ROUTING']);
      outcomes.executed++;
    }
  };
  // Ten at a time, each batch spread over 0-45 ms.
  for (let b = 0; b < 100; b += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => race(b + k)));
  expect(outcomes.cancelled + outcomes.executed).toBe(100);
  expect(outcomes.cancelled).toBeGreaterThan(0);
  expect(outcomes.executed).toBeGreaterThan(0);
  console.log('cancel-versus-trigger outcomes', outcomes);
});
