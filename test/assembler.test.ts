/**
 * The packet assembler of the stream Decoder (src/assembler.ts): its states (idle, header,
 * small, large) and the transitions between them, what each holds and reserves, and that the
 * packet it hands back has the bytes it was given. The Decoder's every-split tests
 * (test/decoder.test.ts, test/stream-errors.test.ts) drive it through the Decoder.
 */
import { describe, expect, it } from 'vitest';
import { PacketAssembler, SMALL_PIECE, STAGE_BLOCK } from '../src/assembler.js';
import { SLAB_SIZE } from '../src/slab-pool.js';
import { NO_BYTES } from '../src/wire/reader.js';

/** `n` bytes counting up from `seed` (mod 256), so misplaced bytes show. */
function bytes(n: number, seed = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (seed + i) & 0xff;
  return out;
}

/**
 * Feeds `packet` to a fresh assembler begun for it, in pieces of the given sizes, and finishes:
 * `buf` is what finish returned, `out` the packet in it (from `start`).
 */
function assemble(packet: Uint8Array, pieces: number[]): { a: PacketAssembler; buf: Uint8Array; out: Uint8Array } {
  const a = new PacketAssembler();
  a.begin(packet.length, 2, NO_BYTES);
  let at = 0;
  for (const n of pieces) {
    a.add(packet, at, at + n);
    at += n;
  }
  const buf = a.finish(packet, at, packet.length);
  return { a, buf, out: buf.subarray(a.start, a.start + packet.length) };
}

describe('state idle', () => {
  it('a new assembler is idle, holds nothing and reserves nothing', () => {
    const a = new PacketAssembler();
    expect(a.state).toBe('idle');
    expect(a.held).toBe(0);
    expect(a.need).toBe(-1);
    expect(a.reserved).toBe(0);
  });

  it('absorb refuses every piece while idle (there is no packet to add to)', () => {
    const a = new PacketAssembler();
    expect(a.absorb(bytes(3))).toBe(false);
    expect(a.held).toBe(0);
  });
});

describe('state header: a fixed header cut by the chunk boundary', () => {
  it('beginHeader holds the first bytes of the packet, no buffer reserved', () => {
    const a = new PacketAssembler();
    const chunk = Uint8Array.of(0xc0, 0x00, 0x30, 0x80);
    a.beginHeader(chunk, 2, 4);
    expect(a.state).toBe('header');
    expect(a.held).toBe(2);
    expect(a.need).toBe(-1);
    expect(a.reserved).toBe(0);
    expect([...a.head.subarray(0, 2)]).toEqual([0x30, 0x80]);
  });

  it('extendHeader appends the start of the next chunk, never beyond 5 header bytes in all', () => {
    const a = new PacketAssembler();
    a.beginHeader(Uint8Array.of(0x30), 0, 1);
    expect(a.extendHeader(Uint8Array.of(0x80))).toBe(2);
    expect(a.extendHeader(Uint8Array.of(0x80, 0x80, 0x01, 9, 9, 9))).toBe(5);
    expect([...a.head]).toEqual([0x30, 0x80, 0x80, 0x80, 0x01]);
    expect(a.absorb(bytes(1))).toBe(false); // no short path before the size is known
  });

  it('begin from a header takes only the header bytes and returns how many of the last chunk were header bytes', () => {
    // PUBLISH with Remaining Length 200 (c8 01): header split after its first byte.
    const packet = new Uint8Array(203);
    packet.set([0x30, 0xc8, 0x01]);
    packet.set(bytes(200, 7), 3);
    const a = new PacketAssembler();
    a.beginHeader(packet, 0, 1);
    const second = packet.subarray(1, 50);
    expect(a.extendHeader(second)).toBe(5); // 2 of them are body bytes, not taken
    expect(a.begin(203, 3, NO_BYTES)).toBe(2);
    expect(a.state).toBe('small');
    expect(a.held).toBe(3);
    a.add(second, 2, second.length);
    const buf = a.finish(packet, 50, 203);
    expect(buf.subarray(a.start, a.start + 203)).toEqual(packet);
    expect(a.state).toBe('idle');
  });
});

describe('state small: a packet of at most 4 KiB, gathered in its slab stretch', () => {
  it('begin of a packet of at most STAGE_BLOCK bytes reserves exactly its size in a shared slab', () => {
    const a = new PacketAssembler();
    a.begin(STAGE_BLOCK, 2, NO_BYTES);
    expect(a.state).toBe('small');
    expect(a.reserved).toBe(STAGE_BLOCK);
  });

  it('finish returns the slab the stretch is in, the packet at `start` (no copy, no view of its own), and lets go of it', () => {
    const packet = bytes(300, 1);
    const { a, buf, out } = assemble(packet, [1, 1, 17, 100]);
    expect(out).toEqual(packet);
    expect(buf.length).toBe(SLAB_SIZE);
    expect(buf.byteOffset).toBe(0);
    expect(buf.buffer.byteLength).toBe(SLAB_SIZE);
    expect(a.state).toBe('idle');
    expect(a.reserved).toBe(0);
    expect(a.held).toBe(0);
  });

  it('absorb takes a piece that leaves the packet incomplete, of any size, and refuses one that completes it', () => {
    const packet = bytes(STAGE_BLOCK, 3);
    const a = new PacketAssembler();
    a.begin(packet.length, 2, NO_BYTES);
    expect(a.absorb(packet.subarray(0, 2000))).toBe(true); // over SMALL_PIECE: still copied
    expect(a.absorb(packet.subarray(2000, 2005))).toBe(true);
    expect(a.held).toBe(2005);
    expect(a.absorb(packet.subarray(2005))).toBe(false); // the last bytes: finish's work
    expect(a.held).toBe(2005);
    const buf = a.finish(packet, 2005, packet.length);
    expect(buf.subarray(a.start, a.start + packet.length)).toEqual(packet);
  });

  it('stretches of packets one after another lie one after another in the slab', () => {
    const first = assemble(bytes(100, 1), [40]);
    const second = assemble(bytes(50, 2), [10]);
    // Right after the first in the same slab, or at the start of a new one when the slab was full.
    expect(second.a.start).toBe(second.buf === first.buf ? first.a.start + 100 : 0);
    expect(first.out).toEqual(bytes(100, 1)); // not overwritten by the second
    expect(second.out).toEqual(bytes(50, 2));
  });
});

describe('state large: a packet over 4 KiB, held as views and staging blocks', () => {
  it('pieces of SMALL_PIECE bytes or more are held as views of their chunk, not copied', () => {
    const packet = bytes(10_000, 5);
    const a = new PacketAssembler();
    a.begin(packet.length, 3, NO_BYTES);
    expect(a.state).toBe('large');
    expect(a.reserved).toBe(0); // nothing reserved before a byte arrives
    a.add(packet, 0, SMALL_PIECE);
    expect(a.reserved).toBe(SMALL_PIECE);
    packet[10] = 0xee; // a view: the change shows in the packet assembled
    expect(a.finish(packet, SMALL_PIECE, packet.length)[10]).toBe(0xee);
  });

  it('small pieces are gathered in staging blocks no larger than STAGE_BLOCK nor than what the packet still needs', () => {
    const packet = bytes(STAGE_BLOCK + 10, 9);
    const a = new PacketAssembler();
    a.begin(packet.length, 3, NO_BYTES);
    a.add(packet, 0, 5);
    expect(a.reserved).toBe(STAGE_BLOCK); // one block for the dribble
    for (let at = 5; at < STAGE_BLOCK; at += 5) expect(a.absorb(packet.subarray(at, Math.min(at + 5, STAGE_BLOCK)))).toBe(true);
    expect(a.absorb(packet.subarray(STAGE_BLOCK, STAGE_BLOCK + 5))).toBe(false); // the block is full
    a.add(packet, STAGE_BLOCK, STAGE_BLOCK + 5);
    expect(a.reserved).toBe(STAGE_BLOCK + 10); // the second block: only the 10 bytes still needed
    expect(a.finish(packet, STAGE_BLOCK + 5, packet.length)).toEqual(packet);
  });

  it('absorb refuses a piece of SMALL_PIECE bytes or more (it is held as a view by add instead)', () => {
    const packet = bytes(20_000);
    const a = new PacketAssembler();
    a.begin(packet.length, 3, NO_BYTES);
    a.add(packet, 0, 10);
    expect(a.absorb(packet.subarray(10, 10 + SMALL_PIECE))).toBe(false);
    expect(a.held).toBe(10);
  });

  it('finish copies the pieces once into a buffer of the exact size, and later changes to the chunks leave it', () => {
    const packet = bytes(9000, 11);
    const copy = packet.slice();
    const { a, buf, out } = assemble(packet, [3, 2000, 7, 1, 1500, 4000]);
    expect(a.start).toBe(0);
    expect(out).toEqual(copy);
    expect(buf.length).toBe(9000);
    expect(out.buffer.byteLength).toBe(9000);
    packet.fill(0);
    expect(out).toEqual(copy);
    expect(a.state).toBe('idle');
    expect(a.reserved).toBe(0);
  });
});

describe('drop', () => {
  it('from any state, lets go of every byte and buffer and returns to idle', () => {
    for (const setUp of [
      (a: PacketAssembler) => a.beginHeader(Uint8Array.of(0x30, 0x80), 0, 2),
      (a: PacketAssembler) => a.begin(100, 2, NO_BYTES),
      (a: PacketAssembler) => {
        a.begin(50_000, 4, NO_BYTES);
        a.add(bytes(3000), 0, 3000);
        a.add(bytes(10), 0, 10);
      },
    ]) {
      const a = new PacketAssembler();
      setUp(a);
      expect(a.state).not.toBe('idle');
      a.drop();
      expect(a.state).toBe('idle');
      expect(a.held).toBe(0);
      expect(a.need).toBe(-1);
      expect(a.reserved).toBe(0);
      expect(a.absorb(bytes(1))).toBe(false);
    }
  });
});
