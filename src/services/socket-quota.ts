/**
 * Caps the graphql-ws sockets one API key holds open, across every API process: a sorted set per
 * key in Redis (`<keyPrefix>:ws:<keyId>`) whose members are this process's sockets, scored by when
 * they lapse (Redis's own clock, so processes' clocks never need to agree). Each process renews
 * its sockets every TTL_MS / 3; a crashed process stops renewing and its sockets lapse within
 * TTL_MS, so a crash frees its slots without anyone cleaning up.
 *
 * When Redis cannot answer, the cap is applied to this process's own sockets (with a warning and a
 * metric): a Redis outage neither refuses every socket nor lifts the cap altogether.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { LimitMetrics } from '../metrics/metrics.js';

/** How long a socket counts without being renewed (ms). */
export const SOCKET_TTL_MS = 30_000;

/** Drops lapsed members, then adds ARGV[3] unless KEYS[1] has ARGV[1] members already. 1: added. */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** Renews members ARGV[2..] of KEYS[1] for ARGV[1] ms (re-adding any that lapsed meanwhile). */
const RENEW = `
local t = redis.call('TIME')
local lapse = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], lapse, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

export interface SocketQuota {
  /**
   * Takes one of `keyId`'s socket slots: resolves with its release (idempotent), or undefined when
   * the key holds `maxPerKey` sockets already.
   */
  acquire(keyId: string): Promise<(() => void) | undefined>;
  /** Stops renewing and gives this process's slots back. */
  close(): Promise<void>;
}

export interface SocketQuotaDeps {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly maxPerKey: number;
  readonly logger: Logger;
  readonly metrics: LimitMetrics;
  /** Lapse time of an unrenewed socket (default SOCKET_TTL_MS). */
  readonly ttlMs?: number;
}

const WARN_EVERY_MS = 10_000;

export function createSocketQuota(deps: SocketQuotaDeps): SocketQuota {
  const { redis, maxPerKey, metrics } = deps;
  const ttlMs = deps.ttlMs ?? SOCKET_TTL_MS;
  const log = deps.logger.child({ component: 'socket-quota' });
  const instance = randomUUID();
  let next = 0;
  /** This process's sockets, by key id. */
  const held = new Map<string, Set<string>>();
  const keyOf = (keyId: string): string => `${deps.keyPrefix}:ws:${keyId}`;

  let lastWarning = -Infinity;
  const storeFailed = (err: unknown): void => {
    metrics.storeError();
    const now = performance.now();
    if (now - lastWarning < WARN_EVERY_MS) return;
    lastWarning = now;
    log.warn({ err }, 'socket caps: Redis did not answer; counting this process only until it does');
  };

  const renew = async (): Promise<void> => {
    for (const [keyId, members] of held) {
      if (members.size === 0) continue;
      await redis.eval(RENEW, 1, keyOf(keyId), String(ttlMs), ...members).catch(storeFailed);
    }
  };
  const timer = setInterval(() => void renew(), Math.max(100, Math.floor(ttlMs / 3)));
  timer.unref();

  const release = (keyId: string, member: string): void => {
    const members = held.get(keyId);
    if (!members?.delete(member)) return;
    if (members.size === 0) held.delete(keyId);
    redis.zrem(keyOf(keyId), member).catch(storeFailed);
  };

  return {
    async acquire(keyId) {
      const member = `${instance}:${++next}`;
      const local = held.get(keyId)?.size ?? 0;
      let granted: boolean;
      try {
        // While disconnected, count locally at once rather than wait behind ioredis's reconnection.
        if (redis.status !== 'ready') throw new Error(`Redis is ${redis.status}`);
        granted = (await redis.eval(ACQUIRE, 1, keyOf(keyId), String(maxPerKey), String(ttlMs), member)) === 1;
      } catch (err) {
        storeFailed(err);
        granted = local < maxPerKey;
      }
      if (!granted) return undefined;
      let members = held.get(keyId);
      if (!members) held.set(keyId, (members = new Set()));
      members.add(member);
      return () => release(keyId, member);
    },
    async close() {
      clearInterval(timer);
      const all = [...held].map(([keyId, members]) => redis.zrem(keyOf(keyId), ...members).catch(() => 0));
      held.clear();
      await Promise.all(all);
    },
  };
}
