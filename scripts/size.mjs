#!/usr/bin/env node
// `npm run size`: what an application pays for mqtt-codec in its bundle. Bundles a few imports of
// the package with esbuild (minified, tree-shaken, ES2020, browser-neutral, as an app bundler
// would) and gzips each (level 9). Compares with the checked-in budget, scripts/size-budget.json:
// exits 1 when a figure grows more than 5 % over its budget.
//
//   node scripts/size.mjs             measure, compare, print the table
//   node scripts/size.mjs --update    write the measured figures as the new budget
//   node scripts/size.mjs --why NAME  list the source files by their share of NAME's minified bundle
//
// The source is src/index.ts (the same code as dist/, before tsup); bundling the source lets
// esbuild attribute bytes to files.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_PATH = join(ROOT, 'scripts', 'size-budget.json');
/** Allowed growth over the budget before the check fails. */
const TOLERANCE = 0.05;

/** The measured imports: name → the import an application would write. */
export const ENTRIES = {
  decode: 'import { decode } from "mqtt-codec"; globalThis.x = [decode];',
  encode: 'import { encode } from "mqtt-codec"; globalThis.x = [encode];',
  Decoder: 'import { Decoder } from "mqtt-codec"; globalThis.x = [Decoder];',
  'decode+encode+Decoder': 'import { decode, encode, Decoder } from "mqtt-codec"; globalThis.x = [decode, encode, Decoder];',
  everything: 'import * as all from "mqtt-codec"; globalThis.x = all;',
};

async function measure(name) {
  const result = await build({
    stdin: { contents: ENTRIES[name], resolveDir: ROOT, loader: 'js' },
    alias: { 'mqtt-codec': join(ROOT, 'src', 'index.ts') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    platform: 'neutral',
    write: false,
    metafile: true,
    legalComments: 'none',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, meta: result.metafile, code };
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;

async function main() {
  const args = process.argv.slice(2);
  const why = args.indexOf('--why');
  if (why >= 0) {
    const name = args[why + 1];
    if (!(name in ENTRIES)) throw new Error(`--why needs one of: ${Object.keys(ENTRIES).join(', ')}`);
    const { meta, min, gzip, code } = await measure(name);
    // Message text: the bundle with every string literal emptied, to see what the words cost.
    const text = new TextDecoder().decode(code);
    const literal = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g;
    const bare = gzipSync(text.replace(literal, '""'), { level: 9 }).length;
    console.log(`${name}: ${kb(gzip)} min+gzip, of which string literals (mostly error messages) ≈ ${kb(gzip - bare)}`);
    const inputs = Object.values(meta.outputs)[0].inputs;
    const rows = Object.entries(inputs)
      .map(([file, v]) => [relative(ROOT, file), v.bytesInOutput])
      .sort((a, b) => b[1] - a[1]);
    console.log(`${name}: ${kb(min)} minified, by source file (minified bytes, before gzip)`);
    for (const [file, bytes] of rows) console.log(`${String(bytes).padStart(7)}  ${((100 * bytes) / min).toFixed(1).padStart(5)} %  ${file}`);
    return;
  }
  const measured = {};
  for (const name of Object.keys(ENTRIES)) {
    const { min, gzip } = await measure(name);
    measured[name] = { min, gzip };
  }
  if (args.includes('--update')) {
    const budget = { note: 'min+gzip bytes measured by scripts/size.mjs; CI fails above budget + 5 %', figures: measured };
    writeFileSync(BUDGET_PATH, `${JSON.stringify(budget, null, 2)}\n`);
    console.log(`wrote ${relative(ROOT, BUDGET_PATH)}`);
  }
  const budget = JSON.parse(readFileSync(BUDGET_PATH, 'utf8')).figures;
  const failures = [];
  console.log('| import | minified | min+gzip | budget (min+gzip) | change |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, m] of Object.entries(measured)) {
    const b = budget[name]?.gzip;
    const change = b === undefined ? 'no budget' : `${m.gzip >= b ? '+' : ''}${((100 * (m.gzip - b)) / b).toFixed(1)} %`;
    console.log(`| \`${name}\` | ${kb(m.min)} | ${kb(m.gzip)} | ${b === undefined ? '-' : kb(b)} | ${change} |`);
    if (b === undefined) failures.push(`${name}: no budget (run with --update)`);
    else if (m.gzip > b * (1 + TOLERANCE)) failures.push(`${name}: ${m.gzip} B min+gzip, more than 5 % over the budget of ${b} B`);
  }
  if (failures.length > 0) {
    console.error(`\nsize budget exceeded:\n  ${failures.join('\n  ')}\n(if the growth is wanted, run node scripts/size.mjs --update and commit scripts/size-budget.json)`);
    process.exitCode = 1;
  }
}

await main();
