import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Builds dist/ once for every test that runs built code.
    globalSetup: ['test/global-setup.ts'],
    // Vitest's default (cores - 1) is a single worker on a 2-core machine, and many of our test
    // files spend their time waiting on a child process (tsc, the CLI, npm, chromium): two workers
    // keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    // Many tests start processes (node, npx, tsc); on a busy machine 5 s is too tight for them.
    testTimeout: 20_000,
  },
});
