// The views a Reader hands out (payloads, Binary Data, strings' bytes): the same memory and the
// same kind of array as `subarray` would give, looked up once per input array.
import { describe, expect, it, vi } from 'vitest';
import { Decoder, decode, encode } from '../src/index.js';
import { sharedViews, ViewMaker } from '../src/wire/views.js';

class Tagged extends Uint8Array {
  tag = 'tagged';
}

class NoSpecies extends Uint8Array {
  static get [Symbol.species](): undefined {
    return undefined;
  }
}

describe('ViewMaker (src/wire/views.ts)', () => {
  const bytes = Uint8Array.from({ length: 32 }, (_, i) => i);

  it('gives a view of the same memory, with subarray’s offset and length', () => {
    const base = new Uint8Array(64);
    const arr = base.subarray(8, 40);
    arr.set(bytes);
    const v = new ViewMaker().view(arr, 4, 10);
    expect(Array.from(v)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(v.buffer).toBe(base.buffer);
    expect(v.byteOffset).toBe(8 + 4);
    v[0] = 99;
    expect(arr[4]).toBe(99);
  });

  it('makes Uint8Array views of a Uint8Array and views of the species of a subclass', () => {
    const m = new ViewMaker();
    expect(m.view(bytes, 0, 3).constructor).toBe(Uint8Array);
    const tagged = new Tagged(16);
    const v = m.view(tagged, 2, 5);
    expect(v).toBeInstanceOf(Tagged);
    expect(v.constructor).toBe(tagged.subarray(2, 5).constructor);
    expect(v.length).toBe(3);
  });

  it('falls back to Uint8Array where the species is undefined, as subarray does', () => {
    const arr = new NoSpecies(8);
    const v = new ViewMaker().view(arr, 1, 3);
    expect(v.constructor).toBe(arr.subarray(1, 3).constructor);
    expect(v.constructor).toBe(Uint8Array);
  });

  it('looks the parts up again when the input array changes (no view of a stale buffer)', () => {
    const m = new ViewMaker();
    const a = Uint8Array.of(1, 2, 3, 4);
    const b = Uint8Array.of(5, 6, 7, 8);
    expect(Array.from(m.view(a, 1, 3))).toEqual([2, 3]);
    expect(Array.from(m.view(b, 1, 3))).toEqual([6, 7]);
    expect(Array.from(m.view(a, 0, 4))).toEqual([1, 2, 3, 4]);
    // Past the look-up (the third view of an array) too, array after array, in other buffers.
    const c = new Uint8Array(16).subarray(4, 8);
    c.set([9, 10, 11, 12]);
    for (const [arr, first] of [[a, 1], [b, 5], [c, 9], [a, 1]] as const) {
      for (let i = 0; i < 4; i++) {
        const v = m.view(arr, i, i + 1);
        expect(v.buffer).toBe(arr.buffer);
        expect(v[0]).toBe(first + i);
      }
    }
  });

  it('a subclass without a species, or an array whose constructor is undefined, gets what subarray gives, past the look-up too', () => {
    const m = new ViewMaker();
    const arr = new NoSpecies(8).fill(7);
    const odd = Uint8Array.of(1, 2, 3, 4, 5);
    Object.defineProperty(odd, 'constructor', { value: undefined });
    for (let i = 0; i < 4; i++) {
      const v = m.view(arr, i, i + 2);
      expect(v.constructor).toBe(arr.subarray(i, i + 2).constructor);
      expect(Array.from(v)).toEqual([7, 7]);
    }
    for (let i = 0; i < 4; i++) {
      const v = m.view(odd, i, i + 1);
      expect(v.constructor).toBe(Uint8Array);
      expect(v[0]).toBe(i + 1);
    }
  });

  it('after release, makes correct views of the same array again (its parts looked up anew)', () => {
    const m = new ViewMaker();
    const a = Uint8Array.of(1, 2, 3, 4, 5);
    for (let i = 0; i < 4; i++) m.view(a, 0, 1);
    m.release();
    // It holds neither the array nor its ArrayBuffer any more (an idle connection keeps neither alive).
    expect(Reflect.get(m, 'of')).toBeNull();
    expect(Reflect.get(m, 'buffer')).toBeNull();
    expect(Array.from(m.view(a, 2, 5))).toEqual([3, 4, 5]);
    for (let i = 0; i < 4; i++) expect(Array.from(m.view(a, i, i + 1))).toEqual([i + 1]);
  });

  it('looks up the parts of an array longer than 64 bytes at its first view, and of a shorter one only after two views (reading `buffer` may move a short array off the heap)', () => {
    const m = new ViewMaker();
    const long = Uint8Array.from({ length: 65 }, (_, i) => i);
    const v = m.view(long, 60, 65);
    expect(Reflect.get(m, 'make')).toBe(Uint8Array);
    expect(Reflect.get(m, 'buffer')).toBe(long.buffer);
    expect(Array.from(v)).toEqual([60, 61, 62, 63, 64]);
    const short = Uint8Array.from({ length: 64 }, (_, i) => i);
    const seen: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      expect(m.view(short, i, i + 1)[0]).toBe(i);
      seen.push(Reflect.get(m, 'make'));
    }
    expect(seen).toEqual([null, null, Uint8Array]);
    expect(Reflect.get(m, 'buffer')).toBe(short.buffer);
  });

  it('a long array’s first views are of its species, in its memory (a Buffer, a subclass, a subclass without a species)', () => {
    const m = new ViewMaker();
    const pool = Buffer.alloc(200);
    const buf = pool.subarray(50, 150);
    buf.fill(3);
    const tagged = new Tagged(100);
    const none = new NoSpecies(100);
    for (const [arr, kind] of [[buf, buf.subarray(0, 1).constructor], [tagged, Tagged], [none, Uint8Array]] as const) {
      const v = m.view(arr, 10, 20);
      expect(v.constructor).toBe(kind);
      expect(v.buffer).toBe(arr.buffer);
      expect(v.byteOffset).toBe(arr.byteOffset + 10);
      expect(v.length).toBe(10);
    }
  });

  it('makes empty views at the end of the array', () => {
    const v = new ViewMaker().view(bytes, 32, 32);
    expect(v.length).toBe(0);
  });
});

describe('the Decoder lets go of its chunk when a push ends (an idle connection holds no view)', () => {
  it('releases the shared view maker after a push that decoded, and after one that failed', () => {
    const spy = vi.spyOn(sharedViews, 'release');
    try {
      const d = new Decoder();
      d.push(encode({ type: 'publish', topic: 'a/b', payload: Uint8Array.of(1), qos: 0, retain: false, dup: false }));
      expect(spy).toHaveBeenCalledTimes(1);
      expect(() => d.push(Uint8Array.of(0x00, 0x00))).toThrow(); // reserved type 0
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('an idle Decoder holds none of the chunks it was given', () => {
  it('its reader points at no chunk once a push returns, whole or split, and after a failed push', () => {
    const bytes = encode({ type: 'publish', topic: 'sensors/attic/temperature', payload: new Uint8Array(40), qos: 0, retain: false, dup: false });
    const d = new Decoder();
    const held = () => (Reflect.get(Reflect.get(d, 'reader') as object, 'buf') as Uint8Array).length;
    d.push(bytes.slice());
    expect(held()).toBe(0);
    d.push(bytes.slice(0, 10));
    d.push(bytes.slice(10));
    expect(held()).toBe(0);
    expect(() => d.push(Uint8Array.of(0x00, 0x00))).toThrow();
    expect(held()).toBe(0);
  });
});

describe('payload views keep the input’s kind of array (as subarray did)', () => {
  const bytes = encode({ type: 'publish', topic: 'sensors/attic/temperature', payload: Uint8Array.of(1, 2, 3), qos: 0, retain: false, dup: false });

  it('decode: a Uint8Array payload of a Uint8Array, sharing its memory', () => {
    const p = decode(bytes);
    if (p.type !== 'publish' || typeof p.payload === 'string') throw new Error('not a PUBLISH with bytes');
    expect(p.payload.constructor).toBe(Uint8Array);
    expect(p.payload.buffer).toBe(bytes.buffer);
    expect(Array.from(p.payload)).toEqual([1, 2, 3]);
  });

  it('Decoder: a subclass’s payload is of that subclass, one chunk after another', () => {
    const d = new Decoder();
    for (let i = 0; i < 3; i++) {
      const chunk = new Tagged(bytes.length);
      chunk.set(bytes);
      const [p] = d.push(chunk);
      if (p.type !== 'publish' || typeof p.payload === 'string') throw new Error('not a PUBLISH with bytes');
      expect(p.payload).toBeInstanceOf(Tagged);
      expect(p.payload.buffer).toBe(chunk.buffer);
      expect(p.topic).toBe('sensors/attic/temperature');
    }
  });
});

describe('a packet gathered from split chunks is of the chunks’ kind (its payload too), as a packet read in place is', () => {
  const publish = (n: number) =>
    encode({ type: 'publish', topic: 'fleet/site-1/d7/telemetry', payload: Uint8Array.from({ length: n }, (_, i) => 0x30 + (i % 10)), qos: 1, packetId: 7, retain: false, dup: false });
  // Every cut of a small packet (a slab stretch) and of a large one (over 4,096 bytes: copied whole at the end).
  for (const size of [40, 6000]) {
    it(`payload of ${size} bytes: a Buffer from Buffer chunks (toString gives the text), cut anywhere`, () => {
      const bytes = Buffer.from(publish(size));
      const text = Buffer.from(publish(size)).subarray(bytes.length - size).toString();
      for (const cut of [1, 2, 5, 20, bytes.length - 1]) {
        const d = new Decoder();
        expect(d.push(bytes.subarray(0, cut))).toHaveLength(0);
        const [p] = d.push(bytes.subarray(cut));
        const payload = (p as { payload: Uint8Array }).payload;
        expect(Buffer.isBuffer(payload)).toBe(true);
        expect(payload.toString()).toBe(text);
      }
    });

    it(`payload of ${size} bytes: the species of a subclass, and a plain Uint8Array from Uint8Array chunks or a subclass without a species`, () => {
      const plain = publish(size);
      // Each chunk an array of its own of the kind under test (a subarray of a subclass without a
      // species is a plain Uint8Array already).
      const cut = <T extends Uint8Array>(Kind: new (n: number) => T): T[] =>
        [plain.subarray(0, 9), plain.subarray(9)].map((piece) => {
          const c = new Kind(piece.length);
          c.set(piece);
          return c;
        });
      for (const [Kind, kind] of [[Tagged, Tagged], [Uint8Array, Uint8Array], [NoSpecies, Uint8Array]] as const) {
        const d = new Decoder();
        const [first, rest] = cut(Kind);
        d.push(first);
        const [p] = d.push(rest);
        const payload = (p as { payload: Uint8Array }).payload;
        expect(payload.constructor).toBe(kind);
        expect(Array.from(payload)).toEqual(Array.from(plain.subarray(plain.length - size)));
      }
    });
  }

  it('two decoders whose chunks are of different kinds, their split packets gathered in one shared slab, each get their own kind', () => {
    const plain = publish(40);
    const payloadBytes = Array.from(plain.subarray(plain.length - 40));
    const tagged = new Decoder();
    const buffers = new Decoder();
    for (let i = 0; i < 4; i++) {
      const t1 = new Tagged(9);
      t1.set(plain.subarray(0, 9));
      const t2 = new Tagged(plain.length - 9);
      t2.set(plain.subarray(9));
      tagged.push(t1);
      buffers.push(Buffer.from(plain.subarray(0, 20)));
      const [a] = tagged.push(t2);
      const [b] = buffers.push(Buffer.from(plain.subarray(20)));
      const pa = (a as { payload: Uint8Array }).payload;
      const pb = (b as { payload: Uint8Array }).payload;
      expect(pa).toBeInstanceOf(Tagged);
      expect(Buffer.isBuffer(pb)).toBe(true);
      expect(Array.from(pa)).toEqual(payloadBytes);
      expect(Array.from(pb)).toEqual(payloadBytes);
    }
  });
});
