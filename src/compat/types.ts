/**
 * mqtt-packet's packet objects, as this entry reads and writes them. Binary values are typed
 * `Uint8Array`: they are Node `Buffer`s (a subclass) where the runtime has `Buffer`.
 *
 * @module
 */

/** Quality of Service level. */
export type QoS = 0 | 1 | 2;

/** Binary data: a `Buffer` where the runtime has one, else a `Uint8Array`. */
export type Bytes = Uint8Array;

/** mqtt-packet's packet type names. */
export type PacketCmd =
  | 'auth'
  | 'connack'
  | 'connect'
  | 'disconnect'
  | 'pingreq'
  | 'pingresp'
  | 'puback'
  | 'pubcomp'
  | 'publish'
  | 'pubrel'
  | 'pubrec'
  | 'suback'
  | 'subscribe'
  | 'unsuback'
  | 'unsubscribe';

/** User Properties: a repeated name holds an array of its values, in wire order. */
export type UserProperties = { [name: string]: string | string[] };

/** 5.0 properties with mqtt-packet's names and value shapes (the one-byte flags are booleans). */
export interface MqttPacketProperties {
  payloadFormatIndicator?: boolean;
  messageExpiryInterval?: number;
  contentType?: string;
  responseTopic?: string;
  correlationData?: Bytes;
  /** A number, or an array when a PUBLISH carries several. */
  subscriptionIdentifier?: number | number[];
  sessionExpiryInterval?: number;
  assignedClientIdentifier?: string;
  serverKeepAlive?: number;
  authenticationMethod?: string;
  authenticationData?: Bytes;
  requestProblemInformation?: boolean;
  willDelayInterval?: number;
  requestResponseInformation?: boolean;
  responseInformation?: string;
  serverReference?: string;
  reasonString?: string;
  receiveMaximum?: number;
  topicAliasMaximum?: number;
  topicAlias?: number;
  maximumQoS?: number;
  retainAvailable?: boolean;
  userProperties?: UserProperties;
  maximumPacketSize?: number;
  wildcardSubscriptionAvailable?: boolean;
  subscriptionIdentifiersAvailable?: boolean;
  sharedSubscriptionAvailable?: boolean;
}

/** The fields every packet object has. Decoded packets also carry `retain`, `qos`, `dup`, `topic` and `payload` (null where the type has none). */
export interface IPacket {
  cmd: PacketCmd;
  messageId?: number;
  /** Remaining Length (decoded packets). */
  length?: number;
  [field: string]: unknown;
}

/** CONNECT. */
export interface IConnectPacket extends IPacket {
  cmd: 'connect';
  clientId: string;
  protocolVersion?: 3 | 4 | 5;
  protocolId?: 'MQTT' | 'MQIsdp';
  clean?: boolean;
  keepalive?: number;
  username?: string;
  password?: Bytes;
  will?: {
    topic: string;
    payload: Bytes | string;
    qos?: QoS;
    retain?: boolean;
    properties?: MqttPacketProperties;
  };
  properties?: MqttPacketProperties;
}

/** CONNACK: `returnCode` before 5.0, `reasonCode` in 5.0. */
export interface IConnackPacket extends IPacket {
  cmd: 'connack';
  returnCode?: number;
  reasonCode?: number;
  sessionPresent: boolean;
  properties?: MqttPacketProperties;
}

/** PUBLISH. */
export interface IPublishPacket extends IPacket {
  cmd: 'publish';
  qos: QoS;
  dup: boolean;
  retain: boolean;
  topic: string;
  payload: Bytes | string;
  properties?: MqttPacketProperties;
}

/** One subscription of a SUBSCRIBE: No Local (`nl`), Retain As Published (`rap`), Retain Handling (`rh`) are 5.0. */
export interface ISubscription {
  topic: string;
  qos: QoS;
  nl?: boolean;
  rap?: boolean;
  rh?: number;
}

/** SUBSCRIBE. */
export interface ISubscribePacket extends IPacket {
  cmd: 'subscribe';
  subscriptions: ISubscription[];
  properties?: MqttPacketProperties;
}

/** SUBACK: `granted` holds the return or reason codes. */
export interface ISubackPacket extends IPacket {
  cmd: 'suback';
  granted: number[];
  properties?: MqttPacketProperties;
}

/** UNSUBSCRIBE. */
export interface IUnsubscribePacket extends IPacket {
  cmd: 'unsubscribe';
  unsubscriptions: string[];
  properties?: MqttPacketProperties;
}

/** UNSUBACK: `granted` holds the 5.0 reason codes. */
export interface IUnsubackPacket extends IPacket {
  cmd: 'unsuback';
  granted?: number[];
  properties?: MqttPacketProperties;
}

/** PUBACK, PUBREC, PUBREL and PUBCOMP. */
export interface IAckPacket extends IPacket {
  cmd: 'puback' | 'pubrec' | 'pubrel' | 'pubcomp';
  reasonCode?: number;
  properties?: MqttPacketProperties;
}

/** PINGREQ and PINGRESP. */
export interface IPingPacket extends IPacket {
  cmd: 'pingreq' | 'pingresp';
}

/** DISCONNECT. */
export interface IDisconnectPacket extends IPacket {
  cmd: 'disconnect';
  reasonCode?: number;
  properties?: MqttPacketProperties;
}

/** AUTH (5.0). */
export interface IAuthPacket extends IPacket {
  cmd: 'auth';
  reasonCode?: number;
  properties?: MqttPacketProperties;
}

/** Any packet object. */
export type MqttPacket =
  | IConnectPacket
  | IConnackPacket
  | IPublishPacket
  | ISubscribePacket
  | ISubackPacket
  | IUnsubscribePacket
  | IUnsubackPacket
  | IAckPacket
  | IPingPacket
  | IDisconnectPacket
  | IAuthPacket;

/** The options of `parser()`: the connection's protocol version (a CONNECT sets it otherwise). */
export interface ParserOptions {
  protocolVersion?: number;
  /**
   * mqtt-codec's strict checks (the native API's default) instead of mqtt-packet's: every packet
   * the specification forbids is an `'error'`. Default: false — accept what mqtt-packet 9 accepts.
   */
  strict?: boolean;
  [option: string]: unknown;
}

/** What `writeToStream` writes to: a Node Writable or anything with `write` (and `destroy`). */
export interface WritableLike {
  write(chunk: Uint8Array): boolean | void;
  destroy?(error?: Error): unknown;
  cork?(): void;
  uncork?(): void;
}
