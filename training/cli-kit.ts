/**
 * Shared pieces of the `signs` command line: verb definition, argument parsing with
 * clear errors, a progress bar on stderr (so --json stdout stays clean), JSON output.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import cliProgress from 'cli-progress';

export interface Verb {
  name: string;
  /** One line for `signs --help`. */
  summary: string;
  /** Full usage text for `signs <verb> --help`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }): Promise<void>;
}

/** An error the user can fix: printed without a stack trace, exit code 1. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseVerbArgs(verb: Verb, argv: string[]) {
  try {
    return parseArgs({ args: argv, options: { ...verb.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${verb.usage}`);
  }
}

export interface Progress {
  tick(by?: number, status?: Record<string, string | number>): void;
  /** Moves to an absolute count, growing the total when it becomes known. */
  update(value: number, total: number): void;
  done(): void;
}

/** A progress bar on stderr; silent when stderr is not a terminal and `quiet` is set. */
export function progressBar(label: string, total: number, opts: { quiet?: boolean } = {}): Progress {
  if (opts.quiet) return { tick() {}, update() {}, done() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted} {status}`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { status: '' });
  return {
    tick(by = 1, status) {
      bar.increment(by, status ? { status: formatStatus(status) } : undefined);
    },
    update(value, newTotal) {
      bar.setTotal(newTotal);
      bar.update(value);
    },
    done() {
      bar.stop();
    },
  };
}

function formatStatus(status: Record<string, string | number>): string {
  return Object.entries(status)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toFixed(4)) : v}`)
    .join(' ');
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

export function requireString(values: Record<string, unknown>, name: string, usage: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`--${name} is required.\n\n${usage}`);
  return v;
}
