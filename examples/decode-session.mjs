// Decodes a real MQTT 5.0 session recorded between mosquitto 2.0.11 and mosquitto_sub
// (fixtures/sessions/v5-sub.*.bin) and prints every packet readably, in both directions.
// Run with `npm run example` (it builds the package first).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, formatPacket, peekHeader } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const name = process.argv[2] ?? 'v5-sub';
const dir = join(here, '..', 'fixtures', 'sessions');
const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));

console.log(`${meta.name} — MQTT protocol version ${meta.protocolVersion}, recorded with ${meta.recordedWith.broker ?? meta.recordedWith}`);
for (const [side, arrow] of [['client', 'client → server'], ['server', 'server → client']]) {
  const stream = new Uint8Array(readFileSync(join(dir, meta[side])));
  console.log(`\n${arrow} (${stream.length} bytes)`);
  let offset = 0;
  while (offset < stream.length) {
    const header = peekHeader(stream, offset);
    const size = header.headerLength + header.remainingLength;
    const packet = decode(stream.subarray(offset, offset + size), { protocolVersion: meta.protocolVersion });
    console.log(`  @${String(offset).padStart(4)} ${String(size).padStart(4)} B  ${formatPacket(packet, 32)}`);
    offset += size;
  }
}
