#!/usr/bin/env node
// Runs Aedes 1.2.0's own test suite, unmodified, with every `mqtt-packet` it (and MQTT.js, its
// test client) loads resolved to mqtt-codec's drop-in (dist/mqtt-packet.cjs / .js; build first:
// `npm run build`). With --reference, on real mqtt-packet instead, for comparison.
//
// The installed package (node_modules/aedes, a devDependency pinned to 1.2.0) is copied into a
// temporary directory whose node_modules is a link to this repository's, and run there as its own
// package.json runs it on Linux: `node --test --test-timeout=180000 test/*.js test/*.cjs`. The
// redirection is test/compat-aedes/preload.cjs, given to every test process through NODE_OPTIONS.
//
// Prints the counts, then every failing test (file › suites › name) with its error's first line.
// Exit status: 0 when no test failed or was cancelled, 1 otherwise, 2 on a usage error.
//
// Usage: node test/compat-aedes/run.mjs [--reference] [--json] [--keep] [--file NAME.js ...]
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..', '..');
const preload = join(here, 'preload.cjs');
const reporter = join(here, 'reporter.mjs');
const LIMIT_MS = 15 * 60_000; // bounds a hang of the whole run; Aedes' own per-test timeout is 180 s

function parseArgs(argv) {
  const opts = { reference: false, json: false, keep: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reference') opts.reference = true;
    else if (a === '--json') opts.json = true;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--file' && argv[i + 1]) opts.files.push(argv[++i]);
    else {
      process.stderr.write(`usage: run.mjs [--reference] [--json] [--keep] [--file NAME.js ...]\n(unknown argument ${a})\n`);
      process.exit(2);
    }
  }
  return opts;
}

/** A copy of the installed Aedes whose bare imports resolve in this repository's node_modules. */
function stage() {
  const installed = join(root, 'node_modules', 'aedes');
  const version = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version;
  const dir = mkdtempSync(join(tmpdir(), `aedes-${version}-`));
  cpSync(installed, join(dir, 'aedes'), { recursive: true });
  if (!existsSync(join(dir, 'aedes', 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(dir, 'aedes', 'node_modules'), 'dir');
  return { dir, pkg: join(dir, 'aedes'), version };
}

function run(pkg, opts) {
  const all = readdirSync(join(pkg, 'test')).filter((f) => /\.(js|cjs)$/.test(f)).sort();
  const files = opts.files.length > 0 ? opts.files.map((f) => basename(f)) : all;
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // when run under another test runner, be a top-level run
  if (!opts.reference) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require=${preload}`.trim();
  const args = ['--test', '--test-timeout=180000', `--test-reporter=${reporter}`, ...files.map((f) => join('test', f))];
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: pkg, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ out, err, code, signal });
    });
  });
}

function summarise(out) {
  const tests = [];
  let summary = {};
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    const o = JSON.parse(line);
    if (o.summary) summary = o.summary;
    else tests.push(o);
  }
  return { tests, summary };
}

const opts = parseArgs(process.argv.slice(2));
const target = opts.reference ? 'mqtt-packet (reference)' : 'mqtt-codec/mqtt-packet (drop-in)';
if (!opts.reference && !existsSync(join(root, 'dist', 'mqtt-packet.cjs'))) {
  process.stderr.write('dist/mqtt-packet.cjs is missing: run `npm run build` first\n');
  process.exit(2);
}
const { dir, pkg, version } = stage();
const started = Date.now();
const result = await run(pkg, opts);
if (!opts.keep) rmSync(dir, { recursive: true, force: true });
const { tests, summary } = summarise(result.out);
const failed = tests.filter((t) => t.outcome === 'fail');
const seconds = ((Date.now() - started) / 1000).toFixed(1);
for (const t of failed) t.file = t.file ? basename(t.file) : null;

if (opts.json) {
  process.stdout.write(`${JSON.stringify({ aedes: version, target, seconds: Number(seconds), summary, failed }, null, 2)}\n`);
} else {
  const s = summary;
  process.stdout.write(`Aedes ${version} test suite on ${target}${opts.keep ? ` (kept in ${dir})` : ''}\n`);
  process.stdout.write(`tests ${s.tests ?? '?'}  pass ${s.pass ?? '?'}  fail ${s.fail ?? '?'}  cancelled ${s.cancelled ?? '?'}  skipped ${s.skipped ?? '?'}  todo ${s.todo ?? '?'}  (${seconds} s)\n`);
  for (const t of failed) process.stdout.write(`  FAIL ${t.file ?? '?'} › ${t.name}\n       ${t.error.split('\n')[0]}\n`);
}
if (result.signal) process.stderr.write(`the run was stopped (${result.signal}) after ${seconds} s\n`);
if (summary.tests === undefined) process.stderr.write(`no summary from node --test; its stderr:\n${result.err.slice(-4000)}\n`);
const ok = summary.tests > 0 && summary.fail === 0 && (summary.cancelled ?? 0) === 0 && !result.signal;
process.exit(ok ? 0 : 1);
