/**
 * The mqtt-codec/capture entry point as built (dist/capture.*): package.json maps it, ESM and CJS
 * export the names of src/capture/index.ts, its packets' errors are the main entry's
 * MqttCodecError, every export (types included) carries TSDoc, and src/capture imports no Node API.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as source from '../src/capture/index.js';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const require = createRequire(import.meta.url);

describe('the mqtt-codec/capture entry point as built', () => {
  it('package.json maps types, import and require for ./capture', () => {
    expect(pkg.exports['./capture']).toEqual({
      import: { types: './dist/capture.d.ts', default: './dist/capture.js' },
      require: { types: './dist/capture.d.cts', default: './dist/capture.cjs' },
    });
  });

  it('ESM and CJS export the names of src/capture/index.ts; a faulty packet carries the main entry\'s MqttCodecError', async () => {
    const names = Object.keys(source).sort();
    const esm = await import(pathToFileURL(join(root, 'dist', 'capture.js')).href);
    const cjs = require(join(root, 'dist', 'capture.cjs'));
    expect(Object.keys(esm).sort()).toEqual(names);
    expect(Object.keys(cjs).sort()).toEqual(names);
    const capture = readFileSync(join(root, 'fixtures', 'captures', 'stateful-faults.pcap'));
    const main = { esm: await import(pathToFileURL(join(root, 'dist', 'index.js')).href), cjs: require(join(root, 'dist', 'index.cjs')) };
    for (const [build, mod] of [['esm', esm], ['cjs', cjs]] as const) {
      const records = mod.readCapture(new Uint8Array(capture)) as source.CaptureRecord[];
      const faulty = records.find((r): r is source.PacketRecord => r.kind === 'packet' && r.checks.length > 0);
      expect(faulty?.checks[0], build).toBeInstanceOf(main[build].MqttCodecError);
    }
  });

  it('documents every export with TSDoc, types included', () => {
    const index = readFileSync(join(root, 'src', 'capture', 'index.ts'), 'utf8');
    const names = [...index.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((n) => n.replace(/\btype\b/, '').trim()).filter(Boolean));
    expect(names.length).toBeGreaterThan(15);
    const dts = readFileSync(join(root, 'dist', 'capture.d.ts'), 'utf8');
    const undocumented = names.filter((name) => {
      const at = dts.search(new RegExp(`(declare (function|const|class)|interface|type) ${name}\\b`));
      return at < 0 || !/\*\/\s*$/.test(dts.slice(Math.max(0, at - 400), at));
    });
    expect(undocumented).toEqual([]);
  });

  it('src/capture imports only its own modules, the main entry and the conversation entry (no Node API)', () => {
    for (const file of readdirSync(join(root, 'src', 'capture'))) {
      const code = readFileSync(join(root, 'src', 'capture', file), 'utf8');
      for (const [, from] of code.matchAll(/from '([^']+)'/g)) expect(from, file).toMatch(/^(\.\/[\w-]+\.js|\.\.\/index\.js|\.\.\/conversation\/index\.js)$/);
    }
  });
});
