/**
 * fast-check arbitraries for valid packets of every type and version, in the canonical shape
 * `decode` returns (so `decode(encode(p))` must equal `p`). They reach every field and every
 * 5.0 property, multi-byte and astral strings, empty strings and payloads, and the boundaries.
 */
import fc from 'fast-check';
import type {
  Packet,
  Properties,
  PropertyContext,
  ProtocolVersion,
  Subscription,
  UserProperty,
} from '../src/index.js';
import { PROPERTIES, SUBACK_REASON_CODES, REASON_CODES } from '../src/index.js';

/** Strings: ASCII or full Unicode (astral included), never U+0000 or a lone surrogate. */
export const mqttString = (maxLength = 12): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.string({ unit: 'binary-ascii', maxLength }),
      fc.string({ unit: 'binary', maxLength }),
      fc.constantFrom('', 'a', '\uFEFFbom', 'A\u{2A6D4}', 'é€𝄞', '\u0001ctl'),
    )
    .map((s) => s.replace(/\u0000/g, ''));

/** A Topic Name: no wildcards, not empty. */
export const topicName = (): fc.Arbitrary<string> =>
  mqttString(16).map((s) => {
    const t = s.replace(/[+#]/g, '_');
    return t.length === 0 ? 't' : t;
  });

const level = fc.oneof(
  fc.constantFrom('', 'a', 'sport', '$SYS', 'é', '𝄞'),
  mqttString(6).map((s) => s.replace(/[+#/]/g, '_')),
);

/** A valid Topic Filter (wildcards placed correctly); 5.0 may produce `$share/` filters. */
export const topicFilter = (v: ProtocolVersion): fc.Arbitrary<string> => {
  const plain = fc
    .tuple(fc.array(fc.oneof(level, fc.constant('+')), { minLength: 1, maxLength: 5 }), fc.boolean())
    .map(([levels, hash]) => {
      const f = (hash ? [...levels, '#'] : levels).join('/');
      return f.length === 0 ? '#' : f;
    });
  if (v !== 5) return plain;
  return fc.oneof(
    { weight: 4, arbitrary: plain },
    {
      weight: 1,
      arbitrary: fc
        .tuple(level.map((s) => (s.length === 0 || s.startsWith('$') ? 'g' : s)), plain)
        .map(([name, f]) => `$share/${name}/${f}`),
    },
  );
};

export const packetId = fc.oneof(fc.constantFrom(1, 65535), fc.integer({ min: 1, max: 65535 }));
export const u16 = fc.oneof(fc.constantFrom(0, 1, 65535), fc.integer({ min: 0, max: 65535 }));
export const u32 = fc.oneof(
  fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff),
  fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([a, b]) => a * 0x10000 + b),
);
export const VBI_BOUNDARIES = [1, 127, 128, 16383, 16384, 2097151, 2097152, 268435455];
export const vbiNonZero = fc.oneof(fc.constantFrom(...VBI_BOUNDARIES), fc.integer({ min: 1, max: 268435455 }));
export const bytes = (maxLength = 24): fc.Arbitrary<Uint8Array> =>
  fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ maxLength }));
const bool01 = fc.constantFrom(0, 1);
export const userProperties: fc.Arbitrary<UserProperty[]> = fc.array(
  fc.tuple(mqttString(8), mqttString(8)).map(([a, b]) => [a, b] as UserProperty),
  { minLength: 1, maxLength: 4 },
);

/** Arbitrary value for each property key, valid for the table's value rule. */
const VALUE: Record<string, fc.Arbitrary<unknown>> = {
  payloadFormatIndicator: bool01,
  messageExpiryInterval: u32,
  contentType: mqttString(),
  responseTopic: topicName(),
  correlationData: bytes(16),
  subscriptionIdentifier: vbiNonZero,
  subscriptionIdentifiers: fc.array(vbiNonZero, { minLength: 1, maxLength: 3 }),
  sessionExpiryInterval: u32,
  assignedClientIdentifier: mqttString(),
  serverKeepAlive: u16,
  authenticationMethod: mqttString(),
  authenticationData: bytes(16),
  requestProblemInformation: bool01,
  willDelayInterval: u32,
  requestResponseInformation: bool01,
  responseInformation: mqttString(),
  serverReference: mqttString(),
  reasonString: mqttString(),
  receiveMaximum: fc.integer({ min: 1, max: 65535 }),
  topicAliasMaximum: u16,
  topicAlias: fc.integer({ min: 1, max: 65535 }),
  maximumQoS: bool01,
  retainAvailable: bool01,
  userProperties,
  maximumPacketSize: u32.map((n) => (n === 0 ? 1 : n)),
  wildcardSubscriptionAvailable: bool01,
  subscriptionIdentifiersAvailable: bool01,
  sharedSubscriptionAvailable: bool01,
};

/** The property keys a context allows, from the exported table. */
export function keysFor(ctx: PropertyContext): string[] {
  const keys: string[] = [];
  for (const def of PROPERTIES) {
    if (!def.contexts.includes(ctx)) continue;
    keys.push(def.repeatableIn.includes(ctx) ? def.listKey! : def.key);
  }
  return keys;
}

/** A non-empty property bag valid for `ctx`, or undefined. */
export function properties(ctx: PropertyContext, v: ProtocolVersion): fc.Arbitrary<Properties | undefined> {
  if (v !== 5) return fc.constant(undefined);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const k of keysFor(ctx)) record[k] = VALUE[k];
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 3,
      arbitrary: fc.record(record, { requiredKeys: [] }).map((p) => {
        const props = p as Properties;
        // Authentication Data needs an Authentication Method.
        if (props.authenticationData !== undefined && props.authenticationMethod === undefined) {
          props.authenticationMethod = 'SCRAM-SHA-1';
        }
        return Object.keys(props).length === 0 ? undefined : props;
      }),
    },
  );
}

function withProps<T extends object>(packet: T, props: Properties | undefined): T {
  return props === undefined ? packet : { ...packet, properties: props };
}

const qos = fc.constantFrom(0, 1, 2) as fc.Arbitrary<0 | 1 | 2>;

function connect(v: ProtocolVersion): fc.Arbitrary<Packet> {
  return fc
    .record({
      clientId: mqttString(23),
      cleanStart: fc.boolean(),
      keepAlive: u16,
      username: fc.option(mqttString(), { nil: undefined }),
      password: fc.option(bytes(), { nil: undefined }),
      will: fc.option(
        fc.record({ topic: topicName(), payload: bytes(), qos, retain: fc.boolean(), properties: properties('will', v) }),
        { nil: undefined },
      ),
      properties: properties('connect', v),
    })
    .map((r) => {
      const p: Record<string, unknown> = {
        type: 'connect',
        protocolVersion: v,
        protocolName: v === 3 ? 'MQIsdp' : 'MQTT',
        clientId: r.clientId,
        // Before 5.0 a zero-byte ClientId needs CleanSession 1 [MQTT-3.1.3-7].
        cleanStart: r.cleanStart || (v !== 5 && r.clientId === ''),
        keepAlive: r.keepAlive,
      };
      if (r.will !== undefined) {
        const { properties: wp, ...will } = r.will;
        p.will = withProps(will, wp);
      }
      if (r.username !== undefined) p.username = r.username;
      // Before 5.0 a password needs a user name [MQTT-3.1.2-22].
      if (r.password !== undefined && (v === 5 || r.username !== undefined)) p.password = r.password;
      return withProps(p, r.properties) as unknown as Packet;
    });
}

const reasonCode = (type: string): fc.Arbitrary<number> =>
  fc.constantFrom(...Object.keys(REASON_CODES[type]).map(Number));

function connack(v: ProtocolVersion): fc.Arbitrary<Packet> {
  const code = v === 5 ? reasonCode('connack') : fc.integer({ min: 0, max: 5 });
  return fc
    .record({ sessionPresent: fc.boolean(), reasonCode: code, properties: properties('connack', v) })
    .map((r) =>
      withProps(
        { type: 'connack' as const, sessionPresent: v !== 3 && r.reasonCode === 0 && r.sessionPresent, reasonCode: r.reasonCode },
        r.properties,
      ),
    );
}

function publish(v: ProtocolVersion): fc.Arbitrary<Packet> {
  return fc
    .record({
      topic: topicName(),
      emptyTopic: fc.boolean(),
      payload: fc.oneof(bytes(40), fc.uint8Array({ minLength: 100, maxLength: 400 })),
      qos,
      retain: fc.boolean(),
      dup: fc.boolean(),
      packetId,
      properties: properties('publish', v),
    })
    .map((r) => {
      const p: Record<string, unknown> = {
        type: 'publish',
        topic: r.topic,
        payload: r.payload,
        qos: r.qos,
        retain: r.retain,
        dup: r.qos > 0 && r.dup,
      };
      if (r.qos > 0) p.packetId = r.packetId;
      // 5.0: an empty Topic Name is valid with a Topic Alias.
      if (v === 5 && r.emptyTopic && r.properties?.topicAlias !== undefined) p.topic = '';
      return withProps(p, r.properties) as unknown as Packet;
    });
}

function ack(type: 'puback' | 'pubrec' | 'pubrel' | 'pubcomp', v: ProtocolVersion): fc.Arbitrary<Packet> {
  if (v !== 5) return packetId.map((id) => ({ type, packetId: id }));
  return fc
    .record({ packetId, reasonCode: reasonCode(type), properties: properties(type, v) })
    .map((r) => withProps({ type, packetId: r.packetId, reasonCode: r.reasonCode }, r.properties));
}

function subscription(v: ProtocolVersion): fc.Arbitrary<Subscription> {
  return fc
    .record({
      topicFilter: topicFilter(v),
      qos,
      noLocal: fc.boolean(),
      retainAsPublished: fc.boolean(),
      retainHandling: fc.constantFrom(0, 1, 2) as fc.Arbitrary<0 | 1 | 2>,
    })
    .map((s) => {
      if (v !== 5) return { topicFilter: s.topicFilter, qos: s.qos };
      // No Local on a Shared Subscription is a Protocol Error [MQTT-3.8.3-4].
      return { ...s, noLocal: s.noLocal && !s.topicFilter.startsWith('$share/') };
    });
}

function subscribe(v: ProtocolVersion): fc.Arbitrary<Packet> {
  return fc
    .record({
      packetId,
      subscriptions: fc.array(subscription(v), { minLength: 1, maxLength: 5 }),
      properties: properties('subscribe', v),
    })
    .map((r) => withProps({ type: 'subscribe' as const, packetId: r.packetId, subscriptions: r.subscriptions }, r.properties));
}

function suback(v: ProtocolVersion): fc.Arbitrary<Packet> {
  const code = v === 5 ? fc.constantFrom(...Object.keys(SUBACK_REASON_CODES).map(Number)) : fc.constantFrom(0, 1, 2, 0x80);
  return fc
    .record({ packetId, reasonCodes: fc.array(code, { minLength: 1, maxLength: 6 }), properties: properties('suback', v) })
    .map((r) => withProps({ type: 'suback' as const, packetId: r.packetId, reasonCodes: r.reasonCodes }, r.properties));
}

function unsubscribe(v: ProtocolVersion): fc.Arbitrary<Packet> {
  return fc
    .record({
      packetId,
      topicFilters: fc.array(topicFilter(v), { minLength: 1, maxLength: 5 }),
      properties: properties('unsubscribe', v),
    })
    .map((r) => withProps({ type: 'unsubscribe' as const, packetId: r.packetId, topicFilters: r.topicFilters }, r.properties));
}

function unsuback(v: ProtocolVersion): fc.Arbitrary<Packet> {
  if (v !== 5) return packetId.map((id) => ({ type: 'unsuback' as const, packetId: id }));
  return fc
    .record({
      packetId,
      reasonCodes: fc.array(reasonCode('unsuback'), { minLength: 1, maxLength: 6 }),
      properties: properties('unsuback', v),
    })
    .map((r) => withProps({ type: 'unsuback' as const, packetId: r.packetId, reasonCodes: r.reasonCodes }, r.properties));
}

function reasonOnly(type: 'disconnect' | 'auth', v: ProtocolVersion): fc.Arbitrary<Packet> {
  if (v !== 5) return fc.constant({ type } as Packet);
  return fc
    .record({ reasonCode: reasonCode(type), properties: properties(type, v) })
    .map((r) => withProps({ type, reasonCode: r.reasonCode }, r.properties) as Packet);
}

/** The 15 packet types (14 before 5.0) and their arbitraries for version `v`. */
export function packetArbitraries(v: ProtocolVersion): Record<string, fc.Arbitrary<Packet>> {
  const arbs: Record<string, fc.Arbitrary<Packet>> = {
    connect: connect(v),
    connack: connack(v),
    publish: publish(v),
    puback: ack('puback', v),
    pubrec: ack('pubrec', v),
    pubrel: ack('pubrel', v),
    pubcomp: ack('pubcomp', v),
    subscribe: subscribe(v),
    suback: suback(v),
    unsubscribe: unsubscribe(v),
    unsuback: unsuback(v),
    pingreq: fc.constant({ type: 'pingreq' }),
    pingresp: fc.constant({ type: 'pingresp' }),
    disconnect: reasonOnly('disconnect', v),
  };
  if (v === 5) arbs.auth = reasonOnly('auth', v);
  return arbs;
}

/** Any valid packet of version `v`. */
export function anyPacket(v: ProtocolVersion): fc.Arbitrary<Packet> {
  return fc.oneof(...Object.values(packetArbitraries(v)));
}

export const VERSIONS: ProtocolVersion[] = [3, 4, 5];
