/**
 * The `mqtt-codec` command: decode a hex packet, a raw byte stream (one TCP direction), a packet
 * capture (every MQTT connection, both directions) or an interleaved conversation, and print each
 * packet readably, as JSON lines, or as an annotated hex dump. Invalid input: every diagnostic
 * with its rule id and offset, exit status 1 (the packets before it are printed).
 *
 * The command table below is the one place that lists the commands and their help. This
 * directory is Node-only (files, stdin, process); the codec in src/ is not.
 */
import { UsageError } from './args.js';
import { CONVERSATION_HELP, runConversation } from './conversation.js';
import { PCAP_HELP, runPcap } from './pcap/command.js';
import { runDecode, runStream, STREAM_HELP } from './stream.js';

/** One command: its synopsis (after `mqtt-codec`), what it does, its help, and how it runs. */
interface Command {
  synopsis: string;
  summary: string;
  help: string;
  /** Runs on the arguments after the command name; returns (or resolves to) the exit status. */
  run(argv: string[]): number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  decode: { synopsis: 'decode <hex> [options]', summary: 'decode one packet given in hex', help: STREAM_HELP, run: runDecode },
  stream: { synopsis: 'stream <file|-> [options]', summary: 'decode every packet of a raw byte stream (one direction)', help: STREAM_HELP, run: runStream },
  pcap: { synopsis: 'pcap <file|-> [options]', summary: 'decode every MQTT connection of a .pcap/.pcapng capture, live', help: PCAP_HELP, run: runPcap },
  conversation: { synopsis: 'conversation <file|-> [options]', summary: 'check one connection, both directions interleaved', help: CONVERSATION_HELP, run: runConversation },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  mqtt-codec ${c.synopsis.padEnd(34)} ${c.summary}`);
  return `usage:\n${lines.join('\n')}\n\n\`mqtt-codec COMMAND --help\` shows a command's options.\nexit status: 0 all valid, 1 invalid input or faults found (printed), 2 usage error`;
}

function commandHelp(name: string, c: Command): string {
  return `usage: mqtt-codec ${c.synopsis}\n${c.summary}\n\n${c.help}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '-h' || name === '--help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`${name === undefined ? '' : `mqtt-codec: unknown command ${name}\n`}${usage()}\n`);
    return 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(`${commandHelp(name, command)}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`mqtt-codec ${name}: ${e.message}\n${commandHelp(name, command)}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    process.stderr.write(`mqtt-codec: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
