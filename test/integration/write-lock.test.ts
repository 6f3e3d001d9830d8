import { tsWorker } from '../../server/worker-thread';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/storage/sqlite/database';
import { WriteLock } from '../../server/storage/sqlite/write-lock';
import { WriteQueue } from '../../server/storage/sqlite/write-queue';
import { countUp } from '../support/count-up';
import { tempDir } from '../support/stack';

const dir = tempDir();
afterAll(() => dir.remove());

/** A second thread on its own connection to the same file, as the server's notification applier. */
function secondThread(name: string, data: { jobs?: number; holdMs?: number }, lock: WriteLock) {
  const path = `${dir.path}/${name}.sqlite`;
  const db = openDatabase(path);
  db.exec('CREATE TABLE IF NOT EXISTS counter (n INTEGER NOT NULL)');
  const worker = tsWorker(new URL('../support/counting-writer.ts', import.meta.url), { path, lock: lock.buffer, ...data });
  const says = (what: string) => new Promise<void>((resolve, reject) => (worker.on('message', (m) => m === what && resolve()), worker.once('error', reject)));
  return { db, worker, says };
}

describe('WriteLock', () => {
  it('lets two threads write one file in turns: every job commits, none overlaps another', async () => {
    const lock = new WriteLock();
    const { db, worker } = secondThread('count', { jobs: 400 }, lock);
    const theirs = new Promise<string[]>((resolve) => worker.once('message', resolve));
    const ours = await countUp(new WriteQueue(db, lock), db, 400);
    expect([...ours, ...(await theirs)].filter((o) => o !== 'ok')).toEqual([]);
    expect(db.prepare('SELECT n FROM counter ORDER BY n').pluck().all()).toEqual(Array.from({ length: 800 }, (_, i) => i + 1));
    db.close();
  });

  it('keeps the waiting thread answering: its event loop runs while the other thread holds the write', async () => {
    const lock = new WriteLock();
    const { db, says } = secondThread('hold', { holdMs: 300 }, lock);
    const released = says('released');
    await says('holding');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await new WriteQueue(db, lock).run(() => db.prepare('INSERT INTO counter (n) VALUES (1)').run());
    clearInterval(timer);
    await released;
    // Waiting in SQLite's busy handler instead would block this thread for the 300 ms: no tick at all.
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(db.prepare('SELECT n FROM counter ORDER BY rowid').pluck().all()).toEqual([0, 1]);
    db.close();
  });

  it('a thread whose last work is waiting for its turn stays alive to take it, so the threads after it get theirs', async () => {
    const lock = new WriteLock();
    await lock.acquire();
    const worker = tsWorker(new URL('../support/lock-taker.ts', import.meta.url), { lock: lock.buffer });
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    // The worker has taken its ticket once NEXT moved past ours.
    await expect.poll(() => Atomics.load(new Int32Array(lock.buffer), 0)).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    lock.release();
    expect(await exited).toBe(0);
    const again = await Promise.race([lock.acquire().then(() => 'acquired'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000))]);
    expect(again).toBe('acquired');
    lock.release();
  });
});
