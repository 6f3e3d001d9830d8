import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints copy pages back into the database file and fsync it: done by SQLite inside a
 * commit, they would stall the request path. A worker thread with its own connection runs them on
 * a timer instead; the main connection keeps a large auto-checkpoint as a safety net.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage(String(e && e.message)); }
}, workerData.intervalMs);
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); db.close(); parentPort.close(); } });
`;

export class Checkpointer {
  private readonly worker: Worker;

  constructor(path: string, intervalMs = 250) {
    const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: { path, modulePath, intervalMs } });
    this.worker.unref();
    this.worker.on('message', (m) => console.warn(`WAL checkpoint failed: ${m}`));
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // Unreferenced, the worker would not keep the process alive long enough to be waited for.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }
}
