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

/** The address at `at` of the frame in `d` as its 32-bit words (one for IPv4, four for IPv6). */
function addressWords(d: Dissection, at: number): number[] {
  const b = d.data;
  // Stryker disable next-line ConditionalExpression: `false` is equivalent: an IPv4 pair then also holds the 12 bytes after each address as words, which nothing compares (match() reads one word for IPv4)
  return d.ipVersion === 4 ? [u32be(b, at)] : [u32be(b, at), u32be(b, at + 4), u32be(b, at + 8), u32be(b, at + 12)];
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
  /** The client's and the server's address as 32-bit words (one for IPv4, four for IPv6). */
  private readonly client: number[];
  private readonly server: number[];

  /** The endpoints of the frame in `d`, the client being its source when `clientIsSrc`. */
  constructor(d: Dissection, clientIsSrc: boolean) {
    const src = addressWords(d, d.srcAt);
    const dst = addressWords(d, d.dstAt);
    this.ipVersion = d.ipVersion;
    this.client = clientIsSrc ? src : dst;
    this.server = clientIsSrc ? dst : src;
    this.clientPort = clientIsSrc ? d.srcPort : d.dstPort;
    this.serverPort = clientIsSrc ? d.dstPort : d.srcPort;
    this.hash = flowHash(d);
  }

  /** The direction of the frame in `d` when it belongs to this connection. */
  match(d: Dissection): Direction | undefined {
    if (d.ipVersion !== this.ipVersion) return undefined;
    if (d.srcPort === this.clientPort && d.dstPort === this.serverPort && at(d, d.srcAt, this.client) && at(d, d.dstAt, this.server)) return 'c2s';
    if (d.srcPort === this.serverPort && d.dstPort === this.clientPort && at(d, d.srcAt, this.server) && at(d, d.dstAt, this.client)) return 's2c';
    return undefined;
  }
}

/** True when the address at `pos` of the frame in `d` is `address`. */
function at(d: Dissection, pos: number, address: number[]): boolean {
  const b = d.data;
  if (u32be(b, pos) !== address[0]) return false;
  if (d.ipVersion === 4) return true;
  return u32be(b, pos + 4) === address[1] && u32be(b, pos + 8) === address[2] && u32be(b, pos + 12) === address[3];
}
