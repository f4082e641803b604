// u8-mqtt-packet (Shane Holloway; BSD-2-Clause): an MQTT 3.1.1 and 5.0 codec on Uint8Array, the
// packet layer of the u8-mqtt client. Objects are snake_case (`pkt_id`, `props.user_properties`
// as an object keyed by name), encode is `ctx.encode_pkt(type, pkt)`, decode
// `ctx.decode_pkt(bytes)`. It checks next to nothing (an unknown property name on encode, a
// CONNECT's protocol name on decode; strings go through a non-fatal TextDecoder). Its 0.4.1 writes a User Property
// wrongly: the [name, value] entry as the name ("name,value") and an empty value (checked: a
// PUBACK with { a: 'b' } gives 00 03 61 2c 62 00 00), so a case with User Properties is one it
// cannot express.
import { mqtt_opts_v5, mqtt_pkt_ctx, version } from 'u8-mqtt-packet';
import v4 from 'u8-mqtt-packet/esm/codec_v4_full.js';
import { Inexpressible } from './inexpressible.mjs';

/** camelCase → snake_case (the peer's property names are the spec's, in snake case). */
const snake = (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** mqtt-codec's property bag as the peer's. */
function props(p) {
  if (p === undefined) return undefined;
  const out = {};
  for (const [k, value] of Object.entries(p)) {
    if (k === 'userProperties') throw new Inexpressible('its 0.4.1 writes a User Property as "name,value" and an empty value');
    out[snake(k)] = value;
  }
  return out;
}

/** The peer's packet object for mqtt-codec's `p`, and its type name. */
function translate(p) {
  switch (p.type) {
    case 'pingreq':
      return {};
    case 'puback':
      return { pkt_id: p.packetId, reason: p.reasonCode ?? 0, props: props(p.properties) };
    case 'publish':
      return { topic: p.topic, qos: p.qos, dup: p.dup, retain: p.retain, pkt_id: p.packetId, props: props(p.properties), payload: p.payload };
    case 'connect': {
      const will = p.will && { topic: p.will.topic, payload: p.will.payload, qos: p.will.qos, retain: p.will.retain, props: props(p.will.properties) };
      return { flags: { clean_start: p.cleanStart }, keep_alive: p.keepAlive, client_id: p.clientId, will, username: p.username, password: p.password, props: props(p.properties) };
    }
    case 'subscribe':
      return { pkt_id: p.packetId, props: props(p.properties), topics: p.subscriptions.map((s) => [s.topicFilter, { qos: s.qos }]) };
    default:
      throw new Error(`no translation of ${p.type}`);
  }
}

/** @type {import('./peers.mjs').Peer} */
export default {
  name: 'u8-mqtt-packet',
  version,
  prepare(c) {
    const ctx = mqtt_pkt_ctx(c.v, c.v === 5 ? mqtt_opts_v5 : v4);
    const pkt = translate(c.codec);
    const type = c.codec.type;
    return {
      encode: () => ctx.encode_pkt(type, pkt),
      decode: (bytes) => ctx.decode_pkt(bytes),
      // What its decode gives back that mqtt-codec's decode also gives, for the check before timing.
      decoded: (d) => ({ type: d.type, topic: d.topic, packetId: d.pkt_id }),
    };
  },
};
