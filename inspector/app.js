// The inspector page's script: plain ES module, no framework, no build step of its own. It imports
// the package's browser build (dist/index.js, made by `npm run build`) and uses only its public API:
// `inspect` for each packet's fields, spans and faults, `formatPacket` for the one-line summary.
//
// Input: hex (pasted), a pcap or pcapng capture (dropped or opened: capture-view.js reads it in a
// worker and lists its connections), or a raw one-direction stream. The stream is framed here
// by the fixed header's Remaining Length alone, so a packet with faults does not stop the packets
// after it; only a broken Remaining Length (or the end of the input) ends the framing. Large inputs
// are framed and inspected in time slices with a progress bar, so the page stays responsive.
import { PACKET_TYPES, formatPacket, frameLength, inspect } from '../dist/index.js';
import { isCapture, openCapture, selectConnection, selectPacket } from './capture-view.js';

/** Files larger than this are refused (the bytes are held in memory). */
const MAX_FILE = 256 * 1024 * 1024;
/** Rows shown in the packet list (the rest are counted). */
const MAX_ROWS = 500;
/** Bytes shown in the hex dump of one packet. */
const MAX_DUMP = 4096;
/** Time slice of the framing loop before yielding to the page, in ms. */
const SLICE_MS = 12;

const $ = (id) => document.getElementById(id);
const NAMES = ['reserved (0)', ...PACKET_TYPES.map((t) => t.name.toUpperCase())];
const VERSION_NAMES = { 3: '3.1', 4: '3.1.1', 5: '5.0' };

/** The current stream: bytes, and per packet its start, end, version used and fault count. */
let state = null;
/** The capture being shown (capture-view.js), or null. */
let capture = null;
/** Increments on every new input, so an older scan still running stops. */
let generation = 0;
/** Paraphrases of the conformance matrix rows, by "version id" (loaded when available). */
let matrix = new Map();

// ---------------------------------------------------------------- input

/**
 * Bytes of pasted hex. Tolerates whitespace, line breaks, commas, colons and `0x` prefixes;
 * throws an Error with a message for the user on anything else or an odd digit count.
 */
export function parseHex(text) {
  const digits = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (/[\s,:;]/.test(c)) continue;
    if (c === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && (i === 0 || /[\s,:;]/.test(text[i - 1]))) {
      i++;
      continue;
    }
    if (!/[0-9a-fA-F]/.test(c)) {
      const line = text.slice(0, i).split('\n').length;
      const col = i - text.lastIndexOf('\n', i - 1);
      throw new Error(`"${c}" is not a hex digit (line ${line}, column ${col}).`);
    }
    digits.push(c);
  }
  if (digits.length === 0) throw new Error('No hex digits to inspect.');
  if (digits.length % 2 !== 0) {
    throw new Error(`Odd number of hex digits (${digits.length}): every byte needs two; the last one is half a byte.`);
  }
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits[2 * i] + digits[2 * i + 1], 16);
  return out;
}

function options(version) {
  const from = $('from').value;
  return from ? { protocolVersion: version, from } : { protocolVersion: version };
}

/** Frames and inspects `bytes` in time slices; renders when done. */
async function load(bytes, label) {
  const gen = ++generation;
  leaveCapture();
  const version = Number($('version').value);
  const n = bytes.length;
  let cap = 1024;
  const s = {
    bytes,
    label,
    count: 0,
    faults: 0,
    faulty: [],
    starts: new Float64Array(cap),
    ends: new Float64Array(cap),
    versions: new Uint8Array(cap),
    diags: new Uint16Array(cap),
    note: '',
  };
  const progress = $('progress');
  progress.hidden = n < 1 << 20;
  status(`Reading ${label}…`);
  let v = version;
  let pos = 0;
  let sliceStart = performance.now();
  while (pos < n) {
    const total = frameLength(bytes, pos);
    let end = pos + total;
    let last = false;
    if (total < 0 || end > n) {
      end = n; // the rest is one (incomplete or unframeable) packet; inspect says what is wrong
      last = true;
    }
    const r = inspect(bytes.subarray(pos, end), options(v));
    if (s.count === cap) {
      cap *= 2;
      for (const k of ['starts', 'ends', 'versions', 'diags']) {
        const grown = new s[k].constructor(cap);
        grown.set(s[k]);
        s[k] = grown;
      }
    }
    s.starts[s.count] = pos;
    s.ends[s.count] = end;
    s.versions[s.count] = v;
    s.diags[s.count] = Math.min(r.diagnostics.length, 65535);
    if (r.diagnostics.length > 0) {
      s.faults++;
      s.faulty.push(s.count);
    }
    // A CONNECT carries the version of the packets after it (as the library's Decoder does).
    if (r.packet?.type === 'connect' && r.packet.protocolVersion) v = r.packet.protocolVersion;
    s.count++;
    pos = end;
    if (last && end - s.starts[s.count - 1] > 0 && r.diagnostics.length > 0) {
      s.note = 'Framing ends at the last packet: the input stops inside it, or its Remaining Length is broken.';
    }
    if (performance.now() - sliceStart > SLICE_MS) {
      progress.value = pos / n;
      status(`Reading ${label}: ${Math.floor((100 * pos) / n)} %, ${s.count.toLocaleString('en')} packets so far…`);
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (gen !== generation) return; // a newer input replaced this one
      sliceStart = performance.now();
    }
  }
  progress.hidden = true;
  state = s;
  const st = $('status');
  st.dataset.packets = String(s.count);
  st.dataset.faulty = String(s.faults);
  status(
    `${label}: ${n.toLocaleString('en')} bytes, ${s.count.toLocaleString('en')} packet${s.count === 1 ? '' : 's'}` +
      (s.faults ? `, ${s.faults.toLocaleString('en')} with faults` : ', no faults') +
      (s.note ? `. ${s.note}` : '.'),
  );
  renderList();
  select(s.faulty.length > 0 ? s.faulty[0] : 0);
}

function status(text, error = false) {
  const st = $('status');
  st.textContent = text;
  st.classList.toggle('error', error);
  if (error) {
    delete st.dataset.packets;
    delete st.dataset.faulty;
  }
}

function fail(message) {
  generation++;
  leaveCapture();
  $('progress').hidden = true;
  status(message, true);
}

function fromText() {
  let bytes;
  try {
    bytes = parseHex($('hex').value);
  } catch (e) {
    fail(e.message);
    return;
  }
  load(bytes, 'Pasted hex');
}

async function fromFile(file) {
  if (!file) return;
  if (file.size === 0) return fail(`${file.name} is empty.`);
  if (file.size > MAX_FILE) {
    return fail(`${file.name} is ${(file.size / 2 ** 20).toFixed(0)} MB; the inspector takes files up to ${MAX_FILE / 2 ** 20} MB.`);
  }
  status(`Opening ${file.name}…`);
  let buffer;
  try {
    buffer = await file.arrayBuffer();
  } catch (e) {
    return fail(`Could not read ${file.name}: ${e.message}`);
  }
  $('hex').value = '';
  load(new Uint8Array(buffer), file.name);
}

/** Stops showing a capture (its worker ends): a new input replaces it. */
function leaveCapture() {
  if (!capture) return;
  capture.close();
  capture = null;
  $('capture').hidden = true;
  $('packets-title').textContent = 'Packets';
  document.querySelector('main').classList.remove('capture-mode');
  const st = $('status');
  for (const k of ['connections', 'connection', 'rows', 'packet', 'ms', 'held']) delete st.dataset[k];
}

/** What capture-view.js may do to the page. */
const captureUi = {
  status,
  fail,
  show,
  reset() {
    $('empty').hidden = false;
    $('packet').hidden = true;
    current = null;
  },
};

/** A file: a capture goes to the capture view, anything else is a raw stream. */
async function openFile(file) {
  if (!file) return;
  let cap = false;
  try {
    cap = await isCapture(file);
  } catch (e) {
    return fail(`Could not read ${file.name}: ${e.message}`);
  }
  if (!cap) return fromFile(file);
  generation++;
  leaveCapture();
  state = null;
  $('hex').value = '';
  $('status').classList.remove('error');
  delete $('status').dataset.packets;
  delete $('status').dataset.faulty;
  capture = openCapture(file, captureUi);
}

// ---------------------------------------------------------------- packet list

function renderList() {
  const list = $('packets');
  list.textContent = '';
  if (!state) return;
  const only = $('faulty').checked;
  const total = only ? state.faulty.length : state.count;
  const shown = Math.min(total, MAX_ROWS);
  const frag = document.createDocumentFragment();
  for (let k = 0; k < shown; k++) {
    const i = only ? state.faulty[k] : k;
    const li = document.createElement('li');
    li.dataset.i = String(i);
    li.tabIndex = 0;
    li.setAttribute('role', 'button');
    const first = state.bytes[state.starts[i]];
    const len = state.ends[i] - state.starts[i];
    li.innerHTML = `<span class="n">#${i + 1}</span><span><span class="t"></span> <span class="at"></span></span><span class="bad"></span>`;
    li.querySelector('.t').textContent = NAMES[first >> 4];
    li.querySelector('.at').textContent = `@${state.starts[i]} · ${len} B`;
    if (state.diags[i]) li.querySelector('.bad').textContent = `${state.diags[i]} fault${state.diags[i] > 1 ? 's' : ''}`;
    frag.append(li);
  }
  if (total > shown) {
    const li = document.createElement('li');
    li.className = 'more';
    li.textContent = `… and ${(total - shown).toLocaleString('en')} more (the list shows the first ${MAX_ROWS})`;
    frag.append(li);
  }
  list.append(frag);
}

// ---------------------------------------------------------------- one packet

function renderValue(f) {
  const v = f.value;
  if (f.path === 'header.type') return `${v} (${NAMES[v] ?? '?'})`;
  if (f.path.endsWith('.id') && typeof v === 'number') return `0x${v.toString(16).padStart(2, '0')} (property identifier)`;
  if (f.mask !== undefined && f.path === 'header.flags') return `${v.toString(2).padStart(4, '0')} (bits 3–0)`;
  if (v instanceof Uint8Array) {
    const head = Array.from(v.subarray(0, 24), (b) => b.toString(16).padStart(2, '0')).join(' ');
    const text = v.length > 0 && v.every((b) => b >= 0x20 && b < 0x7f) ? ` ${JSON.stringify(String.fromCharCode(...v.subarray(0, 48)))}${v.length > 48 ? '…' : ''}` : '';
    return `${v.length} byte${v.length === 1 ? '' : 's'}${v.length ? `: ${head}${v.length > 24 ? ' …' : ''}${text}` : ''}`;
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return '';
  if (typeof v === 'number' && f.end - f.start === 1 && /options|flags/i.test(f.path)) return `${v} (0b${v.toString(2).padStart(8, '0')})`;
  return String(v);
}

/** Text of a diagnostic without the rule and offset the page shows separately. */
function detail(d) {
  return d.message.replace(/ \[MQTT-[^\]]*\]/, '').replace(/ at offset \d+$/, '');
}

function ruleLink(d) {
  const a = document.createElement('a');
  a.className = 'rule';
  a.textContent = d.rule;
  const spec = d.specVersion ?? '';
  a.href = `../docs/conformance.md#:~:text=${encodeURIComponent(`${spec} | ${d.rule} |`)}`;
  a.target = '_blank';
  a.rel = 'noopener';
  const summary = matrix.get(`${spec} ${d.rule}`);
  a.title = summary ? `${spec} ${d.rule}: ${summary}` : `${spec} ${d.rule}: the conformance matrix row`;
  a.dataset.spec = spec;
  return a;
}

let current = null;

function select(i) {
  if (!state || i >= state.count) return;
  for (const li of $('packets').querySelectorAll('li.selected')) li.classList.remove('selected');
  $('packets').querySelector(`li[data-i="${i}"]`)?.classList.add('selected');
  const start = state.starts[i];
  const bytes = state.bytes.subarray(start, state.ends[i]);
  const version = state.versions[i];
  show({ bytes, version, from: $('from').value, start, title: `#${i + 1} ${NAMES[bytes[0] >> 4]} · ${bytes.length} bytes at offset ${start} · MQTT ${VERSION_NAMES[version]}`, checks: [] });
  current.i = i;
}

/**
 * Shows one packet in the byte/field view: `bytes`, decoded as `version` from `from` ('' for
 * either side); `start` is its offset in its stream; `checks` are the conversation checker's
 * faults at this packet (capture view), listed after the packet's own.
 */
function show({ bytes, version, from, start, title: heading, checks }) {
  const r = inspect(bytes, from ? { protocolVersion: version, from } : { protocolVersion: version });
  const fields = r.fields;
  current = { start, bytes, fields, diagnostics: r.diagnostics, sticky: null };
  $('empty').hidden = true;
  $('packet').hidden = false;

  const title = $('summary');
  title.textContent = heading;
  const total = r.diagnostics.length + checks.length;
  const badge = document.createElement('span');
  badge.className = total ? 'ko' : 'ok';
  badge.textContent = total ? `${total} fault${total > 1 ? 's' : ''}` : 'valid';
  title.append(badge);
  $('decoded').textContent = r.packet ? formatPacket(r.packet) : 'Not decodable as it stands: see the faults below.';

  // Diagnostics: reason code, text, rule (linked to the matrix row), offset; their bytes marked.
  const list = $('diagnostics');
  list.textContent = '';
  r.diagnostics.forEach((d, k) => list.append(diagnosticItem(d, k, start, d.offset)));
  // The conversation checker's faults carry stream offsets: within this packet, they mark its bytes.
  checks.forEach((c, k) => {
    const at = c.offset === null ? undefined : c.offset - start;
    const d = { reasonCode: c.code, message: c.message, rule: c.rule || undefined, specVersion: c.spec || undefined, offset: at !== undefined && at >= 0 && at < bytes.length ? at : undefined };
    const li = diagnosticItem(d, r.diagnostics.length + k, start, d.offset);
    li.classList.add('conv');
    li.dataset.conversation = 'true';
    const tag = document.createElement('span');
    tag.className = 'tag';
    tag.textContent = 'conversation checker';
    li.append(tag);
    list.append(li);
  });

  renderDump(bytes, fields, r.diagnostics);
  renderFields(fields, r.diagnostics, bytes.length);
}

function diagnosticItem(d, k, start, offset) {
  const li = document.createElement('li');
  li.dataset.k = String(k);
  li.dataset.code = String(d.reasonCode);
  li.dataset.rule = d.rule ?? '';
  li.dataset.offset = offset === undefined ? '' : String(offset);
  const code = document.createElement('span');
  code.className = 'code';
  code.textContent = `0x${d.reasonCode.toString(16).padStart(2, '0')}`;
  li.append(code, detail(d));
  if (d.rule) li.append(ruleLink(d));
  const off = document.createElement('span');
  off.className = 'off';
  off.textContent = offset === undefined ? '' : `byte ${offset}${start ? ` (stream ${start + offset})` : ''}`;
  li.append(off);
  return li;
}

/** For each byte shown, the indices of the fields that cover it. */
function coverage(fields, n) {
  const by = Array.from({ length: n }, () => []);
  fields.forEach((f, j) => {
    for (let b = f.start; b < Math.min(f.end, n); b++) by[b].push(j);
  });
  return by;
}

function faultBytes(diagnostics, n) {
  const set = new Set();
  for (const d of diagnostics) if (d.offset !== undefined && d.offset < n) set.add(d.offset);
  return set;
}

function renderDump(bytes, fields, diagnostics) {
  const n = Math.min(bytes.length, MAX_DUMP);
  const by = coverage(fields, n);
  current.by = by;
  const faults = faultBytes(diagnostics, n);
  const dump = $('hexdump');
  dump.textContent = '';
  const frag = document.createDocumentFragment();
  for (let row = 0; row < n; row += 16) {
    const div = document.createElement('div');
    div.className = 'row';
    const addr = document.createElement('span');
    addr.className = 'addr';
    addr.textContent = row.toString(16).padStart(4, '0');
    div.append(addr);
    const asc = document.createElement('span');
    asc.className = 'asc';
    for (let b = row; b < Math.min(row + 16, n); b++) {
      const span = document.createElement('span');
      const owner = by[b].length ? by[b][by[b].length - 1] : -1;
      span.className = `b${owner >= 0 ? ` f${owner % 2}` : ''}${b % 16 === 7 ? ' gap' : ''}${faults.has(b) ? ' fault' : ''}`;
      span.dataset.b = String(b);
      span.textContent = bytes[b].toString(16).padStart(2, '0');
      div.append(span);
      const a = document.createElement('span');
      a.className = 'a';
      a.dataset.b = String(b);
      a.textContent = bytes[b] >= 0x20 && bytes[b] < 0x7f ? String.fromCharCode(bytes[b]) : '·';
      asc.append(a);
    }
    div.append(asc);
    frag.append(div);
  }
  dump.append(frag);
  $('hexnote').textContent = bytes.length > n ? `Showing the first ${n} of ${bytes.length} bytes.` : '';
}

function renderFields(fields, diagnostics, n) {
  const body = $('fields').tBodies[0];
  body.textContent = '';
  const faults = faultBytes(diagnostics, n);
  let group = '';
  const frag = document.createDocumentFragment();
  fields.forEach((f, j) => {
    const top = f.path.split(/[.[]/)[0];
    if (top !== group) {
      group = top;
      const tr = document.createElement('tr');
      tr.className = 'group';
      tr.innerHTML = '<td colspan="3"></td>';
      tr.firstChild.textContent = top;
      frag.append(tr);
    }
    const tr = document.createElement('tr');
    tr.dataset.j = String(j);
    let faulty = false;
    for (let b = f.start; b < f.end && !faulty; b++) faulty = faults.has(b);
    if (faulty) tr.classList.add('fault');
    const range = f.end - f.start === 1 ? `${f.start}` : `${f.start}–${f.end - 1}`;
    const mask = f.mask !== undefined ? ` &${f.mask.toString(16)}` : '';
    for (const [cls, text] of [
      ['r', range + mask],
      ['p', f.path.slice(top.length).replace(/^\./, '') || top],
      ['v', renderValue(f)],
    ]) {
      const td = document.createElement('td');
      td.className = cls;
      td.textContent = text;
      tr.append(td);
    }
    tr.title = f.path;
    frag.append(tr);
  });
  body.append(frag);
}

// ---------------------------------------------------------------- linking bytes and fields

function mark(cls, fieldIdx, byteIdx) {
  for (const el of document.querySelectorAll(`.${cls}`)) el.classList.remove(cls);
  if (!current) return;
  const bytes = new Set(byteIdx);
  for (const j of fieldIdx) {
    const f = current.fields[j];
    for (let b = f.start; b < f.end; b++) bytes.add(b);
    $('fields').querySelector(`tr[data-j="${j}"]`)?.classList.add(cls);
  }
  for (const b of bytes) for (const el of $('hexdump').querySelectorAll(`[data-b="${b}"]`)) el.classList.add(cls);
}

function fieldsAtByte(b) {
  return current?.by?.[b] ?? [];
}

function targetOf(e) {
  const byte = e.target.closest?.('[data-b]');
  if (byte) return { fields: fieldsAtByte(Number(byte.dataset.b)), bytes: [Number(byte.dataset.b)] };
  const row = e.target.closest?.('tr[data-j]');
  if (row) return { fields: [Number(row.dataset.j)], bytes: [] };
  const diag = e.target.closest?.('#diagnostics li');
  if (diag && diag.dataset.offset !== '') {
    const b = Number(diag.dataset.offset);
    return { fields: fieldsAtByte(b), bytes: [b] };
  }
  return null;
}

function hover(e) {
  const t = targetOf(e);
  if (t) mark('hl', t.fields, t.bytes);
  else mark('hl', [], []);
}

function click(e) {
  const t = targetOf(e);
  if (!t) return;
  mark('sel', t.fields, t.bytes);
}

// ---------------------------------------------------------------- wiring

/** A row of the packet or connection list was chosen (click, Enter or Space). */
function activate(target) {
  const li = target.closest?.('li[data-i], li[data-p], li[data-id]');
  if (!li) return;
  if (li.dataset.i !== undefined) select(Number(li.dataset.i));
  else if (capture && li.dataset.p !== undefined) selectPacket(capture, Number(li.dataset.p));
  else if (capture && li.dataset.id !== undefined) selectConnection(capture, Number(li.dataset.id));
}

/** Keys on a list row: Enter or Space chooses it, the arrows move between rows. */
function rowKey(e) {
  const li = e.target.closest?.('li[tabindex]');
  if (!li) return;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    activate(li);
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    let next = e.key === 'ArrowDown' ? li.nextElementSibling : li.previousElementSibling;
    while (next && !next.hasAttribute('tabindex')) next = e.key === 'ArrowDown' ? next.nextElementSibling : next.previousElementSibling;
    if (next) {
      next.focus();
      activate(next);
    }
  }
}

const EXAMPLE =
  '# MQTT 5.0 PUBLISH with three faults: DUP set with QoS 0, a "+" in the Topic Name, Topic Alias 0\n' +
  '38 0b 00 03 61 2b 62 03 23 00 00 68 69';

function init() {
  $('go').addEventListener('click', fromText);
  $('hex').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) fromText();
  });
  $('example').addEventListener('click', () => {
    $('version').value = '5';
    $('hex').value = EXAMPLE.split('\n')[1];
    status(EXAMPLE.split('\n')[0].slice(2));
    fromText();
  });
  // A capture's packets are decoded with their connection's version and their sender.
  $('version').addEventListener('change', () => !capture && state && load(state.bytes, state.label));
  $('from').addEventListener('change', () => !capture && state && load(state.bytes, state.label));
  $('file').addEventListener('change', (e) => {
    openFile(e.target.files[0]);
    e.target.value = '';
  });
  $('faulty').addEventListener('change', () => (capture ? capture.selected !== null && selectConnection(capture, capture.selected) : renderList()));
  $('packets').addEventListener('click', (e) => activate(e.target));
  $('connections').addEventListener('click', (e) => activate(e.target));
  for (const id of ['packets', 'connections']) $(id).addEventListener('keydown', rowKey);
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const file = e.dataTransfer?.files?.[0];
    if (!file) return fail('Drop a file: nothing else can be inspected.');
    openFile(file);
  });
  // Dropping a file anywhere else must not navigate away from the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  const detailPane = $('detail');
  detailPane.addEventListener('mouseover', hover);
  detailPane.addEventListener('mouseleave', () => mark('hl', [], []));
  detailPane.addEventListener('click', click);
  fetch('../docs/conformance.json')
    .then((r) => (r.ok ? r.json() : []))
    .then((rows) => {
      matrix = new Map(rows.map((row) => [`${row.version} ${row.id}`, row.summary]));
      for (const a of document.querySelectorAll('a.rule')) {
        const s = matrix.get(`${a.dataset.spec} ${a.textContent}`);
        if (s) a.title = `${a.dataset.spec} ${a.textContent}: ${s}`;
      }
    })
    .catch(() => {});
  document.body.dataset.ready = 'true';
}

init();
