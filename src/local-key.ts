/**
 * `npm start`'s local key: on the embedded default (SQLite), when no API key exists yet, one named
 * `local` (read and trade) is created and kept in a file beside the database, readable by its owner
 * only (mode 0600), so the dashboard works with two commands. The printed dashboard URL carries
 * the key in its fragment, which browsers never send to a server; the page stores it and removes
 * it from the address bar. Shared deployments create named keys with `npm run keys`.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from './config.js';
import type { Auth } from './services/auth.js';

export const LOCAL_KEY_NAME = 'local';

/** Where the local key is kept: beside the SQLite database. */
export function localKeyFile(config: Pick<Config, 'databasePath'>): string {
  return join(dirname(config.databasePath), 'local-api-key');
}

/**
 * The local key: created (and written to its file) when no key exists at all, read back from its
 * file on later starts while it is still valid; undefined otherwise (keys made by the operator,
 * or the local one revoked).
 */
export async function ensureLocalKey(config: Pick<Config, 'databasePath' | 'databaseUrl'>, auth: Auth): Promise<string | undefined> {
  if (config.databaseUrl !== undefined) return undefined; // a server database is a shared deployment
  const file = localKeyFile(config);
  if ((await auth.listKeys()).length === 0) {
    const { key } = await auth.createKey({ name: LOCAL_KEY_NAME, scopes: ['read', 'trade'] });
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    chmodSync(file, 0o600); // an existing file keeps its mode on write: make sure
    return key;
  }
  if (!existsSync(file)) return undefined;
  const key = readFileSync(file, 'utf8').trim();
  return (await auth.authenticate(key)) ? key : undefined;
}
