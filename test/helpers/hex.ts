/** Hex helpers for tests. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`bad hex: ${hex}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Turns `{"$hex": "..."}` objects of a fixture into Uint8Arrays, recursively. */
export function reviveHex(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveHex);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.$hex === 'string' && Object.keys(obj).length === 1) return fromHex(obj.$hex);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = reviveHex(v);
    return out;
  }
  return value;
}
