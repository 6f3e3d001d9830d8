// A second thread writing the test's database (see write-lock.test.ts); plain JS to load TypeScript under vitest.
import { tsImport } from 'tsx/esm/api';

await tsImport('./counting-writer.ts', import.meta.url);
