#!/usr/bin/env node
// record-session.mjs — a tiny TCP recording proxy for capturing real MQTT
// sessions as byte-exact fixtures.
//
// Usage:
//   node scripts/record-session.mjs --listen 18830 --broker 18831 --out fixtures/sessions/NAME
//
//   --listen PORT   port to listen on (always bound to 127.0.0.1)
//   --broker PORT   port of the MQTT broker on 127.0.0.1 to forward to
//   --out PREFIX    output path prefix; writes PREFIX.client.bin and PREFIX.server.bin
//   --timeout SECS  optional: give up (exit 2) if the session has not finished
//                   within SECS seconds (default: no timeout)
//   --conversation  also write PREFIX.conversation.txt: both directions interleaved in the
//                   order the proxy forwarded them, one line per chunk, `c|s TIME HEX`, TIME in
//                   seconds since the connection was accepted (the format of
//                   `mqtt-codec conversation`)
//
// The proxy accepts exactly ONE connection (the first one), stops listening,
// opens a connection to the broker at 127.0.0.1:<broker>, and pipes bytes in
// both directions. Every chunk is appended synchronously to:
//   PREFIX.client.bin  — client -> server bytes, exactly as sent, in order
//   PREFIX.server.bin  — server -> client bytes, exactly as sent, in order
// The files contain the raw TCP payload stream of one direction (no framing,
// no timestamps). Half-close (FIN) is propagated to the other side, and the
// process exits once both sockets are closed, printing the byte counts.
//
// Example (broker already running on 127.0.0.1:18831):
//   node scripts/record-session.mjs --listen 18830 --broker 18831 --out /tmp/demo &
//   mosquitto_pub -h 127.0.0.1 -p 18830 -t demo -m hello
//
// No dependencies: only node:net and node:fs. Only ever talks to 127.0.0.1.

import net from 'node:net';
import fs from 'node:fs';

const HOST = '127.0.0.1';

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${a}`);
      return argv[++i];
    };
    switch (a) {
      case '--listen': opts.listen = Number(next()); break;
      case '--broker': opts.broker = Number(next()); break;
      case '--out': opts.out = next(); break;
      case '--timeout': opts.timeout = Number(next()); break;
      case '--conversation': opts.conversation = true; break;
      case '-h':
      case '--help':
        opts.help = true; break;
      default:
        throw new Error(`unknown argument: ${a}`);
    }
  }
  return opts;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(String(err.message || err));
  opts = { help: true, bad: true };
}
if (opts.help || !opts.listen || !opts.broker || !opts.out) {
  console.error('usage: node scripts/record-session.mjs --listen PORT --broker PORT --out PREFIX [--timeout SECS] [--conversation]');
  process.exit(opts.help && !opts.bad ? 0 : 64);
}

const clientPath = `${opts.out}.client.bin`;
const serverPath = `${opts.out}.server.bin`;
const clientFd = fs.openSync(clientPath, 'w');
const serverFd = fs.openSync(serverPath, 'w');
let clientBytes = 0;
let serverBytes = 0;
const conversationPath = `${opts.out}.conversation.txt`;
const conversationFd = opts.conversation ? fs.openSync(conversationPath, 'w') : null;
let acceptedAt = null;
/** Appends one chunk to PREFIX.conversation.txt (when --conversation): `c|s SECONDS HEX`. */
function logChunk(dir, chunk) {
  if (conversationFd === null) return;
  const seconds = Number(process.hrtime.bigint() - acceptedAt) / 1e9;
  writeAll(conversationFd, Buffer.from(`${dir} ${seconds.toFixed(3)} ${chunk.toString('hex')}\n`));
}

function writeAll(fd, buf) {
  let off = 0;
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
}

let finished = false;
function finish(code) {
  if (finished) return;
  finished = true;
  fs.closeSync(clientFd);
  fs.closeSync(serverFd);
  if (conversationFd !== null) {
    fs.closeSync(conversationFd);
    console.error(`record-session: both directions interleaved -> ${conversationPath}`);
  }
  console.error(`record-session: client->server ${clientBytes} bytes -> ${clientPath}`);
  console.error(`record-session: server->client ${serverBytes} bytes -> ${serverPath}`);
  process.exit(code);
}

if (opts.timeout) {
  setTimeout(() => {
    console.error(`record-session: timeout after ${opts.timeout}s`);
    finish(2);
  }, opts.timeout * 1000).unref();
}

const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
  // Record only the first connection.
  server.close();
  acceptedAt = process.hrtime.bigint();

  const upstream = net.connect({ host: HOST, port: opts.broker, allowHalfOpen: true });
  let closed = 0;
  const onClose = () => {
    closed += 1;
    if (closed === 2) finish(0);
  };
  client.on('close', onClose);
  upstream.on('close', onClose);

  client.on('data', (chunk) => {
    logChunk('c', chunk);
    writeAll(clientFd, chunk);
    clientBytes += chunk.length;
    upstream.write(chunk);
  });
  upstream.on('data', (chunk) => {
    logChunk('s', chunk);
    writeAll(serverFd, chunk);
    serverBytes += chunk.length;
    client.write(chunk);
  });

  // Propagate half-close in each direction.
  client.on('end', () => upstream.end());
  upstream.on('end', () => client.end());

  // On a hard error on one side, tear down the other.
  client.on('error', (err) => {
    console.error(`record-session: client error: ${err.message}`);
    upstream.destroy();
  });
  upstream.on('error', (err) => {
    console.error(`record-session: broker error: ${err.message}`);
    client.destroy();
  });

  upstream.on('connect', () => client.resume());
});

server.on('error', (err) => {
  console.error(`record-session: listen error: ${err.message}`);
  finish(1);
});

server.listen(opts.listen, HOST, () => {
  console.error(`record-session: listening on ${HOST}:${opts.listen}, forwarding to ${HOST}:${opts.broker}`);
});
