/**
 * AddressPair: which direction of a connection a frame belongs to. IPv4 frames are compared by
 * the addresses remembered as numbers from the connection's first frame, IPv6 frames by the
 * connection's printable addresses; a frame matches a direction only when all four of its
 * addresses and ports do.
 */
import { describe, expect, it } from 'vitest';
import { AddressPair } from '../src/capture/address-pair.js';
import { type Dissection, dissection } from '../src/capture/dissection.js';
import type { Connection } from '../src/capture/types.js';

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

function connection(client: string, clientPort: number, server: string, serverPort: number): Connection {
  return { client: { address: client, port: clientPort }, server: { address: server, port: serverPort } } as Connection;
}

const C4 = [192, 0, 2, 7];
const S4 = [198, 51, 100, 9];
const OTHER4 = [203, 0, 113, 5];
const conn4 = connection('192.0.2.7', 50000, '198.51.100.9', 1883);

const v6 = (...tail: number[]) => [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(12 - tail.length).fill(0), ...tail];
const C6 = v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1); // 2001:db8::1
const S6 = v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2); // 2001:db8::2
const OTHER6 = v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3); // 2001:db8::3
const conn6 = connection('2001:db8::1', 50000, '2001:db8::2', 1883);

/** A pair that remembered the connection's first frame, sent by the client. */
function remembered(d: Dissection): AddressPair {
  const pair = new AddressPair();
  pair.remember(d, true);
  return pair;
}

describe('AddressPair over IPv4 (addresses compared as remembered numbers)', () => {
  it('a frame with the client as source and the server as destination is client-to-server; the reverse is server-to-client', () => {
    const pair = remembered(frame(C4, S4, 50000, 1883));
    expect(pair.match(frame(C4, S4, 50000, 1883), conn4)).toBe('c2s');
    expect(pair.match(frame(S4, C4, 1883, 50000), conn4)).toBe('s2c');
  });

  it('remembering a frame sent by the server (clientIsSrc false) swaps its addresses', () => {
    const pair = new AddressPair();
    pair.remember(frame(S4, C4, 1883, 50000), false);
    expect(pair.match(frame(C4, S4, 50000, 1883), conn4)).toBe('c2s');
    expect(pair.match(frame(S4, C4, 1883, 50000), conn4)).toBe('s2c');
  });

  it('a client-to-server frame differing in any one of its addresses or ports belongs to neither direction', () => {
    const pair = remembered(frame(C4, S4, 50000, 1883));
    expect(pair.match(frame(OTHER4, S4, 50000, 1883), conn4)).toBeUndefined();
    expect(pair.match(frame(C4, OTHER4, 50000, 1883), conn4)).toBeUndefined();
    expect(pair.match(frame(C4, S4, 50001, 1883), conn4)).toBeUndefined();
    expect(pair.match(frame(C4, S4, 50000, 1884), conn4)).toBeUndefined();
  });

  it('a server-to-client frame differing in any one of its addresses or ports belongs to neither direction', () => {
    const pair = remembered(frame(C4, S4, 50000, 1883));
    expect(pair.match(frame(OTHER4, C4, 1883, 50000), conn4)).toBeUndefined();
    expect(pair.match(frame(S4, OTHER4, 1883, 50000), conn4)).toBeUndefined();
    expect(pair.match(frame(S4, C4, 1884, 50000), conn4)).toBeUndefined();
    expect(pair.match(frame(S4, C4, 1883, 50001), conn4)).toBeUndefined();
  });

  it('before any address is remembered no IPv4 frame matches, not even one whose addresses and ports are the connection\'s', () => {
    const pair = new AddressPair();
    expect(pair.match(frame(C4, S4, 50000, 1883), conn4)).toBeUndefined();
    expect(pair.match(frame(S4, C4, 1883, 50000), conn4)).toBeUndefined();
  });

  it('the address 0.0.0.0 (the number 0) is remembered like any other', () => {
    const zero = connection('0.0.0.0', 68, '198.51.100.9', 1883);
    const pair = remembered(frame([0, 0, 0, 0], S4, 68, 1883));
    expect(pair.match(frame([0, 0, 0, 0], S4, 68, 1883), zero)).toBe('c2s');
    expect(pair.match(frame(S4, [0, 0, 0, 0], 1883, 68), zero)).toBe('s2c');
  });

  it('a pair that remembered an IPv6 frame holds no IPv4 numbers: an IPv4 frame whose addresses are the first bytes of its IPv6 ones does not match', () => {
    const pair = remembered(frame(C6, S6, 50000, 1883));
    // 2001:db8::1 and 2001:db8::2 both begin with 32.1.13.184.
    const same = connection('32.1.13.184', 50000, '32.1.13.184', 1883);
    expect(pair.match(frame([32, 1, 13, 184], [32, 1, 13, 184], 50000, 1883), same)).toBeUndefined();
  });
});

describe('AddressPair over IPv6 (addresses compared as RFC 5952 text)', () => {
  it('a frame with the client as source and the server as destination is client-to-server; the reverse is server-to-client', () => {
    const pair = remembered(frame(C6, S6, 50000, 1883));
    expect(pair.match(frame(C6, S6, 50000, 1883), conn6)).toBe('c2s');
    expect(pair.match(frame(S6, C6, 1883, 50000), conn6)).toBe('s2c');
  });

  it('an IPv6 frame matches by the connection\'s addresses, with or without an IPv4 frame remembered', () => {
    const pair = new AddressPair();
    expect(pair.match(frame(C6, S6, 50000, 1883), conn6)).toBe('c2s');
    expect(pair.match(frame(S6, C6, 1883, 50000), conn6)).toBe('s2c');
  });

  it('a client-to-server frame differing in any one of its addresses or ports belongs to neither direction', () => {
    const pair = remembered(frame(C6, S6, 50000, 1883));
    expect(pair.match(frame(OTHER6, S6, 50000, 1883), conn6)).toBeUndefined();
    expect(pair.match(frame(C6, OTHER6, 50000, 1883), conn6)).toBeUndefined();
    expect(pair.match(frame(C6, S6, 50001, 1883), conn6)).toBeUndefined();
    expect(pair.match(frame(C6, S6, 50000, 1884), conn6)).toBeUndefined();
  });

  it('a server-to-client frame differing in any one of its addresses or ports belongs to neither direction', () => {
    const pair = remembered(frame(C6, S6, 50000, 1883));
    expect(pair.match(frame(OTHER6, C6, 1883, 50000), conn6)).toBeUndefined();
    expect(pair.match(frame(S6, OTHER6, 1883, 50000), conn6)).toBeUndefined();
    expect(pair.match(frame(S6, C6, 1884, 50000), conn6)).toBeUndefined();
    expect(pair.match(frame(S6, C6, 1883, 50001), conn6)).toBeUndefined();
  });
});
