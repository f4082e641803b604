/**
 * Reading, and planning the writing of, a 5.0 property block (Property Length, then properties), driven by
 * the table in `table.ts`: no per-property code.
 *
 * @module
 */
import { severityOf } from '../checks.js';
import { type EncodePlan, planBinary, planString } from '../encode-plan.js';
import { malformed, protocolError, type RuleKey, codecError } from '../errors.js';
import type { Properties, UserProperty } from '../types.js';
import type { Reader } from '../wire/reader.js';
import { SUFFIX_ID } from '../wire/spans.js';
import { VBI_MAX } from '../wire/vbi.js';
import { checkInt, describe, refuse } from '../wire/writer.js';
import { PROPERTIES, type PropertyContext, type PropertyDefinition } from './table.js';

/** Bit of each context, for allowed/repeatable masks. */
export const CTX: Readonly<Record<PropertyContext, number>> = {
  connect: 1 << 0,
  connack: 1 << 1,
  publish: 1 << 2,
  will: 1 << 3,
  puback: 1 << 4,
  pubrec: 1 << 5,
  pubrel: 1 << 6,
  pubcomp: 1 << 7,
  subscribe: 1 << 8,
  suback: 1 << 9,
  unsubscribe: 1 << 10,
  unsuback: 1 << 11,
  disconnect: 1 << 12,
  auth: 1 << 13,
};

const CTX_LABEL: Record<number, string> = {};
for (const [name, bit] of Object.entries(CTX)) CTX_LABEL[bit] = name === 'will' ? 'Will Properties' : name.toUpperCase();

const T_BYTE = 0;
const T_U16 = 1;
const T_U32 = 2;
const T_VBI = 3;
const T_UTF8 = 4;
const T_BINARY = 5;
const T_PAIR = 6;
const TYPE_CODE: Record<PropertyDefinition['type'], number> = {
  byte: T_BYTE,
  twoByteInteger: T_U16,
  fourByteInteger: T_U32,
  variableByteInteger: T_VBI,
  utf8String: T_UTF8,
  binaryData: T_BINARY,
  utf8StringPair: T_PAIR,
};
const TYPE_MAX = [0xff, 0xffff, 0xffffffff, VBI_MAX];

/** A table row compiled for the hot path. */
interface Compiled {
  def: PropertyDefinition;
  id: number;
  t: number;
  allowed: number;
  repeatable: number;
  /** Key of a single value. */
  key: string;
  /** Key of the array where it repeats. */
  listKey: string;
  /** The value rule as a number: 0 any, 1 at most 1 (boolean, Maximum QoS), 2 non-zero, 3 Topic Name. */
  rule: number;
  /** Bit in the "seen" masks: ids are below 64, split over two 32-bit words. */
  seenBit: number;
  seenHigh: boolean;
  /**
   * Index-free paths used when spans are not recorded: single value under `properties` and under
   * `will.properties`, then the same where the property repeats (a list).
   */
  paths: [string, string, string, string];
}

const RULE_CODE: Record<PropertyDefinition['valueRule'], number> = { any: 0, boolean: 1, maximumQoS: 1, nonZero: 2, topicName: 3 };
const R_AT_MOST_1 = 1;
const R_NON_ZERO = 2;
const R_TOPIC_NAME = 3;

const BY_ID: (Compiled | undefined)[] = new Array(64).fill(undefined);
/** Encode side: object key → row and the contexts where that key may be used. */
const BY_KEY = new Map<string, { c: Compiled; list: boolean; allowed: number }>();

for (const def of PROPERTIES) {
  let allowed = 0;
  for (const ctx of def.contexts) allowed |= CTX[ctx];
  let repeatable = 0;
  for (const ctx of def.repeatableIn) repeatable |= CTX[ctx];
  const c: Compiled = {
    def,
    id: def.id,
    t: TYPE_CODE[def.type],
    allowed,
    repeatable,
    key: def.key,
    listKey: def.listKey ?? def.key,
    rule: RULE_CODE[def.valueRule],
    seenBit: 1 << (def.id & 31),
    seenHigh: def.id >= 32,
    paths: ['', '', '', ''],
  };
  const list = `${c.listKey}[]`;
  c.paths = [`properties.${def.key}`, `will.properties.${def.key}`, `properties.${list}`, `will.properties.${list}`];
  BY_ID[def.id] = c;
  if (allowed & ~repeatable) BY_KEY.set(def.key, { c, list: false, allowed: allowed & ~repeatable });
  if (repeatable) BY_KEY.set(c.listKey, { c, list: true, allowed: repeatable });
}

/**
 * User Property's identifier. `readProperties` keeps its list and one other (the table has one
 * other repeatable property, Subscription Identifier: test/tables.test.ts holds it to that).
 */
const USER_PROPERTY = 0x26;

const PAIR_NAME = ['properties.userProperties[].name', 'will.properties.userProperties[].name'];
const PAIR_VALUE = ['properties.userProperties[].value', 'will.properties.userProperties[].value'];

/** Why a numeric value breaks the row's value rule, or null. */
function numericProblem(c: Compiled, value: number): string | null {
  if (c.rule === R_AT_MOST_1) return value > 1 ? `${c.def.name} must be 0 or 1, not ${value}` : null;
  if (c.rule === R_NON_ZERO) return value === 0 ? `${c.def.name} must not be 0` : null;
  return null;
}

function ruleOf(c: Compiled): RuleKey | null {
  return c.id === 0x23 ? 'topicAliasZero' : null;
}

/** True when a Topic Name contains a wildcard. */
function hasWildcard(s: string): boolean {
  return s.indexOf('+') >= 0 || s.indexOf('#') >= 0;
}

/**
 * Reads a Property Length and the properties after it, checking each against the table for
 * context `ctx` (a {@link CTX} bit). Returns undefined when there are none.
 */
export function readProperties(r: Reader, ctx: number): Properties | undefined {
  const at = r.pos;
  // The commonest block, an empty one (a Property Length of 0: one byte), is read here, in a
  // function small enough for V8 to inline into each packet's decoder. Unless field spans are
  // recorded: the block reader records them. A call to the block reader for it cost about 120
  // instructions a PUBLISH (cachegrind, 5 December 2026).
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent (`false`, `{}`); the block reader then reads the empty block, to the same result and position (speed only). (`true`, disabled with them, is killed by the tests.)
  if (at < r.end && r.buf[at] === 0 && r.log === null) {
    r.pos = at + 1;
    return undefined;
  }
  return readBlock(r, ctx);
}

/** {@link readProperties} of any block but an empty one read without spans. */
function readBlock(r: Reader, ctx: number): Properties | undefined {
  const lenAt = r.pos;
  const will = ctx === CTX.will;
  if (lenAt >= r.end) {
    // Relaxed, the block is read as empty.
    const err = malformed('Property Length is missing (it must be present, 0 when there are no properties)', 'propertyLengthZero', r.v, r.off(lenAt));
    if (severityOf(err.key, r.policy) === 'error') throw err; // nothing to read on with
    r.fault(err);
    return undefined;
  }
  // A one-byte Property Length is read in place unless spans are recorded (a longer one, and its
  // faults, go to the reader), as are the identifiers below.
  const buf = r.buf;
  let len = buf[lenAt];
  // Stryker disable next-line ConditionalExpression: equivalent (`false`); the reader then reads the one-byte length, the same value to the same position (speed only). (`true`, disabled with it, is killed by the tests.)
  if (len < 0x80 && r.log === null) r.pos = lenAt + 1;
  else len = r.vbi(will ? 'will.properties.length' : 'properties.length');
  if (len === 0) return undefined;
  const outerEnd = r.end;
  const blockEnd = r.pos + len;
  if (blockEnd > outerEnd) r.truncated('Property Length', lenAt, will ? 'will.properties.length' : 'properties.length');
  r.end = blockEnd;
  const props: Properties = {};
  let seenLow = 0;
  let seenHigh = 0;
  // The lists of the repeatable properties, once started: User Properties, and the one other
  // (Subscription Identifiers in PUBLISH). Kept here so a repeat needs no lookup by key.
  let users: UserProperty[] | undefined;
  let others: unknown[] | undefined;
  while (r.pos < blockEnd) {
    const idAt = r.pos;
    // Every identifier fits one byte: read it here unless field spans are recorded (a longer
    // Variable Byte Integer goes to the reader, which reports its faults).
    let id = buf[idAt];
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: equivalent; the reader's Variable Byte Integer gives the same identifier and position for one byte (speed only).
    if (id < 0x80 && r.log === null) r.pos = idAt + 1;
    else id = r.vbi(will ? 'will.properties.id' : 'properties.id');
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; BY_ID has 64 entries, and reading past them gives undefined all the same (the test keeps the read in bounds). (`false` and `>= 64`, disabled with them, are killed by the tests.)
    const c = id < 64 ? BY_ID[id] : undefined;
    if (c === undefined) {
      // Its length is unknown, so nothing after it can be read.
      throw malformed(`unknown property identifier 0x${id.toString(16)}`, 'unknownProperty', r.v, r.off(idAt));
    }
    const list = (c.repeatable & ctx) !== 0;
    const path = c.paths[(list ? 2 : 0) + (will ? 1 : 0)];
    if (r.log !== null) {
      // The identifier was logged as `properties.id`: it belongs to this property's path.
      const earlier = !list ? undefined : c.id === USER_PROPERTY ? users : others;
      r.index = !list ? -1 : earlier === undefined ? 0 : earlier.length;
      r.log.rename(path, r.index, SUFFIX_ID);
    }
    // A property where it is not allowed is left out, unless the policy relaxes the check.
    let allowed = (c.allowed & ctx) !== 0;
    if (!allowed) {
      allowed = !r.fault(malformed(`${c.def.name} (0x${id.toString(16).padStart(2, '0')}) is not allowed in ${CTX_LABEL[ctx]}`, 'propertyNotAllowed', r.v, r.off(idAt)));
    }
    const valueAt = r.pos;
    const value = readValue(r, c.t, path, will);
    if (!allowed) continue;
    if (c.rule !== 0) {
      if (c.rule === R_TOPIC_NAME) {
        if (r.wildcard) r.fault(protocolError(`${c.def.name} contains a wildcard`, 'responseTopicWildcard', r.v, r.off(valueAt)));
        else if ((value as string).length === 0) r.fault(protocolError(`${c.def.name} is empty`, 'topicNonEmpty', r.v, r.off(valueAt)));
      } else if (c.rule === R_AT_MOST_1 ? (value as number) > 1 : value === 0) {
        r.fault(codecError(0x82, numericProblem(c, value as number)!, 'propertyValue', r.v, r.off(valueAt), undefined, ruleOf(c)));
      }
    }
    if (list) {
      if (c.id === USER_PROPERTY) {
        if (users === undefined) props.userProperties = users = [value as UserProperty];
        else users.push(value as UserProperty);
      } else if (others === undefined) {
        (props as Record<string, unknown>)[c.listKey] = others = [value];
      } else {
        others.push(value);
      }
      continue;
    }
    const seen = c.seenHigh ? seenHigh & c.seenBit : seenLow & c.seenBit;
    if (seen !== 0) {
      r.fault(protocolError(`${c.def.name} appears more than once`, 'propertyDuplicate', r.v, r.off(idAt)));
      continue;
    }
    if (c.seenHigh) seenHigh |= c.seenBit;
    else seenLow |= c.seenBit;
    store(props, c, value);
  }
  r.end = outerEnd;
  r.index = -1;
  // Authentication Data (0x16) without Authentication Method (0x15); both ids are below 32.
  if ((seenLow & (1 << 0x16)) !== 0 && (seenLow & (1 << 0x15)) === 0) {
    r.fault(protocolError('Authentication Data without an Authentication Method', 'authDataWithoutMethod', r.v, r.off(lenAt)));
  }
  return props as Properties;
}

/**
 * Sets a single-valued property on the object being built. The message properties, carried by
 * most PUBLISH packets, are set by name: one store by computed key for every property goes
 * megamorphic, and measured about 12 ns slower per property than a store by name (a PUBLISH with
 * Content Type, Message Expiry Interval, Topic Alias and a User Property: 259 → 208 ns). The
 * names are the table's keys (the round-trip tests decode every property).
 */
function store(props: Properties, c: Compiled, value: unknown): void {
  switch (c.id) {
    case 0x01:
      props.payloadFormatIndicator = value as number;
      return;
    case 0x02:
      props.messageExpiryInterval = value as number;
      return;
    case 0x03:
      props.contentType = value as string;
      return;
    case 0x08:
      props.responseTopic = value as string;
      return;
    case 0x09:
      props.correlationData = value as Uint8Array;
      return;
    // Stryker disable next-line ConditionalExpression: equivalent; without its case Topic Alias falls to the store by key below, the same key (speed only).
    case 0x23:
      props.topicAlias = value as number;
      return;
    default:
      (props as Record<string, unknown>)[c.key] = value;
  }
}

/** Reads one property value of type `t` (a User Property as its [name, value] pair). */
function readValue(r: Reader, t: number, path: string, will: boolean): unknown {
  switch (t) {
    case T_BYTE:
      return r.u8(path);
    case T_U16:
      return r.u16(path);
    case T_U32:
      return r.u32(path);
    case T_VBI:
      return r.vbi(path);
    case T_UTF8:
      return r.utf8(path);
    case T_BINARY:
      return r.binary(path);
    default: {
      const name = r.utf8(PAIR_NAME[will ? 1 : 0]);
      return [name, r.utf8(PAIR_VALUE[will ? 1 : 0], r.propertyValues)];
    }
  }
}

/** True when no key of `props` holds a value. */
function isEmptyBag(props: object): boolean {
  for (const k in props) if ((props as Record<string, unknown>)[k] !== undefined) return false;
  return true;
}

/**
 * Validates `props` for context `ctx` and records the property block in `plan`: its Property
 * Length (5.0), then each property, in the order of the object's keys. Before 5.0 there is no
 * block: an empty or absent bag records nothing, any property is refused. Returns the size of the
 * properties (without the Property Length). Each property is read from `props` once.
 */
export function planProperties(props: Properties | undefined, ctx: number, plan: EncodePlan): number {
  plan.propertiesLow = plan.propertiesHigh = 0;
  // The commonest case, no bag, stays small enough to be inlined into every packet's encode.
  if (props !== undefined) return planPropertyBag(props, ctx, plan);
  if (plan.v === 5) plan.u8(0); // a Property Length of 0: one byte, the cheapest operation to replay
  return 0;
}

/** {@link planProperties} of a bag that is given. */
function planPropertyBag(props: Properties, ctx: number, plan: EncodePlan): number {
  const v = plan.v;
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw refuse(0x81, `properties must be an object, not ${describe(props)}`, 'invalidValue', v);
  }
  if (v !== 5) {
    if (isEmptyBag(props)) return 0;
    throw refuse(0x81, 'properties exist only in MQTT 5.0', 'v5Only', v);
  }
  const lengthAt = plan.reserveVbi();
  const before = plan.bytes;
  let low = 0;
  let high = 0;
  let authData = false;
  let authMethod = false;
  const bag = props as Record<string, unknown>;
  for (const key in bag) {
    const value = bag[key];
    if (value === undefined) continue;
    const entry = BY_KEY.get(key);
    if (entry === undefined) throw refuse(0x81, `unknown property "${key}"`, 'unknownProperty', v);
    const c = entry.c;
    // Stryker disable next-line EqualityOperator: equivalent (`<= 32`); no property has identifier 32. (The other forms, disabled with it, are killed by the tests.)
    if (c.id < 32) low |= 1 << c.id;
    else high |= 1 << (c.id & 31); // identifiers 32 to 63, in the high word
    if ((entry.allowed & ctx) === 0) {
      plan.breach(refuse(0x81, `${c.def.name} ("${key}") is not allowed in ${CTX_LABEL[ctx]}`, 'propertyNotAllowed', v));
    }
    if (entry.list) {
      if (!Array.isArray(value)) throw refuse(0x81, `${key} must be an array`, 'invalidValue', v);
      const n = value.length;
      for (let i = 0; i < n; i++) planValue(c, value[i], plan);
    } else {
      planValue(c, value, plan);
      if (c.id === 0x16) authData = true;
      else if (c.id === 0x15) authMethod = true;
    }
  }
  if (authData && !authMethod) plan.breach(refuse(0x82, 'Authentication Data without an Authentication Method', 'authDataWithoutMethod', v));
  plan.propertiesLow = low;
  plan.propertiesHigh = high;
  const size = plan.bytes - before;
  if (size > VBI_MAX) throw refuse(0x95, 'property block is larger than a packet can be', 'packetTooLarge', v);
  plan.setVbi(lengthAt, size);
  return size;
}

/** Validates one property value and records it, after its identifier. */
function planValue(c: Compiled, value: unknown, plan: EncodePlan): void {
  const v = plan.v;
  const name = c.def.name;
  const id = c.id;
  switch (c.t) {
    case T_UTF8: {
      const n = planString(plan, value, name, 'invalidValue', id);
      if (c.rule === R_TOPIC_NAME) {
        if (hasWildcard(value as string)) plan.breach(refuse(0x82, `${name} contains a wildcard`, 'responseTopicWildcard', v));
        else if (n === 0) plan.breach(refuse(0x82, `${name} is empty`, 'topicNonEmpty', v));
      }
      return;
    }
    case T_BINARY:
      return planBinary(plan, value, name, id);
    case T_PAIR: {
      if (!Array.isArray(value) || value.length !== 2) {
        throw refuse(0x81, `a User Property must be a [name, value] pair, not ${describe(value)}`, 'invalidValue', v);
      }
      planString(plan, value[0], 'User Property name', 'invalidValue', id);
      planString(plan, value[1], 'User Property value');
      return;
    }
    default: {
      const n = checkInt(value, 0, TYPE_MAX[c.t], name, v);
      const problem = numericProblem(c, n);
      if (problem !== null) plan.breach(refuse(0x82, problem, 'propertyValue', v, ruleOf(c)));
      if (c.t === T_BYTE) plan.u8(n, id);
      else if (c.t === T_U16) plan.u16(n, id);
      else if (c.t === T_U32) plan.u32(n, id);
      else plan.vbi(n, id);
    }
  }
}
