/** Reading a capture file item by item, for the pcap and pcapng reader tests. */
import { CaptureFile } from '../../src/capture/file.js';
import type { FileItem } from '../../src/capture/types.js';

/** A file item, a frame's data as an array (comparable with toEqual). */
export type Item = FileItem | (Omit<Extract<FileItem, { kind: 'frame' }>, 'data' | 'start' | 'end'> & { data: number[] });

/**
 * Every item of the file pushed in chunks of `chunk` bytes, frames copied with their data as an
 * array; and the reader. Throws when the reader keeps giving items (a reader that does not stop).
 */
export function read(bytes: number[], chunk = bytes.length || 1): { items: Item[]; file: CaptureFile } {
  const file = new CaptureFile();
  const items: Item[] = [];
  const all = Uint8Array.from(bytes);
  for (let p = 0; p < all.length; p += chunk) {
    file.push(all.subarray(p, p + chunk));
    for (let item = file.next(); item !== undefined; item = file.next()) {
      if (item.kind === 'frame') {
        // The frame's bytes are the range [start, end) of its data.
        const { start, end, ...rest } = item;
        items.push({ ...rest, data: Array.from(item.data.subarray(start, end)) });
      } else items.push(item);
      if (items.length > 100) throw new Error('the reader does not stop giving items');
    }
  }
  const last = file.end();
  if (last !== undefined) items.push(last);
  return { items, file };
}
