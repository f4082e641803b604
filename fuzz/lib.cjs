// Shared pieces of the fuzz targets (fuzz/targets/*.cjs): the invariant error, deterministic
// chunkings of an input, the shared byte mutations, and small byte helpers. No dependencies.
'use strict';

/** Thrown when an invariant is broken (never by the code under test). */
class InvariantError extends Error {}

/** Throws an InvariantError with `what` (a string or a function giving one) unless `ok`. */
function check(ok, what) {
  if (!ok) throw new InvariantError(typeof what === 'function' ? what() : what);
}

/** A description of a thrown value, with its stack when it has one. */
function describeThrown(e) {
  return e && e.stack ? e.stack : String(e);
}

/** A 32-bit hash of `bytes` mixed with `salt`: the seed of the chunkings of one input. */
function hashBytes(bytes, salt) {
  let seed = (0x9e3779b9 ^ Math.imul(salt + 1, 0x27d4eb2d)) >>> 0;
  for (let i = 0; i < bytes.length; i++) seed = Math.imul(seed ^ bytes[i], 0x85ebca6b) >>> 0;
  return seed;
}

/**
 * Chunk sizes for `length` bytes, deterministic per (bytes, salt): `salt` 0 gives sizes 1 to 7
 * (every boundary likely), other salts sizes up to `max` (the same boundaries a socket gives).
 */
function chunkSizes(bytes, length, salt, max = 64) {
  let seed = hashBytes(bytes, salt);
  const top = salt === 0 ? 7 : max;
  const sizes = [];
  let left = length;
  while (left > 0) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const n = 1 + ((seed >>> 8) % Math.max(1, Math.min(left, top)));
    sizes.push(n);
    left -= n;
  }
  return sizes;
}

/** `bytes` cut at the sizes given (fresh copies, so no chunk shares memory with another). */
function cut(bytes, sizes) {
  const out = [];
  let at = 0;
  for (const n of sizes) {
    out.push(bytes.slice(at, at + n));
    at += n;
  }
  return out;
}

/** Lowercase hex of `bytes`. */
function hex(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return s;
}

/**
 * One shared byte mutation of the array `b` (edited in place or replaced: use the result), from
 * index `from` on (bytes before it are a target's header, left alone): bit flip, boundary or
 * random byte, insert, delete, or this input's head with another corpus input's tail.
 */
function byteMutation(b, rand, corpus, from = 0) {
  const n = b.length;
  switch (rand(5)) {
    case 0:
      if (n > from) b[from + rand(n - from)] ^= 1 << rand(8);
      return b;
    case 1:
      if (n > from) b[from + rand(n - from)] = [0, 1, 0x7f, 0x80, 0xff, rand(256)][rand(6)];
      return b;
    case 2:
      b.splice(from + rand(n - from + 1), 0, rand(256));
      return b;
    case 3:
      if (n > from + 1) b.splice(from + rand(n - from), 1);
      return b;
    default: {
      const other = corpus[rand(corpus.length)];
      const tail = Array.from(other.subarray(Math.min(other.length, from + rand(Math.max(1, other.length - from)))));
      return b.slice(0, from + rand(n - from + 1)).concat(tail);
    }
  }
}

/** A byte range of `b` (an array) copied `k` bytes on: a duplicated run (a retransmission, a repeated packet). */
function duplicateRange(b, rand, from = 0) {
  const n = b.length - from;
  if (n < 2) return b;
  const start = from + rand(n);
  const len = 1 + rand(Math.min(64, b.length - start));
  const copy = b.slice(start, start + len);
  const at = from + rand(b.length - from + 1);
  return b.slice(0, at).concat(copy, b.slice(at));
}

/** Reads a big- or little-endian unsigned 32-bit integer from an array or Uint8Array. */
function u32(b, at, little) {
  return little ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0 : ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** Writes a big- or little-endian unsigned 32-bit integer into an array. */
function setU32(b, at, value, little) {
  const v = value >>> 0;
  const bytes = [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
  if (little) bytes.reverse();
  for (let i = 0; i < 4; i++) b[at + i] = bytes[i];
}

module.exports = { InvariantError, check, describeThrown, chunkSizes, cut, hex, byteMutation, duplicateRange, u32, setU32 };
