import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and server tests start real servers; two cores do not gain from more workers.
    maxWorkers: 2,
    // A polled condition is a wait for a page or a server to catch up, not a timing: on two busy cores it can take seconds.
    expect: { poll: { timeout: 5_000 } },
  },
});
