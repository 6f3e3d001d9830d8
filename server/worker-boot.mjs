// Worker threads start without the parent's TypeScript loader (under vitest, say): this plain module
// brings tsx in and loads the worker's entry, written in TypeScript (see worker-thread.ts).
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
