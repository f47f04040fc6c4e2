/**
 * Group commit (src/db/sqlite/group-commit.ts, through the unit of work): the writes queued in one event-loop turn run in one
 * transaction and settle after its COMMIT; a failing write rolls back only its own savepoint; a
 * failed transaction rejects the whole batch and undoes every write; rollback hooks (the market
 * cache) run for exactly what was undone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeSqlite, openSqlite } from '../../src/db/sqlite/connect.js';
import type { SqliteDb as Db } from '../../src/db/sqlite/db.js';

let dir: string;
let db: Db;

const insert = (id: string) => db.sqlite.prepare('INSERT INTO pools (id, state, updated_at) VALUES (?, ?, 0)').run(id, '{}');
const ids = () => (db.sqlite.prepare("SELECT id FROM pools WHERE id LIKE 'b-%' ORDER BY id").all() as { id: string }[]).map((r) => r.id);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oee-batcher-'));
  db = await openSqlite(join(dir, 'b.sqlite'));
});
afterAll(async () => {
  await closeSqlite(db);
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  db.sqlite.prepare("DELETE FROM pools WHERE id LIKE 'b-%'").run();
});

describe('group commit', () => {
  it('runs one turn\'s writes in order inside one transaction and settles them after the commit', async () => {
    const log: string[] = [];
    // A second connection sees nothing until the batch committed.
    const other = new (db.sqlite.constructor as new (path: string) => Db['sqlite'])(db.sqlite.name);
    const seenByOther = () => (other.prepare("SELECT count(*) AS n FROM pools WHERE id LIKE 'b-%'").get() as { n: number }).n;
    const writes = ['b-1', 'b-2', 'b-3'].map((id) =>
      db.uow.write(() => {
        expect(db.sqlite.inTransaction).toBe(true);
        insert(id);
        log.push(`run ${id}: other sees ${seenByOther()}`);
        return id;
      }).then((v) => log.push(`settled ${v}: other sees ${seenByOther()}`)),
    );
    await Promise.all(writes);
    other.close();
    expect(log).toEqual([
      'run b-1: other sees 0',
      'run b-2: other sees 0',
      'run b-3: other sees 0',
      'settled b-1: other sees 3',
      'settled b-2: other sees 3',
      'settled b-3: other sees 3',
    ]);
  });

  it('a throwing write rejects alone, with its own partial writes undone; the others commit', async () => {
    const results = await Promise.allSettled([
      db.uow.write(() => insert('b-a')),
      db.uow.write(() => {
        insert('b-partial');
        throw new Error('boom');
      }),
      db.uow.write(() => insert('b-a')), // primary key violation: rejects alone
      db.uow.write(() => insert('b-c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'boom' });
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(ids()).toEqual(['b-a', 'b-c']);
  });

  it('when the transaction itself is lost, every write of the batch rejects and nothing is kept', async () => {
    const results = await Promise.allSettled([
      db.uow.write(() => insert('b-x')),
      db.uow.write(() => {
        insert('b-y');
        db.sqlite.exec('ROLLBACK'); // what SQLite does on e.g. SQLITE_FULL
      }),
      db.uow.write(() => insert('b-z')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(db.sqlite.inTransaction).toBe(false);
    expect(ids()).toEqual([]);
    // The batcher still works afterwards.
    await db.uow.write(() => insert('b-after'));
    expect(ids()).toEqual(['b-after']);
  });

  it('runs rollback hooks for what a savepoint or the transaction undid, never for what committed', async () => {
    const undone: string[] = [];
    await Promise.allSettled([
      db.uow.write(() => {
        db.uow.immediate(() => insert('b-kept'));
        db.uow.onRollback(() => undone.push('kept'));
      }),
      db.uow.write(() => {
        db.uow.immediate(() => insert('b-inner'));
        db.uow.onRollback(() => undone.push('inner'));
        throw new Error('after the inner savepoint');
      }),
    ]);
    expect(undone).toEqual(['inner']);
    expect(ids()).toEqual(['b-kept']);

    // A later batch must not run the committed batch's hooks.
    await db.uow.write(() => {
      throw new Error('nothing registered');
    }).catch(() => undefined);
    expect(undone).toEqual(['inner']);
  });

  it('does not block the event loop while another process holds the write lock', async () => {
    const other = new (db.sqlite.constructor as new (path: string) => Db['sqlite'])(db.sqlite.name);
    other.exec('BEGIN IMMEDIATE');
    let settled = false;
    const first = db.uow.write(() => insert('b-waited')).then(() => (settled = true));
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 40)); // timers still fire: nothing sleeps in SQLite
    expect(Date.now() - t0).toBeLessThan(1_000);
    const second = db.uow.write(() => insert('b-joined')); // joins the waiting batch
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    other.exec('COMMIT');
    other.close();
    await Promise.all([first, second]);
    expect(ids()).toEqual(['b-joined', 'b-waited']);
    // The connection's busy_timeout is back to its setting.
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('flush commits what is queued at once (closing the database)', async () => {
    const p = db.uow.write(() => insert('b-flushed'));
    db.uow.flush();
    expect(ids()).toEqual(['b-flushed']);
    await p;
  });
});
