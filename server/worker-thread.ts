import { Worker } from 'node:worker_threads';

/** A worker thread running a TypeScript module; `data` (cloneable) is its `workerData`, with `entry` added. */
export function tsWorker(entry: URL, data: object): Worker {
  return new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { ...data, entry: entry.href } });
}
