/**
 * Topic Names, Topic Filters and matching (MQTT 5.0 section 4.7, 3.1.1 section 4.7) and Shared
 * Subscriptions (5.0 section 4.8.2), with the examples of the specification.
 *
 * Rule ids differ between the versions (see RULES in src/errors.ts):
 *   wildcard in a Topic Name   5.0 MQTT-4.7.0-1   3.1.1 MQTT-4.7.1-1
 *   '#' placement              5.0 MQTT-4.7.1-1   3.1.1 MQTT-4.7.1-2
 *   '+' placement              5.0 MQTT-4.7.1-2   3.1.1 MQTT-4.7.1-3
 *   '$' topics, 4.7.3-x        same ids in both
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MqttCodecError,
  RULES,
  isSharedSubscription,
  parseSharedSubscription,
  topicMatches,
  validateTopicFilter,
  validateTopicName,
} from '../src/index.js';
import { codecErrorOf, type ExpectedError, expectCodecError } from './helpers/errors.js';

type Expected = ExpectedError;

/** Asserts a Protocol Error (0x82) citing `rule` of MQTT 5.0. */
const v5 = (rule: string): Expected => ({ reasonCode: 0x82, rule, specVersion: '5.0' });
/** Asserts a Protocol Error (0x82) citing `rule` of MQTT 3.1.1. */
const v311 = (rule: string): Expected => ({ reasonCode: 0x82, rule, specVersion: '3.1.1' });

describe('RULES: the topic rule ids of each version', () => {
  it('cites 4.7.0-1 / 4.7.1-x for 5.0 and 4.7.1-1..3 for 3.1.1', () => {
    expect(RULES.topicWildcardInName).toEqual(['MQTT-4.7.1-1', 'MQTT-4.7.0-1']);
    expect(RULES.topicMultiLevelWildcard).toEqual(['MQTT-4.7.1-2', 'MQTT-4.7.1-1']);
    expect(RULES.topicSingleLevelWildcard).toEqual(['MQTT-4.7.1-3', 'MQTT-4.7.1-2']);
    expect(RULES.topicNonEmpty).toEqual(['MQTT-4.7.3-1', 'MQTT-4.7.3-1']);
    expect(RULES.topicNoNull).toEqual(['MQTT-4.7.3-2', 'MQTT-4.7.3-2']);
    expect(RULES.topicMaxLength).toEqual(['MQTT-4.7.3-3', 'MQTT-4.7.3-3']);
    expect(RULES.sharedSubscriptionShareName).toEqual([null, 'MQTT-4.8.2-1']);
    expect(RULES.sharedSubscriptionShareNameChars).toEqual([null, 'MQTT-4.8.2-2']);
  });
});

// ---------------------------------------------------------------------------------------------
// 4.7.1 Topic wildcards
// ---------------------------------------------------------------------------------------------

describe('4.7.1.2 Multi-level wildcard', () => {
  it('MQTT-4.7.1-1 accepts "sport/tennis/player1/#", "sport/#" and "#"', () => {
    for (const f of ['sport/tennis/player1/#', 'sport/#', '#', '/#', '+/#', 'sport/+/#']) {
      expect(() => validateTopicFilter(f)).not.toThrow();
      expect(() => validateTopicFilter(f, 4)).not.toThrow();
    }
  });

  it('MQTT-4.7.1-1 "sport/tennis/player1/#" matches player1, its ranking and score/wimbledon', () => {
    const f = 'sport/tennis/player1/#';
    expect(topicMatches(f, 'sport/tennis/player1')).toBe(true);
    expect(topicMatches(f, 'sport/tennis/player1/ranking')).toBe(true);
    expect(topicMatches(f, 'sport/tennis/player1/score/wimbledon')).toBe(true);
    expect(topicMatches(f, 'sport/tennis/player2')).toBe(false);
    expect(topicMatches(f, 'sport/tennis')).toBe(false);
    expect(topicMatches(f, 'sport/tennis/player10')).toBe(false);
  });

  it('MQTT-4.7.1-1 "sport/#" also matches the parent level "sport"', () => {
    expect(topicMatches('sport/#', 'sport')).toBe(true);
    expect(topicMatches('sport/#', 'sport/')).toBe(true);
    expect(topicMatches('sport/#', 'sport/tennis')).toBe(true);
    expect(topicMatches('sport/#', 'sports')).toBe(false);
    expect(topicMatches('sport/#', 'sportx/tennis')).toBe(false);
  });

  it('MQTT-4.7.1-1 "#" matches every topic not starting with "$"', () => {
    for (const n of ['sport', 'sport/tennis', '/', '/finance', 'a/b/c/d', ' ']) expect(topicMatches('#', n)).toBe(true);
  });

  const badHash = ['sport/tennis#', 'sport/tennis/#/ranking', '#/', '##', 'a/#b', 'a/b#/c', '#/a', 'sport/#/'];
  for (const f of badHash) {
    it(`MQTT-4.7.1-1 rejects ${JSON.stringify(f)} (5.0) with 0x82`, () => {
      expectCodecError(() => validateTopicFilter(f), v5('MQTT-4.7.1-1'));
      expectCodecError(() => validateTopicFilter(f, 5), v5('MQTT-4.7.1-1'));
    });
  }

  it('MQTT-4.7.1-2 (3.1.1 numbering) rejects "sport/tennis#" and "sport/tennis/#/ranking" in 3.1.1 and 3.1', () => {
    for (const f of ['sport/tennis#', 'sport/tennis/#/ranking']) {
      expectCodecError(() => validateTopicFilter(f, 4), v311('MQTT-4.7.1-2'));
      expectCodecError(() => validateTopicFilter(f, 3), v311('MQTT-4.7.1-2'));
    }
  });
});

describe('4.7.1.3 Single-level wildcard', () => {
  it('MQTT-4.7.1-2 accepts "+", "+/tennis/#", "sport/+/player1", "/+", "+/+"', () => {
    for (const f of ['+', '+/tennis/#', 'sport/+/player1', '/+', '+/+', 'sport/+', '+/', '/+/', '+/+/+']) {
      expect(() => validateTopicFilter(f)).not.toThrow();
      expect(() => validateTopicFilter(f, 4)).not.toThrow();
    }
  });

  it('MQTT-4.7.1-2 "sport/tennis/+" matches player1 and player2 but not player1/ranking', () => {
    const f = 'sport/tennis/+';
    expect(topicMatches(f, 'sport/tennis/player1')).toBe(true);
    expect(topicMatches(f, 'sport/tennis/player2')).toBe(true);
    expect(topicMatches(f, 'sport/tennis/player1/ranking')).toBe(false);
    expect(topicMatches(f, 'sport/tennis')).toBe(false);
  });

  it('MQTT-4.7.1-2 "sport/+" does not match "sport" but matches "sport/"', () => {
    expect(topicMatches('sport/+', 'sport')).toBe(false);
    expect(topicMatches('sport/+', 'sport/')).toBe(true);
  });

  it('MQTT-4.7.1-2 "+/+" and "/+" match "/finance", "+" does not', () => {
    expect(topicMatches('+/+', '/finance')).toBe(true);
    expect(topicMatches('/+', '/finance')).toBe(true);
    expect(topicMatches('+', '/finance')).toBe(false);
  });

  it('MQTT-4.7.1-2 "sport/+/player1" matches one level in the middle only', () => {
    expect(topicMatches('sport/+/player1', 'sport/tennis/player1')).toBe(true);
    expect(topicMatches('sport/+/player1', 'sport//player1')).toBe(true);
    expect(topicMatches('sport/+/player1', 'sport/tennis/x/player1')).toBe(false);
    expect(topicMatches('sport/+/player1', 'sport/player1')).toBe(false);
  });

  it('MQTT-4.7.1-2 "+/tennis/#" combines both wildcards', () => {
    expect(topicMatches('+/tennis/#', 'sport/tennis')).toBe(true);
    expect(topicMatches('+/tennis/#', 'sport/tennis/player1/ranking')).toBe(true);
    expect(topicMatches('+/tennis/#', 'sport/golf/player1')).toBe(false);
  });

  const badPlus = ['sport+', '+sport', 'sport/+tennis', 'sport/ten+nis/x', '++', 'a/++/b', '+#', '#+'];
  for (const f of badPlus) {
    it(`MQTT-4.7.1-2 rejects ${JSON.stringify(f)} (5.0) with 0x82`, () => {
      // '#+' breaks the '#' rule first ('#' not last), the others the '+' rule.
      const rule = f === '#+' ? 'MQTT-4.7.1-1' : 'MQTT-4.7.1-2';
      expectCodecError(() => validateTopicFilter(f), v5(rule));
    });
  }

  it('MQTT-4.7.1-3 (3.1.1 numbering) rejects "sport+" in 3.1.1', () => {
    expectCodecError(() => validateTopicFilter('sport+', 4), v311('MQTT-4.7.1-3'));
  });
});

describe('Wildcards in Topic Names', () => {
  const names = ['sport/tennis#', 'sport/+', '#', '+', 'sport/tennis/+/x', 'a+b', 'a#b'];
  for (const n of names) {
    it(`MQTT-4.7.0-1 rejects the Topic Name ${JSON.stringify(n)} (5.0) with 0x82`, () => {
      expectCodecError(() => validateTopicName(n), v5('MQTT-4.7.0-1'));
    });
  }

  it('MQTT-4.7.1-1 (3.1.1 numbering) rejects wildcards in a 3.1.1 Topic Name', () => {
    expectCodecError(() => validateTopicName('sport/+', 4), v311('MQTT-4.7.1-1'));
    expectCodecError(() => validateTopicName('sport/#', 3), v311('MQTT-4.7.1-1'));
  });

  it('accepts Topic Names without wildcards', () => {
    for (const n of ['sport/tennis/player1', '/', '//', '/finance', 'a b', '$SYS/broker', 'Ünïcödé/€/😀', '$share/x/y']) {
      expect(() => validateTopicName(n)).not.toThrow();
      expect(() => validateTopicName(n, 4)).not.toThrow();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 4.7.2 Topics beginning with $
// ---------------------------------------------------------------------------------------------

describe('4.7.2 Topics beginning with $', () => {
  it('MQTT-4.7.2-1 "#" does not match "$SYS/..." topics', () => {
    expect(topicMatches('#', '$SYS/monitor/Clients')).toBe(false);
    expect(topicMatches('#', '$SYS')).toBe(false);
    expect(topicMatches('#', '$')).toBe(false);
  });

  it('MQTT-4.7.2-1 "+/monitor/Clients" does not match "$SYS/monitor/Clients"', () => {
    expect(topicMatches('+/monitor/Clients', '$SYS/monitor/Clients')).toBe(false);
    expect(topicMatches('+/monitor/Clients', 'SYS/monitor/Clients')).toBe(true);
    expect(topicMatches('+', '$SYS')).toBe(false);
    expect(topicMatches('+/#', '$SYS/x')).toBe(false);
  });

  it('MQTT-4.7.2-1 "$SYS/#" and "$SYS/monitor/+" match "$SYS/monitor/Clients"', () => {
    expect(topicMatches('$SYS/#', '$SYS/monitor/Clients')).toBe(true);
    expect(topicMatches('$SYS/#', '$SYS')).toBe(true);
    expect(topicMatches('$SYS/monitor/+', '$SYS/monitor/Clients')).toBe(true);
    expect(topicMatches('$SYS/monitor/Clients', '$SYS/monitor/Clients')).toBe(true);
  });

  it('MQTT-4.7.2-1 applies only to a "$" at the start of the Topic Name', () => {
    expect(topicMatches('#', 'a/$SYS')).toBe(true);
    expect(topicMatches('+/+', 'a/$x')).toBe(true);
    expect(topicMatches('a/+', 'a/$x')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// 4.7.3 Topic semantic and usage
// ---------------------------------------------------------------------------------------------

describe('4.7.3 Topic semantic and usage', () => {
  it('MQTT-4.7.3-1 rejects an empty Topic Name and an empty Topic Filter with 0x82', () => {
    expectCodecError(() => validateTopicName(''), v5('MQTT-4.7.3-1'));
    expectCodecError(() => validateTopicFilter(''), v5('MQTT-4.7.3-1'));
    expectCodecError(() => validateTopicName('', 4), v311('MQTT-4.7.3-1'));
    expectCodecError(() => validateTopicFilter('', 4), v311('MQTT-4.7.3-1'));
  });

  it('MQTT-4.7.3-1 accepts one-character names and filters, "/" included', () => {
    for (const t of ['a', '/', ' ', '$']) {
      expect(() => validateTopicName(t)).not.toThrow();
      expect(() => validateTopicFilter(t)).not.toThrow();
    }
  });

  it('MQTT-4.7.3-2 rejects U+0000 in a Topic Name or Topic Filter with 0x81 (malformed string)', () => {
    for (const t of ['\u0000', 'a\u0000b', 'sport/\u0000']) {
      expectCodecError(() => validateTopicName(t), { ...v5('MQTT-4.7.3-2'), reasonCode: 0x81 });
      expectCodecError(() => validateTopicFilter(t), { ...v5('MQTT-4.7.3-2'), reasonCode: 0x81 });
      expectCodecError(() => validateTopicName(t, 4), { ...v311('MQTT-4.7.3-2'), reasonCode: 0x81 });
      expectCodecError(() => validateTopicFilter(t, 4), { ...v311('MQTT-4.7.3-2'), reasonCode: 0x81 });
    }
  });

  it('MQTT-4.7.3-3 rejects Topic Names and Filters over 65,535 bytes with 0x81 (malformed string)', () => {
    expect(() => validateTopicName('a'.repeat(65535))).not.toThrow();
    expect(() => validateTopicFilter(`${'a'.repeat(65533)}/#`)).not.toThrow();
    expectCodecError(() => validateTopicName('a'.repeat(65536)), { ...v5('MQTT-4.7.3-3'), reasonCode: 0x81 });
    expectCodecError(() => validateTopicFilter('a'.repeat(65536)), { ...v5('MQTT-4.7.3-3'), reasonCode: 0x81 });
    // 21,846 × '€': 21,846 UTF-16 units but 65,538 bytes.
    expectCodecError(() => validateTopicName('€'.repeat(21846)), { ...v5('MQTT-4.7.3-3'), reasonCode: 0x81 });
    expectCodecError(() => validateTopicFilter(`${'€'.repeat(21846)}/+`), { ...v5('MQTT-4.7.3-3'), reasonCode: 0x81 });
    expectCodecError(() => validateTopicName('a'.repeat(65536), 4), { ...v311('MQTT-4.7.3-3'), reasonCode: 0x81 });
  });

  it('MQTT-4.7.3-4 does no normalization: case, accents, width and spaces are distinct', () => {
    const pairs: [string, string][] = [
      ['ACCOUNTS', 'Accounts'],
      ['caf\u00e9', 'cafe\u0301'], // NFC vs NFD
      ['cafe\u0301', 'caf\u00e9'],
      ['\ufb01le', 'file'], // ligature vs letters (NFKC would fold it)
      ['\uff21', 'A'], // fullwidth A
      ['a ', 'a'],
      [' a', 'a'],
      ['/finance', 'finance'],
      ['finance/', 'finance'],
      ['a//b', 'a/b'],
      ['\u212b', '\u00c5'], // ANGSTROM SIGN vs LATIN CAPITAL A WITH RING
    ];
    for (const [f, n] of pairs) {
      expect(() => validateTopicFilter(f)).not.toThrow();
      expect(() => validateTopicName(n)).not.toThrow();
      expect(topicMatches(f, n)).toBe(false);
      expect(topicMatches(f, f)).toBe(true);
      expect(topicMatches(n, n)).toBe(true);
    }
  });

  it('MQTT-4.7.3-4 matches "+" against any characters of a level, unmodified', () => {
    expect(topicMatches('sport/+', 'sport/cafe\u0301')).toBe(true);
    expect(topicMatches('sport/+/x', 'sport/\ufffd/x')).toBe(true);
    expect(topicMatches('+/😀', 'a/😀')).toBe(true);
    expect(topicMatches('+/😀', 'a/😁')).toBe(false);
  });

  it('MQTT-1.5.4-1 a Topic Name or Filter with a lone surrogate is refused (not a valid UTF-8 string)', () => {
    expectCodecError(() => validateTopicName('a/\ud800'), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1' });
    expectCodecError(() => validateTopicFilter('\udc00/#'), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1' });
  });
});

// ---------------------------------------------------------------------------------------------
// 4.8.2 Shared Subscriptions (5.0)
// ---------------------------------------------------------------------------------------------

describe('4.8.2 Shared Subscriptions', () => {
  it('MQTT-4.8.2-1 parses "$share/consumer1/sport/tennis/+"', () => {
    expect(isSharedSubscription('$share/consumer1/sport/tennis/+')).toBe(true);
    expect(parseSharedSubscription('$share/consumer1/sport/tennis/+')).toEqual({ shareName: 'consumer1', topicFilter: 'sport/tennis/+' });
    expect(parseSharedSubscription('$share/consumer2/sport/tennis/+')).toEqual({ shareName: 'consumer2', topicFilter: 'sport/tennis/+' });
    expect(() => validateTopicFilter('$share/consumer1/sport/tennis/+')).not.toThrow();
  });

  it('MQTT-4.8.2-2 the filter after the ShareName may start with "/" or a wildcard', () => {
    expect(parseSharedSubscription('$share/consumer1//finance')).toEqual({ shareName: 'consumer1', topicFilter: '/finance' });
    expect(parseSharedSubscription('$share/g/#')).toEqual({ shareName: 'g', topicFilter: '#' });
    expect(parseSharedSubscription('$share/g/+')).toEqual({ shareName: 'g', topicFilter: '+' });
    expect(parseSharedSubscription('$share/g/$SYS/#')).toEqual({ shareName: 'g', topicFilter: '$SYS/#' });
  });

  it('MQTT-4.8.2-1 rejects "$share//x" (empty ShareName) with 0x82', () => {
    expectCodecError(() => parseSharedSubscription('$share//x'), v5('MQTT-4.8.2-1'));
    expectCodecError(() => validateTopicFilter('$share//x'), v5('MQTT-4.8.2-1'));
    expectCodecError(() => validateTopicFilter('$share/'), v5('MQTT-4.8.2-1'));
    expectCodecError(() => parseSharedSubscription('$share/'), v5('MQTT-4.8.2-1'));
  });

  for (const f of ['$share/a+b/x', '$share/a#b/x', '$share/+/x', '$share/#/x', '$share/#']) {
    it(`MQTT-4.8.2-2 rejects ${JSON.stringify(f)} (wildcard in the ShareName) with 0x82`, () => {
      expectCodecError(() => parseSharedSubscription(f), v5('MQTT-4.8.2-2'));
      expectCodecError(() => validateTopicFilter(f), v5('MQTT-4.8.2-2'));
    });
  }

  for (const f of ['$share/name', '$share/name/']) {
    it(`MQTT-4.8.2-2 rejects ${JSON.stringify(f)} (no Topic Filter after the ShareName) with 0x82`, () => {
      expectCodecError(() => parseSharedSubscription(f), v5('MQTT-4.8.2-2'));
      expectCodecError(() => validateTopicFilter(f), v5('MQTT-4.8.2-2'));
    });
  }

  it('MQTT-4.7.1-1 the Topic Filter of a Shared Subscription follows the wildcard rules', () => {
    expectCodecError(() => parseSharedSubscription('$share/g/sport#'), v5('MQTT-4.7.1-1'));
    expectCodecError(() => validateTopicFilter('$share/g/a/#/b'), v5('MQTT-4.7.1-1'));
    expectCodecError(() => validateTopicFilter('$share/g/sport+'), v5('MQTT-4.7.1-2'));
  });

  it('is not a Shared Subscription unless it starts with "$share/" exactly', () => {
    for (const f of ['sport/tennis', '$share', '$SHARE/g/x', '$sharex/g/x', ' $share/g/x', 'a/$share/g/x', '$queue/x']) {
      expect(isSharedSubscription(f)).toBe(false);
      expect(parseSharedSubscription(f)).toBeUndefined();
    }
    expect(isSharedSubscription('$share//x')).toBe(true); // well-formed or not
  });

  it('in 3.1.1 "$share/..." is an ordinary Topic Filter', () => {
    expect(() => validateTopicFilter('$share//x', 4)).not.toThrow();
    expect(() => validateTopicFilter('$share/a+b/x', 4)).toThrow(MqttCodecError); // '+' not a whole level
    expect(() => validateTopicFilter('$share/name', 4)).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// topicMatches against a reference matcher (property)
// ---------------------------------------------------------------------------------------------

/**
 * Plain reference matcher, written from 4.7: split both on '/', walk the levels; '+' matches
 * exactly one level, '#' (last) matches the rest including the parent level; a filter starting
 * with a wildcard does not match a name starting with '$'.
 */
function referenceMatches(filter: string, name: string): boolean {
  if (name.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const n = name.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= n.length) return false;
    if (f[i] === '+') continue;
    if (f[i] !== n[i]) return false;
  }
  return f.length === n.length;
}

describe('topicMatches', () => {
  it('agrees with the reference matcher on the specification examples', () => {
    const cases: [string, string][] = [
      ['sport/tennis/player1/#', 'sport/tennis/player1'],
      ['sport/tennis/player1/#', 'sport/tennis/player1/ranking'],
      ['sport/#', 'sport'],
      ['sport/+', 'sport'],
      ['sport/+', 'sport/'],
      ['+/+', '/finance'],
      ['/+', '/finance'],
      ['+', '/finance'],
      ['#', '$SYS/x'],
      ['$SYS/#', '$SYS'],
    ];
    for (const [f, n] of cases) expect(topicMatches(f, n)).toBe(referenceMatches(f, n));
  });

  const nameLevel = fc.constantFrom('', 'a', 'b', '$x');
  const filterLevel = fc.constantFrom('', 'a', 'b', '$x', '+');

  /** Valid Topic Filters over the small level alphabet: '#' only as the whole last level. */
  const filterArb = fc
    .tuple(fc.array(filterLevel, { maxLength: 5 }), fc.boolean())
    .map(([levels, hash]) => (hash ? [...levels, '#'] : levels).join('/'))
    .filter((f) => f.length > 0);

  /** Valid Topic Names over the same alphabet. */
  const nameArb = fc
    .array(nameLevel, { minLength: 1, maxLength: 6 })
    .map((levels) => levels.join('/'))
    .filter((n) => n.length > 0);

  /** A name built to fit `filter` (wildcards replaced by levels), so that matches are common. */
  function fittingName(filter: string): fc.Arbitrary<string> {
    const parts = filter.split('/').map((level) => {
      if (level === '+') return nameLevel.map((l) => [l]);
      if (level === '#') return fc.array(nameLevel, { maxLength: 3 });
      return fc.constant([level]);
    });
    return fc
      .tuple(...parts)
      .map((groups) => groups.reduce<string[]>((acc, g) => acc.concat(g), []).join('/'))
      .filter((n) => n.length > 0);
  }

  const pairArb = filterArb.chain((filter) => fc.tuple(fc.constant(filter), fc.oneof(nameArb, fittingName(filter))));

  it('MQTT-4.7.2-1 agrees with a plain reference matcher on generated valid filters and names (property)', () => {
    let matched = 0;
    let total = 0;
    fc.assert(
      fc.property(pairArb, ([filter, name]) => {
        // The generators only produce valid filters and names.
        validateTopicFilter(filter);
        validateTopicName(name);
        const expected = referenceMatches(filter, name);
        total++;
        if (expected) matched++;
        expect(topicMatches(filter, name)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
    // Both outcomes are well represented.
    expect(matched).toBeGreaterThan(total / 10);
    expect(total - matched).toBeGreaterThan(total / 10);
  });

  it('every generated Topic Name, used as a filter, matches itself ("$" names included) (property)', () => {
    fc.assert(
      fc.property(nameArb, (name) => {
        expect(topicMatches(name, name)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('MQTT-4.7.3-4 agrees with the reference matcher on arbitrary Unicode levels (property)', () => {
    const level = fc.string({ unit: 'binary', maxLength: 4 }).filter((s) => !/[/+#\u0000]/.test(s));
    const filterA = fc
      .tuple(fc.array(fc.oneof(level, fc.constant('+')), { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([ls, hash]) => (hash ? [...ls, '#'] : ls).join('/'))
      .filter((f) => f.length > 0);
    const nameA = fc
      .array(level, { minLength: 1, maxLength: 5 })
      .map((ls) => ls.join('/'))
      .filter((n) => n.length > 0);
    fc.assert(
      fc.property(filterA, nameA, (filter, name) => {
        expect(topicMatches(filter, name)).toBe(referenceMatches(filter, name));
      }),
      { numRuns: 2000 },
    );
  });
});
