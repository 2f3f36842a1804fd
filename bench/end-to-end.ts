/*
 * 5. End to end through the local pipeline (local/): the API Gateway front, the ingress, fauxqs,
 * the SQS event source, the worker and a processor that answers at once. Webhooks are offered
 * open-loop at a fixed rate (a send does not wait for the previous answer), after a short
 * warm-up. ACK is the sender's round trip; receipt → processed runs from the send to the
 * message's deletion, on the pipeline's clock: neither implementation's own receivedAt stamp is
 * trusted (the baseline stamps it after its idempotency write, which would flatter it). The baseline runs in the same pipeline, its bundles plugged in.
 */
import { performance } from 'node:perf_hooks';
import { buildBaselineBundle, Implementation, inRunOrder } from './bundles';
import { baselineHandlers, benchTemplate } from './local-pipeline-handlers';
import { BenchOptions } from './options';
import { endpointHost, HttpExchange, timeHttpExchanges } from './probes/http-exchange-timer';
import { compareRow, RATIO_AT_MOST, Row } from './report';
import { BENCH_SECRET, EVENT_ID_HEADER, webhookBody } from './scenario';
import { percentile } from './stats';
import { BUNDLED_HANDLERS } from '../local/handler-loader';
import type { ProcessorMode as LocalProcessorMode } from '../local/in-process-worker';
import { LocalPipeline, startLocalPipeline } from '../local/pipeline';
import { CfnTemplate } from '../local/template-settings';

export interface EndToEndRun {
  readonly offered: number;
  readonly acknowledged: number;
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
  readonly processedP50Ms: number;
  readonly processedP99Ms: number;
  /** Path steps other than enqueued / processed during the run (failed, deferred, duplicate, DLQ...): 0 in a clean run. */
  readonly otherSteps: number;
  /** Bytes the ingress and worker wrote to stdout/stderr (their logs and EMF metrics) per measured webhook. */
  readonly logBytesPerEvent: number;
  /** The worker's Lambda Invoke round trips to the processor (two-Lambda runs; none in-process): p50 ms and calls per webhook. */
  readonly invokeP50Ms?: number;
  readonly invokesPerEvent: number;
  /** DynamoDB round trips (the worker's claim and completion): p50 ms and calls per webhook. */
  readonly dynamoDbP50Ms?: number;
  readonly dynamoDbCallsPerEvent: number;
}

export interface EndToEndResult {
  readonly offeredRatePerSecond: number;
  readonly seconds: number;
  readonly runs: Record<Implementation, EndToEndRun[]>;
  /** Ours with the worker in-process (createWorker), in the same runs: no processor Lambda on the path. */
  readonly oursInProcess: EndToEndRun[];
}

const WARMUP_WEBHOOKS = 10;
const GROUPS = 20;
/** How long the last accepted webhook may take to be processed before the run fails. */
const DRAIN_TIMEOUT_MS = 60_000;

interface SenderAnswer {
  readonly eventId: string;
  /** The sender's round trip, request sent → answer read. */
  readonly ackMs: number;
  /** Epoch ms (the pipeline's clock) the request was sent. */
  readonly sentAt: number;
  readonly statusCode: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `count` webhooks `1000 / rate` ms apart without waiting for answers; resolves with each event id and its round trip.
 * Deliveries are numbered from `firstDelivery`: the bench's event id is the body's hash, so a measured webhook must not repeat a warm-up's body (SQS would drop it as a duplicate).
 */
async function offer(pipeline: LocalPipeline, count: number, rate: number, idPrefix: string, firstDelivery: number): Promise<SenderAnswer[]> {
  const started = performance.now();
  const answers: Array<Promise<SenderAnswer>> = [];
  for (let n = 0; n < count; n++) {
    const wait = started + (n * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const eventId = `${idPrefix}-${n}`;
    const sentAt = pipeline.now();
    const sent = performance.now();
    answers.push(pipeline.send(webhookBody(firstDelivery + n, GROUPS), { [EVENT_ID_HEADER]: eventId })
      // The acknowledged id is the one the pipeline uses (the template decides where it comes from).
      .then((result) => ({ eventId: result.eventId ?? eventId, ackMs: performance.now() - sent, sentAt, statusCode: result.statusCode })));
  }
  return Promise.all(answers);
}

/** Resolves with the time (epoch ms, the pipeline's clock) each event was processed, in order. */
async function waitUntilProcessed(pipeline: LocalPipeline, eventIds: readonly string[]): Promise<number[]> {
  const steps = await Promise.all(eventIds.map((eventId) =>
    pipeline.waitForStep((step) => step.kind === 'processed' && step.eventId === eventId, DRAIN_TIMEOUT_MS)));
  return steps.map((step) => step.at);
}

/** p50 and count per webhook of the exchanges with `endpoint`. */
function exchangesWith(exchanges: readonly HttpExchange[], endpoint: string, webhooks: number): { p50Ms?: number; perEvent: number } {
  const host = endpointHost(endpoint);
  const times = exchanges.filter((exchange) => exchange.endpoint === host).map((exchange) => exchange.ms);
  return { p50Ms: times.length > 0 ? percentile(times, 50) : undefined, perEvent: times.length / webhooks };
}

async function measureOneRun(
  implementation: Implementation, template: CfnTemplate, baselineFiles: Record<'ingress' | 'worker', string>, options: BenchOptions, runId: string,
  takeExchanges: () => HttpExchange[], processorMode: LocalProcessorMode = 'lambda',
): Promise<EndToEndRun> {
  const name = processorMode === 'in-process' ? `bench-${implementation}-in-process` : `bench-${implementation}`;
  const logBytes = { counting: false, total: 0 };
  const pipeline = await startLocalPipeline({
    template,
    name,
    secret: BENCH_SECRET,
    onHandlerLine: (component, line) => {
      if (logBytes.counting && (component === 'ingress' || component === 'worker')) logBytes.total += Buffer.byteLength(line);
    },
    // The local pipeline names its state table <name>-state; checked below.
    handlers: implementation === 'baseline' ? baselineHandlers(baselineFiles, `${name}-state`) : BUNDLED_HANDLERS,
    // in-process: createWorker runs the processor in the worker (local/in-process-worker.ts); lambda: the bundled worker invokes it.
    processorMode,
  });
  try {
    if (pipeline.names.table !== `${name}-state`) throw new Error(`the local pipeline's table is ${pipeline.names.table}, not ${name}-state: update bench/end-to-end.ts`);
    const warmup = await offer(pipeline, WARMUP_WEBHOOKS, options.endToEndRate, `${runId}-warmup`, 0);
    const refused = warmup.find((answer) => answer.statusCode !== 200);
    if (refused) throw new Error(`${implementation}: a warm-up webhook was answered ${refused.statusCode}: the pipeline does not accept the bench's webhook`);
    await waitUntilProcessed(pipeline, warmup.map((answer) => answer.eventId));
    const count = Math.round(options.endToEndRate * options.endToEndSeconds);
    logBytes.counting = true;
    takeExchanges();
    const answers = await offer(pipeline, count, options.endToEndRate, runId, WARMUP_WEBHOOKS);
    const accepted = answers.filter((answer) => answer.statusCode === 200);
    if (accepted.length !== count) {
      throw new Error(`${implementation}: ${count - accepted.length} of ${count} webhooks were not acknowledged (status ${answers.find((a) => a.statusCode !== 200)?.statusCode})`);
    }
    const distinct = new Set([...warmup, ...accepted].map((answer) => answer.eventId)).size;
    if (distinct !== warmup.length + accepted.length) throw new Error(`${implementation}: the bench sent the same event id twice: each measured webhook must be a new event`);
    const processedAt = await waitUntilProcessed(pipeline, accepted.map((answer) => answer.eventId));
    logBytes.counting = false;
    const exchanges = takeExchanges();
    const invokes = exchangesWith(exchanges, pipeline.endpoints.lambda, count);
    const dynamoDb = exchangesWith(exchanges, pipeline.endpoints.dynamodb, count);
    const processedMs = accepted.map((answer, index) => processedAt[index] - answer.sentAt);
    const ackMs = accepted.map((answer) => answer.ackMs);
    return {
      offered: count,
      acknowledged: accepted.length,
      ackP50Ms: percentile(ackMs, 50),
      ackP99Ms: percentile(ackMs, 99),
      processedP50Ms: percentile(processedMs, 50),
      processedP99Ms: percentile(processedMs, 99),
      otherSteps: pipeline.events.filter((step) => step.kind !== 'enqueued' && step.kind !== 'processed').length,
      logBytesPerEvent: logBytes.total / count,
      invokeP50Ms: invokes.p50Ms,
      invokesPerEvent: invokes.perEvent,
      dynamoDbP50Ms: dynamoDb.p50Ms,
      dynamoDbCallsPerEvent: dynamoDb.perEvent,
    };
  } finally {
    await pipeline.close();
  }
}

export async function measureEndToEnd(options: BenchOptions, progress: (text: string) => void): Promise<EndToEndResult> {
  const template = benchTemplate();
  const baselineFiles = { ingress: (await buildBaselineBundle('ingress')).file, worker: (await buildBaselineBundle('worker')).file };
  const runs: EndToEndResult['runs'] = { ours: [], baseline: [] };
  const oursInProcess: EndToEndRun[] = [];
  // Times every HTTP exchange of the handlers (they run in this process), to show where receipt → processed goes.
  const takeExchanges = timeHttpExchanges();
  for (let run = 0; run < options.runs; run++) {
    const inProcessFirst = run % 2 === 1;
    const measureInProcess = async () => {
      progress(`end to end run ${run + 1}/${options.runs} ours in-process`);
      oursInProcess.push(await measureOneRun('ours', template, baselineFiles, options, `e2e-ours-ip-${run}-${Date.now()}`, takeExchanges, 'in-process'));
    };
    if (inProcessFirst) await measureInProcess();
    for (const implementation of inRunOrder(run)) {
      progress(`end to end run ${run + 1}/${options.runs} ${implementation}`);
      runs[implementation].push(await measureOneRun(implementation, template, baselineFiles, options, `e2e-${implementation}-${run}-${Date.now()}`, takeExchanges));
    }
    if (!inProcessFirst) await measureInProcess();
  }
  return { offeredRatePerSecond: options.endToEndRate, seconds: options.endToEndSeconds, runs, oursInProcess };
}

export function endToEndRows(result: EndToEndResult | undefined): Row[] {
  const pick = (get: (run: EndToEndRun) => number) => [result?.runs.ours.map(get) ?? [], result?.runs.baseline.map(get) ?? []] as const;
  const rate = result ? ` at ${result.offeredRatePerSecond}/s` : '';
  return [
    compareRow(`5. End to end ACK p50${rate}`, 'ms', ...pick((run) => run.ackP50Ms)),
    compareRow(`5. End to end ACK p99${rate}`, 'ms', ...pick((run) => run.ackP99Ms)),
    compareRow(`5. Receipt → processed p50${rate}`, 'ms', ...pick((run) => run.processedP50Ms)),
    compareRow(`5. Receipt → processed p99${rate}`, 'ms', ...pick((run) => run.processedP99Ms)),
    // Issue #15: in-process against today's two-Lambda path (ours, worker invoking a processor Lambda), not the baseline.
    compareRow(`5. Receipt → processed p50${rate}, ours in-process vs ours two-Lambda (Baseline column)`, 'ms',
      result?.oursInProcess.map((run) => run.processedP50Ms) ?? [], result?.runs.ours.map((run) => run.processedP50Ms) ?? [], RATIO_AT_MOST(0.7)),
    compareRow(`5. End to end ACK p50${rate}, ours in-process vs ours two-Lambda (Baseline column)`, 'ms',
      result?.oursInProcess.map((run) => run.ackP50Ms) ?? [], result?.runs.ours.map((run) => run.ackP50Ms) ?? []),
    // What in-process removes from the path, and what both modes share, as the runs above timed them.
    compareRow('5. Where it goes: Lambda Invoke round trip p50, ours two-Lambda (the hop in-process removes)', 'ms', defined(result?.runs.ours.map((run) => run.invokeP50Ms)), []),
    compareRow('5. Where it goes: Lambda Invoke calls per webhook, ours in-process vs ours two-Lambda', 'calls',
      result?.oursInProcess.map((run) => run.invokesPerEvent) ?? [], result?.runs.ours.map((run) => run.invokesPerEvent) ?? []),
    compareRow('5. Where it goes: DynamoDB round trips × p50 per webhook, ours in-process vs ours two-Lambda (shared)', 'ms',
      defined(result?.oursInProcess.map(dynamoDbMsPerEvent)), defined(result?.runs.ours.map(dynamoDbMsPerEvent))),
  ];
}

function dynamoDbMsPerEvent(run: EndToEndRun): number | undefined {
  return run.dynamoDbP50Ms === undefined ? undefined : run.dynamoDbP50Ms * run.dynamoDbCallsPerEvent;
}

function defined(values: ReadonlyArray<number | undefined> | undefined): number[] {
  return (values ?? []).filter((value): value is number => value !== undefined);
}
