import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Store suites share one FerretDB; running files one at a time keeps timings honest on 2 cores.
    fileParallelism: false,
  },
});
