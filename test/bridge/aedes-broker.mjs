// An Aedes 1.2.0 broker on 127.0.0.1 (a free port), for test/bridge/run.mjs. Run it with
// `--require test/compat-aedes/preload.cjs` to put it on the drop-in; without, on mqtt-packet.
// Prints one JSON line per event on stdout: {"event":"listening","port":N} first, then clients
// connecting (with the CONNECT's protocolVersion and bridgeMode as the parser gave them),
// subscriptions, publishes, and every client or connection error with its message.
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { Aedes } from 'aedes';

const say = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const broker = await Aedes.createBroker();
const server = createServer(broker.handle);

broker.preConnect = (client, packet, done) => {
  say({ event: 'connect', clientId: packet.clientId, protocolId: packet.protocolId, protocolVersion: packet.protocolVersion, bridgeMode: packet.bridgeMode ?? false });
  done(null, true);
};
broker.on('client', (c) => say({ event: 'client', clientId: c.id, version: c.version }));
broker.on('clientDisconnect', (c) => say({ event: 'clientDisconnect', clientId: c.id }));
broker.on('subscribe', (subs, c) => say({ event: 'subscribe', clientId: c?.id ?? null, subscriptions: subs.map((s) => ({ topic: s.topic, qos: s.qos })) }));
broker.on('publish', (p, c) => {
  if (c) say({ event: 'publish', clientId: c.id, topic: p.topic, qos: p.qos, payload: p.payload.toString() });
});
broker.on('clientError', (c, err) => say({ event: 'clientError', clientId: c?.id ?? null, message: err.message }));
broker.on('connectionError', (c, err) => say({ event: 'connectionError', message: err.message }));
server.listen(0, '127.0.0.1', () => {
  const resolved = { require: createRequire(import.meta.url).resolve('mqtt-packet'), import: import.meta.resolve('mqtt-packet') };
  say({ event: 'listening', port: server.address().port, mqttPacket: resolved });
});
process.on('SIGTERM', () => {
  server.close();
  broker.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
});
