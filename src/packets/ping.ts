/**
 * PINGREQ (type 12) and PINGRESP (type 13): a fixed header with Remaining Length 0 and nothing
 * else (3.1.1 sections 3.12–3.13, 5.0 sections 3.12–3.13).
 *
 * @module
 */
import type { PingreqPacket, PingrespPacket } from '../types.js';
import type { PacketCodec } from './common.js';

function pingCodec(code: number, name: 'pingreq' | 'pingresp'): PacketCodec {
  const packet = name === 'pingreq' ? ({ type: 'pingreq' } as PingreqPacket) : ({ type: 'pingresp' } as PingrespPacket);
  return {
    code,
    name,
    label: name.toUpperCase(),
    flags: 0,
    flagsRule: 'reservedFlags',
    minVersion: 3,
    // A fresh object each time: callers may annotate what they receive.
    decode: () => ({ type: packet.type }),
    encode: () => {}, // no body; flags 0
  };
}

/** PINGREQ codec. */
export const pingreq = pingCodec(12, 'pingreq');
/** PINGRESP codec. */
export const pingresp = pingCodec(13, 'pingresp');
