/**
 * One direction of an MQTT connection (src/capture/mqtt-direction.ts): framing the reassembled
 * bytes into packets, the strict verdict on each, and where decoding may resume after a gap —
 * at the end of a packet whose length is known, else at a segment of whole valid packets, else
 * never (the end report says so). Every record the direction gives is checked exactly: offsets,
 * bytes, verdicts, messages, fault flags and the frame each is stamped with.
 */
import { describe, expect, it } from 'vitest';
import { inspect, type InspectResult, type ProtocolVersion, type Sender } from '../src/index.js';
import { MqttDirection } from '../src/capture/mqtt-direction.js';
import type { Stamp } from '../src/capture/types.js';

const at = (frame: number): Stamp => ({ frame, seconds: frame, nanos: 0, timeDigits: 6 });
const u8 = (...b: number[]) => Uint8Array.from(b);
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

const PINGREQ = [0xc0, 0x00];
/** MQTT-3.3: a QoS 0 PUBLISH of "hi" to "a/b" (9 bytes). */
const PUBLISH = [0x30, 0x07, 0x00, 0x03, 0x61, 0x2f, 0x62, 0x68, 0x69];
/** A PUBLISH to "a" with no payload (5 bytes). */
const SHORT_PUBLISH = [0x30, 0x03, 0x00, 0x01, 0x61];
/** A PINGREQ with flags 0001: MQTT-2.2.2-2 says they are reserved (a fault). */
const BAD_PINGREQ = [0xc1, 0x00];
/** CONNACK: only a server sends it. */
const CONNACK = [0x20, 0x02, 0x00, 0x00];
/** AUTH: a packet of MQTT 5.0 only (type 15 is reserved before it). */
const AUTH = [0xf0, 0x00];
/** A 3.1.1 CONNECT, client id "abc". */
const CONNECT = [0x10, 0x0f, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 3, 0x61, 0x62, 0x63];
/** A Remaining Length whose fourth byte still says "more follows". */
const UNFRAMEABLE = [0x30, 0xff, 0xff, 0xff, 0xff];

interface Options {
  sender?: Sender;
  limit?: number;
  version?: ProtocolVersion | undefined;
  waiting?: boolean;
}

/** A direction whose sink writes every call as one line. */
function direction(o: Options = {}) {
  const events: string[] = [];
  const results: InspectResult[] = [];
  const m = new MqttDirection(o.sender ?? 'client', {
    packet(offset, bytes, result, frame) {
      results.push(result);
      events.push(`packet ${offset} ${hex(bytes)} ${result.packet?.type ?? 'fault'} ${result.diagnostics.length} #${frame.frame}`);
    },
    note(offset, message, frame, fault) {
      events.push(`note ${offset} ${fault ? 'fault' : 'info'} #${frame.frame}: ${message}`);
    },
    gap(offset, length, frame) {
      events.push(`gap ${offset} ${length} #${frame.frame}`);
    },
  }, o.limit ?? 1 << 20);
  m.version = 'version' in o ? o.version : 4;
  m.waiting = o.waiting ?? false;
  return { m, events, results };
}

describe('MqttDirection: framing', () => {
  it('several packets in one segment: each at its stream offset, counted', () => {
    const { m, events } = direction();
    m.data(u8(...PINGREQ, ...PUBLISH, ...PINGREQ), 10, true, at(1));
    expect(events).toEqual([
      'packet 10 c000 pingreq 0 #1',
      'packet 12 30070003612f626869 publish 0 #1',
      'packet 21 c000 pingreq 0 #1',
    ]);
    expect(m.count).toBe(3);
    expect(m.held).toBe(0);
  });

  it('a packet split across segments waits for its length, then is checked whole with the frame that completed it', () => {
    const { m, events } = direction();
    m.data(u8(...PINGREQ, ...PUBLISH.slice(0, 4)), 100, true, at(1));
    expect(m.held).toBe(4);
    expect(m.needed).toBe(9);
    expect(hex(m.heldBytes())).toBe('30070003');
    m.data(u8(...PUBLISH.slice(4, 6)), 106, false, at(2));
    expect(m.held).toBe(6);
    expect(m.needed).toBe(9);
    m.data(u8(...PUBLISH.slice(6), ...PINGREQ.slice(0, 1)), 108, true, at(3));
    expect(m.held).toBe(1);
    expect(m.needed).toBe(0);
    expect(events).toEqual(['packet 100 c000 pingreq 0 #1', 'packet 102 30070003612f626869 publish 0 #3']);
    expect(m.count).toBe(2);
  });

  it('a faulty packet is reported with every fault of the strict inspection', () => {
    const { m, events, results } = direction();
    m.data(u8(...BAD_PINGREQ), 0, true, at(1));
    expect(events).toEqual([`packet 0 c100 fault ${inspect(u8(...BAD_PINGREQ), { protocolVersion: 4, from: 'client' }).diagnostics.length} #1`]);
    expect(results[0].diagnostics.length).toBeGreaterThan(0);
    expect(results[0].diagnostics.map((d) => d.message)).toEqual(inspect(u8(...BAD_PINGREQ), { protocolVersion: 4, from: 'client' }).diagnostics.map((d) => d.message));
    expect(m.count).toBe(1);
  });

  it('a valid packet\'s result: its length, its fields read on demand, and its JSON as inspect gives it', () => {
    const { m, results } = direction();
    m.data(u8(...PUBLISH), 0, true, at(1));
    const r = results[0];
    const full = inspect(u8(...PUBLISH), { protocolVersion: 4, from: 'client' });
    expect(r.length).toBe(9);
    expect(r.diagnostics).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.fields.length).toBeGreaterThan(0);
    expect(r.fields).toEqual(full.fields);
    expect(r.fields).toBe(r.fields); // built once
    expect(JSON.parse(JSON.stringify(r))).toEqual(JSON.parse(JSON.stringify(full)));
    expect(Object.keys(JSON.parse(JSON.stringify(r))).sort()).toEqual(['diagnostics', 'fields', 'length', 'packet', 'warnings']);
  });

  it('the decoder\'s options follow the version the connection sets, and name the sender', () => {
    const { m, events } = direction({ version: 5 });
    m.data(u8(...AUTH), 0, true, at(1));
    m.version = 4;
    m.data(u8(...AUTH), 2, true, at(2));
    m.version = 5;
    m.data(u8(...AUTH), 4, true, at(3));
    m.data(u8(...CONNACK), 6, true, at(4));
    const v4Faults = inspect(u8(...AUTH), { protocolVersion: 4, from: 'client' }).diagnostics.length;
    const connackFaults = inspect(u8(...CONNACK), { protocolVersion: 5, from: 'client' }).diagnostics.length;
    expect(v4Faults).toBeGreaterThan(0);
    expect(connackFaults).toBeGreaterThan(0);
    expect(events).toEqual([
      'packet 0 f000 auth 0 #1',
      `packet 2 f000 fault ${v4Faults} #2`,
      'packet 4 f000 auth 0 #3',
      `packet 6 20020000 fault ${connackFaults} #4`,
    ]);
  });

  it('a packet exactly as large as the buffer limit is held until whole', () => {
    const { m, events } = direction({ limit: 9 });
    m.data(u8(...PUBLISH.slice(0, 4)), 0, true, at(1));
    m.data(u8(...PUBLISH.slice(4)), 4, false, at(2));
    expect(events).toEqual(['packet 0 30070003612f626869 publish 0 #2']);
  });

  it('a packet larger than the buffer limit is skipped by its length (a fault), and decoding goes on after it', () => {
    const { m, events } = direction({ limit: 8 });
    m.data(u8(...PINGREQ, ...PUBLISH.slice(0, 4)), 100, true, at(1));
    expect(m.held).toBe(0);
    m.data(u8(...PUBLISH.slice(4), ...PINGREQ), 106, true, at(2));
    expect(events).toEqual([
      'packet 100 c000 pingreq 0 #1',
      'note 102 fault #1: the packet at offset 102 claims 9 bytes, more than the buffer limit of 8: skipped by its length, not decoded',
      'packet 111 c000 pingreq 0 #2',
    ]);
    expect(m.count).toBe(2);
  });

  it('an unframeable Remaining Length stops the direction for good (a fault); the end report counts every byte after it', () => {
    const { m, events } = direction();
    expect(m.stopped).toBe(false);
    m.data(u8(...PINGREQ, ...UNFRAMEABLE), 10, true, at(1));
    expect(m.stopped).toBe(true);
    expect(m.held).toBe(0);
    m.data(u8(1, 2, 3), 17, false, at(2));
    m.gap(20, 4, at(3));
    m.data(u8(...PINGREQ), 24, true, at(4));
    expect(m.stopped).toBe(true);
    m.finish(at(5));
    const reason = 'the packet at offset 12 cannot be framed (the Remaining Length runs past four bytes)';
    expect(events).toEqual([
      'packet 10 c000 pingreq 0 #1',
      `note 12 fault #1: ${reason}`,
      'gap 20 4 #3',
      `note 12 info #5: decoding stopped at offset 12: ${reason}; 14 byte(s) after it were not decoded`,
    ]);
  });

  it('the end of the capture inside a packet is said once, with the bytes present', () => {
    const { m, events } = direction();
    m.data(u8(...PUBLISH.slice(0, 4)), 30, true, at(1));
    m.finish(at(9));
    expect(events).toEqual(['note 30 info #9: the capture ends inside the packet at offset 30 (4 byte(s) present)']);
  });

  it('the end of the capture with nothing held says nothing', () => {
    const { m, events } = direction();
    m.data(u8(...PINGREQ), 0, true, at(1));
    m.finish(at(2));
    expect(events).toEqual(['packet 0 c000 pingreq 0 #1']);
  });
});

describe('MqttDirection: waiting for the version', () => {
  it('while waiting, bytes are held; a run frames only a CONNECT at the start', () => {
    const { m, events } = direction({ waiting: true, version: undefined });
    m.data(u8(...PINGREQ), 0, true, at(1));
    m.run(at(2));
    expect(events).toEqual([]);
    expect(m.held).toBe(2);
    expect(hex(m.heldBytes())).toBe('c000');
    const c = direction({ waiting: true, version: 4 });
    c.m.data(u8(...CONNECT.slice(0, 5)), 0, true, at(1));
    c.m.data(u8(...CONNECT.slice(5), ...PINGREQ), 5, true, at(2));
    expect(c.m.held).toBe(CONNECT.length + 2);
    c.m.run(at(3));
    expect(c.events).toEqual([`packet 0 ${hex(u8(...CONNECT))} connect 0 #3`]);
    expect(c.m.held).toBe(2);
    c.m.resume(at(4));
    expect(c.events.slice(1)).toEqual([`packet ${CONNECT.length} c000 pingreq 0 #4`]);
    expect(c.m.held).toBe(0);
  });

  it('resume decodes what was held in several chunks', () => {
    const { m, events } = direction({ waiting: true });
    m.data(u8(...PUBLISH.slice(0, 3)), 0, true, at(1));
    m.data(u8(...PUBLISH.slice(3), ...PINGREQ), 3, true, at(2));
    m.data(u8(...PUBLISH.slice(0, 2)), 11, true, at(3));
    expect(m.held).toBe(13);
    m.resume(at(4));
    expect(events).toEqual(['packet 0 30070003612f626869 publish 0 #4', 'packet 9 c000 pingreq 0 #4']);
    expect(m.held).toBe(2);
    expect(m.needed).toBe(9);
  });

  it('abandon: nothing held, nothing decoded after it, nothing said at the end', () => {
    const { m, events } = direction({ waiting: true });
    m.data(u8(...PINGREQ), 0, true, at(1));
    m.abandon();
    expect(m.stopped).toBe(true);
    expect(m.held).toBe(0);
    m.waiting = false;
    m.data(u8(...PINGREQ), 2, true, at(2));
    m.resume(at(3));
    m.gap(4, 3, at(4));
    m.finish(at(5));
    expect(events).toEqual(['gap 4 3 #4']);
  });

  it('abandon after decoding had lost the boundary: the end still says nothing', () => {
    const { m, events } = direction();
    m.gap(0, 5, at(1));
    m.abandon();
    m.finish(at(2));
    expect(events).toEqual(['gap 0 5 #1']);
  });
});

describe('MqttDirection: trusting the bytes held (a capture that starts mid-connection)', () => {
  function held(bytes: number[], o: Options = {}) {
    const { m } = direction({ waiting: true, ...o });
    if (bytes.length > 0) m.data(u8(...bytes), 0, true, at(1));
    return m.trustHeld();
  }

  it('nothing held is a boundary', () => expect(held([])).toBe(true));
  it('one whole valid packet', () => expect(held(PINGREQ)).toBe(true));
  it('whole valid packets', () => expect(held([...PINGREQ, ...PUBLISH])).toBe(true));
  it('whole valid packets, then an incomplete one', () => expect(held([...PINGREQ, ...PUBLISH.slice(0, 5)])).toBe(true));
  it('whole valid packets, then a fixed header cut short', () => expect(held([...PINGREQ, 0x30])).toBe(true));
  it('an incomplete packet alone is no boundary', () => expect(held(PUBLISH.slice(0, 5))).toBe(false));
  it('a cut fixed header alone is no boundary', () => expect(held([0x30, 0x80])).toBe(false));
  it('an unframeable length after a whole packet', () => expect(held([...PINGREQ, ...UNFRAMEABLE, 0, 0])).toBe(false));
  it('an unframeable length first', () => expect(held([...UNFRAMEABLE, ...PINGREQ])).toBe(false));
  it('a faulty packet', () => expect(held([...PINGREQ, ...BAD_PINGREQ])).toBe(false));
  it('a packet the sender never sends (CONNACK from a client)', () => {
    expect(held(CONNACK, { sender: 'client' })).toBe(false);
    expect(held(CONNACK, { sender: 'server' })).toBe(true);
  });
  it('a packet of another version (AUTH before 5.0)', () => {
    expect(held(AUTH, { version: 4 })).toBe(false);
    expect(held(AUTH, { version: 5 })).toBe(true);
  });

  it('distrust drops what is held and waits for a segment of whole valid packets; the skipped bytes are counted when it resumes', () => {
    const { m, events } = direction({ waiting: true });
    m.data(u8(0x68, 0x69, ...PINGREQ), 20, true, at(1));
    expect(m.trustHeld()).toBe(false);
    m.distrust(at(2), 'the capture starts mid-connection');
    expect(m.held).toBe(0);
    expect(m.stopped).toBe(false);
    m.waiting = false;
    m.resume(at(3));
    m.data(u8(...PINGREQ), 24, false, at(4));
    m.data(u8(...PINGREQ, ...PUBLISH), 26, true, at(5));
    m.finish(at(6));
    expect(events).toEqual([
      'note 20 info #2: the capture starts mid-connection: the bytes at offset 20 are not whole valid packets; waiting for a segment that starts a packet',
      'note 26 info #5: decoding resumes at offset 26: the segment there holds whole valid packets (6 byte(s) after the gap skipped)',
      'packet 26 c000 pingreq 0 #5',
      'packet 28 30070003612f626869 publish 0 #5',
    ]);
  });

  it('distrust with nothing held names where the last framing from a packet boundary began', () => {
    const whole = direction();
    whole.m.data(u8(...PINGREQ), 0, true, at(1));
    whole.m.data(u8(...PINGREQ, ...PINGREQ), 2, true, at(2));
    whole.m.distrust(at(3), 'told');
    expect(whole.events.slice(3)).toEqual(['note 2 info #3: told: the bytes at offset 2 are not whole valid packets; waiting for a segment that starts a packet']);
    // Bytes skipped as the rest of a cut packet are no new boundary: the cut packet's start stays.
    const cut = direction();
    cut.m.data(u8(...PUBLISH.slice(0, 4)), 0, true, at(1));
    cut.m.gap(4, 3, at(2));
    cut.m.data(u8(...PUBLISH.slice(7)), 7, true, at(3));
    cut.m.distrust(at(4), 'told');
    expect(cut.events.slice(2)).toEqual(['note 0 info #4: told: the bytes at offset 0 are not whole valid packets; waiting for a segment that starts a packet']);
  });

  it('distrusted and never resumed: the end report names the reason and the bytes not decoded', () => {
    const { m, events } = direction({ waiting: true });
    m.data(u8(...PUBLISH.slice(3)), 40, true, at(1));
    m.distrust(at(2), 'the capture starts mid-connection');
    m.waiting = false;
    m.data(u8(...PUBLISH.slice(0, 3)), 46, false, at(3));
    m.finish(at(4));
    expect(events.slice(1)).toEqual([
      'note 40 info #4: decoding stopped at offset 40: the capture starts mid-connection; no packet boundary could be trusted after it; 9 byte(s) after it were not decoded',
    ]);
  });
});

describe('MqttDirection: gaps', () => {
  it('a gap inside a packet whose length is known: the next packet starts where the length says', () => {
    const { m, events } = direction();
    m.data(u8(...PINGREQ, ...PUBLISH.slice(0, 4)), 50, true, at(1));
    m.gap(56, 3, at(2));
    expect(m.held).toBe(0);
    m.data(u8(...PUBLISH.slice(7), ...PINGREQ), 59, true, at(3));
    m.finish(at(4));
    expect(events).toEqual([
      'packet 50 c000 pingreq 0 #1',
      'gap 56 3 #2',
      'note 52 info #2: the packet at offset 52 (9 bytes) lost bytes in the gap; its length says the next packet starts at offset 61',
      'packet 61 c000 pingreq 0 #3',
    ]);
  });

  it('a gap that ends exactly where the cut packet ends: decoding goes on right after it', () => {
    const { m, events } = direction();
    m.data(u8(...SHORT_PUBLISH.slice(0, 3)), 0, true, at(1));
    m.gap(3, 2, at(2));
    m.data(u8(...PINGREQ), 5, false, at(3));
    expect(events).toEqual([
      'gap 3 2 #2',
      'note 0 info #2: the packet at offset 0 (5 bytes) lost bytes in the gap; its length says the next packet starts at offset 5',
      'packet 5 c000 pingreq 0 #3',
    ]);
  });

  it('a gap that runs past the end of the cut packet: no boundary can be trusted', () => {
    const { m, events } = direction();
    m.data(u8(...SHORT_PUBLISH.slice(0, 3)), 0, true, at(1));
    m.gap(3, 6, at(2));
    m.data(u8(...PINGREQ), 9, false, at(3));
    m.finish(at(4));
    expect(events).toEqual([
      'gap 3 6 #2',
      'note 3 info #4: decoding stopped at offset 3: no packet boundary could be trusted after the gap at offset 3; 2 byte(s) after it were not decoded',
    ]);
  });

  it('a gap after a fixed header cut inside its Remaining Length: the length is unknown', () => {
    for (const chunks of [[[0x30]], [[0x30], [0xff]], [[0x30, 0xff]]]) {
      const { m, events } = direction({ waiting: true });
      let offset = 0;
      for (const c of chunks) {
        m.data(u8(...c), offset, true, at(1));
        offset += c.length;
      }
      m.gap(offset, 5, at(2));
      m.finish(at(3));
      expect(events).toEqual([
        `gap ${offset} 5 #2`,
        `note ${offset} info #3: decoding stopped at offset ${offset}: no packet boundary could be trusted after the gap at offset ${offset}; 0 byte(s) after it were not decoded`,
      ]);
    }
  });

  it('the length of a packet held in several chunks is read across them', () => {
    const { m, events } = direction({ waiting: true });
    m.data(u8(...PUBLISH.slice(0, 3)), 0, true, at(1));
    m.data(u8(...PUBLISH.slice(3, 7)), 3, false, at(2));
    m.gap(7, 2, at(3));
    expect(events).toEqual([
      'gap 7 2 #3',
      'note 0 info #3: the packet at offset 0 (9 bytes) lost bytes in the gap; its length says the next packet starts at offset 9',
    ]);
  });

  it('the rest of a cut packet is skipped, also across later gaps that end inside it or at its end', () => {
    const { m, events } = direction();
    m.data(u8(...PUBLISH.slice(0, 4)), 0, true, at(1));
    m.gap(4, 3, at(2));
    m.data(u8(PUBLISH[7]), 7, true, at(3));
    m.gap(8, 1, at(4));
    m.data(u8(...PINGREQ), 9, false, at(5));
    m.finish(at(6));
    expect(events).toEqual([
      'gap 4 3 #2',
      'note 0 info #2: the packet at offset 0 (9 bytes) lost bytes in the gap; its length says the next packet starts at offset 9',
      'gap 8 1 #4',
      'packet 9 c000 pingreq 0 #5',
    ]);
  });

  it('a gap that swallows a packet boundary: the first segment of whole valid packets resumes decoding', () => {
    const { m, events } = direction();
    m.data(u8(...PINGREQ), 0, true, at(1));
    m.gap(2, 5, at(2));
    m.data(u8(...PUBLISH), 7, false, at(3)); // whole packets, but not where a segment starts
    m.data(u8(...BAD_PINGREQ), 16, true, at(4)); // a faulty packet
    m.data(u8(...CONNACK), 18, true, at(5)); // a packet clients never send
    m.data(u8(), 22, true, at(6)); // no packet at all
    m.data(u8(...PINGREQ, ...PUBLISH.slice(0, 2)), 22, true, at(7)); // a whole packet, then a cut one
    expect(m.stopped).toBe(false);
    m.data(u8(...PINGREQ, ...PINGREQ), 26, true, at(8));
    m.data(u8(...PUBLISH.slice(0, 4)), 30, true, at(9));
    m.data(u8(...PUBLISH.slice(4)), 34, false, at(10));
    m.finish(at(11));
    expect(events).toEqual([
      'packet 0 c000 pingreq 0 #1',
      'gap 2 5 #2',
      'note 26 info #8: decoding resumes at offset 26: the segment there holds whole valid packets (19 byte(s) after the gap skipped)',
      'packet 26 c000 pingreq 0 #8',
      'packet 28 c000 pingreq 0 #8',
      'packet 30 30070003612f626869 publish 0 #10',
    ]);
  });

  it('without a version, no segment is trusted', () => {
    const { m, events } = direction({ version: undefined });
    m.gap(0, 5, at(1));
    m.data(u8(...PINGREQ), 5, true, at(2));
    m.finish(at(3));
    expect(events).toEqual([
      'gap 0 5 #1',
      'note 0 info #3: decoding stopped at offset 0: no packet boundary could be trusted after the gap at offset 0; 2 byte(s) after it were not decoded',
    ]);
  });

  it('a zero-length gap with nothing held changes nothing', () => {
    const { m, events } = direction();
    m.data(u8(...PINGREQ), 0, true, at(1));
    m.gap(2, 0, at(2));
    m.data(u8(...PINGREQ), 2, false, at(3));
    m.finish(at(4));
    expect(events).toEqual(['packet 0 c000 pingreq 0 #1', 'gap 2 0 #2', 'packet 2 c000 pingreq 0 #3']);
  });

  it('a zero-length gap after a cut fixed header loses the boundary', () => {
    const { m, events } = direction();
    m.data(u8(0x30), 0, true, at(1));
    m.gap(1, 0, at(2));
    m.data(u8(0x02, 0x00, 0x61), 1, false, at(3));
    m.finish(at(4));
    expect(events).toEqual([
      'gap 1 0 #2',
      'note 1 info #4: decoding stopped at offset 1: no packet boundary could be trusted after the gap at offset 1; 3 byte(s) after it were not decoded',
    ]);
  });

  it('a gap while the boundary is lost: the end report counts from the latest gap', () => {
    const { m, events } = direction();
    m.gap(2, 5, at(1));
    m.data(u8(...PINGREQ), 7, false, at(2));
    m.gap(9, 0, at(3));
    m.data(u8(0x01), 9, false, at(4));
    m.finish(at(5));
    expect(events).toEqual([
      'gap 2 5 #1',
      'gap 9 0 #3',
      'note 9 info #5: decoding stopped at offset 9: no packet boundary could be trusted after the gap at offset 9; 1 byte(s) after it were not decoded',
    ]);
  });

  it('a gap after decoding stopped for good leaves it stopped', () => {
    const { m, events } = direction();
    m.data(u8(...UNFRAMEABLE), 0, true, at(1));
    m.gap(5, 2, at(2));
    m.data(u8(...PINGREQ), 7, true, at(3));
    expect(m.stopped).toBe(true);
    expect(events.filter((e) => e.startsWith('packet'))).toEqual([]);
  });

  it('after the rest of a cut packet is skipped, a segment starting exactly at its end may resume decoding', () => {
    const { m, events } = direction();
    m.data(u8(...PUBLISH.slice(0, 4)), 0, true, at(1));
    m.gap(4, 3, at(2));
    m.distrust(at(3), 'told');
    m.data(u8(...PINGREQ), 9, true, at(4));
    expect(events.slice(2)).toEqual([
      'note 0 info #3: told: the bytes at offset 0 are not whole valid packets; waiting for a segment that starts a packet',
      'note 9 info #4: decoding resumes at offset 9: the segment there holds whole valid packets (0 byte(s) after the gap skipped)',
      'packet 9 c000 pingreq 0 #4',
    ]);
  });

  it('after the rest of a cut packet is skipped, the bytes left of that segment do not start a segment', () => {
    const { m, events } = direction();
    m.data(u8(...PUBLISH.slice(0, 4)), 0, true, at(1));
    m.gap(4, 3, at(2));
    m.distrust(at(3), 'told');
    m.data(u8(...PUBLISH.slice(7), ...PINGREQ), 7, true, at(4));
    m.finish(at(5));
    expect(events.slice(3)).toEqual([
      'note 0 info #5: decoding stopped at offset 0: told; no packet boundary could be trusted after it; 2 byte(s) after it were not decoded',
    ]);
  });
});
