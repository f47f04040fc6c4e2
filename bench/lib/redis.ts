import { spawnTracked, type Child } from './procs.js';
import { freePort } from './ports.js';

export interface BenchRedis {
  readonly url: string;
  readonly port: number;
  readonly child: Child;
}

/**
 * A private redis-server for the run, without persistence (no RDB snapshots, no AOF) so disk I/O
 * never shows up in the figures, and so the system Redis on 6379 that tests use is left alone.
 */
export async function startRedis(): Promise<BenchRedis> {
  const port = await freePort();
  const child = spawnTracked('redis', 'redis-server', [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--save', '',
    '--appendonly', 'no',
    // The benchmark publishes bursts to thousands of subscribers; never drop a slow client mid-run.
    '--client-output-buffer-limit', 'pubsub 0 0 0',
  ]);
  await child.waitForLine(/Ready to accept connections/, 10_000);
  return { url: `redis://127.0.0.1:${port}`, port, child };
}
