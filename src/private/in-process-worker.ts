import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { functionLoggingProps } from './function-logging';
import { WORKER_RECORD_MARGIN_MS } from '../contract';
import { PipelineLoggingOptions } from '../pipeline-logging-options';
import { AckFastWebhookPipelineProps } from '../pipeline-props';

/** Lambda's timeout and memory when a function sets none. */
export const LAMBDA_DEFAULT_TIMEOUT = Duration.seconds(3);
const LAMBDA_DEFAULT_MEMORY_MIB = 128;
/** The memory of the bundled worker: below it, the worker's SDK clients and your code share a small CPU slice. */
const RECOMMENDED_MEMORY_MIB = 256;
/** The oldest Node.js runtime lib/runtime is built and tested for. */
const MINIMUM_NODE_MAJOR = 24;

/** Exactly one way of calling the processor: a separate Lambda (`processor`) or in-process (`workerFunction`). */
export function requireOneProcessorMode(props: AckFastWebhookPipelineProps): void {
  if ((props.processor === undefined) === (props.workerFunction === undefined)) {
    throw new Error(
      `Set exactly one of processor and workerFunction (${props.processor === undefined ? 'neither is' : 'both are'} set): `
      + 'workerFunction is your own Lambda running createWorker from ack-fast-webhook-pipeline/lib/runtime (in-process, TypeScript/JavaScript); '
      + 'processor is a Lambda in any language the bundled worker invokes once per event.',
    );
  }
}

/** The in-process worker as a Function of this app (the construct sets its environment), or undefined in the processor mode. */
export function inProcessWorkerOf(props: AckFastWebhookPipelineProps): lambda.Function | undefined {
  const worker = props.workerFunction;
  if (worker === undefined) return undefined;
  if (!(worker instanceof lambda.Function)) {
    throw new Error(
      'workerFunction must be a lambda.Function defined in this app (e.g. a NodejsFunction): the pipeline sets its '
      + 'ACK_FAST_WORKER_CONFIG environment and event source, which an imported function cannot take.',
    );
  }
  return worker;
}

/** The in-process worker's timeout (Lambda's 3 s when it sets none). */
export function inProcessWorkerTimeout(worker: lambda.Function): Duration {
  return worker.timeout ?? LAMBDA_DEFAULT_TIMEOUT;
}

/** What can be checked of the user's worker function at synth: conflicting props, runtime, timeout, memory, architecture. */
export function validateInProcessWorker(worker: lambda.Function, props: AckFastWebhookPipelineProps, processorTimeout: Duration): void {
  for (const [name, value] of [['workerTimeout', props.workerTimeout], ['workerMemorySize', props.workerMemorySize]] as const) {
    if (value !== undefined) {
      throw new Error(`${name} cannot be set with workerFunction: set the timeout and memory on your worker function itself, and remove ${name}.`);
    }
  }
  requireNodeRuntime(worker.runtime);
  const marginSeconds = WORKER_RECORD_MARGIN_MS / 1000;
  const timeout = inProcessWorkerTimeout(worker);
  const minimum = processorTimeout.toSeconds() + marginSeconds;
  if (timeout.toSeconds() < minimum) {
    throw new Error(
      `workerFunction's timeout (${timeout.toSeconds()} s) must be at least processorTimeout (${processorTimeout.toSeconds()} s, the longest `
      + `one call of your process function may take) + ${marginSeconds} s (= ${minimum} s): the worker claims a record only while that much `
      + 'time is left, so a shorter timeout would never start one. Raise the function\'s timeout or lower processorTimeout.',
    );
  }
  const memory = (worker.node.defaultChild as lambda.CfnFunction).memorySize;
  const memoryMiB = typeof memory === 'number' ? memory : LAMBDA_DEFAULT_MEMORY_MIB;
  if (memoryMiB < RECOMMENDED_MEMORY_MIB) {
    Annotations.of(worker).addWarningV2('ack-fast-webhook-pipeline:workerMemory',
      `workerFunction has ${memoryMiB} MiB: the bundled worker uses ${RECOMMENDED_MEMORY_MIB} MiB (Lambda's CPU share grows with memory; `
      + 'the worker\'s clients and your code share it). Measure before going lower.');
  }
  if (worker.architecture !== lambda.Architecture.ARM_64) {
    Annotations.of(worker).addWarningV2('ack-fast-webhook-pipeline:workerArchitecture',
      `workerFunction runs on ${worker.architecture.name}: arm64 is about 20% cheaper per GB-second and what the pipeline's handlers use.`);
  }
}

function requireNodeRuntime(runtime: lambda.Runtime): void {
  if (runtime.family !== lambda.RuntimeFamily.NODEJS) {
    throw new Error(
      `workerFunction runs ${runtime.name}: the in-process worker (createWorker) is JavaScript and needs Node.js ${MINIMUM_NODE_MAJOR} or later. `
      + 'For a processor in another language, pass it as processor instead (the bundled worker invokes it).',
    );
  }
  const major = /^nodejs(\d+)\.x$/.exec(runtime.name)?.[1];
  if (major !== undefined && Number(major) < MINIMUM_NODE_MAJOR) {
    throw new Error(`workerFunction runs ${runtime.name}: createWorker needs Node.js ${MINIMUM_NODE_MAJOR} or later (lambda.Runtime.NODEJS_24_X).`);
  }
}

/**
 * The pipeline's logging controls (`logging`: JSON, application INFO, system WARN by default) on
 * the user's worker when it sets no log format of its own: without them Lambda writes START, END
 * and REPORT lines on every invocation and no level filters the worker's DEBUG detail. A format
 * the function sets is its owner's choice and stays; a text format gets a warning.
 */
export function applyPipelineLogging(worker: lambda.Function, logging: PipelineLoggingOptions | undefined): void {
  const cfn = worker.node.defaultChild as lambda.CfnFunction;
  const current = Stack.of(worker).resolve(cfn.loggingConfig) as lambda.CfnFunction.LoggingConfigProperty | undefined;
  if (current?.logFormat === undefined) {
    const pipeline = functionLoggingProps(logging);
    cfn.loggingConfig = {
      ...current,
      logFormat: pipeline.loggingFormat,
      applicationLogLevel: pipeline.applicationLogLevelV2,
      systemLogLevel: pipeline.systemLogLevelV2,
    };
    return;
  }
  if (current.logFormat === lambda.LoggingFormat.TEXT) {
    Annotations.of(worker).addWarningV2('ack-fast-webhook-pipeline:workerLogFormat',
      'workerFunction logs as text: Lambda then writes START, END and REPORT lines on every invocation and filters no level. '
      + 'Remove its loggingFormat to get the pipeline\'s (JSON, application INFO, system WARN), or set loggingFormat: JSON and the levels yourself.');
  }
}

/**
 * The log group the user's worker writes to, without creating anything: `worker.logGroup` on a
 * function given no log group adds a LogRetention custom resource (a Lambda of its own, retention
 * never), which the user did not ask for. Lambda's own group is then /aws/lambda/<name>.
 */
export function userWorkerLogGroup(scope: Construct, worker: lambda.Function): logs.ILogGroup {
  const cfn = worker.node.defaultChild as lambda.CfnFunction;
  const config = Stack.of(worker).resolve(cfn.loggingConfig) as lambda.CfnFunction.LoggingConfigProperty | undefined;
  if (config?.logGroup !== undefined) return worker.logGroup;
  Annotations.of(worker).addWarningV2('ack-fast-webhook-pipeline:workerLogGroup',
    'workerFunction has no logGroup: Lambda writes to /aws/lambda/<function name>, created on first use with no retention '
    + '(its logs are kept, and billed, forever). Give it logGroup: new logs.LogGroup(this, \'WorkerLogs\', { retention: ... }).');
  return logs.LogGroup.fromLogGroupName(scope, 'WorkerImplicitLogGroup', `/aws/lambda/${worker.functionName}`);
}
