/** The PostgreSQL engine behind the storage port (see port.ts). */
import type { Storage } from '../port.js';

export interface PostgresOptions {
  readonly durability: 'normal' | 'full';
  /** Told how long each commit took (seconds), for the commit latency metric. */
  readonly onCommit?: (seconds: number) => void;
}

export async function openPostgresStorage(url: string, opts: PostgresOptions): Promise<Storage & { readonly engine: 'postgres' }> {
  throw new Error(`PostgreSQL storage is not built yet (${new URL(url).protocol}, durability ${opts.durability})`);
}
