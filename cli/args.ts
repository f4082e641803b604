/**
 * Option parsing shared by the commands: each command names the options it takes; a value that
 * is not allowed, an unknown option or a missing argument is a usage error (exit status 2).
 *
 * @module
 */
import { CHECKS, type CheckSettings, type Preset, type ProtocolVersion, type Sender } from '../src/index.js';

/** A usage error: the message is printed with the command's help, and the exit status is 2. */
export class UsageError extends Error {}

/** Every option any command takes (a command allows a subset). */
export interface Options {
  protocolVersion?: ProtocolVersion;
  from?: Sender;
  json: boolean;
  trace: boolean;
  /** `--port`, repeatable: the server ports to read. */
  ports: number[];
  connection?: number;
  bufferLimit?: number;
  maxConnections?: number;
  faultsOnly: boolean;
  help: boolean;
  /** `--preset`: the strictness preset. */
  preset?: Preset;
  /** `--check NAME=error|warn|off`, repeatable: single checks over the preset. */
  checks?: CheckSettings;
}

/** Option names as typed, with their short forms. */
export type OptionName =
  | '--protocol-version'
  | '--from'
  | '--json'
  | '--trace'
  | '--port'
  | '--connection'
  | '--buffer-limit'
  | '--max-connections'
  | '--faults-only'
  | '--preset'
  | '--check';

function positiveInteger(text: string | undefined, name: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${name} must be a whole number from 1 to ${max}`);
  return n;
}

/** `NAME=error|warn|off` → one check setting. */
function parseCheck(text: string | undefined): CheckSettings {
  const m = /^(\w+)=(error|warn|off)$/.exec(text ?? '');
  if (m === null) throw new UsageError('--check takes NAME=error|warn|off');
  if (!(m[1] in CHECKS)) throw new UsageError(`--check: no check is named ${m[1]} (see README, Strictness)`);
  return { [m[1]]: m[2] } as CheckSettings;
}

/** Parses `argv` (after the command name) allowing `allowed` options; returns them and the positional arguments. */
export function parseOptions(argv: string[], allowed: readonly OptionName[]): { opts: Options; rest: string[] } {
  const opts: Options = { json: false, trace: false, ports: [], faultsOnly: false, help: false };
  const rest: string[] = [];
  const ok = (name: OptionName, a: string) => {
    if (!allowed.includes(name)) throw new UsageError(`this command takes no ${a} option`);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') opts.help = true;
    else if (a === '--json') (ok('--json', a), (opts.json = true));
    else if (a === '--trace') (ok('--trace', a), (opts.trace = true));
    else if (a === '--faults-only') (ok('--faults-only', a), (opts.faultsOnly = true));
    else if (a === '--protocol-version' || a === '-V') {
      ok('--protocol-version', a);
      const v = Number(argv[++i]);
      if (v !== 3 && v !== 4 && v !== 5) throw new UsageError('--protocol-version must be 3, 4 or 5');
      opts.protocolVersion = v;
    } else if (a === '--from') {
      ok('--from', a);
      const f = argv[++i];
      if (f !== 'client' && f !== 'server') throw new UsageError('--from must be client or server');
      opts.from = f;
    } else if (a === '--port') {
      ok('--port', a);
      const p = positiveInteger(argv[++i], '--port', 65535);
      if (!opts.ports.includes(p)) opts.ports.push(p);
    } else if (a === '--connection') (ok('--connection', a), (opts.connection = positiveInteger(argv[++i], '--connection')));
    else if (a === '--buffer-limit') (ok('--buffer-limit', a), (opts.bufferLimit = positiveInteger(argv[++i], '--buffer-limit')));
    else if (a === '--max-connections') (ok('--max-connections', a), (opts.maxConnections = positiveInteger(argv[++i], '--max-connections')));
    else if (a === '--preset') {
      ok('--preset', a);
      const p = argv[++i];
      if (p !== 'strict' && p !== 'mqtt-packet') throw new UsageError('--preset must be strict or mqtt-packet');
      opts.preset = p;
    } else if (a === '--check') {
      ok('--check', a);
      opts.checks = { ...opts.checks, ...parseCheck(argv[++i]) };
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else rest.push(a);
  }
  return { opts, rest };
}
