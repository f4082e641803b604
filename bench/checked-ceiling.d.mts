/** Types of bench/checked-ceiling.mjs, for the tests that hold it to mqtt-codec. */
/** The checked ceiling's decoder: `push(chunk)` returns the packets it completes; a fault throws a plain Error. */
export class CheckedCeiling {
  constructor(v: 3 | 4 | 5);
  /** Bytes of an unfinished packet, kept for the next push (null when none). */
  rest: Uint8Array | null;
  push(chunk: Uint8Array): object[];
}
/** Runs a fresh CheckedCeiling over `chunks`; returns how many packets it decoded. */
export function runCheckedCeiling(chunks: Uint8Array[], v: number): number;
