/**
 * The summary lines of ended connections, kept compactly until the end of the capture: UTF-8 in
 * one growing byte array, with their ids and spans in a number array. A capture of 200,000
 * connections keeps about 30 MB of summaries, not 200,000 strings built from pieces.
 *
 * @module
 */

/** Summary lines by connection id. */
export class SummaryStore {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  /** id, start, length for each line. */
  private readonly spans: number[] = [];
  private readonly encoder = new TextEncoder();

  /** How many lines are kept. */
  get size(): number {
    return this.spans.length / 3;
  }

  /** Keeps the line of connection `id`. */
  add(id: number, line: string): void {
    const need = this.used + line.length * 3;
    if (need > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(need, this.bytes.length * 2));
      bigger.set(this.bytes.subarray(0, this.used));
      this.bytes = bigger;
    }
    const { written } = this.encoder.encodeInto(line, this.bytes.subarray(this.used));
    this.spans.push(id, this.used, written);
    this.used += written;
  }

  /** Every line, in id order. */
  *lines(): Generator<string> {
    const order: number[] = [];
    for (let i = 0; i < this.spans.length; i += 3) order.push(i);
    order.sort((a, b) => this.spans[a] - this.spans[b]);
    const decoder = new TextDecoder();
    for (const i of order) yield decoder.decode(this.bytes.subarray(this.spans[i + 1], this.spans[i + 1] + this.spans[i + 2]));
  }
}
