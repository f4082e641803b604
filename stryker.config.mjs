// StrykerJS configuration for `npm run mutation` (scripts/mutation.mjs sets `mutate` and the
// incremental file per folder of src/). The tests run through vitest.mutation.config.ts.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  incremental: true,
  // Static mutants (code that runs only while modules load: tables, caches) would each need the
  // whole suite; they are reported as Ignored. Mutants also covered by tests still run.
  ignoreStatic: true,
  reporters: ['clear-text', 'progress'],
  thresholds: { high: 90, low: 80, break: null },
  concurrency: 2,
  timeoutMS: 10_000,
  timeoutFactor: 2,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  ignorePatterns: ['dist', 'coverage', 'reports', 'bench/results', 'test/browser', 'test/runtimes', '.vitest-results.json'],
};
