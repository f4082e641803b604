/**
 * Every fuzz target of fuzz/targets/ (on the built package) keeps its invariants on its whole
 * seed corpus and on a few hundred mutations of it, so CI proves each target, its seeds and its
 * mutator work; `npm run fuzz -- --target NAME` runs a million. The capture target runs once the
 * capture reader's entry (dist/capture.cjs) is built.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Target {
  name: string;
  unavailable?: () => string | undefined;
  seeds: () => Uint8Array[];
  mutate: (input: Uint8Array, rand: (n: number) => number, corpus: Uint8Array[]) => Uint8Array;
  fuzz: (data: Uint8Array) => void;
}

const root = join(__dirname, '..');
const load = (name: string) => createRequire(import.meta.url)(join(root, 'fuzz', 'targets', `${name}.cjs`)) as Target;

/** The runner's xorshift32, seeded. */
function generator(seed: number): (n: number) => number {
  let state = seed >>> 0 || 1;
  return (n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % n;
  };
}

const MUTATIONS: Record<string, number> = { codec: 500, 'drop-in': 400, conversation: 300, capture: 60 };

describe.each(['codec', 'drop-in', 'conversation', 'capture'])('fuzz target %s', (name) => {
  const target = load(name);
  const why = target.unavailable?.();
  it.skipIf(why !== undefined)(`holds its invariants on every seed and ${MUTATIONS[name]} mutations`, () => {
    const corpus = target.seeds();
    expect(corpus.length).toBeGreaterThan(5);
    for (const [i, seed] of corpus.entries()) expect(() => target.fuzz(seed), `seed ${i}`).not.toThrow();
    const rand = generator(7);
    let changed = 0;
    for (let i = 0; i < MUTATIONS[name]; i++) {
      const parent = corpus[rand(corpus.length)];
      const input = target.mutate(parent, rand, corpus);
      expect(input).toBeInstanceOf(Uint8Array);
      if (Buffer.compare(Buffer.from(input), Buffer.from(parent)) !== 0) changed++;
      expect(() => target.fuzz(input), `mutation ${i}: ${Buffer.from(input).toString('hex').slice(0, 200)}`).not.toThrow();
    }
    // The mutator changes inputs (most of the time: a swap may pick one record twice).
    expect(changed).toBeGreaterThan(MUTATIONS[name] / 2);
  });
  if (why !== undefined) it(`is skipped with a reason: ${why}`, () => expect(why).toMatch(/capture entry not built/));
});
