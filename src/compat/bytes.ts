/**
 * Binary values as mqtt-packet's callers expect them: a `Buffer` where the runtime has one (Node,
 * Bun, Deno's Node mode), so `payload.toString()` keeps working, and a plain `Uint8Array`
 * elsewhere. `Buffer` is only ever found on `globalThis`, never imported, so this entry still
 * loads in a browser.
 *
 * @module
 */

interface BufferLike {
  prototype: object;
}

const NodeBuffer: BufferLike | undefined = (globalThis as { Buffer?: BufferLike }).Buffer;

/**
 * A Uint8Array whose prototype chain runs through `Buffer.prototype`: a Buffer to every Buffer
 * method and to `Buffer.isBuffer`, constructed as cheaply as a plain view (Node's own Buffers are
 * built the same way). `Buffer.from(arrayBuffer, offset, length)` would cost several times more.
 */
class BufferView extends Uint8Array {}
if (NodeBuffer !== undefined) Object.setPrototypeOf(BufferView.prototype, NodeBuffer.prototype);

const encoder = new TextEncoder();

/** `bytes` as a Buffer viewing the same memory where Buffer exists (no copy), else itself. */
export const toBinary: (bytes: Uint8Array) => Uint8Array =
  NodeBuffer === undefined ? (bytes) => bytes : (bytes) => new BufferView(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);

/** UTF-8 bytes of `text`. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A string field given as bytes (mqtt-packet accepts Buffers for topics, user names, client
 * identifiers): the UTF-8 text they hold, or undefined when they are not well-formed UTF-8.
 */
export function textOf(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}
