/**
 * AddressPair and FlowMap: which connection, and which direction of it, a frame belongs to. A
 * pair holds the endpoints of a connection's first frame as numbers (IPv4 and IPv6 alike); a
 * frame matches a direction only when all four of its addresses and ports do. The flow map finds
 * a frame's entry by a hash that is the same in both directions, and tells entries that share a
 * hash apart by their pairs.
 */
import { describe, expect, it } from 'vitest';
import { AddressPair, flowHash } from '../src/capture/address-pair.js';
import { type Dissection, dissection } from '../src/capture/dissection.js';
import { FlowMap } from '../src/capture/flow-map.js';

/** A dissection of a frame whose addresses are `src` and `dst` (4 bytes each for IPv4, 16 for IPv6). */
function frame(src: number[], dst: number[], srcPort: number, dstPort: number): Dissection {
  const d = dissection();
  d.ipVersion = src.length === 4 ? 4 : 6;
  // Two filler bytes first, so that the addresses are not at offset 0.
  d.data = Uint8Array.from([0xee, 0xee, ...src, ...dst]);
  d.srcAt = 2;
  d.dstAt = 2 + src.length;
  d.srcPort = srcPort;
  d.dstPort = dstPort;
  return d;
}

const C4 = [192, 0, 2, 7];
const S4 = [198, 51, 100, 9];
const OTHER4 = [203, 0, 113, 5];

/** 2001:db8:a:b:c:d:e:N — every 32-bit word different from the others and from 0. */
const v6 = (last: number) => [0x20, 0x01, 0x0d, 0xb8, 0, 0x0a, 0, 0x0b, 0, 0x0c, 0, 0x0d, 0, 0x0e, 0, last];
const C6 = v6(1);
const S6 = v6(2);
const OTHER6 = v6(3);
/** C6 with its word `w` (0-3) changed: each word is compared. */
const near6 = (w: number) => C6.map((byte, i) => (i === 4 * w + 3 ? byte ^ 0x40 : byte));

/** A pair of the connection's first frame, sent by the client. */
const clientFirst = (d: Dissection) => new AddressPair(d, true);

describe.each([
  ['IPv4', C4, S4, OTHER4],
  ['IPv6', C6, S6, OTHER6],
])('AddressPair over %s', (_name, C, S, OTHER) => {
  it('a frame with the client as source and the server as destination is client-to-server; the reverse is server-to-client', () => {
    const pair = clientFirst(frame(C, S, 50000, 1883));
    expect(pair.match(frame(C, S, 50000, 1883))).toBe('c2s');
    expect(pair.match(frame(S, C, 1883, 50000))).toBe('s2c');
  });

  it('a pair made from a frame sent by the server (clientIsSrc false) swaps its addresses and ports', () => {
    const pair = new AddressPair(frame(S, C, 1883, 50000), false);
    expect(pair.clientPort).toBe(50000);
    expect(pair.serverPort).toBe(1883);
    expect(pair.match(frame(C, S, 50000, 1883))).toBe('c2s');
    expect(pair.match(frame(S, C, 1883, 50000))).toBe('s2c');
  });

  it('a client-to-server frame differing in any one of its addresses or ports belongs to neither direction', () => {
    const pair = clientFirst(frame(C, S, 50000, 1883));
    expect(pair.match(frame(OTHER, S, 50000, 1883))).toBeUndefined();
    expect(pair.match(frame(C, OTHER, 50000, 1883))).toBeUndefined();
    expect(pair.match(frame(C, S, 50001, 1883))).toBeUndefined();
    expect(pair.match(frame(C, S, 50000, 1884))).toBeUndefined();
  });

  it('a server-to-client frame differing in any one of its addresses or ports belongs to neither direction', () => {
    const pair = clientFirst(frame(C, S, 50000, 1883));
    expect(pair.match(frame(OTHER, C, 1883, 50000))).toBeUndefined();
    expect(pair.match(frame(S, OTHER, 1883, 50000))).toBeUndefined();
    expect(pair.match(frame(S, C, 1884, 50000))).toBeUndefined();
    expect(pair.match(frame(S, C, 1883, 50001))).toBeUndefined();
  });

  it('the hash of a connection is the same in both directions and is a non-negative small integer', () => {
    const there = flowHash(frame(C, S, 50000, 1883));
    expect(flowHash(frame(S, C, 1883, 50000))).toBe(there);
    expect(clientFirst(frame(C, S, 50000, 1883)).hash).toBe(there);
    expect(Number.isInteger(there) && there >= 0 && there < 2 ** 30).toBe(true);
    expect(flowHash(frame(C, S, 50001, 1883))).not.toBe(there);
    expect(flowHash(frame(OTHER, S, 50000, 1883))).not.toBe(there);
  });
});

describe('AddressPair: what the two address families share', () => {
  it('the address 0.0.0.0 (the number 0) is an address like any other', () => {
    const pair = clientFirst(frame([0, 0, 0, 0], S4, 68, 1883));
    expect(pair.match(frame([0, 0, 0, 0], S4, 68, 1883))).toBe('c2s');
    expect(pair.match(frame(S4, [0, 0, 0, 0], 1883, 68))).toBe('s2c');
  });

  it('an IPv6 pair does not match an IPv4 frame whose addresses are the first bytes of its IPv6 ones, nor the reverse', () => {
    const six = clientFirst(frame(C6, S6, 50000, 1883));
    // Both IPv6 addresses begin with 32.1.13.184.
    const four = frame([32, 1, 13, 184], [32, 1, 13, 184], 50000, 1883);
    expect(six.match(four)).toBeUndefined();
    expect(clientFirst(four).match(frame(C6, S6, 50000, 1883))).toBeUndefined();
  });

  it.each([0, 1, 2, 3])('IPv6 addresses are compared in all four of their words (word %i differs)', (w) => {
    const pair = clientFirst(frame(C6, S6, 50000, 1883));
    expect(pair.match(frame(near6(w), S6, 50000, 1883))).toBeUndefined();
    expect(pair.match(frame(S6, near6(w), 1883, 50000))).toBeUndefined();
    // A pair made from the changed address holds that word: the original no longer matches it.
    expect(clientFirst(frame(near6(w), S6, 50000, 1883)).match(frame(C6, S6, 50000, 1883))).toBeUndefined();
  });
});

describe('FlowMap', () => {
  const a = frame(C4, S4, 50000, 1883);
  const b = frame(C4, S4, 50001, 1883);
  const c = frame(C6, S6, 50000, 1883);

  it('finds an entry by a frame of either direction, and nothing for another connection', () => {
    const m = new FlowMap<string>();
    const e = m.add(clientFirst(a), 'a');
    expect(m.find(a)).toBe(e);
    expect(m.find(frame(S4, C4, 1883, 50000))).toBe(e);
    expect(m.find(b)).toBeUndefined();
    expect(m.size).toBe(1);
  });

  it('entries under one hash are told apart by their pairs, and each can be removed from any place in the chain', () => {
    const m = new FlowMap<string>();
    // Three pairs made to share one hash, as colliding connections would.
    const same = (d: Dissection) => Object.assign(clientFirst(d), { hash: 7 });
    const ea = m.add(same(a), 'a');
    const eb = m.add(same(b), 'b');
    const ec = m.add(same(c), 'c');
    expect([m.find(a, 7), m.find(b, 7), m.find(c, 7)]).toEqual([ea, eb, ec]);
    m.remove(eb); // the middle of the chain
    expect([m.find(a, 7), m.find(b, 7), m.find(c, 7)]).toEqual([ea, undefined, ec]);
    m.remove(ec); // its head
    expect([m.find(a, 7), m.find(c, 7)]).toEqual([ea, undefined]);
    m.remove(ea); // the last one
    expect(m.find(a, 7)).toBeUndefined();
    expect(m.size).toBe(0);
  });

  it('removing an entry twice, or one of another map, changes nothing (also where other entries share its hash)', () => {
    const m = new FlowMap<string>();
    const other = new FlowMap<string>();
    const same = (d: Dissection) => Object.assign(clientFirst(d), { hash: 7 });
    const ea = m.add(same(a), 'a');
    const eb = m.add(same(b), 'b');
    const foreign = other.add(same(c), 'c');
    m.remove(foreign);
    expect(m.size).toBe(2);
    m.remove(ea); // the end of the chain, twice
    m.remove(ea);
    expect(m.size).toBe(1);
    expect(m.find(b, 7)).toBe(eb);
    m.add(same(a), 'a again');
    m.remove(eb); // the head, twice: the entry added since stays
    m.remove(eb);
    expect(m.size).toBe(1);
    expect(m.find(a, 7)?.value).toBe('a again');
    expect(other.find(c, 7)).toBe(foreign);
  });

  it('gives its entries in the order they were added, and clear() empties it', () => {
    const m = new FlowMap<string>();
    m.add(clientFirst(c), 'c');
    const ea = m.add(clientFirst(a), 'a');
    m.add(clientFirst(b), 'b');
    ea.value = 'a again'; // a value changed in place keeps its place
    expect(m.entries().map((e) => e.value)).toEqual(['c', 'a again', 'b']);
    // Entries under one hash too (a chain holds the newest first).
    const same = (d: Dissection) => Object.assign(clientFirst(d), { hash: 7 });
    m.add(same(frame(C4, S4, 40000, 1883)), 'd');
    m.add(same(frame(C4, S4, 40001, 1883)), 'e');
    expect(m.entries().map((e) => e.value)).toEqual(['c', 'a again', 'b', 'd', 'e']);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.find(a)).toBeUndefined();
    expect(m.entries()).toEqual([]);
  });
});
