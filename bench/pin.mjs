// Child processes of the benchmarks, pinned to the machine's cores in turn. On this project's
// machine (a VM with 2 cores) one core can run the same process 1.3–2× slower than the other for
// minutes at a time (5 December 2026: a 3.1.1 fleet stream in 1,460-byte chunks read 600–680 MB/s
// pinned to core 0 and 410–450 MB/s pinned to core 1, in alternating processes). Left to the
// system, a decoder's processes land on either core by chance, and a comparison of two decoders
// then measures where their processes ran. Pinned in turn, every decoder (or build) runs as many
// processes on each core as the others do.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

/**
 * The number of cores processes are pinned over: the machine's where Linux's `taskset` runs, else
 * 0 (the processes then go where the system puts them). `BENCH_NO_PIN=1` turns pinning off.
 */
export const PIN_CORES = (() => {
  if (process.platform !== 'linux' || process.env.BENCH_NO_PIN === '1') return 0;
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0 ? cpus().length : 0;
})();

/** `spawnSync` of Node with `args` (and `options`), pinned to core `k` modulo {@link PIN_CORES} when pinning is possible. */
export function spawnNode(k, args, options) {
  if (PIN_CORES === 0) return spawnSync(process.execPath, args, options);
  return spawnSync('taskset', ['-c', String(k % PIN_CORES), process.execPath, ...args], options);
}

/** How the processes ran, for a report's header. */
export function pinning() {
  return PIN_CORES === 0 ? 'processes not pinned' : `processes pinned to the ${PIN_CORES} cores in turn`;
}
