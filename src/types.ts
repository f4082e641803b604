/**
 * The packet model: one interface per MQTT control packet, their union {@link Packet}, the
 * 5.0 property bag and the codec options.
 *
 * Conventions:
 * - Binary Data (payloads, passwords, Correlation Data, Authentication Data) is a `Uint8Array`.
 *   Decoded binary fields are views (`subarray`) into the bytes given to `decode`; copy them
 *   (`slice()`) if you keep them after reusing that buffer.
 * - Optional fields that are absent on the wire are absent (not `undefined`) on decoded packets;
 *   `properties` is absent when a 5.0 packet carries none.
 * - On decode, 5.0 acknowledgements (PUBACK/PUBREC/PUBREL/PUBCOMP), DISCONNECT and AUTH always
 *   carry `reasonCode`, including when the wire used the short form that omits it.
 *
 * @module
 */
import type { CheckOptions } from './checks.js';

/** 3 = MQTT 3.1 (protocol name "MQIsdp"), 4 = MQTT 3.1.1, 5 = MQTT 5.0. */
export type ProtocolVersion = 3 | 4 | 5;

/** Quality of Service level. */
export type QoS = 0 | 1 | 2;

/** A User Property: name and value, in wire order. */
export type UserProperty = [name: string, value: string];

/**
 * MQTT 5.0 properties, named after the specification in camelCase. Each packet allows only some
 * of them (see `PROPERTIES` for the table); decode rejects the others and encode refuses them.
 */
export interface Properties {
  /** 0x01 Payload Format Indicator: 0 unspecified bytes, 1 UTF-8 character data. */
  payloadFormatIndicator?: number;
  /** 0x02 Message Expiry Interval, seconds. */
  messageExpiryInterval?: number;
  /** 0x03 Content Type. */
  contentType?: string;
  /** 0x08 Response Topic (a Topic Name). */
  responseTopic?: string;
  /** 0x09 Correlation Data. */
  correlationData?: Uint8Array;
  /** 0x0B Subscription Identifier, in SUBSCRIBE (1 to 268,435,455). */
  subscriptionIdentifier?: number;
  /** 0x0B Subscription Identifiers, in PUBLISH (one per matching subscription, in wire order). */
  subscriptionIdentifiers?: number[];
  /** 0x11 Session Expiry Interval, seconds. */
  sessionExpiryInterval?: number;
  /** 0x12 Assigned Client Identifier. */
  assignedClientIdentifier?: string;
  /** 0x13 Server Keep Alive, seconds. */
  serverKeepAlive?: number;
  /** 0x15 Authentication Method. */
  authenticationMethod?: string;
  /** 0x16 Authentication Data. */
  authenticationData?: Uint8Array;
  /** 0x17 Request Problem Information (0 or 1). */
  requestProblemInformation?: number;
  /** 0x18 Will Delay Interval, seconds. */
  willDelayInterval?: number;
  /** 0x19 Request Response Information (0 or 1). */
  requestResponseInformation?: number;
  /** 0x1A Response Information. */
  responseInformation?: string;
  /** 0x1C Server Reference. */
  serverReference?: string;
  /** 0x1F Reason String. */
  reasonString?: string;
  /** 0x21 Receive Maximum (1 to 65,535). */
  receiveMaximum?: number;
  /** 0x22 Topic Alias Maximum. */
  topicAliasMaximum?: number;
  /** 0x23 Topic Alias (1 to 65,535). */
  topicAlias?: number;
  /** 0x24 Maximum QoS (0 or 1; absent means 2). */
  maximumQoS?: number;
  /** 0x25 Retain Available (0 or 1). */
  retainAvailable?: number;
  /** 0x26 User Properties, in wire order, duplicates kept. */
  userProperties?: UserProperty[];
  /** 0x27 Maximum Packet Size (1 to 4,294,967,295). */
  maximumPacketSize?: number;
  /** 0x28 Wildcard Subscription Available (0 or 1). */
  wildcardSubscriptionAvailable?: number;
  /** 0x29 Subscription Identifiers Available (0 or 1). */
  subscriptionIdentifiersAvailable?: number;
  /** 0x2A Shared Subscription Available (0 or 1). */
  sharedSubscriptionAvailable?: number;
}

/** The Will Message of a CONNECT. */
export interface Will {
  /** Will Topic (a Topic Name: no wildcards, not empty). */
  topic: string;
  /** Will Payload. */
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  /** Will Properties (5.0 only). */
  properties?: Properties;
}

/** CONNECT (type 1), client to server. */
export interface ConnectPacket {
  type: 'connect';
  /** 3 ("MQIsdp"), 4 or 5 ("MQTT"). Defaults to the encode option, then 4. */
  protocolVersion?: ProtocolVersion;
  /**
   * The Protocol Name. Decode gives the one on the wire; encode derives it from the version when
   * it is absent (a different one is refused by the `protocolName`/`protocolNameLevel` checks).
   */
  protocolName?: string;
  /**
   * True when the Protocol Level has its top bit set (0x83, 0x84): a bridge's CONNECT, as
   * mosquitto's bridges send by default (`try_private`). `protocolVersion` is then the level
   * without that bit. Absent otherwise.
   */
  bridge?: boolean;
  clientId: string;
  /** Clean Session (3.1, 3.1.1) / Clean Start (5.0). */
  cleanStart: boolean;
  /** Keep Alive, seconds (0 to 65,535). */
  keepAlive: number;
  username?: string;
  password?: Uint8Array;
  will?: Will;
  properties?: Properties;
}

/** CONNACK (type 2), server to client. */
export interface ConnackPacket {
  type: 'connack';
  /** Always false in 3.1 (which has no Session Present flag). */
  sessionPresent: boolean;
  /** 5.0 Connect Reason Code, or the 3.1/3.1.1 Connect Return Code (0–5). */
  reasonCode: number;
  properties?: Properties;
}

/** PUBLISH (type 3), both directions. */
export interface PublishPacket {
  type: 'publish';
  /** Topic Name; empty only in 5.0 together with a Topic Alias. */
  topic: string;
  /** Application Message. A string is accepted on encode and written as UTF-8. */
  payload: Uint8Array | string;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  /** Present if and only if qos > 0 (1 to 65,535). */
  packetId?: number;
  properties?: Properties;
}

/** The four QoS acknowledgements share one shape. */
interface AckFields {
  /** 1 to 65,535. */
  packetId: number;
  /** 5.0 only; 0 (Success) when omitted on encode. */
  reasonCode?: number;
  properties?: Properties;
}

/** PUBACK (type 4). */
export interface PubackPacket extends AckFields {
  type: 'puback';
}
/** PUBREC (type 5). */
export interface PubrecPacket extends AckFields {
  type: 'pubrec';
}
/** PUBREL (type 6). */
export interface PubrelPacket extends AckFields {
  type: 'pubrel';
}
/** PUBCOMP (type 7). */
export interface PubcompPacket extends AckFields {
  type: 'pubcomp';
}

/** One entry of a SUBSCRIBE. */
export interface Subscription {
  topicFilter: string;
  /** Maximum QoS requested. */
  qos: QoS;
  /** 5.0 No Local. */
  noLocal?: boolean;
  /** 5.0 Retain As Published. */
  retainAsPublished?: boolean;
  /** 5.0 Retain Handling (0, 1 or 2). */
  retainHandling?: 0 | 1 | 2;
}

/** SUBSCRIBE (type 8), client to server. */
export interface SubscribePacket {
  type: 'subscribe';
  packetId: number;
  /** At least one. */
  subscriptions: Subscription[];
  properties?: Properties;
}

/** SUBACK (type 9), server to client. */
export interface SubackPacket {
  type: 'suback';
  packetId: number;
  /** One per subscription: granted QoS (0–2) or a failure code (0x80 and up). */
  reasonCodes: number[];
  properties?: Properties;
}

/** UNSUBSCRIBE (type 10), client to server. */
export interface UnsubscribePacket {
  type: 'unsubscribe';
  packetId: number;
  /** At least one. */
  topicFilters: string[];
  properties?: Properties;
}

/** UNSUBACK (type 11), server to client. */
export interface UnsubackPacket {
  type: 'unsuback';
  packetId: number;
  /** 5.0: one per topic filter. 3.1/3.1.1 UNSUBACK has none (omit it or pass []). */
  reasonCodes?: number[];
  properties?: Properties;
}

/** PINGREQ (type 12). */
export interface PingreqPacket {
  type: 'pingreq';
}
/** PINGRESP (type 13). */
export interface PingrespPacket {
  type: 'pingresp';
}

/** DISCONNECT (type 14). */
export interface DisconnectPacket {
  type: 'disconnect';
  /** 5.0 only; 0 (Normal disconnection) when omitted on encode. */
  reasonCode?: number;
  properties?: Properties;
}

/** AUTH (type 15), 5.0 only. */
export interface AuthPacket {
  type: 'auth';
  /** 0 (Success) when omitted on encode. */
  reasonCode?: number;
  properties?: Properties;
}

/** Any MQTT control packet, discriminated by `type`. */
export type Packet =
  | ConnectPacket
  | ConnackPacket
  | PublishPacket
  | PubackPacket
  | PubrecPacket
  | PubrelPacket
  | PubcompPacket
  | SubscribePacket
  | SubackPacket
  | UnsubscribePacket
  | UnsubackPacket
  | PingreqPacket
  | PingrespPacket
  | DisconnectPacket
  | AuthPacket;

/** The `type` names of the control packets. */
export type PacketType = Packet['type'];

/** Options shared by encode and decode; the strictness options are {@link CheckOptions}'s. */
export interface CodecOptions extends CheckOptions {
  /**
   * The protocol version of the connection: 3 (3.1), 4 (3.1.1, the default) or 5. A CONNECT
   * carries its own version and ignores this.
   */
  protocolVersion?: ProtocolVersion;
  /**
   * Largest whole packet (fixed header included) to accept or produce, in bytes; larger ones
   * fail with reason 0x95 (Packet too large). Default: the protocol's maximum, 268,435,460.
   */
  maxPacketSize?: number;
  /**
   * Reject the code points that MQTT says a UTF-8 string SHOULD NOT include (controls U+0001–
   * U+001F and U+007F–U+009F, and Unicode noncharacters), as Malformed Packet. Default: false
   * (they are accepted).
   */
  rejectDiscouragedCodePoints?: boolean;
  /**
   * Who sends the packets: `'client'` or `'server'`. When set, the rules that depend on the sender
   * are checked too: the packet type must be one that side sends (CONNECT, SUBSCRIBE, UNSUBSCRIBE,
   * PINGREQ only from clients; CONNACK, SUBACK, UNSUBACK, PINGRESP only from servers; DISCONNECT
   * only from clients before 5.0); a client PUBLISH must not carry a Subscription Identifier
   * [MQTT-3.3.4-6]; a server DISCONNECT must not carry a Session Expiry Interval [MQTT-3.14.2-2].
   * Default: unset, both directions accepted.
   */
  from?: Sender;
}

/** The side that sends a packet. */
export type Sender = 'client' | 'server';

/** Options of `encode`, `encodedLength`, `encodeInto` and `encodeVectored`. */
export interface EncodeOptions extends CodecOptions {
  /**
   * Give `encode` (and the pieces `encodeVectored` builds) an ArrayBuffer of their own. By
   * default results of 65 bytes to under 4 KiB are views of a shared slab, so their `.buffer`
   * holds other results too; ask for a standalone array when you will transfer or keep the buffer itself.
   * Ignored by `encodedLength` and `encodeInto`. Default: false.
   */
  standalone?: boolean;
}

/** Options of `decode`. */
export type DecodeOptions = CodecOptions;
