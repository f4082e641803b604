// Mutation testing per folder of src/: `npm run mutation -- --folder header` (default: every folder
// in turn). Each folder keeps its own incremental report, reports/stryker-incremental-<folder>.json
// (committed), so a re-run tests only the mutants whose code or tests changed. Other arguments go
// to Stryker (e.g. `--concurrency 1`). `npm run mutation -- --scores` prints the committed scores;
// `--retest-timeouts` tests the timed-out mutants of the group again (their results are dropped first).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The folders: each a name and the files Stryker mutates; together every file of src/ with code
 * (src/index.ts and src/types.ts only re-export and declare). src/wire/ is split in three (the fixed
 * header with the Variable Byte Integer; UTF-8 with the string caches; the reader, spans and
 * writer) and the codec's top level in two, so that each run fits in well under an hour on a shared
 * 2-core machine.
 */
export const FOLDERS = {
  header: ['src/header.ts', 'src/wire/vbi.ts'],
  utf8: ['src/wire/utf8.ts', 'src/wire/string-bytes.ts', 'src/wire/string-cache.ts'],
  'wire-io': ['src/wire/reader.ts', 'src/wire/spans.ts', 'src/wire/views.ts', 'src/wire/writer.ts'],
  properties: ['src/properties/**/*.ts'],
  policy: ['src/checks.ts', 'src/errors.ts', 'src/rules.ts', 'src/reason-codes.ts'],
  packets: ['src/packets/**/*.ts'],
  encode: ['src/encode.ts', 'src/encode-plan.ts', 'src/fit.ts'],
  codec: ['src/index.ts', 'src/types.ts', 'src/decode.ts', 'src/decoder.ts', 'src/assembler.ts', 'src/slab-pool.ts', 'src/format.ts', 'src/inspect.ts', 'src/primitives.ts', 'src/topic.ts'],
  conversation: ['src/conversation/**/*.ts'],
  compat: ['src/compat/**/*.ts'],
  capture: ['src/capture/**/*.ts'],
};

// The files of src/ a folder's patterns name (a folder with every .ts file below it, or a file path), relative to the root.
function filesOf(patterns) {
  const out = [];
  for (const p of patterns) {
    if (!p.endsWith('/**/*.ts')) {
      out.push(p);
      continue;
    }
    const walk = (dir) => {
      for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) walk(rel);
        else if (e.name.endsWith('.ts')) out.push(rel);
      }
    };
    walk(p.slice(0, -'/**/*.ts'.length));
  }
  return out.sort();
}

/**
 * Stryker leaves out of its report a file in which it made no mutant (type declarations,
 * re-exports, an `as const` table); this records each such file of the folder with its source and
 * an empty list of mutants, so that the report accounts for every file of src/. Returns their names.
 */
export function recordFilesWithoutMutants(name) {
  const file = join(root, 'reports', `stryker-incremental-${name}.json`);
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const added = [];
  for (const f of filesOf(FOLDERS[name])) {
    if (report.files[f] !== undefined) continue;
    report.files[f] = { language: 'typescript', source: readFileSync(join(root, f), 'utf8'), mutants: [] };
    added.push(f);
  }
  if (added.length > 0) writeFileSync(file, JSON.stringify(report));
  return added;
}

/** Killed and timed-out mutants over all that are neither ignored nor uncompilable. */
export function score(report) {
  const count = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, other: 0 };
  const files = {};
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const f = (files[file] = { killed: 0, total: 0 });
    for (const m of mutants) {
      const s = m.status;
      if (s === 'Killed') count.killed++;
      else if (s === 'Timeout') count.timeout++;
      else if (s === 'Survived') count.survived++;
      else if (s === 'NoCoverage') count.noCoverage++;
      else if (s === 'Ignored') count.ignored++;
      else count.other++;
      if (s === 'Killed' || s === 'Timeout') f.killed++;
      if (s === 'Killed' || s === 'Timeout' || s === 'Survived' || s === 'NoCoverage') f.total++;
    }
  }
  const detected = count.killed + count.timeout;
  const valid = detected + count.survived + count.noCoverage;
  return { ...count, valid, percent: valid === 0 ? 100 : (100 * detected) / valid, files };
}

/**
 * Drops the timed-out mutants from an incremental report, so that the next run tests them again: a
 * timeout on a loaded (or paused) machine says little, and it counts as detected.
 */
function forgetTimeouts(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  let n = 0;
  for (const f of Object.values(report.files)) {
    const kept = f.mutants.filter((m) => m.status !== 'Timeout');
    n += f.mutants.length - kept.length;
    f.mutants = kept;
  }
  writeFileSync(file, JSON.stringify(report));
  console.log(`${file}: ${n} timed-out mutant(s) to test again`);
}

function printScores() {
  for (const name of Object.keys(FOLDERS)) {
    const file = join(root, 'reports', `stryker-incremental-${name}.json`);
    if (!existsSync(file)) {
      console.log(`${name.padEnd(13)} not run yet`);
      continue;
    }
    const s = score(JSON.parse(readFileSync(file, 'utf8')));
    console.log(`${name.padEnd(13)} ${s.percent.toFixed(1).padStart(5)} %  killed ${s.killed}, timeout ${s.timeout}, survived ${s.survived}, no coverage ${s.noCoverage}, ignored ${s.ignored}`);
    for (const [f, v] of Object.entries(s.files)) console.log(`    ${f.padEnd(36)} ${v.total === 0 ? '  -  ' : ((100 * v.killed) / v.total).toFixed(1).padStart(5) + ' %'} of ${v.total}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--scores')) {
    printScores();
    process.exit(0);
  }
  const at = args.indexOf('--folder');
  const names = at >= 0 ? [args[at + 1]] : Object.keys(FOLDERS);
  const retest = args.includes('--retest-timeouts');
  const rest = (at >= 0 ? args.filter((_, i) => i !== at && i !== at + 1) : args).filter((a) => a !== '--retest-timeouts');
  for (const name of names) {
    if (!FOLDERS[name]) {
      console.error(`unknown folder ${name}; one of: ${Object.keys(FOLDERS).join(', ')}`);
      process.exit(2);
    }
    if (retest) forgetTimeouts(join(root, 'reports', `stryker-incremental-${name}.json`));
    const stryker = join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
    const run = spawnSync(process.execPath, [stryker, 'run', 'stryker.config.mjs',
      '--mutate', FOLDERS[name].join(','),
      '--incrementalFile', `reports/stryker-incremental-${name}.json`,
      ...rest], { cwd: root, stdio: 'inherit', env: { ...process.env, MQTT_CODEC_NUM_RUNS: process.env.MQTT_CODEC_NUM_RUNS ?? '10' } });
    if (run.status !== 0) process.exit(run.status ?? 1);
    const empty = recordFilesWithoutMutants(name);
    if (empty.length > 0) console.log(`${name}: recorded without mutants (nothing Stryker mutates): ${empty.join(', ')}`);
  }
  printScores();
}
