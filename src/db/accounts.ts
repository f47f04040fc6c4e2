/**
 * Accounts and API keys, written once for both engines (Kysely): keys are looked up once per
 * connection or per cache period, not per order, so these are cold paths.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ApiKeysTable, Database } from './schema.js';

export type Scope = 'read' | 'trade' | 'admin';

export interface Account {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
}

export interface ApiKeyRecord {
  readonly id: string;
  readonly accountId: string;
  readonly accountName: string;
  readonly name: string;
  readonly prefix: string;
  /** SHA-256 (hex) of the whole key. */
  readonly hash: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: number;
  readonly lastUsedAt: number | undefined;
  readonly revokedAt: number | undefined;
}

type KeyRow = Selectable<ApiKeysTable> & { account_name: string };

function toRecord(r: KeyRow): ApiKeyRecord {
  return {
    id: r.id,
    accountId: r.account_id,
    accountName: r.account_name,
    name: r.name,
    prefix: r.prefix,
    hash: r.hash,
    scopes: r.scopes.split(',').filter((s): s is Scope => s === 'read' || s === 'trade' || s === 'admin'),
    createdAt: Number(r.created_at),
    lastUsedAt: r.last_used_at === null ? undefined : Number(r.last_used_at),
    revokedAt: r.revoked_at === null ? undefined : Number(r.revoked_at),
  };
}

function keys(kysely: Kysely<Database>) {
  return kysely.selectFrom('api_keys as k').innerJoin('accounts as a', 'a.id', 'k.account_id').selectAll('k').select('a.name as account_name');
}

/** The account named `name`, created (with `id`) when missing; racing creators get the same one. */
export async function ensureAccount(kysely: Kysely<Database>, name: string, id: string, at: number): Promise<Account> {
  await kysely.insertInto('accounts').values({ id, name, created_at: at }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await kysely.selectFrom('accounts').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, createdAt: Number(row.created_at) };
}

export async function insertKey(
  kysely: Kysely<Database>,
  key: { id: string; accountId: string; name: string; prefix: string; hash: string; scopes: readonly Scope[]; at: number },
): Promise<void> {
  await kysely
    .insertInto('api_keys')
    .values({
      id: key.id,
      account_id: key.accountId,
      name: key.name,
      prefix: key.prefix,
      hash: key.hash,
      scopes: key.scopes.join(','),
      created_at: key.at,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
}

/** The key whose public prefix is `prefix` (revoked ones included: the caller decides). */
export async function findKeyByPrefix(kysely: Kysely<Database>, prefix: string): Promise<ApiKeyRecord | undefined> {
  const row = await keys(kysely).where('k.prefix', '=', prefix).executeTakeFirst();
  return row && toRecord(row);
}

/** The key named `nameOrId` (its name, or its id). */
export async function findKey(kysely: Kysely<Database>, nameOrId: string): Promise<ApiKeyRecord | undefined> {
  const row = await keys(kysely)
    .where((eb) => eb.or([eb('k.name', '=', nameOrId), eb('k.id', '=', nameOrId)]))
    .executeTakeFirst();
  return row && toRecord(row);
}

/** Every key, oldest first. */
export async function listKeys(kysely: Kysely<Database>): Promise<ApiKeyRecord[]> {
  return (await keys(kysely).orderBy('k.created_at').orderBy('k.id').execute()).map(toRecord);
}

/** Marks the key revoked at `at` (once: a revoked key keeps its first revocation time). */
export async function revokeKey(kysely: Kysely<Database>, id: string, at: number): Promise<void> {
  await kysely.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Records that the keys were used at `at` (the latest time wins). */
export async function touchKeys(kysely: Kysely<Database>, ids: readonly string[], at: number): Promise<void> {
  if (ids.length === 0) return;
  await kysely
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', 'in', [...ids])
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
    .execute();
}

/** How many keys exist (revoked included). */
export async function countKeys(kysely: Kysely<Database>): Promise<number> {
  const row = await kysely.selectFrom('api_keys').select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
