/**
 * One TCP connection followed as MQTT (src/capture/connection.ts): how its protocol version is
 * decided (the client's CONNECT, the caller's version, a guess from the first packets), when it
 * is given up as not MQTT, and what it reports — records in capture order, its figures and faults.
 * The connection is driven segment by segment, as the analyzer drives it.
 */
import { describe, expect, it } from 'vitest';
import { type ConnectionContext, guessVersion, TrackedConnection, versionName } from '../src/capture/connection.js';
import type { CaptureRecord, Connection, Direction, Stamp } from '../src/capture/types.js';
import type { ProtocolVersion } from '../src/index.js';
import { CaptureBuilder } from '../scripts/synth-capture.mjs';
import { CaptureReader } from '../src/capture/index.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** CONNECT, client id "c", Keep Alive 60 s, clean session; `level` as sent (0x84: a bridge). */
function connect(level: number, keepAlive = 60): Uint8Array {
  const v5 = (level & 0x7f) === 5;
  const name = (level & 0x7f) === 3 ? ascii('MQIsdp') : ascii('MQTT');
  const body = [0, name.length, ...name, level, 0x02, keepAlive >> 8, keepAlive & 0xff, ...(v5 ? [0] : []), 0, 1, 0x63];
  return bytes(0x10, body.length, ...body);
}
/** A CONNECT at `level` whose client id claims 5 bytes and brings 1: faulty, its level readable. */
function truncatedConnect(level: number): Uint8Array {
  const name = level === 3 ? ascii('MQIsdp') : ascii('MQTT');
  const body = [0, name.length, ...name, level, 0x02, 0, 60, ...(level === 5 ? [0] : []), 0, 5, 0x63];
  return bytes(0x10, body.length, ...body);
}
const CONNACK = bytes(0x20, 2, 0, 0);
const CONNACK5 = bytes(0x20, 3, 0, 0, 0);
const PINGREQ = bytes(0xc0, 0);
const PINGRESP = bytes(0xd0, 0);
const DISCONNECT = bytes(0xe0, 0);
/** SUBSCRIBE (3.1.1) to "a", packet id 1. */
const SUBSCRIBE = bytes(0x82, 6, 0, 1, 0, 1, 0x61, 0);
/** PUBLISH QoS 0 to "a", payload "x". */
const PUBLISH = bytes(0x30, 4, 0, 1, 0x61, 0x78);
/** PINGREQ with a reserved flag bit set: malformed. */
const BAD_PINGREQ = bytes(0xc1, 0);
const PINGREQS = (n: number) => cat(...Array.from({ length: n }, () => PINGREQ));
const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

const stamp = (frame: number, nanos = 0): Stamp => ({ frame, seconds: frame, nanos, timeDigits: 9 });

/** One record as a line: what it says and the frame it is stamped with. */
function show(r: CaptureRecord): string {
  switch (r.kind) {
    case 'connection':
      return `#${r.frame.frame} connection id=${r.connection.id} v=${r.version} from=${r.versionSource} bridge=${r.bridge}${r.notMqtt !== undefined ? ` notMqtt=${r.notMqtt}` : ''}`;
    case 'packet':
      return `#${r.frame.frame} packet ${r.direction}@${r.offset} ${r.result.packet?.type ?? 'faulty'} ${r.bytes.length}B faults=${r.result.diagnostics.length} checks=[${r.checks.map((c) => c.check).join(',')}]`;
    case 'note':
      return `#${r.frame.frame} note ${r.direction ?? '-'}@${r.offset ?? '-'} ${r.fault ? 'fault' : 'remark'}${r.diagnostic ? ` [${r.diagnostic.check}]` : ''}: ${r.message}`;
    case 'gap':
      return `#${r.frame.frame} gap ${r.direction}@${r.offset} ${r.length}B`;
    case 'end':
      return `#${r.frame.frame} end ${r.reason}`;
    default:
      return r.kind;
  }
}

interface Setup {
  fromStart?: boolean;
  named?: boolean;
  protocolVersion?: ProtocolVersion;
  bufferLimit?: number;
}

/** A connection driven frame by frame (frame 1 opened it), with what it emitted. */
function track(setup: Setup = {}) {
  const log: string[] = [];
  const records: CaptureRecord[] = [];
  let ids = 0;
  let reports = 0;
  const ctx: ConnectionContext = {
    emit: (r) => {
      records.push(r);
      log.push(show(r));
    },
    report: (c) => {
      reports++;
      if (c.id === 0) c.id = ++ids;
    },
    protocolVersion: setup.protocolVersion,
    bufferLimit: setup.bufferLimit ?? 1 << 16,
  };
  const client = { address: '10.0.0.1', port: 50000 };
  const server = { address: '10.0.0.2', port: 1883 };
  const t = new TrackedConnection(ctx, client, server, setup.fromStart ?? true, setup.named ?? false, stamp(1), { frames: 0 });
  // The analyzer reports a connection on a named port as soon as it opens.
  if (setup.named === true) ctx.report(t.conn);
  const seq: Record<Direction, number> = { c2s: 1000, s2c: 900000 };
  let frame = 1;
  return {
    t,
    log,
    records,
    conn: t.conn as Connection,
    get reports() {
      return reports;
    },
    /** The next frame carries `payload` in direction `dir` (and a FIN when `fin`). */
    send(dir: Direction, payload: Uint8Array, fin = false, nanos = 0) {
      t.now = stamp(++frame, nanos);
      t.segment(dir, seq[dir], payload, false, fin);
      seq[dir] = (seq[dir] + payload.length + (fin ? 1 : 0)) >>> 0;
    },
    /** `n` bytes of direction `dir` are never captured. */
    lose(dir: Direction, n: number) {
      seq[dir] = (seq[dir] + n) >>> 0;
    },
    /** The end of the connection, at the next frame. */
    end(reason: 'closed' | 'capture end' | 'evicted' = 'capture end') {
      t.now = stamp(++frame);
      t.end(reason);
    },
  };
}

/** One direction's figures: `packets` found (`faulty` of them with faults), `bytes` seen in `segments`. */
function side(packets: number, faulty: number, bytes: number, segments: number, more: Partial<Connection['c2s']['reassembly']> = {}) {
  return { packets, faultyPackets: faulty, bytes, reassembly: { segments, outOfOrder: 0, duplicateBytes: 0, gapBytes: 0, ...more } };
}

describe('TrackedConnection: a connection opened with CONNECT', () => {
  it('the connection record comes once, before its first packet, with the version of the CONNECT; then packets, the end', () => {
    const c = track();
    c.send('c2s', connect(4));
    c.send('s2c', CONNACK);
    c.send('c2s', PINGREQ);
    c.send('s2c', PINGRESP);
    c.send('c2s', DISCONNECT, true);
    expect(c.t.complete()).toBe(false); // the server's FIN is missing
    c.send('s2c', new Uint8Array(0), true);
    expect(c.t.complete()).toBe(true);
    // The reassembly counters are live: the segments with data so far (final once it has ended).
    expect(c.conn.c2s.reassembly).toEqual({ segments: 3, outOfOrder: 0, duplicateBytes: 0, gapBytes: 0 });
    expect(c.conn.s2c.reassembly).toEqual({ segments: 2, outOfOrder: 0, duplicateBytes: 0, gapBytes: 0 });
    c.end('closed');
    expect(c.log).toEqual([
      '#2 connection id=1 v=4 from=CONNECT bridge=false',
      '#2 packet c2s@0 connect 15B faults=0 checks=[]',
      '#3 packet s2c@0 connack 4B faults=0 checks=[]',
      '#4 packet c2s@15 pingreq 2B faults=0 checks=[]',
      '#5 packet s2c@4 pingresp 2B faults=0 checks=[]',
      '#6 packet c2s@17 disconnect 2B faults=0 checks=[]',
      '#8 end closed',
    ]);
    expect(c.conn).toEqual({
      id: 1, client: { address: '10.0.0.1', port: 50000 }, server: { address: '10.0.0.2', port: 1883 }, fromStart: true,
      version: 4, versionSource: 'CONNECT', bridge: false, faults: 0, first: stamp(1), last: stamp(1),
      c2s: side(3, 0, 19, 3), s2c: side(2, 0, 6, 2), closed: false, ended: 'closed',
    });
  });

  it('a CONNECT at level 5 or 3 decides MQTT 5.0 or 3.1', () => {
    const v5 = track();
    v5.send('c2s', connect(5));
    v5.send('s2c', CONNACK5);
    v5.end();
    expect(v5.log).toEqual([
      '#2 connection id=1 v=5 from=CONNECT bridge=false',
      '#2 packet c2s@0 connect 16B faults=0 checks=[]',
      '#3 packet s2c@0 connack 5B faults=0 checks=[]',
      '#4 end capture end',
    ]);
    const v3 = track();
    v3.send('c2s', connect(3));
    v3.end();
    expect(v3.log.slice(0, 2)).toEqual(['#2 connection id=1 v=3 from=CONNECT bridge=false', '#2 packet c2s@0 connect 17B faults=0 checks=[]']);
    expect(v3.conn.version).toBe(3);
  });

  it('a bridge\'s CONNECT (level 0x84) marks the connection a bridge; an ordinary one does not', () => {
    const c = track();
    c.send('c2s', connect(0x84));
    expect(c.log).toEqual(['#2 connection id=1 v=4 from=CONNECT bridge=true', '#2 packet c2s@0 connect 15B faults=0 checks=[]']);
    expect(c.conn.bridge).toBe(true);
    const plain = track({ named: true });
    plain.send('c2s', connect(4));
    expect(plain.conn.bridge).toBe(false);
  });

  it('a faulty CONNECT still gives its version, read from its level byte (3, 4 or 5)', () => {
    for (const [level, length] of [[3, 17], [4, 15], [5, 16]] as const) {
      const c = track();
      c.send('c2s', truncatedConnect(level));
      c.end();
      expect(c.log).toEqual([
        `#2 connection id=1 v=${level} from=CONNECT bridge=false`,
        `#2 packet c2s@0 faulty ${length}B faults=1 checks=[]`,
        '#3 end capture end',
      ]);
      expect([c.conn.faults, c.conn.c2s.faultyPackets, c.conn.bridge]).toEqual([1, 1, false]);
    }
  });

  it('on an unnamed port, a CONNECT of an unknown level is not MQTT: nothing is reported, later bytes are not counted', () => {
    const c = track();
    c.send('c2s', connect(7));
    c.send('c2s', PINGREQ);
    c.send('s2c', CONNACK);
    c.end();
    expect(c.log).toEqual([]);
    expect(c.reports).toBe(0);
    expect(c.conn).toMatchObject({ id: 0, notMqtt: 'the client\'s first packet is not a valid CONNECT', faults: 0, c2s: side(0, 0, 15, 1), s2c: side(0, 0, 0, 0) });
  });

  it('on a named port, a CONNECT of an unknown level is decoded as 3.1.1 (a guess) or as the version the caller gave', () => {
    const guess = track({ named: true });
    guess.send('c2s', connect(7));
    guess.send('s2c', CONNACK);
    guess.end();
    expect(guess.log).toEqual([
      '#2 connection id=1 v=4 from=guess bridge=false',
      '#2 packet c2s@0 faulty 15B faults=1 checks=[]',
      '#3 packet s2c@0 connack 4B faults=0 checks=[]',
      '#4 end capture end',
    ]);
    expect(guess.conn).toMatchObject({ faults: 1, c2s: side(1, 1, 15, 1), s2c: side(1, 0, 4, 1) });
    const option = track({ named: true, protocolVersion: 5 });
    option.send('c2s', connect(7));
    option.send('s2c', CONNACK5);
    expect(option.log).toEqual([
      '#2 connection id=1 v=5 from=option bridge=false',
      '#2 packet c2s@0 faulty 15B faults=1 checks=[]',
      '#3 packet s2c@0 connack 5B faults=0 checks=[]',
    ]);
  });

  it('a CONNECT in two segments is decided when its last byte comes', () => {
    const c = track();
    const b = connect(4);
    c.send('c2s', b.subarray(0, 5));
    expect(c.log).toEqual([]);
    c.send('c2s', b.subarray(5));
    c.send('s2c', CONNACK);
    expect(c.log).toEqual([
      '#3 connection id=1 v=4 from=CONNECT bridge=false',
      '#3 packet c2s@0 connect 15B faults=0 checks=[]',
      '#4 packet s2c@0 connack 4B faults=0 checks=[]',
    ]);
  });

  it('the server\'s bytes wait for the client\'s CONNECT, then decode under its version', () => {
    const c = track();
    const b = connect(5);
    c.send('c2s', b.subarray(0, 3));
    c.send('s2c', CONNACK5);
    expect(c.log).toEqual([]);
    c.send('c2s', b.subarray(3));
    expect(c.log).toEqual([
      '#4 connection id=1 v=5 from=CONNECT bridge=false',
      '#4 packet c2s@0 connect 16B faults=0 checks=[]',
      '#4 packet s2c@0 connack 5B faults=0 checks=[]',
    ]);
  });

  it('on an unnamed port, a CONNECT still incomplete at the end is not MQTT; on a named port its bytes are reported', () => {
    const unnamed = track();
    unnamed.send('c2s', connect(4).subarray(0, 5));
    unnamed.end();
    expect(unnamed.log).toEqual([]);
    expect(unnamed.conn.notMqtt).toBe('the client\'s first bytes are not a whole CONNECT');
    const named = track({ named: true });
    named.send('c2s', connect(4).subarray(0, 5));
    named.end();
    expect(named.log).toEqual([
      '#3 note c2s@0 remark: the capture ends inside the packet at offset 0 (5 byte(s) present)',
      '#3 connection id=1 v=undefined from=undefined bridge=false',
      '#3 end capture end',
    ]);
    expect(named.conn.notMqtt).toBeUndefined();
  });

  it('on an unnamed port, a CONNECT type byte whose Remaining Length cannot be framed is not MQTT at once, and nothing is reported', () => {
    const c = track();
    c.send('c2s', bytes(0x10, 0xff, 0xff));
    expect(c.conn.notMqtt).toBeUndefined(); // its length may still come
    c.send('c2s', bytes(0xff, 0xff, 0x01));
    expect(c.conn.notMqtt).toBe('the client\'s first bytes are not a whole CONNECT');
    c.send('s2c', CONNACK);
    c.end();
    expect(c.log).toEqual([]);
    expect(c.conn.faults).toBe(0);
  });

  it('on a named port, the same bytes are a fault of the connection', () => {
    const c = track({ named: true });
    c.send('c2s', bytes(0x10, 0xff, 0xff, 0xff, 0xff, 0x01));
    c.end();
    expect(c.log).toEqual([
      '#2 note c2s@0 fault: the packet at offset 0 cannot be framed (the Remaining Length runs past four bytes)',
      '#3 note c2s@0 remark: decoding stopped at offset 0: the packet at offset 0 cannot be framed (the Remaining Length runs past four bytes); 6 byte(s) after it were not decoded',
      '#3 connection id=1 v=undefined from=undefined bridge=false',
      '#3 end capture end',
    ]);
    expect(c.conn.faults).toBe(1);
  });
});

describe('TrackedConnection: faults and figures', () => {
  it('faulty packets and the conversation checker\'s faults count; faults found at the end are notes of the server\'s side', () => {
    const c = track();
    c.send('c2s', connect(4));
    c.send('s2c', CONNACK);
    c.send('c2s', BAD_PINGREQ);
    c.send('c2s', connect(4));
    c.send('s2c', PINGRESP);
    c.send('c2s', SUBSCRIBE);
    c.end();
    expect(c.log).toEqual([
      '#2 connection id=1 v=4 from=CONNECT bridge=false',
      '#2 packet c2s@0 connect 15B faults=0 checks=[]',
      '#3 packet s2c@0 connack 4B faults=0 checks=[]',
      '#4 packet c2s@15 faulty 2B faults=1 checks=[]',
      '#5 packet c2s@17 connect 15B faults=0 checks=[connectTwice]',
      '#6 packet s2c@4 pingresp 2B faults=0 checks=[pingrespUnasked]',
      '#7 packet c2s@32 subscribe 8B faults=0 checks=[]',
      '#1 note s2c@- fault [subscribeUnanswered]: SUBSCRIBE 1 was never answered',
      '#8 end capture end',
    ]);
    expect(c.conn).toMatchObject({ faults: 4, c2s: side(4, 1, 40, 4), s2c: side(2, 0, 6, 2) });
    const end = c.records.find((r) => r.kind === 'note');
    expect(end).toMatchObject({ kind: 'note', direction: 's2c', fault: true, frame: stamp(1), diagnostic: { check: 'subscribeUnanswered', side: 'server' } });
  });

  it('the conversation checker sees each packet at its capture time, nanoseconds included', () => {
    // Keep Alive 1 s, the checker's tolerance 1 s: the client is late after 2 s of silence, the
    // server after 2.5 s. The CONNECT is at 2.0 s; the PINGREQ at 4.6 s or 4.4 s.
    const late = track();
    late.send('c2s', connect(4, 1));
    late.send('s2c', CONNACK);
    late.send('c2s', PINGREQ, false, 600_000_000);
    expect(late.log[3]).toBe('#4 packet c2s@15 pingreq 2B faults=0 checks=[keepAliveClient,keepAliveServer]');
    const lessLate = track();
    lessLate.send('c2s', connect(4, 1));
    lessLate.send('s2c', CONNACK);
    lessLate.send('c2s', PINGREQ, false, 400_000_000);
    expect(lessLate.log[3]).toBe('#4 packet c2s@15 pingreq 2B faults=0 checks=[keepAliveClient]');
  });

  it('a hole in the stream is a gap record and a fault', () => {
    const c = track();
    c.send('c2s', connect(4));
    c.lose('c2s', 5);
    c.send('c2s', PUBLISH);
    c.end();
    expect(c.log).toEqual([
      '#2 connection id=1 v=4 from=CONNECT bridge=false',
      '#2 packet c2s@0 connect 15B faults=0 checks=[]',
      '#3 gap c2s@15 5B',
      '#3 note c2s@20 remark: decoding resumes at offset 20: the segment there holds whole valid packets (0 byte(s) after the gap skipped)',
      '#3 packet c2s@20 publish 6B faults=0 checks=[]',
      '#4 end capture end',
    ]);
    expect(c.conn).toMatchObject({ faults: 1, c2s: side(2, 0, 21, 2, { outOfOrder: 1, gapBytes: 5 }) });
  });

  it('a note that is a fault counts as one; a remark does not', () => {
    const c = track();
    c.send('c2s', connect(4));
    c.send('s2c', bytes(0x20, 2, 0));
    c.send('c2s', bytes(0x30, 0xff, 0xff, 0xff, 0xff, 1));
    c.end();
    expect(c.log).toEqual([
      '#2 connection id=1 v=4 from=CONNECT bridge=false',
      '#2 packet c2s@0 connect 15B faults=0 checks=[]',
      '#4 note c2s@15 fault: the packet at offset 15 cannot be framed (the Remaining Length runs past four bytes)',
      '#5 note c2s@15 remark: decoding stopped at offset 15: the packet at offset 15 cannot be framed (the Remaining Length runs past four bytes); 6 byte(s) after it were not decoded',
      '#5 note s2c@0 remark: the capture ends inside the packet at offset 0 (3 byte(s) present)',
      '#5 end capture end',
    ]);
    expect(c.conn.faults).toBe(1);
  });

  it('each direction holds at most half the buffer limit: a longer packet is skipped by its length', () => {
    const c = track({ bufferLimit: 200 });
    c.send('c2s', connect(4));
    c.send('c2s', bytes(0x30, 150, 1, 0, 1, 0x61));
    expect(c.log[2]).toBe('#3 note c2s@15 fault: the packet at offset 15 claims 153 bytes, more than the buffer limit of 100: skipped by its length, not decoded');
    expect(c.conn.faults).toBe(1);
  });

  it('a decided connection whose client ends inside a packet says so (and stays MQTT)', () => {
    const c = track();
    c.send('c2s', connect(4));
    c.send('c2s', PUBLISH.subarray(0, 3));
    c.end();
    expect(c.log.slice(2)).toEqual(['#4 note c2s@15 remark: the capture ends inside the packet at offset 15 (3 byte(s) present)', '#4 end capture end']);
    expect(c.conn.notMqtt).toBeUndefined();
  });

  it('complete: false while bytes beyond a FIN wait out of order', () => {
    const c = track();
    c.send('c2s', connect(4), true);
    c.send('s2c', CONNACK, true);
    expect(c.t.complete()).toBe(true);
    c.lose('c2s', 3);
    c.send('c2s', PINGREQ);
    expect(c.t.complete()).toBe(false);
  });

  it('a connection on a named port that carried nothing is announced at its end', () => {
    const c = track({ named: true });
    c.end('evicted');
    expect(c.log).toEqual(['#2 connection id=1 v=undefined from=undefined bridge=false', '#2 end evicted']);
  });
});

describe('TrackedConnection: seen from its start, a client that does not open with CONNECT', () => {
  it('on an unnamed port: not MQTT, its first bytes quoted', () => {
    const c = track();
    c.send('c2s', bytes(...ascii('GET / HTTP/1.1')));
    c.send('c2s', PUBLISH);
    c.end();
    expect(c.log).toEqual([]);
    expect(c.conn).toMatchObject({ notMqtt: 'the client\'s first bytes (47 45 54 20 2f 20 48 54) are not a CONNECT', c2s: side(0, 0, 14, 1) });
  });

  it('on an unnamed port, the server speaking first is not MQTT', () => {
    const c = track();
    c.send('s2c', CONNACK);
    c.send('c2s', connect(4));
    c.end();
    expect(c.log).toEqual([]);
    expect(c.conn).toMatchObject({ notMqtt: 'the server spoke first', c2s: side(0, 0, 0, 0), s2c: side(0, 0, 4, 1) });
  });

  it('on a named port, the server speaking first waits for the client\'s CONNECT', () => {
    const c = track({ named: true });
    c.send('s2c', CONNACK);
    expect(c.log).toEqual([]);
    c.send('c2s', connect(4));
    expect(c.log).toEqual([
      '#3 connection id=1 v=4 from=CONNECT bridge=false',
      '#3 packet c2s@0 connect 15B faults=0 checks=[]',
      '#3 packet s2c@0 connack 4B faults=0 checks=[]',
    ]);
  });

  it('on a named port, what the server held first sets no mark for the client: a CONNECT shorter than it is decided at once', () => {
    const c = track({ named: true });
    c.send('s2c', PINGREQS(10)); // 20 bytes held by the server
    expect(c.log).toEqual([]);
    c.send('c2s', connect(4)); // 15 bytes
    expect(c.log.slice(0, 2)).toEqual(['#3 connection id=1 v=4 from=CONNECT bridge=false', '#3 packet c2s@0 connect 15B faults=0 checks=[]']);
  });

  it('on a named port, a server alone is decoded at the end, or once it holds half the buffer limit', () => {
    const atEnd = track({ named: true });
    atEnd.send('s2c', CONNACK);
    atEnd.end();
    expect(atEnd.log).toEqual([
      '#3 connection id=1 v=4 from=guess bridge=false',
      '#3 note -@- remark: the capture starts mid-connection (no CONNECT): decoding as MQTT 3.1.1, a guess from the first packets (use --protocol-version to choose)',
      '#3 packet s2c@0 connack 4B faults=0 checks=[]',
      '#3 end capture end',
    ]);
    const atHalf = track({ named: true, bufferLimit: 200 });
    atHalf.send('s2c', cat(...Array.from({ length: 25 }, () => PINGRESP)));
    expect(atHalf.log).toEqual([]);
    atHalf.send('s2c', cat(...Array.from({ length: 24 }, () => PINGRESP), bytes(0xd0))); // 99 bytes held
    expect(atHalf.log).toEqual([]);
    atHalf.send('s2c', bytes(0)); // 100: half the limit
    expect(atHalf.log.slice(0, 3)).toEqual([
      '#4 connection id=1 v=4 from=guess bridge=false',
      '#4 note -@- remark: the capture starts mid-connection (no CONNECT): decoding as MQTT 3.1.1, a guess from the first packets (use --protocol-version to choose)',
      '#4 packet s2c@0 pingresp 2B faults=0 checks=[connackFirst,pingrespUnasked]',
    ]);
    expect(atHalf.conn.s2c.packets).toBe(50);
  });

  it('on a named port, a first whole packet that is not a CONNECT is decoded, with a note, under a guessed version', () => {
    const c = track({ named: true });
    c.send('c2s', PUBLISH);
    c.end();
    expect(c.log).toEqual([
      '#2 connection id=1 v=4 from=guess bridge=false',
      '#2 note c2s@0 remark: the client\'s first packet is not a CONNECT; decoding as MQTT 3.1.1 (a guess from that packet)',
      '#2 packet c2s@0 publish 6B faults=0 checks=[connectFirst]',
      '#3 end capture end',
    ]);
  });

  it('on a named port, the caller\'s version wins over the guess', () => {
    const c = track({ named: true, protocolVersion: 5 });
    c.send('c2s', PUBLISH);
    expect(c.log).toEqual([
      '#2 connection id=1 v=5 from=option bridge=false',
      '#2 note c2s@0 remark: the client\'s first packet is not a CONNECT; decoding as MQTT 5.0 (from --protocol-version)',
      '#2 packet c2s@0 faulty 6B faults=1 checks=[]',
    ]);
  });

  it('on a named port, the first packet is waited for until it is whole', () => {
    const c = track({ named: true });
    c.send('c2s', PUBLISH.subarray(0, 1));
    c.send('c2s', PUBLISH.subarray(1, 3));
    expect(c.log).toEqual([]);
    c.send('c2s', PUBLISH.subarray(3));
    expect(c.log[0]).toBe('#4 connection id=1 v=4 from=guess bridge=false');
    expect(c.conn.c2s.packets).toBe(1);
  });

  it('on a named port, first bytes that are no MQTT packet make it not MQTT, said in a note', () => {
    const malformed = track({ named: true });
    malformed.send('c2s', bytes(0x30, 0xff, 0xff, 0xff, 0xff, 1));
    malformed.send('c2s', PUBLISH);
    malformed.end();
    expect(malformed.log).toEqual([
      '#2 connection id=1 v=undefined from=undefined bridge=false notMqtt=the client\'s first bytes (30 ff ff ff ff 01) are not a CONNECT, nor any MQTT packet',
      '#2 note -@- remark: not MQTT: the client\'s first bytes (30 ff ff ff ff 01) are not a CONNECT, nor any MQTT packet; connection skipped',
      '#4 end capture end',
    ]);
    expect(malformed.conn.c2s.bytes).toBe(6);
    const invalid = track({ named: true });
    invalid.send('c2s', BAD_PINGREQ);
    expect(invalid.conn.notMqtt).toBe('the client\'s first bytes (c1 00) are not a CONNECT, nor any MQTT packet');
    const cut = track({ named: true });
    cut.send('c2s', PUBLISH.subarray(0, 3));
    expect(cut.conn.notMqtt).toBeUndefined();
    cut.end();
    expect(cut.conn.notMqtt).toBe('the client\'s first bytes (30 04 00) are not a CONNECT, nor any MQTT packet');
    expect(cut.log[0]).toBe('#3 connection id=1 v=undefined from=undefined bridge=false notMqtt=the client\'s first bytes (30 04 00) are not a CONNECT, nor any MQTT packet');
  });

  it('on a named port, an incomplete first packet is given up once half the buffer limit is held', () => {
    const c = track({ named: true, bufferLimit: 200 });
    c.send('c2s', bytes(0x30, 150, 1, ...new Array(47).fill(0x61))); // 50 bytes
    c.send('c2s', new Uint8Array(49).fill(0x61)); // 99
    expect(c.conn.notMqtt).toBeUndefined();
    c.send('c2s', bytes(0x61)); // 100: half the limit
    expect(c.conn.notMqtt).toBe('the client\'s first bytes (30 96 01 61 61 61 61 61) are not a CONNECT, nor any MQTT packet');
  });
});

describe('TrackedConnection: seen without its start', () => {
  it('on a named port with the caller\'s version: decided at once; bytes that are not whole packets wait for a boundary', () => {
    const c = track({ fromStart: false, named: true, protocolVersion: 4 });
    c.send('c2s', bytes(0x61, 0x62, 0x63));
    c.send('c2s', PUBLISH);
    c.send('s2c', PINGRESP);
    c.end();
    expect(c.log).toEqual([
      '#2 connection id=1 v=4 from=option bridge=false',
      '#2 note c2s@0 remark: the capture starts mid-connection: the bytes at offset 0 are not whole valid packets; waiting for a segment that starts a packet',
      '#3 note c2s@3 remark: decoding resumes at offset 3: the segment there holds whole valid packets (3 byte(s) after the gap skipped)',
      '#3 packet c2s@3 publish 6B faults=0 checks=[]',
      '#4 packet s2c@0 pingresp 2B faults=0 checks=[]', // earlier packets are unknown: no PINGREQ is missed
      '#5 end capture end',
    ]);
  });

  it('on a named port with the caller\'s version: packets that are valid under another version are still read under it', () => {
    const c = track({ fromStart: false, named: true, protocolVersion: 5 });
    c.send('c2s', PUBLISH);
    expect(c.log).toEqual([
      '#2 connection id=1 v=5 from=option bridge=false',
      '#2 note c2s@0 remark: the capture starts mid-connection: the bytes at offset 0 are not whole valid packets; waiting for a segment that starts a packet',
    ]);
  });

  it('on a named port without a version: one whole valid packet is enough for a guess', () => {
    const c = track({ fromStart: false, named: true });
    c.send('c2s', PUBLISH);
    c.end();
    expect(c.log).toEqual([
      '#2 connection id=1 v=4 from=guess bridge=false',
      '#2 note -@- remark: the capture starts mid-connection (no CONNECT): decoding as MQTT 3.1.1, a guess from the first packets (use --protocol-version to choose)',
      '#2 packet c2s@0 publish 6B faults=0 checks=[]',
      '#3 end capture end',
    ]);
    const bad = track({ fromStart: false, named: true });
    bad.send('c2s', BAD_PINGREQ);
    expect(bad.log).toEqual([
      '#2 connection id=1 v=undefined from=undefined bridge=false notMqtt=the first bytes decode as MQTT under no protocol version',
      '#2 note -@- remark: not MQTT: the first bytes decode as MQTT under no protocol version; connection skipped',
    ]);
  });

  it('on an unnamed port: a run of three whole valid packets is asked for', () => {
    const three = track({ fromStart: false });
    three.send('c2s', cat(PUBLISH, PUBLISH, PUBLISH));
    three.end();
    expect(three.log).toEqual([
      '#2 connection id=1 v=4 from=guess bridge=false',
      '#2 note -@- remark: the capture starts mid-connection (no CONNECT): decoding as MQTT 3.1.1, a guess from the first packets (use --protocol-version to choose)',
      '#2 packet c2s@0 publish 6B faults=0 checks=[]',
      '#2 packet c2s@6 publish 6B faults=0 checks=[]',
      '#2 packet c2s@12 publish 6B faults=0 checks=[]',
      '#3 end capture end',
    ]);
    const two = track({ fromStart: false });
    two.send('c2s', cat(PUBLISH, PUBLISH));
    expect(two.conn.notMqtt).toBeUndefined(); // a longer run may come
    two.end();
    expect(two.log).toEqual([]);
    expect(two.conn.notMqtt).toBe('only 2 whole MQTT packet(s) at its start');
  });

  it('on an unnamed port: bytes that decode under no version are not MQTT at once', () => {
    const c = track({ fromStart: false });
    c.send('c2s', BAD_PINGREQ);
    expect(c.conn.notMqtt).toBe('the first bytes decode as MQTT under no protocol version');
    expect(c.log).toEqual([]);
  });

  it('on an unnamed port: the caller\'s version is the only one tried, and the run is still asked for', () => {
    const c = track({ fromStart: false, protocolVersion: 5 });
    c.send('c2s', PINGREQS(2));
    expect(c.conn.notMqtt).toBeUndefined();
    c.send('c2s', PINGREQS(2));
    expect(c.log).toEqual([
      '#3 connection id=1 v=5 from=option bridge=false',
      '#3 note -@- remark: the capture starts mid-connection (no CONNECT): decoding as MQTT 5.0, a guess from the first packets (use --protocol-version to choose)',
      '#3 packet c2s@0 pingreq 2B faults=0 checks=[]',
      '#3 packet c2s@2 pingreq 2B faults=0 checks=[]',
      '#3 packet c2s@4 pingreq 2B faults=0 checks=[]',
      '#3 packet c2s@6 pingreq 2B faults=0 checks=[]',
    ]);
    const v4only = track({ fromStart: false, protocolVersion: 5 });
    v4only.send('c2s', cat(PUBLISH, PUBLISH, PUBLISH)); // valid 3.1.1, not 5.0
    expect(v4only.conn.notMqtt).toBe('the first bytes decode as MQTT under no protocol version');
  });

  it('on an unnamed port: an incomplete start waits for more, until both directions hold half the buffer limit', () => {
    const split = track({ fromStart: false });
    split.send('c2s', PUBLISH.subarray(0, 3));
    expect(split.conn.notMqtt).toBeUndefined();
    split.send('c2s', cat(PUBLISH.subarray(3), PUBLISH, PUBLISH));
    expect(split.log[0]).toBe('#3 connection id=1 v=4 from=guess bridge=false');
    const full = track({ fromStart: false, bufferLimit: 200 });
    full.send('c2s', bytes(0x30, 150, ...new Array(60).fill(0x61))); // 62 bytes
    full.send('s2c', bytes(0x30, 150, ...new Array(36).fill(0x61))); // 38: 100 in all, half the limit
    expect(full.conn.notMqtt).toBe('the first bytes decode as MQTT under no protocol version');
    const almost = track({ fromStart: false, bufferLimit: 200 });
    almost.send('c2s', bytes(0x30, 150, ...new Array(60).fill(0x61)));
    almost.send('s2c', bytes(0x30, 150, ...new Array(35).fill(0x61))); // 99 in all
    expect(almost.conn.notMqtt).toBeUndefined();
  });

  it('on an unnamed port: one direction holding whole packets is enough to guess; the other waits for a boundary', () => {
    const c = track({ fromStart: false });
    c.send('s2c', bytes(0x30));
    c.send('c2s', cat(PUBLISH, PUBLISH, PUBLISH));
    c.end();
    expect(c.log).toEqual([
      '#3 connection id=1 v=4 from=guess bridge=false',
      '#3 note -@- remark: the capture starts mid-connection (no CONNECT): decoding as MQTT 3.1.1, a guess from the first packets (use --protocol-version to choose)',
      '#3 note s2c@0 remark: the capture starts mid-connection: the bytes at offset 0 are not whole valid packets; waiting for a segment that starts a packet',
      '#3 packet c2s@0 publish 6B faults=0 checks=[]',
      '#3 packet c2s@6 publish 6B faults=0 checks=[]',
      '#3 packet c2s@12 publish 6B faults=0 checks=[]',
      '#4 note s2c@0 remark: decoding stopped at offset 0: the capture starts mid-connection; no packet boundary could be trusted after it; 1 byte(s) after it were not decoded',
      '#4 end capture end',
    ]);
  });
});

describe('guessVersion', () => {
  it('the version under which most leading packets decode; ties go to 3.1.1, then 5.0', () => {
    expect(guessVersion([PINGREQS(2)])).toEqual({ version: 4, score: 2 });
    expect(guessVersion([bytes(0xf0, 0)])).toEqual({ version: 5, score: 1 }); // AUTH: 5.0 only
  });

  it('counts across samples, stops at the first faulty or cut packet, and at 16 per sample', () => {
    expect(guessVersion([cat(PINGREQ, BAD_PINGREQ, PINGREQ), PINGREQS(2)])).toEqual({ version: 4, score: 3 });
    expect(guessVersion([cat(PINGREQ, PUBLISH.subarray(0, 4))])).toEqual({ version: 4, score: 1 });
    expect(guessVersion([PINGREQS(20), PINGREQS(3)])).toEqual({ version: 4, score: 19 });
  });

  it('no version when nothing decodes; only the version asked for when one is', () => {
    expect(guessVersion([BAD_PINGREQ])).toEqual({ version: undefined, score: 0 });
    expect(guessVersion([new Uint8Array(0)])).toEqual({ version: undefined, score: 0 });
    expect(guessVersion([PINGREQ], 5)).toEqual({ version: 5, score: 1 });
    expect(guessVersion([PUBLISH], 5)).toEqual({ version: undefined, score: 0 });
  });

  it('versionName: the printable names', () => {
    expect([versionName(3), versionName(4), versionName(5)]).toEqual(['3.1', '3.1.1', '5.0']);
  });
});

describe('CaptureReader: a connection on an unnamed port that is not MQTT', () => {
  it('a client opening with a CONNECT type byte and an unframeable length gives no record at all', () => {
    const cap = new CaptureBuilder();
    const conn = cap.connection('10.0.0.1', 40000, '10.0.0.2', 8883);
    conn.client(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01]));
    conn.server(Buffer.from([0x20, 0x02, 0x00, 0x00]));
    conn.close();
    const records: string[] = [];
    const reader = new CaptureReader({ onRecord: (r) => records.push(r.kind) });
    reader.push(cap.bytes());
    reader.end();
    expect(records).toEqual(['info']);
    expect(reader.connections).toEqual([]);
  });
});
