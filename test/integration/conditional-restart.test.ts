/**
 * Resting orders survive a restart: the worker process that held them in its trigger index stops,
 * a new one loads them from storage, and the next market change that crosses one fires it there.
 */
import { afterAll, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { ordersFor, testEnv, waitTerminal } from '../helpers/runtime.js';

const env = testEnv('cond-restart');
afterAll(() => env.cleanup());

async function priceTimes(rt: Runtime, factor: number): Promise<string> {
  const q = await rt.service.quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '10' });
  return ((Number(q.route.amountOut) / 1e6 / 10) * factor).toFixed(6);
}

it('resting orders are kept across a restart and fire in the new process', async () => {
  const first = await env.start();
  const limitPrice = await priceTimes(first, 1.01);
  const limit = await ordersFor(first).submitLimitOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '10', limitPrice, clientOrderId: 'survives' });
  const stopPrice = await priceTimes(first, 0.5);
  const stop = await ordersFor(first).submitStopOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '10', stopPrice, slippageBps: 100, clientOrderId: 'survives-stop' });
  await expect.poll(() => first.triggers!.size).toBe(2);
  await first.close();

  const second = await env.start();
  expect(second.triggers!.size).toBe(2);
  expect((await second.storage.orders.find(limit.id))?.status).toBe('OPEN');
  // A large buy of SOL crosses the limit; the stop (far below) keeps resting.
  const big = await ordersFor(second).submitMarketOrder({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '3000000', slippageBps: 5000, clientOrderId: 'big' });
  expect((await waitTerminal(second, big.id)).status).toBe('CONFIRMED');
  const done = await waitTerminal(second, limit.id);
  expect(done.status).toBe('CONFIRMED');
  expect(done.fill!.amountOut).toBeGreaterThanOrEqual(done.minAmountOut);
  expect((await second.storage.orders.find(stop.id))?.status).toBe('OPEN');
  expect(second.triggers!.size).toBe(1);
});
