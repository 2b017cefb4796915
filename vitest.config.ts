import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Builds dist/ once for every test that runs built code.
    globalSetup: ['test/global-setup.ts'],
  },
});
