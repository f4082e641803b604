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
 * Measured now: 98.57 % (seed 1, 50,141 inputs) and 98.4 % (this sample); 87 of 89. What is left
 * is mqtt-packet reading past the end of a packet into the next one's bytes (a property block, a
 * PUBLISH's Packet Identifier or a CONNACK's code that the packet is too short to hold), which
 * the drop-in does not copy, and duplicated properties (mqtt-packet turns them into arrays; the
 * drop-in keeps the first). The floors below are the measured figures, so a regression fails.
 */
import { describe, expect, it } from 'vitest';
import { generateDiff, MUTATIONS, parserDiff } from '../scripts/diff-mqtt-packet.mjs';

const SEED = 17;
const COUNT = 4000;
/** Measured floors on this sample (see above): accept/reject, and full agreement (objects too). */
const ACCEPT_REJECT = 0.98;
const FULL = 0.965;

describe('drop-in parser vs mqtt-packet 9.0.2 on mutated real packets (seeded)', () => {
  const stats = parserDiff({ seed: SEED, count: COUNT });

  it('the harness is deterministic and exercises every mutation kind', () => {
    const again = parserDiff({ seed: SEED, count: 500 });
    expect(parserDiff({ seed: SEED, count: 500 })).toEqual(again);
    for (const kind of Object.keys(MUTATIONS)) expect(stats.byKind[kind]?.inputs ?? 0, kind).toBeGreaterThan(0);
  });

  it(`agrees on accept/reject for at least ${ACCEPT_REJECT * 100} % of inputs`, () => {
    expect(stats.acceptRejectAgree / stats.inputs).toBeGreaterThanOrEqual(ACCEPT_REJECT);
  });

  it(`agrees in all (equal objects where both accept) for at least ${FULL * 100} %`, () => {
    expect(stats.fullAgree / stats.inputs).toBeGreaterThanOrEqual(FULL);
  });
});

describe('drop-in generate vs mqtt-packet 9.0.2', () => {
  const g = generateDiff({ seed: SEED, count: 1000 });

  it('writes the same bytes for every valid object of every type (3.1.1 and 5.0)', () => {
    expect(g.valid.filter((c) => c.diff !== null)).toEqual([]);
  });

  it("writes issue 17's invalid objects as mqtt-packet does (same bytes, or the same error)", () => {
    // PUBLISH QoS 3: mqtt-packet fails with a TypeError of its own, the drop-in with an MqttCodecError.
    expect(g.listed.filter((c) => c.diff !== null).map((c) => c.name)).toEqual(['PUBLISH QoS 3', 'PUBLISH QoS 3']);
  });
});
