/**
 * A TCP connection's two endpoints (addresses and ports) as numbers, taken from its first frame:
 * the per-frame path tells which direction of the connection a frame belongs to, and finds the
 * connection of a frame by a hash that is the same in both directions, without a string per frame.
 *
 * @module
 */
import { u32be } from './bytes.js';
import type { Dissection } from './dissection.js';
import type { Direction } from './types.js';

/** Words 2 to 4 of the IPv6 address at `at` of `b` (the first is kept apart). */
function tailWords(b: Uint8Array, at: number): number[] {
  return [u32be(b, at + 4), u32be(b, at + 8), u32be(b, at + 12)];
}

/** A 32-bit mix of one endpoint: its address's words and its port. */
function endpointHash(b: Uint8Array, at: number, n: number, port: number): number {
  // Stryker disable next-line ArithmeticOperator: equivalent; any constant added to the port mixes as well (the hash only spreads entries; entries that share one are told apart by their pairs)
  let h = Math.imul(port + 1, 0x9e3779b1);
  for (let i = 0; i < n; i++) h = Math.imul(h ^ u32be(b, at + 4 * i), 0x85ebca6b) ^ (h >>> 15);
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return h ^ (h >>> 13);
}

/**
 * The hash of the frame's connection: the same for both directions (the two endpoints' mixes
 * added), a non-negative small integer (a fast Map key).
 */
export function flowHash(d: Dissection): number {
  const n = d.ipVersion === 4 ? 1 : 4;
  const h = (endpointHash(d.data, d.srcAt, n, d.srcPort) + endpointHash(d.data, d.dstAt, n, d.dstPort)) | 0;
  return (h ^ (h >>> 17)) & 0x3fffffff;
}

/** Which direction of one connection a frame belongs to, if any. */
export class AddressPair {
  readonly ipVersion: 4 | 6;
  readonly clientPort: number;
  readonly serverPort: number;
  /** {@link flowHash} of the connection's frames. */
  readonly hash: number;
  /** The first 32-bit word of the client's and of the server's address (an IPv4 address whole). */
  private readonly client0: number;
  private readonly server0: number;
  /** IPv6: words 2 to 4 of the client's and of the server's address (null for IPv4). */
  private readonly six: { client: number[]; server: number[] } | null;

  /**
   * The endpoints of the frame in `d`, the client being its source when `clientIsSrc`; `hash` is
   * `flowHash(d)` when the caller has it.
   */
  constructor(d: Dissection, clientIsSrc: boolean, hash = flowHash(d)) {
    const b = d.data;
    const clientAt = clientIsSrc ? d.srcAt : d.dstAt;
    const serverAt = clientIsSrc ? d.dstAt : d.srcAt;
    this.ipVersion = d.ipVersion;
    this.client0 = u32be(b, clientAt);
    this.server0 = u32be(b, serverAt);
    this.six = d.ipVersion === 6 ? { client: tailWords(b, clientAt), server: tailWords(b, serverAt) } : null;
    this.clientPort = clientIsSrc ? d.srcPort : d.dstPort;
    this.serverPort = clientIsSrc ? d.dstPort : d.srcPort;
    this.hash = hash;
  }

  /** The direction of the frame in `d` when it belongs to this connection (IPv4: numbers compared, nothing made). */
  match(d: Dissection): Direction | undefined {
    if (d.ipVersion !== this.ipVersion) return undefined;
    const b = d.data;
    const src = u32be(b, d.srcAt);
    const dst = u32be(b, d.dstAt);
    const six = this.six;
    if (d.srcPort === this.clientPort && d.dstPort === this.serverPort && src === this.client0 && dst === this.server0) {
      if (six === null || (rest(b, d.srcAt, six.client) && rest(b, d.dstAt, six.server))) return 'c2s';
    }
    if (d.srcPort === this.serverPort && d.dstPort === this.clientPort && src === this.server0 && dst === this.client0) {
      if (six === null || (rest(b, d.srcAt, six.server) && rest(b, d.dstAt, six.client))) return 's2c';
    }
    return undefined;
  }
}

/** True when the IPv6 address at `pos` of `b` has the words 2 to 4 in `tail`. */
function rest(b: Uint8Array, pos: number, tail: number[]): boolean {
  return u32be(b, pos + 4) === tail[0] && u32be(b, pos + 8) === tail[1] && u32be(b, pos + 12) === tail[2];
}
