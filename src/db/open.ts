/**
 * Opens the storage engine the configuration names: PostgreSQL when `databaseUrl` is set
 * (postgres://…), otherwise embedded SQLite at `databasePath`. Migrations run on open, for either.
 */
import type { Storage } from './port.js';
import { openSqliteStorage } from './sqlite/storage.js';

export interface StorageConfig {
  readonly databasePath: string;
  readonly databaseUrl: string | undefined;
  readonly durability: 'normal' | 'full';
}

export interface StorageHooks {
  /** Told how long each commit took (seconds): the commit latency metric. */
  readonly onCommit?: (seconds: number) => void;
}

export async function openStorage(config: StorageConfig, hooks: StorageHooks = {}): Promise<Storage> {
  const options = { durability: config.durability, ...(hooks.onCommit ? { onCommit: hooks.onCommit } : {}) };
  if (config.databaseUrl !== undefined) {
    // Loaded only when asked for: the embedded default never loads pg.
    const { openPostgresStorage } = await import('./postgres/storage.js');
    return openPostgresStorage(config.databaseUrl, options);
  }
  return openSqliteStorage(config.databasePath, options);
}
