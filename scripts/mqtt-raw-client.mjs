#!/usr/bin/env node
// mqtt-raw-client.mjs — a raw-socket MQTT client that breaks stateful rules on purpose, to record
// the capture fixture fixtures/captures/stateful-faults.pcap (see scripts/record-captures.sh).
//
// Usage: node scripts/mqtt-raw-client.mjs [host] [port]      (default 127.0.0.1 1883)
//
// It opens four connections, one after another, each bounded in time (2 s) and closed by itself:
//   1. MQTT 3.1.1: CONNECT, SUBSCRIBE, PUBLISH QoS 1, then a PUBACK for a packet id the server
//      never sent, a PUBREL with no PUBREC before it, a QoS 2 PUBLISH whose packet id is reused
//      while still in flight, and a second CONNECT [MQTT-3.1.0-2] (the server closes).
//   2. MQTT 5.0: CONNECT, then a PUBLISH with Topic Alias 50, above the server's Topic Alias
//      Maximum [MQTT-3.3.2-9], and one with an unknown alias and no topic (the server closes).
//   3. A PUBLISH before any CONNECT [MQTT-3.1.0-1].
//   4. Not MQTT at all: an HTTP request on the MQTT port.
// Packets are written by hand (hex) so that nothing in this repository shapes them; each write
// is one packet. Only ever connects to the host given (the recording uses 127.0.0.1).
import net from 'node:net';

const host = process.argv[2] ?? '127.0.0.1';
const port = Number(process.argv[3] ?? 1883);
const hex = (s) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const str = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
};
const packet = (first, ...parts) => {
  const body = Buffer.concat(parts);
  const len = [];
  let n = body.length;
  do {
    let d = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) d |= 0x80;
    len.push(d);
  } while (n > 0);
  return Buffer.concat([Buffer.from([first, ...len]), body]);
};
const u16 = (n) => Buffer.from([n >> 8, n & 0xff]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Opens a connection, writes each step (a Buffer, or a number of ms to wait), then closes. */
function session(steps) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const timer = setTimeout(() => s.destroy(), 2000);
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    s.on('connect', async () => {
      for (const step of steps) {
        if (typeof step === 'number') await sleep(step);
        else if (!s.destroyed) s.write(step);
      }
      await sleep(200);
      s.end();
    });
  });
}

const connect311 = (id) => packet(0x10, str('MQTT'), hex('04 02 003c'), str(id));
const connect5 = (id) => packet(0x10, str('MQTT'), hex('05 02 003c 00'), str(id));

await session([
  connect311('raw-311'), 100,
  packet(0x82, u16(1), str('raw/#'), hex('01')), 100,
  packet(0x32, str('raw/a'), u16(10), Buffer.from('one')), 100,
  packet(0x40, u16(77)), 50, // PUBACK for an id the server never used
  packet(0x62, u16(55)), 50, // PUBREL without a PUBREC
  packet(0x34, str('raw/b'), u16(20), Buffer.from('two')), 0,
  packet(0x34, str('raw/b'), u16(20), Buffer.from('three')), 100, // id 20 reused in flight
  connect311('raw-311-again'), 200, // a second CONNECT
]);
await session([
  connect5('raw-5'), 100,
  packet(0x30, str('raw/c'), hex('03 23 0032'), Buffer.from('alias 50')), 100, // Topic Alias 50 > maximum
  packet(0x30, str(''), hex('03 23 0004'), Buffer.from('no mapping')), 200, // alias 4 never set
]);
await session([packet(0x30, str('raw/first'), Buffer.from('before CONNECT')), 200]);
await session([Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`), 200]);
