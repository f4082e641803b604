// The runtime-neutral checks: the same code runs in Node (every version), Deno, Bun and a browser
// page, against the built package, and returns the same counts and digest in each. It touches no
// file, no Node global and no DOM: the caller passes the library and the data.
//
//   runChecks(lib, data) → { counts, digest, failures }
//
// `lib` is the module namespace of dist/index.js. `data` is what loadData (test/runtimes/data.mjs)
// builds from fixtures/: `{ fixtures: [[file, cases]], sessions: [{ meta, client, server }] }` with
// the session streams as hex strings (so the same JSON feeds a browser page).
//
// What is checked (the same rules as test/fixtures.test.ts, which is the reference in Node):
// - every case of fixtures/packets/*.json: a valid case decodes to the expected packet and encodes
//   back to its bytes (or round-trips, when not canonical); an invalid case throws MqttCodecError
//   with its reasonCode, rule and offset, from decode or from encode;
// - every recorded session in fixtures/sessions/, each direction pushed through a `Decoder` in
//   random chunks (several seeded splits): the packet types in wire order, and the packets
//   re-encoded give back the stream byte for byte;
// - a round-trip sample: seeded random packets of every kind, encode → decode → encode.
// The digest hashes every outcome (encoded bytes, error reason code, rule, offset and message), so
// two runtimes with equal digests behaved identically, not just equally often.

/** Seeds of the random chunk splits of each session stream. */
const CHUNK_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
/** Random packets in the round-trip sample. */
const ROUND_TRIPS = 600;

/** A small seeded PRNG (mulberry32): the same sequence in every runtime. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fromHex(hex) {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`bad hex: ${hex}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return s;
}

/** `{"$hex": "..."}` objects of a fixture become Uint8Arrays, recursively. */
function revive(value) {
  if (Array.isArray(value)) return value.map(revive);
  if (value !== null && typeof value === 'object') {
    if (typeof value.$hex === 'string' && Object.keys(value).length === 1) return fromHex(value.$hex);
    const out = {};
    for (const k of Object.keys(value)) out[k] = revive(value[k]);
    return out;
  }
  return value;
}

/** Deep equality as the fixture runner means it: keys holding `undefined` count as absent. */
function equal(a, b) {
  if (a === b) return true;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equal(x, b[i]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => equal(a[k], b[k]));
}

/** FNV-1a over strings, as 8 hex digits. */
class Digest {
  h = 0x811c9dc5;
  add(s) {
    let h = this.h;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    this.h = Math.imul(h ^ 0x2c, 0x01000193); // a separator, so "ab","c" differs from "a","bc"
  }
  hex() {
    return (this.h >>> 0).toString(16).padStart(8, '0');
  }
}

function outcome(lib, fn) {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: e, codec: e instanceof lib.MqttCodecError };
  }
}

function errorText(e) {
  return `${e.reasonCode}|${e.rule ?? null}|${e.offset}|${e.message}`;
}

/**
 * Runs every check; never throws for a failed check (it is listed in `failures`). With `compat`
 * (the namespace of dist/mqtt-packet.js), the mqtt-packet drop-in is checked on the fixtures too.
 */
export function runChecks(lib, data, compat) {
  const counts = {
    fixtureFiles: 0,
    validCases: 0,
    invalidDecodeCases: 0,
    invalidEncodeCases: 0,
    sessionStreams: 0,
    sessionPackets: 0,
    chunkedRuns: 0,
    chunks: 0,
    roundTrips: 0,
  };
  const failures = [];
  const digest = new Digest();
  const fail = (where, what) => failures.push(`${where}: ${what}`);

  // 1. Byte-level fixtures.
  for (const [file, cases] of data.fixtures) {
    counts.fixtureFiles++;
    for (const c of cases) {
      const where = `${file} "${c.name}"`;
      const opts = { protocolVersion: c.protocolVersion, ...(c.from ? { from: c.from } : {}) };
      if (c.error !== undefined) {
        const decodeCase = c.hex !== undefined;
        if (decodeCase) counts.invalidDecodeCases++;
        else counts.invalidEncodeCases++;
        const r = decodeCase
          ? outcome(lib, () => lib.decode(fromHex(c.hex), opts))
          : outcome(lib, () => lib.encode(revive(c.encode), opts));
        if (r.error === undefined) {
          fail(where, 'no error thrown');
          continue;
        }
        if (!r.codec) {
          fail(where, `threw ${String(r.error)}, not MqttCodecError`);
          continue;
        }
        const e = r.error;
        digest.add(errorText(e));
        if (e.reasonCode !== c.error.reasonCode || (e.rule ?? null) !== c.error.rule) {
          fail(where, `got ${e.reasonCode} ${e.rule}, want ${c.error.reasonCode} ${c.error.rule}`);
        } else if (c.error.offset !== undefined && e.offset !== c.error.offset) {
          fail(where, `offset ${e.offset}, want ${c.error.offset}`);
        }
        continue;
      }
      counts.validCases++;
      const bytes = fromHex(c.hex);
      const expected = revive(c.packet);
      const d = outcome(lib, () => lib.decode(bytes, opts));
      if (d.error !== undefined) {
        fail(where, `decode threw ${String(d.error.message ?? d.error)}`);
        continue;
      }
      if (!equal(d.value, expected)) fail(where, 'decoded packet differs from the fixture');
      const en = outcome(lib, () => lib.encode(expected, opts));
      if (en.error !== undefined) {
        fail(where, `encode threw ${String(en.error.message ?? en.error)}`);
        continue;
      }
      digest.add(toHex(en.value));
      if (c.canonical === false) {
        const again = outcome(lib, () => lib.decode(en.value, opts));
        if (again.error !== undefined || !equal(again.value, expected)) fail(where, 'decode(encode(packet)) differs');
      } else if (toHex(en.value) !== toHex(bytes)) {
        fail(where, 'encode does not give back the fixture bytes');
      }
    }
  }

  // 2. Recorded sessions through the Decoder in random chunks.
  for (const s of data.sessions) {
    for (const side of ['client', 'server']) {
      counts.sessionStreams++;
      const stream = fromHex(s[side]);
      const want = s.meta.packets[side];
      counts.sessionPackets += want.length;
      for (const seed of CHUNK_SEEDS) {
        counts.chunkedRuns++;
        const where = `${s.meta.name} ${side} seed ${seed}`;
        const random = rng(seed * 7919 + stream.length);
        const decoder = new lib.Decoder({ protocolVersion: s.meta.protocolVersion });
        const packets = [];
        const r = outcome(lib, () => {
          for (let pos = 0; pos < stream.length; ) {
            // Mostly small chunks (1..16 bytes), sometimes up to 300: splits inside headers,
            // lengths, strings and properties, and chunks that hold several packets.
            const size = random() < 0.8 ? 1 + Math.floor(random() * 16) : 1 + Math.floor(random() * 300);
            // A fresh copy per chunk: the caller's buffer is never reused while packets view it.
            const chunk = stream.slice(pos, pos + size);
            pos += chunk.length;
            counts.chunks++;
            for (const p of decoder.push(chunk)) packets.push(p);
          }
          decoder.end();
        });
        if (r.error !== undefined) {
          fail(where, `Decoder threw ${String(r.error.message ?? r.error)}`);
          continue;
        }
        const types = packets.map((p) => p.type);
        if (types.join(',') !== want.join(',')) fail(where, `packet types ${types.join(',')}, want ${want.join(',')}`);
        const re = outcome(lib, () => packets.map((p) => toHex(lib.encode(p, { protocolVersion: s.meta.protocolVersion }))).join(''));
        if (re.error !== undefined) fail(where, `re-encoding threw ${String(re.error.message ?? re.error)}`);
        else if (re.value !== s[side]) fail(where, 're-encoded packets differ from the stream');
        if (seed === CHUNK_SEEDS[0]) digest.add(JSON.stringify(packets.map((p) => lib.toJSONValue(p))));
      }
    }
  }

  // 3. Round-trip sample.
  const random = rng(20260101);
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const v = [3, 4, 5][i % 3];
    const p = randomPacket(random, v);
    const where = `round trip #${i} (${p.type}, version ${v})`;
    counts.roundTrips++;
    const r = outcome(lib, () => {
      const bytes = lib.encode(p, { protocolVersion: v });
      if (bytes.length !== lib.encodedLength(p, { protocolVersion: v })) throw new Error('encodedLength differs from encode');
      const back = lib.decode(bytes, { protocolVersion: v });
      const again = lib.encode(back, { protocolVersion: v });
      return [bytes, back, again];
    });
    if (r.error !== undefined) {
      fail(where, `threw ${String(r.error.message ?? r.error)}`);
      continue;
    }
    const [bytes, back, again] = r.value;
    digest.add(toHex(bytes));
    if (toHex(again) !== toHex(bytes)) fail(where, 'encode(decode(bytes)) differs from bytes');
    if (!equal(lib.toJSONValue(back), lib.toJSONValue(p))) fail(where, 'decode(encode(packet)) differs from packet');
  }

  // 4. The mqtt-packet drop-in (strict) on the fixtures: valid packets parse to mqtt-packet objects
  // that generate the same packet again; invalid ones are an 'error' (an MqttCodecError), never a packet.
  if (compat !== undefined) {
    counts.compatValid = counts.compatInvalid = counts.compatRefused = 0;
    for (const [file, cases] of data.fixtures) {
      for (const c of cases) {
        if (c.hex === undefined) continue;
        const where = `compat ${file} "${c.name}"`;
        // Strict: the drop-in then refuses exactly what the native API refuses (its default is
        // mqtt-packet's leniency, checked against mqtt-packet itself in test/compat/).
        const opts = { protocolVersion: c.protocolVersion, strict: true };
        const parser = compat.parser(opts);
        const packets = [];
        const errors = [];
        parser.on('packet', (x) => packets.push(x));
        parser.on('error', (e) => errors.push(e));
        const bytes = fromHex(c.hex);
        const r = outcome(lib, () => parser.parse(bytes));
        if (r.error !== undefined) {
          fail(where, `parse threw ${String(r.error.message ?? r.error)}`);
          continue;
        }
        if (c.error !== undefined) {
          // As a stream: what the native Decoder does with these bytes (an incomplete packet is
          // no error yet; `from` rules need the option the drop-in does not have).
          counts.compatInvalid++;
          const native = outcome(lib, () => new lib.Decoder({ protocolVersion: c.protocolVersion }).push(bytes));
          const wantError = native.error !== undefined;
          const wantPackets = wantError ? (native.error.packets ?? []).length : native.value.length;
          if (packets.length !== wantPackets || errors.length !== (wantError ? 1 : 0)) {
            fail(where, `${packets.length} packet(s) and ${errors.length} error(s), want ${wantPackets} and ${wantError ? 1 : 0}`);
          } else if (wantError && !(errors[0] instanceof lib.MqttCodecError)) {
            fail(where, 'the error is not an MqttCodecError');
          } else if (wantError) {
            digest.add(errorText(errors[0]));
          }
          continue;
        }
        counts.compatValid++;
        if (errors.length !== 0 || packets.length !== 1) {
          fail(where, `parse gave ${packets.length} packet(s), ${errors.map((e) => e.message).join('; ')}`);
          continue;
        }
        const g = outcome(lib, () => compat.generate(packets[0], opts));
        if (g.error !== undefined) {
          // mqtt-packet's generator refuses a 3.1 CONNECT without a ClientId, and a 3.1.1 one
          // with an empty ClientId and CleanSession 0 (the client's duty, MQTT-3.1.3-7); so does its drop-in.
          if (/^clientId must be (supplied before 3\.1\.1|given if cleanSession set to 0)$/.test(g.error.message)) counts.compatRefused++;
          else fail(where, `generate threw ${String(g.error.message ?? g.error)}`);
          continue;
        }
        const native = { protocolVersion: c.protocolVersion };
        const again = outcome(lib, () => lib.decode(new Uint8Array(g.value), native));
        const want = lib.decode(bytes, native);
        if (again.error !== undefined || !equal(byName(lib.toJSONValue(again.value)), byName(lib.toJSONValue(want)))) {
          fail(where, 'generate(parse(bytes)) is another packet');
        }
        digest.add(toHex(g.value));
      }
    }
  }

  return { counts, digest: digest.hex(), failures };
}

/** mqtt-packet's User Properties are grouped by name (an object): compare them in name order. */
function byName(json) {
  const sort = (props) => {
    if (props && Array.isArray(props.userProperties)) props.userProperties = [...props.userProperties].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  };
  sort(json.properties);
  if (json.will) sort(json.will.properties);
  return json;
}

// --- the random packets of the round-trip sample ---------------------------------------------

const ALPHABET = ['a', 'b', 'z', '0', '9', '-', '_', 'é', 'ü', '中', '😀', ' ', '$'];

function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}
function int(random, lo, hi) {
  return lo + Math.floor(random() * (hi - lo + 1));
}
function text(random, min, max) {
  let s = '';
  const n = int(random, min, max);
  for (let i = 0; i < n; i++) s += pick(random, ALPHABET);
  return s;
}
function topic(random) {
  const levels = int(random, 1, 4);
  const parts = [];
  for (let i = 0; i < levels; i++) parts.push(text(random, i === 0 ? 1 : 0, 6).replace(/\$/g, 's'));
  return parts.join('/');
}
function filter(random) {
  const t = topic(random).split('/');
  if (random() < 0.3) t[0] = '+';
  if (random() < 0.3) t.push('#');
  return t.join('/');
}
function bytes(random, max) {
  const out = new Uint8Array(int(random, 0, max));
  for (let i = 0; i < out.length; i++) out[i] = int(random, 0, 255);
  return out;
}
function userProperties(random) {
  const list = [];
  for (let n = int(random, 0, 3); n > 0; n--) list.push([text(random, 0, 5), text(random, 0, 8)]);
  return list.length > 0 ? list : undefined;
}
/** Sets `p.properties` when `props` has a defined value: decode leaves out an empty property set. */
function withProps(p, props) {
  const kept = {};
  for (const k of Object.keys(props)) if (props[k] !== undefined) kept[k] = props[k];
  if (Object.keys(kept).length > 0) p.properties = kept;
  return p;
}

/** One random, valid packet of a random kind for protocol version `v`. */
function randomPacket(random, v) {
  const v5 = v === 5;
  const kind = int(random, 0, 6);
  const packetId = int(random, 1, 65535);
  if (kind === 0) {
    const qos = int(random, 0, 2);
    const p = { type: 'publish', topic: topic(random), payload: bytes(random, 200), qos, retain: random() < 0.5, dup: qos > 0 && random() < 0.3 };
    if (qos > 0) p.packetId = packetId;
    if (v5) {
      const props = {};
      if (random() < 0.5) props.messageExpiryInterval = int(random, 0, 0xffffffff);
      if (random() < 0.5) props.contentType = text(random, 0, 12);
      if (random() < 0.4) props.correlationData = bytes(random, 16);
      if (random() < 0.4) props.payloadFormatIndicator = 0;
      if (random() < 0.5) props.userProperties = userProperties(random);
      withProps(p, props);
    }
    return p;
  }
  if (kind === 1) {
    const subscriptions = [];
    for (let n = int(random, 1, 4); n > 0; n--) {
      const s = { topicFilter: filter(random), qos: int(random, 0, 2) };
      if (v5) Object.assign(s, { noLocal: random() < 0.5, retainAsPublished: random() < 0.5, retainHandling: int(random, 0, 2) });
      subscriptions.push(s);
    }
    const p = { type: 'subscribe', packetId, subscriptions };
    if (v5 && random() < 0.5) p.properties = { subscriptionIdentifier: int(random, 1, 268435455) };
    return p;
  }
  if (kind === 2) {
    const p = { type: 'unsubscribe', packetId, topicFilters: [filter(random), filter(random)] };
    if (v5) withProps(p, { userProperties: userProperties(random) });
    return p;
  }
  if (kind === 3) {
    const type = pick(random, ['puback', 'pubrec', 'pubrel', 'pubcomp']);
    const p = { type, packetId };
    if (v5) {
      p.reasonCode = type === 'pubrel' || type === 'pubcomp' ? pick(random, [0, 0x92]) : pick(random, [0, 0x10, 0x80, 0x87, 0x97]);
      if (random() < 0.5) p.properties = { reasonString: text(random, 0, 20) };
    }
    return p;
  }
  if (kind === 4) {
    const p = {
      type: 'connect',
      protocolVersion: v,
      protocolName: v === 3 ? 'MQIsdp' : 'MQTT',
      clientId: text(random, v === 3 ? 1 : 0, 20).replace(/[^a-z0-9]/g, 'c') || 'c',
      cleanStart: true,
      keepAlive: int(random, 0, 65535),
    };
    if (random() < 0.5) p.username = text(random, 0, 10);
    if (p.username !== undefined && random() < 0.7) p.password = bytes(random, 10);
    if (random() < 0.4) {
      p.will = { topic: topic(random), payload: bytes(random, 30), qos: int(random, 0, 2), retain: random() < 0.5 };
      if (v5) p.will.properties = { willDelayInterval: int(random, 0, 1000) };
    }
    if (v5) p.properties = { sessionExpiryInterval: int(random, 0, 0xffffffff), receiveMaximum: int(random, 1, 65535) };
    return p;
  }
  if (kind === 5) {
    const granted = [];
    for (let n = int(random, 1, 4); n > 0; n--) granted.push(v5 ? pick(random, [0, 1, 2, 0x80, 0x87, 0x9e]) : pick(random, [0, 1, 2, 0x80]));
    return { type: 'suback', packetId, reasonCodes: granted };
  }
  return pick(random, [{ type: 'pingreq' }, { type: 'pingresp' }]);
}
