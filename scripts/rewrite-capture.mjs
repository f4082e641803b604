#!/usr/bin/env node
// rewrite-capture.mjs — makes derived capture fixtures from a recorded classic pcap, so that the
// tests know the answer: what is decoded from the rewritten file must be what is decoded from
// the original (or differ exactly as the rewrite says).
//
// Usage: node scripts/rewrite-capture.mjs IN.pcap OUT.pcap [edits...]
//   --drop A[-B],...     remove these frames (1-based numbers of IN)
//   --shuffle N          permute the frames of the N-th TCP connection of IN (in order of first
//                        appearance) among the places they hold; its handshake (SYN, SYN-ACK)
//                        stays first
//   --duplicate K        with --shuffle: also insert K copies of its data segments at later places
//   --seed S             seed of the permutation (default 1)
//   --link null|raw|vlan re-encapsulate Ethernet frames: BSD loopback (address family 2 in
//                        little-endian host order), raw IP (LINKTYPE_RAW 101), or Ethernet with
//                        an 802.1Q tag (VLAN 7) and an 802.1ad outer tag (VLAN 100)
//   --big-endian         write the file in big-endian byte order
//   --nano               write nanosecond timestamps (magic a1b23c4d)
// IN must be a classic pcap; --shuffle and --link need its link type to be Ethernet (1).
// Written for this repository; reads and writes the format directly (no capture library).
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, ...args] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/rewrite-capture.mjs IN.pcap OUT.pcap [--drop ..] [--shuffle N] [--duplicate K] [--seed S] [--link null|raw|vlan] [--big-endian] [--nano]');
  process.exit(2);
}
const opt = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--big-endian' || a === '--nano') opt[a.slice(2)] = true;
  else opt[a.slice(2)] = args[++i];
}

// Read IN.
const buf = readFileSync(input);
const magicLE = buf.readUInt32LE(0);
const little = magicLE === 0xa1b2c3d4 || magicLE === 0xa1b23c4d;
const rd32 = (b, at) => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
const inNano = rd32(buf, 0) === 0xa1b23c4d;
let linkType = rd32(buf, 20) & 0xffff;
const snaplen = rd32(buf, 16);
let frames = [];
for (let p = 24; p + 16 <= buf.length; ) {
  const sec = rd32(buf, p);
  const frac = rd32(buf, p + 4);
  const cap = rd32(buf, p + 8);
  const orig = rd32(buf, p + 12);
  const ns = BigInt(sec) * 1_000_000_000n + BigInt(frac) * (inNano ? 1n : 1000n);
  frames.push({ ns, data: buf.subarray(p + 16, p + 16 + cap), orig, number: frames.length + 1 });
  p += 16 + cap;
}

// A small seeded generator (mulberry32), so a seed always gives the same file.
let seed = Number(opt.seed ?? 1) >>> 0;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** TCP facts of an Ethernet/IPv4 or IPv6 frame, or undefined. */
function tcpOf(f) {
  if (linkType !== 1) throw new Error('--shuffle needs an Ethernet capture');
  const d = f.data;
  const type = d.readUInt16BE(12);
  let ip = 14;
  let src;
  let dst;
  let proto;
  let l4;
  let end;
  if (type === 0x0800) {
    src = d.subarray(ip + 12, ip + 16).join('.');
    dst = d.subarray(ip + 16, ip + 20).join('.');
    proto = d[ip + 9];
    l4 = ip + (d[ip] & 15) * 4;
    end = ip + d.readUInt16BE(ip + 2);
  } else if (type === 0x86dd) {
    src = d.subarray(ip + 8, ip + 24).toString('hex');
    dst = d.subarray(ip + 24, ip + 40).toString('hex');
    proto = d[ip + 6];
    l4 = ip + 40;
    end = l4 + d.readUInt16BE(ip + 4);
  } else return undefined;
  if (proto !== 6) return undefined;
  const sp = d.readUInt16BE(l4);
  const dp = d.readUInt16BE(l4 + 2);
  const flags = d[l4 + 13];
  const payload = end - (l4 + (d[l4 + 12] >> 4) * 4);
  const a = `${src}:${sp}`;
  const b = `${dst}:${dp}`;
  return { key: a < b ? `${a}|${b}` : `${b}|${a}`, syn: (flags & 2) !== 0, payload };
}

if (opt.drop) {
  const drop = new Set();
  for (const part of opt.drop.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let n = a; n <= (b ?? a); n++) drop.add(n);
  }
  frames = frames.filter((f) => !drop.has(f.number));
}

if (opt.shuffle) {
  const keys = [];
  for (const f of frames) {
    const t = tcpOf(f);
    if (t && !keys.includes(t.key)) keys.push(t.key);
  }
  const key = keys[Number(opt.shuffle) - 1];
  const slots = [];
  const mine = [];
  frames.forEach((f, i) => {
    const t = tcpOf(f);
    if (t && t.key === key && !t.syn) {
      slots.push(i);
      mine.push(f);
    }
  });
  for (let i = mine.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [mine[i], mine[j]] = [mine[j], mine[i]];
  }
  const out = frames.slice();
  slots.forEach((slot, i) => {
    out[slot] = mine[i];
  });
  // Duplicates: copies of data segments, each put somewhere after a random place.
  const data = mine.filter((f) => tcpOf(f).payload > 0);
  for (let k = 0; k < Number(opt.duplicate ?? 0); k++) {
    const copy = data[Math.floor(random() * data.length)];
    const at = slots[Math.floor(random() * slots.length)] + 1;
    out.splice(at, 0, copy);
  }
  frames = out;
}

if (opt.link) {
  if (linkType !== 1) throw new Error('--link needs an Ethernet capture');
  const newType = { null: 0, raw: 101, vlan: 1 }[opt.link];
  if (newType === undefined) throw new Error(`unknown --link ${opt.link}`);
  frames = frames.map((f) => {
    const ethertype = f.data.subarray(12, 14);
    const ip = f.data.subarray(14);
    let data;
    if (opt.link === 'null') {
      const family = ethertype.readUInt16BE(0) === 0x0800 ? 2 : 30;
      data = Buffer.concat([Buffer.from([family, 0, 0, 0]), ip]);
    } else if (opt.link === 'raw') data = Buffer.from(ip);
    else data = Buffer.concat([f.data.subarray(0, 12), Buffer.from([0x88, 0xa8, 0x00, 0x64, 0x81, 0x00, 0x00, 0x07]), ethertype, ip]);
    return { ...f, data, orig: f.orig + (data.length - f.data.length) };
  });
  linkType = newType;
}

// Write OUT.
const be = Boolean(opt['big-endian']);
const nano = Boolean(opt.nano);
const wr32 = (b, v, at) => (be ? b.writeUInt32BE(v >>> 0, at) : b.writeUInt32LE(v >>> 0, at));
const wr16 = (b, v, at) => (be ? b.writeUInt16BE(v, at) : b.writeUInt16LE(v, at));
const head = Buffer.alloc(24);
wr32(head, nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
wr16(head, 2, 4);
wr16(head, 4, 6);
wr32(head, snaplen, 16);
wr32(head, linkType, 20);
const parts = [head];
for (const f of frames) {
  const h = Buffer.alloc(16);
  wr32(h, Number(f.ns / 1_000_000_000n), 0);
  wr32(h, Number(nano ? f.ns % 1_000_000_000n : (f.ns % 1_000_000_000n) / 1000n), 4);
  wr32(h, f.data.length, 8);
  wr32(h, f.orig, 12);
  parts.push(h, f.data);
}
writeFileSync(output, Buffer.concat(parts));
console.log(`${output}: ${frames.length} frames, link type ${linkType}${be ? ', big-endian' : ''}${nano ? ', ns' : ''}`);
