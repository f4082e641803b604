/**
 * The capture reader's entry (`mqtt-codec/capture`, src/capture/index.ts) on bytes alone: the
 * records do not depend on how the file is cut into chunks; packets come out as soon as the
 * frames completing them are pushed; MQTT is found on any TCP port by its first bytes (a CONNECT
 * at a connection's start; mid-connection, a run of valid packets, stated as a guess); named
 * ports narrow the search; TCP that is not MQTT on an unnamed port is left out without a word.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureReader, type CaptureRecord, readCapture } from '../src/capture/index.js';
import { CaptureBuilder, CONNACK, connectPacket, DISCONNECT, publishPacket } from '../scripts/synth-capture.mjs';

const fixtures = join(__dirname, '..', 'fixtures', 'captures');

/** A record as a line that names everything a consumer sees of it (for comparing runs). */
function describeRecord(r: CaptureRecord): string {
  switch (r.kind) {
    case 'info':
      return `info ${r.format} ${r.interfaces.length}`;
    case 'problem':
      return `problem ${r.message}`;
    case 'connection':
      return `connection #${r.connection.id} ${r.version} ${r.versionSource} ${r.notMqtt}`;
    case 'packet':
      return `packet #${r.connection.id} ${r.direction} @${r.offset} f${r.frame.frame} ${r.result.packet?.type} ${r.result.diagnostics.length} ${r.checks.length}`;
    case 'note':
      return `note #${r.connection.id} ${r.message}`;
    case 'gap':
      return `gap #${r.connection.id} ${r.direction} ${r.offset} ${r.length}`;
    case 'end':
      return `end #${r.connection.id} ${r.reason} ${r.connection.faults}`;
  }
}

function inChunks(bytes: Uint8Array, size: number): string[] {
  const reader = new CaptureReader();
  const out: CaptureRecord[] = [];
  for (let p = 0; p < bytes.length; p += size) out.push(...reader.push(bytes.slice(p, p + size)));
  out.push(...reader.end());
  return out.map(describeRecord);
}

/** Two brokers on ports nobody would guess, plus an HTTP connection and a mid-connection MQTT stream. */
function twoPorts(): Uint8Array {
  const cap = new CaptureBuilder();
  const a = cap.connection('10.0.0.1', 40001, '10.0.0.9', 18831);
  const b = cap.connection('10.0.0.2', 40002, '10.0.0.9', 28832);
  const web = cap.connection('10.0.0.3', 40003, '10.0.0.9', 8080);
  a.client(connectPacket('a'));
  b.client(connectPacket('b'));
  web.client(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
  a.server(CONNACK);
  b.server(CONNACK);
  web.server(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'));
  a.client(publishPacket('t/a', 'one'));
  b.client(publishPacket('t/b', 'two'));
  a.client(DISCONNECT);
  b.client(DISCONNECT);
  a.close();
  b.close();
  web.close();
  return cap.bytes();
}

describe('CaptureReader', () => {
  for (const file of ['v5-sll2-nano.pcap', 'two-interfaces.pcapng', 'gap-in-packet.pcap', 'reordered-duplicated.pcap', 'cut-short.pcapng', 'mid-connection.pcap']) {
    it(`${file}: the same records whatever the chunk sizes (1, 7, 64, 1500 bytes, whole)`, () => {
      const bytes = readFileSync(join(fixtures, file));
      const whole = inChunks(bytes, bytes.length);
      expect(whole.some((l) => l.startsWith('packet'))).toBe(true);
      for (const size of [1, 7, 64, 1500]) expect(inChunks(bytes, size)).toEqual(whole);
    });
  }

  it('a packet comes out of the push that completes its frame, not later', () => {
    const cap = new CaptureBuilder();
    const c = cap.connection('10.0.0.1', 40000, '10.0.0.2', 1883);
    c.client(connectPacket('live'));
    const upToConnect = cap.bytes().length;
    c.server(CONNACK);
    const bytes = cap.bytes();
    const reader = new CaptureReader();
    expect(reader.push(bytes.slice(0, upToConnect - 1)).filter((r) => r.kind === 'packet')).toEqual([]);
    const now = reader.push(bytes.slice(upToConnect - 1, upToConnect));
    expect(now.filter((r) => r.kind === 'packet').map((r) => r.kind === 'packet' && r.result.packet?.type)).toEqual(['connect']);
    expect(reader.push(bytes.slice(upToConnect)).filter((r) => r.kind === 'packet')).toHaveLength(1);
  });

  it('a chunk given as a Node Buffer gives plain Uint8Array bytes and payloads (Uint8Array everywhere)', () => {
    const records = readCapture(readFileSync(join(fixtures, 'v311-sll.pcap')));
    const packets = records.filter((r) => r.kind === 'packet');
    expect(packets).toHaveLength(5);
    for (const r of packets) {
      expect(r.bytes.constructor).toBe(Uint8Array);
      const p = r.result.packet;
      if (p?.type === 'publish') expect(p.payload.constructor).toBe(Uint8Array);
    }
  });

  it('onRecord receives the records as they are known, and push returns none', () => {
    const seen: string[] = [];
    const reader = new CaptureReader({ onRecord: (r) => seen.push(r.kind) });
    expect(reader.push(readFileSync(join(fixtures, 'v311-sll.pcap')))).toEqual([]);
    reader.end();
    expect(seen.filter((k) => k === 'packet')).toHaveLength(5);
    expect(seen.at(-1)).toBe('end');
  });

  it('MQTT on two non-standard ports is found with no port named; the HTTP connection is not reported', () => {
    const records = readCapture(twoPorts());
    const reader = new CaptureReader();
    reader.push(twoPorts());
    reader.end();
    expect(reader.connections.map((c) => `${c.server.port} ${c.version} ${c.versionSource}`)).toEqual(['18831 4 CONNECT', '28832 4 CONNECT']);
    expect(records.filter((r) => r.kind === 'packet').length).toBe(8);
    expect(records.some((r) => r.kind !== 'info' && r.kind !== 'problem' && r.connection.server.port === 8080)).toBe(false);
    expect([...reader.tcpPorts.keys()].sort()).toEqual([18831, 28832, 8080].sort());
  });

  it('named ports narrow the search: one port, both ports, a port with no traffic', () => {
    const ids = (ports: number[]) => {
      const reader = new CaptureReader({ ports });
      reader.push(twoPorts());
      reader.end();
      return reader.connections.map((c) => c.server.port);
    };
    expect(ids([28832])).toEqual([28832]);
    expect(ids([18831, 28832])).toEqual([18831, 28832]);
    expect(ids([1883])).toEqual([]);
  });

  it('a named port reports a connection that is not MQTT; an unnamed one does not', () => {
    const named = new CaptureReader({ ports: [8080] });
    named.push(twoPorts());
    named.end();
    expect(named.connections).toHaveLength(1);
    expect(named.connections[0].notMqtt).toMatch(/not a CONNECT/);
  });

  it('mid-connection on an unnamed port: a run of valid packets is taken for MQTT, as a guess; one packet is not enough', () => {
    const run = (n: number) => {
      const cap = new CaptureBuilder();
      const c = cap.connection('10.0.0.1', 40000, '10.0.0.2', 5555, false);
      for (let i = 0; i < n; i++) c.client(publishPacket('m/t', `${i}`));
      const reader = new CaptureReader();
      reader.push(cap.bytes());
      reader.end();
      return reader.connections.map((x) => `${x.version} ${x.versionSource} ${x.fromStart} ${x.c2s.packets}`);
    };
    expect(run(4)).toEqual(['4 guess false 4']);
    expect(run(1)).toEqual([]);
  });

  it('a stream that is not MQTT mid-connection on an unnamed port is not reported', () => {
    const cap = new CaptureBuilder();
    const c = cap.connection('10.0.0.1', 40000, '10.0.0.2', 5555, false);
    for (let i = 0; i < 5; i++) c.client(Buffer.from(`line ${i} of some text protocol\r\n`));
    expect(readCapture(cap.bytes()).filter((r) => r.kind !== 'info')).toEqual([]);
  });
});
