// Types of scripts/diff-mqtt-packet.mjs, for test/compat-diff.test.ts.

/** An mqtt-packet-shaped module: the drop-in or mqtt-packet itself. */
export interface MqttPacketLike {
  parser(options?: object): unknown;
  generate(packet: object, options?: object): Uint8Array;
}

export interface Example {
  hex: string;
  protocolVersion: number;
  source: string;
  /** mqtt-packet's error message (or its packets, where both accept), or null. */
  ref: string | null;
  /** The drop-in's error message (or its packets, where both accept), or null. */
  ours: string | null;
}

export interface KindStats {
  inputs: number;
  /** Inputs where one accepts and the other rejects or waits for more. */
  disagree: number;
  /** Inputs both accept with packets that are not deepLooseEqual. */
  objectsDiffer: number;
  hows: Record<string, { count: number; example: Example }>;
}

export interface ParserDiff {
  inputs: number;
  acceptRejectAgree: number;
  fullAgree: number;
  byKind: Record<string, KindStats>;
  byCheck: Record<string, { count: number; kinds: Record<string, number>; example: Example }>;
}

export interface GenerateCase {
  name: string;
  opts?: { protocolVersion: number; properties?: object };
  diff: { ref: string; ours: string } | null;
}

export interface GenerateDiff {
  listed: GenerateCase[];
  valid: GenerateCase[];
  mutated: { inputs: number; agree: number; byKind: Record<string, { inputs: number; mismatch: number; example: object | null }> };
}

export const MUTATIONS: Record<string, unknown>;
export function loadDropIn(dist?: string): MqttPacketLike;
export function rng(seed: number): { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T };
export function seedPackets(): { bytes: Uint8Array; protocolVersion: number; source: string }[];
export function packetObjects(): { protocolVersion: number; object: Record<string, unknown> }[];
export function invalidObjects(): { name: string; object: Record<string, unknown>; opts: { protocolVersion: number; properties?: object } }[];
export function parserDiff(options?: { seed?: number; count?: number; dropIn?: MqttPacketLike }): ParserDiff;
export function generateDiff(options?: { seed?: number; count?: number; dropIn?: MqttPacketLike }): GenerateDiff;
