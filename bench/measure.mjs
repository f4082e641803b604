// benchmark.js, run the same way by every benchmark script of bench/: one benchmark, synchronous,
// reporting its mean rate (hz), relative margin of error, and the median rate over its samples.
import Benchmark from 'benchmark';

/** The median of `xs`. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `fn` as one benchmark.js benchmark with `options`; throws what it threw. */
export function measure(name, fn, options) {
  const bench = new Benchmark(name, fn, options);
  bench.run({ async: false });
  if (bench.error) throw bench.error;
  const { stats } = bench;
  return {
    hz: bench.hz,
    rme: stats.rme,
    medianHz: 1 / median(stats.sample),
    samples: stats.sample.length,
    meanNs: stats.mean * 1e9,
  };
}
