#!/usr/bin/env node
// mqtt-packet 9.0.2's own test.js (node_modules/mqtt-packet/test.js, unmodified) run as a plain
// `node test.js` with its `require('./')` — the module under test — resolved to mqtt-codec's
// drop-in (dist/mqtt-packet.cjs; build first). Counts tests the way tape names them (a `# name`
// line opens a test; it passes when none of its assertions is `not ok`), and prints the failing
// ones with their first failed assertion.
//
//   --reference  run on mqtt-packet itself (the expected 352 of 352)
//   --guarded    preload test/compat/load-compat.cjs instead (a test that throws or waits
//                for assertions that never come is reported as that test's failure and the run
//                goes on; what test/compat/upstream.test.ts does)
//   --json       the result as JSON
// A plain run that stops early (an exception, or tape waiting for planned assertions) is bounded
// at 60 s and reported with the test it stopped in. Exit status 0 when every test passed.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const upstream = dirname(require.resolve('mqtt-packet/package.json'));
const args = new Set(process.argv.slice(2));
const mode = args.has('--reference') ? 'reference' : args.has('--guarded') ? 'guarded' : 'plain';
const preload = { reference: [], guarded: ['-r', join(root, 'test/compat/load-compat.cjs')], plain: ['-r', join(root, 'test/compat/load-compat-plain.cjs')] }[mode];

const r = spawnSync(process.execPath, [...preload, 'test.js'], { cwd: upstream, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 });
const tap = r.stdout ?? '';

/** tape's TAP → tests in order, each with its count of ok assertions and its failed ones. */
const tests = [];
for (const line of tap.split('\n')) {
  if (line.startsWith('# ') && !/^# (tests|pass|fail|ok)\b/.test(line)) tests.push({ name: line.slice(2), ok: 0, failed: [] });
  else if (tests.length > 0 && line.startsWith('ok ')) tests[tests.length - 1].ok++;
  else if (tests.length > 0 && line.startsWith('not ok ')) tests[tests.length - 1].failed.push(line.replace(/^not ok \d+ /, ''));
}
const finished = /^1\.\.\d+$/m.test(tap);
const failing = tests.filter((t) => t.failed.length > 0);
const passed = tests.length - failing.length;
const stop = finished ? null : r.error?.code === 'ETIMEDOUT' ? 'timed out after 60 s (tape waiting for planned assertions)' : `exited ${r.status ?? r.signal} before tape's end`;
const stderrTail = (r.stderr ?? '').trim().split('\n').slice(0, 4).join('\n');

if (args.has('--json')) {
  process.stdout.write(`${JSON.stringify({ mode, tests: tests.length, passed, finished, stop, failing, stderr: stderrTail }, null, 2)}\n`);
} else {
  process.stdout.write(`mqtt-packet 9.0.2 test.js, ${mode} run${mode === 'reference' ? ' (mqtt-packet itself)' : ' on mqtt-codec/mqtt-packet'}\n`);
  process.stdout.write(`tests run ${tests.length} (the suite has 352)  passed ${passed}  failed ${failing.length}\n`);
  if (stop) process.stdout.write(`the run stopped early in test "${tests.at(-1)?.name ?? '?'}": ${stop}\n${stderrTail ? `stderr: ${stderrTail}\n` : ''}`);
  for (const t of failing) process.stdout.write(`  FAIL ${t.name}\n       ${t.failed[0]}\n`);
}
process.exit(finished && failing.length === 0 && tests.length > 0 ? 0 : 1);
