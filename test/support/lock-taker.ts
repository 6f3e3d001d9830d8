import { workerData } from 'node:worker_threads';
import { WriteLock } from '../../server/storage/sqlite/write-lock';

/** A thread whose last work is a turn on the lock: it waits for it, takes it, gives it back, and ends. */
const lock = new WriteLock(workerData.lock as SharedArrayBuffer);
await lock.acquire();
lock.release();
