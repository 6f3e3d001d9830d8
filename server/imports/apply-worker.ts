import { parentPort, workerData } from 'node:worker_threads';
import type { SharedConnection } from '../storage/sqlite/database';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage';
import { applyPass, type ApplyJob } from './apply-pass';
import type { FromApplyWorker } from './apply-runner';

/** A large file's second pass, on a thread of its own (see `workerRunner`). */
const { shared, job } = workerData as { shared: SharedConnection; job: ApplyJob };
const port = parentPort!;
const storage = SqliteStorage.forThread(shared);
let last = 0;
try {
  const outcome = await applyPass(storage, job, (bytes, rows) => {
    // Progress a few times a second is enough for a bar (a message per batch would flood the port); the
    // last read always goes, so that the bar says the merge is under way.
    if (Date.now() - last < 100 && rows < job.target.rows) return;
    last = Date.now();
    port.postMessage({ bytes, rows } satisfies FromApplyWorker);
  });
  port.postMessage({ outcome } satisfies FromApplyWorker);
} catch (error) {
  port.postMessage({ error: (error as Error).message } satisfies FromApplyWorker);
} finally {
  await storage.close();
}
