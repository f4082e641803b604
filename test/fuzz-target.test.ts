/**
 * The fuzz target (fuzz/target.cjs, on the built package) keeps its invariants on every seed of
 * the corpus, including the regression inputs the fuzzer once found.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const { fuzz } = createRequire(import.meta.url)(join(root, 'fuzz', 'target.cjs')) as { fuzz: (data: Uint8Array) => void };

describe('fuzz target invariants on the seed corpus', () => {
  const files = readdirSync(join(root, 'fuzz', 'corpus')).sort();
  it('has seeds from every fixture file, the sessions and the regressions', () => {
    expect(files.length).toBeGreaterThan(600);
    expect(files.some((f) => f.startsWith('session-'))).toBe(true);
    expect(files.some((f) => f.startsWith('regression-'))).toBe(true);
  });
  it('holds on every seed', () => {
    for (const f of files) {
      const data = new Uint8Array(readFileSync(join(root, 'fuzz', 'corpus', f)));
      expect(() => fuzz(data), f).not.toThrow();
    }
  });
});
