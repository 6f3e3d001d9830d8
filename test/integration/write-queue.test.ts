import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/storage/sqlite/database';
import { WriteQueue } from '../../server/storage/sqlite/write-queue';
import { tempDir } from '../support/stack';

const dir = tempDir();
afterAll(() => dir.remove());

describe('WriteQueue (group commit on a real SQLite file)', () => {
  it('commits the jobs of one event-loop turn together, and a failing job alone leaves nothing behind', async () => {
    const db = openDatabase(`${dir.path}/queue.sqlite`);
    db.exec('CREATE TABLE t (v TEXT NOT NULL)');
    const queue = new WriteQueue(db);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    let commits = 0;
    db.function('count_commit', () => ++commits);
    db.exec("CREATE TEMP TRIGGER counted AFTER INSERT ON t WHEN NEW.v = 'first' BEGIN SELECT count_commit(); END");

    const results = await Promise.allSettled([
      queue.run(() => insert.run('first').changes),
      queue.run(() => {
        insert.run('half-written');
        throw new Error('defect after a write');
      }),
      queue.run(() => insert.run('third').changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all()).toEqual(['first', 'third']);
    // The batch was tried together, rolled back, then each job ran alone: 'first' was inserted twice, kept once.
    expect(commits).toBe(2);
    db.close();
  });

  it('answers only after the commit: a second connection sees the row when the promise resolves', async () => {
    const path = `${dir.path}/durable.sqlite`;
    const db = openDatabase(path);
    db.exec('CREATE TABLE t (v INTEGER)');
    const queue = new WriteQueue(db);
    const reader = openDatabase(path);
    const id = await queue.run(() => db.prepare('INSERT INTO t (v) VALUES (42)').run().lastInsertRowid);
    expect(reader.prepare('SELECT v FROM t WHERE rowid = ?').pluck().get(id)).toBe(42);
    reader.close();
    db.close();
  });
});
