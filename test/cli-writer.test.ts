/**
 * cli/writer.ts: the CLI's batched output. Whatever the lines (ASCII, the arrows and other
 * non-Latin-1 text of `pcap`, astral characters, a line longer than the whole block), the bytes
 * written are exactly the UTF-8 of the lines joined by newlines, in order, and nothing is written
 * before a flush unless a block filled.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LineWriter } from '../cli/writer.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Writes `lines` through a LineWriter into a file, flushing after those indexes in `flushAt`; returns the file's text. */
function written(lines: string[], flushAt: number[] = []): { text: string; beforeFlush: number } {
  dir = mkdtempSync(join(tmpdir(), 'writer-'));
  const file = join(dir, 'out');
  const fd = openSync(file, 'w');
  const w = new LineWriter(fd);
  lines.forEach((line, i) => {
    w.line(line);
    if (flushAt.includes(i)) w.flush();
  });
  const beforeFlush = readFileSync(file).length;
  w.flush();
  closeSync(fd);
  return { text: readFileSync(file, 'utf8'), beforeFlush };
}

describe('LineWriter', () => {
  it('writes the lines in order, each with its newline, non-ASCII text as UTF-8', () => {
    const lines = ['#1 00:00:00 C→S  PUBLISH', 'plain', 'astral 😀 and é', ''];
    expect(written(lines).text).toBe(`${lines.join('\n')}\n`);
  });

  it('keeps every byte over many blocks of mixed text', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `#${i} ${i % 3 === 0 ? 'S→C' : 'C→S'} ${'x'.repeat(i % 97)} ${i % 5 === 0 ? '😀' : ''}`);
    const { text, beforeFlush } = written(lines);
    expect(text).toBe(`${lines.join('\n')}\n`);
    expect(beforeFlush).toBeGreaterThan(0); // full blocks went out before the final flush
  });

  it('writes a line longer than the whole block, between the lines around it', () => {
    const long = `${'é'.repeat(50_000)}→${'a'.repeat(100_000)}`;
    const lines = ['before', long, 'after'];
    expect(written(lines).text).toBe(`before\n${long}\nafter\n`);
  });

  it('writes nothing until a flush while the lines fit in one block, then all of them', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i} →`);
    const { text, beforeFlush } = written(lines, [9]);
    expect(beforeFlush).toBe(Buffer.byteLength(`${lines.join('\n')}\n`.split('\n').slice(0, 10).join('\n') + '\n'));
    expect(text).toBe(`${lines.join('\n')}\n`);
  });
});
