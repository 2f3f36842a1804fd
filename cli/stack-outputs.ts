/*
 * Finds a pipeline's resources in the file `cdk deploy --outputs-file FILE` writes:
 * `{ "<StackName>": { "<OutputKey>": "value" } }`.
 *
 * The construct emits its outputs under its own scope, so each key is the construct path (e.g.
 * `Pipeline`), the output id (STACK_OUTPUT_IDS) and CDK's 8-hex hash. `QueueUrl` is a suffix of
 * `DeadLetterQueueUrl`, so pipelines are found by their unambiguous outputs first and every key
 * is then matched against an exact pipeline prefix.
 */
import * as v from 'valibot';
import { jsonObjectOf } from './json-object';
import { UsageError } from './options';
import { STACK_OUTPUT_IDS } from '../src/contract';

const OutputsFileSchema = jsonObjectOf(
  jsonObjectOf(v.string('every output value must be a string'), 'each stack must be an object of output names to values'),
  'expected an object of stack names to their outputs',
);

export type OutputsFile = v.InferOutput<typeof OutputsFileSchema>;

/** What one pipeline's outputs give the CLI; a field is absent when its output is. */
export interface PipelineOutputs {
  readonly stack: string;
  /** The construct path part of the output keys, e.g. `Pipeline`. */
  readonly pipeline: string;
  readonly webhookUrl?: string;
  readonly tableName?: string;
  readonly queueUrl?: string;
  readonly deadLetterQueueUrl?: string;
  readonly eventKeyPrefix?: string;
  readonly ingressLogGroupName?: string;
  readonly workerLogGroupName?: string;
  readonly workerEventSourceMappingId?: string;
  /** Comma-separated. */
  readonly backlogAlarmNames?: string;
  readonly archiveBucketName?: string;
}

export interface PipelineSelector {
  readonly stack?: string;
  readonly pipeline?: string;
}

/** CDK's logical-id hash: 8 upper-case hex digits. */
const HASH = '[0-9A-F]{8}';
/** Ids that are no other id's suffix: a key ending in one of them names its pipeline unambiguously. */
const ANCHOR_IDS = [STACK_OUTPUT_IDS.tableName, STACK_OUTPUT_IDS.webhookUrl];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Validates parsed JSON as an outputs file; the message names the first wrong field. */
export function parseOutputsFile(json: unknown, fileName: string): OutputsFile {
  const result = v.safeParse(OutputsFileSchema, json);
  if (!result.success) {
    const issue = result.issues[0];
    const where = v.getDotPath(issue);
    throw new UsageError(`--outputs ${fileName} is not a cdk outputs file (${where ? `at ${where}: ` : ''}${issue.message}); `
      + 'write it with `cdk deploy --outputs-file FILE`');
  }
  return result.output;
}

function outputValue(outputs: Record<string, string>, pipeline: string, id: string): string | undefined {
  const key = new RegExp(`^${escapeRegExp(pipeline)}${id}${HASH}$`);
  const found = Object.keys(outputs).find((name) => key.test(name));
  return found === undefined ? undefined : outputs[found];
}

/** Every pipeline in the file, in file order. */
export function findPipelines(file: OutputsFile): PipelineOutputs[] {
  const pipelines: PipelineOutputs[] = [];
  for (const [stack, outputs] of Object.entries(file)) {
    const prefixes = new Set<string>();
    for (const name of Object.keys(outputs)) {
      for (const id of ANCHOR_IDS) {
        const match = new RegExp(`^(.*)${id}${HASH}$`).exec(name);
        if (match) prefixes.add(match[1]);
      }
    }
    for (const pipeline of prefixes) {
      pipelines.push({
        stack,
        pipeline,
        webhookUrl: outputValue(outputs, pipeline, STACK_OUTPUT_IDS.webhookUrl),
        tableName: outputValue(outputs, pipeline, STACK_OUTPUT_IDS.tableName),
        queueUrl: outputValue(outputs, pipeline, STACK_OUTPUT_IDS.queueUrl),
        deadLetterQueueUrl: outputValue(outputs, pipeline, STACK_OUTPUT_IDS.deadLetterQueueUrl),
        eventKeyPrefix: outputValue(outputs, pipeline, STACK_OUTPUT_IDS.eventKeyPrefix),
        ingressLogGroupName: outputValue(outputs, pipeline, STACK_OUTPUT_IDS.ingressLogGroupName),
        workerLogGroupName: outputValue(outputs, pipeline, STACK_OUTPUT_IDS.workerLogGroupName),
        workerEventSourceMappingId: outputValue(outputs, pipeline, STACK_OUTPUT_IDS.workerEventSourceMappingId),
        backlogAlarmNames: outputValue(outputs, pipeline, STACK_OUTPUT_IDS.backlogAlarmNames),
        archiveBucketName: outputValue(outputs, pipeline, STACK_OUTPUT_IDS.archiveBucketName),
      });
    }
  }
  return pipelines;
}

const listChoices = (pipelines: readonly PipelineOutputs[]) =>
  pipelines.map((p) => `--stack ${p.stack} --pipeline ${p.pipeline}`).join('; ');

/** The one pipeline the selector leaves, or a usage error listing the choices. */
export function selectPipeline(file: OutputsFile, selector: PipelineSelector, fileName: string): PipelineOutputs {
  if (selector.stack !== undefined && !Object.prototype.hasOwnProperty.call(file, selector.stack)) {
    throw new UsageError(`--stack ${selector.stack} is not in ${fileName}; its stacks: ${Object.keys(file).join(', ') || '(none)'}`);
  }
  const all = findPipelines(file);
  if (all.length === 0) {
    throw new UsageError(`${fileName} holds no AckFastWebhookPipeline outputs (keys ending in `
      + `${STACK_OUTPUT_IDS.tableName} + 8 hex digits); deploy a version that emits them, or pass the names and URLs as options`);
  }
  const inStack = all.filter((p) => selector.stack === undefined || p.stack === selector.stack);
  const chosen = inStack.filter((p) => selector.pipeline === undefined || p.pipeline === selector.pipeline);
  if (chosen.length === 1) return chosen[0];
  if (chosen.length === 0) {
    throw new UsageError(`no pipeline '${selector.pipeline}'${selector.stack ? ` in stack ${selector.stack}` : ''} in ${fileName}; `
      + `choose one of: ${listChoices(inStack.length > 0 ? inStack : all)}`);
  }
  throw new UsageError(`${fileName} holds ${chosen.length} pipelines; choose one with ${listChoices(chosen)}`);
}
