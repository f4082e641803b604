/**
 * `mqtt-codec pcap <file|->`: reads a capture in chunks as they come (from a file, or from a
 * pipe such as `tcpdump -U -w - | mqtt-codec pcap -`) and prints every packet as soon as the
 * frames that complete it are read; the per-connection summaries come at the end, or when the
 * command is interrupted (SIGINT). The capture reader itself is `src/capture/`
 * (`mqtt-codec/capture`); this file is its Node I/O.
 *
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { CaptureReader, type CaptureRecord, type Connection } from '../../src/capture/index.js';
import { type Options, parseOptions, UsageError } from '../args.js';
import { LineWriter } from '../writer.js';
import { SummaryStore } from './summaries.js';
import { captureJSON, captureLine, type FormatOptions, recordJSON, recordText, summaryJSON, summaryText, timeCache } from './format.js';

/** The command's help (the command table in main.ts prints it). */
export const PCAP_HELP = `Reads a .pcap or .pcapng capture (a file, or - for standard input, read as it arrives) and prints
every MQTT packet of every connection as soon as it is complete, with its faults; the summary of
each connection comes at the end (also on Ctrl-C).

options:
  --port N                   read only TCP port N as the MQTT server port (repeatable); default: any
                             port, MQTT recognised by its first bytes (a CONNECT, or mid-connection a
                             run of valid packets, stated as a guess)
  --protocol-version 3|4|5   version for connections seen without their CONNECT (default: a guess)
  --connection ID            only the connection with this number
  --json                     one JSON object per line (capture, connection, packet, note, fault, gap,
                             problem, summary, end)
  --trace                    annotated hex dump of each packet
  --faults-only              only faulty packets, faults and gaps (and the summaries)
  --buffer-limit BYTES       most bytes held per connection (default 16777216)
  --max-connections N        most connections open at once (default 10000); beyond it the longest
                             idle ones are closed early, summarised, and said so

exit status: 0 no fault, 1 faults found (printed), 2 usage error or unreadable input`;

const OPTIONS = ['--port', '--protocol-version', '--connection', '--json', '--trace', '--faults-only', '--buffer-limit', '--max-connections'] as const;

/** Prints the records of one capture as they come, and the summaries at the end. */
class Printer {
  private headed = false;
  private fileFault = false;
  /** A fault in a chosen connection. */
  private faults = false;
  /** Connections closed early by the connection limit. */
  private evicted = 0;
  /** The summary lines of the ended connections. */
  private readonly summaries = new SummaryStore();
  private readonly cache = timeCache();
  private readonly format: FormatOptions;
  /** True once a line after the first has been printed (text: a blank line separates them). */
  private body = false;
  private readonly text = (line: string) => {
    if (!this.body) {
      this.body = true;
      this.w.line('');
    }
    this.w.line(line);
  };

  constructor(
    private readonly name: string,
    private readonly opts: Options,
    private readonly reader: CaptureReader,
    private readonly w: LineWriter,
  ) {
    this.format = { trace: opts.trace, faultsOnly: opts.faultsOnly };
  }

  /** Prints a record (the first line about the file once the first thing past the file header is known). */
  record(r: CaptureRecord): void {
    const { opts, w } = this;
    if (r.kind === 'info') return;
    if (!this.headed) this.head();
    if (r.kind === 'problem') {
      if (r.fault) this.fileFault = true;
      const at = r.offset === undefined ? '' : ` (file offset ${r.offset})`;
      if (opts.json) w.line(JSON.stringify({ type: 'problem', frame: r.frame?.frame ?? null, offset: r.offset ?? null, fatal: r.fatal, fault: r.fault, message: r.message }));
      else this.text(`capture problem: ${r.message}${at}`);
      return;
    }
    if (opts.connection !== undefined && r.connection.id !== opts.connection) return;
    if (r.kind === 'end') return this.ended(r.connection);
    if (!opts.json) recordText(r, this.format, this.cache, this.text);
    else {
      const o = recordJSON(r, this.format, this.cache);
      if (o !== undefined) w.line(JSON.stringify(o));
    }
  }

  /** A connection's summary is final: kept (as its line) for the end. */
  private ended(c: Connection): void {
    if (c.faults > 0) this.faults = true;
    if (c.ended === 'evicted') this.evicted++;
    this.summaries.add(c.id, this.opts.json ? JSON.stringify(summaryJSON(c)) : summaryText(c));
  }

  private head(): void {
    this.headed = true;
    const info = this.reader.info;
    this.w.line(this.opts.json ? JSON.stringify(captureJSON(this.name, info)) : captureLine(this.name, info));
  }

  /** The end: totals, where TCP traffic was when no MQTT was found, one summary per connection; returns the exit status. */
  finish(interrupted: boolean): number {
    if (!this.headed) this.head();
    const { opts, w, reader } = this;
    const count = reader.connectionCount;
    const ports = [...reader.tcpPorts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const where = opts.ports.length > 0 ? `on port${opts.ports.length > 1 ? 's' : ''} ${opts.ports.join(', ')}` : 'on any TCP port';
    const summaries = this.summaries;
    if (opts.json) {
      for (const line of summaries.lines()) w.line(line);
      const tcpPorts = Object.fromEntries(ports.map(([p, n]) => [p, n]));
      w.line(JSON.stringify({ type: 'end', frames: reader.frames, connections: count, ports: opts.ports.length > 0 ? opts.ports : null, tcpPorts, interrupted }));
    } else {
      w.line('');
      w.line(`${interrupted ? 'interrupted after ' : ''}${reader.frames} frame(s), ${count} connection(s) ${where}`);
      if (count === 0) w.line(noMqttLine(ports));
      if (this.evicted > 0) w.line(`${this.evicted} connection(s) closed early by the connection limit (--max-connections)`);
      for (const line of summaries.lines()) w.line(line);
    }
    w.flush();
    if (opts.connection !== undefined && summaries.size === 0) {
      process.stderr.write(`mqtt-codec pcap: no connection #${opts.connection} (the capture has ${count})\n`);
      return 2;
    }
    return this.fileFault || this.faults ? 1 : 0;
  }
}

function noMqttLine(ports: [number, number][]): string {
  if (ports.length === 0) return 'no MQTT found: the capture holds no TCP traffic';
  const shown = ports.slice(0, 10).map(([p, n]) => `${p} (${n} frame(s))`);
  return `no MQTT found; TCP traffic by server port: ${shown.join(', ')}${ports.length > 10 ? `, and ${ports.length - 10} more` : ''}`;
}

/**
 * A capture file's bytes in 64 KiB chunks, read synchronously: a stream's reads go through the
 * thread pool, and the command sat idle waiting for them (8 % of a run with --faults-only).
 * Each chunk is a new buffer (the reader keeps views of what it was given), of 64 KiB: 1 MiB
 * buffers come from fresh memory every time (above malloc's mmap threshold), 11,800 page faults
 * on a 28 MB capture against 5,100. Every 4 MiB the event loop gets a turn, for Ctrl-C.
 */
async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    for (let i = 1; ; i++) {
      const buf = Buffer.allocUnsafeSlow(1 << 16);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return;
      yield n === buf.length ? buf : buf.subarray(0, n);
      if (i % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    closeSync(fd);
  }
}

/** Runs the command (arguments after `pcap`); resolves to the exit status. */
export async function runPcap(argv: string[]): Promise<number> {
  const { opts, rest } = parseOptions(argv, OPTIONS);
  if (rest.length !== 1) throw new UsageError('give one capture file (or - for standard input)');
  const input = rest[0];
  const w = new LineWriter();
  let printer: Printer | undefined;
  const reader = new CaptureReader({ ports: opts.ports, protocolVersion: opts.protocolVersion, bufferLimit: opts.bufferLimit, maxConnections: opts.maxConnections, keepConnections: false, onRecord: (r) => printer!.record(r) });
  printer = new Printer(input === '-' ? '(standard input)' : input, opts, reader, w);
  // Ctrl-C (or a pipeline ending with SIGINT): what was read is summarised, then the command exits.
  const onInterrupt = () => {
    reader.end();
    process.exit(printer!.finish(true));
  };
  process.once('SIGINT', onInterrupt);
  try {
    const chunks = input === '-' ? (process.stdin as AsyncIterable<Buffer>) : fileChunks(input);
    for await (const chunk of chunks) {
      reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      w.flush();
    }
  } catch (e) {
    // A file that cannot be opened or read; anything else is a defect, and is not hidden.
    if (typeof (e as NodeJS.ErrnoException).code !== 'string') throw e;
    process.stderr.write(`mqtt-codec: cannot read ${input}: ${(e as Error).message}\n`);
    return 2;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  reader.end();
  return printer.finish(false);
}
