/**
 * `npm run --silent keys -- <command>`: API keys, with the server's own settings (DATABASE_PATH or
 * DATABASE_URL, REDIS_URL, KEY_PREFIX from the environment).
 *
 *   create --name NAME --scopes read,trade [--account ACCOUNT]   prints only the new key (one line)
 *   list                                                          every key, no secrets
 *   revoke NAME_OR_ID                                             stops it on every API process within 1 s
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openStorage } from '../db/open.js';
import type { Storage } from '../db/port.js';
import { createPubSub, type PubSub } from '../events/pubsub.js';
import { createLogger } from '../logger.js';
import { createAuth, type KeyView } from '../services/auth.js';
import { InputError } from '../services/errors.js';

const USAGE = `usage: npm run --silent keys -- create --name NAME --scopes read,trade[,admin] [--account ACCOUNT]
       npm run --silent keys -- list
       npm run --silent keys -- revoke NAME_OR_ID`;

const time = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19));

function table(keys: readonly KeyView[]): string {
  const rows = [['NAME', 'PREFIX', 'ACCOUNT', 'SCOPES', 'CREATED', 'LAST USED', 'REVOKED']];
  for (const k of keys) rows.push([k.name, k.prefix, k.accountName, k.scopes.join(','), time(k.createdAt), time(k.lastUsedAt), time(k.revokedAt)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  const logger = createLogger('silent');
  let storage: Storage | undefined;
  let pubsub: PubSub | undefined;
  try {
    storage = await openStorage(config);
    if (command === 'create') {
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, scopes: { type: 'string' }, account: { type: 'string' } }, strict: true });
      if (!values.name || !values.scopes) throw new InputError('INVALID_ARGUMENT', 'name', 'create needs --name and --scopes');
      const auth = createAuth({ storage, clock: Date.now, logger });
      const { key } = await auth.createKey({ name: values.name, scopes: values.scopes.split(','), account: values.account });
      await auth.close();
      process.stdout.write(`${key}\n`);
      return 0;
    }
    if (command === 'list' && rest.length === 0) {
      const auth = createAuth({ storage, clock: Date.now, logger });
      process.stdout.write(`${table(await auth.listKeys())}\n`);
      return 0;
    }
    if (command === 'revoke' && rest.length === 1) {
      // Announced over Redis when it answers; otherwise API processes stop honouring it within 1 s anyway.
      pubsub = createPubSub(config.redisUrl, config.keyPrefix);
      const reachable = await Promise.race([pubsub.redis.ping().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(r, 1_000, false))]);
      const auth = createAuth({ storage, ...(reachable ? { pubsub } : {}), clock: Date.now, logger });
      const revoked = await auth.revokeKey(rest[0]!);
      process.stdout.write(`revoked ${revoked.name} (${revoked.prefix}, account ${revoked.accountName})\n`);
      return 0;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } catch (err) {
    process.stderr.write(`keys: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await pubsub?.close();
    await storage?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
