/**
 * The conformance matrix stays complete and honest: docs/conformance.json has exactly one row per
 * normative statement of the two seed lists, every row the codec claims to check names a test file
 * or fixture file whose test or case names that id (for that version), every caller row says why,
 * and docs/conformance.md is what scripts/conformance.mjs generates from the JSON.
 *
 * The seed lists are parsed here independently of the script, so a parser bug in one shows up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConformanceRow, haveSeedLists, problems, readSnapshot, render, SNAPSHOT_PATH, snapshotText, specDir } from '../scripts/conformance.mjs';
import * as api from '../src/index.js';

const root = join(__dirname, '..');
const rows = JSON.parse(readFileSync(join(root, 'docs', 'conformance.json'), 'utf8')) as ConformanceRow[];
const VERSIONS = ['3.1.1', '5.0'] as const;
type Version = (typeof VERSIONS)[number];
const CHECKED = ['decode', 'encode', 'both', 'helper', 'conversation'];

/** 3.1.1: `| [MQTT-…] |` table rows; 5.0: `- [ ] x.y.z-n:` items, cited as MQTT-x.y.z-n. */
function seedIds(version: Version): string[] {
  const file = version === '3.1.1' ? 'mqtt-3.1.1-normative-statements.md' : 'mqtt-5.0-normative-statements.md';
  const text = readFileSync(join(specDir(), file), 'utf8');
  if (version === '3.1.1') return [...text.matchAll(/^\|\s*\[(MQTT-[^\]\s]+)\]/gm)].map((m) => m[1]);
  return [...text.matchAll(/^- \[ \] (\d[\d.]*-\d+):/gm)].map((m) => `MQTT-${m[1]}`);
}
/** The seed lists when ../shared/spec is beside the clone; else their committed ids, docs/seed-ids.json. */
const live = haveSeedLists();
const seeds: Record<Version, string[]> = live ? { '3.1.1': seedIds('3.1.1'), '5.0': seedIds('5.0') } : readSnapshot();

it.skipIf(!live)('docs/seed-ids.json holds exactly the ids of the seed lists (parsed here independently)', () => {
  expect(readFileSync(SNAPSHOT_PATH, 'utf8')).toBe(snapshotText(seeds));
});

/** True when `text` cites `id` as a whole id (MQTT-3.1.2-1 is not cited by MQTT-3.1.2-10). */
function cites(text: string, id: string): boolean {
  return new RegExp(`${id.replace(/[.\\-]/g, '\\$&')}(?![0-9]|\\.[0-9])`).test(text);
}

const ID = /MQTT-[0-9][0-9.-]*[0-9]/g;

/**
 * The versions a test name speaks for: its "(3.1.1 …)" / "(5.0 …)" marker, else a bare version
 * number in it, else both (an id with the same meaning in both lists).
 */
function nameVersions(name: string): Version[] {
  const rest = name.replace(ID, '');
  const paren = VERSIONS.filter((v) => new RegExp(`\\(${v === '3.1.1' ? '3\\.1(\\.1)?' : '5\\.0'}(?![.\\d])`).test(rest));
  if (paren.length > 0) return paren;
  const bare = VERSIONS.filter((v) => new RegExp(`(?<![\\d.])${v === '3.1.1' ? '3\\.1(\\.1)?' : '5\\.0'}(?![.\\d])`).test(rest));
  return bare.length > 0 ? bare : [...VERSIONS];
}

const names = new Map<string, { version: Version | null; name: string }[]>();
/**
 * The test or case names in a proof file: fixture case names with their protocol version, or a
 * test file's it/test/describe titles and the string literals that start with an id followed by
 * text (titles built from tables). Skipped and todo tests prove nothing and are left out.
 */
function namesIn(path: string): { version: Version | null; name: string }[] {
  let found = names.get(path);
  if (found !== undefined) return found;
  const text = readFileSync(join(root, path), 'utf8');
  if (path.endsWith('.json')) {
    const cases = (JSON.parse(text) as { cases: { name: string; protocolVersion: number }[] }).cases;
    found = cases.map((c) => ({ version: c.protocolVersion === 5 ? '5.0' : '3.1.1', name: c.name }));
  } else {
    const src = text.split('\n').filter((l) => !/\.(todo|skip)\(/.test(l)).join('\n');
    const titles = [...src.matchAll(/\b(?:it|test|describe)(?:\.each\([^\n]*?\))?\(\s*(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g)].map((m) => m[2]);
    const literals = [...src.matchAll(/(['"`])(MQTT-(?:\\.|(?!\1)[^\\\n])*?\s(?:\\.|(?!\1)[^\\\n])*)\1/g)].map((m) => m[2]);
    found = [...titles, ...literals].map((name) => ({ version: null, name }));
  }
  names.set(path, found);
  return found;
}

function provesRow(path: string, row: ConformanceRow): boolean {
  return namesIn(path).some(
    (n) => cites(n.name, row.id) && (n.version === null ? nameVersions(n.name).includes(row.version) : n.version === row.version),
  );
}

describe('docs/conformance.json', () => {
  it('the seed lists have 141 (3.1.1) and 247 (5.0) distinct statement ids, spelled as in the files', () => {
    expect(seeds['3.1.1']).toHaveLength(141);
    expect(seeds['5.0']).toHaveLength(247);
    for (const v of VERSIONS) expect(new Set(seeds[v]).size).toBe(seeds[v].length);
    expect(seeds['3.1.1']).toEqual(expect.arrayContaining(['MQTT-3.1.2.7', 'MQTT-3-8.3-4']));
    expect(seeds['5.0']).toEqual(expect.arrayContaining(['MQTT-3.7.2.1-1', 'MQTT-4.2-1']));
  });

  for (const v of VERSIONS) {
    it(`has exactly one row for every ${v} seed id, and no row for an id the ${v} list does not have`, () => {
      const ids = rows.filter((r) => r.version === v).map((r) => r.id);
      const missing = seeds[v].filter((id) => !ids.includes(id));
      const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
      const unknown = ids.filter((id) => !seeds[v].includes(id));
      expect({ missing, twice, unknown }).toEqual({ missing: [], twice: [], unknown: [] });
    });
  }

  it('every row has a version, an id, a summary, a known status and a list of tests', () => {
    const bad = rows.filter(
      (r) =>
        !VERSIONS.includes(r.version) ||
        typeof r.id !== 'string' ||
        typeof r.summary !== 'string' ||
        r.summary.trim() === '' ||
        ![...CHECKED, 'caller'].includes(r.status) ||
        !Array.isArray(r.tests),
    );
    expect(bad).toEqual([]);
    expect(rows).toHaveLength(141 + 247);
  });

  it('every decode, encode, both and helper row names at least one test', () => {
    const bare = rows.filter((r) => CHECKED.includes(r.status) && r.tests.length === 0).map((r) => `${r.version} ${r.id}`);
    expect(bare).toEqual([]);
  });

  it('every caller row says why a stateless codec does not check it', () => {
    const silent = rows.filter((r) => r.status === 'caller' && (typeof r.why !== 'string' || r.why.trim() === '')).map((r) => `${r.version} ${r.id}`);
    expect(silent).toEqual([]);
  });

  it('every helper row names a function that src/index.ts exports', () => {
    const exported = api as unknown as Record<string, unknown>;
    const bad = rows
      .filter((r) => r.status === 'helper' && (typeof r.helper !== 'string' || typeof exported[r.helper] !== 'function'))
      .map((r) => `${r.version} ${r.id}: ${String(r.helper)}`);
    expect(bad).toEqual([]);
  });

  it('every named test is a fixture or test file that exists and has a test or case citing the id, for that version', () => {
    const bad: string[] = [];
    for (const r of rows) {
      for (const path of r.tests) {
        if (!/^(fixtures\/packets\/[^/]+\.json|test\/[^/]+\.test\.ts)$/.test(path)) bad.push(`${r.version} ${r.id}: ${path} is not a fixture or test file`);
        else if (!existsSync(join(root, path))) bad.push(`${r.version} ${r.id}: ${path} does not exist`);
        else if (!provesRow(path, r)) bad.push(`${r.version} ${r.id}: no test or case in ${path} names ${r.id} (${r.version})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the script finds no problem either', () => {
    expect(problems(rows, seeds)).toEqual([]);
  });

  it('docs/conformance.md is up to date with the JSON (run node scripts/conformance.mjs)', () => {
    const md = readFileSync(join(root, 'docs', 'conformance.md'), 'utf8');
    expect(md === render(rows), 'docs/conformance.md differs from what scripts/conformance.mjs generates').toBe(true);
  });
});

describe('the checks above catch what they should', () => {
  const row = (over: Partial<ConformanceRow>): ConformanceRow =>
    ({ version: '3.1.1', id: 'MQTT-3.3.1-4', summary: 's', status: 'both', tests: ['fixtures/packets/publish.json'], ...over }) as ConformanceRow;

  it('a proof must cite the id for the right version, as a whole id', () => {
    expect(provesRow('fixtures/packets/publish.json', row({}))).toBe(true);
    expect(provesRow('fixtures/packets/publish.json', row({ id: 'MQTT-3.3.1-1' }))).toBe(false);
    expect(provesRow('fixtures/packets/connect.json', row({ id: 'MQTT-3.1.2-1' }))).toBe(true);
    expect(provesRow('fixtures/packets/connect.json', row({ version: '5.0', id: 'MQTT-3.1.2-15' }))).toBe(false);
    expect(provesRow('test/conformance-rules.test.ts', row({ version: '5.0', id: 'MQTT-3.2.2-1' }))).toBe(true);
    expect(provesRow('test/conformance-rules.test.ts', row({ version: '3.1.1', id: 'MQTT-3.2.2-1' }))).toBe(false);
    expect(provesRow('test/conformance-rules.test.ts', row({ id: 'MQTT-3.1.3-8' }))).toBe(false); // only in a comment
    expect(provesRow('test/decoder.test.ts', row({ id: 'MQTT-3.3.1-4' }))).toBe(false); // only as an expected rule
  });

  it('the script reports a missing, a repeated and an unknown id, and rows without tests or why', () => {
    const good = rows.filter((r) => !(r.version === '3.1.1' && r.id === 'MQTT-3.1.2.7'));
    const found = problems([...good, rows[0], row({ id: 'MQTT-9.9.9-9' }), row({ id: 'MQTT-3.3.1-4', tests: [] })], seeds).join('\n');
    expect(found).toContain('3.1.1 MQTT-3.1.2.7: seed id missing');
    expect(found).toContain(`3.1.1 ${rows[0].id}: present 2 times`);
    expect(found).toContain('3.1.1 MQTT-9.9.9-9: not an id of the 3.1.1 seed list');
    expect(found).toContain('status both but no test names it');
    expect(problems([row({ status: 'caller' })], seeds).join('\n')).toContain('a caller row needs a why');
  });
});
