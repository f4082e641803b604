import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../src/capture/index.js';
import type { CaptureRecord } from '../src/capture/index.js';

// Found by the capture fuzz target (fuzz/run.mjs --target capture): a connection on a port nobody
// named, whose client's bytes never show MQTT, ends with holes in its stream. Its gaps and the
// notes about them must not be records: no `connection` record introduces it (its id stays 0).
const CAPTURE = Uint8Array.from(Buffer.from('obLD1AACAAQAAAAAAAAAAAAEAAAAAABxaw7thwALGx4AAABMAADcpgAAAwQABgAAAAAAAAAACABFAAA8WOJAAEAG49d/AAABfwAAAYSWB1sRfPXhAAAAAKB//9f+MAAAAgT/1wQCCAoqDqNqAAAAAAEDAwprDu2HAAsbLAAAAEwAAABMAAADBAAGAAAAAAAAAAAIAEUAADwAAEAAQAY8un8AAAF/AAABB1uEll5qV20RfPXioBL/y/4wAAACBP/XBAIICob9/AsqDqNqAQMDCmsO7YcACxs4AAAARAAAAEQAAAMEAAYAAAAAAAAAAAgARQAANFjjQABABuPefwAAAX8AAAGElgdbEXz14l5qV26AEABA/igAAAEBCAoqDqNqhv38C2sO7YcACxtgAAAARAAAAEQAAAMEAAYAAAAAAAAAAAgARQAANKDgQABABpvhfwAAAX8AAAEHW4SWXmpXbhF89fOAEABA/igAAAEBCAqG/fwLKg6jamsO7YcACxwuAAAARAAAAEQAAAMEAAYAAAAAAAAAAAgARQAANFjlQABABuPcfwAAAX8AAAGElgdbEXz1815qV3KAEABA/igAAAEBCAoqDqNqhv38C2sO7YcACxsfAAAATAAAAEwAAAMEAAYAAAAAAAAAAAgARQAAPFjiQEBABuPXfwAAAX8AAAGElgdbEXz14QAAAACgAv/X/jAAAAIE/9cEAggKKg6jagAAAAABAwMKaw7thwALHEQAAABQAAAAUAAAAwQABgAAAAAAAAAACABFAABAWOZAAEAG489/AAABfwAAAYSWB1sRfPXzXmpXcoAYAED+NAAAAQEICioOo2qG/fwLMgoABXNsbC90AAF4aw7thwALHGMAAABIAAAASAAAAwQABgAAAAAAAAAACABFAAA4oOJAAEAGm9t/AAABfwAAAQdbhJZealdyEXz1/4AYAED+LAAAAQEICob9/AsqDqNqQAIAAWsO7YcACxx1AAAARgAAAEYAAAMEAAYAAAAAAAAAAAgARQAANljnQABABuPYfwAAAX8AAAGElgdbEXz1/15qV3aAGABA/ioAAAEBCAoqDqNqhv38C+AAaw7thwALHH0AAABEAAAARAAAAwQABgAAAAAAAAAACABFAAA0WOhAAEAG49l/AAABfwAAAYSWB1sRfPYBXmpXdoARAED+KAAAAQEICioOo2qG/fwLaw7thwALHI8AAABEAAAARAAAAwQABgAAAAAAAAAACABFAAA0oONAAEAGm95/AAABfwAAAQdbhJZeald2EXz2AoARAED+KAAAAQEICob9/AsqDqNqaw7thwALHJ8AAABEAAAARAAAAwQABgAAAAAAAAAACABFAAA0WOlAAEAG49h/AAABfwAAxQGElgdbEXz2Al5qV3eAEABA/igAAAEBCAoqDqNqhv38Cw==', 'base64'));

function records(bytes: Uint8Array): CaptureRecord[] {
  const out: CaptureRecord[] = [];
  const reader = new CaptureReader({ onRecord: (r) => out.push(r) });
  reader.push(bytes);
  reader.end();
  return out;
}

describe('a connection never reported has no records', () => {
  it('gaps and notes of an undecided connection on an unnamed port are not emitted (every record names a reported connection)', () => {
    const out = records(CAPTURE);
    const ids = out.flatMap((r) => ('connection' in r && r.connection !== undefined ? [r.connection.id] : []));
    expect(ids).toEqual([]);
    expect(out.map((r) => r.kind)).toEqual(['info', 'problem', 'problem']);
  });
});
