/**
 * mqtt-codec: a strict, fast, dependency-free codec for the MQTT 3.1, 3.1.1 and 5.0 wire
 * protocol. Uint8Array in, plain packet objects out, and back.
 *
 * @packageDocumentation
 */
export { decode } from './decode.js';
export { Decoder, type DecoderOptions } from './decoder.js';
export { encode, encodedLength, encodeInto, encodeVectored } from './encode.js';
export { FRAME_INCOMPLETE, FRAME_MALFORMED, frameLength, frameRemainingLength, peekHeader, MAX_PACKET_SIZE, type FixedHeader } from './header.js';
export {
  MqttCodecError,
  ReasonCode,
  ConnectReturnCode,
  RULES,
  FRAMING_FAULTS,
  type FaultKey,
  type MqttCodecErrorInit,
  type RuleKey,
  type SpecVersion,
} from './errors.js';
export {
  CHECKS,
  severityOf,
  type CheckDefinition,
  type CheckName,
  type CheckOptions,
  type CheckSettings,
  type CheckWarning,
  type Preset,
  type Severity,
} from './checks.js';
export {
  PROPERTIES,
  propertyById,
  type PropertyContext,
  type PropertyDataType,
  type PropertyDefinition,
  type PropertyValueRule,
} from './properties/table.js';
export {
  AUTH_REASON_CODES,
  CONNACK_REASON_CODES,
  CONNACK_RETURN_CODES_V3,
  DISCONNECT_REASON_CODES,
  PUBACK_REASON_CODES,
  PUBCOMP_REASON_CODES,
  PUBREC_REASON_CODES,
  PUBREL_REASON_CODES,
  REASON_CODES,
  SUBACK_REASON_CODES,
  SUBACK_RETURN_CODES_V3,
  UNSUBACK_REASON_CODES,
  reasonCodeName,
  type ReasonCodeTable,
} from './reason-codes.js';
export { PACKET_TYPES, type PacketTypeInfo } from './packets/registry.js';
export {
  VARIABLE_BYTE_INTEGER_MAX,
  decodeBinaryData,
  decodeFourByteInteger,
  decodeStringPair,
  decodeTwoByteInteger,
  decodeUtf8String,
  decodeVariableByteInteger,
  discouragedCodePoints,
  encodeBinaryData,
  encodeFourByteInteger,
  encodeStringPair,
  encodeTwoByteInteger,
  encodeUtf8String,
  encodeVariableByteInteger,
  variableByteIntegerLength,
  type Decoded,
  type StringDecodeOptions,
} from './primitives.js';
export {
  isSharedSubscription,
  parseSharedSubscription,
  topicMatches,
  validateTopicFilter,
  validateTopicName,
  type SharedSubscription,
} from './topic.js';
export type * from './types.js';
export { bytesToHex, formatPacket, toJSONValue } from './format.js';
export { fitToMaximumPacketSize } from './fit.js';
export { inspect, type Field, type InspectResult } from './inspect.js';
