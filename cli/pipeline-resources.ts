/*
 * Which table and queues a command acts on: explicit options first, then the pipeline's stack
 * outputs from `--outputs FILE` (`cdk deploy --outputs-file FILE`).
 */
import { readFileSync } from 'node:fs';
import { CliClientConfig, clientConfig, errorMessage, optionalString, OptionSpec, ParsedArgs, UsageError } from './options';
import { PipelineOutputs, parseOutputsFile, selectPipeline } from './stack-outputs';
import { STACK_OUTPUT_IDS } from '../src/private/runtime-contract';

export const STACK_OUTPUT_OPTIONS: OptionSpec = {
  outputs: { type: 'string' },
  stack: { type: 'string' },
  pipeline: { type: 'string' },
};

export const STACK_OUTPUT_HELP = [
  'Stack outputs (instead of names and URLs; explicit options win):',
  '  --outputs FILE        the file `cdk deploy --outputs-file FILE` wrote',
  '  --stack NAME          the stack, when FILE holds several pipelines',
  '  --pipeline ID         the pipeline\'s construct path as in its output keys (e.g. Pipeline), when',
  '                        a stack holds several',
].join('\n');

/** A resource a command needs: the option that names it and the stack output that holds it. */
export interface ResourceOption {
  readonly flag: 'table' | 'queue-url' | 'dlq-url';
  readonly output: keyof Pick<PipelineOutputs, 'tableName' | 'queueUrl' | 'deadLetterQueueUrl'>;
  /** The output's id, as the construct emits it. */
  readonly outputId: string;
}

export const TABLE: ResourceOption = { flag: 'table', output: 'tableName', outputId: STACK_OUTPUT_IDS.tableName };
export const QUEUE_URL: ResourceOption = { flag: 'queue-url', output: 'queueUrl', outputId: STACK_OUTPUT_IDS.queueUrl };
export const DLQ_URL: ResourceOption = { flag: 'dlq-url', output: 'deadLetterQueueUrl', outputId: STACK_OUTPUT_IDS.deadLetterQueueUrl };

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

  /** The option's value, else the pipeline's output when --outputs is given, else undefined. */
  public optional(resource: ResourceOption): string | undefined {
    const explicit = optionalString(this.values, resource.flag);
    if (explicit !== undefined) return explicit;
    const outputsFile = optionalString(this.values, 'outputs');
    return outputsFile === undefined ? undefined : this.fromFile(outputsFile)[resource.output];
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
