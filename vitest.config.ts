import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property-based suites run thousands of cases; on a loaded 2-core CI machine a suite can take
    // several seconds. This only bounds a hang: no test asserts on time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
