/**
 * `mqtt-codec conversation` (the built CLI, dist/cli.cjs) on the fixture conversations, and the
 * checker on every recorded session interleaved in capture order: real traffic between mosquitto
 * 2.0.11 and its clients yields no diagnostic (issue 13, item 7).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as source from '../src/conversation/index.js';
import { Conversation, parseConversationText } from '../src/conversation/index.js';
import { conversationText, sessionNames } from '../scripts/sessions-to-conversations.mjs';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'cli.cjs');
const sessions = join(root, 'fixtures', 'sessions');
const conversations = join(root, 'fixtures', 'conversations');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, 'conversation', ...args], { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.trim().split('\n').filter(Boolean) };
}

describe('recorded sessions, interleaved in capture order', () => {
  const names: string[] = sessionNames();

  it('every recorded session has its .conversation.txt, up to date with the .bin files and the tshark order', () => {
    expect(names.length).toBe(readdirSync(sessions).filter((f) => f.endsWith('.json')).length);
    for (const name of names) expect(readFileSync(join(sessions, `${name}.conversation.txt`), 'utf8')).toBe(conversationText(name));
  });

  for (const name of names) {
    it(`${name}: every packet of both .bin files, in capture order, and no diagnostic`, () => {
      const meta = JSON.parse(readFileSync(join(sessions, `${name}.json`), 'utf8'));
      const conv = new Conversation();
      for (const chunk of parseConversationText(readFileSync(join(sessions, `${name}.conversation.txt`), 'utf8'))) conv.push(chunk.side, chunk.bytes);
      const atEnd = conv.end();
      expect(conv.records.filter((r) => r.side === 'client').map((r) => r.packet?.type)).toEqual(meta.packets.client);
      expect(conv.records.filter((r) => r.side === 'server').map((r) => r.packet?.type)).toEqual(meta.packets.server);
      expect(conv.protocolVersion).toBe(meta.protocolVersion);
      expect([...conv.diagnostics, ...atEnd].map((d) => d.message)).toEqual([]);
      // Every acknowledgement found the packet it answers.
      for (const r of conv.records) if (['puback', 'pubrec', 'pubrel', 'pubcomp', 'suback', 'unsuback', 'pingresp', 'connack'].includes(r.packet!.type)) expect(r.answers, `${name} #${r.index}`).toBeDefined();
    });
  }
});

describe('recorded with times (fixtures/conversations/mosquitto-*.txt, record-session.mjs --conversation)', () => {
  for (const v of ['v311', 'v5']) {
    it(`mosquitto-${v}-sub-keepalive: Keep Alive 5 s for 13 s, QoS 1 and QoS 2 deliveries: no diagnostic; with no time tolerance, libmosquitto's packet 5.004 s after its last is flagged`, () => {
      const chunks = parseConversationText(readFileSync(join(conversations, `mosquitto-${v}-sub-keepalive.txt`), 'utf8'));
      const feed = (conv: Conversation) => {
        for (const ch of chunks) conv.push(ch.side, ch.bytes, ch.time);
        return [...conv.diagnostics, ...conv.end()];
      };
      const conv = new Conversation();
      expect(feed(conv).map((d) => d.message)).toEqual([]);
      expect(chunks.every((ch) => ch.time !== undefined)).toBe(true);
      expect(conv.records.map((r) => r.packet?.type)).toContain('pubcomp');
      expect(conv.records.at(-1)!.time! - conv.records[0].time!).toBeGreaterThan(12);
      expect(feed(new Conversation({ timeTolerance: 0 })).map((d) => d.check)).toEqual(['keepAliveClient']);
    });
  }
});

describe('mqtt-codec conversation', () => {
  it('prints the packets and the seven faults of v5-faults.txt in order, with rules, and exits 1', () => {
    const r = run([join(conversations, 'v5-faults.txt')]);
    expect(r.status).toBe(1);
    const faults = r.lines.filter((l) => l.startsWith('  ! ')).map((l) => /^ {2}! (\w+) fault 0x[0-9a-f]+ (\w+): .* \[(MQTT-[\d.-]+) \(5\.0\)\]/.exec(l)!.slice(1));
    expect(faults).toEqual([
      ['client', 'clientReceiveMaximum', 'MQTT-3.3.4-7'],
      ['server', 'pubackUnknown', 'MQTT-4.3.2-4'],
      ['client', 'maximumQos', 'MQTT-3.2.2-11'],
      ['client', 'clientAliasAboveMaximum', 'MQTT-3.2.2-17'],
      ['server', 'problemInformation', 'MQTT-3.1.2-29'],
      ['client', 'keepAliveClient', 'MQTT-3.1.2-20'],
      ['client', 'afterDisconnect', 'MQTT-3.14.4-1'],
    ]);
    expect(r.lines[0]).toMatch(/^#0 0\.000 C->S @0 \d+ B {2}CONNECT /);
    expect(r.stdout).toContain('(topic "sensors/1")');
    expect(r.stdout).toContain('PUBACK packetId=1 reasonCode=0  (answers #2)');
    expect(r.lines.at(-1)).toBe('7 fault(s) in MQTT 5.0 conversation');
  });

  it('--json: one object per packet with its diagnostics, and the end-of-conversation faults', () => {
    const r = run([join(conversations, 'v311-faults.txt'), '--json']);
    expect(r.status).toBe(1);
    const objects = r.lines.map((l) => JSON.parse(l));
    const packets = objects.filter((o) => 'index' in o);
    expect(packets.map((o) => o.index)).toEqual(packets.map((_, i) => i));
    expect(packets.flatMap((o) => o.diagnostics.map((d: { check: string; rule: string; specVersion: string }) => [d.check, d.rule, d.specVersion]))).toEqual([
      ['subackAboveRequested', 'MQTT-3.9.3-1', '3.1.1'],
      ['deliveryAboveGranted', 'MQTT-3.8.4-6', '3.1.1'],
      ['pubcompUnknown', 'MQTT-4.3.3-2', '3.1.1'],
      ['resendWithoutDup', 'MQTT-3.3.1-1', '3.1.1'],
    ]);
    expect(objects.at(-1)).toMatchObject({ end: { check: 'pingreqUnanswered', rule: 'MQTT-3.12.4-1', packetIndex: 14 } });
    expect(packets[5].packet).toMatchObject({ type: 'publish', topic: 'b', payload: '74776f' });
  });

  it('a recorded session: no faults, exit 0; stdin with -', () => {
    const text = readFileSync(join(sessions, 'v5-sub.conversation.txt'), 'utf8');
    const r = run(['-'], text);
    expect(r.status).toBe(0);
    expect(r.lines.at(-1)).toBe('no faults in MQTT 5.0 conversation');
    expect(r.lines).toHaveLength(18 + 1);
  });

  it('--mid-connection: a capture that starts after the CONNECT', () => {
    const text = 's 40020005\nc c000\ns d000\n';
    const strict = run(['-', '-V', '5'], text);
    expect(strict.status).toBe(1);
    const later = run(['-', '-V', '5', '--mid-connection'], text);
    expect(later.status).toBe(0);
    expect(later.lines.at(-1)).toBe('no faults in MQTT 5.0 conversation');
  });

  it('exit 2 with the line number for a bad line, and for a missing file', () => {
    const bad = run(['-'], 'c c000\nq c000\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('line 2: direction');
    expect(run([join(conversations, 'nope.txt')]).status).toBe(2);
    expect(run([]).status).toBe(2);
  });
});

describe('the mqtt-codec/conversation entry point as built', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  it('package.json maps types, import and require for ./conversation', () => {
    expect(pkg.exports['./conversation']).toEqual({
      import: { types: './dist/conversation.d.ts', default: './dist/conversation.js' },
      require: { types: './dist/conversation.d.cts', default: './dist/conversation.cjs' },
    });
  });

  it('ESM and CJS export the names of src/conversation/index.ts, and share MqttCodecError with the main entry', async () => {
    const names = Object.keys(source).sort();
    const esm = await import(pathToFileURL(join(root, 'dist', 'conversation.js')).href);
    const require = createRequire(import.meta.url);
    const cjs = require(join(root, 'dist', 'conversation.cjs'));
    expect(Object.keys(esm).sort()).toEqual(names);
    expect(Object.keys(cjs).sort()).toEqual(names);
    const main = { esm: await import(pathToFileURL(join(root, 'dist', 'index.js')).href), cjs: require(join(root, 'dist', 'index.cjs')) };
    for (const [build, mod] of [['esm', esm], ['cjs', cjs]] as const) {
      const conv = new mod.Conversation({ protocolVersion: 5 });
      conv.client(new Uint8Array([0x36, 0x00]));
      expect(conv.diagnostics[0], build).toBeInstanceOf(main[build].MqttCodecError);
    }
  });

  it('documents every export with TSDoc', () => {
    const dts = readFileSync(join(root, 'dist', 'conversation.d.ts'), 'utf8');
    const undocumented = Object.keys(source).filter((name) => {
      const at = dts.search(new RegExp(`(declare (function|const|class)|interface|type) ${name}\\b`));
      return at < 0 || !/\*\/\s*$/.test(dts.slice(Math.max(0, at - 400), at));
    });
    expect(undocumented).toEqual([]);
  });
});

describe('robustness', () => {
  it('any interleaving of valid packets and random bytes, in random chunks: records or diagnostics, never a throw', async () => {
    const fc = (await import('fast-check')).default;
    const { anyPacket } = await import('./arbitraries.js');
    const { encode, MqttCodecError } = await import('../src/index.js');
    for (const v of [3, 4, 5] as const) {
      const step = fc.oneof(
        { weight: 8, arbitrary: fc.tuple(fc.constantFrom('client', 'server'), anyPacket(v)).map(([side, p]) => ({ side, bytes: encode(p, { protocolVersion: v }) })) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom('client', 'server'), fc.uint8Array({ maxLength: 8 })).map(([side, bytes]) => ({ side, bytes })) },
      );
      fc.assert(
        fc.property(fc.array(step, { maxLength: 25 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), (steps, cut, times) => {
          const conv = new Conversation({ protocolVersion: v });
          let t = 0;
          for (const { side, bytes } of steps) {
            for (let i = 0; i < bytes.length; i += cut) conv.push(side as 'client' | 'server', bytes.subarray(i, i + cut), times ? (t += 3.7) : undefined);
          }
          const atEnd = conv.end();
          for (const d of [...conv.diagnostics, ...atEnd]) expect(d).toBeInstanceOf(MqttCodecError);
        }),
        { numRuns: 150 },
      );
    }
  });
});
