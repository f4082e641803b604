// synth-capture.mjs — builds synthetic classic pcap captures (Ethernet, IPv4, TCP) in memory, for
// the capture benchmark (bench/pcap.mjs) and tests: connections with a handshake, MQTT packets in
// segments of their own, a FIN close; any ports. MQTT packets are hand-encoded (3.1.1).
//
//   const cap = new CaptureBuilder()
//   const c = cap.connection('10.0.0.1', 40000, '10.0.0.2', 18831)   // SYN, SYN-ACK, ACK
//   c.client(connectPacket('id')); c.server(CONNACK); c.client(publishPacket('a/b', 'hi')); c.close()
//   writeFileSync('x.pcap', cap.bytes())

/** A 3.1.1 CONNECT (clean session, keep alive 60) with this client id. */
export function connectPacket(clientId, level = 4) {
  const id = Buffer.from(clientId);
  const body = Buffer.concat([Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, level, 0x02, 0, 60, id.length >> 8, id.length & 255]), id]);
  return Buffer.concat([Buffer.from([0x10, ...vbi(body.length)]), body]);
}

/** CONNACK, accepted. */
export const CONNACK = Buffer.from([0x20, 0x02, 0x00, 0x00]);
/** DISCONNECT (3.1.1). */
export const DISCONNECT = Buffer.from([0xe0, 0x00]);

/** A QoS 0 PUBLISH. */
export function publishPacket(topic, payload) {
  const t = Buffer.from(topic);
  const body = Buffer.concat([Buffer.from([t.length >> 8, t.length & 255]), t, Buffer.from(payload)]);
  return Buffer.concat([Buffer.from([0x30, ...vbi(body.length)]), body]);
}

function vbi(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

/** Builds a classic pcap (µs, little-endian, Ethernet) frame by frame into one growing buffer. */
export class CaptureBuilder {
  constructor() {
    this.buf = Buffer.alloc(1 << 20);
    this.len = 0;
    this.usec = 0;
    this.time = 1_700_000_000;
    const head = Buffer.alloc(24);
    head.writeUInt32LE(0xa1b2c3d4, 0);
    head.writeUInt16LE(2, 4);
    head.writeUInt16LE(4, 6);
    head.writeUInt32LE(65535, 16);
    head.writeUInt32LE(1, 20);
    this.put(head);
  }

  put(b) {
    if (this.len + b.length > this.buf.length) {
      const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.len + b.length));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    b.copy(this.buf, this.len);
    this.len += b.length;
  }

  /** One TCP segment as a frame. */
  segment(src, sport, dst, dport, seq, ack, flags, payload = Buffer.alloc(0)) {
    const n = 16 + 14 + 20 + 20 + payload.length;
    const f = Buffer.alloc(n);
    this.usec += 10;
    if (this.usec >= 1_000_000) {
      this.usec = 0;
      this.time++;
    }
    f.writeUInt32LE(this.time, 0);
    f.writeUInt32LE(this.usec, 4);
    f.writeUInt32LE(n - 16, 8);
    f.writeUInt32LE(n - 16, 12);
    f.writeUInt16BE(0x0800, 16 + 12);
    const ip = 30;
    f[ip] = 0x45;
    f.writeUInt16BE(40 + payload.length, ip + 2);
    f[ip + 8] = 64;
    f[ip + 9] = 6;
    src.split('.').forEach((x, i) => (f[ip + 12 + i] = Number(x)));
    dst.split('.').forEach((x, i) => (f[ip + 16 + i] = Number(x)));
    const tcp = 50;
    f.writeUInt16BE(sport, tcp);
    f.writeUInt16BE(dport, tcp + 2);
    f.writeUInt32BE(seq >>> 0, tcp + 4);
    f.writeUInt32BE(ack >>> 0, tcp + 8);
    f[tcp + 12] = 0x50;
    f[tcp + 13] = flags;
    payload.copy(f, 70);
    this.put(f);
  }

  /** A TCP connection; `fromStart` false leaves out the handshake (a capture that starts mid-connection). */
  connection(client, cport, server, sport, fromStart = true) {
    return new SynthConnection(this, client, cport, server, sport, fromStart);
  }

  /** The capture so far. */
  bytes() {
    return this.buf.subarray(0, this.len);
  }
}

class SynthConnection {
  constructor(cap, client, cport, server, sport, fromStart) {
    Object.assign(this, { cap, c: client, cp: cport, s: server, sp: sport });
    this.cseq = 1000;
    this.sseq = 5000;
    if (fromStart) {
      cap.segment(client, cport, server, sport, this.cseq - 1, 0, 0x02);
      cap.segment(server, sport, client, cport, this.sseq - 1, this.cseq, 0x12);
      cap.segment(client, cport, server, sport, this.cseq, this.sseq, 0x10);
    }
  }

  /** Bytes from the client, in one segment. */
  client(bytes) {
    this.cap.segment(this.c, this.cp, this.s, this.sp, this.cseq, this.sseq, 0x18, bytes);
    this.cseq += bytes.length;
  }

  /** Bytes from the server, in one segment. */
  server(bytes) {
    this.cap.segment(this.s, this.sp, this.c, this.cp, this.sseq, this.cseq, 0x18, bytes);
    this.sseq += bytes.length;
  }

  /** FIN from both sides. */
  close() {
    this.cap.segment(this.c, this.cp, this.s, this.sp, this.cseq, this.sseq, 0x11);
    this.cap.segment(this.s, this.sp, this.c, this.cp, this.sseq, this.cseq + 1, 0x11);
    this.cap.segment(this.c, this.cp, this.s, this.sp, this.cseq + 1, this.sseq + 1, 0x10);
  }
}
