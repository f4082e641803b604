/**
 * The integer readers and size limits every layer of the capture reader uses. A leaf: it imports
 * nothing. Network headers (link, IP, TCP) are big-endian; capture files are in the byte order
 * their magic number says.
 *
 * @module
 */

/** Largest file record (pcap record, pcapng block) believed: a larger length means damage, not a big frame. */
export const MAX_RECORD = 256 * 1024 * 1024;

/** Default bound on the bytes one connection holds (out-of-order segments, incomplete packets): 16 MiB. */
export const DEFAULT_BUFFER_LIMIT = 16 * 1024 * 1024;

/** Default bound on the connections open at once (the oldest idle ones are closed beyond it). */
export const DEFAULT_MAX_CONNECTIONS = 10_000;

/** Reads a big-endian (network order) unsigned 16-bit integer. */
export function u16be(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

/** Reads a big-endian (network order) unsigned 32-bit integer. */
export function u32be(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** Reads an unsigned 32-bit integer in the given byte order. */
export function u32(b: Uint8Array, at: number, little: boolean): number {
  return little ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0 : u32be(b, at);
}

/** Reads an unsigned 16-bit integer in the given byte order. */
export function u16(b: Uint8Array, at: number, little: boolean): number {
  return little ? b[at] | (b[at + 1] << 8) : u16be(b, at);
}

/** Hex digits of bytes separated by spaces (for messages). */
export function hexBytes(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i > 0 ? ' ' : '') + (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return s;
}
