/*
 * 4b. The worker's modes and its archive, measured in the same run as the baseline worker:
 * - in-process: createWorker (lib/runtime) with `process` in the worker (bench/probes/in-process-worker.ts),
 *   against the bundled worker that invokes a processor Lambda (ours) and the baseline worker;
 * - archive: the bundled worker with the event archive on (PutRecordBatch to the loopback Firehose,
 *   which delivers into fauxqs's S3) against the same worker without it.
 * GB-s per event is what Lambda bills the worker for one event: wall time per event × memory.
 * Both workers are given the same memory (bench/handler-env.ts), so the ratio is the time ratio.
 */
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HandlerBundle } from './bundles';
import type { CostResult } from './cost';
import { BenchEnvironment } from './environment';
import { BENCH_WORKER_MEMORY_MB } from './handler-env';
import { compareRow, formatSpread, RATIO_AT_MOST, Row, textRow } from './report';
import type { BenchSamples } from './rows';
import { median, spread } from './stats';
import { WorkerOptions, WorkerRun, WorkerVariant, measureWorker } from './worker-throughput';
import { builtInPricing } from '../cli/capacity/pricing';
import { LocalArchive, startLocalArchive } from '../local/local-archive';
import { WORKER_CONFIG_ENV, WorkerRuntimeConfig } from '../src/contract';

export interface WorkerModeRuns {
  readonly inProcess: WorkerRun[];
  readonly archived: WorkerRun[];
  /** PutRecordBatch calls the Firehose fake answered per archived event (0 would mean the archive never ran). */
  readonly archivePutsPerEvent: number[];
}

export function emptyWorkerModeRuns(): WorkerModeRuns {
  return { inProcess: [], archived: [], archivePutsPerEvent: [] };
}

/** Wall milliseconds per event of a worker run. */
export function msPerEvent(run: WorkerRun): number {
  return 1000 / run.eventsPerSecond;
}

/** Lambda GB-seconds one event costs the worker: its wall time per event × the function's memory. */
export function gbSecondsPerEvent(run: WorkerRun, memoryMb: number = BENCH_WORKER_MEMORY_MB): number {
  return (msPerEvent(run) / 1000) * (memoryMb / 1024);
}

/** The worker's environment with the archive on: its configuration names the delivery stream, its Firehose endpoint is the fake. */
export function withArchive(variables: Record<string, string>, archive: Pick<LocalArchive, 'deliveryStreamName'>, firehoseEndpoint: string): Record<string, string> {
  const config = JSON.parse(variables[WORKER_CONFIG_ENV]) as WorkerRuntimeConfig;
  const archived: WorkerRuntimeConfig = { ...config, archive: { deliveryStreamName: archive.deliveryStreamName, pipelineName: 'bench' } };
  return { ...variables, [WORKER_CONFIG_ENV]: JSON.stringify(archived), AWS_ENDPOINT_URL_FIREHOSE: firehoseEndpoint };
}

export async function measureInProcessWorker(
  environment: BenchEnvironment, bundle: HandlerBundle, probeFile: string, options: WorkerOptions, runId: string,
): Promise<WorkerRun> {
  const variant: WorkerVariant = { processedLog: path.join(tmpdir(), `bench-in-process-${runId}.json`) };
  const invocationsBefore = environment.processor.invocations.length;
  const { run } = await measureWorker(environment, bundle, probeFile, options, runId, false, variant);
  if (environment.processor.invocations.length !== invocationsBefore) throw new Error('the in-process worker invoked the processor Lambda: it is not in-process');
  return run;
}

export async function measureArchivedWorker(
  environment: BenchEnvironment, bundle: HandlerBundle, probeFile: string, options: WorkerOptions, runId: string,
): Promise<{ run: WorkerRun; putsPerEvent: number }> {
  const archive = await startLocalArchive(`bench-${runId}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 40), environment.endpoints.sqs, Date.now);
  try {
    const variant: WorkerVariant = { environment: (variables) => withArchive(variables, archive, archive.firehose.endpoint) };
    const { run } = await measureWorker(environment, bundle, probeFile, options, runId, false, variant);
    const puts = archive.firehose.putCalls();
    if (puts === 0) throw new Error('the archived worker run made no PutRecordBatch call: the archive was not on');
    return { run, putsPerEvent: puts / (options.events + options.warmupEvents) };
  } finally {
    await archive.stop();
  }
}

/** Per run, the archive's added wall time per event: the archived run minus ours without it in the same run (pairs drift alike). */
export function addedArchiveMsPerEvent(without: readonly WorkerRun[], archived: readonly WorkerRun[]): number[] {
  const pairs = Math.min(without.length, archived.length);
  return Array.from({ length: pairs }, (_, n) => msPerEvent(archived[n]) - msPerEvent(without[n]));
}

/** The archive's own lines of the capacity model (Firehose ingestion, S3) for a million webhooks, as the cost run priced them. */
export function archiveUsdPerMillion(cost: CostResult | undefined): number | undefined {
  const lines = cost?.sides.ours.lines.HTTP.filter((line) => line.component.endsWith('(archive)'));
  if (!lines || lines.length === 0) return undefined;
  return lines.reduce((sum, line) => sum + line.variableUsd, 0);
}

/** `$lines + $worker` (the worker's share may be negative when the archive's added time is within the noise). */
export function archiveCostText(linesUsd: number | undefined, addedWorkerUsd: number | undefined): string {
  if (linesUsd === undefined) return 'not measured';
  const worker = addedWorkerUsd === undefined ? 'worker time not measured' : `${addedWorkerUsd < 0 ? '-' : ''}$${Math.abs(addedWorkerUsd).toFixed(3)} added worker GB-s`;
  return `$${linesUsd.toFixed(2)} model lines ${addedWorkerUsd !== undefined && addedWorkerUsd < 0 ? '' : '+ '}${worker}`;
}

export function workerModeRows(samples: BenchSamples): Row[] {
  const modes = samples.workerModes;
  const baseline = samples.worker.baseline;
  const micro = (runs: readonly WorkerRun[]) => runs.map((run) => gbSecondsPerEvent(run) * 1e6);
  const added = addedArchiveMsPerEvent(samples.worker.ours, modes.archived);
  const archiveUsd = archiveUsdPerMillion(samples.cost);
  const gbSecondPrice = builtInPricing().prices.lambdaArmPerGbSecond;
  const addedUsd = added.length > 0 ? median(added) / 1000 * (BENCH_WORKER_MEMORY_MB / 1024) * gbSecondPrice * 1e6 : undefined;
  return [
    compareRow(`4b. Worker GB-s per event, ours in-process vs baseline (${BENCH_WORKER_MEMORY_MB} MB each)`, 'µGB-s', micro(modes.inProcess), micro(baseline), RATIO_AT_MOST(0.5)),
    compareRow(`4b. Worker GB-s per event, ours separate-processor vs baseline (${BENCH_WORKER_MEMORY_MB} MB each)`, 'µGB-s', micro(samples.worker.ours), micro(baseline)),
    compareRow('4b. Worker CPU per event, ours in-process vs baseline', 'ms', modes.inProcess.map((run) => run.cpuMsPerEvent), baseline.map((run) => run.cpuMsPerEvent)),
    compareRow('4b. Worker AWS calls per event, ours in-process vs baseline', 'calls', modes.inProcess.map((run) => run.awsCallsPerEvent), baseline.map((run) => run.awsCallsPerEvent)),
    compareRow('4c. Worker time per event, ours with the archive vs ours without', 'ms', modes.archived.map(msPerEvent), samples.worker.ours.map(msPerEvent)),
    textRow('4c. Archive: added worker time per event (paired per run)',
      added.length > 0 ? `${formatSpread(spread(added))} ms` : 'not measured', 'no archive'),
    textRow('4c. Archive: Firehose PutRecordBatch calls per event',
      modes.archivePutsPerEvent.length > 0 ? formatSpread(spread(modes.archivePutsPerEvent)) : 'not measured', 'no archive'),
    textRow('4c. Archive cost per million webhooks: capacity model lines (Firehose, S3) + added worker GB-s',
      archiveCostText(archiveUsd, addedUsd), 'no archive'),
  ];
}
