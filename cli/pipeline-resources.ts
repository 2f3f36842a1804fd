/*
 * Which table and queues a command acts on: explicit options first, then the pipeline's stack
 * outputs from `--outputs FILE` (`cdk deploy --outputs-file FILE`).
 *
 * The SQS client signs its requests for the host in the queue URL, so a queue URL read from a
 * file is checked to be an SQS endpoint (of --region and --account when given, and queue and DLQ
 * in one account and region) before any request: a tampered file must not send signed requests
 * or dead-lettered bodies to a host, or a queue, the operator never chose.
 */
import { readFileSync } from 'node:fs';
import { CliClientConfig, clientConfig, errorMessage, optionalString, OptionSpec, ParsedArgs, UsageError } from './options';
import type { EventRecordTable } from './replay/replay-record';
import { PipelineOutputs, parseOutputsFile, selectPipeline } from './stack-outputs';
import { EVENT_KEY_PREFIX, STACK_OUTPUT_IDS } from '../src/contract';

export const STACK_OUTPUT_OPTIONS: OptionSpec = {
  'outputs': { type: 'string' },
  'stack': { type: 'string' },
  'pipeline': { type: 'string' },
  'account': { type: 'string' },
  'allow-non-sqs-endpoint': { type: 'boolean' },
};

/** The state table and the pipeline's key prefix, for commands that read idempotency records. */
export const TABLE_OPTIONS: OptionSpec = {
  'table': { type: 'string' },
  'key-prefix': { type: 'string' },
};

export const TABLE_HELP = [
  '  --table NAME          the pipeline\'s state table (or StateTableName from --outputs)',
  '  --key-prefix PREFIX   the pipeline\'s idempotency key prefix, e.g. event#rp-mw-prod-Webhooks-15A9D21F#',
  '                        (or EventKeyPrefix from --outputs)',
].join('\n');

export const STACK_OUTPUT_HELP = [
  'Stack outputs (instead of names and URLs; explicit options win):',
  '  --outputs FILE        the file `cdk deploy --outputs-file FILE` wrote',
  '  --stack NAME          the stack, when FILE holds several pipelines',
  '  --pipeline ID         the pipeline\'s construct path as in its output keys (e.g. Pipeline), when',
  '                        a stack holds several',
  '  --account ID          the AWS account the file\'s queue URLs must belong to (checked before any request)',
  '  --allow-non-sqs-endpoint  use queue URLs from FILE that are not https://sqs.<region>.amazonaws.com/<account>/...',
  '                        (an emulator); without it such a file is refused, so no credentials go to its host',
].join('\n');

/** A resource a command needs: the option that names it and the stack output that holds it. */
export interface ResourceOption {
  readonly flag: 'table' | 'queue-url' | 'dlq-url' | 'key-prefix' | 'ingress-log-group' | 'worker-log-group' | 'mapping-id' | 'alarm-names' | 'archive-bucket';
  readonly output: keyof Pick<PipelineOutputs, 'tableName' | 'queueUrl' | 'deadLetterQueueUrl' | 'eventKeyPrefix' | 'ingressLogGroupName' | 'workerLogGroupName' | 'workerEventSourceMappingId' | 'backlogAlarmNames' | 'archiveBucketName'>;
  /** The output's id, as the construct emits it. */
  readonly outputId: string;
}

export const TABLE: ResourceOption = { flag: 'table', output: 'tableName', outputId: STACK_OUTPUT_IDS.tableName };
export const QUEUE_URL: ResourceOption = { flag: 'queue-url', output: 'queueUrl', outputId: STACK_OUTPUT_IDS.queueUrl };
export const DLQ_URL: ResourceOption = { flag: 'dlq-url', output: 'deadLetterQueueUrl', outputId: STACK_OUTPUT_IDS.deadLetterQueueUrl };
export const ARCHIVE_BUCKET: ResourceOption = { flag: 'archive-bucket', output: 'archiveBucketName', outputId: STACK_OUTPUT_IDS.archiveBucketName };
export const KEY_PREFIX: ResourceOption = { flag: 'key-prefix', output: 'eventKeyPrefix', outputId: STACK_OUTPUT_IDS.eventKeyPrefix };
export const INGRESS_LOG_GROUP: ResourceOption = { flag: 'ingress-log-group', output: 'ingressLogGroupName', outputId: STACK_OUTPUT_IDS.ingressLogGroupName };
export const WORKER_LOG_GROUP: ResourceOption = { flag: 'worker-log-group', output: 'workerLogGroupName', outputId: STACK_OUTPUT_IDS.workerLogGroupName };
export const MAPPING_ID: ResourceOption = { flag: 'mapping-id', output: 'workerEventSourceMappingId', outputId: STACK_OUTPUT_IDS.workerEventSourceMappingId };
export const ALARM_NAMES: ResourceOption = { flag: 'alarm-names', output: 'backlogAlarmNames', outputId: STACK_OUTPUT_IDS.backlogAlarmNames };

/** The parts of an SQS queue URL that say where signed requests go. */
export interface SqsQueueAddress {
  readonly region: string;
  readonly account: string;
}

/** `https://sqs[-fips].<region>.amazonaws.com[.cn]/<12 digits>/<name>` or the legacy `https://<region>.queue.amazonaws.com/...`. */
const SQS_QUEUE_URL = /^https:\/\/(?:sqs(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?|([a-z]{2}(?:-[a-z]+)+-\d)\.queue\.amazonaws\.com(?:\.cn)?)\/(\d{12})\/[A-Za-z0-9_-]{1,75}(?:\.fifo)?$/;

export function sqsQueueAddress(queueUrl: string): SqsQueueAddress | undefined {
  const match = SQS_QUEUE_URL.exec(queueUrl);
  return match ? { region: match[1] ?? match[2], account: match[3] } : undefined;
}

function readOutputsFile(fileName: string): unknown {
  let text: string;
  try {
    text = readFileSync(fileName, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --outputs ${fileName} (${errorMessage(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--outputs ${fileName} is not JSON; write it with \`cdk deploy --outputs-file FILE\``);
  }
}

/** Resolves stack outputs lazily: the file is read only when an option is missing. */
export class PipelineResources {
  private outputs?: PipelineOutputs;

  constructor(private readonly command: string, private readonly values: ParsedArgs['values']) {
    const outputsFile = optionalString(values, 'outputs');
    if (outputsFile === undefined && (optionalString(values, 'stack') ?? optionalString(values, 'pipeline')) !== undefined) {
      throw new UsageError(`${command}: --stack and --pipeline choose within --outputs FILE; add --outputs`);
    }
  }

  /** The option's value, else the pipeline's output, else a usage error saying how to give it. */
  public require(resource: ResourceOption): string {
    const value = this.optional(resource);
    if (value !== undefined) return value;
    const outputsFile = optionalString(this.values, 'outputs');
    if (outputsFile === undefined) {
      throw new UsageError(`${this.command}: missing required option --${resource.flag} (or --outputs FILE from cdk deploy --outputs-file)`);
    }
    const { stack, pipeline } = this.fromFile(outputsFile);
    throw new UsageError(`${this.command}: pipeline ${pipeline} in stack ${stack} of ${outputsFile} has no `
      + `${resource.outputId} output; pass --${resource.flag}`);
  }

  /** The option's value, else the pipeline's output when --outputs is given (queue URLs checked), else undefined. */
  public optional(resource: ResourceOption): string | undefined {
    const explicit = optionalString(this.values, resource.flag);
    if (explicit !== undefined) return explicit;
    const outputsFile = optionalString(this.values, 'outputs');
    if (outputsFile === undefined) return undefined;
    const value = this.fromFile(outputsFile)[resource.output];
    if (value !== undefined && (resource === QUEUE_URL || resource === DLQ_URL)) this.checkQueueUrlFromFile(outputsFile, resource, value);
    return value;
  }

  /** The state table and key prefix of the pipeline's idempotency records. */
  public eventRecordTable(): EventRecordTable {
    const name = this.require(TABLE);
    const keyPrefix = this.require(KEY_PREFIX);
    if (!keyPrefix.startsWith(EVENT_KEY_PREFIX)) {
      throw new UsageError(`${this.command}: --key-prefix '${keyPrefix}' is not an idempotency key prefix; `
        + `it starts with '${EVENT_KEY_PREFIX}' (the pipeline's EventKeyPrefix stack output)`);
    }
    return { name, keyPrefix };
  }

  private checkQueueUrlFromFile(outputsFile: string, resource: ResourceOption, queueUrl: string): void {
    if (this.values['allow-non-sqs-endpoint'] === true) return;
    const refuse = (why: string) => new UsageError(`${this.command}: the ${resource.outputId} in ${outputsFile} ${why}; `
      + 'nothing was sent. Check the file (or pass the URL with --' + resource.flag + ', or --allow-non-sqs-endpoint for an emulator)');
    const address = sqsQueueAddress(queueUrl);
    if (address === undefined) throw refuse(`is not an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue>): '${queueUrl}'`);
    const region = optionalString(this.values, 'region');
    if (region !== undefined && address.region !== region) throw refuse(`is in region ${address.region}, not --region ${region}`);
    const account = optionalString(this.values, 'account');
    if (account !== undefined && address.account !== account) throw refuse(`is in account ${address.account}, not --account ${account}`);
    const other = this.fromFile(outputsFile)[resource === QUEUE_URL ? DLQ_URL.output : QUEUE_URL.output];
    const otherAddress = other === undefined ? undefined : sqsQueueAddress(other);
    if (otherAddress !== undefined && (otherAddress.account !== address.account || otherAddress.region !== address.region)) {
      throw refuse(`(account ${address.account}, ${address.region}) and the other queue URL of the pipeline `
        + `(account ${otherAddress.account}, ${otherAddress.region}) are not in one account and region`);
    }
  }

  /**
   * SDK client settings: --region, else the region in the pipeline's queue URL (an on-call engineer
   * with a stack's outputs file should not also have to know its region), else the AWS environment.
   */
  public clientConfig(): CliClientConfig {
    const config = clientConfig(this.values);
    if (config.region !== undefined || config.endpoint !== undefined) return config;
    const region = regionOfQueueUrl(this.optional(QUEUE_URL) ?? this.optional(DLQ_URL));
    return region === undefined ? config : { ...config, region };
  }

  private fromFile(fileName: string): PipelineOutputs {
    if (this.outputs === undefined) {
      const file = parseOutputsFile(readOutputsFile(fileName), fileName);
      this.outputs = selectPipeline(file, {
        stack: optionalString(this.values, 'stack'),
        pipeline: optionalString(this.values, 'pipeline'),
      }, fileName);
    }
    return this.outputs;
  }
}

/** `https://sqs.us-east-2.amazonaws.com/123456789012/name.fifo` → `us-east-2`; anything else → undefined. */
export function regionOfQueueUrl(queueUrl: string | undefined): string | undefined {
  return queueUrl?.match(/^https:\/\/sqs[.-]([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?\//)?.[1];
}
