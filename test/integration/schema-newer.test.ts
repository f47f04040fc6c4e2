/**
 * A database migrated by newer code (a migration this code does not know) stops start-up with one
 * line naming it, on either engine, rather than running old code against a new schema.
 */
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { SchemaTooNewError } from '../../src/db/migrate.js';
import { openStorage } from '../../src/db/open.js';
import { testEnv } from '../helpers/runtime.js';

const env = testEnv('schema-newer');
afterAll(() => env.cleanup());

it('a database at a migration newer than the code stops opening with one clear line', async () => {
  await env.prepare();
  const first = await openStorage(env.config);
  try {
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('29990101T000000_from_the_future', '2999-01-01T00:00:00.000Z')`.execute(first.kysely);
  } finally {
    await first.close();
  }
  const error = (await openStorage(env.config).catch((e: unknown) => e)) as Error;
  expect(error).toBeInstanceOf(SchemaTooNewError);
  expect(error.message).toMatch(/^the database was migrated by newer code \(unknown migration 29990101T000000_from_the_future\); run that version or a newer one$/);
});
