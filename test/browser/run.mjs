#!/usr/bin/env node
// `npm run test:browser`: the package in a real browser — headless Chromium (Debian's `chromium`,
// never a downloaded build) driven by playwright-core.
//
// 1. test/browser/checks.html loads dist/index.js as a plain ES module (no bundler) and runs the
//    shared checks of test/runtimes/checks.mjs; the counts and digest must equal this Node's.
// 2. The inspector page (inspector/): a pasted MQTT 5.0 PUBLISH with three faults shows the three
//    diagnostics (reason code, rule, offset) with their bytes marked, and hovering a field lights
//    up exactly its bytes; a recorded session dropped on the page shows its packet count; a bad
//    paste shows a message. A screenshot of each state goes to test/browser/screenshots/ (ignored).
// 3. Captures on the inspector page (test/browser/capture.mjs): each fixture capture lists every
//    connection the library's readCapture finds; packets, faults and the byte view show.
//
// Chromium: $CHROMIUM_PATH, else /usr/bin/chromium (`.ci/run` installs Debian's package).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../inspector/serve.mjs';
import * as lib from '../../dist/index.js';
import * as compat from '../../dist/mqtt-packet.js';
import { runChecks } from '../runtimes/checks.mjs';
import { captureChecks } from './capture.mjs';
import { loadData, ROOT } from '../runtimes/data.mjs';

const SHOTS = join(ROOT, 'test', 'browser', 'screenshots');
const EXECUTABLE = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
/** The flags that let Debian's chromium run headless as root in a container, quietly. */
const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${!ok && detail ? `\n     ${detail}` : ''}`);
}

if (!EXECUTABLE) {
  console.error('no Chromium: install Debian\'s chromium package (apt-get install chromium) or set CHROMIUM_PATH');
  process.exit(1);
}

const data = loadData();
const { server, url } = await startServer({ port: 0 });
const origin = new URL(url).origin;
const profile = mkdtempSync(join(tmpdir(), 'mqtt-codec-chromium-'));
mkdirSync(SHOTS, { recursive: true });
const context = await chromium.launchPersistentContext(profile, {
  executablePath: EXECUTABLE,
  headless: true,
  args: ARGS,
  viewport: { width: 1600, height: 720 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const version = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '?'));

  // 1. The shared checks, in the page.
  await page.goto(`${origin}/test/browser/checks.html`);
  await page.waitForSelector('body[data-ready="true"]');
  const inBrowser = await page.evaluate((d) => window.runChecks(d), data);
  const inNode = runChecks(lib, data, compat);
  const keys = Object.keys(inNode.counts);
  console.log(`Chromium ${version}: ${keys.map((k) => `${k} ${inBrowser.counts[k]}`).join(', ')}, digest ${inBrowser.digest}`);
  check('the shared checks pass in Chromium', inBrowser.failures.length === 0, inBrowser.failures.slice(0, 10).join('\n     '));
  check(
    'Chromium gives the same counts and digest as Node',
    JSON.stringify(inBrowser.counts) === JSON.stringify(inNode.counts) && inBrowser.digest === inNode.digest,
    `node ${JSON.stringify(inNode.counts)} ${inNode.digest}, chromium ${JSON.stringify(inBrowser.counts)} ${inBrowser.digest}`,
  );

  // The mqtt-packet drop-in in a page: no Buffer there, so its binary values are Uint8Arrays.
  const binary = await page.evaluate(() => window.compatBinary());
  check('mqtt-codec/mqtt-packet in a page: no Buffer, generate gives a Uint8Array', JSON.stringify(binary) === '["undefined","Uint8Array"]', JSON.stringify(binary));

  // 2. The inspector: a packet with three faults (MQTT 5.0 PUBLISH: DUP with QoS 0 [MQTT-3.3.1-2],
  // a "+" in the Topic Name [MQTT-3.3.2-2], Topic Alias 0 [MQTT-3.3.2-8]), pasted as hex.
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.selectOption('#version', '5');
  await page.fill('#hex', '0x38 0x0b 00 03 61 2b 62\n03 23 00 00, 68 69');
  await page.click('#go');
  await page.waitForSelector('#status[data-packets]');
  const diags = await page.$$eval('#diagnostics li', (lis) =>
    lis.map((li) => ({ code: Number(li.dataset.code), rule: li.dataset.rule, offset: Number(li.dataset.offset), link: li.querySelector('a.rule')?.getAttribute('href') ?? '' })),
  );
  const want = [
    { code: 0x82, rule: 'MQTT-3.3.1-2', offset: 0 },
    { code: 0x82, rule: 'MQTT-3.3.2-2', offset: 5 },
    { code: 0x82, rule: 'MQTT-3.3.2-8', offset: 9 },
  ];
  const got = diags.map(({ code, rule, offset }) => ({ code, rule, offset })).sort((a, b) => a.offset - b.offset);
  check('inspector: three diagnostics with reason code, rule and offset', JSON.stringify(got) === JSON.stringify(want), JSON.stringify(got));
  check('inspector: each rule links to its conformance matrix row (5.0)', diags.every((d) => d.link.includes('conformance.md') && d.link.includes(encodeURIComponent(`5.0 | ${d.rule} |`))), JSON.stringify(diags.map((d) => d.link)));
  const faultBytes = await page.$$eval('#hexdump .b.fault', (els) => els.map((e) => Number(e.dataset.b)).sort((a, b) => a - b));
  check('inspector: the faulty bytes are marked in the hex dump (0, 5, 9)', JSON.stringify(faultBytes) === '[0,5,9]', JSON.stringify(faultBytes));
  const faultRows = await page.$$eval('#fields tr.fault', (rows) => rows.map((r) => r.title));
  check(
    'inspector: the fields holding them are marked',
    ['header.type', 'header.flags', 'variableHeader.topicName', 'properties.topicAlias'].every((p) => faultRows.includes(p)),
    JSON.stringify(faultRows),
  );
  // Hover a field: exactly its bytes light up; hover a byte: its field's row lights up.
  await page.hover('#fields tr[title="variableHeader.topicName"]');
  const lit = await page.$$eval('#hexdump .b.hl', (els) => els.map((e) => Number(e.dataset.b)));
  check('inspector: hovering the Topic Name field highlights bytes 4–6', JSON.stringify(lit) === '[4,5,6]', JSON.stringify(lit));
  await page.hover('#hexdump .b[data-b="10"]');
  const litRows = await page.$$eval('#fields tr.hl', (rows) => rows.map((r) => r.title));
  check('inspector: hovering byte 10 highlights the Topic Alias field', JSON.stringify(litRows) === '["properties.topicAlias"]', JSON.stringify(litRows));
  await page.hover('#diagnostics li[data-offset="5"]');
  await page.screenshot({ path: join(SHOTS, 'inspector-three-faults.png'), fullPage: true });

  // A recorded session, dropped on the page as a file.
  const session = data.sessions.find((s) => s.meta.name === 'v5-sub');
  const dataTransfer = await page.evaluateHandle(([hex, name]) => {
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name, { type: 'application/octet-stream' }));
    return dt;
  }, [session.server, 'v5-sub.server.bin']);
  await page.dispatchEvent('#drop', 'drop', { dataTransfer });
  await page.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('v5-sub.server.bin'));
  const count = await page.$eval('#status', (el) => ({ packets: Number(el.dataset.packets), faulty: Number(el.dataset.faulty), rows: document.querySelectorAll('#packets li[data-i]').length }));
  const expected = session.meta.packets.server.length;
  check(`inspector: the dropped session v5-sub server→ shows its ${expected} packets, none faulty`, count.packets === expected && count.rows === expected && count.faulty === 0, JSON.stringify(count));
  await page.click('#packets li[data-i="2"]');
  await page.hover('#fields tr[title="payload"]');
  await page.screenshot({ path: join(SHOTS, 'inspector-session.png'), fullPage: true });

  // A 50 MB stream (the same session over and over, made in the page): framed in steps, with a
  // progress bar while it runs, and every packet counted at the end. Nothing here is timed.
  const big = await page.evaluateHandle((hex) => {
    const one = new Uint8Array(hex.length / 2);
    for (let i = 0; i < one.length; i++) one[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    const copies = Math.floor((50 * 2 ** 20) / one.length);
    const bytes = new Uint8Array(copies * one.length);
    for (let k = 0; k < copies; k++) bytes.set(one, k * one.length);
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'big.bin'));
    window.__copies = copies;
    return dt;
  }, session.server);
  await page.dispatchEvent('#drop', 'drop', { dataTransfer: big });
  await page.waitForFunction(() => /^Reading big\.bin: \d+ %/.test(document.querySelector('#status')?.textContent ?? ''));
  const progressShown = await page.$eval('#progress', (el) => !el.hidden && el.value > 0);
  const midway = await page.$eval('#status', (el) => el.textContent);
  await page.screenshot({ path: join(SHOTS, 'inspector-large-file.png') });
  await page.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('big.bin'), null, { timeout: 240_000 });
  const bigCount = await page.$eval('#status', (el) => ({ packets: Number(el.dataset.packets), rows: document.querySelectorAll('#packets li[data-i]').length, copies: window.__copies }));
  check(
    'inspector: a 50 MB stream is read in steps with progress, and all its packets are counted',
    progressShown && /^Reading big\.bin: \d+ %/.test(midway) && bigCount.packets === bigCount.copies * expected && bigCount.rows === 500,
    JSON.stringify({ progressShown, midway, ...bigCount }),
  );

  // Garbage bytes (4 KiB of 0xff: a Remaining Length that never ends) are one faulty fragment
  // and a note that framing stopped there.
  const junk = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(4096).fill(0xff)], 'junk.bin'));
    return dt;
  });
  await page.dispatchEvent('#drop', 'drop', { dataTransfer: junk });
  await page.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('junk.bin'));
  const junkState = await page.$eval('#status', (el) => ({ packets: el.dataset.packets, faulty: el.dataset.faulty, text: el.textContent, diag: document.querySelector('#diagnostics li')?.dataset.code }));
  check(
    'inspector: a garbage file is one faulty fragment (0x81) with a note that framing ends there',
    junkState.packets === '1' && junkState.faulty === '1' && junkState.diag === '129' && /Framing ends/.test(junkState.text),
    JSON.stringify(junkState),
  );

  // Bad input gets a message, not a stack trace.
  await page.fill('#hex', '30 0');
  await page.click('#go');
  const odd = await page.$eval('#status', (el) => ({ error: el.classList.contains('error'), text: el.textContent }));
  check('inspector: odd hex gets a clear message', odd.error && /odd number of hex digits/i.test(odd.text), JSON.stringify(odd));
  await page.fill('#hex', '30 zz');
  await page.click('#go');
  const garbage = await page.$eval('#status', (el) => el.textContent);
  check('inspector: a non-hex character is named with its place', /"z" is not a hex digit \(line 1, column 4\)/.test(garbage), garbage);

  // 3. Captures (test/browser/capture.mjs): pcap and pcapng files opened on the page.
  await captureChecks(page, url, check, SHOTS);
  check('no errors in the page console', errors.length === 0, errors.join('\n     '));
  console.log(`screenshots: ${SHOTS}`);
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
