// temporary: profile one fleet stream with mqtt-codec's Decoder
import { Decoder, encodeInto, encodedLength } from '../dist/index.js';
import { chunked, random } from './streams.mjs';
const [v, count, size] = process.argv.slice(2).map(Number);
const src = await import('node:fs').then((fs) => fs.readFileSync(new URL('./fleet.mjs', import.meta.url), 'utf8'));
const body = src.slice(src.indexOf('const REGIONS'), src.indexOf('const runCodec'));
const STREAM_BYTES = 8 * 1024 * 1024;
const f = new Function('random', 'encodeInto', 'encodedLength', 'STREAM_BYTES', 'Buffer', body + '; return buildStream;');
const buildStream = f(random, encodeInto, encodedLength, STREAM_BYTES, Buffer);
const s = buildStream(v, count);
const chunks = chunked(s.bytes, size);
for (let r = 0; r < 12; r++) {
  const d = new Decoder({ protocolVersion: v });
  const t = performance.now();
  let n = 0;
  for (const c of chunks) n += d.push(c).length;
  if (r % 3 === 0) console.log(r, ((performance.now() - t)).toFixed(0), 'ms', n, 'packets', (s.bytes.length / 1e3 / (performance.now() - t)).toFixed(0), 'MB/s');
}
