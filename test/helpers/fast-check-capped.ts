/**
 * fast-check for mutation runs (vitest.mutation.config.ts aliases `fast-check` to this module):
 * the same library, but `assert` runs at most MQTT_CODEC_NUM_RUNS cases per property (default 10),
 * so each of the thousands of mutants is tested in seconds, with a fixed seed. The explicit `numRuns` of a test is a
 * ceiling here, never raised. Ordinary test runs do not load this file.
 */
import * as real from '../../node_modules/fast-check/lib/fast-check.js';

const cap = Number(process.env.MQTT_CODEC_NUM_RUNS ?? 10);
const base = ((real as unknown as { default?: typeof real }).default ?? real) as typeof real;

/** fast-check's `assert` with `numRuns` capped. */
function assert(property: Parameters<typeof base.assert>[0], params?: Parameters<typeof base.assert>[1]) {
  const numRuns = Math.min(params?.numRuns ?? 100, cap);
  // A fixed seed: the same cases for every mutant, so a test's outcome changes only with the code.
  return base.assert(property as never, { seed: 0x5eed, ...params, numRuns } as never);
}

const fc = { ...base, assert } as typeof base;
export default fc;
