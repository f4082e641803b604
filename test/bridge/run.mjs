#!/usr/bin/env node
// End-to-end bridge test: mosquitto (Debian's, `apt-get install mosquitto mosquitto-clients`)
// bridged to an Aedes 1.2.0 broker (test/bridge/aedes-broker.mjs, node `net`, 127.0.0.1, a free
// port) that runs on mqtt-codec's drop-in (every `mqtt-packet` resolved to dist/ by
// test/compat-aedes/preload.cjs; build first). Two bridges, one after the other:
//   - 3.1.1 with mosquitto's default `try_private true` (its CONNECT carries Protocol Level 0x84)
//   - 5.0 (`bridge_protocol_version mqttv50`)
// each with `topic out/# out 2` (mosquitto → Aedes) and `topic in/# in 2` (Aedes → mosquitto).
// Messages at QoS 0, 1 and 2 each way: mosquitto_pub on mosquitto to out/qN, received by an
// MQTT.js client (the `mqtt` devDependency, on the same mqtt-packet as the broker) subscribed on
// Aedes; an MQTT.js client publishing on Aedes to in/qN, received by one subscribed on mosquitto.
// Every message must arrive, once, with its QoS.
//
// Aedes 1.2.0 speaks 3.1 and 3.1.1 only: it answers the 5.0 bridge's CONNECT with return code 1,
// and mosquitto (2.0.11) reconnects as a 3.1.1 bridge ("Remote bridge ... does not support MQTT
// v5.0, reconnecting using MQTT v3.1.1"), again with Protocol Level 0x84. The report lists every
// CONNECT of the bridge as Aedes' parser gave it.
//
// Usage: node test/bridge/run.mjs [--reference | --both] [--json]
//   --reference: Aedes and the MQTT.js clients on mqtt-packet itself (shows the harness works);
//   --both: the drop-in, then mqtt-packet. Bounded: 30 s per bridge; every process it starts is
//   stopped (by its pid) before it exits. Exit status 0 when every message arrived in every run.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..', '..');
const preload = join(root, 'test', 'compat-aedes', 'preload.cjs');
const args = process.argv.slice(2);
const SCENARIO_MS = 30_000;

const BRIDGES = [
  { name: '3.1.1 bridge (try_private true: Protocol Level 0x84)', protocol: 'mqttv311', clientVersion: 4, cli: 'mqttv311' },
  { name: '5.0 bridge (bridge_protocol_version mqttv50)', protocol: 'mqttv50', clientVersion: 5, cli: 'mqttv5' },
];

/** A TCP port free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until `test()` is true or `ms` pass; returns whether it became true. */
async function until(test, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (test()) return true;
    await sleep(50);
  }
  return test();
}

/** Every process started here, so that none outlives the run (a timed-out scenario included). */
const started = new Set();

/** Starts a process whose stdout is JSON lines (the broker) or text (mosquitto): collects both. */
function start(cmd, argv, opts = {}) {
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  const p = { child, events: [], text: '', exited: null };
  let partial = '';
  child.stdout.on('data', (d) => {
    p.text += d;
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop();
    for (const line of lines) {
      try {
        p.events.push(JSON.parse(line));
      } catch {
        // not a JSON line: kept in text
      }
    }
  });
  child.stderr.on('data', (d) => (p.text += d));
  child.on('exit', (code, signal) => {
    p.exited = { code, signal };
    started.delete(p);
  });
  started.add(p);
  return p;
}

async function stop(p) {
  if (!p || p.exited) return;
  p.child.kill('SIGTERM');
  if (!(await until(() => p.exited !== null, 2000))) p.child.kill('SIGKILL');
}

function mosquittoConf(bridge, port, aedesPort) {
  return [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    'log_dest stderr',
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    'connection aedes',
    `address 127.0.0.1:${aedesPort}`,
    `remote_clientid mosquitto-bridge-${bridge.protocol}`,
    `bridge_protocol_version ${bridge.protocol}`,
    'try_private true',
    'cleansession true',
    'restart_timeout 1 2',
    // mosquitto publishes the bridge's state to $SYS/broker/connection/… on the remote broker by
    // default; Aedes refuses PUBLISH to $SYS/ and closes the connection.
    'notifications false',
    'topic out/# out 2',
    'topic in/# in 2',
    '',
  ].join('\n');
}

/** Connects an MQTT.js client; resolves once connected, or with null after `ms`. */
async function connect(mqtt, url, protocolVersion, clientId, ms = 5000) {
  const c = mqtt.connect(url, { protocolVersion, clientId, reconnectPeriod: 0, connectTimeout: ms });
  c.on('error', () => {});
  const ok = await new Promise((done) => {
    c.once('connect', () => done(true));
    c.once('close', () => done(false));
    setTimeout(() => done(false), ms);
  });
  return { c, ok };
}

/** One bridge scenario: returns { name, bridgeConnects, bridgeSubscribed, messages, notes }. */
async function scenario(mqtt, bridge, target, dir) {
  const result = { name: bridge.name, bridgeConnects: [], bridgeSubscribed: false, messages: [], notes: [] };
  const nodeArgs = target === 'drop-in' ? ['--require', preload] : [];
  const broker = start(process.execPath, [...nodeArgs, join(here, 'aedes-broker.mjs')], { cwd: root });
  let mosquitto = null;
  const clients = [];
  try {
    if (!(await until(() => broker.events.some((e) => e.event === 'listening'), 5000))) throw new Error(`Aedes did not start: ${broker.text.slice(-500)}`);
    const aedesPort = broker.events.find((e) => e.event === 'listening').port;
    const port = await freePort();
    const conf = join(dir, `mosquitto-${bridge.protocol}.conf`);
    writeFileSync(conf, mosquittoConf(bridge, port, aedesPort));
    mosquitto = start('mosquitto', ['-c', conf]);
    const bridgeId = `mosquitto-bridge-${bridge.protocol}`;
    result.bridgeSubscribed = await until(() => broker.events.some((e) => e.event === 'subscribe' && e.clientId === bridgeId), 15_000);
    result.bridgeConnects = broker.events.filter((e) => e.event === 'connect' && e.clientId === bridgeId).map(({ protocolId, protocolVersion, bridgeMode }) => ({ protocolId, protocolVersion, bridgeMode }));
    const connects = result.bridgeConnects.length;
    const errors = broker.events.filter((e) => e.event === 'clientError' || e.event === 'connectionError');
    if (connects > 1) result.notes.push(`the bridge connected ${connects} times`);
    for (const e of errors.slice(0, 3)) result.notes.push(`Aedes ${e.event}: ${e.message}`);
    if (!result.bridgeSubscribed) {
      result.notes.push('the bridge never subscribed on Aedes');
      const log = mosquitto.text.split('\n').filter((l) => /bridge|Connecting|CONNACK|error|Error|refused|closed/i.test(l)).slice(0, 6);
      for (const l of log) result.notes.push(`mosquitto: ${l.trim()}`);
    }

    // Subscribers: out/# on Aedes (3.1.1: Aedes 1.2.0 speaks 3.1 and 3.1.1), in/# on mosquitto.
    const received = [];
    const onAedes = await connect(mqtt, `mqtt://127.0.0.1:${aedesPort}`, 4, 'sub-on-aedes');
    const onMosq = await connect(mqtt, `mqtt://127.0.0.1:${port}`, bridge.clientVersion, 'sub-on-mosquitto');
    const pubAedes = await connect(mqtt, `mqtt://127.0.0.1:${aedesPort}`, 4, 'pub-on-aedes');
    clients.push(onAedes.c, onMosq.c, pubAedes.c);
    if (!onAedes.ok || !onMosq.ok || !pubAedes.ok) result.notes.push(`MQTT.js clients connected: on Aedes ${onAedes.ok}, on mosquitto ${onMosq.ok}, publisher on Aedes ${pubAedes.ok}`);
    for (const [side, s] of [['aedes', onAedes.c], ['mosquitto', onMosq.c]]) {
      s.on('message', (topic, payload, packet) => received.push({ side, topic, payload: payload.toString(), qos: packet.qos }));
    }
    await Promise.all([onAedes.c.subscribeAsync?.('out/#', { qos: 2 }).catch(() => {}), onMosq.c.subscribeAsync?.('in/#', { qos: 2 }).catch(() => {})]);

    const expected = [];
    for (const qos of [0, 1, 2]) {
      const payload = `mosquitto-to-aedes q${qos} ${bridge.protocol}`;
      expected.push({ side: 'aedes', topic: `out/q${qos}`, payload, qos, direction: 'mosquitto → Aedes' });
      try {
        execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-V', bridge.cli, '-q', String(qos), '-t', `out/q${qos}`, '-m', payload], { timeout: 5000, stdio: 'pipe' });
      } catch (e) {
        result.notes.push(`mosquitto_pub q${qos} failed: ${String(e.stderr ?? e.message).trim()}`);
      }
    }
    for (const qos of [0, 1, 2]) {
      const payload = `aedes-to-mosquitto q${qos} ${bridge.protocol}`;
      expected.push({ side: 'mosquitto', topic: `in/q${qos}`, payload, qos, direction: 'Aedes → mosquitto' });
      if (pubAedes.ok) await pubAedes.c.publishAsync(`in/q${qos}`, payload, { qos }).catch((e) => result.notes.push(`MQTT.js publish q${qos} on Aedes: ${e.message}`));
    }
    const has = (x) => received.filter((r) => r.side === x.side && r.topic === x.topic && r.payload === x.payload);
    await until(() => expected.every((x) => has(x).length > 0), 5000);
    await sleep(300); // a duplicate, if any, would come now
    result.messages = expected.map((x) => {
      const got = has(x);
      return { direction: x.direction, topic: x.topic, qos: x.qos, arrived: got.length, receivedQos: got[0]?.qos ?? null, ok: got.length === 1 && got[0].qos === x.qos };
    });
  } catch (e) {
    result.notes.push(`error: ${e.message}`);
  } finally {
    for (const c of clients) c.end(true);
    await stop(mosquitto);
    await stop(broker);
  }
  return result;
}

/** One run (a child process, so that MQTT.js and Aedes load the target's mqtt-packet). */
async function child(target) {
  const mqtt = (await import('mqtt')).default;
  const dir = mkdtempSync(join(tmpdir(), 'mqtt-bridge-'));
  const results = [];
  try {
    for (const bridge of BRIDGES) {
      results.push(await Promise.race([scenario(mqtt, bridge, target, dir), sleep(SCENARIO_MS).then(() => ({ name: bridge.name, bridgeConnects: [], bridgeSubscribed: false, messages: [], notes: [`timed out after ${SCENARIO_MS / 1000} s`] }))]));
    }
  } finally {
    for (const p of [...started]) await stop(p);
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ target, results })}\n`);
  process.exit(0);
}

function print({ target, results }) {
  const lines = [`Aedes 1.2.0 + MQTT.js on ${target === 'drop-in' ? 'mqtt-codec/mqtt-packet (drop-in)' : 'mqtt-packet (reference)'}, bridged from mosquitto`];
  for (const r of results) {
    const ok = r.messages.length === 6 && r.messages.every((m) => m.ok);
    lines.push(`  ${ok ? 'PASS' : 'FAIL'} ${r.name}: ${r.messages.filter((m) => m.ok).length}/6 messages`);
    for (const c of r.bridgeConnects) lines.push(`       Aedes parsed a CONNECT of the bridge: protocolId ${c.protocolId}, protocolVersion ${c.protocolVersion}, bridgeMode ${c.bridgeMode}`);
    for (const m of r.messages) if (!m.ok) lines.push(`       missing: ${m.direction} ${m.topic} QoS ${m.qos} (arrived ${m.arrived}×${m.receivedQos === null ? '' : `, at QoS ${m.receivedQos}`})`);
    for (const n of r.notes) lines.push(`       ${n}`);
  }
  return lines.join('\n');
}

if (args.includes('--child')) {
  await child(args.includes('--reference') ? 'reference' : 'drop-in');
} else {
  try {
    execFileSync('mosquitto', ['-h'], { stdio: 'ignore' });
  } catch (e) {
    if (e.code === 'ENOENT') {
      process.stderr.write('mosquitto is not installed (apt-get install mosquitto mosquitto-clients)\n');
      process.exit(2);
    }
  }
  const targets = args.includes('--both') ? ['drop-in', 'reference'] : args.includes('--reference') ? ['reference'] : ['drop-in'];
  const runs = [];
  for (const target of targets) {
    const nodeArgs = target === 'drop-in' ? ['--require', preload] : [];
    const out = execFileSync(process.execPath, [...nodeArgs, fileURLToPath(import.meta.url), '--child', ...(target === 'reference' ? ['--reference'] : [])], { cwd: root, encoding: 'utf8', timeout: SCENARIO_MS * BRIDGES.length + 15_000 });
    runs.push(JSON.parse(out.trim().split('\n').pop()));
  }
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
  else process.stdout.write(`${runs.map(print).join('\n')}\n`);
  const ok = runs.every((run) => run.results.every((r) => r.messages.length === 6 && r.messages.every((m) => m.ok)));
  process.exit(ok ? 0 : 1);
}
