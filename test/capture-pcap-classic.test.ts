/**
 * The classic pcap reader (src/capture/pcap-classic.ts) on crafted files: the file header (byte
 * order, resolution, link type, version), record fields, fractions of a second that carry into
 * the seconds, unbelievable record lengths, and the problems at the end of the input.
 * Layout: draft-ietf-opsawg-pcap, sections 4 and 5.
 */
import { describe, expect, it } from 'vitest';
import { MAX_RECORD } from '../src/capture/bytes.js';
import { read } from './helpers/capture-file-items.js';

function u32(v: number, little: boolean): number[] {
  const b = [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  return little ? b.reverse() : b;
}
function u16(v: number, little: boolean): number[] {
  return little ? [v & 255, v >> 8] : [v >> 8, v & 255];
}

interface Header {
  little?: boolean;
  nano?: boolean;
  major?: number;
  linkField?: number;
}

/** A 24-byte classic pcap file header. */
function header(h: Header = {}): number[] {
  const little = h.little ?? true;
  return [...u32(h.nano ? 0xa1b23c4d : 0xa1b2c3d4, little), ...u16(h.major ?? 2, little), ...u16(4, little), ...u32(0, little), ...u32(0, little), ...u32(65535, little), ...u32(h.linkField ?? 1, little)];
}

/** A record: seconds, fraction, the bytes; the captured and original lengths overridable. */
function record(seconds: number, fraction: number, data: number[], f: { little?: boolean; captured?: number; original?: number } = {}): number[] {
  const little = f.little ?? true;
  return [...u32(seconds, little), ...u32(fraction, little), ...u32(f.captured ?? data.length, little), ...u32(f.original ?? data.length, little), ...data];
}


/** A frame as the reader gives it, from the fields that vary. */
function frame(number: number, data: number[], f: { seconds?: number; nanos?: number; timeDigits?: number; linkType?: number; originalLength?: number } = {}) {
  return { kind: 'frame', number, seconds: f.seconds ?? 0, nanos: f.nanos ?? 0, timeDigits: f.timeDigits ?? 6, linkType: f.linkType ?? 1, interfaceId: 0, data, originalLength: f.originalLength ?? data.length };
}

const info = (little = true, nano = false, linkType = 1) => ({ kind: 'info', format: 'pcap', byteOrder: little ? 'little' : 'big', interfaces: [{ linkType, timeDigits: nano ? 9 : 6 }] });

describe('classic pcap: the file header', () => {
  for (const little of [true, false]) {
    for (const nano of [false, true]) {
      it(`${little ? 'little' : 'big'}-endian, ${nano ? 'ns' : 'µs'}: the info item gives the format, byte order, link type and resolution`, () => {
        const { items } = read([...header({ little, nano, linkField: 228 }), ...record(7, 8, [1], { little })]);
        expect(items).toEqual([info(little, nano, 228), frame(1, [1], { seconds: 7, nanos: nano ? 8 : 8000, timeDigits: nano ? 9 : 6, linkType: 228 })]);
      });
    }
  }

  it('the link type is the low 16 bits of its field (the upper bits may carry FCS information)', () => {
    expect(read(header({ linkField: 0x1000_0071 })).items).toEqual([info(true, false, 113)]);
  });

  it('a version other than 2: the info, then a fatal problem at the version field; no record after it is read', () => {
    const { items, file } = read([...header({ major: 3 }), ...record(1, 2, [1, 2])]);
    expect(items).toEqual([info(), { kind: 'problem', offset: 4, message: 'unsupported pcap version 3', fatal: true }]);
    expect(file.stopped).toBe(true);
    expect(file.next()).toBeUndefined();
  });

  it('a file header cut short: a fatal problem at offset 0 saying how much is there', () => {
    expect(read(header().slice(0, 10)).items).toEqual([{ kind: 'problem', offset: 0, message: 'the pcap file header is cut short (10 of 24 bytes)', fatal: true }]);
  });
});

describe('classic pcap: records', () => {
  it("a frame's original length is the record's own field, apart from the bytes captured", () => {
    const { items } = read([...header(), ...record(1, 2, [1, 2, 3], { original: 1500 }), ...record(3, 4, [4], { original: 60 })]);
    expect(items).toEqual([info(), frame(1, [1, 2, 3], { seconds: 1, nanos: 2000, originalLength: 1500 }), frame(2, [4], { seconds: 3, nanos: 4000, originalLength: 60 })]);
  });

  it('a fraction of a second or more carries into the seconds (µs and ns files)', () => {
    const us = read([...header(), ...record(10, 1_000_000, [1]), ...record(10, 2_500_000, [2]), ...record(10, 999_999, [3])]).items;
    expect(us.slice(1)).toEqual([frame(1, [1], { seconds: 11, nanos: 0 }), frame(2, [2], { seconds: 12, nanos: 500_000_000 }), frame(3, [3], { seconds: 10, nanos: 999_999_000 })]);
    const ns = read([...header({ nano: true }), ...record(10, 1_000_000_007, [1]), ...record(10, 999_999_999, [2])]).items;
    expect(ns.slice(1)).toEqual([frame(1, [1], { seconds: 11, nanos: 7, timeDigits: 9 }), frame(2, [2], { seconds: 10, nanos: 999_999_999, timeDigits: 9 })]);
  });

  it('the same frames whatever the chunk sizes (records inside a chunk, across chunks, ending at a chunk end)', () => {
    const file = [...header(), ...record(1, 2, [1, 2, 3, 4, 5]), ...record(3, 4, []), ...record(5, 6, [9, 8])];
    const whole = read(file).items;
    for (let chunk = 1; chunk <= 30; chunk++) expect(read(file, chunk).items).toEqual(whole);
  });

  it('a captured length over 256 MiB is fatal at its record, numbered; nothing after it is read', () => {
    const first = [...header(), ...record(1, 2, [1, 2, 3])];
    const { items, file } = read([...first, ...record(3, 4, [1], { captured: MAX_RECORD + 1 }), ...record(5, 6, [2])]);
    expect(items).toEqual([
      info(),
      frame(1, [1, 2, 3], { seconds: 1, nanos: 2000 }),
      { kind: 'problem', offset: first.length, message: `record 2: captured length ${MAX_RECORD + 1} is not believable; the file is damaged here`, fatal: true },
    ]);
    expect(file.stopped).toBe(true);
    expect(file.next()).toBeUndefined();
  });

  it('a captured length of exactly 256 MiB is believed: the input ends inside the record', () => {
    const { items } = read([...header(), ...record(1, 2, [1, 2, 3, 4], { captured: MAX_RECORD })]);
    expect(items).toEqual([info(), { kind: 'problem', offset: 24, message: `record 1: 4 of ${MAX_RECORD} bytes present; the capture is cut short here`, fatal: true }]);
  });
});

describe('classic pcap: the input ends inside a record', () => {
  const first = [...header(), ...record(1, 2, [1, 2, 3])];
  const one = [info(), frame(1, [1, 2, 3], { seconds: 1, nanos: 2000 })];

  it('a record header cut short: the record number and the bytes present', () => {
    expect(read([...first, ...record(3, 4, [5]).slice(0, 10)]).items).toEqual([...one, { kind: 'problem', offset: first.length, message: 'record 2: header cut short (10 of 16 bytes); the capture ends here', fatal: true }]);
  });

  it('a whole record header and none of its bytes: the record number, bytes present of bytes captured', () => {
    expect(read([...first, ...record(3, 4, [5, 6, 7, 8, 9]).slice(0, 16)]).items).toEqual([...one, { kind: 'problem', offset: first.length, message: 'record 2: 0 of 5 bytes present; the capture is cut short here', fatal: true }]);
  });
});
