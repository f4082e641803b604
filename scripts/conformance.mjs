#!/usr/bin/env node
// The conformance matrix: reads docs/conformance.json (the source of truth), checks it against the
// normative-statement seed lists, writes docs/conformance.md and prints the counts per status.
//
//   node scripts/conformance.mjs           write docs/conformance.md, print the counts
//   node scripts/conformance.mjs --check   write nothing; exit 1 when docs/conformance.md is stale
//
// Exits 1 when a seed id is missing from the JSON, present twice or unknown, or when a row is
// malformed (bad version or status, a checkable row without tests, a caller row without a reason,
// a conversation row without the name of its check).
// Seed lists: $MQTT_SPEC_DIR, else ../shared/spec/ (the project's shared folder beside the repo).
// Their ids are also committed as docs/seed-ids.json (written here whenever the lists are read),
// so that a clone without the shared folder still checks the matrix against them.
// Plain Node, no dependencies. The functions are exported for test/conformance.test.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const JSON_PATH = join(ROOT, 'docs', 'conformance.json');
export const MD_PATH = join(ROOT, 'docs', 'conformance.md');
export const SNAPSHOT_PATH = join(ROOT, 'docs', 'seed-ids.json');
export const VERSIONS = ['3.1.1', '5.0'];
export const STATUSES = ['decode', 'encode', 'both', 'helper', 'conversation', 'caller'];
export const SEED_FILES = {
  '3.1.1': 'mqtt-3.1.1-normative-statements.md',
  '5.0': 'mqtt-5.0-normative-statements.md',
};

const STATUS_MEANING = {
  decode: '`decode` (and the stream `Decoder`) rejects bytes that break it',
  encode: '`encode` refuses, or cannot produce, a packet that breaks it; a received violation cannot be seen on the wire',
  both: '`decode` rejects it and `encode` refuses or never produces it',
  helper: 'an exported helper (named in the row) does what the statement asks; the caller calls it',
  conversation: 'the conversation checker (`Conversation`, from `mqtt-codec/conversation`) follows a connection\'s state in both directions and reports a breach (the row names its check)',
  caller: 'needs state, timers or I/O that a stateless codec does not have: the application\'s job (reason given)',
};

/** The directory holding the seed lists. */
export function specDir() {
  if (process.env.MQTT_SPEC_DIR) return process.env.MQTT_SPEC_DIR;
  return join(ROOT, '..', 'shared', 'spec');
}

/**
 * The statement ids of one seed list, in order. 3.1.1: the first cell of each table row,
 * `| [MQTT-x.y.z-n] | ... |`, spelled as in the file (MQTT-3.1.2.7, MQTT-3-8.3-4). 5.0: the
 * numbered checklist items `- [ ] x.y.z-n: ...`, cited as MQTT-x.y.z-n ("Optional" items have none).
 */
export function parseSeed(version, text) {
  const ids = [];
  for (const line of text.split('\n')) {
    const m = version === '3.1.1' ? /^\|\s*\[(MQTT-[^\]\s]+)\]\s*\|/.exec(line) : /^- \[[ xX]\] (\d[\d.]*-\d+):/.exec(line);
    if (m) ids.push(version === '3.1.1' ? m[1] : `MQTT-${m[1]}`);
  }
  return ids;
}

/** Both seed lists: `{ '3.1.1': [...ids], '5.0': [...ids] }`. */
export function readSeeds(dir = specDir()) {
  const seeds = {};
  for (const v of VERSIONS) seeds[v] = parseSeed(v, readFileSync(join(dir, SEED_FILES[v]), 'utf8'));
  return seeds;
}

/** Whether the seed lists themselves are at hand (else only docs/seed-ids.json is). */
export function haveSeedLists(dir = specDir()) {
  return VERSIONS.every((v) => existsSync(join(dir, SEED_FILES[v])));
}

/** The committed snapshot of the seed ids (docs/seed-ids.json). */
export function readSnapshot() {
  return JSON.parse(readFileSync(SNAPSHOT_PATH, 'utf8'));
}

/** The text of docs/seed-ids.json for `seeds`. */
export function snapshotText(seeds) {
  return `${JSON.stringify(seeds, null, 1)}\n`;
}

/** Everything wrong with `rows` as a matrix of `seeds`; empty when it is sound. */
export function problems(rows, seeds) {
  const out = [];
  if (!Array.isArray(rows)) return ['docs/conformance.json must be an array of rows'];
  const seen = new Map();
  rows.forEach((r, i) => {
    const at = `row ${i} (${r?.version} ${r?.id})`;
    if (r === null || typeof r !== 'object') return out.push(`row ${i} is not an object`);
    if (!VERSIONS.includes(r.version)) out.push(`${at}: version must be "3.1.1" or "5.0"`);
    if (!STATUSES.includes(r.status)) out.push(`${at}: status must be one of ${STATUSES.join(', ')}`);
    if (typeof r.summary !== 'string' || r.summary.trim() === '') out.push(`${at}: summary is missing`);
    if (!Array.isArray(r.tests) || r.tests.some((t) => typeof t !== 'string')) out.push(`${at}: tests must be an array of paths`);
    else if (r.status !== 'caller' && r.tests.length === 0) out.push(`${at}: status ${r.status} but no test names it`);
    if (r.status === 'caller' && (typeof r.why !== 'string' || r.why.trim() === '')) out.push(`${at}: a caller row needs a why`);
    if (r.status === 'helper' && (typeof r.helper !== 'string' || r.helper === '')) out.push(`${at}: a helper row needs the helper's name`);
    if (r.status === 'conversation' && (typeof r.check !== 'string' || r.check === '')) out.push(`${at}: a conversation row needs the name of its check`);
    const key = `${r.version} ${r.id}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  });
  for (const v of VERSIONS) {
    const known = new Set(seeds[v]);
    for (const id of seeds[v]) {
      const n = seen.get(`${v} ${id}`) ?? 0;
      if (n === 0) out.push(`${v} ${id}: seed id missing from docs/conformance.json`);
      if (n > 1) out.push(`${v} ${id}: present ${n} times`);
    }
    for (const r of rows) {
      if (r?.version === v && !known.has(r.id)) out.push(`${v} ${r.id}: not an id of the ${v} seed list`);
    }
  }
  return out;
}

/** `{ status: { '3.1.1': n, '5.0': n, total: n } }`, plus a `total` row. */
export function counts(rows) {
  const c = {};
  for (const s of [...STATUSES, 'total']) c[s] = { '3.1.1': 0, '5.0': 0, total: 0 };
  for (const r of rows) {
    for (const s of [r.status, 'total']) {
      c[s][r.version]++;
      c[s].total++;
    }
  }
  return c;
}

/** The counts as a Markdown table. */
export function countsTable(rows) {
  const c = counts(rows);
  const lines = ['| status | 3.1.1 | 5.0 | total |', '|---|---:|---:|---:|'];
  for (const s of [...STATUSES, 'total']) {
    const name = s === 'total' ? '**total**' : s;
    lines.push(`| ${name} | ${c[s]['3.1.1']} | ${c[s]['5.0']} | ${c[s].total} |`);
  }
  return lines.join('\n');
}

function cell(text) {
  return String(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function proof(r) {
  const parts = [];
  if (r.helper) parts.push(`helper \`${r.helper}\``);
  if (r.check) parts.push(`check ${r.check.split(', ').map((c) => `\`${c}\``).join(', ')}`);
  if (r.tests.length > 0) parts.push(r.tests.map((t) => `\`${t}\``).join(', '));
  if (r.why) parts.push(`*why:* ${cell(r.why)}`);
  return parts.join('<br>');
}

/** docs/conformance.md for `rows`. */
export function render(rows) {
  const out = [
    '# MQTT conformance matrix',
    '',
    '<!-- Generated by scripts/conformance.mjs (npm run conformance) from docs/conformance.json. Do not edit by hand. -->',
    '',
    'One row per normative statement of MQTT 3.1.1 and MQTT 5.0 (the seed lists in `../shared/spec/`; 5.0 ids are',
    'cited as `MQTT-x.y.z-n`), saying what mqtt-codec does about it and which tests or fixture cases prove it.',
    'A proof is a test file or fixture file with a test or case whose name starts with the id.',
    '',
    '| status | meaning |',
    '|---|---|',
    ...STATUSES.map((s) => `| ${s} | ${STATUS_MEANING[s]} |`),
    '',
    '## Summary',
    '',
    countsTable(rows),
  ];
  for (const v of VERSIONS) {
    out.push('', `## MQTT ${v}`, '', '| version | id | paraphrase | status | proof (tests) / why |', '|---|---|---|---|---|');
    for (const r of rows.filter((x) => x.version === v)) {
      out.push(`| ${r.version} | ${r.id} | ${cell(r.summary)} | ${r.status} | ${proof(r)} |`);
    }
  }
  return out.join('\n') + '\n';
}

function main(argv) {
  const check = argv.includes('--check');
  const rows = JSON.parse(readFileSync(JSON_PATH, 'utf8'));
  const live = haveSeedLists();
  if (!live) console.error(`conformance: no seed lists in ${specDir()}; checking against docs/seed-ids.json`);
  const seeds = live ? readSeeds() : readSnapshot();
  if (live && !check) writeFileSync(SNAPSHOT_PATH, snapshotText(seeds));
  const found = problems(rows, seeds);
  if (found.length > 0) {
    for (const p of found) console.error(`conformance: ${p}`);
    console.error(`conformance: ${found.length} problem(s) in docs/conformance.json`);
    return 1;
  }
  const md = render(rows);
  if (check) {
    const current = existsSync(MD_PATH) ? readFileSync(MD_PATH, 'utf8') : '';
    if (current !== md) {
      console.error('conformance: docs/conformance.md is out of date; run node scripts/conformance.mjs');
      return 1;
    }
    if (live && readFileSync(SNAPSHOT_PATH, 'utf8') !== snapshotText(seeds)) {
      console.error('conformance: docs/seed-ids.json differs from the seed lists; run node scripts/conformance.mjs');
      return 1;
    }
  } else {
    writeFileSync(MD_PATH, md);
  }
  console.log(countsTable(rows));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
