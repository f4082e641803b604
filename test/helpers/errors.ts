/** Assertions on MqttCodecError shared by the test files. */
import { expect } from 'vitest';
import { MqttCodecError } from '../../src/index.js';

/** Fields to compare; a key given as undefined must be absent on the error. */
export interface ExpectedError {
  reasonCode: number;
  rule?: string | undefined;
  specVersion?: string | undefined;
  offset?: number | undefined;
}

/** Runs `fn`, which must throw an MqttCodecError (anything else fails the test), and returns it. */
export function codecErrorOf(fn: () => unknown): MqttCodecError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MqttCodecError) return e;
    throw new Error(`expected an MqttCodecError, got ${String(e)}`);
  }
  throw new Error('expected an MqttCodecError, nothing was thrown');
}

/** Asserts `fn` throws an MqttCodecError with the given fields, and returns it. */
export function expectCodecError(fn: () => unknown, expected: ExpectedError): MqttCodecError {
  const err = codecErrorOf(fn);
  expect(err.reasonCode).toBe(expected.reasonCode);
  if ('rule' in expected) expect(err.rule).toBe(expected.rule);
  if ('specVersion' in expected) expect(err.specVersion).toBe(expected.specVersion);
  if ('offset' in expected) expect(err.offset).toBe(expected.offset);
  return err;
}
