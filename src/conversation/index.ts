/**
 * mqtt-codec/conversation: a checker that follows one MQTT connection in both directions and
 * reports the rules that need state — what CONNECT and CONNACK announced, the packet identifiers
 * in flight, Topic Aliases, the authentication exchange, DISCONNECT, Keep Alive.
 *
 * @packageDocumentation
 */
export { Conversation } from './conversation.js';
export { ConversationDiagnostic, type ConversationDiagnosticInit } from './diagnostic.js';
export { CONVERSATION_RULES, type ConversationCheck, type ConversationRule } from './rules.js';
export type { ConversationOptions, ConversationRecord } from './types.js';
export { parseConversationText, formatConversationText, type ConversationChunk } from './text.js';
