/** Types of the parts of bench/streams.mjs that tests use. */
/** `bytes` cut into chunks of `size` bytes (the last one shorter). */
export function chunked(bytes: Uint8Array, size: number): Uint8Array[];
