/**
 * Raw baseline: BullMQ end to end with jobs that do nothing. 20k jobs added with addBulk, one Worker
 * with the same concurrency as our worker, on the benchmark's own Redis. Time runs from the first
 * add to the last completion, like our orders/s figure (first submit to last terminal order).
 * Usage: bullmq-noop.ts <redisUrl> <jobs> <concurrency>; prints BENCH_RESULT {jobsPerSec,...}.
 */
import { Queue, Worker, type RedisOptions } from 'bullmq';

const [redisUrl = 'redis://127.0.0.1:6379', jobsArg = '20000', concurrencyArg = '50'] = process.argv.slice(2);
const jobs = Number(jobsArg);
const concurrency = Number(concurrencyArg);
const url = new URL(redisUrl);
const connection: RedisOptions = { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
// A fresh queue name per run: nothing left over from a previous measurement is counted.
const name = `bench-noop-${process.pid}-${Date.now()}`;
const prefix = 'benchraw';

const queue = new Queue(name, { connection, prefix });
let done = 0;
let resolveAll!: () => void;
const allDone = new Promise<void>((r) => (resolveAll = r));
const worker = new Worker(name, async () => undefined, { connection, prefix, concurrency, autorun: false });
worker.on('completed', () => {
  if (++done === jobs) resolveAll();
});
await worker.waitUntilReady();
await queue.waitUntilReady();

// Jobs are kept out of Redis once done, as a production queue would be configured.
const batch = 1000;
const start = performance.now();
void worker.run();
for (let i = 0; i < jobs; i += batch) {
  const n = Math.min(batch, jobs - i);
  await queue.addBulk(Array.from({ length: n }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { removeOnComplete: true } })));
}
await allDone;
const ms = performance.now() - start;
await worker.close();
await queue.obliterate({ force: true });
await queue.close();
process.stdout.write(`BENCH_RESULT ${JSON.stringify({ jobs, concurrency, ms, jobsPerSec: (jobs * 1000) / ms })}\n`);
process.exit(0);
