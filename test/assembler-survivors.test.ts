/**
 * The packet assembler (src/assembler.ts) and the slab pool (src/slab-pool.ts), the parts the
 * mutation run found untested: a large packet whose staging block is closed (its last piece was
 * held as a view) offered an empty piece or a small one, and a slab used to its last byte.
 */
import { describe, expect, it } from 'vitest';
import { PacketAssembler, SMALL_PIECE, STAGE_BLOCK } from '../src/assembler.js';
import { SLAB_SIZE, SlabPool } from '../src/slab-pool.js';
import { NO_BYTES } from '../src/wire/reader.js';
import { Decoder, decode, encode } from '../src/index.js';

/** `n` bytes counting up from `seed` (mod 256), so misplaced bytes show. */
function bytes(n: number, seed = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (seed + i) & 0xff;
  return out;
}

/** An assembler begun for `packet` (a large one), its first `viewed` bytes added as one piece held as a view. */
function afterView(packet: Uint8Array, viewed: number): PacketAssembler {
  const a = new PacketAssembler();
  a.begin(packet.length, 3, NO_BYTES);
  a.add(packet, 0, viewed);
  expect(a.state).toBe('large');
  expect(a.reserved).toBe(viewed); // the view only: no staging block open
  return a;
}

describe('state large, no staging block open (the last piece was held as a view)', () => {
  const packet = bytes(STAGE_BLOCK + 1000, 5);

  it('absorb refuses a piece, even an empty one: there is no open stage to take it', () => {
    const a = afterView(packet, 2 * SMALL_PIECE);
    expect(a.absorb(new Uint8Array(0))).toBe(false);
    expect(a.absorb(packet.subarray(2 * SMALL_PIECE, 2 * SMALL_PIECE + 3))).toBe(false);
    expect(a.held).toBe(2 * SMALL_PIECE);
  });

  it('adding nothing opens no staging block (reserved unchanged)', () => {
    const a = afterView(packet, 2 * SMALL_PIECE);
    a.add(packet, 2 * SMALL_PIECE, 2 * SMALL_PIECE);
    expect(a.reserved).toBe(2 * SMALL_PIECE);
    expect(a.held).toBe(2 * SMALL_PIECE);
  });

  it('a small piece opens a staging block for it, and the packet comes out whole', () => {
    const at = 2 * SMALL_PIECE;
    const a = afterView(packet, at);
    a.add(packet, at, at + 10);
    expect(a.held).toBe(at + 10);
    expect(a.reserved).toBe(at + Math.min(STAGE_BLOCK, packet.length - at));
    a.add(packet, at + 10, at + 30);
    const out = a.finish(packet, at + 30, packet.length);
    expect(out).toEqual(packet);
    expect(a.state).toBe('idle');
  });
});

describe('the Decoder over the same cases', () => {
  // PUBLISH QoS 0, topic "t", payload of 6000 bytes (a large packet: over STAGE_BLOCK).
  const publish = encode({ type: 'publish', topic: 't', payload: bytes(6000, 9), qos: 0, dup: false, retain: false });
  const expected = decode(publish);

  it('an empty push while a large packet waits for its next piece keeps nothing more', () => {
    const d = new Decoder();
    expect(d.push(publish.subarray(0, 2000))).toEqual([]);
    const reserved = d.reserved;
    expect(d.push(new Uint8Array(0))).toEqual([]);
    expect(d.reserved).toBe(reserved);
    expect(d.buffered).toBe(2000);
    expect(d.push(publish.subarray(2000))).toEqual([expected]);
  });

  it('small pieces after a large one give the packet whole', () => {
    const d = new Decoder();
    const cuts = [2000, 2010, 2030, 3100, 3101, publish.length];
    const out = [];
    let prev = 0;
    for (const c of cuts) {
      out.push(...d.push(publish.subarray(prev, c)));
      prev = c;
    }
    expect(out).toEqual([expected]);
    expect(d.reserved).toBe(0);
  });
});

describe('SlabPool', () => {
  it('hands out a slab to its last byte before taking a new one', () => {
    const pool = new SlabPool();
    expect(pool.slab).toBeNull();
    expect(pool.reserve(SLAB_SIZE - 10, NO_BYTES)).toBe(0);
    const first = pool.slab!;
    expect(pool.reserve(10, NO_BYTES)).toBe(SLAB_SIZE - 10);
    expect(pool.slab).toBe(first);
    expect(pool.reserve(1, NO_BYTES)).toBe(0);
    expect(pool.slab!.buffer).not.toBe(first.buffer);
    expect(pool.slab!.length).toBe(SLAB_SIZE);
  });

  it('a stretch that does not fit what is left of the slab starts a new one', () => {
    const pool = new SlabPool();
    pool.reserve(SLAB_SIZE - 10, NO_BYTES);
    const first = pool.slab!;
    expect(pool.reserve(11, NO_BYTES)).toBe(0);
    expect(pool.slab!.buffer).not.toBe(first.buffer);
  });

  it('gives the slab as the kind of array it is shown, all of it, the same memory for every kind', () => {
    class Sub extends Uint8Array {}
    const pool = new SlabPool();
    expect(pool.reserve(5, NO_BYTES)).toBe(0);
    const plain = pool.slab!;
    expect(plain.constructor).toBe(Uint8Array);
    expect(pool.reserve(5, new Sub(1))).toBe(5);
    const sub = pool.slab!;
    expect(sub).toBeInstanceOf(Sub);
    expect(sub.buffer).toBe(plain.buffer);
    expect(sub.byteOffset).toBe(0);
    expect(sub.length).toBe(SLAB_SIZE);
    pool.reserve(5, new Sub(2));
    expect(pool.slab).toBe(sub); // the same kind: the same array
    pool.reserve(5, NO_BYTES);
    expect(pool.slab!.constructor).toBe(Uint8Array);
    expect(pool.slab!.buffer).toBe(plain.buffer);
    pool.reserve(SLAB_SIZE, new Sub(1)); // a new slab, of the kind asked for
    expect(pool.slab).toBeInstanceOf(Sub);
    expect(pool.slab!.buffer).not.toBe(plain.buffer);
  });
});
