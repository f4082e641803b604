// The inspector's capture view in Chromium, run by test/browser/run.mjs: fixture captures opened
// through the file input list every connection the library's own readCapture finds (ids,
// endpoints, packet counts per side, faults); a connection's packets show with their direction
// and faults (the conversation checker's too), narrowed to faults on request; a packet shows in
// the byte/field view; the keyboard works the lists; a dropped capture and one of 2,200
// connections (past a page of the list) are listed in full; a raw stream still takes the raw path. Screenshots go to test/browser/screenshots/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCapture } from '../../dist/capture.js';
import { CaptureBuilder, CONNACK, connectPacket, DISCONNECT } from '../../scripts/synth-capture.mjs';

const CAPTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'captures');

function endpoint(e) {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** What the library says of a capture: each connection's id, endpoints and final figures. */
export function expectedConnections(bytes) {
  const byId = new Map();
  for (const r of readCapture(bytes)) if ('connection' in r && r.connection) byId.set(r.connection.id, r.connection);
  return [...byId.values()]
    .sort((a, b) => a.id - b.id)
    .map((c) => ({ id: c.id, ends: `${endpoint(c.client)} → ${endpoint(c.server)}`, c2s: c.c2s.packets, s2c: c.s2c.packets, faults: c.faults, notMqtt: c.notMqtt !== undefined }));
}

/** The connections the page lists. */
function listed(page) {
  return page.$$eval('#connections li[data-id]', (lis) =>
    lis.map((li) => {
      const sum = li.querySelector('.sum').textContent;
      const side = (k) => Number(sum.match(new RegExp(`${k} (\\d+)`))?.[1] ?? 0);
      return { id: Number(li.dataset.id), ends: li.querySelector('.ep').textContent, c2s: side('C→S'), s2c: side('S→C'), faults: Number(li.dataset.faults), notMqtt: sum.startsWith('not MQTT') };
    }),
  );
}

async function open(page, file) {
  await page.setInputFiles('#file', file);
  await page.waitForFunction((name) => {
    const st = document.querySelector('#status');
    return st?.dataset.connections !== undefined && st.textContent.startsWith(name);
  }, file.split('/').at(-1));
}

/** Runs the capture checks on `page` (the inspector loaded at `url`). */
export async function captureChecks(page, url, check, shots) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');

  for (const name of ['two-interfaces.pcapng', 'stateful-faults.pcap', 'mosquitto-bridge.pcap', 'cut-short.pcapng', 'gap.pcap', 'v5-sll2-nano.pcap']) {
    const file = join(CAPTURES, name);
    await open(page, file);
    const want = expectedConnections(readFileSync(file));
    const got = await listed(page);
    if (name === 'gap.pcap') {
      await page.waitForSelector('#status[data-packet]');
      await page.screenshot({ path: join(shots, 'inspector-capture-gap.png'), fullPage: true });
    }
    check(`capture ${name}: every connection is listed as readCapture finds it (${want.length})`, want.length > 0 && JSON.stringify(got) === JSON.stringify(want), `page ${JSON.stringify(got)}\n     node ${JSON.stringify(want)}`);
  }

  // mosquitto-bridge: the 3.1.1 bridge named; its packets interleaved, both directions.
  await open(page, join(CAPTURES, 'mosquitto-bridge.pcap'));
  const bridge = await page.$eval('#connections li[data-id="1"] .sum', (el) => el.textContent);
  check('capture: a bridge connection says "(bridge)"', /MQTT 3\.1\.1 \(bridge\)/.test(bridge), bridge);
  await page.waitForSelector('#status[data-connection="1"]');
  const dirs = await page.$$eval('#packets li[data-p]', (lis) => lis.map((li) => li.dataset.dir));
  check(
    'capture: a connection\'s packets are listed in capture order with both directions (22)',
    dirs.length === 22 && dirs[0] === 'c2s' && dirs[1] === 's2c' && dirs.includes('s2c'),
    JSON.stringify(dirs),
  );
  await page.screenshot({ path: join(shots, 'inspector-capture-bridge.png'), fullPage: true });

  // stateful-faults: connection #1 has the conversation checker's faults; one of them shown.
  await open(page, join(CAPTURES, 'stateful-faults.pcap'));
  await page.waitForSelector('#status[data-connection="1"]');
  await page.waitForSelector('#status[data-packet]');
  const rows = await page.$$eval('#packets li[data-p]', (lis) => lis.map((li) => ({ dir: li.dataset.dir, type: li.querySelector('.t').textContent, faults: [...li.querySelectorAll('.fault')].map((f) => f.textContent) })));
  const puback = rows.find((r) => r.type === 'PUBACK' && r.faults.length > 0);
  check(
    'capture: connection #1 lists 15 packets, the stray PUBACK with its conversation fault',
    rows.length === 15 && puback?.dir === 'c2s' && /0x92 .*PUBACK 77/.test(puback.faults[0]),
    JSON.stringify(rows.filter((r) => r.faults.length)),
  );
  const shown = await page.$eval('#packet', (el) => ({ hidden: el.hidden, summary: document.querySelector('#summary').textContent, conv: [...document.querySelectorAll('#diagnostics li.conv')].map((li) => li.dataset.rule), fields: document.querySelectorAll('#fields tr[data-j]').length }));
  check(
    'capture: the first faulty packet opens in the byte/field view with its conversation fault',
    !shown.hidden && /Connection #1 C→S/.test(shown.summary) && shown.conv.includes('MQTT-2.3.1-6') && shown.fields > 0,
    JSON.stringify(shown),
  );
  await page.screenshot({ path: join(shots, 'inspector-capture-faults.png'), fullPage: true });

  // Keyboard: Tab to a connection row, Enter opens it; Enter on a packet row shows it.
  await page.focus('#connections li[data-id="2"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#status[data-connection="2"]');
  await page.focus('#packets li[data-p]:nth-child(3)');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Connection #2/.test(document.querySelector('#summary').textContent) && document.querySelector('#packets li.selected:nth-child(3)'));
  const alias = await page.$eval('#summary', (el) => el.textContent);
  check('capture: the keyboard opens a connection and a packet (#2, its PUBLISH with Topic Alias 50)', /Connection #2 C→S/.test(alias) && /1 fault/.test(alias), alias);
  await page.keyboard.press('ArrowDown');
  // The row is marked at once; the packet's view follows when the worker has answered (#status then names it).
  await page.waitForFunction(() => {
    const li = document.querySelector('#packets li.selected:nth-child(4)');
    return li !== null && document.querySelector('#status').dataset.packet === li.dataset.p;
  });
  const down = await page.$eval('#summary', (el) => el.textContent);
  check('capture: ArrowDown moves to the next packet (S→C DISCONNECT)', /Connection #2 S→C/.test(down), down);
  await page.hover('#fields tr[data-j]');
  await page.screenshot({ path: join(shots, 'inspector-capture-keyboard.png'), fullPage: true });

  // "Only packets with faults" narrows the connection's rows to its faulty packet.
  await page.check('#faulty');
  await page.waitForFunction(() => document.querySelector('#status')?.dataset.rows === '1');
  const faultyRows = await page.$$eval('#packets li[data-p]', (lis) => lis.map((li) => li.querySelector('.t').textContent));
  check('capture: only packets with faults: connection #2 shows its one faulty PUBLISH', JSON.stringify(faultyRows) === '["PUBLISH"]', JSON.stringify(faultyRows));
  await page.uncheck('#faulty');

  // Dropped rather than picked: the same capture view.
  const drop = await page.evaluateHandle(([hex, name]) => {
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name));
    return dt;
  }, [readFileSync(join(CAPTURES, 'two-interfaces.pcapng')).toString('hex'), 'dropped.pcapng']);
  await page.dispatchEvent('#drop', 'drop', { dataTransfer: drop });
  await page.waitForFunction(() => document.querySelector('#status')?.dataset.connections !== undefined && document.querySelector('#status').textContent.startsWith('dropped.pcapng'));
  const dropped = await listed(page);
  const wantDropped = expectedConnections(readFileSync(join(CAPTURES, 'two-interfaces.pcapng')));
  check('capture: a pcapng dropped on the page lists its connections too', JSON.stringify(dropped) === JSON.stringify(wantDropped), JSON.stringify(dropped));

  // More connections than one page of the list (2,000): a button lists the rest; all are there.
  const many = new CaptureBuilder();
  for (let n = 0; n < 2200; n++) {
    const c = many.connection(`10.1.${n >> 8}.${n & 255}`, 20000 + n, '10.2.0.1', 18830 + (n % 3));
    c.client(connectPacket(`c${n}`));
    c.server(CONNACK);
    c.client(DISCONNECT);
    c.close();
  }
  const manyBytes = Buffer.from(many.bytes());
  await page.setInputFiles('#file', { name: 'many.pcap', mimeType: 'application/octet-stream', buffer: manyBytes });
  await page.waitForFunction(() => document.querySelector('#status')?.dataset.connections !== undefined && document.querySelector('#status').textContent.startsWith('many.pcap'));
  const firstPage = await page.$$eval('#connections li[data-id]', (lis) => lis.length);
  await page.click('#connections li.more button');
  const all = await listed(page);
  const wantMany = expectedConnections(manyBytes);
  check(
    'capture: 2,200 connections on three ports: 2,000 listed, the button lists the rest, all as readCapture finds them',
    firstPage === 2000 && wantMany.length === 2200 && JSON.stringify(all) === JSON.stringify(wantMany),
    JSON.stringify({ firstPage, listed: all.length, want: wantMany.length }),
  );

  // A raw stream still goes the raw way.
  await page.setInputFiles('#file', join(import.meta.dirname, '..', '..', 'fixtures', 'sessions', 'v5-sub.server.bin'));
  await page.waitForFunction(() => document.querySelector('#status')?.textContent.startsWith('v5-sub.server.bin'));
  const raw = await page.$eval('#status', (el) => ({ packets: el.dataset.packets, connections: el.dataset.connections ?? null, captureHidden: document.querySelector('#capture').hidden, rows: document.querySelectorAll('#packets li[data-i]').length }));
  check('capture: a raw .bin stream after a capture is read as a raw stream again', raw.connections === null && raw.captureHidden && Number(raw.packets) > 0 && raw.rows === Number(raw.packets), JSON.stringify(raw));
}
