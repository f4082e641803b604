/**
 * The capture reader's byte helpers (src/capture/bytes.ts): the hex text of bytes in messages.
 */
import { describe, expect, it } from 'vitest';
import { hexBytes } from '../src/capture/bytes.js';

describe('hexBytes', () => {
  it('two lower-case hex digits a byte (a leading 0 below 0x10), separated by single spaces', () => {
    expect(hexBytes(Uint8Array.of(0x00, 0x0f, 0x10, 0xab, 0xff))).toBe('00 0f 10 ab ff');
    expect(hexBytes(Uint8Array.of(0x7e))).toBe('7e');
    expect(hexBytes(new Uint8Array(0))).toBe('');
  });
});
