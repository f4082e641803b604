/**
 * MQTT.js 5 end to end over loopback TCP with its `mqtt-packet` resolved to the compat entry
 * (dist/mqtt-packet.cjs): CONNECT, SUBSCRIBE, PUBLISH at QoS 0, 1 and 2 in both directions,
 * PINGREQ and DISCONNECT, in 3.1.1 and 5.0 (with properties, a Topic Alias each way and User
 * Properties). The broker side is a small responder written with mqtt-codec's native API, which
 * also checks every packet MQTT.js sends, strictly.
 */
import { type EventEmitter, once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decoder, encode, type Packet, type ProtocolVersion, type PublishPacket } from '../../src/index.js';

const require = createRequire(import.meta.url);
const compatPath = join(__dirname, '..', '..', 'dist', 'mqtt-packet.cjs');
const mqttDir = dirname(require.resolve('mqtt/package.json'));

// Every `require('mqtt-packet')` made by MQTT.js's own files resolves to the compat entry.
// eslint-disable-next-line @typescript-eslint/no-require-imports
type Resolve = (request: unknown, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
const Module = require('node:module') as { _resolveFilename: Resolve };
const resolve = Module._resolveFilename;
Module._resolveFilename = function (this: unknown, request, parent, ...rest) {
  if (request === 'mqtt-packet' && parent?.filename?.startsWith(mqttDir)) return compatPath;
  return resolve.call(this, request, parent, ...rest);
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mqtt = require('mqtt') as typeof import('mqtt');

const enc = new TextEncoder();
const dec = new TextDecoder();

/** What the responder saw from the client, per connection. */
interface Seen {
  packets: Packet[];
  version: ProtocolVersion;
}

/**
 * The broker side: decodes the client strictly (as a server would: from 'client'), answers
 * CONNECT, SUBSCRIBE, PUBLISH (QoS 1: PUBACK; QoS 2: PUBREC, then PUBCOMP on PUBREL), PINGREQ;
 * on SUBSCRIBE it also publishes to the client at QoS 0, 1 and 2 (5.0: with a Topic Alias, set
 * on the first and used alone on the next, and User Properties).
 */
function responder(seen: Seen[], options: { badConnack?: boolean } = {}): Server {
  return createServer((socket: Socket) => {
    const conn: Seen = { packets: [], version: 4 };
    seen.push(conn);
    const decoder = new Decoder({ from: 'client' });
    let nextId = 1;
    const send = (p: Packet) => socket.write(encode(p, { protocolVersion: conn.version, from: 'server' }));
    socket.on('data', (chunk) => {
      let packets: readonly Packet[];
      try {
        packets = decoder.push(chunk);
      } catch (e) {
        conn.packets.push({ type: 'disconnect', reasonCode: 0x81 }); // recorded as a failure marker
        socket.destroy();
        throw e;
      }
      for (const p of packets) {
        conn.packets.push(p);
        switch (p.type) {
          case 'connect':
            conn.version = decoder.protocolVersion;
            // Maximum QoS 2 is not 0 or 1 (5.0 §3.2.2.3.4): mqtt-codec will not encode it, so by hand.
            if (options.badConnack) socket.write(new Uint8Array([0x20, 0x05, 0x00, 0x00, 0x02, 0x24, 0x02]));
            else send(
              conn.version === 5
                ? {
                    type: 'connack',
                    sessionPresent: false,
                    reasonCode: 0,
                    properties: { topicAliasMaximum: 10, receiveMaximum: 20, userProperties: [['hello', 'from responder']] },
                  }
                : { type: 'connack', sessionPresent: false, reasonCode: 0 },
            );
            break;
          case 'subscribe': {
            send({ type: 'suback', packetId: p.packetId, reasonCodes: p.subscriptions.map((s) => s.qos) });
            const five = conn.version === 5;
            for (const qos of [0, 1, 2] as const) {
              const out: PublishPacket = { type: 'publish', topic: 'to/client', payload: enc.encode(`server qos ${qos}`), qos, retain: false, dup: false };
              if (qos > 0) out.packetId = nextId++;
              if (five) {
                out.properties = { userProperties: [['n', String(qos)], ['n', 'again']], contentType: 'text/plain' };
                // The QoS 0 PUBLISH maps Topic Alias 1; the QoS 1 one sends only the alias. (MQTT.js
                // emits a QoS 2 message from the packet it stored before resolving an alias, so
                // the QoS 2 one names its topic as well.)
                out.properties.topicAlias = 1;
                if (qos === 1) out.topic = '';
              }
              send(out);
            }
            break;
          }
          case 'publish':
            if (p.qos === 1) send({ type: 'puback', packetId: p.packetId! });
            if (p.qos === 2) send({ type: 'pubrec', packetId: p.packetId! });
            break;
          case 'pubrec':
            send({ type: 'pubrel', packetId: p.packetId });
            break;
          case 'pubrel':
            send({ type: 'pubcomp', packetId: p.packetId });
            break;
          case 'pingreq':
            send({ type: 'pingresp' });
            break;
          case 'disconnect':
            socket.end();
            break;
          default:
            break;
        }
      }
    });
    socket.on('error', () => {});
  });
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

describe('MQTT.js 5 on the compat entry', () => {
  it('MQTT.js loaded mqtt-codec/mqtt-packet, not mqtt-packet', () => {
    const client = join(mqttDir, 'build', 'lib', 'client.js');
    expect(require.cache[client]).toBeDefined();
    const loaded = Object.keys(require.cache);
    expect(loaded).toContain(compatPath);
    expect(loaded.filter((f) => f.includes(`${join('node_modules', 'mqtt-packet')}`))).toEqual([]);
  });

  for (const protocolVersion of [4, 5] as const) {
    describe(`MQTT ${protocolVersion === 5 ? '5.0' : '3.1.1'}`, () => {
      const seen: Seen[] = [];
      const server = responder(seen);
      let port = 0;
      const received: { topic: string; payload: string; qos: number; properties?: Record<string, unknown> }[] = [];
      let pings = 0;

      beforeAll(async () => {
        port = await listen(server);
      });
      afterAll(() => {
        server.close();
      });

      it('connects, subscribes, publishes at QoS 0, 1, 2 both ways, pings and disconnects', async () => {
        const client = mqtt.connect({
          host: '127.0.0.1',
          port,
          protocolVersion,
          clientId: `compat-e2e-${protocolVersion}`,
          keepalive: 1,
          reconnectPeriod: 0,
          ...(protocolVersion === 5 ? { properties: { topicAliasMaximum: 10, userProperties: { client: 'mqtt.js' } } } : {}),
        });
        client.on('packetsend', (p: { cmd: string }) => {
          if (p.cmd === 'pingreq') pings++;
        });
        const allReceived = new Promise<void>((done) => {
          client.on('message', (topic, payload, packet) => {
            received.push({ topic, payload: payload.toString(), qos: packet.qos, properties: packet.properties as Record<string, unknown> | undefined });
            if (received.length === 3) done();
          });
        });
        await once(client as unknown as EventEmitter, 'connect');
        await client.subscribeAsync('to/client', { qos: 2 });
        const props5 = (n: number) =>
          protocolVersion === 5 ? { properties: { topicAlias: 2, userProperties: { seq: String(n), tag: ['a', 'b'] } } } : {};
        await client.publishAsync('from/client', 'client qos 0', { qos: 0, ...props5(0) });
        await client.publishAsync('from/client', 'client qos 1', { qos: 1, ...props5(1) });
        await client.publishAsync('from/client', 'client qos 2', { qos: 2, ...props5(2) });
        await allReceived;
        // Keep Alive 1 s: wait for a PINGREQ/PINGRESP round.
        while (pings === 0) await new Promise((r) => setTimeout(r, 100));
        await new Promise((r) => setTimeout(r, 200));
        await client.endAsync();

        const conn = seen[0];
        const types = conn.packets.map((p) => p.type);
        expect(conn.version).toBe(protocolVersion);
        expect(types[0]).toBe('connect');
        expect(types).toContain('subscribe');
        expect(types).toContain('pingreq');
        expect(types.at(-1)).toBe('disconnect');
        // The client's answers to the server's QoS 1 and QoS 2 PUBLISHes.
        expect(types).toContain('puback');
        expect(types).toContain('pubrec');
        expect(types).toContain('pubcomp');
        // QoS 2 from the client completed: PUBLISH, then PUBREL after the responder's PUBREC.
        expect(types).toContain('pubrel');
        const publishes = conn.packets.filter((p): p is PublishPacket => p.type === 'publish');
        expect(publishes.map((p) => [p.qos, dec.decode(p.payload as Uint8Array)])).toEqual([
          [0, 'client qos 0'],
          [1, 'client qos 1'],
          [2, 'client qos 2'],
        ]);
        if (protocolVersion === 5) {
          const connect = conn.packets[0] as Extract<Packet, { type: 'connect' }>;
          expect(connect.properties?.userProperties).toEqual([['client', 'mqtt.js']]);
          expect(connect.properties?.topicAliasMaximum).toBe(10);
          // MQTT.js sends the Topic Alias it was given, topic included on the first use.
          expect(publishes[0].properties?.topicAlias).toBe(2);
          expect(publishes[0].properties?.userProperties).toEqual([['seq', '0'], ['tag', 'a'], ['tag', 'b']]);
        }

        expect(received.map((m) => [m.topic, m.payload, m.qos])).toEqual([
          ['to/client', 'server qos 0', 0],
          ['to/client', 'server qos 1', 1],
          ['to/client', 'server qos 2', 2],
        ]);
        if (protocolVersion === 5) {
          // The Topic Alias resolved by MQTT.js on the PUBLISH that carried only the alias,
          // and the User Properties in mqtt-packet's shape (repeated names hold arrays).
          expect(received[2].properties?.userProperties).toEqual({ n: ['2', 'again'] });
          expect(received[1].properties?.contentType).toBe('text/plain');
        }
      });
    });
  }

  it('behaves as mqtt-packet by default: a 5.0 CONNACK with Maximum QoS 2 (a Protocol Error that mqtt-packet accepts) connects', async () => {
    const seen: Seen[] = [];
    const server = responder(seen, { badConnack: true });
    const port = await listen(server);
    const client = mqtt.connect({ host: '127.0.0.1', port, protocolVersion: 5, reconnectPeriod: 0, clientId: 'lenient' });
    const [connack] = (await once(client as unknown as EventEmitter, 'connect')) as [{ properties?: { maximumQoS?: number } }];
    expect(connack.properties?.maximumQoS).toBe(2);
    client.end(true);
    server.close();
  });
});
