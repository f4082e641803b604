import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The test configuration for mutation runs (`npm run mutation`): only the tests that exercise src/
// through its sources (not the CLI, the built dist/, child processes, other runtimes or a browser),
// and property tests capped at MQTT_CODEC_NUM_RUNS cases each (test/helpers/fast-check-capped.ts).
export default defineConfig({
  resolve: {
    alias: [{ find: /^fast-check$/, replacement: fileURLToPath(new URL('./test/helpers/fast-check-capped.ts', import.meta.url)) }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/cli.test.ts',
      'test/compat-diff.test.ts',
      'test/conversation-cli.test.ts',
      'test/exports.test.ts',
      'test/fuzz-target.test.ts',
      'test/fuzz-targets.test.ts',
      'test/pcap-*.test.ts',
      'test/stream-errors.test.ts',
      'test/compat/upstream.test.ts',
      'test/compat/mqttjs.test.ts',
      'test/capture-entry.test.ts',
      'test/capture-cli.test.ts',
      'test/runtimes/**',
      'test/browser/**',
      'test/bridge/**',
      'test/compat-aedes/**',
    ],
    env: { MQTT_CODEC_NUM_RUNS: process.env.MQTT_CODEC_NUM_RUNS ?? '10' },
    // One module cache for all test files: a mutant's run then loads src/ once, not once per test
    // file (3× fewer seconds per mutant). Mutants are switched at run time, so nothing is stale;
    // test files must not import each other (a file imported first would not register its tests).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
