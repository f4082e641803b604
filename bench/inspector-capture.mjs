// The inspector page with a large capture: a generated 100 MB pcap (one connection of 508,000
// small PUBLISH packets, then 6,350 connections of 100 each) opened through the page's file input
// in headless Chromium (Debian's, as test/browser/run.mjs). Measures: time from the pick to the
// connection list being complete, the longest stall of the page's main thread while the worker
// reads (a 10 ms timer's largest late tick), and the renderer's memory (RSS of the renderer
// process holding page and worker, and the bytes of the worker's packet store) after loading.
//   npm run build && node bench/inspector-capture.mjs [--mb N]
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../inspector/serve.mjs';
import { CaptureBuilder, CONNACK, connectPacket, DISCONNECT, publishPacket } from '../scripts/synth-capture.mjs';

const i = process.argv.indexOf('--mb');
const scale = (i > 0 ? Number(process.argv[i + 1]) : 100) / 100;
const EXECUTABLE = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

function capture() {
  const cap = new CaptureBuilder();
  const big = cap.connection('10.0.0.1', 40000, '10.0.0.2', 1883);
  big.client(connectPacket('big'));
  big.server(CONNACK);
  const p = publishPacket('sensors/a/temp', '21.5');
  for (let k = 0; k < 508_000 * scale; k++) big.client(p);
  big.client(DISCONNECT);
  big.close();
  for (let n = 0; n < 6350 * scale; n++) {
    const c = cap.connection(`10.1.${(n >> 8) & 255}.${n & 255}`, 10000 + n, '10.2.0.1', 1883);
    c.client(connectPacket(`client-${n}`));
    c.server(CONNACK);
    for (let k = 0; k < 100; k++) c.client(publishPacket(`site/${n % 100}/t`, `${k}`));
    c.client(DISCONNECT);
    c.close();
  }
  return cap.bytes();
}

/** RSS (MB) of Chromium's renderer processes (page and its worker live in one). */
function rendererRss() {
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      kb += Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-inspector-'));
const file = join(dir, 'big.pcap');
const bytes = capture();
writeFileSync(file, bytes);
console.log(`capture: ${(bytes.length / 2 ** 20).toFixed(1)} MB`);
const { server, url } = await startServer({ port: 0 });
const profile = join(dir, 'profile');
const context = await chromium.launchPersistentContext(profile, {
  executablePath: EXECUTABLE,
  headless: true,
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  const before = rendererRss();
  await page.evaluate(() => {
    window.__stall = 0;
    window.__t0 = performance.now();
    let last = performance.now();
    window.__timer = setInterval(() => {
      const now = performance.now();
      if (now - last - 10 > 50) (window.__stalls ??= []).push([Math.round(now - window.__t0), Math.round(now - last - 10), document.querySelector('#status')?.textContent.slice(0, 60)]);
      window.__stall = Math.max(window.__stall, now - last - 10);
      last = now;
    }, 10);
  });
  // The same timer on the idle page first: what the (shared) machine alone costs.
  await page.waitForTimeout(4000);
  const idle = await page.evaluate(() => window.__stall);
  await page.evaluate(() => {
    window.__stall = 0;
    window.__stalls = [];
    window.__t0 = performance.now();
  });
  const t0 = Date.now();
  await page.setInputFiles('#file', file);
  const reading = await (await page.waitForFunction(() => document.querySelector('#status')?.dataset.connections !== undefined && window.__stall, null, { timeout: 600_000 })).jsonValue();
  const wall = Date.now() - t0;
  await page.waitForSelector('#status[data-packet]', { timeout: 60_000 });
  const st = await page.$eval('#status', (el) => ({ text: el.textContent, ms: Number(el.dataset.ms), listed: document.querySelectorAll('#connections li[data-id]').length, stall: window.__stall, stalls: window.__stalls ?? [], held: Number(el.dataset.held) }));
  const pageHeap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
  const after = rendererRss();
  console.log(st.text);
  console.log(`load: ${(wall / 1000).toFixed(1)} s from the pick to the complete list (worker reading: ${(st.ms / 1000).toFixed(1)} s), ${st.listed} connection rows on the page`);
  console.log(`page main thread (a 10 ms timer's latest tick): ${reading.toFixed(0)} ms while reading, ${st.stall.toFixed(0)} ms including listing the rows after it (idle page, 4 s before: ${idle.toFixed(0)} ms)`);
  if (process.argv.includes('--stalls')) console.log(st.stalls);
  console.log(`memory: renderer RSS ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after; the worker's packet store ${(st.held / 2 ** 20).toFixed(1)} MB; page JS heap ${pageHeap === null ? '?' : `${(pageHeap / 2 ** 20).toFixed(0)} MB`}`);
} finally {
  await context.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
