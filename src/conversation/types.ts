/**
 * The shapes the conversation checker takes and gives: its options and the record it keeps for
 * every packet.
 *
 * @module
 */
import type { Packet, ProtocolVersion, Sender } from '../index.js';
import type { ConversationDiagnostic } from './diagnostic.js';

/** Options of {@link Conversation}. */
export interface ConversationOptions {
  /**
   * The protocol version to assume until a CONNECT is seen (for a capture that starts after the
   * CONNECT). Default 4. A CONNECT sets it.
   */
  protocolVersion?: ProtocolVersion;
  /**
   * The conversation starts after the connection opened (a capture begun later): no CONNECT or
   * CONNACK is expected first, and acknowledgements of packets sent before the start are not
   * faults. Give `protocolVersion` too. Default false.
   */
  midConnection?: boolean;
  /**
   * Slack, in seconds, allowed on the Keep Alive checks for capture timing (the time a packet is
   * seen is not exactly when it was sent or received). Default 1.
   */
  timeTolerance?: number;
  /** Keep every record in `records` (default true). Set false for long captures: `client()` and `server()` still return them. */
  keepRecords?: boolean;
}

/** What the checker records for one packet (or one undecodable packet). */
export interface ConversationRecord {
  /** Position in the conversation, from 0, counting both directions. */
  index: number;
  /** The side that sent it. */
  side: Sender;
  /** The decoded packet; absent when its bytes did not decode (see `diagnostics`). */
  packet?: Packet;
  /** Byte offset of the packet in its side's stream. */
  offset: number;
  /** Its size in bytes (for a packet given decoded: its encoded size, when it can be encoded). */
  length: number | undefined;
  /** The time given with the chunk or packet that completed it, seconds. */
  time?: number;
  /** For a PUBLISH: the effective Topic Name (the Topic Alias resolved), when known. */
  topic?: string;
  /**
   * For an acknowledgement or answer (PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK,
   * PINGRESP): the index of the packet it answers. PUBREL answers the PUBREC, PUBCOMP the PUBREL.
   */
  answers?: number;
  /**
   * The faults this packet shows, in the order found. When there are none: one shared, frozen empty
   * list (a fault found later, by `end()`, replaces it with a list of the record's own).
   */
  diagnostics: ConversationDiagnostic[];
}
