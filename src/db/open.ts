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

export async function openStorage(config: StorageConfig): Promise<Storage> {
  if (config.databaseUrl !== undefined) {
    // Loaded only when asked for: the embedded default never loads pg.
    const { openPostgresStorage } = await import('./postgres/storage.js');
    return openPostgresStorage(config.databaseUrl, { durability: config.durability });
  }
  return openSqliteStorage(config.databasePath, { durability: config.durability });
}
