/** Types of bench/fleet-stream.mjs, for the tests that use its streams. */
/** A fleet stream: its bytes, the packets in it and how many of them are PUBLISHes. */
export interface FleetStream {
  bytes: Uint8Array;
  packets: number;
  publishes: number;
}
/** About `streamBytes` bytes of device traffic over `count` topics in protocol version `v`. */
export function buildFleetStream(v: 4 | 5, count: number, streamBytes: number, propsShare?: number): FleetStream;
