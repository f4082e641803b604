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
import {
  CHECKS,
  type CheckSettings,
  decodeVariableByteInteger,
  frameLength,
  frameRemainingLength,
  encode,
  encodeVectored,
  type EncodeOptions,
  fitToMaximumPacketSize,
  MqttCodecError,
  type Packet,
} from '../index.js';
import { concatBinary, encodedBinary } from './bytes.js';
import { fromMqttPacket, type GenerateOptions, versionOf } from './objects.js';
import type { MqttPacket, WritableLike } from './types.js';

/**
 * Encodes an mqtt-packet object: the pieces whose concatenation is the packet (one piece unless a
 * large binary field is handed back by reference), not yet wrapped as Buffers.
 */
function encodeObject(packet: MqttPacket, opts: GenerateOptions | undefined, vectored: boolean): Uint8Array[] {
  const v = versionOf(opts);
  const strict = opts?.strict === true;
  const native = fromMqttPacket(packet, v, strict);
  let pieces: Uint8Array[];
  try {
    pieces = encodeNative(native, packet, v, opts, vectored, strict);
  } catch (e) {
    // mqtt-packet's word for a packet longer than a Remaining Length can say.
    // (Only packetTooLarge has this path among the encoder's errors, and every error it throws is an MqttCodecError.)
    // Stryker disable next-line ConditionalExpression: equivalent (`true` for the instanceof test); see the line above. (The other forms, disabled with it, are killed by the tests.)
    if (e instanceof MqttCodecError && e.path === 'header.remainingLength') {
      e.message = `Invalid variable byte integer: ${e.size}`;
    }
    throw e;
  }
  if (v === 5 && pieces.length === 1) pieces[0] = longForm(pieces[0], packet);
  return pieces;
}

/**
 * Every check off: mqtt-packet's encoder checks the types of the fields it writes, none of the
 * specification's rules, and a drop-in writes what it writes (a broker's or client's test suite
 * sends rule-breaking packets on purpose). Type and range faults and framing stay errors.
 */
const ALL_CHECKS_OFF: CheckSettings = Object.freeze(
  Object.fromEntries(Object.keys(CHECKS).map((name) => [name, 'off'])) as CheckSettings,
);

/** The native encode options of each version, made once: [lenient, strict]. */
const VERSION_OPTIONS: Readonly<Record<number, readonly [EncodeOptions, EncodeOptions]>> = {
  3: [Object.freeze({ protocolVersion: 3, checks: ALL_CHECKS_OFF }), Object.freeze({ protocolVersion: 3 })],
  4: [Object.freeze({ protocolVersion: 4, checks: ALL_CHECKS_OFF }), Object.freeze({ protocolVersion: 4 })],
  5: [Object.freeze({ protocolVersion: 5, checks: ALL_CHECKS_OFF }), Object.freeze({ protocolVersion: 5 })],
};


/** The 5.0 packets whose Reason Code and Property Length mqtt-packet writes even when it could omit them. */
const LONG_FORM: ReadonlySet<string> = new Set(['puback', 'pubrec', 'pubrel', 'pubcomp', 'disconnect', 'auth']);

/**
 * mqtt-packet's form of a 5.0 packet `bytes` that mqtt-codec wrote (in its shortest form): an
 * acknowledgement, DISCONNECT or AUTH written without its Reason Code or Property Length gets
 * them. Both forms are valid (5.0 §3.4.2.1, §3.14.2.1, §3.15.2.1); mqtt-packet omits the Reason
 * Code of a QoS acknowledgement only for Success without a properties object, and never for
 * DISCONNECT or AUTH. Returns `bytes` when it already has that form.
 */
function longForm(bytes: Uint8Array, packet: MqttPacket): Uint8Array {
  if (!LONG_FORM.has(packet.cmd)) return bytes;
  const idBytes = packet.cmd === 'disconnect' || packet.cmd === 'auth' ? 0 : 2;
  // Reason Code and Property Length are there (so too when the Remaining Length takes more than a
  // byte: its first byte is then 0x80 or more).
  if (bytes[1] > idBytes + 1) return bytes;
  // A QoS acknowledgement of Success without a properties object (written without a Reason Code).
  if (idBytes === 2 && packet.reasonCode === 0 && typeof packet.properties !== 'object') return bytes;
  const out = new Uint8Array(2 + idBytes + 2);
  out[0] = bytes[0];
  out[1] = idBytes + 2;
  out.set(bytes.subarray(2, 2 + idBytes), 2);
  // The Reason Code: where it was omitted, the place is past the end (undefined, stored as 0: Success).
  out[2 + idBytes] = bytes[2 + idBytes];
  return out; // Property Length 0
}

function encodeNative(
  first: Packet,
  packet: MqttPacket,
  v: number,
  opts: GenerateOptions | undefined,
  vectored: boolean,
  strict: boolean,
): Uint8Array[] {
  let native: Packet | undefined = first;
  const max = opts?.properties?.maximumPacketSize;
  const options = VERSION_OPTIONS[v][strict ? 1 : 0];
  if (v === 5 && typeof max === 'number' && max > 0) {
    if (!strict) {
      const fitted = fitAsMqttPacket(native, packet, max, options);
      return fitted === undefined ? [] : encodeWith(fitted, options, vectored);
    }
    native = fitToMaximumPacketSize(native, max, options);
    if (native === undefined) {
      throw new MqttCodecError(0x95, `${packet.cmd.toUpperCase()} does not fit the Maximum Packet Size of ${max} bytes`);
    }
    return encodeWith(native, { ...options, maxPacketSize: max }, vectored);
  }
  return encodeWith(native, options, vectored);
}

/** The packets whose properties mqtt-packet fits to the peer's Maximum Packet Size; it writes the others as they are. */
const FITTED: ReadonlySet<string> = new Set(['puback', 'pubrec', 'pubrel', 'pubcomp', 'suback', 'unsuback', 'disconnect', 'auth']);

/**
 * What mqtt-packet 9 does with `opts.properties.maximumPacketSize`: for acknowledgements,
 * DISCONNECT and AUTH with properties, while the Remaining Length exceeds the maximum it drops the
 * Reason String, then the User Properties — each only if present, and it gives up (writes nothing)
 * at the first that is absent. Other packets are written whatever their size. Returns the packet
 * to write (a copy when something was dropped; the caller's object is never modified), or
 * undefined to write nothing.
 */
function fitAsMqttPacket(native: Packet, packet: MqttPacket, max: number, options: EncodeOptions): Packet | undefined {
  const props = (native as { properties?: Record<string, unknown> }).properties;
  if (!FITTED.has(native.type) || props === undefined) return native;
  let current = native;
  let bag: Record<string, unknown> = props;
  const drops = ['reasonString', 'userProperties'];
  while (remainingLength(current, packet, options) > max) {
    const drop = drops.shift();
    // Stryker disable next-line ConditionalExpression: equivalent (`false` for `drop === undefined`); with no name left, bag[undefined] reads the key "undefined", which no properties object from fromMqttPacket has (it keeps the known properties only). (The other forms, disabled with it, are killed by the tests.)
    if (drop === undefined || !bag[drop]) return undefined;
    const { [drop]: _dropped, ...rest } = bag;
    bag = rest;
    current = { ...current, properties: bag } as Packet;
  }
  return current;
}

/** The Remaining Length of `native` as mqtt-packet writes it (its long form of 5.0 acknowledgements). */
function remainingLength(native: Packet, packet: MqttPacket, options: EncodeOptions): number {
  const bytes = longForm(encode(native, options), packet);
  let i = 1;
  while (bytes[i] >= 0x80) i++;
  return bytes.length - 1 - i;
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
  // Stryker disable next-line ConditionalExpression: equivalent (`false`); one piece concatenated is a copy of the same bytes, in a Buffer too (speed only). (`true`, disabled with it, drops the pieces after the first: the tests see that.)
  return pieces.length === 1 ? encodedBinary(pieces[0]) : concatBinary(pieces);
}

/**
 * mqtt-packet's `writeToStream`: writes the packet's bytes to `stream` and returns what
 * `stream.write` returned. An invalid packet is passed to `stream.destroy` and nothing is
 * written; the result is then false.
 */
export function writeToStream(packet: MqttPacket, stream: WritableLike, options?: GenerateOptions): boolean {
  // As mqtt-packet does: cork the stream and uncork it on the next tick, so that what a caller
  // writes in the same tick (a packet, then a close) leaves together and in that order.
  if (typeof stream.cork === 'function' && typeof stream.uncork === 'function') {
    stream.cork();
    nextTick(uncork, stream);
  }
  let pieces: Uint8Array[];
  try {
    // A payload of 256 bytes or more is written by reference (encodeVectored hands it back).
    pieces = encodeObject(packet, options, hasPayloadOf(packet, 256));
  } catch (e) {
    const err = e instanceof Error ? e : new MqttCodecError(0x81, String(e));
    if (typeof stream.destroy === 'function') stream.destroy(err);
    return false;
  }
  if (pieces.length === 0) return false; // too large for the peer's Maximum Packet Size: nothing written
  // A CONNECT (once per connection) goes out in mqtt-packet's pieces, field by field: code that
  // counts the writes of a corked stream sees the same count. Views, not copies.
  // (A CONNECT is one piece: only a PUBLISH is written vectored.)
  if (packet.cmd === 'connect') pieces = connectPieces(pieces[0]);
  // Stryker disable next-line BooleanLiteral: pieces is never empty here (checked above), so the loop always sets it
  let result: boolean | void = true;
  for (const piece of pieces) result = stream.write(encodedBinary(piece));
  return result as boolean;
}

/**
 * The bytes of a CONNECT cut where mqtt-packet's writes begin: fixed header, Remaining Length,
 * Protocol Name length and name, level, flags, Keep Alive, (5.0) the property block, then each
 * string or binary field as its length and its bytes (5.0 Will properties as one piece). Empty
 * fields give no piece of their own.
 */
function connectPieces(bytes: Uint8Array): Uint8Array[] {
  let pos = frameLength(bytes) - frameRemainingLength(bytes); // after the fixed header
  const cuts: number[] = [1, pos];
  const field = () => {
    const n = (bytes[pos] << 8) | bytes[pos + 1];
    cuts.push(pos + 2, pos + 2 + n);
    pos += 2 + n;
  };
  const properties = () => {
    const length = decodeVariableByteInteger(bytes, pos)!; // the Property Length, written by encode
    pos += length.length + length.value;
    cuts.push(pos);
  };
  field(); // Protocol Name
  const level = bytes[pos] & 0x7f;
  const flags = bytes[pos + 1];
  cuts.push(pos + 1, pos + 2, pos + 4);
  pos += 4;
  if (level === 5) properties();
  field(); // ClientId
  if (flags & 0x04) {
    if (level === 5) properties();
    field(); // Will Topic
    field(); // Will Payload
  }
  if (flags & 0x80) field();
  if (flags & 0x40) field();
  const pieces: Uint8Array[] = [];
  let from = 0;
  // The fields read end where the packet does: the last cut is its end.
  for (const cut of cuts) {
    if (cut > from) pieces.push(bytes.subarray(from, cut));
    from = Math.max(from, cut);
  }
  return pieces;
}

function uncork(stream: WritableLike): void {
  stream.uncork!();
}

/** `process.nextTick` where there is one (Node, Bun, Deno), else a microtask. */
function nextTick(fn: (stream: WritableLike) => void, stream: WritableLike): void {
  const proc = (globalThis as { process?: { nextTick?: (f: (s: WritableLike) => void, s: WritableLike) => void } }).process;
  if (typeof proc?.nextTick === 'function') proc.nextTick(fn, stream);
  else queueMicrotask(() => fn(stream));
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
