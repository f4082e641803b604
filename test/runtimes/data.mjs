// Loads the check data from fixtures/ with node:fs (Node, Deno and Bun all provide it): the JSON
// cases of fixtures/packets/ and the recorded sessions of fixtures/sessions/, streams as hex.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `{ fixtures: [[file, cases]], sessions: [{ meta, client, server }] }`, in file-name order. */
export function loadData(root = ROOT) {
  const hex = (bytes) => Array.from(bytes, (b) => (b < 16 ? '0' : '') + b.toString(16)).join('');
  const packets = join(root, 'fixtures', 'packets');
  const fixtures = readdirSync(packets)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(packets, f), 'utf8')).cases]);
  const dir = join(root, 'fixtures', 'sessions');
  const sessions = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const meta = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      return {
        meta: { name: meta.name, protocolVersion: meta.protocolVersion, packets: meta.packets },
        client: hex(readFileSync(join(dir, meta.client))),
        server: hex(readFileSync(join(dir, meta.server))),
      };
    });
  return { fixtures, sessions };
}
