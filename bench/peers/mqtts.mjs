// mqtts (Nerixyz; MIT): an MQTT 3.1.1 client in TypeScript. Its packet writers are the encode
// side of a client: CONNECT, PUBLISH, PUBACK, SUBSCRIBE, PINGREQ among the cases (3.1.1 only).
// `new PacketWriter(logger).write(type, options)` returns a Buffer. Its reader decodes only what
// a server sends, so there is no decode to time against here.
import { createRequire } from 'node:module';
import { Inexpressible } from './inexpressible.mjs';

const require = createRequire(import.meta.url);
const { version } = require('mqtts/package.json');
const { PacketWriter } = require('mqtts/dist/packets/packet-writer.js');
const { PacketType } = require('mqtts/dist/mqtt.constants.js');

/** The peer's packet type and options for mqtt-codec's `p`. */
function translate(p) {
  switch (p.type) {
    case 'pingreq':
      return [PacketType.PingReq, {}];
    case 'puback':
      return [PacketType.PubAck, { identifier: p.packetId }];
    case 'publish':
      return [PacketType.Publish, { topic: p.topic, qos: p.qos, duplicate: p.dup, retain: p.retain, identifier: p.packetId, payload: p.payload }];
    case 'connect': {
      const will = p.will && { topic: p.will.topic, message: p.will.payload, qosLevel: p.will.qos, retained: p.will.retain };
      return [PacketType.Connect, { protocolName: 'MQTT', protocolLevel: 4, clean: p.cleanStart, keepAlive: p.keepAlive, clientId: p.clientId, will, username: p.username, password: p.password }];
    }
    case 'subscribe':
      return [PacketType.Subscribe, { identifier: p.packetId, subscriptions: p.subscriptions.map((s) => ({ topic: s.topicFilter, qos: s.qos })) }];
    default:
      throw new Error(`no translation of ${p.type}`);
  }
}

/** @type {import('./peers.mjs').Peer} */
export default {
  name: 'mqtts',
  version,
  prepare(c) {
    if (c.v !== 4) throw new Inexpressible('3.1.1 only');
    const writer = new PacketWriter({ logPacketWrite() {} });
    const [type, options] = translate(c.codec);
    return { encode: () => writer.write(type, options) };
  },
};
