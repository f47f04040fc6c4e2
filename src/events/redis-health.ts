/**
 * What Redis must be for the engine to be ready: it answers, and it never evicts keys. BullMQ keeps
 * jobs, locks and schedulers in plain keys; under an eviction policy a full Redis silently drops
 * them and orders stall, so anything but `noeviction` makes /readyz fail with the reason.
 */
import type { Redis } from 'ioredis';

/** The maxmemory-policy line of INFO memory (CONFIG GET may be renamed away on managed Redis). */
function policyOf(info: string): string | undefined {
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
}

/** Why Redis is not fit to serve, or nothing; a ping that does not answer is a problem too. */
export async function redisProblems(redis: Redis, timeoutMs = 1_000): Promise<string[]> {
  const check = (async (): Promise<string[]> => {
    const info = await redis.info('memory');
    const policy = policyOf(info);
    if (policy === undefined) return [];
    if (policy !== 'noeviction') {
      return [`Redis maxmemory-policy is '${policy}'; BullMQ needs 'noeviction' (redis-cli CONFIG SET maxmemory-policy noeviction)`];
    }
    return [];
  })().catch((err: unknown) => [`Redis does not answer (${err instanceof Error ? err.message : String(err)})`]);
  const timeout = new Promise<string[]>((resolve) => setTimeout(resolve, timeoutMs, ['Redis does not answer within 1 s']).unref());
  return Promise.race([check, timeout]);
}
