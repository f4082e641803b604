/**
 * Batched output: lines are gathered into one string and written to standard output in blocks of
 * about 64 KiB, and whenever the command flushes (after each chunk of input, so output stays
 * live). A closed pipe (`| head`) ends the process quietly.
 *
 * @module
 */
import { writeSync } from 'node:fs';

const BLOCK = 64 * 1024;

/** Collects output lines and writes them in blocks. */
export class LineWriter {
  private text = '';

  /** Adds one line (without its newline). */
  line(s: string): void {
    this.text += `${s}\n`;
    if (this.text.length >= BLOCK) this.flush();
  }

  /** Writes what is gathered. */
  flush(): void {
    if (this.text === '') return;
    const text = this.text;
    this.text = '';
    writeAll(text);
  }
}

/** Writes all of `text` to standard output, waiting out a non-blocking pipe that is full. */
function writeAll(text: string): void {
  let data = Buffer.from(text, 'utf8');
  while (data.length > 0) {
    try {
      data = data.subarray(writeSync(1, data));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      if (code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // the reader is behind: wait 1 ms
    }
  }
}
