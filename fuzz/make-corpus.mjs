// Builds fuzz/corpus/: one seed file per fixture packet (fixtures/packets/*.json hex cases and
// every packet of the recorded sessions), plus the regression inputs of fuzz/regressions/. A seed is [version byte, ...packet bytes], the input
// format of fuzz/target.cjs (version = 3 + byte % 3).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'fuzz', 'corpus');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const versionByte = (v) => (v - 3) % 3; // 3 -> 0, 4 -> 1, 5 -> 2
const hexToBytes = (hex) => Uint8Array.from(hex.replace(/\s+/g, '').match(/../g) ?? [], (h) => parseInt(h, 16));
let count = 0;
const seed = (name, v, bytes) => {
  writeFileSync(join(out, `${name}.bin`), Uint8Array.from([versionByte(v), ...bytes]));
  count++;
};

for (const file of readdirSync(join(root, 'fixtures', 'packets')).filter((f) => f.endsWith('.json')).sort()) {
  const { cases } = JSON.parse(readFileSync(join(root, 'fixtures', 'packets', file), 'utf8'));
  cases.forEach((c, i) => {
    if (typeof c.hex === 'string') seed(`${file.replace('.json', '')}-${String(i).padStart(3, '0')}`, c.protocolVersion, hexToBytes(c.hex));
  });
}
for (const file of readdirSync(join(root, 'fixtures', 'sessions')).filter((f) => f.endsWith('.json')).sort()) {
  const meta = JSON.parse(readFileSync(join(root, 'fixtures', 'sessions', file), 'utf8'));
  for (const side of ['client', 'server']) {
    const stream = readFileSync(join(root, 'fixtures', 'sessions', meta[side]));
    let pos = 0;
    let i = 0;
    while (pos < stream.length) {
      let rl = 0;
      let mult = 1;
      let k = pos + 1;
      for (;;) {
        const b = stream[k++];
        rl += (b & 0x7f) * mult;
        mult *= 128;
        if (b < 0x80) break;
      }
      const end = k + rl;
      seed(`session-${meta.name}-${side}-${String(i++).padStart(2, '0')}`, meta.protocolVersion, stream.subarray(pos, end));
      pos = end;
    }
  }
}
// Inputs that once broke an invariant (kept as found, version byte included).
for (const file of readdirSync(join(root, 'fuzz', 'regressions')).filter((f) => f.endsWith('.bin')).sort()) {
  writeFileSync(join(out, `regression-${file}`), readFileSync(join(root, 'fuzz', 'regressions', file)));
  count++;
}
console.log(`wrote ${count} seeds to fuzz/corpus/`);
