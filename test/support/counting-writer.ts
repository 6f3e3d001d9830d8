import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../server/storage/sqlite/database';
import { WriteLock } from '../../server/storage/sqlite/write-lock';
import { WriteQueue } from '../../server/storage/sqlite/write-queue';
import { countUp } from './count-up';

/**
 * A second thread writing the test's database through its own connection and write queue: it counts
 * up (`jobs`), or holds a write transaction for `holdMs` and says so when it starts.
 */
const { path, lock, jobs, holdMs } = workerData as { path: string; lock: SharedArrayBuffer; jobs?: number; holdMs?: number };
const db = openDatabase(path);
const queue = new WriteQueue(db, new WriteLock(lock));
if (holdMs) {
  await queue.run(() => {
    db.prepare('INSERT INTO counter (n) VALUES (0)').run();
    parentPort!.postMessage('holding');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, holdMs);
  });
  parentPort!.postMessage('released');
} else {
  parentPort!.postMessage(await countUp(queue, db, jobs ?? 0));
}
db.close();
