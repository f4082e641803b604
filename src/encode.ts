/**
 * `encode`, `encodedLength`, `encodeInto` and `encodeVectored`: size the packet exactly, validate
 * it on the way, then write it once.
 *
 * Results from 65 bytes to under {@link POOL_MAX_BYTES} are carved from a shared slab by bumping an offset (the
 * scheme of Node's `allocUnsafe` pool): `new Uint8Array(n)` for n above 64 costs 0.5–2 µs
 * in V8 (the memory goes off-heap and is accounted), a view of a slab well under 0.1 µs. No byte
 * of a slab is handed out twice, so results never overlap; a slab found detached (its
 * ArrayBuffer was transferred) is dropped, never written.
 *
 * @module
 */
import { hasPolicy } from './checks.js';
import { codecError, MqttCodecError } from './errors.js';
import { maxSizeOption, versionOption } from './decode.js';
import { EncodePlan } from './encode-plan.js';
import { FROM_CLIENT, FROM_NONE, FROM_SERVER, type PacketCodec } from './packets/common.js';
import { CODECS_BY_NAME, senderOption, senderProblem } from './packets/registry.js';
import type { EncodeOptions, Packet } from './types.js';
import { VBI_MAX, vbiLength, writeVbi } from './wire/vbi.js';
import { describe, refuse } from './wire/writer.js';

/**
 * The plan no call is using, or null while one is in progress. An encode takes it and gives it
 * back; a call made while another is in progress (from a getter of the packet being encoded)
 * finds none and makes its own. A reuse, not a channel: no value passes from one call to the next
 * through it (a call's plan is emptied before it is given back). The public `encode(packet,
 * options)` has no argument to carry a plan in, and a new plan per call measured 16–19 → 10–11 M
 * PINGREQ+PUBACK encodes/s.
 */
let idlePlan: EncodePlan | null = new EncodePlan();

function takePlan(): EncodePlan {
  const plan = idlePlan;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; a plan is taken only to save an allocation. With `true` every call makes a new one; with `!==` a call makes a new one while a plan is idle, and idlePlan (a plan when the module loads) is then never set to null.
  if (plan === null) return new EncodePlan();
  idlePlan = null;
  return plan;
}

/**
 * Gives back a plan whose call ended without writing it out (a size-only call, or one that threw
 * after the size phase), letting go of what it held. A call that throws during its size phase
 * keeps its plan: it is garbage with whatever it held, and the next call makes a new one.
 */
// Stryker disable next-line BlockStatement: equivalent; a plan not given back is referred to by nothing (garbage, with what it held), and the next call makes a new one: the same bytes, a speed choice.
function givePlan(plan: EncodePlan): void {
  plan.clear();
  idlePlan = plan;
}

/** Validates `packet`, finds its codec and version, records it in `plan`; returns its total size. */
function prepare(packet: Packet, options: EncodeOptions | undefined, plan: EncodePlan): number {
  const v0 = versionOption(options);
  // The rare failures are built in functions of their own, keeping this one small enough for the
  // compiler to inline the packet's codec into it.
  if (packet === null || typeof packet !== 'object') throw notAPacket(packet);
  const c = CODECS_BY_NAME.get(packet.type as string);
  if (c === undefined) throw unknownType(packet);
  // A CONNECT carries its own version.
  const v = c.code === 1 ? ((packet as { protocolVersion?: number }).protocolVersion ?? v0) : v0;
  if (v !== 3 && v !== 4 && v !== 5) throw unsupportedVersion(v);
  if (c.minVersion > v) throw v5Only(c, v);
  const sender = senderOption(options?.from);
  // Stryker disable next-line ConditionalExpression: equivalent (`true`); no packet type is refused for an unknown sender (speed only). (`false`, disabled with it, is killed by the tests.)
  if (sender !== FROM_NONE) checkSender(c, sender, v);
  plan.start(v, sender, hasPolicy(options) ? (options as EncodeOptions) : null);
  c.encode(packet, plan);
  plan.flags |= c.code << 4; // the whole first byte
  const rl = plan.bytes;
  if (rl > VBI_MAX) throw tooLarge(c, rl);
  const total = 1 + vbiLength(rl) + rl;
  // Stryker disable next-line ConditionalExpression: equivalent (`true`); without a maximum no size is too large (speed only). (`false`, disabled with it, is killed by the tests.)
  if (options?.maxPacketSize !== undefined) checkMaxSize(c, total, sender, options);
  return total;
}

function notAPacket(packet: unknown): MqttCodecError {
  return new MqttCodecError(0x81, `encode needs a packet object, not ${describe(packet)}`);
}

function unknownType(packet: Packet): MqttCodecError {
  return new MqttCodecError(0x81, `unknown packet type ${describe(packet.type)}`);
}

function unsupportedVersion(v: unknown): MqttCodecError {
  return codecError(0x84, `unsupported protocolVersion ${describe(v)}`, 'protocolLevel', 5);
}

function v5Only(c: PacketCodec, v: number): MqttCodecError {
  return refuse(0x81, `${c.label} exists only in MQTT 5.0`, 'v5Only', v);
}

function checkSender(c: PacketCodec, sender: number, v: number): void {
  const problem = senderProblem(c.name, sender, v);
  if (problem !== null) throw refuse(0x82, problem, 'senderPacketType', v);
}

function tooLarge(c: PacketCodec, rl: number): MqttCodecError {
  const detail = `${c.label} would have a Remaining Length of ${rl}; at most ${VBI_MAX} is possible`;
  return new MqttCodecError(0x95, detail, { key: 'packetTooLarge', path: 'header.remainingLength', size: rl });
}

function checkMaxSize(c: PacketCodec, total: number, sender: number, options: EncodeOptions): void {
  if (total <= maxSizeOption(options)) return;
  const rule = sender === FROM_CLIENT ? 'clientMaxPacketSize' : sender === FROM_SERVER ? 'serverMaxPacketSize' : null;
  throw codecError(0x95, `${c.label} would be ${total} bytes; the maximum packet size is ${options.maxPacketSize}`, 'packetTooLarge', 5, undefined, undefined, rule);
}

/** Results smaller than this many bytes come from the shared slab; larger ones get their own array. */
export const POOL_MAX_BYTES = 4096;
/** Size of one slab (twice {@link POOL_MAX_BYTES}, as Node's pool: at most half of a slab is left unused when a new one starts). */
export const SLAB_BYTES = 8192;

let slab = new Uint8Array(0);
let slabBuffer = slab.buffer;
let slabUsed = 0;

/**
 * Reserves `n` (< {@link POOL_MAX_BYTES}) fresh zero bytes of the current slab and returns their
 * offset in `slab`; starts a new slab when this one is full or detached (a detached slab has
 * length 0: its buffer was transferred away).
 */
function reserve(n: number): number {
  const used = slabUsed;
  if (used + n <= slab.length) {
    slabUsed = used + n;
    return used;
  }
  slab = new Uint8Array(SLAB_BYTES);
  slabBuffer = slab.buffer;
  slabUsed = n;
  return 0;
}

/**
 * Results of at most this many bytes get an array of their own: V8 keeps such a small array's
 * bytes inside the object, on its heap, which measured as cheap as a view of the slab (70–90 ns
 * each on the shared benchmark machine), and then a retained PINGREQ or PUBACK does not pin an
 * 8 KiB slab.
 */
export const ON_HEAP_MAX_BYTES = 64;

/**
 * `n` fresh zero bytes: a view of the slab for {@link ON_HEAP_MAX_BYTES} < `n` <
 * {@link POOL_MAX_BYTES}, else an array of its own.
 */
function allocate(n: number, standalone: boolean): Uint8Array {
  if (n <= ON_HEAP_MAX_BYTES || n >= POOL_MAX_BYTES || standalone) return new Uint8Array(n);
  const at = reserve(n);
  // The constructor measured about 30 % faster than `slab.subarray` (no species lookup).
  return new Uint8Array(slabBuffer, at, n);
}

/** Writes the packet `plan` holds at `buf[offset]` (vectored: large binary fields by reference); returns the end. */
function writePacket(plan: EncodePlan, buf: Uint8Array, offset: number, vectored: boolean): number {
  buf[offset] = plan.flags;
  const pos = writeVbi(buf, offset + 1, plan.bytes);
  return plan.write(buf, pos, vectored);
}

/**
 * Encodes one MQTT control packet into a Uint8Array of exactly the packet's size.
 *
 * Results of 65 bytes to under 4 KiB are views of a shared 8 KiB ArrayBuffer (never overlapping,
 * never reused): their `.buffer` holds other results too, so transfer a `slice()` of one, not its
 * buffer, or ask for `standalone: true`. Smaller and larger results, and all results with
 * `standalone`, own their buffer.
 *
 * The protocol version is `options.protocolVersion` (default 4), or a CONNECT's own
 * `protocolVersion`. Every field is checked: encode never truncates, wraps or substitutes, and
 * never produces bytes that `decode` would reject.
 *
 * @throws {@link MqttCodecError} when the packet cannot be encoded as given (reasonCode 0x81 or
 *   0x82 with the rule it would break, 0x84 for an unknown version, 0x95 when it exceeds
 *   `options.maxPacketSize`).
 *
 * @example
 * ```ts
 * encode({ type: 'pingreq' }) // Uint8Array [0xc0, 0x00]
 * ```
 */
export function encode(packet: Packet, options?: EncodeOptions): Uint8Array {
  const plan = takePlan();
  const total = prepare(packet, options, plan);
  const buf = allocate(total, options?.standalone === true);
  writePacket(plan, buf, 0, false);
  idlePlan = plan; // written out: it holds nothing of the packet any more
  return buf;
}

/**
 * Encodes one packet as a short list of Uint8Arrays whose concatenation is exactly what
 * {@link encode} returns, handing large binary fields back by reference instead of copying them:
 * the PUBLISH payload, a CONNECT's Will payload and password, and Binary Data properties
 * (Correlation Data, Authentication Data), each when it is 256 bytes or more. The other pieces
 * are views of the shared slab (or standalone arrays with `standalone: true`). Made for
 * `socket.write` of each piece, or `writev`: encoding a 64 KiB PUBLISH costs what an empty one does.
 *
 * The pieces that are fields of `packet` are those very arrays: change them only after the pieces
 * have been written out.
 *
 * @throws {@link MqttCodecError} as {@link encode} does.
 *
 * @example
 * ```ts
 * for (const piece of encodeVectored({ type: 'publish', topic: 't', payload: big, qos: 0, retain: false, dup: false })) {
 *   socket.write(piece);
 * }
 * ```
 */
export function encodeVectored(packet: Packet, options?: EncodeOptions): Uint8Array[] {
  const plan = takePlan();
  try {
    // Stryker disable BlockStatement: equivalent; the finally block below only gives the plan back (see givePlan), a speed choice.
    const total = prepare(packet, options, plan);
    return vectoredPieces(plan, total, options?.standalone === true);
  } finally {
    // Stryker restore BlockStatement
    givePlan(plan);
  }
}

/** Writes the planned packet of `total` bytes as pieces: a head with the large binary fields by reference between its parts. */
function vectoredPieces(plan: EncodePlan, total: number, standalone: boolean): Uint8Array[] {
  const skipped = plan.large;
  if (skipped === 0) {
    const buf = allocate(total, standalone);
    // Stryker disable next-line BooleanLiteral: equivalent; with no large field a vectored write cuts nothing: the same bytes.
    writePacket(plan, buf, 0, false);
    return [buf];
  }
  const headBytes = total - skipped;
  // The head (everything but the large fields) is written where it is stored, and the pieces are
  // views of it: of the slab directly, or of one array when it is large or `standalone`.
  let head: Uint8Array;
  let at: number;
  if (headBytes < POOL_MAX_BYTES && !standalone) {
    at = reserve(headBytes);
    head = slab;
  } else {
    at = 0;
    head = new Uint8Array(headBytes);
  }
  writePacket(plan, head, at, true);
  const { cuts, pieces: refs } = plan;
  const n = plan.cutCount;
  const pieces: Uint8Array[] = [];
  let from = at;
  for (let i = 0; i < n; i++) {
    const cut = cuts[i];
    if (cut > from) pieces.push(piece(head, from, cut, standalone));
    pieces.push(refs[i]);
    refs[i] = NO_BYTES; // hold no caller's array past this call
    from = cut;
  }
  const end = at + headBytes;
  if (from < end) pieces.push(piece(head, from, end, standalone));
  return pieces;
}

const NO_BYTES = new Uint8Array(0);

/** Bytes `[from, to)` of `head` as a piece: a view, or with `standalone` a copy of its own. */
function piece(head: Uint8Array, from: number, to: number, standalone: boolean): Uint8Array {
  return standalone ? head.slice(from, to) : new Uint8Array(head.buffer, head.byteOffset + from, to - from);
}

/**
 * The number of bytes {@link encode} would produce for `packet`, after the same validation.
 *
 * @throws {@link MqttCodecError} as {@link encode} does.
 */
export function encodedLength(packet: Packet, options?: EncodeOptions): number {
  const plan = takePlan();
  try {
    // Stryker disable BlockStatement: equivalent; the finally block below only gives the plan back (see givePlan), a speed choice.
    return prepare(packet, options, plan);
  } finally {
    // Stryker restore BlockStatement
    givePlan(plan);
  }
}

/**
 * Encodes `packet` into `target` at `offset` without allocating; returns the number of bytes
 * written.
 *
 * @throws {@link MqttCodecError} as {@link encode} does, and (0x95) when `target` has too little
 *   room after `offset`; nothing is written then.
 */
export function encodeInto(packet: Packet, target: Uint8Array, offset = 0, options?: EncodeOptions): number {
  const plan = takePlan();
  try {
    const total = prepare(packet, options, plan);
    if (!(target instanceof Uint8Array)) throw new MqttCodecError(0x81, 'encodeInto needs a Uint8Array target');
    if (!Number.isInteger(offset) || offset < 0 || offset + total > target.length) {
      const label = (packet.type as string).toUpperCase();
      throw new MqttCodecError(0x95, `${label} needs ${total} bytes at offset ${String(offset)}; the target has ${target.length}`);
    }
    writePacket(plan, target, offset, false);
    // Stryker disable BlockStatement: equivalent; the finally block below only gives the plan back (see givePlan), a speed choice.
    return total;
  } finally {
    // Stryker restore BlockStatement
    givePlan(plan);
  }
}
