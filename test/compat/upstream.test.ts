/**
 * mqtt-packet 9.0.2's own test suites (test.js and testRandom.js from its npm package, unmodified)
 * run against the compat entry `mqtt-codec/mqtt-packet` (dist/mqtt-packet.cjs, built by npm test).
 * load-compat.cjs points their `require('./')` at the compat entry. Every test passes, or is in
 * differences.json with the rule that makes mqtt-packet's expectation a violation (or the reason
 * the shapes cannot match); a difference not in the list fails, and so does a listed one that no
 * longer differs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const upstream = dirname(require.resolve('mqtt-packet/package.json'));
const preload = join(__dirname, 'load-compat.cjs');

interface Difference {
  test: string;
  kind: 'stricter' | 'shape' | 'cascade';
  rule: string | null;
  specVersion: string | null;
  why: string;
}
const differences: Difference[] = JSON.parse(readFileSync(join(__dirname, 'differences.json'), 'utf8'));

/** Runs one of mqtt-packet's test files under the preload; returns stdout (exit status ignored). */
function run(file: string): string {
  try {
    return execFileSync(process.execPath, ['-r', preload, join(upstream, file)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? '');
  }
}

/** tape's TAP output → tests in order, each with its assertions' results. */
function parseTap(tap: string): { name: string; ok: number; failed: string[] }[] {
  const tests: { name: string; ok: number; failed: string[] }[] = [];
  for (const line of tap.split('\n')) {
    if (line.startsWith('# ') && !/^# (tests|pass|fail|ok)\b/.test(line)) tests.push({ name: line.slice(2), ok: 0, failed: [] });
    else if (tests.length > 0 && line.startsWith('ok ')) tests[tests.length - 1].ok++;
    else if (tests.length > 0 && line.startsWith('not ok ')) tests[tests.length - 1].failed.push(line);
  }
  return tests;
}

describe('mqtt-packet 9.0.2 test.js against mqtt-codec/mqtt-packet', () => {
  const tap = run('test.js');
  const tests = parseTap(tap);
  const failing = [...new Set(tests.filter((t) => t.failed.length > 0).map((t) => t.name))].sort();
  const listed = differences.map((d) => d.test).sort();

  it('runs the whole suite through the compat entry', () => {
    expect(tap).toMatch(/^1\.\.\d+$/m); // tape reached its end
    // mqtt-packet 9.0.2's test.js has 352 tests (some names repeat; they are counted in order).
    expect(tests.length).toBe(352);
  });

  it('every test passes or is a listed difference, and every listed difference still differs', () => {
    expect(failing).toEqual(listed);
  });

  it('each listed difference says why, with the rule or the shape behind it', () => {
    for (const d of differences) {
      expect(['stricter', 'shape', 'cascade']).toContain(d.kind);
      expect(d.why.length).toBeGreaterThan(40);
      if (d.kind === 'stricter') expect(d.rule).toMatch(/^(MQTT-\d|5\.0 §)/);
    }
  });

  it('passes all 352 tests (the default policy is mqtt-packet\'s; bridges are understood; a CONNECT is written in its pieces)', () => {
    const passed = tests.filter((t) => t.failed.length === 0);
    expect(passed.length).toBe(352);
    expect(tests.reduce((n, t) => n + t.ok, 0)).toBeGreaterThanOrEqual(650);
  });
});

describe('mqtt-packet 9.0.2 testRandom.js against mqtt-codec/mqtt-packet', () => {
  it('parses 100,000 random buffers without an exception; every one is a packet, an error or incomplete', () => {
    const out = run('testRandom.js');
    expect(out).not.toMatch(/Exception occurred/);
    expect(out).toMatch(/Benchmark complete/);
    const n = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(out)?.[1]);
    expect(n('Sent packets')).toBe(100000);
    expect(n('Valid packets') + n('Erroneous packets')).toBeLessThanOrEqual(100000);
    expect(n('Erroneous packets')).toBeGreaterThan(50000);
  });
});
