/**
 * The options of the encode call in progress, as the packet codecs' size phase sees them, and what
 * a failed check does on encode under the call's strictness policy.
 *
 * @module
 */
import { type CheckOptions, severityOf } from './checks.js';
import type { MqttCodecError } from './errors.js';

/**
 * The options of the encode call in progress, set by encode before it calls a codec's `length`:
 * `from` (0 unknown, 1 client, 2 server) and the strictness `policy` (null: every check an error).
 */
export const encodeContext: { from: number; policy: CheckOptions | null } = { from: 0, policy: null };

/**
 * A check that failed on encode: thrown, unless the policy of the encode call relaxes it — then
 * it is reported (`'warn'`) or not (`'off'`), and the packet is written with the value as given.
 */
export function breach(err: MqttCodecError): void {
  const policy = encodeContext.policy;
  const severity = severityOf(err.key, policy);
  if (severity === 'error') throw err;
  if (severity === 'warn') {
    err.severity = 'warning';
    policy?.onWarning?.(err);
  }
}
