/**
 * Reads the packet fixtures (fixtures/packets/*.json) for the fixture runner and the tests that
 * reuse its cases. A helper, not a test file: a test file that others import would register its
 * tests only once when test files share a module cache (mutation runs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProtocolVersion } from '../../src/index.js';

const root = join(__dirname, '..', '..', 'fixtures');

export interface ExpectedError {
  reasonCode: number;
  rule: string | null;
  offset?: number;
}
export interface FixtureCase {
  name: string;
  protocolVersion: ProtocolVersion;
  from?: 'client' | 'server';
  hex?: string;
  packet?: unknown;
  canonical?: boolean;
  encode?: unknown;
  error?: ExpectedError;
}

export function loadFixtureFiles(): [string, FixtureCase[]][] {
  const dir = join(root, 'packets');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { cases: FixtureCase[] }).cases]);
}

