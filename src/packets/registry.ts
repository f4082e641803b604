/**
 * The packet table: control packet type number ↔ name ↔ codec, with the fixed-header flags each
 * type requires (MQTT 2.1.3 / 3.1.1 Table 2.2). Decode and encode dispatch through it.
 *
 * @module
 */
import { MqttCodecError } from '../errors.js';
import { puback, pubcomp, pubrec, pubrel } from './ack.js';
import { FROM_CLIENT, FROM_NONE, FROM_SERVER, type PacketCodec } from './common.js';
import { connack } from './connack.js';
import { connect } from './connect.js';
import { auth, disconnect } from './disconnect.js';
import { pingreq, pingresp } from './ping.js';
import { publish } from './publish.js';
import { suback, unsuback } from './suback.js';
import { subscribe } from './subscribe.js';
import { unsubscribe } from './unsubscribe.js';

const ALL: readonly PacketCodec[] = [
  connect, connack, publish, puback, pubrec, pubrel, pubcomp,
  subscribe, suback, unsubscribe, unsuback, pingreq, pingresp, disconnect, auth,
];

/** Codecs by control packet type number (index 0 is reserved and empty). */
export const CODECS: readonly (PacketCodec | undefined)[] = (() => {
  const byCode: (PacketCodec | undefined)[] = new Array(16).fill(undefined);
  for (const c of ALL) byCode[c.code] = c;
  return byCode;
})();

/** Codecs by packet `type` name. */
export const CODECS_BY_NAME: ReadonlyMap<string, PacketCodec> = new Map(ALL.map((c) => [c.name, c]));

/** Who may send each packet type (5.0 sections 3.x; in 3.1/3.1.1 only clients send DISCONNECT). */
export const SENDERS: Readonly<Record<string, 'client' | 'server' | 'both'>> = {
  connect: 'client',
  connack: 'server',
  publish: 'both',
  puback: 'both',
  pubrec: 'both',
  pubrel: 'both',
  pubcomp: 'both',
  subscribe: 'client',
  suback: 'server',
  unsubscribe: 'client',
  unsuback: 'server',
  pingreq: 'client',
  pingresp: 'server',
  disconnect: 'both',
  auth: 'both',
};


/** Why `sender` (1 client, 2 server) may not send packet `name` in version `v`, or null. */
export function senderProblem(name: string, sender: number, v: number): string | null {
  if (sender === FROM_NONE) return null;
  const allowed = name === 'disconnect' && v !== 5 ? 'client' : SENDERS[name];
  if (allowed === 'both') return null;
  const who = sender === FROM_CLIENT ? 'client' : 'server';
  return allowed === who ? null : `${name.toUpperCase()} is not sent by a ${who}${name === 'disconnect' ? ' before MQTT 5.0' : ''}`;
}

/** Parses the `from` option. */
export function senderOption(from: unknown): number {
  if (from === undefined) return FROM_NONE;
  if (from === 'client') return FROM_CLIENT;
  if (from === 'server') return FROM_SERVER;
  throw new MqttCodecError(0x81, `from must be 'client' or 'server', not ${String(from)}`);
}

/** Public view of the packet table. */
export interface PacketTypeInfo {
  /** Control packet type number (1–15). */
  code: number;
  /** The `type` of the packet object. */
  name: string;
  /** Fixed-header flags the type requires, or -1 for PUBLISH (DUP, QoS, RETAIN). */
  flags: number;
  /** The first protocol version with this type (AUTH: 5). */
  minVersion: number;
}

/** The 15 control packet types with their numbers and required fixed-header flags. */
export const PACKET_TYPES: readonly PacketTypeInfo[] = ALL.map((c) => ({
  code: c.code,
  name: c.name,
  flags: c.flags,
  minVersion: c.minVersion,
}));
