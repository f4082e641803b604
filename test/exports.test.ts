/**
 * The package as users get it: no runtime dependencies, src/ free of Node-only APIs (so it runs
 * in browsers, Deno and Bun), and the ESM and CJS builds exporting the same public API.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('package', () => {
  it('has no runtime dependencies', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.peerDependencies ?? {}).toEqual({});
  });

  it('maps types, import and require in exports', () => {
    expect(pkg.exports['.'].import).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.exports['.'].require).toEqual({ types: './dist/index.d.cts', default: './dist/index.cjs' });
  });

  it('src/ uses no Node-only API: no Buffer, no node: or bare Node imports, no process, no require', () => {
    for (const file of sourceFiles(join(root, 'src'))) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      // Only the mqtt-packet adapter may use a Buffer, and only one found on globalThis.
      const compat = file.startsWith(join(root, 'src', 'compat'));
      if (compat) expect(code.replace(/globalThis as \{ Buffer\?: BufferLike \}\)\.Buffer/g, ''), file).not.toMatch(/\bBuffer\b/);
      else expect(code, file).not.toMatch(/\bBuffer\b/);
      expect(code, file).not.toMatch(/from ['"](node:|fs|path|util|events|stream)['"]/);
      expect(code, file).not.toMatch(/\bprocess\.|\brequire\(/);
    }
  });

  it('the ESM and CJS builds export the same names as the source', async () => {
    const esm = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
    const cjs = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs'));
    const names = Object.keys(api).sort();
    expect(Object.keys(esm).sort()).toEqual(names);
    expect(Object.keys(cjs).sort()).toEqual(names);
    for (const n of ['encode', 'decode', 'encodedLength', 'encodeInto', 'Decoder', 'MqttCodecError', 'inspect', 'peekHeader']) {
      expect(names).toContain(n);
    }
    // One error class across the build: an error thrown by the CJS build is its MqttCodecError.
    expect(() => cjs.decode(new Uint8Array([0x36, 0x00]))).toThrow(cjs.MqttCodecError);
  });

  it('documents every export with TSDoc', () => {
    const dts = readFileSync(join(root, 'dist', 'index.d.ts'), 'utf8');
    const undocumented = Object.keys(api).filter((name) => {
      const at = dts.search(new RegExp(`(declare (function|const|class)|interface|type) ${name}\\b`));
      return at < 0 || !/\*\/\s*$/.test(dts.slice(Math.max(0, at - 400), at));
    });
    expect(undocumented).toEqual([]);
  });

  it('importing the main entry allocates at most 64 KiB of ArrayBuffers (caches appear on first use)', () => {
    const url = pathToFileURL(join(root, 'dist', 'index.js')).href;
    // Each reading after the loader has let go of what it read (a turn of the event loop, then a
    // collection): without that, Node's own 128 KB buffers were seen at the second reading on a
    // loaded machine, whatever was imported.
    const settle = 'await new Promise((r) => setImmediate(r)); globalThis.gc(); await new Promise((r) => setImmediate(r)); globalThis.gc();';
    const script = `${settle} const a = process.memoryUsage().arrayBuffers; const m = await import(${JSON.stringify(url)});
      ${settle} console.log(process.memoryUsage().arrayBuffers - a, typeof m.Decoder);`;
    // The least of five runs, for the same reason.
    const runs = [0, 1, 2, 3, 4].map(() => execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' }).trim().split(' '));
    for (const [, kind] of runs) expect(kind).toBe('function');
    expect(Math.min(...runs.map(([bytes]) => Number(bytes)))).toBeLessThanOrEqual(64 * 1024);
  });
});

describe('types under every TypeScript module resolution', () => {
  it.each(['node10', 'node16', 'bundler'])('moduleResolution %s finds the types of the main entry and every subpath', (resolution) => {
    const require = createRequire(import.meta.url);
    const { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } = require('node:fs') as typeof import('node:fs');
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    const { tmpdir } = require('node:os') as typeof import('node:os');
    const root = join(__dirname, '..');
    const dir = mkdtempSync(join(tmpdir(), 'mqtt-codec-types-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(root, join(dir, 'node_modules', 'mqtt-codec'), 'dir');
      const module = resolution === 'node16' ? 'node16' : resolution === 'bundler' ? 'esnext' : 'commonjs';
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2020', module, moduleResolution: resolution, types: [], skipLibCheck: false }, files: ['use.ts'] }),
      );
      const subpaths = (Object.keys(pkg.exports) as string[]).filter((k) => k !== '.' && k !== './package.json');
      const lines = [
        "import { decode, MqttCodecError } from 'mqtt-codec';",
        'const e: typeof MqttCodecError = MqttCodecError; void decode; void e;',
        ...subpaths.map((s, i) => `import * as m${i} from 'mqtt-codec/${s.slice(2)}'; void m${i};`),
      ];
      writeFileSync(join(dir, 'use.ts'), lines.join('\n'));
      const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
      let out = '';
      try {
        execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
      } catch (err) {
        out = String((err as { stdout?: string }).stdout);
      }
      expect(out).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
