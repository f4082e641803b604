/**
 * The capture reader's types: what the file layer yields (frames, file descriptions, damage),
 * what a connection is, and the records the reader delivers.
 *
 * @module
 */
import type { InspectResult, ProtocolVersion } from '../index.js';
import type { ConversationDiagnostic } from '../conversation/index.js';

/** When a frame was captured: its number and time (what records are stamped with). */
export interface Stamp {
  /** 1-based number of the frame in the file (as tshark's frame.number). */
  frame: number;
  /** Whole seconds since 1970-01-01 UTC. */
  seconds: number;
  /** Nanoseconds after `seconds` (0 to 999,999,999). */
  nanos: number;
  /** Digits after the second that the file's resolution carries (6 for µs, 9 for ns). */
  timeDigits: number;
}

/** One captured frame. */
export interface Frame {
  kind: 'frame';
  /** 1-based number of the frame in the file. */
  number: number;
  /** Capture time: whole seconds since 1970-01-01 UTC. */
  seconds: number;
  /** Capture time: nanoseconds after `seconds`. */
  nanos: number;
  /** Digits after the second that the file's resolution carries. */
  timeDigits: number;
  /** The link-layer header type (LINKTYPE_* number) of the frame's interface. */
  linkType: number;
  /** Interface index inside the file (always 0 for classic pcap). */
  interfaceId: number;
  /**
   * The bytes holding the frame: the bytes captured are `data[start, end)` (fewer than
   * `originalLength` when the snapshot length cut them). A range of the file's chunk rather than a
   * view of its own: one object less per frame.
   */
  data: Uint8Array;
  /** Where the frame's captured bytes start in `data`. */
  start: number;
  /** Where they end in `data`. */
  end: number;
  /** Length of the frame on the wire. */
  originalLength: number;
}

/** A problem with the file itself: damage, an unknown format, a truncated last record. */
export interface CaptureProblem {
  kind: 'problem';
  /** File offset where the damage starts. */
  offset: number;
  /** What is wrong, readably. */
  message: string;
  /** True when reading stopped here. */
  fatal: boolean;
}

/** One interface of a capture file. */
export interface CaptureInterface {
  /** LINKTYPE_* number. */
  linkType: number;
  /** Fractional digits of its timestamps. */
  timeDigits: number;
  /** `if_name`, when the file gives one. */
  name?: string;
}

/** Description of the file: produced once its header is read, and again for each new pcapng interface. */
export interface CaptureInfo {
  kind: 'info';
  /** The file format. */
  format: 'pcap' | 'pcapng';
  /** For pcap: the file's byte order; for pcapng: of the current section. */
  byteOrder: 'big' | 'little';
  /** Interfaces declared so far (one for classic pcap). */
  interfaces: CaptureInterface[];
}

/** What the file layer yields, in file order. */
export type FileItem = Frame | CaptureProblem | CaptureInfo;

/** The two directions of a connection: client to server, server to client. */
export type Direction = 'c2s' | 's2c';

/** One endpoint of a TCP connection. */
export interface Endpoint {
  /** Printable address (dotted quad, or RFC 5952 IPv6). */
  address: string;
  /** TCP port. */
  port: number;
}

/**
 * How a connection's protocol version was found: its CONNECT, the caller's option, or a guess from
 * the first packets (a capture that starts mid-connection, or a client that does not open with CONNECT).
 */
export type VersionSource = 'CONNECT' | 'option' | 'guess';

/** Counters of one direction's reassembly. */
export interface ReassemblyStats {
  /** Segments (with data) seen. */
  segments: number;
  /** Segments that arrived before the bytes in front of them. */
  outOfOrder: number;
  /** Bytes that arrived again after they had been delivered (retransmissions, overlaps). */
  duplicateBytes: number;
  /** Bytes lost in gaps. */
  gapBytes: number;
}

/** One direction's figures. */
export interface SideSummary {
  /** MQTT packets found. */
  packets: number;
  /** Packets with at least one fault. */
  faultyPackets: number;
  /** TCP payload bytes seen. */
  bytes: number;
  /** Reassembly counters (final once the connection has ended). */
  reassembly: ReassemblyStats;
}

/** Why a connection's record ended: both FINs in, the end of the capture, or the connection limit. */
export type EndReason = 'closed' | 'capture end' | 'evicted';

/** A TCP connection the reader reports (MQTT, or on a port the caller named). Its figures grow as the capture is read. */
export interface Connection {
  /** 1-based, in the order connections are reported. */
  id: number;
  /** The endpoint that opened the connection (or, seen mid-connection, the one not on the server port). */
  client: Endpoint;
  /** The MQTT server's endpoint. */
  server: Endpoint;
  /** True when the capture holds the connection's start (a SYN or SYN-ACK). */
  fromStart: boolean;
  /** The protocol version, once known. */
  version?: ProtocolVersion;
  /** Where `version` came from. */
  versionSource?: VersionSource;
  /** True when the client's CONNECT says it is a bridge (protocol level 0x80 | version). */
  bridge: boolean;
  /** Why the connection was skipped as not MQTT. */
  notMqtt?: string;
  /** Faults: faulty packets, stateful faults, stream faults (gaps, unframeable bytes). */
  faults: number;
  /** Its first and last frames. */
  first: Stamp;
  last: Stamp;
  /** Client-to-server and server-to-client figures. */
  c2s: SideSummary;
  s2c: SideSummary;
  /** RST or FIN seen. */
  closed: boolean;
  /** Set when the connection's record has ended (its summary is final). */
  ended?: EndReason;
}

/** An MQTT packet found in one direction of a connection. */
export interface PacketRecord {
  kind: 'packet';
  connection: Connection;
  direction: Direction;
  /** The frame whose bytes completed the packet. */
  frame: Stamp;
  /** Stream offset of the packet's first byte in its direction. */
  offset: number;
  /** The packet's bytes (a view: copy them to keep them past the next `push`). */
  bytes: Uint8Array;
  /** The strict decoder's verdict: the packet, its fields, every fault. */
  result: InspectResult;
  /** Stateful faults the conversation checker found at this packet. */
  checks: ConversationDiagnostic[];
}

/** A remark about a connection's stream (a resumption, a stop, a stateful fault found at the end). */
export interface NoteRecord {
  kind: 'note';
  connection: Connection;
  /** The direction it concerns, when one. */
  direction?: Direction;
  frame: Stamp;
  /** Stream offset it concerns, when one. */
  offset?: number;
  /** What happened, readably. */
  message: string;
  /** True when it counts as a fault. */
  fault: boolean;
  /** The conversation checker's diagnostic, for a stateful fault found at the end of a connection. */
  diagnostic?: ConversationDiagnostic;
}

/** Bytes of a direction never captured (a hole in the sequence numbers). Always a fault. */
export interface GapRecord {
  kind: 'gap';
  connection: Connection;
  direction: Direction;
  frame: Stamp;
  /** Stream offset of the first missing byte. */
  offset: number;
  /** Bytes missing. */
  length: number;
}

/**
 * A connection is recognised: as MQTT (its version known, before its first packet), or, on a port
 * the caller named, as not MQTT or carrying no data. Its fields are as they were at that moment.
 */
export interface ConnectionRecord {
  kind: 'connection';
  connection: Connection;
  frame: Stamp;
  /** The protocol version decided (absent: not MQTT, or no data). */
  version?: ProtocolVersion;
  /** Where the version came from. */
  versionSource?: VersionSource;
  /** The client's CONNECT says it is a bridge. */
  bridge: boolean;
  /** Why it is not MQTT. */
  notMqtt?: string;
}

/** A connection's record is over: its summary (`connection`) is final. */
export interface EndRecord {
  kind: 'end';
  connection: Connection;
  /** Why it ended. */
  reason: EndReason;
  frame: Stamp;
}

/**
 * A problem with the capture file (damage: a fault), or with a frame the reader cannot use (an IP
 * fragment of TCP: a remark), stamped with the last frame read (if any).
 */
export interface ProblemRecord {
  kind: 'problem';
  /** What is wrong, readably. */
  message: string;
  /** File offset where the damage starts (for damage to the file). */
  offset?: number;
  /** True when reading stopped here. */
  fatal: boolean;
  /** True when it counts as a fault (damage to the file). */
  fault: boolean;
  /** The last frame read before it. */
  frame?: Stamp;
}

/** What a {@link CaptureReader} delivers, in capture order, as soon as it is known. */
export type CaptureRecord = CaptureInfo | ProblemRecord | ConnectionRecord | PacketRecord | NoteRecord | GapRecord | EndRecord;
