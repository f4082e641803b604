/**
 * pcapng: a sequence of blocks (type, total length, body, total length again). Read here: the
 * Section Header Block (byte order per section), Interface Description Blocks (link type and the
 * `if_tsresol` / `if_tsoffset` options, `if_name`), Enhanced Packet Blocks, Simple Packet Blocks
 * and the obsolete Packet Block; every other block is skipped by its length. Layout:
 * draft-ietf-opsawg-pcapng, sections 4 and 5.
 *
 * @module
 */
import { type CaptureItem, u16, u32 } from './capture.js';
import { MAX_RECORD } from './pcap-classic.js';
import type { ChunkReader } from './source.js';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const OPB = 2;
const SPB = 3;
const EPB = 6;

interface Interface {
  linkType: number;
  snapLength: number;
  /** Timestamp units per second, as a bigint (10^6 by default). */
  unitsPerSecond: bigint;
  timeDigits: number;
  /** Seconds added to every timestamp (`if_tsoffset`). */
  offsetSeconds: bigint;
  name?: string;
}

/** Options of an IDB: code 2 if_name, 9 if_tsresol, 14 if_tsoffset. */
function readInterface(body: Uint8Array, little: boolean): Interface {
  const iface: Interface = {
    linkType: u16(body, 0, little),
    snapLength: u32(body, 4, little),
    unitsPerSecond: 1_000_000n,
    timeDigits: 6,
    offsetSeconds: 0n,
  };
  let p = 8;
  while (p + 4 <= body.length) {
    const code = u16(body, p, little);
    const len = u16(body, p + 2, little);
    const v = p + 4;
    if (code === 0 || v + len > body.length) break;
    if (code === 2) iface.name = new TextDecoder().decode(body.subarray(v, v + len)).replace(/\0+$/, '');
    if (code === 9 && len >= 1) {
      const r = body[v];
      if (r & 0x80) {
        iface.unitsPerSecond = 1n << BigInt(r & 0x7f);
        iface.timeDigits = Math.min(9, Math.ceil(((r & 0x7f) * Math.LN2) / Math.LN10));
      } else {
        iface.unitsPerSecond = 10n ** BigInt(r);
        iface.timeDigits = Math.min(9, r);
      }
    }
    if (code === 14 && len >= 8) {
      const hi = BigInt(u32(body, v + (little ? 4 : 0), little));
      const lo = BigInt(u32(body, v + (little ? 0 : 4), little));
      iface.offsetSeconds = BigInt.asIntN(64, (hi << 32n) | lo);
    }
    p = v + ((len + 3) & ~3);
  }
  return iface;
}

/** Reads a pcapng file (the caller has checked the first block type). */
export function* readPcapng(reader: ChunkReader): Generator<CaptureItem> {
  let little = true;
  let interfaces: Interface[] = [];
  let number = 0;
  let firstSection = true;
  for (;;) {
    const at = reader.offset;
    if (reader.atEnd()) return;
    const head = reader.peek(12) ?? reader.peek(8);
    if (head === undefined) {
      yield { kind: 'problem', offset: at, message: `block header cut short (${reader.remaining()} of 8 bytes); the capture ends here`, fatal: true };
      return;
    }
    let type = u32(head, 0, little);
    if (u32(head, 0, false) === SHB) {
      if (head.length < 12) {
        yield { kind: 'problem', offset: at, message: 'section header cut short; the capture ends here', fatal: true };
        return;
      }
      const magic = u32(head, 8, false);
      if (magic === 0x1a2b3c4d) little = false;
      else if (magic === 0x4d3c2b1a) little = true;
      else {
        yield { kind: 'problem', offset: at + 8, message: `section header has a bad byte-order magic 0x${magic.toString(16)}`, fatal: true };
        return;
      }
      type = SHB;
    }
    const total = u32(head, 4, little);
    if (total < 12 || total % 4 !== 0 || total > MAX_RECORD) {
      yield { kind: 'problem', offset: at, message: `block of type 0x${type.toString(16)} has an impossible length ${total}; the file is damaged here`, fatal: true };
      return;
    }
    const block = reader.take(total);
    if (block === undefined) {
      yield { kind: 'problem', offset: at, message: `block ${blockName(type)} of ${total} bytes has only ${reader.remaining()} present; the capture is cut short here`, fatal: true };
      return;
    }
    if (u32(block, total - 4, little) !== total) {
      yield { kind: 'problem', offset: at, message: `block ${blockName(type)} ends with a length that differs from its start; the file is damaged here`, fatal: true };
      return;
    }
    const body = block.subarray(8, total - 4);
    if (type === SHB) {
      if (!firstSection) interfaces = [];
      firstSection = false;
      continue;
    }
    if (type === IDB) {
      if (body.length < 8) {
        yield { kind: 'problem', offset: at, message: 'interface description block too short', fatal: false };
        continue;
      }
      interfaces.push(readInterface(body, little));
      yield {
        kind: 'info',
        format: 'pcapng',
        byteOrder: little ? 'little' : 'big',
        interfaces: interfaces.map((i) => ({ linkType: i.linkType, timeDigits: i.timeDigits, ...(i.name ? { name: i.name } : {}) })),
      };
      continue;
    }
    if (type !== EPB && type !== SPB && type !== OPB) continue;
    let interfaceId = 0;
    let units = 0n;
    let captured: number;
    let original: number;
    let dataAt: number;
    if (type === SPB) {
      original = u32(body, 0, little);
      const iface = interfaces[0];
      captured = Math.min(original, body.length - 4, iface && iface.snapLength > 0 ? iface.snapLength : Infinity);
      dataAt = 4;
    } else {
      const wide = type === EPB;
      if (body.length < 20) {
        yield { kind: 'problem', offset: at, message: `${blockName(type)} too short`, fatal: false };
        continue;
      }
      interfaceId = wide ? u32(body, 0, little) : u16(body, 0, little);
      units = (BigInt(u32(body, 4, little)) << 32n) | BigInt(u32(body, 8, little));
      captured = u32(body, 12, little);
      original = u32(body, 16, little);
      dataAt = 20;
    }
    const iface = interfaces[interfaceId];
    if (iface === undefined) {
      yield { kind: 'problem', offset: at, message: `packet block names interface ${interfaceId}, which no interface description block declared; skipped`, fatal: false };
      continue;
    }
    if (dataAt + captured > body.length) {
      yield { kind: 'problem', offset: at, message: `packet block claims ${captured} captured bytes but holds ${body.length - dataAt}; skipped`, fatal: false };
      continue;
    }
    number++;
    const timeNs = (units * 1_000_000_000n) / iface.unitsPerSecond + iface.offsetSeconds * 1_000_000_000n;
    yield {
      kind: 'frame',
      number,
      timeNs,
      timeDigits: iface.timeDigits,
      linkType: iface.linkType,
      interfaceId,
      data: body.subarray(dataAt, dataAt + captured),
      originalLength: original,
    };
  }
}

function blockName(type: number): string {
  return type === SHB ? 'SHB' : type === IDB ? 'IDB' : type === EPB ? 'EPB' : type === SPB ? 'SPB' : `0x${type.toString(16)}`;
}
