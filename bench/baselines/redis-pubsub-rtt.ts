/**
 * Raw baseline: Redis pub/sub round trip, one publisher to one subscriber on the benchmark's Redis,
 * sequentially (publish, wait for receipt, repeat). It bounds the "worker publish -> subscriber
 * receipt" latency from below: everything above it is persistence, GraphQL execution and WebSocket.
 * Usage: redis-pubsub-rtt.ts <redisUrl> <messages>; prints BENCH_RESULT {p50Ms, p99Ms, ...}.
 */
import { Redis } from 'ioredis';
import { summarize } from '../lib/stats.js';

const [redisUrl = 'redis://127.0.0.1:6379', countArg = '5000'] = process.argv.slice(2);
const count = Number(countArg);
const pub = new Redis(redisUrl);
const sub = new Redis(redisUrl);
const channel = `bench-rtt-${process.pid}`;
await sub.subscribe(channel);
// ~110 bytes, like a small order update.
const payload = JSON.stringify({ orderId: 'ord_0000000000000000', seq: 3, status: 'BUILDING', at: 0, pad: 'x'.repeat(40) });

const samples: number[] = [];
let pending: ((t: number) => void) | undefined;
sub.on('message', () => pending?.(performance.now()));
const roundTrip = (): Promise<number> =>
  new Promise((resolve) => {
    const t0 = performance.now();
    pending = (t1) => resolve(t1 - t0);
    void pub.publish(channel, payload);
  });

for (let i = 0; i < 200; i++) await roundTrip(); // warm-up: JIT and connections
for (let i = 0; i < count; i++) samples.push(await roundTrip());
const s = summarize(samples);
sub.disconnect();
pub.disconnect();
process.stdout.write(`BENCH_RESULT ${JSON.stringify({ count, p50Ms: s.p50, p99Ms: s.p99, maxMs: s.max })}\n`);
