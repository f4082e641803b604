#!/usr/bin/env node
// Writes fixtures/sessions/NAME.conversation.txt for every recorded session: both directions
// interleaved in the order they were captured, in the interleaved text format of
// `mqtt-codec conversation` (one line per chunk: c|s HEX).
//
// The order comes from NAME.tshark.txt, whose lines are in capture order and give each MQTT
// packet's direction and capture frame; the bytes come from NAME.client.bin / NAME.server.bin,
// split into packets by their fixed headers. Packets that tshark saw in one frame (one TCP
// segment) become one chunk. The recordings carry no times, so the lines have none.
//
//   node scripts/sessions-to-conversations.mjs           write the files
//   node scripts/sessions-to-conversations.mjs --check   write nothing; exit 1 when one is stale
//
// Plain Node, no dependencies.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'fixtures', 'sessions');

/** Splits a raw one-direction stream into packets by fixed header (type byte, Remaining Length). */
export function splitPackets(bytes) {
  const out = [];
  let pos = 0;
  while (pos < bytes.length) {
    let len = 0;
    let mul = 1;
    let i = pos + 1;
    for (;;) {
      if (i >= bytes.length) throw new Error(`stream cut inside a fixed header at ${pos}`);
      const b = bytes[i++];
      len += (b & 127) * mul;
      mul *= 128;
      if ((b & 128) === 0) break;
    }
    const end = i + len;
    if (end > bytes.length) throw new Error(`stream cut inside a packet at ${pos}`);
    out.push(bytes.subarray(pos, end));
    pos = end;
  }
  return out;
}

/** The capture order of a session: [{ dir: 'c' | 's', frame, type }] from its .tshark.txt. */
export function captureOrder(text) {
  const order = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\d+\s+frame\s+(\d+)\s+(C->S|S->C)\s+(\S+)/.exec(line);
    if (m) order.push({ dir: m[2] === 'C->S' ? 'c' : 's', frame: Number(m[1]), type: m[3].toLowerCase() });
  }
  return order;
}

const hex = (b) => Buffer.from(b).toString('hex');

/** The interleaved text of session `name`. */
export function conversationText(name) {
  const meta = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8'));
  const packets = {
    c: splitPackets(new Uint8Array(readFileSync(join(DIR, meta.client)))),
    s: splitPackets(new Uint8Array(readFileSync(join(DIR, meta.server)))),
  };
  const order = captureOrder(readFileSync(join(DIR, `${name}.tshark.txt`), 'utf8'));
  const next = { c: 0, s: 0 };
  const lines = [
    `# ${name}: both directions of fixtures/sessions/${meta.client} and ${meta.server}, interleaved in capture order`,
    `# (order and TCP segments from ${name}.tshark.txt; written by scripts/sessions-to-conversations.mjs; no times were recorded)`,
  ];
  let last = null;
  for (const o of order) {
    const p = packets[o.dir][next[o.dir]++];
    if (p === undefined) throw new Error(`${name}: ${o.dir} has fewer packets than ${name}.tshark.txt`);
    const key = `${o.dir} ${o.frame}`;
    if (last !== null && last.key === key) last.hex += hex(p);
    else lines.push((last = { key, dir: o.dir, hex: hex(p) }));
  }
  if (next.c !== packets.c.length || next.s !== packets.s.length) throw new Error(`${name}: ${name}.tshark.txt lists fewer packets than the .bin files`);
  return lines.map((l) => (typeof l === 'string' ? l : `${l.dir} ${l.hex}`)).join('\n') + '\n';
}

export function sessionNames() {
  return readdirSync(DIR).filter((f) => f.endsWith('.tshark.txt')).map((f) => f.slice(0, -'.tshark.txt'.length)).sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const name of sessionNames()) {
    const path = join(DIR, `${name}.conversation.txt`);
    const text = conversationText(name);
    if (check) {
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
        console.error(`${path} is out of date`);
        stale++;
      }
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${path}`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
