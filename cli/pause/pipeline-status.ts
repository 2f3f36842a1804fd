/*
 * `ack-fast-webhook status` without an event id: is the pipeline processing (its event source
 * mapping's state), how big is its backlog, and are the backlog alarms' actions on.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { formatBacklog, QueueBacklog, readBacklog } from './backlog';
import { alarmActionsOf, alarmNamesOf, readMappingState } from './processing-switch';
import { CliIo, EXIT_OK, ParsedArgs } from '../options';
import { ALARM_NAMES, MAPPING_ID, PipelineResources, QUEUE_URL } from '../pipeline-resources';

export const PIPELINE_STATUS_HELP = [
  'Without <eventId>: the pipeline\'s processing state, paused (the worker\'s event source mapping',
  'Disabled, see `pause`) or active, its queue backlog (ApproximateNumberOfMessages, ...NotVisible,',
  '...Delayed) and whether the backlog alarms\' actions are on. Needs --mapping-id and --queue-url',
  '(or --outputs FILE); --alarm-names optional.',
].join('\n');

export interface PipelineStatus {
  readonly processing: string;
  readonly mappingState: string;
  readonly backlog: QueueBacklog;
  readonly alarmActions: Record<string, boolean>;
}

export async function runPipelineStatus(values: ParsedArgs['values'], io: CliIo): Promise<number> {
  const resources = new PipelineResources('status', values);
  const mappingId = resources.require(MAPPING_ID);
  const queueUrl = resources.require(QUEUE_URL);
  const alarmNames = alarmNamesOf(resources.optional(ALARM_NAMES));
  const config = resources.clientConfig();
  const lambda = new LambdaClient(config);
  const sqs = new SQSClient(config);
  const cloudwatch = new CloudWatchClient(config);
  try {
    const [mapping, backlog, actions] = await Promise.all([
      readMappingState(lambda, mappingId), readBacklog(sqs, queueUrl), alarmActionsOf(cloudwatch, alarmNames),
    ]);
    const status: PipelineStatus = {
      processing: mapping.processing, mappingState: mapping.mappingState, backlog, alarmActions: Object.fromEntries(actions),
    };
    if (values.json) {
      io.stdout(`${JSON.stringify(status, null, 2)}\n`);
      return EXIT_OK;
    }
    const alarms = [...actions].map(([name, on]) => `${name} ${on ? 'on' : 'OFF'}`).join(', ');
    io.stdout([
      `processing:          ${mapping.processing}${mapping.processing === 'paused' ? ' (ingress still ACKs and queues; `resume` restarts)' : ''}`,
      `event source:        ${mappingId} ${mapping.mappingState}`,
      `backlog:             ${formatBacklog(backlog)}`,
      ...(alarmNames.length > 0 ? [`backlog alarm actions: ${alarms}`] : []),
    ].join('\n') + '\n');
    return EXIT_OK;
  } finally {
    lambda.destroy();
    sqs.destroy();
    cloudwatch.destroy();
  }
}
