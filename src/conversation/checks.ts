/**
 * The stateful checks: for each decoded packet, in conversation order, compare it with the state
 * (`state.ts`), report what breaks a rule of the table (`rules.ts`), then update the state.
 *
 * @module
 */
import {
  isSharedSubscription,
  parseSharedSubscription,
  topicMatches,
  type AuthPacket,
  type ConnackPacket,
  type ConnectPacket,
  type DisconnectPacket,
  type Packet,
  type Sender,
  type PublishPacket,
  type SubackPacket,
  type SubscribePacket,
  type UnsubackPacket,
} from '../index.js';
import type { ConversationCheck } from './rules.js';
import { keepAlive, mayResume, other, receiverLimits, type ConversationState, type Flight } from './state.js';
import type { ConversationRecord } from './types.js';

/** What a check sees of the packet at hand. */
export interface PacketContext {
  state: ConversationState;
  /** The side that sent the packet. */
  side: Sender;
  record: ConversationRecord;
  /** Seconds allowed on the Keep Alive checks. */
  tolerance: number;
  /** Reports a fault of `check` on this packet; `cite: false` reports it without a rule id. */
  report(check: ConversationCheck, detail: string, cite?: boolean): void;
}

const ANSWERS = new Set(['puback', 'pubrec', 'pubcomp', 'suback', 'unsuback', 'pingresp']);

function sameBytes(a: Uint8Array | string, b: Uint8Array | string): boolean {
  // Two strings are compared as strings: as UTF-8 bytes two different lone surrogates would both be U+FFFD.
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  // A text payload is written as UTF-8: compare it as those bytes with a byte payload.
  const x = typeof a === 'string' ? UTF8.encode(a) : a;
  const y = typeof b === 'string' ? UTF8.encode(b) : b;
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

const UTF8 = new TextEncoder();

/** True when the conversation started after the CONNECT (option `midConnection`) and none was seen: earlier packets are unknown. */
function unseenPast(s: ConversationState): boolean {
  return s.midConnection && s.connect === null;
}

function once(c: PacketContext, key: string): boolean {
  if (c.state.once.has(key)) return false;
  c.state.once.add(key);
  return true;
}

/** Runs every check on `packet` and updates the state. */
export function checkPacket(c: PacketContext, packet: Packet): void {
  const s = c.state;
  const me = c.side === 'client' ? s.client : s.server;
  const peer = c.side === 'client' ? s.server : s.client;
  const v5 = s.version === 5;

  // What came before: closing, DISCONNECT, a refused connection, the Keep Alive.
  if (peer.malformedIndex !== null && !(v5 && packet.type === 'disconnect') && once(c, `malformed-${c.side}`)) {
    c.report('afterMalformed', `the ${c.side} goes on sending after the ${other(c.side)}'s undecodable packet #${peer.malformedIndex}`, c.side === 'server' || !v5);
  }
  if (me.disconnectIndex !== null) {
    c.report('afterDisconnect', `${packet.type.toUpperCase()} after this side's DISCONNECT (#${me.disconnectIndex})`, c.side === 'client' || v5);
  }
  checkTime(c, packet);
  if (c.side === 'server' && s.connackFailed && packet.type !== 'connack') {
    if (ANSWERS.has(packet.type)) c.report('processedAfterRejection', `${packet.type.toUpperCase()} answers a client packet although the CONNACK refused the connection`);
    else c.report('afterFailedConnack', `${packet.type.toUpperCase()} after a CONNACK that refused the connection`);
  }
  if (
    c.side === 'client' && v5 && s.connack?.sessionPresent === true && s.connect?.cleanStart === true && packet.type !== 'disconnect' &&
    // Stryker disable next-line StringLiteral: equivalent; a once key only has to differ from the other keys, and '' is none of them
    once(c, 'sp')
  ) {
    c.report('sessionPresentUnexpected', 'the client has no session (Clean Start 1) but goes on after a CONNACK with Session Present 1');
  }
  if (
    c.side === 'client' && packet.type !== 'connect' && s.connect === null && !s.midConnection &&
    // Stryker disable next-line StringLiteral: equivalent; a once key only has to differ from the other keys, and '' is none of them
    once(c, 'connect-first')
  ) {
    c.report('connectFirst', `the client's first packet is ${packet.type.toUpperCase()}, not CONNECT`);
  }
  if (c.side === 'server' && s.connack === null && !unseenPast(s) && packet.type !== 'connack' && !(v5 && (packet.type === 'auth' || packet.type === 'disconnect'))) {
    c.report('connackFirst', `${packet.type.toUpperCase()} from the server before its CONNACK`);
  }
  if (c.side === 'client' && v5 && s.connack === null && s.connect?.properties?.authenticationMethod !== undefined) {
    if (packet.type !== 'auth' && packet.type !== 'disconnect' && packet.type !== 'connect') {
      c.report('authBeforeConnack', `${packet.type.toUpperCase()} before CONNACK while authenticating with ${JSON.stringify(s.connect.properties.authenticationMethod)}`);
    }
  }
  if (v5) checkLimits(c, packet);

  switch (packet.type) {
    case 'connect':
      return onConnect(c, packet);
    case 'connack':
      return onConnack(c, packet);
    case 'publish':
      return onPublish(c, packet);
    case 'puback':
    case 'pubrec':
    case 'pubcomp':
      return onAck(c, packet.type, packet.packetId, packet.reasonCode ?? 0);
    case 'pubrel':
      return onPubrel(c, packet.packetId);
    case 'subscribe':
      if (v5) checkCapabilities(c, packet);
      return onRequest(c, 'subscribe', packet.packetId, packet.subscriptions.map((x) => x.topicFilter), packet.subscriptions.map((x) => x.qos));
    case 'unsubscribe':
      // Stryker disable next-line ArrayDeclaration: equivalent; the requested QoS of an UNSUBSCRIBE is read nowhere (only SUBSCRIBE requests grant or are answered by SUBACK codes)
      return onRequest(c, 'unsubscribe', packet.packetId, packet.topicFilters, []);
    case 'suback':
    case 'unsuback':
      return onRequestAnswer(c, packet);
    case 'pingreq':
      s.pings.push(c.record.index);
      return;
    case 'pingresp': {
      const asked = s.pings.shift();
      if (asked !== undefined) c.record.answers = asked;
      else if (!unseenPast(s)) c.report('pingrespUnasked', 'PINGRESP without a PINGREQ awaiting it');
      return;
    }
    case 'disconnect':
      return onDisconnect(c, packet);
    case 'auth':
      return onAuth(c, packet);
  }
}

/** Keep Alive: the client's silences, and the server's duty to close after 1.5 × Keep Alive. */
function checkTime(c: PacketContext, packet: Packet): void {
  const s = c.state;
  const t = c.record.time;
  const last = s.client.lastTime;
  const ka = keepAlive(s);
  // Without both times the gap is NaN, and every comparison with it below is false. (ka > 0 implies a CONNECT.)
  const gap = (t ?? NaN) - (last ?? NaN);
  if (ka > 0) {
    const serverKa = s.version === 5 && s.connack?.properties?.serverKeepAlive !== undefined;
    if (c.side === 'client' && gap > ka + c.tolerance) {
      c.report(serverKa ? 'serverKeepAliveClient' : 'keepAliveClient', `the client was silent for ${+gap.toFixed(3)} s; Keep Alive is ${ka} s${serverKa ? ' (Server Keep Alive)' : ''}`);
    }
    const serverClosing = c.side === 'server' && packet.type === 'disconnect';
    if (
      gap > 1.5 * ka + c.tolerance && !serverClosing && s.server.disconnectIndex === null &&
      // Stryker disable next-line StringLiteral: equivalent; a once key only has to differ from the other keys, and '' is none of them
      once(c, 'ka-server')
    ) {
      c.report('keepAliveServer', `the connection is still open after the client was silent for ${+gap.toFixed(3)} s, over 1.5 × Keep Alive (${ka} s)`);
    }
    if (serverClosing && !serverKa && s.version === 5 && (packet as DisconnectPacket).reasonCode === 0x8d && gap < 1.5 * ka - c.tolerance) {
      c.report('keepAliveEarly', `Keep Alive timeout after ${+gap.toFixed(3)} s of client silence; the client's Keep Alive is ${ka} s (1.5 × = ${1.5 * ka} s)`);
    }
  }
  if (c.side === 'client' && t !== undefined) s.client.lastTime = t;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: equivalent; no check reads the server's last time (kept for the state's completeness)
  if (c.side === 'server' && t !== undefined) s.server.lastTime = t;
}

/** 5.0 limits the receiver announced: Maximum Packet Size, Request Problem Information. */
function checkLimits(c: PacketContext, packet: Packet): void {
  const s = c.state;
  // Only 5.0 announces limits (in properties): before it there is nothing to look up.
  // Stryker disable next-line ConditionalExpression: equivalent; before 5.0 no CONNECT or CONNACK has properties, so the look-up gives no maximum either (speed only).
  const max = s.version === 5 ? receiverLimits(s, c.side).maximumPacketSize : undefined;
  const size = c.record.length;
  // An unknown size (a packet that does not encode) or no maximum: nothing to compare.
  if ((size ?? -Infinity) > (max ?? Infinity)) {
    c.report(c.side === 'client' ? 'clientPacketTooLarge' : 'serverPacketTooLarge', `${packet.type.toUpperCase()} is ${size} bytes; the ${other(c.side)}'s Maximum Packet Size is ${max}`);
  }
  if (c.side === 'server' && s.connect?.properties?.requestProblemInformation === 0 && packet.type !== 'publish' && packet.type !== 'connack' && packet.type !== 'disconnect') {
    const p = 'properties' in packet ? packet.properties : undefined;
    if (p?.reasonString !== undefined || p?.userProperties !== undefined) {
      c.report('problemInformation', `${packet.type.toUpperCase()} carries a ${p.reasonString !== undefined ? 'Reason String' : 'User Property'} although the client set Request Problem Information to 0`);
    }
  }
}

/** 5.0 SUBSCRIBE against what the CONNACK said the server supports. */
function checkCapabilities(c: PacketContext, packet: SubscribePacket): void {
  const p = c.state.connack?.properties;
  if (p === undefined) return;
  if (p.subscriptionIdentifiersAvailable === 0 && packet.properties?.subscriptionIdentifier !== undefined) {
    // Stryker disable next-line BooleanLiteral: equivalent; the rule has no id in either version, so citing it gives none
    c.report('subscriptionIdUnavailable', 'SUBSCRIBE carries a Subscription Identifier although the server announced Subscription Identifiers Available 0', false);
  }
  for (const { topicFilter } of packet.subscriptions) {
    const shared = isSharedSubscription(topicFilter);
    if (shared && p.sharedSubscriptionAvailable === 0) {
      // Stryker disable next-line BooleanLiteral: equivalent; the rule has no id in either version, so citing it gives none
      c.report('sharedUnavailable', `SUBSCRIBE to the Shared Subscription ${JSON.stringify(topicFilter)} although the server announced Shared Subscription Available 0`, false);
    }
    if (p.wildcardSubscriptionAvailable === 0 && /[+#]/.test(topicFilter)) {
      // Stryker disable next-line BooleanLiteral: equivalent; the rule has no id in either version, so citing it gives none
      c.report('wildcardUnavailable', `SUBSCRIBE to the wildcard filter ${JSON.stringify(topicFilter)} although the server announced Wildcard Subscription Available 0`, false);
    }
  }
}

function onConnect(c: PacketContext, packet: ConnectPacket): void {
  const s = c.state;
  if (s.connect !== null) {
    c.report('connectTwice', `a second CONNECT (the first is #${s.connectIndex})`);
    return;
  }
  s.connect = packet;
  s.connectIndex = c.record.index;
  // A version the codec cannot speak (a packet built by hand) leaves the version in force.
  const pv = packet.protocolVersion as number | undefined;
  if (pv === 3 || pv === 4 || pv === 5) s.version = pv;
}

function onConnack(c: PacketContext, packet: ConnackPacket): void {
  const s = c.state;
  const v5 = s.version === 5;
  if (s.connack !== null) {
    c.report('connackTwice', `a second CONNACK (the first is #${s.connackIndex})`, v5);
    return;
  }
  s.connack = packet;
  s.connackIndex = c.record.index;
  if (s.connect !== null) c.record.answers = s.connectIndex;
  const ok = packet.reasonCode === 0;
  s.connackFailed = v5 ? packet.reasonCode >= 0x80 : packet.reasonCode !== 0;
  const connect = s.connect;
  if (connect === null) return;
  if (ok && connect.cleanStart && packet.sessionPresent) {
    c.report('sessionPresentClean', `Session Present 1 on a connection with ${v5 ? 'Clean Start' : 'CleanSession'} 1`);
  }
  if (!v5) return;
  const p = packet.properties;
  if (p?.responseInformation !== undefined && connect.properties?.requestResponseInformation !== 1) {
    c.report('responseInformationUnasked', 'CONNACK carries Response Information that the client did not request');
  }
  const method = connect.properties?.authenticationMethod;
  if (method === undefined && p?.authenticationMethod !== undefined) {
    c.report('authWithoutMethodServer', `CONNACK carries Authentication Method ${JSON.stringify(p.authenticationMethod)} but the CONNECT had none`);
  }
  if (!ok) return;
  if (method !== undefined && p?.authenticationMethod !== method) {
    c.report('authMethodMismatch', `the successful CONNACK's Authentication Method is ${JSON.stringify(p?.authenticationMethod)}, not the CONNECT's ${JSON.stringify(method)}`);
  }
  if (connect.clientId === '' && p?.assignedClientIdentifier === undefined) {
    c.report('assignedClientId', 'the CONNECT had an empty ClientId but the CONNACK has no Assigned Client Identifier');
  }
  const maxQos = p?.maximumQoS ?? 2;
  if (connect.will !== undefined && connect.will.qos > maxQos) {
    c.report('willQosUnsupported', `the connection is accepted with a Will of QoS ${connect.will.qos} although Maximum QoS is ${maxQos}`);
  }
  if (connect.will?.retain === true && p?.retainAvailable === 0) {
    c.report('willRetainUnsupported', 'the connection is accepted with a retained Will although Retain Available is 0');
  }
}

/** The Topic Alias of a 5.0 PUBLISH: checks it against the receiver's maximum and resolves it. */
function resolveTopic(c: PacketContext, packet: PublishPacket): string | undefined {
  const s = c.state;
  const alias = packet.properties?.topicAlias;
  if (s.version !== 5 || alias === undefined) return packet.topic;
  const me = c.side === 'client' ? s.client : s.server;
  const max = receiverLimits(s, c.side).topicAliasMaximum;
  const client = c.side === 'client';
  const unknown = unseenPast(s); // the maxima and earlier mappings were announced before the start
  if (unknown) {
    // nothing to check against
  } else if (max === 0) {
    me.aliasFault = true;
    c.report(client ? 'clientAliasUnallowed' : 'serverAliasUnallowed', `Topic Alias ${alias} although the ${other(c.side)} announced no Topic Alias Maximum`);
  } else if (alias > max) {
    me.aliasFault = true;
    c.report(client ? 'clientAliasAboveMaximum' : 'serverAliasAboveMaximum', `Topic Alias ${alias} is above the ${other(c.side)}'s Topic Alias Maximum ${max}`);
  }
  if (packet.topic !== '') {
    me.aliases.set(alias, packet.topic);
    return packet.topic;
  }
  const topic = me.aliases.get(alias);
  if (topic === undefined && !unknown) {
    me.aliasFault = true;
    // Stryker disable next-line BooleanLiteral: equivalent; the rule has no id in either version, so citing it gives none
    c.report('aliasUnmapped', `empty Topic Name with Topic Alias ${alias}, which this connection has not mapped`, false);
  }
  return topic;
}

/** The highest QoS granted (or requested, while the SUBACK is pending) to filters matching `topic`. */
function grantedFor(s: ConversationState, topic: string): number | undefined {
  let best: number | undefined;
  const consider = (filter: string, qos: number) => {
    let f = filter;
    try {
      f = parseSharedSubscription(filter)?.topicFilter ?? filter;
    } catch {
      return;
    }
    if (topicMatches(f, topic)) best = best === undefined ? qos : Math.max(best, qos);
  };
  for (const [filter, qos] of s.subscriptions) consider(filter, qos);
  for (const r of s.requests.values()) if (r.kind === 'subscribe') r.filters.forEach((f, i) => consider(f, r.qos[i]));
  return best;
}

function onPublish(c: PacketContext, packet: PublishPacket): void {
  const s = c.state;
  const v5 = s.version === 5;
  const me = c.side === 'client' ? s.client : s.server;
  const topic = resolveTopic(c, packet);
  if (topic !== undefined) c.record.topic = topic;
  // Only 5.0 announces limits (in properties): before it there is nothing to look up.
  const limits = v5 ? receiverLimits(s, c.side) : undefined;
  if (
    limits !== undefined &&
    // Stryker disable next-line ConditionalExpression: equivalent; for a server PUBLISH receiverLimits gives Maximum QoS 2 and Retain Available 1, which no PUBLISH breaks
    c.side === 'client'
  ) {
    if (packet.qos > limits.maximumQoS) c.report('maximumQos', `QoS ${packet.qos} PUBLISH; the server's Maximum QoS is ${limits.maximumQoS}`);
    if (packet.retain && limits.retainAvailable === 0) c.report('retainUnavailable', 'RETAIN 1 PUBLISH although the server announced Retain Available 0');
  }
  if (c.side === 'server' && topic !== undefined && !mayResume(s)) {
    const granted = grantedFor(s, topic);
    // Stryker disable next-line ConditionalExpression: equivalent for `granted !== undefined` → true, as `qos > undefined` is false (this also ignores the line's other ConditionalExpression mutants, which tests kill)
    if (granted !== undefined && packet.qos > granted) {
      c.report('deliveryAboveGranted', `QoS ${packet.qos} delivery on ${JSON.stringify(topic)}; the matching subscriptions were granted at most QoS ${granted}`);
    }
  }
  if (packet.qos === 0 || packet.packetId === undefined) return;
  const id = packet.packetId;
  const qos = packet.qos;
  const flight = me.flights.get(id);
  const fresh: Flight = { index: c.record.index, qos, stage: 'sent', topic, payload: packet.payload };
  if (flight !== undefined) {
    const same = flight.qos === qos && flight.topic === topic && sameBytes(flight.payload, packet.payload);
    if (packet.dup) {
      if (flight.stage === 'released') c.report('resendAfterPubrel', `PUBLISH ${id} resent after its PUBREL (#${flight.pubrelIndex})`);
      else if (v5) c.report('resendOnlyOnResume', `PUBLISH ${id} (first sent as #${flight.index}) resent on the same connection`);
      return;
    }
    if (same && flight.stage !== 'released') {
      c.report('resendWithoutDup', `PUBLISH ${id} is sent again (first as #${flight.index}) without DUP`);
      return;
    }
    const what = `PUBLISH reuses packet identifier ${id}, still in use by #${flight.index}`;
    if (!v5) c.report(c.side === 'client' ? 'clientPublishIdInUse' : 'serverPublishIdInUse', what);
    else if (flight.qos === 1) c.report(c.side === 'client' ? 'clientPublishIdInUse' : 'serverPublishIdInUse', `${what} (awaiting PUBACK)`);
    else if (flight.stage === 'sent') c.report('qos2IdAwaitingPubrec', `${what} (awaiting PUBREC)`);
    else c.report('qos2IdAwaitingPubcomp', `${what} (awaiting ${flight.stage === 'received' ? 'PUBREL' : 'PUBCOMP'})`);
    me.flights.delete(id);
    me.flights.set(id, fresh);
    return;
  }
  const resumed = mayResume(s);
  if (c.side === 'client' && s.requests.has(id)) {
    c.report('clientRequestIdInUse', `PUBLISH takes packet identifier ${id}, in use by ${s.requests.get(id)!.kind.toUpperCase()} #${s.requests.get(id)!.index}`);
  }
  if (packet.dup && !resumed) {
    if (v5 && me.failedAcks.has(id)) c.report('resendAfterFailure', `PUBLISH ${id} retransmitted although it was acknowledged with a failure code`);
    else if (me.completed.has(id)) {
      // A late retransmission crossing the acknowledgement: 5.0 forbids resending on the same
      // connection; 3.1.1 does not number such a rule.
      if (v5) c.report('resendOnlyOnResume', `PUBLISH ${id} resent on the same connection after its flow completed`);
    } else c.report(qos === 1 ? 'firstSendDupQos1' : 'firstSendDupQos2', `the first transmission of PUBLISH ${id} on a new session has DUP 1`);
  }
  me.failedAcks.delete(id);
  me.completed.delete(id);
  if (limits !== undefined && me.flights.size >= limits.receiveMaximum) {
    c.report(c.side === 'client' ? 'clientReceiveMaximum' : 'serverReceiveMaximum', `a QoS ${qos} PUBLISH while ${me.flights.size} are unacknowledged; the ${other(c.side)}'s Receive Maximum is ${limits.receiveMaximum}`);
  }
  me.flights.set(id, fresh);
}

/** PUBACK, PUBREC or PUBCOMP sent by `c.side` for a PUBLISH flow of the other side. */
function onAck(c: PacketContext, type: 'puback' | 'pubrec' | 'pubcomp', id: number, reasonCode: number): void {
  const s = c.state;
  const owner = c.side === 'client' ? s.server : s.client;
  const flight = owner.flights.get(id);
  const T = type.toUpperCase();
  if (type === 'pubcomp' && owner.strayPubrels.has(id)) {
    // The answer the receiver owes even to a PUBREL it knows nothing of.
    c.record.answers = owner.strayPubrels.get(id);
    owner.strayPubrels.delete(id);
    return;
  }
  if (flight === undefined) {
    if ((type === 'pubcomp' && mayResume(s)) || unseenPast(s)) return;
    const check = type === 'puback' ? 'pubackUnknown' : type === 'pubrec' ? 'pubrecUnknown' : 'pubcompUnknown';
    c.report(check, `${T} ${id}: no ${type === 'pubcomp' ? 'PUBREL' : `QoS ${type === 'puback' ? 1 : 2} PUBLISH`} with this identifier awaits it`);
    return;
  }
  if (type === 'pubcomp') {
    if (flight.stage !== 'released') {
      c.report('pubcompUnknown', `PUBCOMP ${id} before the PUBREL (the PUBLISH #${flight.index} is awaiting ${flight.stage === 'sent' ? 'PUBREC' : 'PUBREL'})`);
      return;
    }
    c.record.answers = flight.pubrelIndex;
    owner.flights.delete(id);
    owner.completed.add(id);
    return;
  }
  const expected = type === 'puback' ? 1 : 2;
  if (flight.qos !== expected) {
    c.report('wrongAckForQos', `${T} ${id} answers a QoS ${flight.qos} PUBLISH (#${flight.index}), which needs ${flight.qos === 1 ? 'PUBACK' : 'PUBREC'}`);
    return;
  }
  c.record.answers = flight.index;
  // Stryker disable next-line ConditionalExpression: equivalent for `type === 'pubrec'` → true: a PUBACK gets here only for a QoS 1 flight, always at stage 'sent' (only PUBREC and PUBREL move QoS 2 flights on); this also ignores the line's other ConditionalExpression mutants, which tests kill
  if (type === 'pubrec' && flight.stage !== 'sent') return; // a PUBREC repeated for a DUP PUBLISH
  if (c.side === 'client') {
    let first: number | undefined;
    for (const [fid, f] of owner.flights) {
      if (f.qos === expected && f.stage === 'sent') {
        first = fid;
        break;
      }
    }
    // Stryker disable next-line ConditionalExpression: equivalent for `first !== undefined` → true: the acknowledged flight itself matches (its QoS, stage 'sent'), so the loop always sets first; this also ignores the line's other ConditionalExpression mutants, which tests kill
    if (first !== undefined && first !== id) {
      c.report(type === 'puback' ? 'pubackOrder' : 'pubrecOrder', `${T} ${id} before the ${T} of PUBLISH ${first}, which arrived earlier`);
    }
  }
  if (reasonCode >= 0x80) {
    owner.flights.delete(id);
    owner.failedAcks.add(id);
    owner.completed.add(id);
  } else if (type === 'puback') {
    owner.flights.delete(id);
    owner.completed.add(id);
  } else {
    flight.stage = 'received';
    flight.pubrecIndex = c.record.index;
    flight.pubrecRank = s.pubrecs++;
  }
}

/** PUBREL, sent by the side that sent the QoS 2 PUBLISH. */
function onPubrel(c: PacketContext, id: number): void {
  const s = c.state;
  const me = c.side === 'client' ? s.client : s.server;
  const flight = me.flights.get(id);
  if (flight === undefined || flight.qos !== 2) {
    if (flight === undefined && mayResume(s)) return;
    c.report('pubrelBeforePubrec', `PUBREL ${id}: no QoS 2 PUBLISH with this identifier has been received with PUBREC`);
    if (flight === undefined) me.strayPubrels.set(id, c.record.index);
    return;
  }
  if (flight.stage === 'sent') {
    c.report('pubrelBeforePubrec', `PUBREL ${id} before the PUBREC of PUBLISH #${flight.index}`);
    return;
  }
  if (flight.stage === 'released') {
    if (s.version === 5) c.report('resendOnlyOnResume', `PUBREL ${id} resent on the same connection (first #${flight.pubrelIndex})`);
    c.record.answers = flight.pubrecIndex;
    return;
  }
  if (c.side === 'client') {
    let first: [number, Flight] | undefined;
    for (const entry of me.flights) {
      if (
        entry[1].stage === 'received' &&
        (first === undefined ||
          // Stryker disable next-line EqualityOperator: equivalent for < → <=: ranks are distinct (s.pubrecs++, once per flight), so both pick the same flight (this also ignores < → >=, which tests kill)
          entry[1].pubrecRank! < first[1].pubrecRank!)
      )
        first = entry;
    }
    // Stryker disable next-line ConditionalExpression: equivalent for `first !== undefined` → true: the flight released here is at stage 'received', so the loop always sets first; this also ignores the line's other ConditionalExpression mutants, which tests kill
    if (first !== undefined && first[0] !== id) c.report('pubrelOrder', `PUBREL ${id} before the PUBREL for PUBREC ${first[0]}, which arrived earlier`);
  }
  c.record.answers = flight.pubrecIndex;
  flight.stage = 'released';
  flight.pubrelIndex = c.record.index;
}

function onRequest(c: PacketContext, kind: 'subscribe' | 'unsubscribe', id: number, filters: string[], qos: number[]): void {
  const s = c.state;
  const inUse = s.requests.get(id) ?? s.client.flights.get(id);
  if (inUse !== undefined) {
    c.report('clientRequestIdInUse', `${kind.toUpperCase()} takes packet identifier ${id}, still in use by #${inUse.index}`);
  }
  s.answered.delete(id);
  s.requests.set(id, { index: c.record.index, kind, filters, qos });
}

function onRequestAnswer(c: PacketContext, packet: SubackPacket | UnsubackPacket): void {
  const s = c.state;
  const sub = packet.type === 'suback';
  const kind = sub ? 'subscribe' : 'unsubscribe';
  const T = packet.type.toUpperCase();
  const id = packet.packetId;
  const request = s.requests.get(id);
  if (request === undefined && unseenPast(s)) return;
  if (request === undefined || request.kind !== kind) {
    // Stryker disable next-line ConditionalExpression: equivalent for `request === undefined` → true: while a request with this identifier is pending, s.answered has none (onRequest deletes it), so the second operand is false; this also ignores the line's other ConditionalExpression mutants, which tests kill
    if (request === undefined && s.answered.get(id) === kind) {
      c.report(sub ? 'subackTwice' : 'unsubackTwice', `a second ${T} for ${kind.toUpperCase()} ${id}`);
    } else {
      c.report(sub ? 'subackUnknown' : 'unsubackUnknown', `${T} ${id}: no ${kind.toUpperCase()} with this identifier awaits it${request ? ` (#${request.index} is ${request.kind.toUpperCase()})` : ''}`);
    }
    return;
  }
  c.record.answers = request.index;
  s.requests.delete(id);
  s.answered.set(id, kind);
  const codes = packet.reasonCodes ?? [];
  const v5 = s.version === 5;
  if (sub) {
    if (codes.length !== request.filters.length) {
      c.report('subackCount', `SUBACK has ${codes.length} code(s) for ${request.filters.length} Topic Filter(s)`);
    }
    const maxQos = s.connack?.properties?.maximumQoS;
    codes.forEach((code, i) => {
      if (code >= 0x80 || i >= request.filters.length) return;
      if (code > request.qos[i]) c.report('subackAboveRequested', `SUBACK code ${i} grants QoS ${code} to ${JSON.stringify(request.filters[i])}, which requested QoS ${request.qos[i]}`);
      else if (
        v5 &&
        // Stryker disable next-line ConditionalExpression: equivalent for `maxQos !== undefined` → true, as `code > undefined` is false
        maxQos !== undefined &&
        code > maxQos
      )
        c.report('subackAboveMaximumQos', `SUBACK code ${i} grants QoS ${code} although the server's Maximum QoS is ${maxQos}`);
      s.subscriptions.set(request.filters[i], code);
    });
  } else {
    if (v5 && codes.length !== request.filters.length) {
      c.report('unsubackCount', `UNSUBACK has ${codes.length} code(s) for ${request.filters.length} Topic Filter(s)`);
    }
    for (const f of request.filters) s.subscriptions.delete(f);
  }
}

function onDisconnect(c: PacketContext, packet: DisconnectPacket): void {
  const s = c.state;
  const me = c.side === 'client' ? s.client : s.server;
  const peer = c.side === 'client' ? s.server : s.client;
  if (s.version === 5) {
    const rc = packet.reasonCode ?? 0;
    if (c.side === 'server' && (s.connack === null || s.connackFailed)) {
      c.report('disconnectBeforeConnack', 'the server sends DISCONNECT before a successful CONNACK');
    }
    if (c.side === 'client' && (packet.properties?.sessionExpiryInterval ?? 0) > 0 && (s.connect?.properties?.sessionExpiryInterval ?? 0) === 0 && s.connect !== null) {
      // Stryker disable next-line BooleanLiteral: equivalent; sessionExpiryOnDisconnect has no 5.0 rule id (v5: null), so citing it or not gives the same diagnostic
      c.report('sessionExpiryOnDisconnect', `DISCONNECT sets Session Expiry Interval ${packet.properties!.sessionExpiryInterval} after 0 on CONNECT`, false);
    }
    if (rc === 0x94 && !peer.aliasFault) {
      c.report(c.side === 'client' ? 'clientRefusedValidAlias' : 'serverRefusedValidAlias', `DISCONNECT 0x94 (Topic Alias invalid) although every Topic Alias the ${other(c.side)} sent was valid`);
    }
  }
  if (me.disconnectIndex === null) me.disconnectIndex = c.record.index;
}

function onAuth(c: PacketContext, packet: AuthPacket): void {
  const s = c.state;
  const method = s.connect?.properties?.authenticationMethod;
  const rc = packet.reasonCode ?? 0;
  const sent = packet.properties?.authenticationMethod;
  if (c.side === 'client') {
    if (method === undefined) {
      if (s.connect !== null) c.report('authWithoutMethodClient', 'AUTH from a client whose CONNECT had no Authentication Method');
    } else if (sent !== method) {
      c.report(rc === 0x19 ? 'reauthMethod' : 'authMethodMismatch', `AUTH with Authentication Method ${JSON.stringify(sent)}, not the CONNECT's ${JSON.stringify(method)}`);
    }
    if (s.authAwaitingClient && rc !== 0x18) c.report('authContinueClient', `the client answers the server's AUTH with reason 0x${rc.toString(16)}, not 0x18`);
    s.authAwaitingClient = false;
    return;
  }
  if (method === undefined) {
    if (s.connect !== null) c.report('authWithoutMethodServer', 'AUTH from the server although the CONNECT had no Authentication Method');
  } else if (sent !== method) {
    c.report('authMethodMismatch', `AUTH with Authentication Method ${JSON.stringify(sent)}, not the CONNECT's ${JSON.stringify(method)}`);
  }
  if (s.connack === null && rc !== 0x18) c.report('authContinueServer', `server AUTH before CONNACK with reason 0x${rc.toString(16)}, not 0x18 (Continue authentication)`);
  s.authAwaitingClient = rc === 0x18;
}

/** At the end of a conversation: requests and pings left unanswered (unless a side closed or failed). */
export function checkEnd(s: ConversationState, report: (check: ConversationCheck, index: number, detail: string) => void): void {
  if (s.client.disconnectIndex !== null || s.server.disconnectIndex !== null) return;
  if (s.client.malformedIndex !== null || s.server.malformedIndex !== null || s.connackFailed) return;
  for (const [id, r] of s.requests) {
    report(r.kind === 'subscribe' ? 'subscribeUnanswered' : 'unsubscribeUnanswered', r.index, `${r.kind.toUpperCase()} ${id} was never answered`);
  }
  for (const i of s.pings) report('pingreqUnanswered', i, 'PINGREQ was never answered');
}
