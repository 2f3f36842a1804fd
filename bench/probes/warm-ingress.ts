/*
 * Warm ingress probe (runs in its own process): load the bundle, send `warmup` then `requests`
 * signed webhooks one after another, as one Lambda environment would, and time each: wall
 * clock, CPU, and the part spent waiting on SQS (and on any AWS endpoint).
 */
import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { webhookRequestEvent } from './api-gateway-event';
import { endpointHost, timeHttpExchanges } from './http-exchange-timer';
import { resolveLocalhostSubdomains } from './localhost-dns';
import { lambdaContext } from '../../local/lambda-context';
import { probeInput, sendProbeResult } from '../child-process';
import { webhookBody } from '../scenario';

export interface WarmIngressInput {
  readonly bundleFile: string;
  readonly functionName: string;
  /** The queue's URL: the SDK sends SQS requests to its host. */
  readonly queueUrl: string;
  readonly warmup: number;
  readonly requests: number;
  readonly groups: number;
  /** Makes event ids unique across runs that share nothing else. */
  readonly runId: string;
}

export interface WarmIngressResult {
  /** Per measured request, in order. */
  readonly latencyMs: number[];
  /** Latency minus the SQS exchange(s) of that request. */
  readonly overheadExclSqsMs: number[];
  /** Latency minus every AWS exchange (SQS, DynamoDB, Secrets Manager) of that request. */
  readonly overheadExclAwsMs: number[];
  /** CPU time (user + system) of this process during the request: unlike wall time, not inflated by waiting for a core. */
  readonly cpuMs: number[];
  /** AWS HTTP exchanges per measured request, by endpoint kind. */
  readonly sqsCallsPerRequest: number;
  readonly otherAwsCallsPerRequest: number;
}

/** The construct's default ingressTimeout: what the context's deadline counts down from. */
const INGRESS_TIMEOUT_MS = 5_000;

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

async function main(): Promise<void> {
  const input = probeInput<WarmIngressInput>();
  resolveLocalhostSubdomains();
  const takeExchanges = timeHttpExchanges();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(input.bundleFile) as { handler: Handler };
  const sqsHost = endpointHost(input.queueUrl);
  const result = {
    latencyMs: [] as number[], overheadExclSqsMs: [] as number[], overheadExclAwsMs: [] as number[], cpuMs: [] as number[],
  };
  let sqsCalls = 0;
  let otherCalls = 0;
  for (let n = 0; n < input.warmup + input.requests; n++) {
    const event = webhookRequestEvent(webhookBody(n, input.groups), `${input.runId}-${n}`);
    const context = lambdaContext(input.functionName, INGRESS_TIMEOUT_MS, Date.now);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const response = await handler(event, context);
    const latency = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const exchanges = takeExchanges();
    if (response.statusCode !== 200) {
      throw new Error(`request ${n} was answered ${response.statusCode} ${response.body}: the bench compares accepted webhooks only`);
    }
    if (n < input.warmup) continue;
    const sqsMs = exchanges.filter((exchange) => exchange.endpoint === sqsHost).reduce((sum, exchange) => sum + exchange.ms, 0);
    const awsMs = exchanges.reduce((sum, exchange) => sum + exchange.ms, 0);
    sqsCalls += exchanges.filter((exchange) => exchange.endpoint === sqsHost).length;
    otherCalls += exchanges.filter((exchange) => exchange.endpoint !== sqsHost).length;
    result.latencyMs.push(latency);
    result.overheadExclSqsMs.push(latency - sqsMs);
    result.overheadExclAwsMs.push(latency - awsMs);
    result.cpuMs.push((cpu.user + cpu.system) / 1000);
  }
  if (sqsCalls !== input.requests) {
    throw new Error(`expected one SQS exchange per request, timed ${sqsCalls} for ${input.requests}: the HTTP timer did not see the SDK's requests`);
  }
  const measured: WarmIngressResult = {
    ...result,
    sqsCallsPerRequest: sqsCalls / input.requests,
    otherAwsCallsPerRequest: otherCalls / input.requests,
  };
  sendProbeResult(measured);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
