/**
 * The capture reader's layer decoders fill a reused `Dissection` in place; these wrappers give
 * their results as plain objects, so that tests read like the layers' specifications.
 */
import { addressAt, dissection } from '../../src/capture/dissection.js';
import { decodeIp } from '../../src/capture/ip.js';
import { decodeLink } from '../../src/capture/link.js';
import { decodeTcp } from '../../src/capture/tcp.js';

/** The IP packet inside a frame of link type `linkType`, or why there is none. */
export function link(linkType: number, data: Uint8Array): { ipVersion: 4 | 6; bytes: Uint8Array } | { skip: string } {
  const d = dissection();
  const skip = decodeLink(linkType, data, 0, data.length, d);
  return skip !== undefined ? { skip } : { ipVersion: d.ipVersion, bytes: data.subarray(d.ipStart) };
}

/** An IP packet's addresses, protocol and payload; a fragment; or why it is skipped. */
export function ip(b: Uint8Array, version: 4 | 6) {
  const d = dissection();
  d.data = b;
  d.frameEnd = b.length;
  d.ipVersion = version;
  const skip = decodeIp(d);
  if (skip !== undefined) return { skip };
  const src = addressAt(d, d.srcAt);
  const dst = addressAt(d, d.dstAt);
  if (d.fragment) return { fragment: true, src, dst, protocol: d.protocol, offset: d.fragmentOffset, more: d.moreFragments };
  return { version, src, dst, protocol: d.protocol, payload: b.subarray(d.transportStart, d.ipEnd) };
}

/** A TCP segment's header fields and payload, or why it could not be decoded. */
export function tcp(b: Uint8Array) {
  const d = dissection();
  d.data = b;
  d.frameEnd = b.length;
  d.ipEnd = b.length;
  const skip = decodeTcp(d);
  if (skip !== undefined) return skip;
  const f = d.flags;
  return {
    srcPort: d.srcPort, dstPort: d.dstPort, seq: d.seq, ack: d.ack,
    syn: (f & 2) !== 0, fin: (f & 1) !== 0, rst: (f & 4) !== 0, ackFlag: (f & 0x10) !== 0,
    payload: b.subarray(d.payloadStart),
  };
}
