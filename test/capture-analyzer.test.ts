/**
 * The connection table (src/capture/analyzer.ts) and the reader's front door (src/capture/reader.ts):
 * which frames are used and why the others are skipped, which end of a connection is the client,
 * connections given up on, closed, released, evicted and their port pairs used again, the TCP frames
 * counted per server port, and the records a CaptureReader gives for the file itself.
 */
import { describe, expect, it } from 'vitest';
import { Analyzer, type AnalyzerOptions } from '../src/capture/analyzer.js';
import { CaptureReader, type CaptureRecord } from '../src/capture/index.js';
import type { Frame, Stamp } from '../src/capture/types.js';
import { CaptureBuilder, CONNACK, connectPacket, publishPacket } from '../scripts/synth-capture.mjs';

const SYN = 0x02, ACK = 0x10, PSH = 0x18, FIN = 0x11, RST = 0x14, SYN_ACK = 0x12;
const CONNECT = [0x10, 0x0f, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 3, 0x61, 0x62, 0x63];
const CONNACK_BYTES = [0x20, 0x02, 0, 0];
const PINGREQ = [0xc0, 0x00];
const HTTP = [...'GET / HTTP/1.1\r\n'].map((c) => c.charCodeAt(0));

const stamp = (n: number): Stamp => ({ frame: n, seconds: 1000 + n, nanos: n * 1000, timeDigits: 9 });

interface Seg {
  src?: string;
  dst?: string;
  sport: number;
  dport: number;
  seq?: number;
  flags?: number;
  payload?: number[];
  /** IPv4 flags and fragment offset (the 16 bits after the identification). */
  frag?: number;
  protocol?: number;
}

/**
 * A raw-IP (LINKTYPE_RAW) frame: IPv4, then TCP (or `protocol`'s bytes: the payload). Its bytes
 * are a range in the middle of a larger array, as a reader gives frames of a file chunk: bytes
 * before and after it (0x45, an IPv4 header's first byte) must not be read as the frame's.
 */
function frame(n: number, s: Seg): Frame {
  const protocol = s.protocol ?? 6;
  const payload = s.payload ?? [];
  const seq = s.seq ?? 0;
  const body = protocol === 6
    ? [s.sport >> 8, s.sport & 255, s.dport >> 8, s.dport & 255, seq >>> 24, (seq >>> 16) & 255, (seq >>> 8) & 255, seq & 255, 0, 0, 0, 0, 0x50, s.flags ?? ACK, 0, 0, 0, 0, 0, 0, ...payload]
    : payload;
  const total = 20 + body.length;
  const addr = (a: string) => a.split('.').map(Number);
  const frag = s.frag ?? 0x4000;
  const ip = [0x45, 0, total >> 8, total & 255, 0, 0, frag >> 8, frag & 255, 64, protocol, 0, 0, ...addr(s.src ?? '10.0.0.1'), ...addr(s.dst ?? '10.0.0.2')];
  const t = stamp(n);
  const data = Uint8Array.from([0x45, 0x45, 0x45, ...ip, ...body, 0x45, 0x45, 0x45, 0x45]);
  return { kind: 'frame', number: n, seconds: t.seconds, nanos: t.nanos, timeDigits: t.timeDigits, linkType: 101, interfaceId: 0, data, start: 3, end: data.length - 4, originalLength: total };
}

/** `f` with other bytes, all of `data`. */
function withData(f: Frame, data: Uint8Array, linkType = f.linkType): Frame {
  return { ...f, linkType, data, start: 0, end: data.length };
}

/** An analyzer whose records are written as lines. */
function analyzer(o: Partial<AnalyzerOptions> = {}) {
  const lines: string[] = [];
  const records: CaptureRecord[] = [];
  const a = new Analyzer({ ports: [], bufferLimit: 1 << 20, maxConnections: 100, keepConnections: true, ...o }, (r) => {
    records.push(r);
    lines.push(describe1(r));
  });
  let n = 0;
  const feed = (...segs: Seg[]) => {
    for (const s of segs) a.frame(frame(++n, s));
  };
  return { a, lines, records, feed, frames: () => n };
}

function describe1(r: CaptureRecord): string {
  const at = r.kind === 'info' ? undefined : r.frame;
  const f = at ? `#${at.frame}` : '#-';
  switch (r.kind) {
    case 'connection': return `${f} connection ${r.connection.id} ${r.connection.client.address}:${r.connection.client.port} → ${r.connection.server.address}:${r.connection.server.port}${r.notMqtt ? ` not MQTT` : ''}`;
    case 'packet': return `${f} packet ${r.connection.id} ${r.direction} ${r.result.packet?.type ?? 'fault'}`;
    case 'note': return `${f} note ${r.connection.id}${r.fault ? ' fault' : ''}: ${r.message}`;
    case 'gap': return `${f} gap ${r.connection.id} ${r.direction} ${r.offset} ${r.length}`;
    case 'end': return `${f} end ${r.connection.id} ${r.reason}`;
    case 'problem': return `${f} problem${r.fatal ? ' fatal' : ''}${r.fault ? ' fault' : ''}: ${r.message}`;
    default: return `${f} ${r.kind}`;
  }
}

/** The two ends' addresses and ports: client 10.0.0.1:`port`, server 10.0.0.2:`server`. */
function ends(port: number, server: number, client = '10.0.0.1') {
  return { c: { src: client, dst: '10.0.0.2', sport: port, dport: server }, s: { src: '10.0.0.2', dst: client, sport: server, dport: port } };
}

/** A client on 10.0.0.1:`port` talking to 10.0.0.2:`server`: the frames of a handshake, a CONNECT and its CONNACK. */
function mqtt(port: number, server = 1883, client = '10.0.0.1') {
  const { c, s } = ends(port, server, client);
  return {
    syn: { ...c, seq: 99, flags: SYN } as Seg,
    synAck: { ...s, seq: 499, flags: SYN_ACK } as Seg,
    connect: { ...c, seq: 100, flags: PSH, payload: CONNECT } as Seg,
    connack: { ...s, seq: 500, flags: PSH, payload: CONNACK_BYTES } as Seg,
    ping: { ...c, seq: 100 + CONNECT.length, flags: PSH, payload: PINGREQ } as Seg,
    finC: { ...c, seq: 100 + CONNECT.length, flags: FIN } as Seg,
    finS: { ...s, seq: 504, flags: FIN } as Seg,
    ack: { ...c, seq: 101 + CONNECT.length, flags: ACK } as Seg,
    rst: { ...c, seq: 100 + CONNECT.length, flags: RST } as Seg,
    c,
    s,
  };
}

describe('Analyzer: frames not used', () => {
  it('each skipped frame is counted under the first layer\'s reason', () => {
    const { a, lines } = analyzer();
    const arp = Uint8Array.from([...new Array(12).fill(0), 0x08, 0x06, 0, 1]);
    a.frame(withData(frame(1, { sport: 1, dport: 2 }), arp, 1));
    a.frame(withData(frame(2, { sport: 1, dport: 2 }), Uint8Array.of(1, 2, 3), 1));
    a.frame(withData(frame(3, { sport: 1, dport: 2 }), Uint8Array.of(0x45, 0, 0, 20, 0)));
    a.frame(frame(4, { sport: 1, dport: 2, protocol: 17, payload: [0, 53, 0, 53, 0, 8, 0, 0] }));
    a.frame(frame(5, { sport: 1, dport: 2, protocol: 6 - 6 + 6, payload: [] }));
    const cut = frame(6, { sport: 1, dport: 2 });
    const ipTcp = cut.data.subarray(cut.start, cut.end);
    a.frame(withData(cut, Uint8Array.from([0x45, 0, 0, 30, ...ipTcp.subarray(4, 20), ...ipTcp.subarray(20, 30)])));
    expect(Object.fromEntries(a.skipped)).toEqual({
      'ethertype 0x0806': 1,
      'frame shorter than its link-layer header': 1,
      'IPv4 header cut short': 1,
      'not TCP': 1,
      'TCP header cut short': 1,
    });
    expect(a.frames).toBe(6);
    expect(a.reported).toBe(0);
    expect(lines).toEqual([]);
  });

  it('an IP fragment is not reassembled: skipped, and said (not a fault) when it carries TCP', () => {
    const { a, records } = analyzer();
    a.frame(frame(1, { sport: 1883, dport: 5000, frag: 0x2000, payload: [1, 2, 3] })); // more follow, offset 0
    a.frame(frame(2, { sport: 1883, dport: 5000, frag: 0x0003, payload: [1, 2, 3] })); // the last, offset 3 × 8
    a.frame(frame(3, { sport: 1, dport: 2, protocol: 17, frag: 0x2000, payload: [1, 2, 3] }));
    expect(records).toEqual([
      { kind: 'problem', message: 'frame 1: IP fragment 10.0.0.1 → 10.0.0.2 (offset 0, more follow) not reassembled', fatal: false, fault: false, frame: stamp(1) },
      { kind: 'problem', message: 'frame 2: IP fragment 10.0.0.1 → 10.0.0.2 (offset 24, last) not reassembled', fatal: false, fault: false, frame: stamp(2) },
    ]);
    expect(Object.fromEntries(a.skipped)).toEqual({ 'IP fragment': 3 });
    expect(a.openCount).toBe(0);
  });

  it('TCP on a port nobody named is counted under its server port, not followed', () => {
    const { a, feed } = analyzer({ ports: [1883] });
    feed({ sport: 40000, dport: 80, flags: SYN }, { sport: 80, dport: 40000, flags: SYN_ACK }, { sport: 40000, dport: 80 });
    expect(Object.fromEntries(a.skipped)).toEqual({ 'TCP on another port': 3 });
    expect(Object.fromEntries(a.tcpPorts)).toEqual({ 80: 3 });
    expect(a.openCount).toBe(0);
  });
});

describe('Analyzer: problems with the file', () => {
  it('a problem before any frame has no frame; after frames, the stamp of the last frame read', () => {
    const { a, records, feed } = analyzer();
    a.problem('bad header', false, 3);
    feed({ sport: 40000, dport: 1883, flags: SYN });
    a.frame({ ...frame(2, { sport: 1, dport: 2 }), linkType: 1, data: Uint8Array.of(1) });
    a.problem('bad record', true);
    expect(records.filter((r) => r.kind === 'problem')).toEqual([
      { kind: 'problem', message: 'bad header', offset: 3, fatal: false, fault: true, frame: undefined },
      { kind: 'problem', message: 'bad record', offset: undefined, fatal: true, fault: true, frame: stamp(2) },
    ]);
  });
});

describe('Analyzer: which end is the client', () => {
  function clientOf(o: Partial<AnalyzerOptions>, ...segs: Seg[]) {
    const { a, feed } = analyzer(o);
    feed(...segs);
    a.finish();
    return a.connections.map((c) => `${c.client.address}:${c.client.port} → ${c.server.address}:${c.server.port}`);
  }
  const m = mqtt(1000, 5000);

  it('the sender of a SYN; the receiver of a SYN-ACK', () => {
    expect(clientOf({}, m.syn, m.connect)).toEqual(['10.0.0.1:1000 → 10.0.0.2:5000']);
    expect(clientOf({}, m.synAck, m.connect)).toEqual(['10.0.0.1:1000 → 10.0.0.2:5000']);
  });

  it('without a SYN: the end not on a named port', () => {
    const p = mqtt(1000, 1883);
    expect(clientOf({}, p.connect)).toEqual(['10.0.0.1:1000 → 10.0.0.2:1883']);
    expect(clientOf({}, p.connack, p.connect)).toEqual(['10.0.0.1:1000 → 10.0.0.2:1883']);
  });

  it('without a SYN, both ends on named ports (or neither): the higher port; equal ports, the first sender', () => {
    const p = mqtt(5000, 5000);
    expect(clientOf({ ports: [5000] }, p.ping)).toEqual(['10.0.0.1:5000 → 10.0.0.2:5000']);
    expect(clientOf({ ports: [5000] }, p.s)).toEqual(['10.0.0.2:5000 → 10.0.0.1:5000']);
    const q = mqtt(6000, 5000);
    expect(clientOf({ ports: [5000, 6000] }, q.connack)).toEqual(['10.0.0.1:6000 → 10.0.0.2:5000']);
  });
});

describe('Analyzer: connections', () => {
  it('the frames of a connection are counted once under its server port, however its ends are numbered', () => {
    const { a, feed } = analyzer();
    const m = mqtt(1000, 5000);
    const n = mqtt(1001, 5000);
    feed(m.syn, m.synAck, m.connect, m.connack, n.syn, n.synAck, n.connect, m.ping, n.connack);
    expect(Object.fromEntries(a.tcpPorts)).toEqual({ 5000: 9 });
    expect(a.connections.map((c) => c.id)).toEqual([1, 2]);
    expect(a.skipped.size).toBe(0);
  });

  it('a connection seen first from its server is the same connection when its client speaks', () => {
    const { a, feed } = analyzer();
    const m = mqtt(1000);
    const other = mqtt(2000);
    feed(m.connack, other.connect, m.ping, { ...m.s, seq: 504, flags: PSH, payload: [0xd0, 0x00] });
    a.finish();
    expect(a.connections.map((c) => `${c.client.port} ${c.c2s.packets}/${c.s2c.packets}`)).toEqual(['1000 1/2', '2000 1/0']);
  });

  it('a connection open at the end of the capture is not closed; its end says why', () => {
    const { a, feed, lines } = analyzer();
    const m = mqtt(1000);
    feed(m.syn, m.synAck, m.connect, m.connack);
    a.finish();
    expect(a.connections[0].closed).toBe(false);
    expect(a.connections[0].ended).toBe('capture end');
    expect(lines.at(-1)).toBe('#4 end 1 capture end');
    expect(a.openCount).toBe(0);
  });

  it('both FINs in: the end is reported at once, and later frames of it are counted, not a new connection', () => {
    const { a, feed, lines } = analyzer();
    const m = mqtt(1000);
    feed(m.syn, m.synAck, m.connect, m.connack, m.finC, m.finS);
    expect(lines.at(-1)).toBe('#6 end 1 closed');
    expect(a.openCount).toBe(0);
    feed(m.ack);
    expect(Object.fromEntries(a.skipped)).toEqual({ 'after the connection closed': 1 });
    expect(Object.fromEntries(a.tcpPorts)).toEqual({ 1883: 7 });
    expect(a.connections[0].last).toEqual(stamp(7));
    expect(a.reported).toBe(1);
  });

  it('without keepConnections, an ended connection is held by nothing: its figures stay as its end record gave them, a late frame is only counted', () => {
    const { a, feed, records } = analyzer({ keepConnections: false });
    const m = mqtt(1000);
    feed(m.syn, m.synAck, m.connect, m.connack, m.finC, m.finS);
    const end = records.at(-1);
    expect(end?.kind).toBe('end');
    const conn = (end as Extract<CaptureRecord, { kind: 'end' }>).connection;
    expect(conn.last).toEqual(stamp(6));
    feed(m.ack);
    expect(Object.fromEntries(a.skipped)).toEqual({ 'after the connection closed': 1 });
    expect(conn.last).toEqual(stamp(6));
    expect(a.connections).toEqual([]);
    // A new connection on the same port pair is a new connection, not the released one.
    feed(m.syn, m.synAck, m.connect);
    expect(a.reported).toBe(2);
    expect(Object.fromEntries(a.skipped)).toEqual({ 'after the connection closed': 1 });
  });

  it('not MQTT on a port nobody named: given up on, its later frames counted as not MQTT', () => {
    const { a, feed, lines } = analyzer();
    const { c, s } = ends(40000, 8080);
    feed({ ...c, seq: 9, flags: SYN }, { ...s, seq: 99, flags: SYN_ACK }, { ...c, seq: 10, flags: PSH, payload: HTTP }, { ...s, seq: 100, flags: PSH, payload: HTTP }, { ...c, seq: 10 + HTTP.length });
    expect(Object.fromEntries(a.skipped)).toEqual({ 'not MQTT': 2 });
    expect(Object.fromEntries(a.tcpPorts)).toEqual({ 8080: 5 });
    expect(lines).toEqual([]);
    expect(a.openCount).toBe(1);
  });

  it('not MQTT on a named port: reported, followed to the end', () => {
    const { a, feed, lines } = analyzer();
    const { c, s } = ends(40000, 1883);
    feed({ ...c, seq: 9, flags: SYN }, { ...s, seq: 99, flags: SYN_ACK }, { ...c, seq: 10, flags: PSH, payload: HTTP }, { ...s, seq: 100, flags: PSH, payload: HTTP });
    a.finish();
    expect(a.skipped.size).toBe(0);
    expect(lines[0]).toBe('#4 connection 1 10.0.0.1:40000 → 10.0.0.2:1883 not MQTT');
    expect(lines.at(-1)).toBe('#4 end 1 capture end');
  });

  it('a connection never recognised that closes is given up on; its later frames count as not MQTT', () => {
    const { a, feed, lines } = analyzer();
    const { c, s } = ends(40000, 8080);
    feed({ ...c, seq: 9, flags: SYN }, { ...s, seq: 99, flags: SYN_ACK }, { ...c, seq: 10, flags: FIN }, { ...s, seq: 100, flags: FIN }, { ...c, seq: 11 });
    expect(Object.fromEntries(a.skipped)).toEqual({ 'not MQTT': 1 });
    expect(lines).toEqual([]);
  });

  it('a SYN sent again belongs to the connection it opens', () => {
    const { a, feed, lines } = analyzer();
    const m = mqtt(1000);
    feed(m.syn, m.syn, m.synAck, m.connect);
    expect(lines).toEqual(['#4 connection 1 10.0.0.1:1000 → 10.0.0.2:1883', '#4 packet 1 c2s connect']);
    expect(a.reported).toBe(1);
    expect(a.openCount).toBe(1);
  });

  it('a port pair used again after the connection was given up on: a new connection', () => {
    const { a, feed, lines } = analyzer();
    const { c, s } = ends(40000, 8080);
    feed({ ...c, seq: 9, flags: SYN }, { ...s, seq: 99, flags: SYN_ACK }, { ...c, seq: 10, flags: PSH, payload: HTTP });
    feed({ ...c, seq: 999, flags: SYN }, { ...s, seq: 4999, flags: SYN_ACK }, { ...c, seq: 1000, flags: PSH, payload: CONNECT }, { ...s, seq: 5000, flags: PSH, payload: CONNACK_BYTES });
    expect(lines).toEqual(['#6 connection 1 10.0.0.1:40000 → 10.0.0.2:8080', '#6 packet 1 c2s connect', '#7 packet 1 s2c connack']);
    expect(a.skipped.size).toBe(0);
  });

  it('a port pair used again after a reset: the reset connection ends, a new one begins', () => {
    const { a, feed, lines } = analyzer();
    const m = mqtt(1000);
    feed(m.syn, m.synAck, m.connect, m.connack, m.rst);
    feed({ ...m.syn, seq: 7999 }, { ...m.synAck, seq: 8999 }, { ...m.connect, seq: 8000 });
    a.finish();
    expect(a.connections.map((c) => `${c.id} ${c.ended} ${c.closed} ${c.c2s.packets}`)).toEqual(['1 closed true 1', '2 capture end false 1']);
    expect(lines.filter((l) => l.includes(' end '))).toEqual(['#6 end 1 closed', '#8 end 2 capture end']);
  });
});

describe('Analyzer: closed connections remembered, and the connection limit', () => {
  /** Opens and closes connection `i` (client port 10000 + i) on port 1883, from `client`. */
  function closed(i: number, client = '10.0.0.1') {
    const p = mqtt(10000 + i, 1883, client);
    return [p.syn, { ...p.finC, seq: 100 }, { ...p.finS, seq: 500 }];
  }
  const late = (i: number, client = '10.0.0.1'): Seg => ({ ...mqtt(10000 + i, 1883, client).c, seq: 101 });

  it('beyond the limit, the oldest closed connection is forgotten: its late frames start a connection', () => {
    const { a, feed } = analyzer({ maxConnections: 2 });
    feed(...closed(0), ...closed(1));
    feed(late(0), late(1));
    expect(Object.fromEntries(a.skipped)).toEqual({ 'after the connection closed': 2 });
    feed(...closed(2));
    feed(late(0));
    expect(Object.fromEntries(a.skipped)).toEqual({ 'after the connection closed': 2 });
    expect(a.reported).toBe(4);
    feed(late(1), late(2));
    expect(Object.fromEntries(a.skipped)).toEqual({ 'after the connection closed': 4 });
  });

  it('a port pair used again and closed again is remembered from its latest close', () => {
    const { a, feed } = analyzer({ maxConnections: 2 });
    feed(...closed(0), ...closed(1));
    feed(...closed(0).map((s) => ({ ...s, seq: (s.seq ?? 0) + 5000 }))); // port pair 0 again: now the newest
    feed(...closed(2)); // one too many: pair 1, the oldest, is forgotten
    feed({ ...late(0), seq: 5101 }, late(2));
    expect(Object.fromEntries(a.skipped)).toEqual({ 'after the connection closed': 2 });
    feed(late(1));
    expect(Object.fromEntries(a.skipped)).toEqual({ 'after the connection closed': 2 });
    expect(a.reported).toBe(5);
  });

  it('with a limit of one, the last closed connection is still remembered', () => {
    const { a, feed } = analyzer({ maxConnections: 1 });
    feed(...closed(0), late(0));
    expect(Object.fromEntries(a.skipped)).toEqual({ 'after the connection closed': 1 });
    expect(a.reported).toBe(1);
  });

  it('the order of closed connections stays right after thousands of them are forgotten', () => {
    const { a, feed } = analyzer({ maxConnections: 1, keepConnections: false });
    for (let i = 0; i < 4100; i++) feed(...closed(i, i < 2050 ? '10.0.0.1' : '10.0.0.3'));
    feed(...closed(0)); // the first port pair, used again
    feed(late(0));
    expect(Object.fromEntries(a.skipped)).toEqual({ 'after the connection closed': 1 });
    expect(a.reported).toBe(4101);
    expect(a.connections).toEqual([]);
  });

  it('a full table closes the idlest connection early, with a note and an end; its late frames are counted', () => {
    const { a, feed, lines } = analyzer({ maxConnections: 2 });
    const [p, q, r] = [mqtt(1000), mqtt(1001), mqtt(1002)];
    feed(p.syn, q.syn, q.synAck, p.synAck, r.syn);
    expect(lines).toEqual([
      '#5 note 2: closed early: 2 connection(s) were open, the limit (--max-connections); this one had been idle longest (since frame 3)',
      '#5 connection 2 10.0.0.1:1001 → 10.0.0.2:1883',
      '#5 end 2 evicted',
    ]);
    expect(records(a)).toEqual(['1 undefined', '2 evicted', '3 undefined']);
    expect(a.openCount).toBe(2);
    feed(q.connect);
    expect(Object.fromEntries(a.skipped)).toEqual({ 'after the connection closed': 1 });
  });

  it('the idlest quarter is closed early, found by when each was last active', () => {
    const { a, feed, lines } = analyzer({ maxConnections: 4 });
    const m = [0, 1, 2, 3, 4].map((i) => mqtt(1000 + i));
    feed(m[0].syn, m[1].syn, m[2].syn, m[3].syn, m[0].synAck, m[4].syn);
    expect(lines.filter((l) => l.includes('end'))).toEqual(['#6 end 2 evicted']);
    expect(a.openCount).toBe(4);
  });

  it('connections given up on are forgotten first; when that makes room, nothing is closed', () => {
    const { a, feed, lines } = analyzer({ maxConnections: 2 });
    const { c } = ends(40000, 8080);
    feed({ ...c, seq: 9, flags: SYN }, { ...c, seq: 10, flags: PSH, payload: HTTP });
    const p = mqtt(1000);
    const q = mqtt(1001);
    feed(p.syn, q.syn);
    expect(lines).toEqual([]);
    expect(records(a)).toEqual(['1 undefined', '2 undefined']);
    expect(a.openCount).toBe(2);
  });

  it('below the limit, connections given up on stay known', () => {
    const { a, feed } = analyzer({ maxConnections: 10 });
    const { c } = ends(40000, 8080);
    feed({ ...c, seq: 9, flags: SYN }, { ...c, seq: 10, flags: PSH, payload: HTTP });
    feed(mqtt(1000).syn);
    feed({ ...c, seq: 10 + HTTP.length });
    expect(Object.fromEntries(a.skipped)).toEqual({ 'not MQTT': 1 });
  });

  it('a connection not yet recognised is closed early without a word, and forgotten', () => {
    const { a, feed, lines } = analyzer({ maxConnections: 2 });
    const { c: u } = ends(40000, 8080);
    feed({ ...u, seq: 9, flags: SYN }, mqtt(1000).syn, mqtt(1000).synAck, mqtt(1001).syn);
    expect(lines).toEqual([]);
    expect(records(a)).toEqual(['1 undefined', '2 undefined']);
    feed({ ...u, seq: 10 }); // seen again: a connection seen mid-way, which fills the table again
    expect(a.skipped.size).toBe(0);
    expect(lines).toEqual([
      '#5 note 1: closed early: 2 connection(s) were open, the limit (--max-connections); this one had been idle longest (since frame 3)',
      '#5 connection 1 10.0.0.1:1000 → 10.0.0.2:1883',
      '#5 end 1 evicted',
    ]);
    expect(a.openCount).toBe(2);
  });
});

function records(a: Analyzer): string[] {
  return a.connections.map((c) => `${c.id} ${c.ended}`);
}

describe('CaptureReader: the file and the reader\'s state', () => {
  function capture() {
    const cap = new CaptureBuilder();
    const c = cap.connection('10.0.0.1', 40000, '10.0.0.2', 1883);
    c.client(connectPacket('id'));
    c.server(CONNACK);
    c.client(publishPacket('a/b', 'hi'));
    return new Uint8Array(cap.bytes());
  }

  it('counts bytes and frames as they are pushed; the file description is kept and given once', () => {
    const bytes = capture();
    const reader = new CaptureReader();
    expect(reader.push(bytes.subarray(0, 10))).toEqual([]);
    expect(reader.bytesRead).toBe(10);
    expect(reader.info).toBeUndefined();
    const got = reader.push(bytes.subarray(10));
    expect(reader.bytesRead).toBe(bytes.length);
    expect(reader.frames).toBe(6);
    expect(got[0]).toMatchObject({ kind: 'info', format: 'pcap' });
    expect(reader.info).toBe(got[0]);
    expect(got.filter((r) => r.kind === 'info')).toHaveLength(1);
    expect(got.map((r) => r.kind)).toEqual(['info', 'connection', 'packet', 'packet', 'packet']);
    expect(reader.stopped).toBe(false);
    expect(Object.fromEntries(reader.skipped)).toEqual({});
    expect(reader.end().map((r) => r.kind)).toEqual(['end']);
  });

  it('after the end, pushing and ending again give nothing', () => {
    const bytes = capture();
    const reader = new CaptureReader();
    reader.push(bytes.subarray(0, bytes.length - 3));
    const end = reader.end();
    expect(end.map((r) => r.kind)).toEqual(['problem', 'end']);
    expect(reader.end()).toEqual([]);
    expect(reader.push(capture())).toEqual([]);
    expect(reader.frames).toBe(5);
  });

  it('a truncated last record is a fatal problem at the end, stamped with the last frame read', () => {
    const bytes = capture();
    const reader = new CaptureReader();
    const records = [...reader.push(bytes.subarray(0, bytes.length - 3)), ...reader.end()];
    const problem = records.find((r) => r.kind === 'problem');
    expect(problem).toEqual({ kind: 'problem', message: expect.stringMatching(/^record 6: /), offset: expect.any(Number), fatal: true, fault: true, frame: expect.objectContaining({ frame: 5 }) });
  });

  it('damage in the middle of the file: a fatal problem in order, and reading stops', () => {
    const bytes = capture();
    const damaged = bytes.slice();
    const view = new DataView(damaged.buffer);
    // The fourth record's captured length (24-byte file header, then records of 16 + length bytes).
    let at = 24;
    for (let i = 0; i < 3; i++) at += 16 + view.getUint32(at + 8, true);
    view.setUint32(at + 8, 0x7fffffff, true);
    const reader = new CaptureReader();
    const records = reader.push(damaged);
    expect(records.map((r) => r.kind)).toEqual(['info', 'problem']);
    expect(records[1]).toEqual({ kind: 'problem', message: 'record 4: captured length 2147483647 is not believable; the file is damaged here', offset: at, fatal: true, fault: true, frame: expect.objectContaining({ frame: 3 }) });
    expect(reader.stopped).toBe(true);
    expect(reader.info).toBe(records[0]);
  });

  it('frames skipped are counted by reason', () => {
    const cap = new CaptureBuilder();
    cap.segment('10.0.0.1', 40000, '10.0.0.2', 80, 1, 0, 0x02);
    const reader = new CaptureReader({ ports: [1883] });
    reader.push(new Uint8Array(cap.bytes()));
    expect(Object.fromEntries(reader.skipped)).toEqual({ 'TCP on another port': 1 });
  });
});
