/** Byte helpers shared by the tests. */

/** The concatenation of `pieces` (what a vectored encode's pieces make when written in order). */
export function concat(pieces: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
