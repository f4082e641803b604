/**
 * The diagnostic of a stateful check: an {@link MqttCodecError} (so `instanceof MqttCodecError`,
 * `reasonCode`, `rule`, `specVersion` and `offset` work as for decode errors) that also says
 * which check found it, which side broke the rule, and which packet showed it.
 *
 * @module
 */
import { MqttCodecError, reasonCodeName, type Sender, type SpecVersion } from '../index.js';
import { CONVERSATION_RULES, type ConversationCheck } from './rules.js';

/** The name of a reason code, from whichever 5.0 table has it. */
function codeName(code: number): string {
  for (const type of ['disconnect', 'puback', 'pubrel', 'connack']) {
    const name = reasonCodeName(type, code);
    if (name !== undefined) return name;
  }
  return `Reason 0x${code.toString(16)}`;
}

/** What a {@link ConversationDiagnostic} is built from. */
export interface ConversationDiagnosticInit {
  /** The check that found it (`'malformed'` for bytes that do not decode). */
  check: ConversationCheck;
  /** The side whose packet breaks the rule. */
  side: Sender;
  /** Index (in the conversation, from 0) of the packet that showed the fault. */
  packetIndex: number;
  /** Byte offset of the fault in the offending side's stream. */
  offset: number;
  /** Reason code; defaults to the rule's. */
  reasonCode?: number;
  /** Rule id and its specification; default: the rule's id for the connection's version. */
  rule?: string;
  specVersion?: SpecVersion;
}

/**
 * One stateful fault found in a conversation. `message` reads like
 * `client packet #4 at offset 57: Receive Maximum exceeded: … [MQTT-3.3.4-7 (5.0)]`.
 */
export class ConversationDiagnostic extends MqttCodecError {
  /** The check that found it: a key of {@link CONVERSATION_RULES}. */
  readonly check: ConversationCheck;
  /** The side whose packet breaks the rule. */
  readonly side: Sender;
  /** Index of the packet that showed the fault (for `end()` diagnostics: the unanswered one). */
  readonly packetIndex: number;

  constructor(detail: string, init: ConversationDiagnosticInit) {
    const reasonCode = init.reasonCode ?? CONVERSATION_RULES[init.check].reasonCode;
    super(reasonCode, detail, { rule: init.rule, specVersion: init.rule === undefined ? undefined : init.specVersion, offset: init.offset, key: init.check });
    this.name = 'ConversationDiagnostic';
    this.check = init.check;
    this.side = init.side;
    this.packetIndex = init.packetIndex;
    const rule = this.rule === undefined ? '' : ` [${this.rule}${this.specVersion ? ` (${this.specVersion})` : ''}]`;
    this.message = `${init.side} packet #${init.packetIndex} at offset ${init.offset}: ${codeName(reasonCode)}: ${detail}${rule}`;
  }

  /** A plain, JSON-ready copy. */
  toJSON(): Record<string, unknown> {
    return {
      check: this.check,
      side: this.side,
      packetIndex: this.packetIndex,
      offset: this.offset,
      reasonCode: this.reasonCode,
      rule: this.rule,
      specVersion: this.specVersion,
      message: this.detail,
    };
  }
}
