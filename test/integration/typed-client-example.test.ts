import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitAndFollow } from '../../examples/typed-client.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

// The README points bots at examples/typed-client.ts: it must keep working against the real server.
describe('examples/typed-client.ts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('typed-client-example');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('quotes, submits with a Bearer key and follows the order over graphql-ws to CONFIRMED, gap-free', async () => {
    const { quoted, updates } = await submitAndFollow(t.url, t.key, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1.5', slippageBps: 50, clientOrderId: 'example-1' });
    expect(BigInt(quoted.replace('.', ''))).toBeGreaterThan(0n);
    expect(updates.map((u) => u.seq)).toEqual(updates.map((_, i) => updates[0]!.seq + i));
    expect(updates.at(-1)!.status).toBe('CONFIRMED');
    expect(updates.at(-1)!.order.executedAmountOut).not.toBeNull();
  });

  it('names the refusal when the key is wrong', async () => {
    await expect(submitAndFollow(t.url, 'oee_AAAAAAAA_' + 'A'.repeat(43), { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'example-2' })).rejects.toThrow(/UNAUTHENTICATED/);
  });
});
