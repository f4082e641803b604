/**
 * Topic Names and Topic Filters (MQTT 4.7) and Shared Subscriptions (5.0, 4.8.2): validation,
 * parsing of `$share/{ShareName}/{filter}`, and matching with the `$` rule [MQTT-4.7.2-1].
 *
 * @module
 */
import { codecError, type MqttCodecError, type RuleKey } from './errors.js';
import type { ProtocolVersion } from './types.js';
import { NULL_CHARACTER, utf8Length } from './wire/utf8.js';

const SLASH = 0x2f;
const PLUS = 0x2b;
const HASH = 0x23;
const DOLLAR = 0x24;
const SHARE_PREFIX = '$share/';

/** A fault found in a topic: the rule it breaks, a description, and its index in the string. */
export interface TopicProblem {
  rule: RuleKey;
  detail: string;
  index: number;
}

/** Why `name` is not a valid Topic Name (wildcards, empty), or null. Encoding checks are separate. */
export function topicNameProblem(name: string): TopicProblem | null {
  if (name.length === 0) return { rule: 'topicNonEmpty', detail: 'Topic Name is empty', index: 0 };
  // Stryker disable next-line EqualityOperator: equivalent; charCodeAt(name.length) is NaN, neither wildcard. (`i >= name.length` never enters the loop, as ConditionalExpression `false` does: the name is not empty here.)
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === PLUS || c === HASH) {
      return { rule: 'topicWildcardInName', detail: `Topic Name contains the wildcard "${name[i]}"`, index: i };
    }
  }
  return null;
}

/**
 * Why `filter` is not a valid Topic Filter, or null: empty [MQTT-4.7.3-1], `#` not alone as the
 * last level [MQTT-4.7.1-1 (5.0)], `+` not a whole level [MQTT-4.7.1-2 (5.0)], and with
 * `shared` (5.0) a malformed `$share/` filter [MQTT-4.8.2-1, MQTT-4.8.2-2].
 */
export function topicFilterProblem(filter: string, shared: boolean): TopicProblem | null {
  let start = 0;
  if (shared && filter.startsWith(SHARE_PREFIX)) {
    const slash = filter.indexOf('/', SHARE_PREFIX.length);
    // Stryker disable next-line EqualityOperator: equivalent; indexOf from 7 gives -1 or at least 7, never 0. (`slash >= 0` is killed wherever ConditionalExpression `true` is.)
    const nameEnd = slash < 0 ? filter.length : slash;
    if (nameEnd === SHARE_PREFIX.length) {
      return { rule: 'sharedSubscriptionShareName', detail: 'Shared Subscription has an empty ShareName', index: nameEnd };
    }
    // Stryker disable next-line EqualityOperator: equivalent; the character at nameEnd is the "/" or past the end (NaN), neither wildcard. (`i >= nameEnd` never enters the loop, as ConditionalExpression `false` does.)
    for (let i = SHARE_PREFIX.length; i < nameEnd; i++) {
      const c = filter.charCodeAt(i);
      if (c === PLUS || c === HASH) {
        return { rule: 'sharedSubscriptionShareNameChars', detail: `ShareName contains "${filter[i]}"`, index: i };
      }
    }
    // Stryker disable next-line EqualityOperator: equivalent; slash is -1 or at least 7, never 0. (`slash >= 0` and `!==` return for a valid shared filter, as the kept ConditionalExpression `true` does.)
    if (slash < 0 || slash + 1 === filter.length) {
      return { rule: 'sharedSubscriptionShareNameChars', detail: 'ShareName is not followed by "/" and a Topic Filter', index: nameEnd };
    }
    // Stryker disable next-line ArithmeticOperator: equivalent; scanning from two characters earlier adds the ShareName's last character (no wildcard, checked above) and the "/", after which a wildcard still starts a level; faults keep their absolute index.
    start = slash + 1;
  }
  const n = filter.length;
  if (n === start) return { rule: 'topicNonEmpty', detail: 'Topic Filter is empty', index: start };
  // Stryker disable next-line EqualityOperator: equivalent; charCodeAt(n) is NaN, neither wildcard. (`i >= n` never enters the loop, as ConditionalExpression `false` does: the filter is not empty here.)
  for (let i = start; i < n; i++) {
    const c = filter.charCodeAt(i);
    if (c === HASH) {
      if (i + 1 !== n || (i > start && filter.charCodeAt(i - 1) !== SLASH)) {
        return { rule: 'topicMultiLevelWildcard', detail: '"#" must be the last character and a whole level', index: i };
      }
    } else if (c === PLUS) {
      if ((i > start && filter.charCodeAt(i - 1) !== SLASH) || (i + 1 < n && filter.charCodeAt(i + 1) !== SLASH)) {
        return { rule: 'topicSingleLevelWildcard', detail: '"+" must occupy a whole level', index: i };
      }
    }
  }
  return null;
}

function encodingProblem(s: unknown, what: string): TopicProblem | null {
  if (typeof s !== 'string') return { rule: 'topicNonEmpty', detail: `${what} must be a string`, index: 0 };
  const len = utf8Length(s);
  if (len === NULL_CHARACTER) return { rule: 'topicNoNull', detail: `${what} contains U+0000`, index: s.indexOf('\u0000') };
  if (len < 0) return { rule: 'utf8WellFormed', detail: `${what} has an unpaired surrogate`, index: 0 };
  if (len > 0xffff) return { rule: 'topicMaxLength', detail: `${what} is ${len} bytes; at most 65,535 are allowed`, index: 0 };
  return null;
}

/** Encoding faults (not UTF-8, U+0000, too long) are Malformed like in packets; placement faults are Protocol Errors. */
const ENCODING_RULES: ReadonlySet<RuleKey> = new Set<RuleKey>(['utf8WellFormed', 'topicNoNull', 'topicMaxLength']);

function toError(p: TopicProblem, version: ProtocolVersion): MqttCodecError {
  return codecError(ENCODING_RULES.has(p.rule) ? 0x81 : 0x82, `${p.detail} (index ${p.index})`, p.rule, version);
}

/**
 * Checks a Topic Name (what PUBLISH carries): a string of 1 to 65,535 UTF-8 bytes, without U+0000
 * and without the wildcards `+` and `#` (MQTT 4.7). Throws {@link MqttCodecError} (0x82 Protocol
 * Error, with the rule) when it is not valid.
 */
export function validateTopicName(name: string, protocolVersion: ProtocolVersion = 5): void {
  const p = encodingProblem(name, 'Topic Name') ?? topicNameProblem(name);
  if (p !== null) throw toError(p, protocolVersion);
}

/**
 * Checks a Topic Filter (what SUBSCRIBE and UNSUBSCRIBE carry): 1 to 65,535 UTF-8 bytes, no U+0000,
 * `#` only alone as the last level, `+` only as a whole level (MQTT 4.7.1); in 5.0, a filter
 * starting with `$share/` must be a valid Shared Subscription (4.8.2). Throws
 * {@link MqttCodecError} (0x82 Protocol Error, with the rule) when it is not valid.
 */
export function validateTopicFilter(filter: string, protocolVersion: ProtocolVersion = 5): void {
  const p = encodingProblem(filter, 'Topic Filter') ?? topicFilterProblem(filter, protocolVersion === 5);
  if (p !== null) throw toError(p, protocolVersion);
}

/** A parsed Shared Subscription filter. */
export interface SharedSubscription {
  /** The ShareName: at least one character, no `/`, `+` or `#`. */
  shareName: string;
  /** The Topic Filter after the ShareName. */
  topicFilter: string;
}

/**
 * Splits `$share/{ShareName}/{filter}` (MQTT 5.0, 4.8.2). Returns undefined for a filter that is
 * not a Shared Subscription (does not start with `$share/`); throws {@link MqttCodecError}
 * (0x82, [MQTT-4.8.2-1] or [MQTT-4.8.2-2]) for one that starts so but is malformed.
 */
export function parseSharedSubscription(filter: string): SharedSubscription | undefined {
  if (!filter.startsWith(SHARE_PREFIX)) return undefined;
  const p = topicFilterProblem(filter, true);
  if (p !== null) throw toError(p, 5);
  const slash = filter.indexOf('/', SHARE_PREFIX.length);
  return { shareName: filter.slice(SHARE_PREFIX.length, slash), topicFilter: filter.slice(slash + 1) };
}

/** True when `filter` is a `$share/` filter (5.0 Shared Subscription), well-formed or not. */
export function isSharedSubscription(filter: string): boolean {
  return filter.startsWith(SHARE_PREFIX);
}

/**
 * Whether Topic Name `name` matches Topic Filter `filter` (MQTT 4.7): `+` matches exactly one
 * level (possibly empty), `#` matches the parent level and any number of levels below; a filter
 * starting with a wildcard does not match a name starting with `$` [MQTT-4.7.2-1]. Matching is
 * character by character, with no normalization [MQTT-4.7.3-4]. Both arguments are assumed valid;
 * a `$share/` filter is matched literally, so match its `topicFilter` from
 * {@link parseSharedSubscription}. Allocates nothing.
 */
export function topicMatches(filter: string, name: string): boolean {
  const fl = filter.length;
  const nl = name.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for the length tests (`true`, `>= 0`): the first character of an empty string reads as NaN, which is neither `$` nor a wildcard. The other forms, disabled with them, are killed by the tests.
  if (nl > 0 && name.charCodeAt(0) === DOLLAR && fl > 0) {
    const f0 = filter.charCodeAt(0);
    if (f0 === PLUS || f0 === HASH) return false;
  }
  let fi = 0;
  let ni = 0;
  // Stryker disable next-line EqualityOperator: equivalent; one more turn with fi === fl reads NaN (no wildcard), compares nothing, and returns `ni >= nl` as the end of the loop does. (`fi >= fl` never enters the loop for a non-empty filter, as ConditionalExpression `false` does.)
  while (fi < fl) {
    const fc = filter.charCodeAt(fi);
    if (fc === HASH) return true;
    if (fc === PLUS) {
      // Stryker disable next-line EqualityOperator: equivalent (`<=`); one step past the name's end reads NaN, and every test after it asks `ni >= nl`, true at either end. (`>=`, disabled with it, is killed by the tests.)
      while (ni < nl && name.charCodeAt(ni) !== SLASH) ni++;
      fi++;
    } else {
      while (fi < fl && filter.charCodeAt(fi) !== SLASH) {
        // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for the end test (`false`, `> nl`): past the name's end its character reads as NaN, which differs from every filter character. The other forms, disabled with them, are killed by the tests.
        if (ni >= nl || name.charCodeAt(ni) !== filter.charCodeAt(fi)) return false;
        fi++;
        ni++;
      }
      if (ni < nl && name.charCodeAt(ni) !== SLASH) return false;
    }
    // Both sides are at the end of a level.
    if (fi >= fl) return ni >= nl;
    fi++; // past the filter's "/"
    if (ni >= nl) {
      // The name has no more levels: only a final "/#" still matches (the parent level).
      return fi + 1 === fl && filter.charCodeAt(fi) === HASH;
    }
    ni++; // past the name's "/"
  }
  return ni >= nl;
}
