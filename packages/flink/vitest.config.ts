import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@sluice/source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration files each start Flink jobs (a JVM client and Python workers): one file at a
    // time keeps the shared 2-core machine and the 4 task slots usable for everyone else.
    fileParallelism: false,
  },
});
