// The inspector's capture worker (a module worker): reads a pcap or pcapng File with the library's
// capture reader (dist/capture.js), 1 MiB slice by slice, so the page never waits on it. It posts
// progress and connection summaries while it reads, then answers the page's questions: one
// connection's timeline (its packets, gaps and notes in capture order, a page of rows at a time)
// and one packet's bytes.
//
// Memory: the raw file is never held (each slice is let go once pushed). Each MQTT packet's bytes
// are copied into 8 MiB blocks, and its figures go into typed arrays (41 bytes a packet);
// the conversation checker's faults (rare) are kept as small objects. A connection's timeline is
// an array of numbers: a packet's index, or -(k + 1) for its k-th event (gap or note).
import { CaptureReader, versionName } from '../dist/capture.js';
import { PACKET_TYPES, formatPacket, inspect } from '../dist/index.js';

const SLICE = 1 << 20;
const BLOCK = 8 << 20;
const NAMES = ['reserved (0)', ...PACKET_TYPES.map((t) => t.name.toUpperCase())];

/** Packet bytes, appended into fixed-size blocks (a packet larger than a block gets its own). */
class ByteStore {
  blocks = [];
  used = BLOCK;
  /** Copies `bytes`; returns [block, offset]. */
  add(bytes) {
    if (bytes.length > BLOCK - this.used) {
      this.blocks.push(new Uint8Array(Math.max(BLOCK, bytes.length)));
      this.used = 0;
    }
    const b = this.blocks.length - 1;
    this.blocks[b].set(bytes, this.used);
    const at = this.used;
    this.used += bytes.length;
    return [b, at];
  }
  get(block, at, length) {
    return this.blocks[block].subarray(at, at + length);
  }
}

/** Columns of per-packet figures (41 bytes a packet), grown by half each time. */
const COLUMNS = { conn: Uint32Array, dir: Uint8Array, version: Uint8Array, frame: Uint32Array, seconds: Uint32Array, nanos: Uint32Array, digits: Uint8Array, offset: Float64Array, block: Uint32Array, at: Uint32Array, length: Uint32Array, diags: Uint16Array };

function packetTable() {
  const t = { count: 0, cap: 1024 };
  for (const [k, T] of Object.entries(COLUMNS)) t[k] = new T(t.cap);
  return t;
}

function grow(t) {
  t.cap = Math.ceil(t.cap * 1.5);
  for (const [k, T] of Object.entries(COLUMNS)) {
    const next = new T(t.cap);
    next.set(t[k]);
    t[k] = next;
  }
}

/** What the worker holds of the capture being read. */
let store = null;

function summary(c, gaps) {
  return {
    id: c.id,
    client: c.client,
    server: c.server,
    version: c.version === undefined ? null : versionName(c.version),
    versionSource: c.versionSource ?? null,
    bridge: c.bridge,
    notMqtt: c.notMqtt ?? null,
    fromStart: c.fromStart,
    c2s: c.c2s.packets,
    s2c: c.s2c.packets,
    faulty: c.c2s.faultyPackets + c.s2c.faultyPackets,
    faults: c.faults,
    gaps,
    gapBytes: c.c2s.reassembly.gapBytes + c.s2c.reassembly.gapBytes,
    ended: c.ended ?? null,
  };
}

function diagnosticRow(d) {
  return { code: d.reasonCode, message: d.message, rule: d.rule ?? '', spec: d.specVersion ?? '', offset: d.offset ?? null };
}

function record(s, r) {
  if (r.kind === 'info') {
    s.info = { format: r.format, byteOrder: r.byteOrder, interfaces: r.interfaces };
    return;
  }
  if (r.kind === 'problem') {
    s.problems.push({ message: r.message, fatal: r.fatal, fault: r.fault });
    return;
  }
  const c = r.connection;
  let conn = s.conns.get(c.id);
  if (conn === undefined) {
    conn = { c, timeline: [], gaps: 0 };
    s.conns.set(c.id, conn);
    s.open.set(c.id, conn);
    s.changed.add(c.id);
  }
  if (r.kind === 'packet') {
    const t = s.packets;
    if (t.count === t.cap) grow(t);
    const i = t.count++;
    const [block, at] = s.bytes.add(r.bytes);
    t.conn[i] = c.id;
    t.dir[i] = r.direction === 'c2s' ? 0 : 1;
    t.version[i] = c.version ?? 4;
    t.frame[i] = r.frame.frame;
    t.seconds[i] = r.frame.seconds;
    t.nanos[i] = r.frame.nanos;
    t.digits[i] = r.frame.timeDigits;
    t.offset[i] = r.offset;
    t.block[i] = block;
    t.at[i] = at;
    t.length[i] = r.bytes.length;
    t.diags[i] = Math.min(r.result.diagnostics.length, 65535);
    if (r.checks.length > 0) s.checks.set(i, r.checks.map(diagnosticRow));
    conn.timeline.push(i);
  } else if (r.kind === 'gap' || r.kind === 'note') {
    if (r.kind === 'gap') conn.gaps++;
    const text = r.kind === 'gap' ? `${r.length} byte(s) missing at offset ${r.offset} (not in the capture)` : r.diagnostic ? r.diagnostic.message : r.message;
    s.events.push({ kind: r.kind, dir: r.direction ?? null, frame: r.frame.frame, time: timeText(r.frame), text, fault: r.kind === 'gap' || r.fault, diagnostic: r.diagnostic ? diagnosticRow(r.diagnostic) : null });
    conn.timeline.push(-s.events.length);
  } else if (r.kind === 'end') {
    s.open.delete(c.id);
    s.changed.add(c.id);
  }
}

/** Time of day (UTC) with the file's fractional digits, as the command line prints it. */
function timeText(f) {
  const hms = new Date(f.seconds * 1000).toISOString().slice(11, 19);
  return f.timeDigits ? `${hms}.${String(f.nanos).padStart(9, '0').slice(0, f.timeDigits)}` : hms;
}

function postChanged(s, all) {
  const ids = all ? [...s.conns.keys()] : [...s.changed];
  s.changed.clear();
  // Open connections' figures grow as the capture is read: refresh them too (when few).
  if (!all && s.open.size <= 2000) for (const id of s.open.keys()) ids.push(id);
  const rows = [...new Set(ids)].map((id) => summary(s.conns.get(id).c, s.conns.get(id).gaps));
  if (rows.length > 0) postMessage({ type: 'connections', rows });
}

function progress(s, reader, total) {
  postMessage({ type: 'progress', bytesRead: reader.bytesRead, total, frames: reader.frames, connections: reader.connectionCount, packets: s.packets.count });
}

async function open(file) {
  const s = { info: null, problems: [], conns: new Map(), open: new Map(), changed: new Set(), packets: packetTable(), bytes: new ByteStore(), checks: new Map(), events: [] };
  store = s;
  const t0 = performance.now();
  const reader = new CaptureReader({ keepConnections: false, onRecord: (r) => record(s, r) });
  for (let pos = 0; pos < file.size && !reader.stopped; pos += SLICE) {
    const chunk = new Uint8Array(await file.slice(pos, Math.min(file.size, pos + SLICE)).arrayBuffer());
    reader.push(chunk);
    postChanged(s, false);
    progress(s, reader, file.size);
  }
  reader.end();
  postChanged(s, true);
  const ports = [...reader.tcpPorts].sort((a, b) => b[1] - a[1]).slice(0, 8);
  postMessage({ type: 'done', info: s.info, problems: s.problems, frames: reader.frames, connections: s.conns.size, packets: s.packets.count, bytes: file.size, ms: performance.now() - t0, held: held(s), ports });
}

/** Bytes held for the packets: their blocks and their columns (timelines and summaries not counted). */
function held(s) {
  let n = s.bytes.blocks.reduce((sum, b) => sum + b.byteLength, 0);
  for (const k of Object.keys(COLUMNS)) n += s.packets[k].byteLength;
  return n;
}

function packetRow(s, i) {
  const t = s.packets;
  const bytes = s.bytes.get(t.block[i], t.at[i], t.length[i]);
  const r = inspect(bytes, { protocolVersion: t.version[i], from: t.dir[i] === 0 ? 'client' : 'server' });
  return {
    p: i,
    dir: t.dir[i] === 0 ? 'c2s' : 's2c',
    frame: t.frame[i],
    time: timeText({ seconds: t.seconds[i], nanos: t.nanos[i], timeDigits: t.digits[i] }),
    offset: t.offset[i],
    length: t.length[i],
    type: NAMES[bytes[0] >> 4],
    text: r.packet ? formatPacket(r.packet) : '(not decoded)',
    faults: r.diagnostics.map(diagnosticRow),
    checks: s.checks.get(i) ?? [],
  };
}

function eventRow(s, k) {
  return { event: true, ...s.events[k] };
}

function isFault(s, n) {
  if (n < 0) return s.events[-n - 1].fault;
  return s.packets.diags[n] > 0 || s.checks.has(n);
}

/** Rows `from`..`from + count` of a connection's timeline (only faults: its faulty entries). */
function rows(s, { id, from, count, faultsOnly }) {
  const conn = s.conns.get(id);
  if (!conn) return { type: 'rows', id, rows: [], total: 0, from };
  const list = faultsOnly ? conn.timeline.filter((n) => isFault(s, n)) : conn.timeline;
  const out = list.slice(from, from + count).map((n) => (n < 0 ? eventRow(s, -n - 1) : packetRow(s, n)));
  return { type: 'rows', id, rows: out, total: list.length, from, faultsOnly };
}

function packet(s, i) {
  const t = s.packets;
  const bytes = s.bytes.get(t.block[i], t.at[i], t.length[i]).slice();
  return { type: 'packet', p: i, bytes, version: t.version[i], dir: t.dir[i] === 0 ? 'c2s' : 's2c', conn: t.conn[i], offset: t.offset[i], frame: t.frame[i], time: timeText({ seconds: t.seconds[i], nanos: t.nanos[i], timeDigits: t.digits[i] }), checks: s.checks.get(i) ?? [] };
}

onmessage = (e) => {
  const m = e.data;
  try {
    if (m.type === 'open') {
      open(m.file).catch((err) => postMessage({ type: 'error', message: `Could not read ${m.file.name}: ${err.message}` }));
    } else if (m.type === 'rows' && store) postMessage(rows(store, m));
    else if (m.type === 'packet' && store && m.p < store.packets.count) postMessage(packet(store, m.p));
  } catch (err) {
    postMessage({ type: 'error', message: String(err?.message ?? err) });
  }
};
