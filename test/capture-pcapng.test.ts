/**
 * The pcapng reader (src/capture/pcapng.ts) on crafted files: section headers and their byte
 * order, block lengths, the options of an Interface Description Block (if_name, if_tsresol,
 * if_tsoffset), the packet blocks (EPB, SPB, the obsolete Packet Block) and the problems at the
 * end of the input. Layout: draft-ietf-opsawg-pcapng, sections 4 and 5.
 */
import { describe, expect, it } from 'vitest';
import { MAX_RECORD } from '../src/capture/bytes.js';
import { type Item, read } from './helpers/capture-file-items.js';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const OPB = 2;
const SPB = 3;
const EPB = 6;
const OTHER = 0x99;

function u32(v: number, little: boolean): number[] {
  const b = [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  return little ? b.reverse() : b;
}
function u16(v: number, little: boolean): number[] {
  return little ? [v & 255, v >> 8] : [v >> 8, v & 255];
}
const pad = (b: number[]) => [...b, ...new Array((4 - (b.length % 4)) % 4).fill(0)];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** A block: type, total length, the body padded to 4 bytes, the total length again (both overridable). */
function block(type: number, body: number[], little: boolean, lengths: { total?: number; trailer?: number } = {}): number[] {
  const padded = pad(body);
  const total = padded.length + 12;
  return [...u32(type, little), ...u32(lengths.total ?? total, little), ...padded, ...u32(lengths.trailer ?? total, little)];
}

/** A Section Header Block of the given byte order (or with the given raw magic). */
function shb(little: boolean, magic = 0x1a2b3c4d): number[] {
  return block(SHB, [...u32(magic, little), ...u16(1, little), ...u16(0, little), ...u32(0xffffffff, little), ...u32(0xffffffff, little)], little);
}

/** One option: code, length, value padded to 4 bytes (the length can be given apart from the value). */
function option(code: number, value: number[], little: boolean, len = value.length): number[] {
  return [...u16(code, little), ...u16(len, little), ...pad(value)];
}

const END_OF_OPT = [0, 0, 0, 0];

/** An Interface Description Block: link type, snap length, the option bytes as given. */
function idb(little: boolean, linkType = 1, options: number[] = [], snapLength = 0): number[] {
  return block(IDB, [...u16(linkType, little), 0, 0, ...u32(snapLength, little), ...options], little);
}

/** The fields of an EPB or OPB: interface, timestamp units, captured and original length. */
interface PacketFields {
  iface?: number;
  units?: bigint;
  captured?: number;
  original?: number;
}

function epb(little: boolean, data: number[], f: PacketFields = {}): number[] {
  const units = f.units ?? 0n;
  return block(EPB, [...u32(f.iface ?? 0, little), ...u32(Number(units >> 32n), little), ...u32(Number(units & 0xffffffffn), little), ...u32(f.captured ?? data.length, little), ...u32(f.original ?? data.length, little), ...data], little);
}

function opb(little: boolean, data: number[], f: PacketFields & { drops?: number } = {}): number[] {
  const units = f.units ?? 0n;
  return block(OPB, [...u16(f.iface ?? 0, little), ...u16(f.drops ?? 0, little), ...u32(Number(units >> 32n), little), ...u32(Number(units & 0xffffffffn), little), ...u32(f.captured ?? data.length, little), ...u32(f.original ?? data.length, little), ...data], little);
}

function spb(little: boolean, original: number, data: number[]): number[] {
  return block(SPB, [...u32(original, little), ...data], little);
}


const frames = (items: Item[]) => items.filter((i) => i.kind === 'frame');
const problems = (items: Item[]) => items.filter((i) => i.kind === 'problem');

/** A frame as the reader gives it, from the fields that vary. */
function frame(number: number, data: number[], f: { seconds?: number; nanos?: number; timeDigits?: number; linkType?: number; interfaceId?: number; originalLength?: number } = {}) {
  return { kind: 'frame', number, seconds: f.seconds ?? 0, nanos: f.nanos ?? 0, timeDigits: f.timeDigits ?? 6, linkType: f.linkType ?? 1, interfaceId: f.interfaceId ?? 0, data, originalLength: f.originalLength ?? data.length };
}

/** The one frame of a section with one IDB (these options) and one EPB at `units`. */
function timeWith(little: boolean, options: number[], units: bigint) {
  const { items } = read([...shb(little), ...idb(little, 1, options), ...epb(little, [1], { units })]);
  expect(problems(items)).toEqual([]);
  const [f] = frames(items);
  return f.kind === 'frame' ? { seconds: f.seconds, nanos: f.nanos, timeDigits: f.timeDigits } : undefined;
}

const orders = [true, false];
const orderName = (little: boolean) => (little ? 'little-endian' : 'big-endian');

describe('pcapng: section headers', () => {
  for (const little of orders) {
    it(`${orderName(little)}: the byte-order magic sets the order of every block of the section; the info item says which`, () => {
      const { items } = read([...shb(little), ...idb(little, 228, [], 65535), ...epb(little, [9, 8], { units: 1_000_001n, original: 60 })]);
      expect(items).toEqual([
        { kind: 'info', format: 'pcapng', byteOrder: little ? 'little' : 'big', interfaces: [{ linkType: 228, timeDigits: 6 }] },
        frame(1, [9, 8], { seconds: 1, nanos: 1000, linkType: 228, originalLength: 60 }),
      ]);
    });
  }

  it('a section header with a bad byte-order magic is a fatal problem at the magic; nothing after it is read', () => {
    const first = [...shb(true), ...idb(true)];
    const { items, file } = read([...first, ...shb(true, 0x12345678), ...shb(true), ...idb(true), ...epb(true, [1])]);
    expect(items).toEqual([
      { kind: 'info', format: 'pcapng', byteOrder: 'little', interfaces: [{ linkType: 1, timeDigits: 6 }] },
      { kind: 'problem', offset: first.length + 8, message: 'section header has a bad byte-order magic 0x78563412', fatal: true },
    ]);
    expect(file.stopped).toBe(true);
    expect(file.next()).toBeUndefined();
  });

  it('a new section forgets the interfaces of the one before: its IDBs count from 0 again (and its byte order may differ)', () => {
    const first = [...shb(true), ...idb(true, 1), ...epb(true, [1])];
    const second = [...shb(false), ...idb(false, 101), ...epb(false, [2])];
    const stray = epb(false, [3], { iface: 1 });
    const { items } = read([...first, ...second, ...stray]);
    expect(items).toEqual([
      { kind: 'info', format: 'pcapng', byteOrder: 'little', interfaces: [{ linkType: 1, timeDigits: 6 }] },
      frame(1, [1], { linkType: 1 }),
      { kind: 'info', format: 'pcapng', byteOrder: 'big', interfaces: [{ linkType: 101, timeDigits: 6 }] },
      frame(2, [2], { linkType: 101 }),
      { kind: 'problem', offset: first.length + second.length, message: 'packet block names interface 1, which no interface description block declared; skipped', fatal: false },
    ]);
  });
});

describe('pcapng: block lengths', () => {
  const start = [...shb(true), ...idb(true)];
  const info = { kind: 'info', format: 'pcapng', byteOrder: 'little', interfaces: [{ linkType: 1, timeDigits: 6 }] };

  for (const total of [8, 30, MAX_RECORD + 4]) {
    it(`a block length of ${total} (under 12, not a multiple of 4, or over 256 MiB) is fatal at the block; nothing after it is read`, () => {
      const bad = [...u32(OTHER, true), ...u32(total, true), 0, 0, 0, 0];
      const { items, file } = read([...start, ...bad, ...epb(true, [1])]);
      expect(items).toEqual([info, { kind: 'problem', offset: start.length, message: `block of type 0x99 has an impossible length ${total}; the file is damaged here`, fatal: true }]);
      expect(file.stopped).toBe(true);
      expect(file.next()).toBeUndefined();
    });
  }

  it('a block of 12 bytes (an empty body) is whole, and an unknown type is skipped', () => {
    const { items } = read([...start, ...block(OTHER, [], true), ...epb(true, [1])]);
    expect(items).toEqual([info, frame(1, [1])]);
  });

  it('a block of exactly 256 MiB is believed: the input ends inside it, naming it by its type number', () => {
    const big = [...u32(OTHER, true), ...u32(MAX_RECORD, true), 1, 2, 3, 4, 5, 6, 7, 8];
    const { items } = read([...start, ...big]);
    expect(items).toEqual([info, { kind: 'problem', offset: start.length, message: `block 0x99 of ${MAX_RECORD} bytes has only 16 present; the capture is cut short here`, fatal: true }]);
  });

  const named: [string, (trailer: number) => number[]][] = [
    ['SHB', (trailer) => block(SHB, shb(true).slice(8, -4), true, { trailer })],
    ['IDB', (trailer) => block(IDB, idb(true).slice(8, -4), true, { trailer })],
    ['EPB', (trailer) => block(EPB, epb(true, [1]).slice(8, -4), true, { trailer })],
    ['SPB', (trailer) => block(SPB, spb(true, 1, [1]).slice(8, -4), true, { trailer })],
    ['0x99', (trailer) => block(OTHER, [1, 2, 3, 4], true, { trailer })],
  ];
  for (const [name, make] of named) {
    it(`a block (${name}) whose trailing length differs from its leading one is fatal, naming the block`, () => {
      const { items } = read([...start, ...make(4)]);
      expect(items).toEqual([info, { kind: 'problem', offset: start.length, message: `block ${name} ends with a length that differs from its start; the file is damaged here`, fatal: true }]);
    });
  }
});

describe('pcapng: interface description options', () => {
  const t = 1_700_000_000_123_456n;
  for (const little of orders) {
    const o = (code: number, value: number[], len?: number) => option(code, value, little, len);
    describe(orderName(little), () => {
      it('without if_tsresol a timestamp counts microseconds (6 digits)', () => {
        expect(timeWith(little, [], t)).toEqual({ seconds: 1_700_000_000, nanos: 123_456_000, timeDigits: 6 });
      });

      it('if_tsresol 10^-3: milliseconds, 3 digits', () => {
        expect(timeWith(little, [...o(9, [3]), ...END_OF_OPT], 1_700_000_000_123n)).toEqual({ seconds: 1_700_000_000, nanos: 123_000_000, timeDigits: 3 });
      });

      it('if_tsresol 2^-10 and 2^-20: binary fractions, as many digits as the resolution needs (4 and 7)', () => {
        expect(timeWith(little, [...o(9, [0x80 | 10])], 5n * 1024n + 512n)).toEqual({ seconds: 5, nanos: 500_000_000, timeDigits: 4 });
        expect(timeWith(little, [...o(9, [0x80 | 20])], 2n ** 64n - 1n)).toEqual({ seconds: 2 ** 44 - 1, nanos: 999_999_046, timeDigits: 7 });
      });

      it('if_tsresol 10^-12 and 2^-60, beyond what doubles divide exactly: still exact to the nanosecond (rounded down, never up)', () => {
        expect(timeWith(little, [...o(9, [12])], 12_345_678_901_234_567_999n)).toEqual({ seconds: 12_345_678, nanos: 901_234_567, timeDigits: 9 });
        expect(timeWith(little, [...o(9, [0x80 | 60])], 2n ** 64n - 1n)).toEqual({ seconds: 15, nanos: 999_999_999, timeDigits: 9 });
      });

      it('if_tsoffset adds whole seconds (a signed 64-bit number) to every timestamp, at any resolution', () => {
        const offset = (v: bigint) => {
          const hi = Number((v >> 32n) & 0xffffffffn);
          const lo = Number(v & 0xffffffffn);
          return o(14, little ? [...u32(lo, true), ...u32(hi, true)] : [...u32(hi, false), ...u32(lo, false)]);
        };
        expect(timeWith(little, offset(2n ** 32n + 5n), t)).toEqual({ seconds: 1_700_000_000 + 2 ** 32 + 5, nanos: 123_456_000, timeDigits: 6 });
        expect(timeWith(little, offset(2n ** 64n - 1n), t)).toEqual({ seconds: 1_699_999_999, nanos: 123_456_000, timeDigits: 6 });
        expect(timeWith(little, [...o(9, [12]), ...offset(2n ** 32n + 5n)], 12_345_678_901_234_567_999n)).toEqual({ seconds: 12_345_678 + 2 ** 32 + 5, nanos: 901_234_567, timeDigits: 9 });
      });

      it('an if_tsoffset shorter than 8 bytes is ignored', () => {
        expect(timeWith(little, [...o(14, u32(7, little)), ...END_OF_OPT], t)).toEqual({ seconds: 1_700_000_000, nanos: 123_456_000, timeDigits: 6 });
      });

      it('an if_tsresol without a value is ignored (microseconds stay)', () => {
        expect(timeWith(little, [...o(9, []), ...END_OF_OPT], t)).toEqual({ seconds: 1_700_000_000, nanos: 123_456_000, timeDigits: 6 });
      });

      it('other options, even of 8 bytes (if_description, if_name), change neither the resolution nor the offset', () => {
        expect(timeWith(little, [...o(3, ascii('abcdefgh')), ...o(2, ascii('eth0eth1')), ...END_OF_OPT], t)).toEqual({ seconds: 1_700_000_000, nanos: 123_456_000, timeDigits: 6 });
      });

      it('options end at opt_endofopt: one after it is not read', () => {
        expect(timeWith(little, [...END_OF_OPT, ...o(9, [9])], t)).toEqual({ seconds: 1_700_000_000, nanos: 123_456_000, timeDigits: 6 });
      });

      it('an option whose length runs past the block is not read', () => {
        expect(timeWith(little, [...o(9, [9], 256)], t)).toEqual({ seconds: 1_700_000_000, nanos: 123_456_000, timeDigits: 6 });
      });
    });

    const infoOf = (options: number[]) => {
      const { items } = read([...shb(little), ...idb(little, 1, options)]);
      return items;
    };
    const named = (name?: string) => [{ kind: 'info', format: 'pcapng', byteOrder: little ? 'little' : 'big', interfaces: [{ linkType: 1, timeDigits: 6, ...(name === undefined ? {} : { name }) }] }];

    it(`${orderName(little)}: an option that ends exactly at the block's end is read (no opt_endofopt needed)`, () => {
      expect(infoOf(o(2, ascii('eth0')))).toEqual(named('eth0'));
    });

    it(`${orderName(little)}: a zero-length option that ends the block is read too (an empty last if_name leaves the interface unnamed)`, () => {
      expect(infoOf([...o(2, ascii('eth0')), ...o(2, [])])).toEqual(named(undefined));
    });

    it(`${orderName(little)}: if_name loses its trailing NUL padding, and only that`, () => {
      expect(infoOf(o(2, [...ascii('eth0'), 0, 0]))).toEqual(named('eth0'));
      expect(infoOf(o(2, [...ascii('a'), 0, ...ascii('b'), 0]))).toEqual(named('a\0b'));
    });
  }
});

describe('pcapng: packet blocks', () => {
  const start = [...shb(true), ...idb(true)];
  const info = { kind: 'info', format: 'pcapng', byteOrder: 'little', interfaces: [{ linkType: 1, timeDigits: 6 }] };

  it('an EPB of its 20 bytes of fields and no data is a frame of no bytes', () => {
    expect(read([...start, ...epb(true, [], { original: 60 })]).items).toEqual([info, frame(1, [], { originalLength: 60 })]);
  });

  it('an EPB shorter than its 20 bytes of fields is a problem at the block, not fatal: reading goes on', () => {
    const short = block(EPB, new Array(16).fill(0), true);
    expect(read([...start, ...short, ...epb(true, [5])]).items).toEqual([
      info,
      { kind: 'problem', offset: start.length, message: 'EPB too short', fatal: false },
      frame(1, [5]),
    ]);
  });

  it('an EPB claiming more captured bytes than it holds is a problem, skipped; one that is exactly full is a frame', () => {
    const over = epb(true, [1, 2, 3, 4], { captured: 10 });
    expect(read([...start, ...over, ...epb(true, [5, 6, 7, 8])]).items).toEqual([
      info,
      { kind: 'problem', offset: start.length, message: 'packet block claims 10 captured bytes but holds 4; skipped', fatal: false },
      frame(1, [5, 6, 7, 8]),
    ]);
  });

  it('a packet block naming an interface no IDB declared is a problem, skipped', () => {
    expect(read([...start, ...epb(true, [1], { iface: 5 })]).items).toEqual([
      info,
      { kind: 'problem', offset: start.length, message: 'packet block names interface 5, which no interface description block declared; skipped', fatal: false },
    ]);
    expect(read([...shb(true), ...spb(true, 1, [1])]).items).toEqual([
      { kind: 'problem', offset: 28, message: 'packet block names interface 0, which no interface description block declared; skipped', fatal: false },
    ]);
  });

  it('an SPB holds the least of its original length, the bytes of its body and the snap length of interface 0', () => {
    // Original 100, 4 bytes in the block: the 4 bytes.
    expect(frames(read([...start, ...spb(true, 100, [1, 2, 3, 4])]).items)).toEqual([frame(1, [1, 2, 3, 4], { originalLength: 100 })]);
    // Original 3, padded to 4: the 3 bytes.
    expect(frames(read([...start, ...spb(true, 3, [1, 2, 3])]).items)).toEqual([frame(1, [1, 2, 3], { originalLength: 3 })]);
    // Snap length 2: 2 bytes.
    expect(frames(read([...shb(true), ...idb(true, 1, [], 2), ...spb(true, 5, [1, 2, 3, 4, 5])]).items)).toEqual([frame(1, [1, 2], { originalLength: 5 })]);
  });

  it('an SPB of only its original length is a frame of no bytes; an SPB without it is a problem, not fatal', () => {
    expect(read([...start, ...spb(true, 0, []), ...block(SPB, [], true), ...spb(true, 1, [7])]).items).toEqual([
      info,
      frame(1, [], { originalLength: 0 }),
      { kind: 'problem', offset: start.length + 16, message: 'SPB too short', fatal: false },
      frame(2, [7]),
    ]);
  });

  for (const little of orders) {
    it(`${orderName(little)}: the obsolete Packet Block gives a frame: a 16-bit interface id, the drops count skipped`, () => {
      const { items } = read([...shb(little), ...idb(little, 1), ...idb(little, 101), ...opb(little, [4, 5], { iface: 1, drops: 1, units: 2_000_003n, original: 9 })]);
      expect(frames(items)).toEqual([frame(1, [4, 5], { seconds: 2, nanos: 3000, linkType: 101, interfaceId: 1, originalLength: 9 })]);
      expect(problems(items)).toEqual([]);
    });
  }

  it('an obsolete Packet Block too short is named by its type number', () => {
    expect(read([...start, ...block(OPB, new Array(16).fill(0), true)]).items).toEqual([info, { kind: 'problem', offset: start.length, message: '0x2 too short', fatal: false }]);
  });

  it('an IDB shorter than its 8 bytes of fields is a problem, not fatal, and declares no interface', () => {
    const short = block(IDB, [1, 0, 0, 0], true);
    expect(read([...shb(true), ...short, ...epb(true, [1])]).items).toEqual([
      { kind: 'problem', offset: 28, message: 'interface description block too short', fatal: false },
      { kind: 'problem', offset: 28 + 16, message: 'packet block names interface 0, which no interface description block declared; skipped', fatal: false },
    ]);
  });
});

describe('pcapng: the input ends inside a block', () => {
  const start = [...shb(true), ...idb(true)];
  const info = { kind: 'info', format: 'pcapng', byteOrder: 'little', interfaces: [{ linkType: 1, timeDigits: 6 }] };
  const cut = (bytes: number[], left: number) => bytes.slice(0, left);

  it('fewer than 8 bytes of a block header: the header is cut short', () => {
    expect(read([...start, ...cut(epb(true, [1]), 5)]).items).toEqual([info, { kind: 'problem', offset: start.length, message: 'block header cut short (5 of 8 bytes); the capture ends here', fatal: true }]);
  });

  for (const left of [8, 10]) {
    it(`${left} bytes of an EPB: the block, its length and the bytes present`, () => {
      expect(read([...start, ...cut(epb(true, [1, 2, 3, 4]), left)]).items).toEqual([info, { kind: 'problem', offset: start.length, message: `block EPB of 36 bytes has only ${left} present; the capture is cut short here`, fatal: true }]);
    });
  }

  it('an IDB cut short is named', () => {
    expect(read([...shb(true), ...cut(idb(true), 12)]).items).toEqual([{ kind: 'problem', offset: 28, message: 'block IDB of 20 bytes has only 12 present; the capture is cut short here', fatal: true }]);
  });

  it('a section header cut before the end of its magic (under 12 bytes)', () => {
    expect(read(cut(shb(true), 10)).items).toEqual([{ kind: 'problem', offset: 0, message: 'section header cut short; the capture ends here', fatal: true }]);
    expect(read([...start, ...cut(shb(false), 11)]).items).toEqual([info, { kind: 'problem', offset: start.length, message: 'section header cut short; the capture ends here', fatal: true }]);
  });

  for (const chunk of [3, 64]) {
    it(`a section header cut after its magic: its length read in its own byte order (chunks of ${chunk})`, () => {
      expect(read([...start, ...cut(shb(false), 12)], chunk).items).toEqual([info, { kind: 'problem', offset: start.length, message: 'block SHB of 28 bytes has only 12 present; the capture is cut short here', fatal: true }]);
      expect(read([...start, ...cut(shb(false), 20)], chunk).items).toEqual([info, { kind: 'problem', offset: start.length, message: 'block SHB of 28 bytes has only 20 present; the capture is cut short here', fatal: true }]);
    });
  }
});
