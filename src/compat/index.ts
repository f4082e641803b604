/**
 * `mqtt-codec/mqtt-packet`: mqtt-packet 9's API and packet objects, backed by mqtt-codec's
 * strict decoder and encoder — so a project on mqtt-packet (MQTT.js, Aedes, …) switches in one
 * line: `import mqtt from 'mqtt-codec/mqtt-packet'`, or the npm alias
 * `"mqtt-packet": "npm:mqtt-codec@…"` plus a re-export.
 *
 * @packageDocumentation
 */
import { generate, writeToStream } from './generate.js';
import { Parser, parser } from './parser.js';

export { generate, writeToStream, Parser, parser };
export type { GenerateOptions } from './objects.js';
export type * from './types.js';

/** The whole API as one object, for `import mqtt from 'mqtt-codec/mqtt-packet'` and CommonJS default interop. */
const mqttPacket: {
  parser: typeof parser;
  generate: typeof generate;
  writeToStream: typeof writeToStream & { cacheNumbers: boolean };
  Parser: typeof Parser;
} = { parser, generate, writeToStream: writeToStream as typeof writeToStream & { cacheNumbers: boolean }, Parser };

export default mqttPacket;
