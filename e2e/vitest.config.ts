import { defineConfig } from 'vitest/config';

// One browser at a time: the machine has two cores and the stack under test shares them.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
