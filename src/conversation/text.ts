/**
 * The interleaved conversation text format: one line per chunk, in the order observed.
 *
 * ```text
 * # comment; blank lines are ignored
 * c 0.000 101000044d5154540402003c0004636c6931
 * s 0.004 20020000
 * ```
 *
 * A line is `DIRECTION [TIME] HEX`: DIRECTION is `c` / `client` / `>` (client to server) or
 * `s` / `server` / `<` (server to client); TIME, when present, is seconds (a decimal number, any
 * origin); HEX is the chunk's bytes as hex digits in one token. Three tokens mean a time is given.
 *
 * @module
 */
import { bytesToHex, MqttCodecError, type Sender } from '../index.js';

/** One line of the interleaved format. */
export interface ConversationChunk {
  side: Sender;
  /** Seconds, when the line gives a time. */
  time?: number;
  bytes: Uint8Array;
  /** 1-based line number in the text. */
  line: number;
}

const SIDES: Record<string, Sender> = { c: 'client', client: 'client', '>': 'client', s: 'server', server: 'server', '<': 'server' };

/**
 * Parses the interleaved format into chunks.
 *
 * @throws {@link MqttCodecError} (0x81) naming the line of the first line that is not a chunk.
 */
export function parseConversationText(text: string): ConversationChunk[] {
  const chunks: ConversationChunk[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const content = raw.replace(/#.*/s, '').trim(); // to the end of the line, whatever it holds (a lone CR, U+2028)
    if (content === '') return;
    const tokens = content.split(/\s+/);
    const bad = (why: string) => new MqttCodecError(0x81, `line ${i + 1}: ${why}`);
    const side = SIDES[tokens[0].toLowerCase()];
    if (side === undefined) throw bad(`direction must be c, client, >, s, server or <, not ${JSON.stringify(tokens[0])}`);
    if (tokens.length !== 2 && tokens.length !== 3) throw bad('expected DIRECTION [TIME] HEX');
    const hex = tokens[tokens.length - 1];
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) throw bad('the chunk must be an even number of hex digits');
    const bytes = new Uint8Array(hex.length / 2);
    // Stryker disable next-line EqualityOperator: equivalent; one step past the end writes to no element (a typed array ignores it)
    for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
    const chunk: ConversationChunk = { side, bytes, line: i + 1 };
    if (tokens.length === 3) {
      const time = Number(tokens[1]);
      if (!/^[0-9]+(\.[0-9]+)?$/.test(tokens[1]) || !Number.isFinite(time)) throw bad(`time must be seconds as a decimal number, not ${JSON.stringify(tokens[1])}`);
      chunk.time = time;
    }
    chunks.push(chunk);
  });
  return chunks;
}

/** Writes chunks in the interleaved format (`c`/`s`, the time with millisecond precision when given). */
export function formatConversationText(chunks: readonly Omit<ConversationChunk, 'line'>[]): string {
  return chunks.map((c) => `${c.side === 'client' ? 'c' : 's'}${c.time === undefined ? '' : ` ${c.time.toFixed(3)}`} ${bytesToHex(c.bytes)}\n`).join('');
}
