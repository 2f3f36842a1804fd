#!/usr/bin/env node
/*
 * `npx ack-fast-webhook <command>`: on-call recovery for an ack-fast webhook pipeline.
 * Thin entry: picks the command, runs it, maps errors to one line and an exit code.
 */
import { DEFAULT_REQUEST_TIMEOUT_SECONDS, environmentFailure, MAX_ATTEMPTS } from './aws-transport';
import { runCapacity } from './commands/capacity';
import { runPause, runResume } from './commands/pause';
import { runRedrive } from './commands/redrive';
import { runReplay } from './commands/replay';
import { runStatus } from './commands/status';
import {
  CliIo, CommandError, CREDENTIALS_HELP, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, PROCESS_IO, REGION_HELP, UsageError,
} from './options';

export const USAGE = [
  'Usage: ack-fast-webhook <command> [options]',
  '',
  'Commands:',
  '  status <eventId>                    show an event\'s idempotency record',
  '  status                              processing paused/active, queue backlog, backlog alarm actions',
  '  pause | resume                      stop / restart processing (the worker\'s event source mapping);',
  '                                      the ingress keeps ACKing and queueing; backlog alarms silenced',
  '  redrive                             move messages from the DLQ back to the queue (SQS move task or loop)',
  '  replay <eventId...> --force         let COMPLETED events run again on their next delivery,',
  '                                      or now with --message-file (the webhook body)',
  '  capacity --heatmap FILE | --sample  peak/p99 rates, concurrency, backlog and monthly cost (offline)',
  '',
  'Every command finds the table and queues in `cdk deploy --outputs-file` output (--outputs FILE,',
  '[--stack NAME] [--pipeline ID]) or takes them as options (--table, --queue-url, --dlq-url).',
  'Run `ack-fast-webhook <command> --help` for a command\'s options.',
  REGION_HELP,
  CREDENTIALS_HELP,
  `Every AWS request gives up after --timeout-seconds (default ${DEFAULT_REQUEST_TIMEOUT_SECONDS}) per attempt, ${MAX_ATTEMPTS} attempts;`,
  '--endpoint-url targets an emulator. capacity makes no AWS call.',
  'Exit codes: 0 success, 1 failure or nothing found, 2 bad usage, 130 interrupted (Ctrl-C).',
].join('\n');

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  status: runStatus,
  redrive: runRedrive,
  replay: runReplay,
  pause: runPause,
  resume: runResume,
  capacity: runCapacity,
};

export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(`${USAGE}\n`);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const run = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    io.stderr(`ack-fast-webhook: unknown command '${command}' (expected one of ${Object.keys(COMMANDS).join(', ')}; see --help)\n`);
    return EXIT_USAGE;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`ack-fast-webhook: ${error.message} (see ${command} --help)\n`);
      return EXIT_USAGE;
    }
    if (error instanceof CommandError) {
      io.stderr(`ack-fast-webhook: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    const environment = environmentFailure(error);
    if (environment !== undefined) {
      io.stderr(`ack-fast-webhook: ${command}: ${environment}\n`);
      return EXIT_FAILURE;
    }
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`ack-fast-webhook: ${command} failed: ${name}: ${message.split('\n')[0]}\n`);
    return EXIT_FAILURE;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error) => {
      process.stderr.write(`ack-fast-webhook: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}
