#!/usr/bin/env node
// make-big-capture.mjs — writes a large synthetic capture to check that `mqtt-codec pcap` reads
// it as a stream (memory stays flat): one MQTT 3.1.1 connection over Ethernet/IPv4 on loopback
// addresses, a CONNECT, then QoS 0 PUBLISH packets of 1 KiB, each in its own segment.
//
// Usage: node scripts/make-big-capture.mjs OUT.pcap [megabytes=1024]
//        /usr/bin/time -v node dist/cli.cjs pcap OUT.pcap > /dev/null   (see "Maximum resident")
import { closeSync, openSync, writeSync } from 'node:fs';

const [out, mb = '1024'] = process.argv.slice(2);
if (!out) {
  console.error('usage: node scripts/make-big-capture.mjs OUT.pcap [megabytes]');
  process.exit(2);
}
const target = Number(mb) * 1024 * 1024;
const fd = openSync(out, 'w');
const head = Buffer.alloc(24);
head.writeUInt32LE(0xa1b2c3d4, 0);
head.writeUInt16LE(2, 4);
head.writeUInt16LE(4, 6);
head.writeUInt32LE(65535, 16);
head.writeUInt32LE(1, 20);
writeSync(fd, head);
let written = 24;
let seq = 1000;
let time = 1_700_000_000;
let usec = 0;

function frame(payload, fromClient, flags = 0x18) {
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(fromClient ? 50000 : 1883, 0);
  tcp.writeUInt16BE(fromClient ? 1883 : 50000, 2);
  tcp.writeUInt32BE(fromClient ? seq >>> 0 : 1, 4);
  tcp[12] = 0x50;
  tcp[13] = flags;
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + 20 + payload.length, 2);
  ip[8] = 64;
  ip[9] = 6;
  Buffer.from(fromClient ? [127, 0, 0, 1] : [127, 0, 0, 2]).copy(ip, 12);
  Buffer.from(fromClient ? [127, 0, 0, 2] : [127, 0, 0, 1]).copy(ip, 16);
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  const data = Buffer.concat([eth, ip, tcp, payload]);
  const rec = Buffer.alloc(16);
  usec += 10;
  if (usec >= 1_000_000) {
    usec = 0;
    time++;
  }
  rec.writeUInt32LE(time, 0);
  rec.writeUInt32LE(usec, 4);
  rec.writeUInt32LE(data.length, 8);
  rec.writeUInt32LE(data.length, 12);
  if (fromClient) seq += payload.length;
  return Buffer.concat([rec, data]);
}

const syn = frame(Buffer.alloc(0), true, 0x02);
seq++;
const connect = Buffer.from('100f00044d5154540402003c0003626967', 'hex');
const body = Buffer.concat([Buffer.from('0003612f62', 'hex'), Buffer.alloc(1024 - 5, 0x61)]);
const publish = Buffer.concat([Buffer.from([0x30, 0x80, 0x08]), body]);
let chunk = [syn, frame(connect, true)];
while (written < target) {
  chunk.push(frame(publish, true));
  if (chunk.length >= 1000) {
    const b = Buffer.concat(chunk);
    writeSync(fd, b);
    written += b.length;
    chunk = [];
  }
}
if (chunk.length) writeSync(fd, Buffer.concat(chunk));
closeSync(fd);
console.log(`${out}: ${written} bytes`);
