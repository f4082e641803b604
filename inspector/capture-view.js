// The inspector's capture view: a pcap or pcapng file is read by capture-worker.js (a module
// worker running the library's capture reader), with a progress bar; the page lists the capture's
// connections with their summaries, then the chosen connection's packets, gaps and notes in
// capture order with their direction, each packet with its faults (the strict decoder's and the
// conversation checker's); choosing a packet shows it in the byte/field view of app.js.
//
// The page holds only the connection summaries and the rows on screen; the worker holds the rest.

/** Rows of a connection's timeline asked for at a time. */
const PAGE = 250;
/** Connections listed while the capture is read (the rest once it is read: each row costs layout). */
const LIVE_ROWS = 100;
/** Connections listed before a "show more" button. */
const CONN_PAGE = 2000;
const ARROW = { c2s: 'C→S', s2c: 'S→C' };
const SOURCE = { CONNECT: 'from CONNECT', option: 'from the option', guess: 'guessed' };

const TYPE_NAMES = ['reserved (0)', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH'];
const VERSIONS = { 3: '3.1', 4: '3.1.1', 5: '5.0' };
const $ = (id) => document.getElementById(id);

/**
 * True when the file starts with a pcap magic number (µs or ns, either byte order) or a pcapng
 * Section Header Block. No MQTT stream starts with these bytes (their flags are not allowed).
 */
export async function isCapture(file) {
  if (file.size < 4) return false;
  const b = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  const magic = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
  return [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a].includes(magic);
}

function endpoint(e) {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

function plural(n, word) {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

function mb(n) {
  return `${(n / 2 ** 20).toFixed(1)} MB`;
}

/** The line under a connection's endpoints: version, packets per side, faults, gaps. */
export function connectionText(c) {
  if (c.notMqtt !== null) return `not MQTT (${c.notMqtt}): skipped`;
  const version = c.version === null ? (c.c2s + c.s2c === 0 ? 'no data' : 'MQTT (version unknown)') : `MQTT ${c.version}${c.bridge ? ' (bridge)' : ''} (${SOURCE[c.versionSource] ?? 'guessed'})`;
  const extra = [c.fromStart ? '' : 'starts mid-connection', c.gaps ? `${plural(c.gaps, 'gap')} (${c.gapBytes} B missing)` : '', c.ended === 'evicted' ? 'closed early by the connection limit' : ''].filter(Boolean);
  return `${version} · C→S ${c.c2s} · S→C ${c.s2c} · ${plural(c.faults, 'fault')}${extra.length ? ` · ${extra.join(' · ')}` : ''}`;
}

/**
 * Opens a capture file: starts a worker, shows progress, then the connections. `ui` is app.js's:
 * `status(text, error)`, `fail(message)`, `show(packet)` (the byte/field view), `reset()`.
 * Returns the view, whose `close()` stops the worker.
 */
export function openCapture(file, ui) {
  const worker = new Worker(new URL('./capture-worker.js', import.meta.url), { type: 'module' });
  const view = { file, worker, conns: new Map(), items: new Map(), changed: new Set(), lastListed: 0, connLimit: CONN_PAGE, selected: null, rows: [], total: 0, packet: null, done: false, scheduled: false, closed: false };
  view.close = () => {
    view.closed = true;
    worker.terminate();
  };
  const progress = $('progress');
  progress.hidden = false;
  progress.value = 0;
  $('capture').hidden = false;
  $('connections').textContent = '';
  $('packets').textContent = '';
  $('packets-title').textContent = 'Packets';
  document.querySelector('main').classList.add('capture-mode');
  ui.reset();
  ui.status(`Reading ${file.name}…`);
  worker.onmessage = (e) => view.closed || handle(view, ui, e.data);
  worker.onerror = (e) => view.closed || ui.fail(`The capture reader stopped: ${e.message}`);
  worker.postMessage({ type: 'open', file });
  return view;
}

function handle(view, ui, m) {
  if (m.type === 'progress') {
    $('progress').value = m.total ? m.bytesRead / m.total : 0;
    ui.status(`Reading ${view.file.name}: ${Math.floor((100 * m.bytesRead) / (m.total || 1))} % (${mb(m.bytesRead)} of ${mb(m.total)}), ${plural(m.frames, 'frame')}, ${plural(m.connections, 'connection')}, ${plural(m.packets, 'packet')} so far…`);
  } else if (m.type === 'connections') {
    for (const c of m.rows) {
      view.conns.set(c.id, c);
      view.changed.add(c.id);
    }
    if (!view.scheduled) {
      view.scheduled = true;
      // At most a few list updates a second while reading: each one costs the page a layout.
      setTimeout(() => {
        view.scheduled = false;
        if (!view.closed) renderConnections(view, ui);
      }, view.done ? 0 : 250);
    }
  } else if (m.type === 'done') done(view, ui, m);
  else if (m.type === 'rows') rowsArrived(view, ui, m);
  else if (m.type === 'packet') packetArrived(view, ui, m);
  else if (m.type === 'error') ui.fail(m.message);
}

function done(view, ui, m) {
  view.done = true;
  view.summary = m;
  $('progress').hidden = true;
  renderConnections(view, ui);
  const st = $('status');
  st.dataset.connections = String(view.conns.size);
  st.dataset.packets = String(m.packets);
  st.dataset.ms = String(Math.round(m.ms));
  st.dataset.held = String(m.held);
  const format = m.info ? `${m.info.format}, ${plural(m.info.interfaces.length, 'interface')}` : 'no readable header';
  const problems = m.problems.map((p) => p.message);
  let text = `${view.file.name}: ${format}, ${plural(m.frames, 'frame')}, ${plural(view.conns.size, 'connection')}, ${plural(m.packets, 'MQTT packet')}`;
  if (view.conns.size === 0) {
    const ports = m.ports.map(([port, n]) => `${port} (${plural(n, 'frame')})`).join(', ');
    text += ports ? `. No MQTT found; TCP traffic on port${m.ports.length > 1 ? 's' : ''} ${ports}` : '. No TCP traffic';
  }
  ui.status(`${text}.${problems.length ? ` ${problems.join(' ')}` : ''}`, false);
  // The first connection with packets opens, unless one was chosen while the capture was read
  // (it is shown again: its timeline is complete now).
  const first = [...view.conns.values()].find((c) => c.c2s + c.s2c > 0) ?? view.conns.values().next().value;
  if (view.selected !== null) selectConnection(view, view.selected);
  else if (first) selectConnection(view, first.id);
}

/** A connection's row. */
function connectionItem(view, c) {
  const li = document.createElement('li');
  li.dataset.id = String(c.id);
  li.tabIndex = 0;
  li.setAttribute('role', 'button');
  if (c.id === view.selected) li.classList.add('selected');
  const head = document.createElement('div');
  head.className = 'ends';
  const n = document.createElement('span');
  n.className = 'n';
  n.textContent = `#${c.id}`;
  const ep = document.createElement('span');
  ep.className = 'ep';
  ep.textContent = `${endpoint(c.client)} → ${endpoint(c.server)}`;
  head.append(n, ' ', ep);
  const sub = document.createElement('div');
  li.append(head, sub);
  updateItem(li, c);
  return li;
}

function updateItem(li, c) {
  li.dataset.faults = String(c.faults);
  const sub = li.lastChild;
  const cls = `sum${c.faults ? ' bad' : ''}${c.notMqtt !== null ? ' skip' : ''}`;
  const text = connectionText(c);
  if (sub.className !== cls) sub.className = cls;
  if (sub.textContent !== text) sub.textContent = text;
}

/**
 * Brings the connection list up to date: rows of connections seen before are updated in place,
 * new ones appended (ids only grow while a capture is read), up to `connLimit` rows.
 */
function renderConnections(view, ui) {
  const list = $('connections');
  const changed = [...view.changed].sort((a, b) => a - b);
  view.changed.clear();
  list.querySelector('li.more')?.remove();
  const frag = document.createDocumentFragment();
  for (const id of changed) {
    const c = view.conns.get(id);
    const li = view.items.get(id);
    if (li) updateItem(li, c);
    else if (view.items.size < (view.done ? view.connLimit : LIVE_ROWS) && id > view.lastListed) {
      const item = connectionItem(view, c);
      view.items.set(id, item);
      view.lastListed = id;
      frag.append(item);
    }
  }
  list.append(frag);
  // Connections not listed yet (beyond the limit): a button lists the next ones.
  const missing = [...view.conns.keys()].filter((id) => id > view.lastListed).sort((a, b) => a - b);
  if (missing.length > 0 && !view.done) {
    const li = document.createElement('li');
    li.className = 'more';
    li.textContent = `… ${missing.length.toLocaleString('en')} more (listed once the capture is read)`;
    list.append(li);
  } else if (missing.length > 0) {
    const li = document.createElement('li');
    li.className = 'more';
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.textContent = `Show ${Math.min(CONN_PAGE, missing.length).toLocaleString('en')} more of ${missing.length.toLocaleString('en')}`;
    b.addEventListener('click', () => {
      view.connLimit += CONN_PAGE;
      for (const id of missing) view.changed.add(id);
      renderConnections(view, ui);
    });
    li.append(b);
    list.append(li);
  }
  $('connections-title').textContent = `Connections (${view.conns.size.toLocaleString('en')})`;
}

/** Shows connection `id`'s timeline (its first page). */
export function selectConnection(view, id) {
  view.items.get(view.selected)?.classList.remove('selected');
  view.selected = id;
  view.rows = [];
  view.items.get(id)?.classList.add('selected');
  $('packets').textContent = '';
  $('packets-title').textContent = `Packets of connection #${id}`;
  view.worker.postMessage({ type: 'rows', id, from: 0, count: PAGE, faultsOnly: $('faulty').checked });
}

/** The next page of the current connection's timeline. */
function moreRows(view) {
  view.worker.postMessage({ type: 'rows', id: view.selected, from: view.rows.length, count: PAGE, faultsOnly: $('faulty').checked });
}

function rowsArrived(view, ui, m) {
  if (m.id !== view.selected || m.from !== view.rows.length || m.faultsOnly !== $('faulty').checked) return;
  const first = m.from === 0;
  view.rows.push(...m.rows);
  view.total = m.total;
  const list = $('packets');
  list.querySelector('li.more')?.remove();
  const frag = document.createDocumentFragment();
  m.rows.forEach((r) => frag.append(r.event ? eventItem(r) : packetItem(r)));
  if (view.total > view.rows.length) {
    const li = document.createElement('li');
    li.className = 'more';
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.textContent = `Show the next ${Math.min(PAGE, view.total - view.rows.length)} of ${(view.total - view.rows.length).toLocaleString('en')} more`;
    b.addEventListener('click', () => moreRows(view));
    li.append(b);
    frag.append(li);
  }
  if (m.total === 0) {
    const li = document.createElement('li');
    li.className = 'more';
    li.textContent = m.faultsOnly ? 'No faults in this connection.' : 'No MQTT packets in this connection.';
    frag.append(li);
  }
  list.append(frag);
  const st = $('status');
  st.dataset.connection = String(m.id);
  st.dataset.rows = String(view.rows.length);
  if (first) {
    const pick = view.rows.find((r) => !r.event && (r.faults.length || r.checks.length)) ?? view.rows.find((r) => !r.event);
    if (pick) selectPacket(view, pick.p);
    else ui.reset();
  }
}

function faultLine(d, conversation) {
  const div = document.createElement('div');
  div.className = `fault${conversation ? ' conv' : ''}`;
  div.textContent = `0x${d.code.toString(16).padStart(2, '0')} ${d.message}${conversation ? ' (conversation)' : ''}`;
  return div;
}

function packetItem(r) {
  const li = document.createElement('li');
  li.dataset.p = String(r.p);
  li.dataset.dir = r.dir;
  li.tabIndex = 0;
  li.setAttribute('role', 'button');
  const n = r.faults.length + r.checks.length;
  li.className = `cp ${r.dir}`;
  li.innerHTML = '<span class="d"></span><span class="body"><span class="t"></span> <span class="at"></span><span class="txt"></span></span><span class="bad"></span>';
  li.querySelector('.d').textContent = ARROW[r.dir];
  li.querySelector('.t').textContent = r.type;
  li.querySelector('.at').textContent = `${r.time} · frame ${r.frame} · @${r.offset} · ${r.length} B`;
  li.querySelector('.txt').textContent = r.text;
  li.title = r.text;
  if (n) li.querySelector('.bad').textContent = `${n} fault${n > 1 ? 's' : ''}`;
  const body = li.querySelector('.body');
  for (const d of r.faults) body.append(faultLine(d, false));
  for (const d of r.checks) body.append(faultLine(d, true));
  return li;
}

function eventItem(r) {
  const li = document.createElement('li');
  li.className = `ev${r.fault ? ' fault' : ''}`;
  li.dataset.event = r.kind;
  li.innerHTML = '<span class="d"></span><span class="body"><span class="t"></span> <span class="at"></span><span class="txt"></span></span><span class="bad"></span>';
  li.querySelector('.d').textContent = r.dir ? ARROW[r.dir] : '';
  li.querySelector('.t').textContent = r.kind === 'gap' ? 'gap' : r.fault ? 'fault' : 'note';
  li.querySelector('.at').textContent = `${r.time} · frame ${r.frame}`;
  li.querySelector('.txt').textContent = r.text;
  if (r.fault) li.querySelector('.bad').textContent = '1 fault';
  return li;
}

/** Asks the worker for packet `p`'s bytes; they are shown when they arrive. */
export function selectPacket(view, p) {
  view.packet = p;
  for (const li of $('packets').querySelectorAll('li.selected')) li.classList.remove('selected');
  $('packets').querySelector(`li[data-p="${p}"]`)?.classList.add('selected');
  view.worker.postMessage({ type: 'packet', p });
}

function packetArrived(view, ui, m) {
  if (m.p !== view.packet) return;
  ui.show({
    bytes: m.bytes,
    version: m.version,
    from: m.dir === 'c2s' ? 'client' : 'server',
    start: m.offset,
    title: `Connection #${m.conn} ${ARROW[m.dir]} · ${TYPE_NAMES[m.bytes[0] >> 4]} · ${m.bytes.length} bytes at offset ${m.offset} · frame ${m.frame} · ${m.time} · MQTT ${VERSIONS[m.version] ?? m.version}`,
    checks: m.checks,
  });
  $('status').dataset.packet = String(m.p);
}
