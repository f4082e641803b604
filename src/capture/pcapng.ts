/**
 * pcapng: a sequence of blocks (type, total length, body, total length again). Read here: the
 * Section Header Block (byte order per section), Interface Description Blocks (link type and the
 * `if_tsresol` / `if_tsoffset` options, `if_name`), Enhanced Packet Blocks, Simple Packet Blocks
 * and the obsolete Packet Block; every other block is skipped by its length. Layout:
 * draft-ietf-opsawg-pcapng, sections 4 and 5.
 *
 * @module
 */
import { MAX_RECORD, u16, u32, u32be } from './bytes.js';
import type { ByteQueue } from './queue.js';
import type { CaptureProblem, FileItem } from './types.js';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const OPB = 2;
const SPB = 3;
const EPB = 6;

interface Interface {
  linkType: number;
  snapLength: number;
  /** Timestamp units per second (10^6 by default). */
  unitsPerSecond: number;
  /**
   * Nanoseconds per unit when the division in {@link timeOf} is exact in doubles (10^k with k ≤ 9,
   * 2^k with k ≤ 20); 0 otherwise (the BigInt path).
   */
  nanosPerUnit: number;
  timeDigits: number;
  /** Seconds added to every timestamp (`if_tsoffset`). */
  offsetSeconds: number;
  name?: string;
}

/** Options of an IDB: code 2 if_name, 9 if_tsresol, 14 if_tsoffset. */
function readInterface(body: Uint8Array, little: boolean): Interface {
  const iface: Interface = {
    linkType: u16(body, 0, little),
    snapLength: u32(body, 4, little),
    unitsPerSecond: 1_000_000,
    nanosPerUnit: 1000,
    timeDigits: 6,
    offsetSeconds: 0,
  };
  let p = 8;
  // Stryker disable next-line ArithmeticOperator: `p - 4` only lets the loop run once past the body's end (its length is a multiple of 4, so is p): there u16 reads 0, code 0, and the check below breaks out
  while (p + 4 <= body.length) {
    const code = u16(body, p, little);
    const len = u16(body, p + 2, little);
    const v = p + 4;
    if (code === 0 || v + len > body.length) break;
    if (code === 2) iface.name = new TextDecoder().decode(body.subarray(v, v + len)).replace(/\0+$/, '');
    if (code === 9 && len >= 1) {
      const r = body[v];
      const k = r & 0x7f;
      iface.unitsPerSecond = r & 0x80 ? 2 ** k : 10 ** k;
      iface.timeDigits = Math.min(9, r & 0x80 ? Math.ceil((k * Math.LN2) / Math.LN10) : k);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the BigInt path of timeOf is exact for every resolution, so sending one the double path handles exactly (`false`, `k < 20`, `k < 9`) changes nothing but speed. (`true`, `k > 20`, `k > 9`, disabled with them, send resolutions the doubles cannot divide exactly to the double path; the tests see that.)
      iface.nanosPerUnit = (r & 0x80 ? k <= 20 : k <= 9) ? 1e9 / iface.unitsPerSecond : 0;
    }
    if (code === 14 && len >= 8) {
      const hi = u32(body, v + (little ? 4 : 0), little) | 0; // signed
      const lo = u32(body, v + (little ? 0 : 4), little);
      iface.offsetSeconds = hi * 2 ** 32 + lo;
    }
    p = v + ((len + 3) & ~3);
  }
  return iface;
}

/** Reads a pcapng file block by block from a {@link ByteQueue} (the caller has checked the first block type). */
export class PcapngReader {
  // Stryker disable next-line BooleanLiteral: the first block is a section header (the caller checked), whose magic sets the order before any length is read
  private little = true;
  private interfaces: Interface[] = [];
  /** True once reading has stopped for good. */
  stopped = false;
  /** Frames read so far. */
  number = 0;

  /** The next item the buffered bytes hold, or undefined when more bytes are needed (or reading stopped). */
  next(q: ByteQueue): FileItem | undefined {
    while (!this.stopped) {
      const block = this.block(q);
      if (block === undefined || block.kind === 'problem') return block;
      const item = this.item(block.type, block.at, block.body);
      if (item !== undefined) return item;
    }
    return undefined;
  }

  /** The next whole block (type, file offset, body), a fatal problem, or undefined when more bytes are needed. */
  private block(q: ByteQueue): { kind: 'block'; type: number; at: number; body: Uint8Array } | CaptureProblem | undefined {
    const at = q.offset;
    if (!q.ensure(8)) return undefined;
    // The SHB type reads the same in either byte order.
    const isShb = u32be(q.buf, q.pos) === SHB;
    if (isShb && !q.ensure(12)) return undefined;
    let type = u32(q.buf, q.pos, this.little);
    if (isShb) {
      const magic = u32(q.buf, q.pos + 8, false);
      if (magic === 0x1a2b3c4d) this.little = false;
      else if (magic === 0x4d3c2b1a) this.little = true;
      else return this.fail({ kind: 'problem', offset: at + 8, message: `section header has a bad byte-order magic 0x${magic.toString(16)}`, fatal: true });
      type = SHB;
    }
    const total = u32(q.buf, q.pos + 4, this.little);
    if (total < 12 || total % 4 !== 0 || total > MAX_RECORD) {
      return this.fail({ kind: 'problem', offset: at, message: `block of type 0x${type.toString(16)} has an impossible length ${total}; the file is damaged here`, fatal: true });
    }
    const block = q.take(total);
    if (block === undefined) return undefined;
    if (u32(block, total - 4, this.little) !== total) {
      return this.fail({ kind: 'problem', offset: at, message: `block ${blockName(type)} ends with a length that differs from its start; the file is damaged here`, fatal: true });
    }
    // Stryker disable next-line StringLiteral: the caller tells a block from a problem by `kind === 'problem'` alone
    return { kind: 'block', type, at, body: block.subarray(8, total - 4) };
  }

  private fail(p: CaptureProblem): CaptureProblem {
    this.stopped = true;
    return p;
  }

  /** What a block yields: a frame, an interface description, a problem, or nothing (skipped). */
  private item(type: number, at: number, body: Uint8Array): FileItem | undefined {
    const little = this.little;
    if (type === SHB) {
      // Interface ids count from 0 in each section.
      this.interfaces = [];
      return undefined;
    }
    if (type === IDB) {
      if (body.length < 8) return { kind: 'problem', offset: at, message: 'interface description block too short', fatal: false };
      this.interfaces.push(readInterface(body, little));
      return {
        kind: 'info',
        format: 'pcapng',
        byteOrder: little ? 'little' : 'big',
        interfaces: this.interfaces.map((i) => ({ linkType: i.linkType, timeDigits: i.timeDigits, ...(i.name ? { name: i.name } : {}) })),
      };
    }
    if (type !== EPB && type !== SPB && type !== OPB) return undefined;
    return this.packet(type, at, body);
  }

  private packet(type: number, at: number, body: Uint8Array): FileItem {
    const little = this.little;
    let interfaceId = 0;
    let hi = 0;
    let lo = 0;
    let captured: number;
    let original: number;
    let dataAt: number;
    if (type === SPB) {
      if (body.length < 4) return { kind: 'problem', offset: at, message: 'SPB too short', fatal: false };
      original = u32(body, 0, little);
      const iface = this.interfaces[0];
      captured = Math.min(original, body.length - 4, iface && iface.snapLength > 0 ? iface.snapLength : Infinity);
      dataAt = 4;
    } else {
      if (body.length < 20) return { kind: 'problem', offset: at, message: `${blockName(type)} too short`, fatal: false };
      interfaceId = type === EPB ? u32(body, 0, little) : u16(body, 0, little);
      hi = u32(body, 4, little);
      lo = u32(body, 8, little);
      captured = u32(body, 12, little);
      original = u32(body, 16, little);
      dataAt = 20;
    }
    const iface = this.interfaces[interfaceId];
    if (iface === undefined) {
      return { kind: 'problem', offset: at, message: `packet block names interface ${interfaceId}, which no interface description block declared; skipped`, fatal: false };
    }
    if (dataAt + captured > body.length) {
      return { kind: 'problem', offset: at, message: `packet block claims ${captured} captured bytes but holds ${body.length - dataAt}; skipped`, fatal: false };
    }
    this.number++;
    const [seconds, nanos] = timeOf(hi, lo, iface);
    return {
      kind: 'frame',
      number: this.number,
      seconds,
      nanos,
      timeDigits: iface.timeDigits,
      linkType: iface.linkType,
      interfaceId,
      data: body,
      start: dataAt,
      end: dataAt + captured,
      originalLength: original,
    };
  }

  /** The input ended: the problem with the bytes left over, if any. */
  end(q: ByteQueue): CaptureProblem | undefined {
    if (this.stopped || q.available === 0) return undefined;
    const at = q.offset;
    const left = q.available;
    if (left < 8) return { kind: 'problem', offset: at, message: `block header cut short (${left} of 8 bytes); the capture ends here`, fatal: true };
    q.ensure(8);
    if (u32be(q.buf, q.pos) === SHB && left < 12) return { kind: 'problem', offset: at, message: 'section header cut short; the capture ends here', fatal: true };
    const type = u32(q.buf, q.pos, this.little);
    const total = u32(q.buf, q.pos + 4, this.little);
    return { kind: 'problem', offset: at, message: `block ${blockName(type)} of ${total} bytes has only ${left} present; the capture is cut short here`, fatal: true };
  }
}

/**
 * A timestamp of `hi`·2^32 + `lo` units as [seconds, nanoseconds], plus the interface's offset:
 * exact, by long division in 16-bit limbs (no BigInt on the frame path) for the usual resolutions.
 */
function timeOf(hi: number, lo: number, iface: Interface): [number, number] {
  const u = iface.unitsPerSecond;
  // Stryker disable next-line ConditionalExpression: `true` sends every timestamp to the BigInt path, exact for every resolution: the same values, slower. (`false`, disabled with it, loses the sub-second part of the resolutions the doubles cannot divide; the tests see that.)
  if (iface.nanosPerUnit === 0) {
    const units = (BigInt(hi) << 32n) | BigInt(lo);
    const sec = units / BigInt(u);
    const nanos = Number(((units % BigInt(u)) * 1_000_000_000n) / BigInt(u));
    return [Number(sec) + iface.offsetSeconds, nanos];
  }
  let rem = 0;
  let sec = 0;
  for (const limb of [hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff]) {
    const cur = rem * 65536 + limb;
    const q = Math.floor(cur / u);
    rem = cur - q * u;
    sec = sec * 65536 + q;
  }
  return [sec + iface.offsetSeconds, Math.floor(rem * iface.nanosPerUnit)];
}

function blockName(type: number): string {
  return type === SHB ? 'SHB' : type === IDB ? 'IDB' : type === EPB ? 'EPB' : type === SPB ? 'SPB' : `0x${type.toString(16)}`;
}
