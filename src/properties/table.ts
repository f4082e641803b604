/**
 * The MQTT 5.0 property table (section 2.2.2.2) as data: identifier, name, data type, the packets
 * (and Will Properties) that may carry it, where it may repeat, and the value rule it obeys.
 * The property codec is driven entirely by this table.
 *
 * @module
 */

/** The places a property block appears: each packet type with properties, and the Will Properties. */
export type PropertyContext =
  | 'connect'
  | 'connack'
  | 'publish'
  | 'will'
  | 'puback'
  | 'pubrec'
  | 'pubrel'
  | 'pubcomp'
  | 'subscribe'
  | 'suback'
  | 'unsubscribe'
  | 'unsuback'
  | 'disconnect'
  | 'auth';

/** The data types of 1.5 that properties use. */
export type PropertyDataType =
  | 'byte'
  | 'twoByteInteger'
  | 'fourByteInteger'
  | 'variableByteInteger'
  | 'utf8String'
  | 'binaryData'
  | 'utf8StringPair';

/**
 * The value rule a property obeys beyond its data type:
 * - `boolean`: 0 or 1 (Protocol Error otherwise);
 * - `nonZero`: 0 is a Protocol Error;
 * - `maximumQoS`: 0 or 1 (absent means 2);
 * - `topicName`: a Topic Name, no wildcards [MQTT-3.3.2-14];
 * - `any`: every value of the type.
 */
export type PropertyValueRule = 'any' | 'boolean' | 'nonZero' | 'maximumQoS' | 'topicName';

/** One row of the property table. */
export interface PropertyDefinition {
  /** Identifier, as written on the wire (a Variable Byte Integer; all fit one byte). */
  readonly id: number;
  /** The specification's name. */
  readonly name: string;
  /** The key in a {@link Properties} object. */
  readonly key: string;
  readonly type: PropertyDataType;
  /** Packets (and `will`) that may carry it. */
  readonly contexts: readonly PropertyContext[];
  /** Contexts where it may appear more than once (then its key holds an array: `listKey`). */
  readonly repeatableIn: readonly PropertyContext[];
  /** The key holding all values where it repeats (User Property, PUBLISH Subscription Identifier). */
  readonly listKey?: string;
  readonly valueRule: PropertyValueRule;
}

const ALL: readonly PropertyContext[] = [
  'connect', 'connack', 'publish', 'will', 'puback', 'pubrec', 'pubrel', 'pubcomp',
  'subscribe', 'suback', 'unsubscribe', 'unsuback', 'disconnect', 'auth',
];
const MESSAGE: readonly PropertyContext[] = ['publish', 'will'];
const REASON_STRING: readonly PropertyContext[] = [
  'connack', 'puback', 'pubrec', 'pubrel', 'pubcomp', 'suback', 'unsuback', 'disconnect', 'auth',
];
const NONE: readonly PropertyContext[] = [];

function row(
  id: number,
  name: string,
  type: PropertyDataType,
  contexts: readonly PropertyContext[],
  valueRule: PropertyValueRule = 'any',
  repeatableIn: readonly PropertyContext[] = NONE,
  listKey?: string,
): PropertyDefinition {
  // The key is the name in camel case: 'Maximum QoS' → 'maximumQoS'.
  const key = name[0].toLowerCase() + name.slice(1).replace(/ /g, '');
  const def: PropertyDefinition = { id, name, key, type, contexts, repeatableIn, valueRule };
  return listKey === undefined ? def : { ...def, listKey };
}

/** Every MQTT 5.0 property, in identifier order. */
export const PROPERTIES: readonly PropertyDefinition[] = [
  row(0x01, 'Payload Format Indicator', 'byte', MESSAGE, 'boolean'),
  row(0x02, 'Message Expiry Interval', 'fourByteInteger', MESSAGE),
  row(0x03, 'Content Type', 'utf8String', MESSAGE),
  row(0x08, 'Response Topic', 'utf8String', MESSAGE, 'topicName'),
  row(0x09, 'Correlation Data', 'binaryData', MESSAGE),
  row(0x0b, 'Subscription Identifier', 'variableByteInteger', ['publish', 'subscribe'],
    'nonZero', ['publish'], 'subscriptionIdentifiers'),
  row(0x11, 'Session Expiry Interval', 'fourByteInteger', ['connect', 'connack', 'disconnect']),
  row(0x12, 'Assigned Client Identifier', 'utf8String', ['connack']),
  row(0x13, 'Server Keep Alive', 'twoByteInteger', ['connack']),
  row(0x15, 'Authentication Method', 'utf8String', ['connect', 'connack', 'auth']),
  row(0x16, 'Authentication Data', 'binaryData', ['connect', 'connack', 'auth']),
  row(0x17, 'Request Problem Information', 'byte', ['connect'], 'boolean'),
  row(0x18, 'Will Delay Interval', 'fourByteInteger', ['will']),
  row(0x19, 'Request Response Information', 'byte', ['connect'], 'boolean'),
  row(0x1a, 'Response Information', 'utf8String', ['connack']),
  row(0x1c, 'Server Reference', 'utf8String', ['connack', 'disconnect']),
  row(0x1f, 'Reason String', 'utf8String', REASON_STRING),
  row(0x21, 'Receive Maximum', 'twoByteInteger', ['connect', 'connack'], 'nonZero'),
  row(0x22, 'Topic Alias Maximum', 'twoByteInteger', ['connect', 'connack']),
  row(0x23, 'Topic Alias', 'twoByteInteger', ['publish'], 'nonZero'),
  row(0x24, 'Maximum QoS', 'byte', ['connack'], 'maximumQoS'),
  row(0x25, 'Retain Available', 'byte', ['connack'], 'boolean'),
  row(0x26, 'User Property', 'utf8StringPair', ALL, 'any', ALL, 'userProperties'),
  row(0x27, 'Maximum Packet Size', 'fourByteInteger', ['connect', 'connack'], 'nonZero'),
  row(0x28, 'Wildcard Subscription Available', 'byte', ['connack'], 'boolean'),
  row(0x29, 'Subscription Identifiers Available', 'byte', ['connack'], 'boolean'),
  row(0x2a, 'Shared Subscription Available', 'byte', ['connack'], 'boolean'),
];

/** Looks up a property by identifier. */
export function propertyById(id: number): PropertyDefinition | undefined {
  return PROPERTIES.find((p) => p.id === id);
}
