/**
 * `CaptureReader`: the capture reader's front door. Push a pcap or pcapng file in chunks of any
 * size; each push returns the records that the bytes so far make known — file descriptions,
 * connections, their MQTT packets with every fault, stateful faults, gaps, connection ends —
 * in capture order. Runtime-neutral: Uint8Array in, plain objects out, no I/O.
 *
 * @module
 */
import type { ProtocolVersion } from '../index.js';
import { Analyzer } from './analyzer.js';
import { DEFAULT_BUFFER_LIMIT, DEFAULT_MAX_CONNECTIONS } from './bytes.js';
import { CaptureFile } from './file.js';
import type { CaptureInfo, CaptureRecord, Connection } from './types.js';

/** Options of a {@link CaptureReader}. */
export interface CaptureReaderOptions {
  /**
   * The MQTT server ports to read. Empty or absent: any TCP port, MQTT recognised by its first
   * bytes (a CONNECT at the start of a connection; seen mid-connection, a run of whole valid
   * packets, reported as a guess). Connections on a named port (or on 1883 when none is named)
   * are reported even when they turn out not to be MQTT.
   */
  ports?: readonly number[];
  /** Version for connections seen without their CONNECT (else guessed, and the guess stated). */
  protocolVersion?: ProtocolVersion;
  /** Most bytes one connection holds (out-of-order segments, an incomplete packet); default 16 MiB. */
  bufferLimit?: number;
  /**
   * Most connections open at once (default 10,000). Beyond it the longest idle ones are closed
   * early: each ends with a note saying so and an `end` record whose reason is `evicted`.
   */
  maxConnections?: number;
  /**
   * Keep every connection reported in {@link CaptureReader.connections} (default true); a frame
   * of a connection after its end (its last ACK, a repeat) then moves its `last`. False for
   * captures of unbounded size: the reader then holds only open connections, and a consumer keeps
   * what it needs from each connection's `end` record, whose figures are final (later frames of
   * it are only counted in {@link CaptureReader.skipped}).
   */
  keepConnections?: boolean;
  /**
   * Receives each record the moment it is known, instead of `push` and `end` returning them in an
   * array (they then return empty arrays). A consumer that handles records one by one (a printer,
   * a counter) lets them go at once; hundreds of thousands of packets in a chunk are never held.
   */
  onRecord?: (record: CaptureRecord) => void;
}

/**
 * Reads a capture pushed in chunks and returns what each chunk makes known.
 *
 * @example
 * ```ts
 * const reader = new CaptureReader({ ports: [1883, 8883] })
 * for await (const chunk of stream) {
 *   for (const r of reader.push(chunk)) if (r.kind === 'packet') console.log(r.connection.id, r.result.packet?.type)
 * }
 * for (const r of reader.end()) ...            // gaps and faults only the end shows, connection ends
 * reader.connections                           // every connection reported, with its summary figures
 * ```
 */
export class CaptureReader {
  private readonly file = new CaptureFile();
  private readonly analyzer: Analyzer;
  private out: CaptureRecord[] = [];
  private readonly sink: (r: CaptureRecord) => void;
  private ended = false;
  /** The file's description, once its header is read. */
  info: CaptureInfo | undefined;

  constructor(options: CaptureReaderOptions = {}) {
    const ports = options.ports ?? [];
    const sink = options.onRecord ?? ((r: CaptureRecord) => this.out.push(r));
    this.sink = sink;
    const limits = { bufferLimit: options.bufferLimit ?? DEFAULT_BUFFER_LIMIT, maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS, keepConnections: options.keepConnections ?? true };
    this.analyzer = new Analyzer({ ports, protocolVersion: options.protocolVersion, ...limits }, sink);
  }

  /** Bytes pushed so far (for progress: compare with the file's size). */
  get bytesRead(): number {
    return this.file.bytesIn;
  }

  /** Frames read so far. */
  get frames(): number {
    return this.analyzer.frames;
  }

  /**
   * Every connection reported so far, in id order (empty with `keepConnections: false`); each
   * one's figures grow until its `end` record.
   */
  get connections(): readonly Connection[] {
    return this.analyzer.connections;
  }

  /** How many connections have been reported (their highest id). */
  get connectionCount(): number {
    return this.analyzer.reported;
  }

  /** Connections held open now (bounded by `maxConnections`). */
  get openConnections(): number {
    return this.analyzer.openCount;
  }

  /** TCP frames seen per server port (the port a SYN went to, else the lower one): where traffic was, MQTT or not. */
  get tcpPorts(): ReadonlyMap<number, number> {
    return this.analyzer.tcpPorts;
  }

  /** Frames not used, by reason ("not TCP", "TCP on another port", …). */
  get skipped(): ReadonlyMap<string, number> {
    return this.analyzer.skipped;
  }

  /** True once the file is found damaged beyond reading (a fatal problem was reported). */
  get stopped(): boolean {
    return this.file.stopped;
  }

  /**
   * Takes the next chunk of the file (any size; kept by reference until read, so do not reuse
   * its memory) and returns the records it completes. Never throws on bad input.
   */
  push(chunk: Uint8Array): CaptureRecord[] {
    if (this.ended) return NONE;
    this.file.push(chunk);
    this.drain();
    return this.take();
  }

  /** The input has ended: returns the last records (a truncated record, gaps, every open connection's end). */
  end(): CaptureRecord[] {
    if (this.ended) return NONE;
    this.ended = true;
    const p = this.file.end();
    if (p !== undefined) this.analyzer.problem(p.message, p.fatal, p.offset);
    this.analyzer.finish();
    return this.take();
  }

  private drain(): void {
    for (let item = this.file.next(); item !== undefined; item = this.file.next()) {
      if (item.kind === 'frame') this.analyzer.frame(item);
      else if (item.kind === 'info') {
        this.info = item;
        this.sink(item);
      } else this.analyzer.problem(item.message, item.fatal, item.offset);
    }
  }

  private take(): CaptureRecord[] {
    // Stryker disable next-line ConditionalExpression: `false` returns the empty list itself instead of the shared empty one: the same records (`true`, disabled with it, returns none: the tests see that)
    if (this.out.length === 0) return NONE;
    const out = this.out;
    this.out = [];
    return out;
  }
}

const NONE: CaptureRecord[] = [];

/** Reads a whole capture held in memory: every record, in order. */
export function readCapture(bytes: Uint8Array, options?: CaptureReaderOptions): CaptureRecord[] {
  const reader = new CaptureReader(options);
  return [...reader.push(bytes), ...reader.end()];
}
