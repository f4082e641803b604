/**
 * Binary values as mqtt-packet's callers expect them: a `Buffer` where the runtime has one (Node,
 * Bun, Deno's Node mode), so `payload.toString()` keeps working, and a plain `Uint8Array`
 * elsewhere. `Buffer` is only ever found on `globalThis`, never imported, so this entry still
 * loads in a browser.
 *
 * @module
 */

interface BufferLike {
  from(buffer: ArrayBuffer, byteOffset: number, length: number): Uint8Array;
  allocUnsafe(size: number): Uint8Array;
  [Symbol.species]?: new (buffer: ArrayBuffer, byteOffset: number, length: number) => Uint8Array;
}

const NodeBuffer: BufferLike | undefined = (globalThis as { Buffer?: BufferLike }).Buffer;

/**
 * The class Node builds its own Buffers with (`FastBuffer`, a Uint8Array subclass whose prototype
 * is `Buffer.prototype`), reachable as the species of `Buffer`. A view made with it is a real
 * Buffer (same prototype, so `assert.deepStrictEqual` with `Buffer.from(…)` holds) and costs what
 * a plain Uint8Array view costs; `Buffer.from(arrayBuffer, offset, length)` costs about twice that.
 * Where the species is `Buffer` itself (Bun), `Buffer.from` is used.
 */
// Stryker disable next-line all: code run once at load, which Stryker cannot switch afterwards (its mutants are reported surviving, untested); the survivor, `false`, applied by hand (5 December) fails 3 tests (Buffer identity).
const FastBuffer = NodeBuffer !== undefined && NodeBuffer[Symbol.species] !== (NodeBuffer as unknown) ? NodeBuffer[Symbol.species] : undefined;

const NodeProto: object | undefined = (NodeBuffer as { prototype?: object } | undefined)?.prototype;

const encoder = new TextEncoder();

/** `bytes` as a Buffer viewing the same memory where Buffer exists (no copy), else itself. */
export const toBinary: (bytes: Uint8Array) => Uint8Array =
  // Stryker disable next-line all: run once at load, as above; the survivor, `false`, applied by hand fails 3 tests (Buffer identity).
  FastBuffer !== undefined
    ? // A view of a Buffer the caller parsed is a Buffer already (Node's subarray makes one).
      (bytes) => (Object.getPrototypeOf(bytes) === NodeProto ? bytes : new FastBuffer(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength))
    : NodeBuffer !== undefined
      ? (bytes) => NodeBuffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength)
      : (bytes) => bytes;

/**
 * Bytes mqtt-codec's encoder returned, as a Buffer where Buffer exists. Results of 64 bytes or
 * less live inside their array object (V8 keeps small typed arrays on its heap): a view of them
 * would first have to move their bytes out, which costs several times a copy, so they are copied
 * into a Buffer from Node's pool. Larger results are slab views or arrays of their own: viewed.
 */
export function encodedBinary(bytes: Uint8Array): Uint8Array {
  if (NodeBuffer === undefined || bytes.length > 64 || Object.getPrototypeOf(bytes) === NodeProto) return toBinary(bytes);
  const out = NodeBuffer.allocUnsafe(bytes.length);
  out.set(bytes);
  return out;
}

/** The concatenation of `pieces` in one new Buffer (Uint8Array without Buffer), not zero-filled first. */
export function concatBinary(pieces: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of pieces) total += p.length;
  const out = NodeBuffer === undefined ? new Uint8Array(total) : NodeBuffer.allocUnsafe(total);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** UTF-8 bytes of `text`. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

// Stryker disable next-line all: run once at load, as above; the survivors applied by hand fail tests of ill-formed and BOM-led strings: `{}` 7, `fatal: false` 6, `ignoreBOM: false` 2.
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A string field given as bytes (mqtt-packet accepts Buffers for topics, user names, client
 * identifiers): the UTF-8 text they hold, or undefined when they are not well-formed UTF-8.
 */
export function textOf(bytes: Uint8Array): string | undefined {
  let text: string | undefined;
  try {
    text = strict.decode(bytes);
  } catch {
    // Not well-formed: no text.
  }
  return text;
}

const NO_BYTES = new Uint8Array(0);

/**
 * What mqtt-packet's parser makes of a chunk given to `parse` (its buffer list's `append`):
 * nothing for null or undefined; the bytes of a typed array or DataView; the UTF-8 bytes of a
 * string, and of a number's decimal text; the bytes of each element in turn for an array. Anything
 * else is returned as it is, for the Decoder to refuse (mqtt-packet throws a TypeError there).
 */
export function chunkBytes(chunk: unknown): unknown {
  // Stryker disable next-line ConditionalExpression: equivalent (`false`); a Uint8Array then gets a plain view of the same bytes below, and the packets' Buffers are made from the bytes either way (speed only). (`true`, disabled with it, passes anything on: the tests see that.)
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk === null || chunk === undefined) return NO_BYTES;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === 'string' || typeof chunk === 'number') return utf8Bytes(String(chunk));
  if (Array.isArray(chunk)) {
    const parts = chunk.map(chunkBytes);
    if (parts.every((p): p is Uint8Array => p instanceof Uint8Array)) return concatBinary(parts);
  }
  return chunk;
}
