/**
 * Topic validation and matching (src/topic.ts), the parts the mutation run found untested: the
 * exact description and index of each fault (empty names and filters, `#` and `+` placement,
 * `$share/` forms, U+0000, unpaired surrogates, lengths, values that are not strings), and a
 * filter whose last level is empty matched against a name with more levels.
 */
import { describe, expect, it } from 'vitest';
import { parseSharedSubscription, topicMatches, validateTopicFilter, validateTopicName } from '../src/index.js';
import { codecErrorOf } from './helpers/errors.js';

describe('Topic Name faults: reason code, key, rule and description with the index', () => {
  const cases: [string, unknown, number, string, string][] = [
    ['empty', '', 0x82, 'topicNonEmpty', 'Topic Name is empty (index 0)'],
    ['a wildcard', 'a/+', 0x82, 'topicWildcardInName', 'Topic Name contains the wildcard "+" (index 2)'],
    ['U+0000', 'ab\u0000c', 0x81, 'topicNoNull', 'Topic Name contains U+0000 (index 2)'],
    ['an unpaired surrogate', 'a\ud800b', 0x81, 'utf8WellFormed', 'Topic Name has an unpaired surrogate (index 0)'],
    ['65,536 bytes (two per character)', '\u00e9'.repeat(32768), 0x81, 'topicMaxLength', 'Topic Name is 65536 bytes; at most 65,535 are allowed (index 0)'],
    ['a number', 42, 0x82, 'topicNonEmpty', 'Topic Name must be a string (index 0)'],
    ['undefined', undefined, 0x82, 'topicNonEmpty', 'Topic Name must be a string (index 0)'],
  ];
  it.each(cases)('%s', (_, name, reasonCode, key, detail) => {
    const err = codecErrorOf(() => validateTopicName(name as string));
    expect(err).toMatchObject({ reasonCode, key, detail });
  });

  it('empty: MQTT-4.7.3-1 in the message', () => {
    expect(codecErrorOf(() => validateTopicName('')).message).toBe('Protocol Error: Topic Name is empty (index 0) [MQTT-4.7.3-1]');
  });

  it('65,535 bytes are allowed', () => {
    expect(() => validateTopicName('\u00e9'.repeat(32767) + 'a')).not.toThrow();
  });
});

describe('Topic Filter faults: reason code, key and description with the index', () => {
  const cases: [string, unknown, number, string, string][] = [
    ['empty', '', 0x82, 'topicNonEmpty', 'Topic Filter is empty (index 0)'],
    ['"#" not last', 'a/#/b', 0x82, 'topicMultiLevelWildcard', '"#" must be the last character and a whole level (index 2)'],
    ['"#" not a whole level', 'a/b#', 0x82, 'topicMultiLevelWildcard', '"#" must be the last character and a whole level (index 3)'],
    ['"+" not a whole level', 'a/+b', 0x82, 'topicSingleLevelWildcard', '"+" must occupy a whole level (index 2)'],
    ['"+" after a character', 'a+', 0x82, 'topicSingleLevelWildcard', '"+" must occupy a whole level (index 1)'],
    ['U+0000', 'a/\u0000', 0x81, 'topicNoNull', 'Topic Filter contains U+0000 (index 2)'],
    ['an unpaired surrogate', '\udc00', 0x81, 'utf8WellFormed', 'Topic Filter has an unpaired surrogate (index 0)'],
    ['65,536 bytes', 'a'.repeat(65536), 0x81, 'topicMaxLength', 'Topic Filter is 65536 bytes; at most 65,535 are allowed (index 0)'],
    ['null', null, 0x82, 'topicNonEmpty', 'Topic Filter must be a string (index 0)'],
  ];
  it.each(cases)('%s', (_, filter, reasonCode, key, detail) => {
    const err = codecErrorOf(() => validateTopicFilter(filter as string));
    expect(err).toMatchObject({ reasonCode, key, detail });
  });
});

describe('5.0 Shared Subscriptions: the description and index of each malformed form', () => {
  const cases: [string, string, string, string][] = [
    ['MQTT-4.8.2-1 empty ShareName', '$share//a', 'sharedSubscriptionShareName', 'Shared Subscription has an empty ShareName (index 7)'],
    ['MQTT-4.8.2-1 nothing after the prefix', '$share/', 'sharedSubscriptionShareName', 'Shared Subscription has an empty ShareName (index 7)'],
    ['MQTT-4.8.2-2 "+" in the ShareName', '$share/g+/a', 'sharedSubscriptionShareNameChars', 'ShareName contains "+" (index 8)'],
    ['MQTT-4.8.2-2 "#" in the ShareName', '$share/#', 'sharedSubscriptionShareNameChars', 'ShareName contains "#" (index 7)'],
    ['MQTT-4.8.2-2 no "/" after the ShareName', '$share/group', 'sharedSubscriptionShareNameChars', 'ShareName is not followed by "/" and a Topic Filter (index 12)'],
    ['MQTT-4.8.2-2 no filter after the "/"', '$share/group/', 'sharedSubscriptionShareNameChars', 'ShareName is not followed by "/" and a Topic Filter (index 12)'],
    ['a bad filter after the ShareName', '$share/g/a#', 'topicMultiLevelWildcard', '"#" must be the last character and a whole level (index 10)'],
    ['a "+" not a whole level after the ShareName', '$share/g/+x', 'topicSingleLevelWildcard', '"+" must occupy a whole level (index 9)'],
  ];
  it.each(cases)('%s', (_, filter, key, detail) => {
    for (const fn of [() => validateTopicFilter(filter, 5), () => parseSharedSubscription(filter)]) {
      expect(codecErrorOf(fn)).toMatchObject({ reasonCode: 0x82, key, detail });
    }
  });

  it('a wildcard filter right after the ShareName is valid', () => {
    expect(parseSharedSubscription('$share/g/#')).toEqual({ shareName: 'g', topicFilter: '#' });
    expect(parseSharedSubscription('$share/g/+/x')).toEqual({ shareName: 'g', topicFilter: '+/x' });
  });
});

describe('topicMatches: a filter whose last level is empty', () => {
  it('"a/" matches "a/" only, not a name with a non-empty last level or more levels', () => {
    expect(topicMatches('a/', 'a/')).toBe(true);
    expect(topicMatches('a/', 'a/b')).toBe(false);
    expect(topicMatches('a/', 'a//')).toBe(false);
    expect(topicMatches('+/', 'x/y')).toBe(false);
    expect(topicMatches('+/', 'x/')).toBe(true);
    expect(topicMatches('/', '/a')).toBe(false);
  });
});
