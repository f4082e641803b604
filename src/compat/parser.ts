/**
 * `parser(options)`: mqtt-packet's streaming parser, backed by mqtt-codec's {@link Decoder}.
 *
 * Behaviour kept from mqtt-packet: an event emitter that emits `'packet'` for every packet and
 * `'error'` for a bad one (thrown when nobody listens); `parse(chunk)` returns the number of bytes
 * held for an incomplete packet; with no `protocolVersion`, a CONNECT sets the version of what
 * follows; after an `'error'`, the next `parse` starts afresh; callers may keep their own fields
 * on the parser object. What differs is strictness: every fault mqtt-codec finds is an `'error'`
 * carrying an {@link MqttCodecError}.
 *
 * @module
 */
import { Decoder, frameLength, frameRemainingLength, MqttCodecError, PACKET_TYPES, type Packet, type ProtocolVersion } from '../index.js';
import { chunkBytes } from './bytes.js';
import { Emitter } from './emitter.js';
import { parserMessage } from './messages.js';
import { toMqttPacket } from './objects.js';
import type { MqttPacket, ParserOptions } from './types.js';

/** The acknowledgements whose Packet Identifier mqtt-packet reads past a short packet. */
const ACKS: ReadonlySet<string> = new Set(['puback', 'pubrec', 'pubrel', 'pubcomp']);

/** mqtt-packet's name of each packet type number (0 is `reserved`). */
const CMD: readonly string[] = ['reserved', ...PACKET_TYPES.map((t) => t.name)];

/** Bytes of the fixed header whose first `n` bytes are `head[0, n)`, or 1 while it is incomplete. */
function headerLength(head: Uint8Array, n: number): number {
  const total = frameLength(head, 0, n);
  // Stryker disable next-line EqualityOperator: equivalent (`<= 0`); frameLength gives a negative code or at least 2, never 0. (`>= 0`, disabled with it, is killed by the tests.)
  return total < 0 ? 1 : total - frameRemainingLength(head, 0, n);
}

/**
 * How much of a failed packet's fixed header (`hl` bytes, the packet starting at stream offset
 * `start`) mqtt-packet had consumed when it met the fault at stream offset `offset`: it consumes the
 * first byte once its flags pass, the Remaining Length once it is read, and reads the body after.
 */
function headerConsumed(offset: number | undefined, start: number, hl: number): number {
  if (offset === undefined || offset <= start) return 0;
  return offset < start + hl ? 1 : hl;
}

/**
 * The protocol version the Decoder reads with for an options object, or undefined (a CONNECT will
 * tell). mqtt-packet reads 3.1 as it reads 3.1.1 (one parser for both: a CONNACK's bit 0 is
 * Session Present in either), so without `strict` 3 is read as 4: mqtt-codec decodes the two alike
 * but for that bit, which 3.1 reserves.
 */
function versionOption(settings: ParserOptions, strict: boolean): ProtocolVersion | undefined {
  const v = settings.protocolVersion;
  if (v === 5 || (v === 3 && strict)) return v;
  return undefined; // the Decoder's default, 3.1.1, until a CONNECT says otherwise
}

/**
 * mqtt-packet's parser. Listen for `'packet'` and `'error'`, then feed it chunks with `parse`.
 *
 * @example
 * ```ts
 * const p = parser({ protocolVersion: 5 })
 * p.on('packet', (packet) => console.log(packet.cmd))
 * p.on('error', (err) => socket.destroy(err))
 * socket.on('data', (chunk) => p.parse(chunk))
 * ```
 */
export class Parser extends Emitter {
  /** The options given, replaced by the CONNECT packet once one is parsed (as mqtt-packet does). */
  settings: ParserOptions | MqttPacket = {};
  /** The error of the last `parse`, or null. */
  error: MqttCodecError | null = null;
  private decoder!: Decoder;
  /** Whether the options asked for mqtt-codec's strict checks (kept when a CONNECT replaces `settings`). */
  // Stryker disable next-line BooleanLiteral: the constructor sets it at once (parser(options))
  private strict = false;
  /** A packet of a reserved type whose error waits for its last byte, as mqtt-packet's does. */
  private deferred: { failure: MqttCodecError; head: Uint8Array; have: number; v: ProtocolVersion } | null = null;
  /** Stream offset just after the last packet emitted (or at the start of the failed one). */
  private consumed = 0;
  /** Bytes received since the last reset. */
  private received = 0;
  /** The first bytes (up to the whole fixed header) of the packet held incomplete. */
  private readonly head = new Uint8Array(5);
  private headLength = 0;

  constructor(options?: ParserOptions) {
    super();
    this.parser(options);
  }

  /** (Re)initialises the parser with `options`, as mqtt-packet's `parser.parser(options)`. */
  parser(options?: ParserOptions): this {
    this.settings = options ?? {};
    this.strict = options?.strict === true;
    this.resetState();
    return this;
  }

  private resetState(): void {
    const v = versionOption(this.settings as ParserOptions, this.strict);
    this.decoder = new Decoder({ protocolVersion: v, frames: true, preset: this.policy() });
    this.error = null;
    this.deferred = null;
    this.consumed = this.received = this.headLength = 0;
  }

  /**
   * Parses `chunk`, emitting `'packet'` for each packet it completes and `'error'` for the first
   * bad one. Returns what mqtt-packet returns, the bytes it holds: those of an incomplete packet
   * after its fixed header (mqtt-packet consumes the header as it reads it), or after an error the
   * bytes from the failed packet on, less the part of its header mqtt-packet had consumed before
   * the fault (nothing for a fault of the first byte, that byte for one of the Remaining Length,
   * the whole header for one of the body). The next call starts afresh. A chunk that is not a
   * `Uint8Array` is read as mqtt-packet reads it ({@link chunkBytes}: nothing for undefined, a
   * string's UTF-8 bytes, …).
   */
  parse(chunk: Uint8Array): number {
    if (this.error !== null) this.resetState();
    chunk = chunkBytes(chunk) as Uint8Array;
    if (this.deferred !== null) return this.feedDeferred(chunk);
    const decoder = this.decoder;
    const before = this.received;
    const versionBefore = decoder.protocolVersion;
    let packets: readonly Packet[];
    let failure: MqttCodecError | null = null;
    try {
      packets = decoder.push(chunk);
    } catch (e) {
      failure = e instanceof MqttCodecError ? e : new MqttCodecError(0x81, String(e));
      packets = failure.packets ?? [];
    }
    this.received = before + (chunk instanceof Uint8Array ? chunk.length : 0); // (else an object chunkBytes could not read)
    this.emitPackets(packets, decoder.frames, versionBefore, chunk, before);
    if (failure !== null) return this.fail(failure, chunk, before);
    const held = decoder.buffered;
    if (held === 0) {
      this.headLength = 0;
      return 0;
    }
    // Keep the first bytes of the incomplete packet: its type for an error, its header length.
    this.headLength = this.packetHead(this.received - held, chunk, before);
    return held - headerLength(this.head, this.headLength);
  }

  /** The checks in force: mqtt-packet's, unless the options asked for `strict` (the Decoder's default). */
  private policy(): 'mqtt-packet' | undefined {
    return this.strict ? undefined : 'mqtt-packet';
  }

  private emitPackets(packets: readonly Packet[], frames: readonly number[], version: ProtocolVersion, chunk: Uint8Array, before: number): void {
    let v = version;
    for (let i = 0; i < packets.length; i++) {
      const packet = packets[i];
      if (packet.type === 'connect') v = packet.protocolVersion as ProtocolVersion;
      const rl = frames[3 * i + 2];
      const out = toMqttPacket(packet, rl, v, (this.settings as { bridgeMode?: unknown }).bridgeMode === true);
      if (rl < 2 && ACKS.has(packet.type)) {
        // Cut short (the policy read it on): mqtt-packet reads the Packet Identifier from the two
        // bytes where it would be — the next packet's, when they have arrived — or gives -1. They
        // start in this chunk (at ≥ 0): the packet ends there, and its header ends with it (no body)
        // or one byte before (a body of one byte).
        const at = frames[3 * i] + frames[3 * i + 1] - before;
        out.messageId = at + 2 <= chunk.length ? (chunk[at] << 8) | chunk[at + 1] : -1;
      }
      this.consumed = frames[3 * i] + frames[3 * i + 1] + frames[3 * i + 2];
      // A CONNECT announces the version of what follows; mqtt-packet keeps it as its settings.
      if (packet.type === 'connect') this.settings = out;
      this.emit('packet', out);
    }
  }

  private fail(failure: MqttCodecError, chunk: Uint8Array, before: number): number {
    // The failed packet starts where the last good one ended.
    const start = this.consumed;
    const v = this.decoder.protocolVersion;
    const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(0);
    // Stryker disable next-line ConditionalExpression: equivalent; the Decoder refuses a reserved type at its first byte, so that packet always starts in this chunk (the guard keeps a negative subarray start out).
    if (failure.key === 'reservedType' && !this.strict && start >= before) {
      const held = this.deferReserved(failure, bytes.subarray(start - before), v);
      if (held >= 0) return held;
    }
    // mqtt-packet's message for the fault, from the packet's first bytes and the byte at the fault:
    // the same whether the packet came whole or began in an earlier chunk. (The failed packet has
    // at least its first byte there; only a chunk that is not a Uint8Array leaves none, and its
    // fault has no mqtt-packet message.)
    const n = this.packetHead(start, bytes, before);
    const message = parserMessage(failure, CMD[this.head[0] >> 4], v, frameRemainingLength(this.head, 0, n), this.byteAt(failure.offset, start, n, bytes, before));
    if (message !== undefined) failure.message = message;
    this.error = failure;
    this.emit('error', failure);
    return this.received - start - headerConsumed(failure.offset, start, headerLength(this.head, n));
  }

  /**
   * Gathers in {@link head} the first bytes (up to 5: the fixed header) of the packet that starts at
   * stream offset `start` (the incomplete one, or the failed one): those held from earlier chunks
   * (the last `parse` kept the pending packet's first bytes), then those in `chunk`, which starts
   * at stream offset `before`. Returns how many there are.
   */
  private packetHead(start: number, chunk: Uint8Array, before: number): number {
    // Stryker disable next-line EqualityOperator: equivalent; a packet that starts where the chunk does follows a parse that held nothing, which set headLength to 0. (`>=`, hidden with it, is killed: the tests see a head taken from the wrong packet.)
    let n = start < before ? this.headLength : 0;
    // Stryker disable next-line LogicalOperator,ConditionalExpression,EqualityOperator: equivalent; bytes gathered past the fifth are not stored (the head holds 5; a fixed header is at most 5 bytes long) and only read as unknown, and bytes past the chunk's end (stored as 0) only complete a header that is cut, whose faults (its type, its flags) have messages that do not depend on the Remaining Length. (The `false` forms, hidden with them, are killed: the tests see a head left unfilled.)
    for (let i = start + n - before; n < 5 && i < chunk.length; i++) this.head[n++] = chunk[i];
    return n;
  }

  /**
   * The byte at stream offset `offset` of the failed packet (which starts at `start`; its first `n`
   * bytes are in {@link head}): from `chunk` (which starts at stream offset `before`) or the head;
   * -1 when it lies in an earlier chunk past the head (not kept), or the fault has no offset.
   */
  private byteAt(offset: number | undefined, start: number, n: number, chunk: Uint8Array, before: number): number {
    // Stryker disable next-line ConditionalExpression,UnaryOperator: equivalent; an undefined offset fails both comparisons below, which give -1 too; and the byte is only compared with 0 (unknownProperty): -1 and +1 both mean unknown. (`true`, hidden with them, is killed: the tests see the byte never read.)
    if (offset === undefined) return -1;
    if (offset >= before) return chunk[offset - before];
    // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator: equivalent; a byte of an earlier chunk past the n in the head is past its fifth (n is 5 unless the whole packet held so far is shorter), read as undefined: like -1 or +1, not the 0 byte. (`false` and `>=`, hidden with them, are killed: the tests see a 0 byte held in the head not read.)
    return offset - start < n ? this.head[offset - start] : -1;
  }

  /**
   * mqtt-packet's timing for a reserved packet type (0, or 15 before 5.0): it checks the first
   * byte's flags at once, but says 'Not supported' only when the whole packet has arrived. Holds
   * `bytes` (the packet so far) and returns what `parse` returns until then, or -1 to fail now.
   */
  private deferReserved(failure: MqttCodecError, bytes: Uint8Array, v: ProtocolVersion): number {
    const first = bytes[0];
    // Stryker disable next-line ConditionalExpression: equivalent (`true` for `first >> 4 === 0`); only types 0 and 15 come here, and a type 15 with both QoS bits set has flags, which the second test refuses. (The other forms, disabled with it, are killed by the tests.)
    if ((first >> 4 === 0 && ((first >> 1) & 3) === 3) || (first >> 4 === 15 && (first & 15) !== 0)) return -1;
    const head = new Uint8Array(5);
    head.set(bytes.subarray(0, 5));
    this.deferred = { failure, head, have: bytes.length, v };
    return this.feedDeferred(new Uint8Array(0));
  }

  /** Adds `chunk` to the deferred reserved-type packet; reports its error once it is whole. */
  private feedDeferred(chunk: Uint8Array): number {
    const d = this.deferred!;
    // Stryker disable next-line LogicalOperator,ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent; the head holds 5 bytes and drops writes past them, and a place past the chunk's end (written as 0) is one not received yet, read only after the next chunk writes it (n below counts received bytes). (`false` forms, disabled with them, are killed by the tests: a head left unfilled.)
    for (let i = 0; i < chunk.length && d.have + i < 5; i++) d.head[d.have + i] = chunk[i];
    // (`received` is not counted on: the error set below resets the parser at the next parse.)
    d.have += chunk.length;
    const n = Math.min(5, d.have);
    const rl = frameRemainingLength(d.head, 0, n);
    const hl = headerLength(d.head, n);
    if (rl < 0 || d.have < hl + rl) return d.have - hl;
    this.deferred = null;
    // A reserved type always has mqtt-packet's message (its byte at the fault is not asked for).
    d.failure.message = parserMessage(d.failure, CMD[d.head[0] >> 4], d.v, rl) ?? d.failure.message;
    this.error = d.failure;
    this.emit('error', d.failure);
    return d.have - hl;
  }
}

/**
 * mqtt-packet's `parser(options)`: a new {@link Parser}. `options.protocolVersion` (3, 4 or 5)
 * is the connection's version; leave it unset on a server, where the CONNECT tells.
 */
export function parser(options?: ParserOptions): Parser {
  return new Parser(options);
}
