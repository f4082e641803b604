/**
 * `generate(packet, options)` and `writeToStream(packet, stream, options)`: mqtt-packet's
 * encoders, backed by mqtt-codec's `encode`.
 *
 * Both check the packet object as mqtt-packet does (same messages), then encode it with
 * mqtt-codec's `encodeVectored`, which refuses everything the specification forbids and hands a
 * large payload back by reference: `writeToStream` writes it as it is (as mqtt-packet does), and
 * `generate` copies it once into its result, which is never zero-filled first. `generate` throws the error;
 * `writeToStream` hands it to `stream.destroy` and returns false without writing, as mqtt-packet
 * does. With `options.properties.maximumPacketSize` (the peer's Maximum Packet Size, 5.0), a
 * packet that is too large loses its Reason String, then its User Properties, where the
 * specification allows it; the caller's object is never modified.
 *
 * @module
 */
import { encode, encodeVectored, type EncodeOptions, fitToMaximumPacketSize, MqttCodecError, type Packet } from '../index.js';
import { concatBinary, encodedBinary } from './bytes.js';
import { fromMqttPacket, type GenerateOptions, versionOf } from './objects.js';
import type { MqttPacket, WritableLike } from './types.js';

/**
 * Encodes an mqtt-packet object: the pieces whose concatenation is the packet (one piece unless a
 * large binary field is handed back by reference), not yet wrapped as Buffers.
 */
function encodeObject(packet: MqttPacket, opts: GenerateOptions | undefined, vectored: boolean): Uint8Array[] {
  const v = versionOf(opts);
  const native = fromMqttPacket(packet, v);
  let pieces: Uint8Array[];
  try {
    pieces = encodeNative(native, packet, v, opts, vectored);
  } catch (e) {
    // mqtt-packet's word for a packet longer than a Remaining Length can say.
    const m = e instanceof MqttCodecError ? /would have a Remaining Length of (\d+);/.exec(e.detail) : null;
    if (m !== null) (e as MqttCodecError).message = `Invalid variable byte integer: ${m[1]}`;
    throw e;
  }
  if (v === 5 && pieces.length === 1 && pieces[0].length < 6 && LONG_FORM.has(packet.cmd)) pieces[0] = longForm(pieces[0], packet);
  return pieces;
}

/** The native encode options of each version, made once. */
const VERSION_OPTIONS: Readonly<Record<number, { readonly protocolVersion: 3 | 4 | 5 }>> = {
  3: Object.freeze({ protocolVersion: 3 }),
  4: Object.freeze({ protocolVersion: 4 }),
  5: Object.freeze({ protocolVersion: 5 }),
};

/** The 5.0 packets whose Reason Code and Property Length mqtt-packet writes even when it could omit them. */
const LONG_FORM: ReadonlySet<string> = new Set(['puback', 'pubrec', 'pubrel', 'pubcomp', 'disconnect', 'auth']);

/**
 * mqtt-packet's form of a 5.0 acknowledgement, DISCONNECT or AUTH that mqtt-codec wrote in its
 * shortest form. Both forms are valid (5.0 §3.4.2.1, §3.14.2.1, §3.15.2.1); mqtt-packet omits
 * the Reason Code of a QoS acknowledgement only for Success without a properties object, and
 * never for DISCONNECT or AUTH. Returns `bytes` when it already has that form.
 */
function longForm(bytes: Uint8Array, packet: MqttPacket): Uint8Array {
  const idBytes = packet.cmd === 'disconnect' || packet.cmd === 'auth' ? 0 : 2;
  const rl = bytes[1];
  if (rl >= idBytes + 2) return bytes; // Reason Code and Property Length are there
  if (idBytes === 2 && rl === 2 && packet.reasonCode === 0 && typeof packet.properties !== 'object') return bytes;
  const out = new Uint8Array(2 + idBytes + 2);
  out[0] = bytes[0];
  out[1] = idBytes + 2;
  for (let i = 0; i < idBytes; i++) out[2 + i] = bytes[2 + i];
  out[2 + idBytes] = rl > idBytes ? bytes[2 + idBytes] : 0; // the Reason Code, 0 when omitted
  return out; // Property Length 0
}

function encodeNative(first: Packet, packet: MqttPacket, v: number, opts: GenerateOptions | undefined, vectored: boolean): Uint8Array[] {
  let native: Packet | undefined = first;
  const max = opts?.properties?.maximumPacketSize;
  const options = VERSION_OPTIONS[v];
  if (v === 5 && typeof max === 'number' && max > 0) {
    native = fitToMaximumPacketSize(native, max, options);
    if (native === undefined) {
      throw new MqttCodecError(0x95, `${packet.cmd.toUpperCase()} does not fit the Maximum Packet Size of ${max} bytes`);
    }
    return encodeWith(native, { ...options, maxPacketSize: max }, vectored);
  }
  return encodeWith(native, options, vectored);
}

/** Pieces of `native`: `encodeVectored`'s, or `encode`'s one result (a view of its slab from 65 bytes to 4 KiB). */
function encodeWith(native: Packet, options: EncodeOptions, vectored: boolean): Uint8Array[] {
  return vectored ? encodeVectored(native, options) : [encode(native, options)];
}

/** Whether `packet` is a PUBLISH whose payload has at least `bytes` elements. */
function hasPayloadOf(packet: MqttPacket, bytes: number): boolean {
  const payload = (packet as { payload?: { length?: unknown } } | null)?.payload;
  return packet?.cmd === 'publish' && typeof payload?.length === 'number' && payload.length >= bytes;
}

/**
 * mqtt-packet's `generate`: the packet's bytes, as a Buffer where the runtime has one.
 *
 * @throws {@link MqttCodecError} where mqtt-packet throws (with its message) and wherever
 *   mqtt-codec's encoder refuses the packet.
 */
export function generate(packet: MqttPacket, options?: GenerateOptions): Uint8Array {
  // A packet under 4 KiB is one view of the encoder's slab; a larger payload is copied once, into
  // an unzeroed Buffer, from the pieces (the encoder would zero-fill its own array first).
  const pieces = encodeObject(packet, options, hasPayloadOf(packet, 2048));
  return pieces.length === 1 ? encodedBinary(pieces[0]) : concatBinary(pieces);
}

/**
 * mqtt-packet's `writeToStream`: writes the packet's bytes to `stream` and returns what
 * `stream.write` returned. An invalid packet is passed to `stream.destroy` and nothing is
 * written; the result is then false.
 */
export function writeToStream(packet: MqttPacket, stream: WritableLike, options?: GenerateOptions): boolean {
  let pieces: Uint8Array[];
  try {
    // A payload of 256 bytes or more is written by reference (encodeVectored hands it back).
    pieces = encodeObject(packet, options, hasPayloadOf(packet, 256));
  } catch (e) {
    const err = e instanceof Error ? e : new MqttCodecError(0x81, String(e));
    if (typeof stream.destroy === 'function') stream.destroy(err);
    return false;
  }
  if (pieces.length === 1) return stream.write(encodedBinary(pieces[0])) as boolean;
  // Header, then the payload by reference: one writev for a Node socket.
  const cork = typeof stream.cork === 'function' && typeof stream.uncork === 'function';
  if (cork) stream.cork!();
  let result: boolean | void = true;
  for (const piece of pieces) result = stream.write(encodedBinary(piece));
  if (cork) stream.uncork!();
  return result as boolean;
}

let cacheNumbers = true;
// mqtt-packet keeps a cache of two-byte numbers that callers may switch off; mqtt-codec writes
// numbers in place and needs none, so the setting is only remembered.
Object.defineProperty(writeToStream, 'cacheNumbers', {
  get: () => cacheNumbers,
  set: (value: unknown) => {
    cacheNumbers = Boolean(value);
  },
  enumerable: true,
});
