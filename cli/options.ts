/*
 * Flags, I/O and errors shared by every command of the `ack-fast-webhook` CLI.
 * Credentials and region come from the standard AWS environment (env vars, profile, SSO, role);
 * the CLI never reads, prints or logs them.
 */
import { parseArgs, ParseArgsConfig } from 'node:util';
import { AwsTransport, awsTransport, DEFAULT_REQUEST_TIMEOUT_SECONDS, MAX_ATTEMPTS, REGION_RULE } from './aws-transport';

/** Where a command writes; injectable so tests can run commands in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal: progress is then one line rewritten in place. */
  readonly isTTY?: boolean;
}

export const PROCESS_IO: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  get isTTY() {
    return process.stderr.isTTY === true;
  },
};

/** Exit codes: 0 success, 1 the operation failed or found nothing, 2 bad usage (or refused without --force), 130 Ctrl-C. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** Stopped by Ctrl-C (128 + SIGINT), after undoing what could be undone. */
export const EXIT_INTERRUPTED = 130;

/** Bad input: printed as one line, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An expected operational failure (e.g. no such record): printed as one line, exit 1. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Flags every command accepts. */
export const COMMON_OPTIONS: OptionSpec = {
  'help': { type: 'boolean', short: 'h' },
  'region': { type: 'string' },
  'endpoint-url': { type: 'string' },
  'timeout-seconds': { type: 'string' },
};

/** Breaks `text` into lines of at most `width` characters, at spaces. */
export function wrapWords(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line].join('\n');
}

/** How the CLI picks a region, in the words the top-level help and every command's help use. */
export const REGION_HELP = wrapWords(`Region: ${REGION_RULE}.`, 100);

export const TIMEOUT_OPTION_HELP = `  --timeout-seconds N   give up on an AWS request after N s per attempt, ${MAX_ATTEMPTS} attempts `
  + `(default ${DEFAULT_REQUEST_TIMEOUT_SECONDS})`;

export const CREDENTIALS_HELP = 'Credentials come from the standard AWS environment (AWS_PROFILE, env vars, SSO, instance role).';

export const COMMON_HELP = [
  'Common options:',
  '  --region R            AWS region (see Region below)',
  '  --endpoint-url URL    send every request to this endpoint (e.g. a local emulator); for separate',
  '                        DynamoDB and SQS emulators set AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_SQS',
  TIMEOUT_OPTION_HELP,
  '  -h, --help            show this help',
  '',
  REGION_HELP,
  CREDENTIALS_HELP,
].join('\n');

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** node:util parseArgs in strict mode, its errors turned into one-line usage errors. */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${command}: ${message}`);
  }
}

export function requireString(command: string, values: ParsedArgs['values'], name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UsageError(`${command}: missing required option --${name}`);
  }
  return value;
}

export function optionalString(values: ParsedArgs['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A positive number option (integer when asked), or the default when absent. */
export function positiveNumber(
  command: string, values: ParsedArgs['values'], name: string, fallback: number | undefined,
  integer = false,
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || value <= 0
    || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${command === '' ? '' : `${command}: `}--${name} must be a positive ${integer ? 'integer' : 'number'}, got '${String(raw)}'`);
  }
  return value;
}

/** What every SDK client of the CLI is built with. */
export interface CliClientConfig extends AwsTransport {
  readonly region?: string;
  readonly endpoint?: string;
}

/**
 * SDK client settings from --region, --endpoint-url and --timeout-seconds; credentials (and the
 * region when not given) from the AWS environment.
 */
export function clientConfig(values: ParsedArgs['values']): CliClientConfig {
  const timeoutSeconds = positiveNumber('', values, 'timeout-seconds', DEFAULT_REQUEST_TIMEOUT_SECONDS)!;
  const config: { region?: string; endpoint?: string } & AwsTransport = { ...awsTransport(timeoutSeconds) };
  const region = optionalString(values, 'region');
  const endpoint = optionalString(values, 'endpoint-url');
  if (region !== undefined) config.region = region;
  if (endpoint !== undefined) {
    try {
      new URL(endpoint);
    } catch {
      throw new UsageError(`--endpoint-url is not a URL: '${endpoint}'`);
    }
    config.endpoint = endpoint;
  }
  return config;
}

/** The first line of an error's message (errors from node:fs may come from another realm, so no instanceof). */
export function errorMessage(error: unknown): string {
  const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  return message.split('\n')[0];
}

/** Epoch milliseconds as ISO-8601, or undefined. */
export function isoFromMs(value: number | undefined): string | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return new Date(value).toISOString();
}
