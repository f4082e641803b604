// Types of scripts/conformance.mjs, for test/conformance.test.ts.

export type SpecVersion = '3.1.1' | '5.0';
export type Status = 'decode' | 'encode' | 'both' | 'helper' | 'conversation' | 'caller';

/** One row of docs/conformance.json. */
export interface ConformanceRow {
  version: SpecVersion;
  id: string;
  summary: string;
  status: Status;
  helper?: string;
  /** The conversation checker's check(s), comma-separated (keys of CONVERSATION_RULES). */
  check?: string;
  why?: string;
  tests: string[];
}

export const ROOT: string;
export const JSON_PATH: string;
export const MD_PATH: string;
export const SNAPSHOT_PATH: string;
export const VERSIONS: readonly SpecVersion[];
export const STATUSES: readonly Status[];
export const SEED_FILES: Readonly<Record<SpecVersion, string>>;

export function specDir(): string;
export function parseSeed(version: SpecVersion, text: string): string[];
export function readSeeds(dir?: string): Record<SpecVersion, string[]>;
export function haveSeedLists(dir?: string): boolean;
export function readSnapshot(): Record<SpecVersion, string[]>;
export function snapshotText(seeds: Record<SpecVersion, string[]>): string;
export function problems(rows: unknown, seeds: Record<SpecVersion, string[]>): string[];
export function counts(rows: ConformanceRow[]): Record<Status | 'total', Record<SpecVersion | 'total', number>>;
export function countsTable(rows: ConformanceRow[]): string;
export function render(rows: ConformanceRow[]): string;
