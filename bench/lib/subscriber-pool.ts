/**
 * Drives the graphql-ws subscriber client processes (clients/ws-subscribers.ts): spreads N
 * subscribers over k processes, and asks them how many have received an event and how late.
 */
import { join } from 'node:path';
import { spawnTs, type Child } from './procs.js';
import { waitUntil } from './gql-http.js';

export interface SubscriberPool {
  /** Subscribers that have received the event `key` so far (over every client process). */
  count(key: string): Promise<number>;
  /** Every subscriber's delivery latency (ms) for `key`. */
  latencies(key: string): Promise<number[]>;
  waitAll(key: string, timeoutMs: number): Promise<void>;
  readonly total: number;
  stop(): Promise<void>;
}

const SCRIPT = join(import.meta.dirname, 'clients', 'ws-subscribers.ts');

function ask(child: Child, command: string, key: string, reply: 'COUNT' | 'REPORT'): Promise<string> {
  // Distinct keys per request are not needed: the child answers in order, one line per command.
  const pattern = new RegExp(`^${reply} ${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (.*)$`);
  const answer = child.waitForLine(pattern, 30_000);
  child.send(`${command} ${key}`);
  return answer.then((m) => m[1] as string);
}

export async function startSubscribers(
  url: string,
  total: number,
  processes: number,
  query: string,
  kind: 'tick' | 'orders',
  /** Needed for order updates (public market ticks need none). */
  apiKey?: string,
): Promise<SubscriberPool> {
  const children: Child[] = [];
  const per = Math.ceil(total / processes);
  for (let i = 0, left = total; i < processes && left > 0; i++, left -= per) {
    const count = Math.min(per, left);
    children.push(spawnTs(`subscribers-${kind}-${i}`, SCRIPT, [JSON.stringify({ url, count, query, kind, apiKey })], { stdin: true }));
  }
  try {
    await Promise.all(children.map((c) => c.waitForLine(/^CONNECTED \d+/, 120_000)));
  } catch (error) {
    await Promise.all(children.map((c) => c.stop(1000)));
    throw error;
  }
  const count = async (key: string): Promise<number> => {
    const answers = await Promise.all(children.map((c) => ask(c, 'count', key, 'COUNT')));
    return answers.reduce((sum, a) => sum + Number(a.split(' ')[0]), 0);
  };
  return {
    total,
    count,
    async latencies(key) {
      const answers = await Promise.all(children.map((c) => ask(c, 'report', key, 'REPORT')));
      return answers.flatMap((a) => (JSON.parse(a) as { latencies: number[] }).latencies);
    },
    async waitAll(key, timeoutMs) {
      let got = 0;
      await waitUntil(`all ${total} subscribers to receive ${key}`, async () => (got = await count(key)) >= total, timeoutMs, 50).catch((e: unknown) => {
        throw new Error(`${String(e)} (got ${got})`);
      });
    },
    async stop() {
      for (const c of children) {
        try {
          c.send('quit');
        } catch {
          // already gone
        }
      }
      await Promise.all(children.map((c) => c.stop(3000)));
    },
  };
}
