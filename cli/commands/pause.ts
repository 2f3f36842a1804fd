/*
 * `ack-fast-webhook pause` / `resume`: stop and restart processing (the worker's SQS event source
 * mapping) while the ingress keeps ACKing and queueing; the backlog alarms' actions go off and on
 * with it, so a deliberate pause pages nobody.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  CliIo, COMMON_HELP, CommandError, EXIT_FAILURE, EXIT_OK, optionalString, OptionSpec, parseCommandArgs, positiveNumber, UsageError,
} from '../options';
import { formatBacklog, readBacklog } from '../pause/backlog';
import { alarmNamesOf, setAlarmActions, switchMapping } from '../pause/processing-switch';
import { ALARM_NAMES, MAPPING_ID, PipelineResources, QUEUE_URL, STACK_OUTPUT_HELP, STACK_OUTPUT_OPTIONS } from '../pipeline-resources';

export const PAUSE_OPTIONS: OptionSpec = {
  'mapping-id': { type: 'string' },
  'alarm-names': { type: 'string' },
  'queue-url': { type: 'string' },
};

const PAUSE_OPTION_HELP = [
  '  --mapping-id UUID     the worker\'s SQS event source mapping (or WorkerEventSourceMappingId from --outputs)',
  '  --alarm-names A,B     the backlog alarms (or BacklogAlarmNames from --outputs: OldestMessageAge, EventAge)',
  '  --queue-url URL       the pipeline\'s queue, to print its backlog (or QueueUrl from --outputs)',
].join('\n');

export const PAUSE_HELP = [
  'Usage: ack-fast-webhook pause (--outputs FILE | --mapping-id UUID [--alarm-names A,B]) [--keep-alarm-actions] [--wait-seconds N]',
  '',
  'Stops processing: disables the worker\'s SQS event source mapping (UpdateEventSourceMapping',
  'Enabled=false). The ingress keeps answering 200 and queueing; the queue keeps every message',
  '(up to its retention period) and no message counts a receive while paused. A batch already',
  'running finishes. Then disables the ACTIONS of the backlog alarms (OldestMessageAge, EventAge):',
  'they still change state, so the dashboard shows the growing backlog, but notify nobody until',
  '`resume`. --keep-alarm-actions leaves them on. Waits until the mapping is Disabled (--wait-seconds,',
  'default 120; 0: do not wait). Needs lambda:UpdateEventSourceMapping, lambda:GetEventSourceMapping,',
  'cloudwatch:DescribeAlarms and cloudwatch:DisableAlarmActions.',
  '',
  'Options:',
  PAUSE_OPTION_HELP,
  '  --keep-alarm-actions  do not touch the alarms',
  '  --wait-seconds N      how long to wait for Disabled (default 120)',
  STACK_OUTPUT_HELP,
  COMMON_HELP,
].join('\n');

export const RESUME_HELP = [
  'Usage: ack-fast-webhook resume (--outputs FILE | --mapping-id UUID [--alarm-names A,B]) [--keep-alarm-actions] [--wait-seconds N]',
  '',
  'Restarts processing: enables the worker\'s event source mapping (Enabled=true), waits until it is',
  'Enabled, then enables the backlog alarms\' actions again. The backlog drains at the worker\'s',
  'concurrency; while it does, OldestMessageAge and EventAge report the real wait and may go to ALARM',
  'and notify (that is the truth about those events). Needs lambda:UpdateEventSourceMapping,',
  'lambda:GetEventSourceMapping, cloudwatch:DescribeAlarms and cloudwatch:EnableAlarmActions.',
  '',
  'Options:',
  PAUSE_OPTION_HELP,
  '  --keep-alarm-actions  do not touch the alarms',
  '  --wait-seconds N      how long to wait for Enabled (default 120)',
  STACK_OUTPUT_HELP,
  COMMON_HELP,
].join('\n');

const DEFAULT_WAIT_SECONDS = 120;
const POLL_MS = 1_000;

async function switchProcessing(command: 'pause' | 'resume', argv: string[], io: CliIo): Promise<number> {
  const enabled = command === 'resume';
  const { values, positionals } = parseCommandArgs(command, argv, {
    ...PAUSE_OPTIONS, 'keep-alarm-actions': { type: 'boolean' }, 'wait-seconds': { type: 'string' }, ...STACK_OUTPUT_OPTIONS,
  });
  if (values.help) {
    io.stdout(`${enabled ? RESUME_HELP : PAUSE_HELP}\n`);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`${command}: takes no arguments, got '${positionals[0]}'`);
  const waitSeconds = values['wait-seconds'] === '0' ? 0 : positiveNumber(command, values, 'wait-seconds', DEFAULT_WAIT_SECONDS)!;
  const resources = new PipelineResources(command, values);
  const mappingId = resources.require(MAPPING_ID);
  const keepAlarms = values['keep-alarm-actions'] === true;
  const alarmNames = keepAlarms ? [] : alarmNamesOf(resources.optional(ALARM_NAMES));
  const queueUrl = resources.optional(QUEUE_URL);
  if (!keepAlarms && alarmNames.length === 0 && optionalString(values, 'outputs') === undefined) {
    throw new UsageError(`${command}: give --alarm-names (the BacklogAlarmNames output), --outputs FILE, or --keep-alarm-actions`);
  }
  const config = resources.clientConfig();
  const lambda = new LambdaClient(config);
  const cloudwatch = new CloudWatchClient(config);
  const sqs = new SQSClient(config);
  try {
    // Pause: the mapping first (processing stops), then the alarms; resume: the reverse order of effects.
    const state = await switchMapping(lambda, { mappingId, enabled, waitMs: waitSeconds * 1000, pollMs: POLL_MS });
    const target = enabled ? 'Enabled' : 'Disabled';
    io.stdout(`${command}: event source mapping ${mappingId} is ${state}${state === target ? '' : ` (not yet ${target}; check with \`status\`)`}\n`);
    try {
      await setAlarmActions(cloudwatch, alarmNames, enabled);
    } catch (error) {
      throw new CommandError(`${command}: the mapping is ${state}, but the alarms' actions were not ${enabled ? 'enabled' : 'disabled'}: `
        + `${error instanceof Error ? error.message : String(error)}; run ${command} again`);
    }
    if (alarmNames.length > 0) io.stdout(`${command}: alarm actions ${enabled ? 'enabled' : 'disabled'}: ${alarmNames.join(', ')}\n`);
    else if (keepAlarms) io.stdout(`${command}: alarm actions left as they were (--keep-alarm-actions)\n`);
    else io.stdout(`${command}: the pipeline has no backlog alarms (alarmsEnabled false)\n`);
    if (queueUrl !== undefined) {
      const backlog = formatBacklog(await readBacklog(sqs, queueUrl));
      io.stdout(enabled ? `${command}: backlog ${backlog}: it drains at the worker's concurrency\n`
        : `${command}: backlog ${backlog}; the ingress keeps queueing. Resume with \`ack-fast-webhook resume\`\n`);
    }
    return state === target || waitSeconds === 0 ? EXIT_OK : EXIT_FAILURE;
  } finally {
    lambda.destroy();
    cloudwatch.destroy();
    sqs.destroy();
  }
}

export const runPause = (argv: string[], io: CliIo) => switchProcessing('pause', argv, io);
export const runResume = (argv: string[], io: CliIo) => switchProcessing('resume', argv, io);
