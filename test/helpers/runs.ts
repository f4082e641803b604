/**
 * Mutation runs (`npm run mutation`, vitest.mutation.config.ts) cap every property at
 * MQTT_CODEC_NUM_RUNS cases; a test that also asserts how many cases it saw asks `minCount(n)`:
 * `n` in ordinary runs, and 1 (something was still checked) in mutation runs.
 */
export function minCount(n: number): number {
  return process.env.MQTT_CODEC_NUM_RUNS === undefined ? n : 1;
}

/**
 * True in mutation runs. The few scale tests (a gigabyte pushed, 65,000 one-byte pushes, 50,000
 * spans) take seconds each and would run for every mutant they cover: they are skipped there
 * (`it.skipIf(mutationRun)`), their behaviour being checked at small scale by other tests.
 */
export const mutationRun = process.env.MQTT_CODEC_NUM_RUNS !== undefined;
