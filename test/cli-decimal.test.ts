/**
 * The CLI's number writer (cli/decimal.ts): the digits String() gives for every non-negative safe
 * integer, built from three-digit groups instead of the engine's cached conversion; anything else
 * is String()'s own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal } from '../cli/decimal.js';

describe('decimal', () => {
  it('every non-negative safe integer: the digits String() gives, at every group boundary and at random', () => {
    const edges = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 99_999, 100_000, 999_999, 1_000_000, 1_000_001, 123_456_789, 1_000_000_000, 4_294_967_296, Number.MAX_SAFE_INTEGER, -0];
    for (const n of edges) expect(decimal(n)).toBe(String(n));
    fc.assert(fc.property(fc.maxSafeNat(), (n) => decimal(n) === String(n)), { numRuns: 2000 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 9_999_999 }), (n) => decimal(n) === String(n)), { numRuns: 2000 });
  });

  it("anything else is String()'s: negatives, fractions, beyond 2^53, NaN, infinities", () => {
    for (const n of [-1, -1000, 1.5, 999.9, 2 ** 53, 2 ** 60, 1e21, Number.NaN, Infinity, -Infinity]) expect(decimal(n)).toBe(String(n));
  });
});
