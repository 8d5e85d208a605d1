import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@sluice/source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The memory-bound test measures the heap after an explicit collection.
    execArgv: ['--expose-gc'],
  },
});
