// Types of scripts/sessions-to-conversations.mjs, for test/conversation-cli.test.ts.

/** Splits a raw one-direction stream into packets by fixed header. */
export function splitPackets(bytes: Uint8Array): Uint8Array[];
/** The capture order of a session, from its .tshark.txt. */
export function captureOrder(text: string): { dir: 'c' | 's'; frame: number; type: string }[];
/** The interleaved text of session `name`. */
export function conversationText(name: string): string;
/** The names of the recorded sessions (those with a .tshark.txt). */
export function sessionNames(): string[];
