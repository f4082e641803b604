// One runtime's run of the shared checks: `node|deno run -A|bun test/runtimes/entry.mjs` prints
// one JSON line { runtime, version, counts, digest, failures } and exits 1 on a failed check.
import * as lib from '../../dist/index.js';
import * as compat from '../../dist/mqtt-packet.js';
import { runChecks } from './checks.mjs';
import { loadData } from './data.mjs';

function runtime() {
  if (typeof globalThis.Deno !== 'undefined') return ['deno', globalThis.Deno.version.deno];
  if (typeof globalThis.Bun !== 'undefined') return ['bun', globalThis.Bun.version];
  return ['node', globalThis.process.versions.node];
}

const [name, version] = runtime();
const result = runChecks(lib, loadData(), compat);
console.log(JSON.stringify({ runtime: name, version, ...result }));
if (result.failures.length > 0) globalThis.process.exitCode = 1;
