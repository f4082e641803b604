/**
 * mqtt-codec/capture: reads pcap and pcapng captures and finds the MQTT in them — every TCP
 * connection that carries MQTT, both directions reassembled, each packet checked by the strict
 * decoder and each connection by the conversation checker — as records delivered as soon as the
 * bytes pushed make them known. Uint8Array in, no I/O, no Node APIs: for analyzers, command
 * lines and Web Workers alike.
 *
 * @packageDocumentation
 */
export { CaptureReader, readCapture, type CaptureReaderOptions } from './reader.js';
export { versionName } from './connection.js';
export { LINK_TYPES } from './link.js';
export { DEFAULT_BUFFER_LIMIT, DEFAULT_MAX_CONNECTIONS } from './bytes.js';
/** The records, the connection and its figures, the file's description: see src/capture/types.ts. */
export type {
  CaptureInfo,
  CaptureInterface,
  CaptureProblem,
  CaptureRecord,
  Connection,
  ConnectionRecord,
  Direction,
  EndReason,
  EndRecord,
  Endpoint,
  GapRecord,
  NoteRecord,
  PacketRecord,
  ProblemRecord,
  ReassemblyStats,
  SideSummary,
  Stamp,
  VersionSource,
} from './types.js';
