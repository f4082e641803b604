/**
 * Translation between mqtt-codec's packets and mqtt-packet's packet objects, both ways.
 *
 * mqtt-packet's shapes, field for field: `cmd` for `type`, `messageId` for `packetId`, `length` (the
 * Remaining Length), `retain`/`qos`/`dup` and `topic`/`payload` on every decoded packet (null where
 * the type has none), `clean`/`keepalive`, `returnCode` (3.1/3.1.1) or `reasonCode` (5.0) on
 * CONNACK, `granted` for SUBACK and UNSUBACK codes, `unsubscriptions`, subscriptions as
 * `{ topic, qos, nl, rap, rh }`, and 5.0 properties with mqtt-packet's value shapes: the one-byte
 * flags as booleans, User Properties as an object whose repeated names hold arrays, and
 * `subscriptionIdentifier` as a number or, when repeated, an array.
 *
 * The encode direction checks what mqtt-packet's generator checks, in its order and with its
 * messages, and leaves everything else to mqtt-codec's encoder, which is stricter.
 *
 * @module
 */
import { MqttCodecError } from '../index.js';
import type {
  Packet,
  Properties,
  ProtocolVersion,
  PubackPacket,
  PubcompPacket,
  PubrecPacket,
  PubrelPacket,
  PublishPacket,
  QoS,
  Subscription,
  UserProperty,
} from '../index.js';
import { textOf, toBinary, utf8Bytes } from './bytes.js';
import type { MqttPacket } from './types.js';

// ---------------------------------------------------------------- properties

/** The properties mqtt-packet carries as booleans (one-byte flags on the wire). */
const BOOLEAN_PROPERTIES: ReadonlySet<string> = new Set([
  'payloadFormatIndicator',
  'requestProblemInformation',
  'requestResponseInformation',
  'retainAvailable',
  'wildcardSubscriptionAvailable',
  'subscriptionIdentifiersAvailable',
  'sharedSubscriptionAvailable',
]);

/** How mqtt-packet's generator checks each property's value (its own type names). */
type MqttPacketPropertyType = 'byte' | 'int8' | 'int16' | 'int32' | 'var' | 'string' | 'pair' | 'binary';

/** Every property mqtt-packet knows, with the type its generator checks the value against. */
const PROPERTY_TYPES: Readonly<Record<string, MqttPacketPropertyType>> = {
  payloadFormatIndicator: 'byte',
  messageExpiryInterval: 'int32',
  contentType: 'string',
  responseTopic: 'string',
  correlationData: 'binary',
  subscriptionIdentifier: 'var',
  sessionExpiryInterval: 'int32',
  assignedClientIdentifier: 'string',
  serverKeepAlive: 'int16',
  authenticationMethod: 'string',
  authenticationData: 'binary',
  requestProblemInformation: 'byte',
  willDelayInterval: 'int32',
  requestResponseInformation: 'byte',
  responseInformation: 'string',
  serverReference: 'string',
  reasonString: 'string',
  receiveMaximum: 'int16',
  topicAliasMaximum: 'int16',
  topicAlias: 'int16',
  maximumQoS: 'int8',
  retainAvailable: 'byte',
  userProperties: 'pair',
  maximumPacketSize: 'int32',
  wildcardSubscriptionAvailable: 'byte',
  subscriptionIdentifiersAvailable: 'byte',
  sharedSubscriptionAvailable: 'byte',
};

const TYPE_MAX: Readonly<Record<string, number>> = { int8: 0xff, int16: 0xffff, int32: 0xffffffff, var: 0x0fffffff };

/** An encode-side error carrying mqtt-packet's message for a fault it also reports. */
export function generateError(message: string, reasonCode = 0x81): MqttCodecError {
  const err = new MqttCodecError(reasonCode, message, { key: reasonCode === 0x84 ? 'protocolLevel' : 'invalidValue' });
  err.message = message;
  return err;
}

/** mqtt-codec's properties → mqtt-packet's. */
export function propertiesOut(props: Properties): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const bag = props as Record<string, unknown>;
  for (const key in bag) {
    const value = bag[key];
    if (key === 'userProperties') {
      out.userProperties = userPropertiesOut(value as UserProperty[]);
    } else if (key === 'subscriptionIdentifiers') {
      const ids = value as number[];
      out.subscriptionIdentifier = ids.length === 1 ? ids[0] : ids;
    } else if (BOOLEAN_PROPERTIES.has(key)) {
      out[key] = value !== 0;
    } else if (value instanceof Uint8Array) {
      out[key] = toBinary(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function userPropertiesOut(pairs: UserProperty[]): Record<string, string | string[]> {
  // No prototype, as mqtt-packet: a User Property may be named "__proto__" or "constructor".
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of pairs) {
    const earlier = out[name];
    if (earlier === undefined) out[name] = value;
    else if (Array.isArray(earlier)) earlier.push(value);
    else out[name] = [earlier, value];
  }
  return out;
}

/**
 * mqtt-packet's properties → mqtt-codec's, checked as mqtt-packet's generator checks them (its
 * messages: `Invalid <name>: <value>`, `Invalid property <name>: <value>`). Returns undefined
 * for no properties. `list` is true where Subscription Identifier is a list (PUBLISH).
 */
export function propertiesIn(props: unknown, list: boolean): Properties | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent (`false` for `props === null`); null passes on to the loop below, which reads no key of it, and no property gives undefined all the same. (The other forms, disabled with it, are killed by the tests.)
  if (props === null || typeof props !== 'object' || Array.isArray(props)) return undefined;
  const out: Record<string, unknown> = {};
  let any = false;
  const bag = props as Record<string, unknown>;
  for (const name in bag) {
    const value = bag[name];
    if (value === undefined) continue;
    const type = PROPERTY_TYPES[name];
    if (type === undefined) throw generateError(`Invalid property ${name}: ${String(value)}`);
    if (name === 'userProperties') {
      out.userProperties = userPropertiesIn(value);
    } else if (name === 'subscriptionIdentifier') {
      const ids = Array.isArray(value) ? value : [value];
      for (const id of ids) checkValue(name, type, id);
      if (list) out.subscriptionIdentifiers = ids;
      else out.subscriptionIdentifier = Array.isArray(value) && value.length === 1 ? value[0] : value;
    } else {
      if (Array.isArray(value)) {
        // mqtt-packet writes each element as a repeat of the property; only the User Property and
        // the Subscription Identifier may repeat, so mqtt-codec's encoder refuses the others.
        for (const v of value) checkValue(name, type, v);
        // Stryker disable next-line ArrowFunction: the encoder refuses any array here by its length alone ("…, not array(2)" or "must be a string"), whatever its elements
        out[name] = value.map((v) => valueIn(type, v));
      } else {
        checkValue(name, type, value);
        out[name] = valueIn(type, value);
      }
    }
    any = true;
  }
  return any ? (out as Properties) : undefined;
}

function checkValue(name: string, type: MqttPacketPropertyType, value: unknown): void {
  let ok: boolean;
  switch (type) {
    case 'byte':
      ok = typeof value === 'boolean';
      break;
    case 'string':
      ok = typeof value === 'string';
      break;
    case 'binary':
      ok = typeof value === 'string' || value instanceof Uint8Array;
      break;
    case 'pair':
      ok = typeof value === 'object' && value !== null;
      break;
    default:
      ok = typeof value === 'number' && value >= 0 && value <= TYPE_MAX[type];
  }
  if (!ok) throw generateError(`Invalid ${name}: ${String(value)}`);
}

function valueIn(type: MqttPacketPropertyType, value: unknown): unknown {
  if (type === 'byte') return value ? 1 : 0;
  if (type === 'binary' && typeof value === 'string') return utf8Bytes(value);
  return value;
}

function userPropertiesIn(value: unknown): UserProperty[] {
  checkValue('userProperties', 'pair', value);
  const pairs: UserProperty[] = [];
  const bag = value as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(bag)) {
    const v = bag[name];
    if (Array.isArray(v)) for (const each of v) pairs.push([name, pairText(each)]);
    else pairs.push([name, pairText(v)]);
  }
  return pairs;
}

/** mqtt-packet writes a User Property value with `toString()`: numbers and booleans pass. */
function pairText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw generateError(`Invalid userProperties: ${String(value)}`);
}

// ---------------------------------------------------------------- decode direction

/** The fixed-header flag bits mqtt-packet reports as qos on the types whose flags are 0010. */
const QOS_ONE_TYPES: ReadonlySet<string> = new Set(['pubrel', 'subscribe', 'unsubscribe']);

/**
 * mqtt-codec's decoded `packet` → mqtt-packet's object. `length` is its Remaining Length and `v`
 * the protocol version it was decoded with; `bridge` says that the connection's CONNECT was a
 * bridge's (its subscriptions then carry mqtt-packet's bridge options).
 */
// Stryker disable next-line BooleanLiteral: the default is never used: the parser, the only caller, always passes `bridge`
export function toMqttPacket(packet: Packet, length: number, v: ProtocolVersion, bridge = false): MqttPacket {
  if (packet.type === 'publish') return publishOut(packet, length, v);
  const cmd = packet.type;
  const out: Record<string, unknown> = {
    cmd,
    retain: false,
    qos: QOS_ONE_TYPES.has(cmd) ? 1 : 0,
    dup: false,
    length,
    topic: null,
    payload: null,
  };
  switch (packet.type) {
    case 'connect': {
      out.protocolId = packet.protocolName;
      out.protocolVersion = packet.protocolVersion;
      if (packet.bridge === true) out.bridgeMode = true;
      const will = packet.will;
      if (will !== undefined) {
        const w: Record<string, unknown> = { retain: will.retain, qos: will.qos };
        if (will.properties !== undefined) w.properties = propertiesOut(will.properties);
        w.topic = will.topic;
        w.payload = toBinary(will.payload);
        out.will = w;
      }
      out.clean = packet.cleanStart;
      out.keepalive = packet.keepAlive;
      if (packet.properties !== undefined) out.properties = propertiesOut(packet.properties);
      out.clientId = packet.clientId;
      if (packet.username !== undefined) out.username = packet.username;
      if (packet.password !== undefined) out.password = toBinary(packet.password);
      break;
    }
    case 'connack':
      out.sessionPresent = packet.sessionPresent;
      if (v === 5) out.reasonCode = packet.reasonCode;
      else if (length > 1) out.returnCode = packet.reasonCode; // mqtt-packet leaves out a missing one
      if (packet.properties !== undefined) out.properties = propertiesOut(packet.properties);
      break;
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
      out.messageId = packet.packetId;
      if (v === 5) out.reasonCode = packet.reasonCode;
      if (packet.properties !== undefined) out.properties = propertiesOut(packet.properties);
      break;
    case 'subscribe':
      out.subscriptions = packet.subscriptions.map((s) =>
        v === 5
          ? { topic: s.topicFilter, qos: s.qos, nl: s.noLocal === true, rap: s.retainAsPublished === true, rh: s.retainHandling ?? 0 }
          : bridge
            ? // A bridge's subscriptions (after a CONNECT with bridgeMode), as mqtt-packet gives them:
              // no local, retain as published — what mosquitto's private bridge extension means.
              { topic: s.topicFilter, qos: s.qos, rh: 0, rap: true, nl: true }
            : { topic: s.topicFilter, qos: s.qos },
      );
      out.messageId = packet.packetId;
      if (packet.properties !== undefined) out.properties = propertiesOut(packet.properties);
      break;
    case 'suback':
      out.granted = packet.reasonCodes;
      out.messageId = packet.packetId;
      if (packet.properties !== undefined) out.properties = propertiesOut(packet.properties);
      break;
    case 'unsubscribe':
      out.unsubscriptions = packet.topicFilters;
      out.messageId = packet.packetId;
      if (packet.properties !== undefined) out.properties = propertiesOut(packet.properties);
      break;
    case 'unsuback':
      out.messageId = packet.packetId;
      if (packet.properties !== undefined) out.properties = propertiesOut(packet.properties);
      // Stryker disable next-line ArrayDeclaration: a 5.0 UNSUBACK is always decoded with its reasonCodes array (src/packets/suback.ts), so `?? []` never applies
      if (v === 5) out.granted = packet.reasonCodes ?? [];
      break;
    case 'disconnect':
    case 'auth':
      if (v === 5) out.reasonCode = packet.reasonCode;
      if (packet.properties !== undefined) out.properties = propertiesOut(packet.properties);
      break;
    // Stryker disable next-line ConditionalExpression: without the label the switch falls out the same way
    default:
      break;
  }
  return out as unknown as MqttPacket;
}

/** PUBLISH, the packet of the hot path: each object built whole, in one of two shapes. */
function publishOut(packet: PublishPacket, length: number, v: ProtocolVersion): MqttPacket {
  const payload = toBinary(packet.payload as Uint8Array);
  const out: Record<string, unknown> =
    packet.packetId === undefined
      ? { cmd: 'publish', retain: packet.retain, qos: packet.qos, dup: packet.dup, length, topic: packet.topic, payload }
      : { cmd: 'publish', retain: packet.retain, qos: packet.qos, dup: packet.dup, length, topic: packet.topic, payload, messageId: packet.packetId };
  if (packet.properties !== undefined) out.properties = propertiesOut(packet.properties); // 5.0 only: no properties are decoded before
  return out as unknown as MqttPacket;
}

// ---------------------------------------------------------------- encode direction

/** The options of mqtt-packet's `generate` and `writeToStream` this entry reads. */
export interface GenerateOptions {
  /** 3, 4 or 5; anything else is taken as 4, as mqtt-packet does. */
  protocolVersion?: number;
  /** mqtt-packet reads the peer's Maximum Packet Size from here (5.0). */
  properties?: { maximumPacketSize?: number };
  /**
   * Refuse what the specification forbids, as mqtt-codec's own `encode` does. Default: false —
   * write what mqtt-packet 9 writes, rule-breaking packets included (a test suite's, a fuzzer's).
   */
  strict?: boolean;
}

/** The version an encode runs with: the option's, or 4 (mqtt-packet: `opts ? opts.protocolVersion : 4`). */
export function versionOf(opts: GenerateOptions | undefined): ProtocolVersion {
  const v = opts?.protocolVersion;
  return v === 3 || v === 5 ? v : 4;
}

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/** A string field that mqtt-packet also accepts as bytes: the text, or undefined for bad UTF-8. */
function textField(value: string | Uint8Array): string | undefined {
  return typeof value === 'string' ? value : textOf(value);
}

function binaryField(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? utf8Bytes(value) : value;
}

/**
 * A non-empty array (or array-like) whose every element has type `type`, as mqtt-packet checks
 * `granted` and `unsubscriptions`; otherwise mqtt-packet's `message`.
 */
function listOf<T>(value: unknown, type: 'number' | 'string', message: string): T[] {
  const list = value as ArrayLike<unknown> | null;
  if (typeof list !== 'object' || list === null || !list.length) throw generateError(message);
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== type) throw generateError(message);
  return Array.from(list) as T[];
}

function checkMessageId(id: unknown): number {
  if (typeof id !== 'number') throw generateError('Invalid messageId');
  return id;
}

/** mqtt-packet's `obj` → an mqtt-codec packet, with mqtt-packet's checks and messages. */
// Stryker disable next-line BooleanLiteral: the default is never used: generate.ts, the only caller, always passes `strict`
export function fromMqttPacket(obj: MqttPacket, v: ProtocolVersion, strict = true): Packet {
  const o = (obj ?? {}) as Record<string, any>;
  switch (o.cmd) {
    case 'connect':
      return connectIn(o, strict);
    case 'connack': {
      const rc = v === 5 ? o.reasonCode : o.returnCode;
      if (typeof rc !== 'number') throw generateError('Invalid return code');
      const packet: Packet = { type: 'connack', sessionPresent: Boolean(o.sessionPresent), reasonCode: rc }; // truthy, as mqtt-packet
      if (v === 5) setProperties(packet, o.properties, false);
      return packet;
    }
    case 'publish':
      return publishIn(o, v);
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp': {
      const packetId = checkMessageId(o.messageId);
      const packet = { type: o.cmd, packetId } as PubackPacket | PubrecPacket | PubrelPacket | PubcompPacket;
      if (v === 5) {
        // Stryker disable next-line ConditionalExpression: a reasonCode set to undefined is an absent one for the encoder (planReasonTail); `false` is killed too
        if (o.reasonCode !== undefined) packet.reasonCode = o.reasonCode;
        // Stryker disable next-line ConditionalExpression: propertiesIn gives undefined for anything not an object, as for none; `false` is killed too
        if (typeof o.properties === 'object') setProperties(packet, o.properties, false);
      }
      return packet;
    }
    case 'subscribe':
      return subscribeIn(o, v, strict);
    case 'suback': {
      const packetId = checkMessageId(o.messageId);
      const packet: Packet = { type: 'suback', packetId, reasonCodes: listOf<number>(o.granted, 'number', 'Invalid qos vector') };
      if (v === 5) setProperties(packet, o.properties, false);
      return packet;
    }
    case 'unsubscribe': {
      const packetId = checkMessageId(o.messageId);
      const topicFilters = listOf<string>(o.unsubscriptions, 'string', 'Invalid unsubscriptions');
      const packet: Packet = { type: 'unsubscribe', packetId, topicFilters };
      if (v === 5) setProperties(packet, o.properties, false);
      return packet;
    }
    case 'unsuback': {
      const packetId = checkMessageId(o.messageId);
      const packet: Packet = { type: 'unsuback', packetId };
      if (v === 5) {
        packet.reasonCodes = listOf<number>(o.granted, 'number', 'Invalid qos vector');
        setProperties(packet, o.properties, false);
      }
      return packet;
    }
    case 'pingreq':
    case 'pingresp':
      return { type: o.cmd };
    case 'disconnect': {
      const packet: Packet = { type: 'disconnect' };
      if (v === 5) {
        // Stryker disable next-line ConditionalExpression: a reasonCode set to undefined is an absent one for the encoder (planReasonTail reads `given !== undefined`); `false` is killed too (the reasonCode rows)
        if (o.reasonCode !== undefined) packet.reasonCode = o.reasonCode;
        setProperties(packet, o.properties, false);
      }
      return packet;
    }
    case 'auth': {
      if (v !== 5) throw generateError('Invalid mqtt version for auth packet');
      const packet: Packet = { type: 'auth' };
      // Stryker disable next-line ConditionalExpression: a reasonCode set to undefined is an absent one for the encoder (planReasonTail reads `given !== undefined`); `false` is killed too (the reasonCode rows)
      if (o.reasonCode !== undefined) packet.reasonCode = o.reasonCode;
      setProperties(packet, o.properties, false);
      return packet;
    }
    default:
      throw generateError('Unknown command');
  }
}

function setProperties(packet: Packet, props: unknown, list: boolean): void {
  const p = propertiesIn(props, list);
  // Stryker disable next-line ConditionalExpression: properties set to undefined are absent ones for the encoder and the fitting; `false` is killed too
  if (p !== undefined) (packet as { properties?: Properties }).properties = p;
}

function connectIn(o: Record<string, any>, strict: boolean): Packet {
  const protocolId = o.protocolId || 'MQTT';
  if (typeof protocolId !== 'string' && !isBytes(protocolId)) throw generateError('Invalid protocolId');
  const version = o.protocolVersion || 4;
  if (version !== 3 && version !== 4 && version !== 5) throw generateError('Invalid protocol version', 0x84);
  // The protocol name goes with the level: "MQIsdp" for 3.1, "MQTT" after [MQTT-3.1.2-1]; mqtt-packet
  // writes any name (the protocolName checks decide, by the policy).
  const name = textField(protocolId) ?? badText('protocolId');
  const levelName = version === 3 ? 'MQIsdp' : 'MQTT';
  if (strict && name !== levelName) throw generateError('Invalid protocolId');
  const clean = o.clean === undefined ? true : o.clean;
  const clientId = o.clientId || '';
  if ((typeof clientId !== 'string' && !isBytes(clientId)) || !((clientId.length > 0 || version >= 4) && (clientId.length > 0 || clean))) {
    if (version < 4) throw generateError('clientId must be supplied before 3.1.1');
    // An empty ClientId needs CleanSession 1 in 3.1.1 [MQTT-3.1.3-7]; 5.0 allows it with Clean Start 0
    // (strict), mqtt-packet refuses it in every version.
    // Stryker disable next-line ArithmeticOperator: `clean / 1` converts as `clean * 1` does and gives the same number (or NaN)
    if (clean * 1 === 0 && (version < 5 || !strict)) throw generateError('clientId must be given if cleanSession set to 0');
  }
  const keepalive = o.keepalive || 0;
  if (typeof keepalive !== 'number' || keepalive < 0 || keepalive > 65535 || keepalive % 1 !== 0) {
    throw generateError('Invalid keepalive');
  }
  const packet: Packet = {
    type: 'connect',
    protocolVersion: version,
    clientId: textField(clientId) ?? badText('clientId'),
    cleanStart: Boolean(clean),
    keepAlive: keepalive,
  };
  // Stryker disable next-line ConditionalExpression: the standard name set explicitly is written as the default one (`false` is killed too: the rows naming MQTT at 3.1 and MQIsdp at 3.1.1)
  if (name !== levelName) packet.protocolName = name;
  // Bridge mode: Protocol Level | 0x80, as mosquitto's bridges send (the bridgeProtocolLevel check).
  if (o.bridgeMode) packet.bridge = true;
  if (version === 5) setProperties(packet, o.properties, false);
  const will = o.will;
  if (will) {
    if (typeof will !== 'object') throw generateError('Invalid will');
    if (!will.topic || typeof will.topic !== 'string') throw generateError('Invalid will topic');
    let payload: Uint8Array = new Uint8Array(0);
    if (will.payload) {
      if (typeof will.payload !== 'string' && !isBytes(will.payload)) {
        throw generateError('Invalid will payload');
      }
      payload = binaryField(will.payload);
    }
    packet.will = { topic: will.topic, payload, qos: (will.qos || 0) as QoS, retain: Boolean(will.retain) };
    if (version === 5) {
      const wp = propertiesIn(will.properties, false);
      // Stryker disable next-line ConditionalExpression: Will properties set to undefined are absent ones for the encoder (`false` is killed too: the Will properties rows)
      if (wp !== undefined) packet.will.properties = wp;
    }
  }
  const username = o.username;
  if (username != null) {
    if (typeof username !== 'string' && !isBytes(username)) throw generateError('Invalid username');
    packet.username = textField(username) ?? badText('username');
  }
  const password = o.password;
  if (password != null) {
    // MQTT 3.1.1 forbids a password without a user name [MQTT-3.1.2-22]; 5.0 allows it (strict),
    // mqtt-packet refuses it in every version.
    if (username == null && (version !== 5 || !strict)) throw generateError('Username is required to use password');
    if (typeof password !== 'string' && !isBytes(password)) throw generateError('Invalid password');
    packet.password = binaryField(password);
  }
  return packet;
}

function badText(what: string): never {
  throw new MqttCodecError(0x81, `${what} is not well-formed UTF-8`, { rule: 'MQTT-1.5.3-1', specVersion: '3.1.1' });
}

function publishIn(o: Record<string, any>, v: ProtocolVersion): Packet {
  const qos = o.qos || 0;
  const topic = o.topic;
  if (typeof topic !== 'string' && !isBytes(topic)) throw generateError('Invalid topic');
  const payload = o.payload || new Uint8Array(0);
  if (qos && typeof o.messageId !== 'number') throw generateError('Invalid messageId');
  const packet: Packet = {
    type: 'publish',
    topic: textField(topic) ?? badText('topic'),
    payload,
    qos,
    retain: Boolean(o.retain),
    dup: Boolean(o.dup),
  };
  if (qos) packet.packetId = o.messageId;
  if (v === 5) setProperties(packet, o.properties, true);
  return packet;
}

function subscribeIn(o: Record<string, any>, v: ProtocolVersion, strict: boolean): Packet {
  const packetId = checkMessageId(o.messageId);
  const packet: Packet = { type: 'subscribe', packetId, subscriptions: [] };
  if (v === 5) setProperties(packet, o.properties, false);
  const subs = o.subscriptions;
  if (typeof subs !== 'object' || subs === null || !subs.length) throw generateError('Invalid subscriptions');
  for (let i = 0; i < subs.length; i++) {
    const s = subs[i] ?? {};
    if (typeof s.topic !== 'string') throw generateError('Invalid subscriptions - invalid topic');
    if (typeof s.qos !== 'number') throw generateError('Invalid subscriptions - invalid qos');
    // mqtt-packet writes the options of a qos it has no entry for (3, 128, …) as 0.
    const qos = strict || s.qos === 1 || s.qos === 2 ? s.qos : 0;
    const sub: Subscription = { topicFilter: s.topic, qos };
    if (v === 5) {
      const nl = s.nl || false;
      if (typeof nl !== 'boolean') throw generateError('Invalid subscriptions - invalid No Local');
      const rap = s.rap || false;
      if (typeof rap !== 'boolean') throw generateError('Invalid subscriptions - invalid Retain as Published');
      const rh = s.rh || 0;
      if (typeof rh !== 'number' || rh > 2) throw generateError('Invalid subscriptions - invalid Retain Handling');
      if (nl) sub.noLocal = true;
      if (rap) sub.retainAsPublished = true;
      // Stryker disable next-line ConditionalExpression: a retainHandling of 0 is the default the encoder writes when it is absent (`false` is killed too: the rh rows)
      if (rh) sub.retainHandling = rh as 1 | 2;
    }
    packet.subscriptions.push(sub);
  }
  return packet;
}
