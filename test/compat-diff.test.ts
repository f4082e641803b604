/**
 * The drop-in (dist/mqtt-packet.cjs; `npm test` builds it) against mqtt-packet 9.0.2 on a small
 * seeded sample of scripts/diff-mqtt-packet.mjs (`npm run diff:mqtt-packet` runs 50,000): mutated
 * real packets through both parsers with default options, and issue 17's invalid objects through
 * both `generate`s.
 *
 * Issue 17's target: the default parser agrees with mqtt-packet's on accept/reject for at least
 * 99 % of mutated real packets, with equal objects where both accept, and `generate` writes what
 * mqtt-packet writes (or throws as it does) for every object. Measured before that work (seed 1,
 * 50,000 mutations): 64.8 % accept/reject agreement; 15 of 89 listed generate cases the same.
 * Those checks are `it.fails` until the drop-in meets them: when one starts to pass, vitest
 * reports it, and it becomes a plain `it`.
 */
import { describe, expect, it } from 'vitest';
import { generateDiff, MUTATIONS, parserDiff } from '../scripts/diff-mqtt-packet.mjs';

const SEED = 17;
const COUNT = 4000;
/** Issue 17: at least 99 % agreement on accept/reject (and equal objects where both accept). */
const TARGET = 0.99;

describe('drop-in parser vs mqtt-packet 9.0.2 on mutated real packets (seeded)', () => {
  const stats = parserDiff({ seed: SEED, count: COUNT });

  it('the harness is deterministic and exercises every mutation kind', () => {
    const again = parserDiff({ seed: SEED, count: 500 });
    expect(parserDiff({ seed: SEED, count: 500 })).toEqual(again);
    for (const kind of Object.keys(MUTATIONS)) expect(stats.byKind[kind]?.inputs ?? 0, kind).toBeGreaterThan(0);
  });

  // Fails today (64.8 % at seed 1): the drop-in is stricter than mqtt-packet (see the report of
  // `npm run diff:mqtt-packet`). Make this a plain `it` when it passes.
  it.fails(`agrees on accept/reject for at least ${TARGET * 100} % of inputs`, () => {
    expect(stats.acceptRejectAgree / stats.inputs).toBeGreaterThanOrEqual(TARGET);
  });

  it.fails(`gives deepLooseEqual objects where both accept, and agrees in all for at least ${TARGET * 100} %`, () => {
    const differ = Object.values(stats.byKind).reduce((n, k) => n + k.objectsDiffer, 0);
    expect(differ).toBe(0);
    expect(stats.fullAgree / stats.inputs).toBeGreaterThanOrEqual(TARGET);
  });
});

describe('drop-in generate vs mqtt-packet 9.0.2', () => {
  const g = generateDiff({ seed: SEED, count: 1000 });

  it('writes the same bytes for every valid object of every type (3.1.1 and 5.0)', () => {
    expect(g.valid.filter((c) => c.diff !== null)).toEqual([]);
  });

  // Fails today (15 of 89 the same): the drop-in refuses to write issue 17's invalid objects.
  it.fails("writes issue 17's invalid objects as mqtt-packet does (same bytes, or the same error)", () => {
    expect(g.listed.filter((c) => c.diff !== null).map((c) => c.name)).toEqual([]);
  });
});
