/*
 * Warm ingress: one run = one fresh handler process, `warmup` requests thrown away, then
 * `requests` timed one after another. Each run is summarised by its percentiles; the report
 * takes the median (and spread) of those over runs.
 */
import { HandlerBundle } from './bundles';
import { runProbe } from './child-process';
import { BenchEnvironment } from './environment';
import { handlerEnvironment } from './handler-env';
import type { WarmIngressInput, WarmIngressResult } from './probes/warm-ingress';
import { percentile } from './stats';

export interface WarmIngressRun {
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** The handler's own time: latency minus the SQS round trip, per request. */
  readonly overheadExclSqsP50Ms: number;
  readonly overheadExclSqsP99Ms: number;
  /** Latency minus every AWS round trip (for the baseline, its DynamoDB idempotency calls too). */
  readonly overheadExclAwsP99Ms: number;
  readonly cpuP50Ms: number;
  readonly cpuP99Ms: number;
  readonly sqsCallsPerRequest: number;
  readonly otherAwsCallsPerRequest: number;
}

export interface WarmIngressOptions {
  readonly warmup: number;
  readonly requests: number;
  readonly groups: number;
}

export async function measureWarmIngress(
  environment: BenchEnvironment,
  bundle: HandlerBundle,
  probeFile: string,
  options: WarmIngressOptions,
  runId: string,
): Promise<WarmIngressRun> {
  const resources = await environment.createResources(bundle.implementation);
  const functionName = `bench-${bundle.implementation}-ingress`;
  const input: WarmIngressInput = { bundleFile: bundle.file, functionName, queueUrl: resources.queueUrl, runId, ...options };
  const result = await runProbe<WarmIngressResult>(probeFile, handlerEnvironment(bundle.implementation, 'ingress', environment.endpoints, resources), input);
  return {
    latencyP50Ms: percentile(result.latencyMs, 50),
    latencyP99Ms: percentile(result.latencyMs, 99),
    overheadExclSqsP50Ms: percentile(result.overheadExclSqsMs, 50),
    overheadExclSqsP99Ms: percentile(result.overheadExclSqsMs, 99),
    overheadExclAwsP99Ms: percentile(result.overheadExclAwsMs, 99),
    cpuP50Ms: percentile(result.cpuMs, 50),
    cpuP99Ms: percentile(result.cpuMs, 99),
    sqsCallsPerRequest: result.sqsCallsPerRequest,
    otherAwsCallsPerRequest: result.otherAwsCallsPerRequest,
  };
}
