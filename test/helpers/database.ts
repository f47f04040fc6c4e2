/**
 * The database a test file runs on. The integration suite runs once per engine (vitest projects,
 * vitest.config.ts): TEST_ENGINE=sqlite gives each file a temp SQLite file, TEST_ENGINE=postgres a
 * fresh database on the server at TEST_DATABASE_URL (created on first use, dropped at cleanup).
 */
import pg from 'pg';

export type TestEngine = 'sqlite' | 'postgres';

export const TEST_ENGINE: TestEngine = process.env['TEST_ENGINE'] === 'postgres' ? 'postgres' : 'sqlite';

/** The server's maintenance database; test databases are created next to it. */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database name from a test prefix: lower case, [a-z0-9_] only. */
export function databaseName(prefix: string): string {
  return `oee_${prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/** The URL of database `name` on the test server. */
export function databaseUrl(name: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one query on the database at `url` over a connection of its own (tests reading what processes wrote). */
export async function queryAt<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text)).rows;
  } finally {
    await c.end();
  }
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
}

/** Drops the database, ending whatever sessions still hold it. */
export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** True when the PostgreSQL server at TEST_DATABASE_URL answers. */
export async function postgresAnswers(): Promise<boolean> {
  try {
    await admin((c) => c.query('select 1'));
    return true;
  } catch {
    return false;
  }
}
