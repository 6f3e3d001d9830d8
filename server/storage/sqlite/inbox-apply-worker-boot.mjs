// Worker threads start without the parent's TypeScript loader (under vitest, say): this plain module
// brings tsx in and loads the worker written in TypeScript.
import { tsImport } from 'tsx/esm/api';

await tsImport('./inbox-apply-worker.ts', import.meta.url);
