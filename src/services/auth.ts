/**
 * Authentication by API key. A presented key is checked against the database (its prefix finds
 * the row; its SHA-256 must match; it must not be revoked), and the answer is cached for at most
 * `cacheMs` (default 1 s): every API process stops honouring a revoked key within that bound even
 * if the revocation message were lost. The message (the `keys` topic) makes it immediate, and
 * aborts the key's `revoked` signal, which ends every stream opened with it.
 *
 * Keys are never logged or published: principals carry the account and key ids and the prefix.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { ensureAccount, findKey, findKeyByPrefix, insertKey, listKeys, revokeKey, touchKeys, type ApiKeyRecord, type Scope } from '../db/accounts.js';
import { newId } from '../db/ids.js';
import type { Storage } from '../db/port.js';
import type { PubSub } from '../events/pubsub.js';
import { generateKey, hashKey, keyMatches, keyPrefix } from './api-keys.js';
import { AuthError, InputError } from './errors.js';

export type { Scope } from '../db/accounts.js';

export const SCOPES: readonly Scope[] = ['read', 'trade', 'admin'];

/** Who is calling: the account and the key it presented. */
export interface Principal {
  readonly accountId: string;
  readonly accountName: string;
  readonly keyId: string;
  readonly keyName: string;
  /** The key's public prefix (safe to log and show). */
  readonly keyPrefix: string;
  readonly scopes: ReadonlySet<Scope>;
  /** Aborts when the key is revoked: streams opened with it end. */
  readonly revoked: AbortSignal;
}

export interface KeyView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly accountId: string;
  readonly accountName: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: number;
  readonly lastUsedAt: number | undefined;
  readonly revokedAt: number | undefined;
}

export interface Auth {
  /** The principal of a presented key; undefined when it is not a valid, unrevoked key. */
  authenticate(key: string): Promise<Principal | undefined>;
  /** Creates a key (and its account when new); the key itself is in the answer and nowhere else. */
  createKey(input: { readonly name: string; readonly scopes: readonly string[]; readonly account?: string | undefined }): Promise<{ key: string; view: KeyView }>;
  /** Revokes a key by name or id; every process stops honouring it within a second. */
  revokeKey(nameOrId: string): Promise<KeyView>;
  listKeys(): Promise<KeyView[]>;
  /** Starts listening for revocations from other processes; gives back the stop. */
  listen(): Promise<() => void>;
  /** Writes the pending last-used times and stops the timer. */
  close(): Promise<void>;
}

export interface AuthDeps {
  readonly storage: Storage;
  /** Announces revocations to other processes (a tool without it: they notice within cacheMs). */
  readonly pubsub?: PubSub;
  readonly clock: () => number;
  readonly logger: Logger;
  /** How long a key's check is trusted, ms (default 1000). */
  readonly cacheMs?: number;
}

/** Names of keys and accounts: what the CLI and the admin mutations accept. */
const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Cached answers (valid or not) at most; the oldest are dropped first. */
const MAX_CACHED = 10_000;
/** Last-used times are written at most this often (ms). */
const TOUCH_EVERY_MS = 5_000;

/** A key's record without its hash: what leaves this module. */
function view(r: ApiKeyRecord): KeyView {
  const { hash: _hash, ...rest } = r;
  return rest;
}

/** @throws InputError INVALID_ARGUMENT naming the field */
function parseScopes(scopes: readonly string[], field: string): Scope[] {
  const out = new Set<Scope>();
  for (const s of scopes) {
    const scope = s.trim().toLowerCase();
    if (!(SCOPES as readonly string[]).includes(scope)) throw new InputError('INVALID_ARGUMENT', field, `unknown scope "${s.slice(0, 16)}": use read, trade or admin`);
    out.add(scope as Scope);
  }
  if (out.size === 0) throw new InputError('INVALID_ARGUMENT', field, 'a key needs at least one scope: read, trade or admin');
  return SCOPES.filter((s) => out.has(s));
}

export function createAuth(deps: AuthDeps): Auth {
  const { storage, pubsub, clock } = deps;
  const kysely = storage.kysely;
  const log = deps.logger.child({ component: 'auth' });
  const cacheMs = deps.cacheMs ?? 1_000;
  /** By the key's hash (the key itself is not kept): the principal, or null for a refused key. */
  const cache = new Map<string, { principal: Principal | null; until: number; keyId?: string }>();
  const signals = new Map<string, AbortController>();
  const used = new Set<string>();

  const signalFor = (keyId: string): AbortSignal => {
    let c = signals.get(keyId);
    if (!c) {
      signals.set(keyId, (c = new AbortController()));
      // Every open stream and socket of the key listens here (removed when it ends). Their number is
      // bounded by WS_MAX_SOCKETS_PER_KEY × WS_MAX_SUBSCRIPTIONS_PER_SOCKET, not by Node's default
      // of 10, which would warn of a leak for a bot with a dozen subscriptions.
      setMaxListeners(0, c.signal);
    }
    return c.signal;
  };
  const forget = (keyId: string): void => {
    for (const [hash, entry] of cache) if (entry.keyId === keyId) cache.delete(hash);
    const c = signals.get(keyId);
    if (c) {
      c.abort(new AuthError('UNAUTHENTICATED', 'the API key was revoked'));
      signals.delete(keyId);
    }
  };
  const remember = (hash: string, principal: Principal | null, keyId?: string): void => {
    cache.delete(hash);
    cache.set(hash, { principal, until: performance.now() + cacheMs, ...(keyId ? { keyId } : {}) });
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  };

  const flushTouches = async (): Promise<void> => {
    if (used.size === 0) return;
    const ids = [...used];
    used.clear();
    await touchKeys(kysely, ids, clock()).catch((err: unknown) => log.warn({ err }, 'could not record key use'));
  };
  const timer = setInterval(() => void flushTouches(), TOUCH_EVERY_MS);
  timer.unref();

  return {
    async authenticate(key) {
      const prefix = keyPrefix(key);
      if (prefix === undefined) return undefined;
      const hash = hashKey(key);
      const hit = cache.get(hash);
      if (hit && hit.until > performance.now()) {
        if (hit.principal) used.add(hit.principal.keyId);
        return hit.principal ?? undefined;
      }
      const record = await findKeyByPrefix(kysely, prefix);
      if (!record || record.revokedAt !== undefined || !keyMatches(key, record.hash)) {
        remember(hash, null, record?.id);
        return undefined;
      }
      const principal: Principal = {
        accountId: record.accountId,
        accountName: record.accountName,
        keyId: record.id,
        keyName: record.name,
        keyPrefix: record.prefix,
        scopes: new Set(record.scopes),
        revoked: signalFor(record.id),
      };
      remember(hash, principal, record.id);
      used.add(record.id);
      return principal;
    },

    async createKey(input) {
      if (!NAME.test(input.name)) throw new InputError('INVALID_ARGUMENT', 'name', 'a key name is 1-64 characters of A-Z a-z 0-9 _ . : -');
      const accountName = input.account ?? input.name;
      if (!NAME.test(accountName)) throw new InputError('INVALID_ARGUMENT', 'account', 'an account name is 1-64 characters of A-Z a-z 0-9 _ . : -');
      const scopes = parseScopes(input.scopes, 'scopes');
      if ((await findKey(kysely, input.name)) !== undefined) throw new InputError('INVALID_ARGUMENT', 'name', `a key named "${input.name}" exists already`);
      const at = clock();
      const account = await ensureAccount(kysely, accountName, newId(at), at);
      const made = generateKey();
      const id = newId(at);
      try {
        await insertKey(kysely, { id, accountId: account.id, name: input.name, prefix: made.prefix, hash: made.hash, scopes, at });
      } catch (err) {
        // Another creator took the name between the check and the insert.
        if ((await findKey(kysely, input.name)) !== undefined) throw new InputError('INVALID_ARGUMENT', 'name', `a key named "${input.name}" exists already`);
        throw err;
      }
      log.info({ keyId: id, keyPrefix: made.prefix, accountId: account.id, scopes }, 'API key created');
      const record = await findKey(kysely, id);
      if (!record) throw new Error('created key vanished');
      return { key: made.key, view: view(record) };
    },

    async revokeKey(nameOrId) {
      const record = await findKey(kysely, nameOrId);
      if (!record) throw new InputError('INVALID_ARGUMENT', 'nameOrId', `no key named or with id "${nameOrId.slice(0, 64)}"`);
      await revokeKey(kysely, record.id, clock());
      forget(record.id);
      await pubsub?.publish(pubsub.topics.keys, { keyId: record.id, accountId: record.accountId }).catch((err: unknown) => {
        // Other processes still stop honouring it within cacheMs.
        log.warn({ err, keyId: record.id }, 'revocation not announced; other processes stop within the cache period');
      });
      log.info({ keyId: record.id, keyPrefix: record.prefix, accountId: record.accountId }, 'API key revoked');
      return view((await findKey(kysely, record.id)) ?? record);
    },

    async listKeys() {
      return (await listKeys(kysely)).map(view);
    },

    async listen() {
      if (!pubsub) return () => {};
      return pubsub.subscribe(pubsub.topics.keys, (message) => {
        const revoked = message.payload;
        if (revoked) forget(revoked.keyId);
      });
    },

    async close() {
      clearInterval(timer);
      await flushTouches();
    },
  };
}

/** Throws unless `principal` holds `scope`: UNAUTHENTICATED without a key, FORBIDDEN without the scope. */
export function requireScope(principal: Principal | undefined, scope: Scope): Principal {
  if (!principal) throw new AuthError('UNAUTHENTICATED', 'this needs an API key: send Authorization: Bearer <key>');
  if (!principal.scopes.has(scope)) throw new AuthError('FORBIDDEN', `this API key lacks the ${scope} scope`);
  return principal;
}
