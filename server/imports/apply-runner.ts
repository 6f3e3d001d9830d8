import type { SharedConnection } from '../storage/sqlite/database';
import type { Storage } from '../storage/storage';
import { tsWorker } from '../worker-thread';
import { applyPass, type ApplyJob, type OnRead } from './apply-pass';

/** Runs a file's second pass, here or elsewhere. */
export type ApplyRunner = (job: ApplyJob, onRead: OnRead) => Promise<'applied' | 'duplicate'>;

export type FromApplyWorker = { bytes: number; rows: number } | { outcome: 'applied' | 'duplicate' } | { error: string };

/**
 * Files of at least this many rows are applied on a worker thread. Merging them takes seconds during
 * which the thread would answer nothing: not the dashboard, not the PSPs' notifications. Below it the
 * merge takes well under a second, less than a worker takes to start.
 */
export const WORKER_ROWS = 20_000;

/** On this thread, with this storage. */
export function inlineRunner(storage: Storage): ApplyRunner {
  return (job, onRead) => applyPass(storage, job, onRead);
}

/**
 * Large files on a worker thread with its own connection to the same database, taking turns on the
 * write lock; small ones here. The notifications keep being answered while a large file is merged
 * (they wait only for the lock when they write).
 */
export function workerRunner(shared: SharedConnection, here: ApplyRunner): ApplyRunner {
  return (job, onRead) => {
    if (job.target.rows < WORKER_ROWS) return here(job, onRead);
    return new Promise((resolve, reject) => {
      const worker = tsWorker(new URL('./apply-worker.ts', import.meta.url), { shared, job });
      let settled = false;
      worker.on('message', (m: FromApplyWorker) => {
        if ('bytes' in m) onRead(m.bytes, m.rows);
        else {
          settled = true;
          if ('outcome' in m) resolve(m.outcome);
          else reject(new Error(m.error));
        }
      });
      worker.once('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.once('exit', (code) => {
        if (!settled) reject(new Error(`the import worker stopped (exit code ${code}) before applying`));
      });
    });
  };
}
