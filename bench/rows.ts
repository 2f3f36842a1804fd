/*
 * Raw samples of a bench run, and the table rows they make, with the targets of issue #7.
 */
import { HandlerKind, Implementation } from './bundles';
import { ColdInitSample } from './cold-init';
import { CostResult, costRows } from './cost';
import { EndToEndResult, endToEndRows } from './end-to-end';
import { compareRow, OURS_AT_MOST, RATIO_AT_MOST, Row, textRow } from './report';
import { WarmIngressRun } from './warm-ingress';
import { emptyWorkerModeRuns, WorkerModeRuns, workerModeRows } from './worker-modes';
import { ExactlyOnceCheck, WorkerRun } from './worker-throughput';

type PerImplementation<T> = Record<Implementation, T>;
type PerHandler<T> = PerImplementation<Record<HandlerKind, T>>;

export interface BenchSamples {
  readonly bundleBytes: PerHandler<number> & { oursInProcessWorker?: number };
  readonly coldInit: PerHandler<ColdInitSample[]>;
  readonly warmIngress: PerImplementation<WarmIngressRun[]>;
  readonly worker: PerImplementation<WorkerRun[]>;
  readonly exactlyOnce: Partial<PerImplementation<ExactlyOnceCheck>>;
  /** Ours in-process and with the archive, same run (bench/worker-modes.ts). */
  readonly workerModes: WorkerModeRuns;
  endToEnd?: EndToEndResult;
  cost?: CostResult;
}

export function emptySamples(): BenchSamples {
  const perHandler = <T>(make: () => T): PerHandler<T> => ({
    ours: { ingress: make(), worker: make() },
    baseline: { ingress: make(), worker: make() },
  });
  return {
    bundleBytes: perHandler(() => 0),
    coldInit: perHandler((): ColdInitSample[] => []),
    warmIngress: { ours: [], baseline: [] },
    worker: { ours: [], baseline: [] },
    exactlyOnce: {},
    workerModes: emptyWorkerModeRuns(),
  };
}

const MIB = 2 ** 20;

function exactlyOnceText(check: ExactlyOnceCheck | undefined): string {
  if (!check) return 'not measured';
  return `${check.eachEventOnce ? 'each event once' : 'NOT once per event'}, ${check.redeliveriesSkipped ? 'redeliveries skipped' : 'REDELIVERIES RAN'}`;
}

function handlerRows(samples: BenchSamples): Row[] {
  const pick = <T>(values: PerImplementation<T[]>, get: (value: T) => number) => [values.ours.map(get), values.baseline.map(get)] as const;
  const cold = (kind: HandlerKind, get: (sample: ColdInitSample) => number) =>
    pick({ ours: samples.coldInit.ours[kind], baseline: samples.coldInit.baseline[kind] }, get);
  const ingress = (get: (run: WarmIngressRun) => number) => pick(samples.warmIngress, get);
  const worker = (get: (run: WorkerRun) => number) => pick(samples.worker, get);
  const ours = samples.exactlyOnce.ours;
  const baseline = samples.exactlyOnce.baseline;
  const sameExactlyOnce = ours !== undefined && baseline !== undefined
    && ours.eachEventOnce && baseline.eachEventOnce && ours.redeliveriesSkipped && baseline.redeliveriesSkipped;
  return [
    compareRow('1. Ingress bundle', 'bytes', [samples.bundleBytes.ours.ingress], [samples.bundleBytes.baseline.ingress], RATIO_AT_MOST(0.5)),
    compareRow('1. Worker bundle', 'bytes', [samples.bundleBytes.ours.worker], [samples.bundleBytes.baseline.worker]),
    compareRow('2. Ingress cold init', 'ms', ...cold('ingress', (s) => s.initMs), RATIO_AT_MOST(0.45)), // issue #15 (issue #7 asked 0.5×)
    compareRow('2. Ingress RSS after init', 'MiB', ...cold('ingress', (s) => s.rssBytes / MIB)),
    compareRow('2. Worker cold init', 'ms', ...cold('worker', (s) => s.initMs)),
    compareRow('2. Worker RSS after init', 'MiB', ...cold('worker', (s) => s.rssBytes / MIB)),
    compareRow('3. Warm ingress latency p50', 'ms', ...ingress((r) => r.latencyP50Ms)),
    compareRow('3. Warm ingress latency p99', 'ms', ...ingress((r) => r.latencyP99Ms)),
    compareRow('3. Ingress overhead excl. SQS p50', 'ms', ...ingress((r) => r.overheadExclSqsP50Ms)),
    compareRow('3. Ingress overhead excl. SQS p99', 'ms', ...ingress((r) => r.overheadExclSqsP99Ms), OURS_AT_MOST(2, 'ms')),
    compareRow('3. Ingress overhead excl. all AWS calls p99', 'ms', ...ingress((r) => r.overheadExclAwsP99Ms)),
    compareRow('3. Ingress CPU per request p50', 'ms', ...ingress((r) => r.cpuP50Ms)),
    compareRow('3. Ingress CPU per request p99', 'ms', ...ingress((r) => r.cpuP99Ms)),
    compareRow('3. Ingress AWS calls per request', 'calls', ...ingress((r) => r.sqsCallsPerRequest + r.otherAwsCallsPerRequest)),
    compareRow('4. Worker throughput, batches of 10', 'events/s', ...worker((r) => r.eventsPerSecond)),
    compareRow('4. Worker CPU per event', 'ms', ...worker((r) => r.cpuMsPerEvent), RATIO_AT_MOST(1.0)),
    compareRow('4. Worker AWS calls per event', 'calls', ...worker((r) => r.awsCallsPerEvent)),
    textRow('4. Worker exactly once', exactlyOnceText(ours), exactlyOnceText(baseline), 'same behaviour', ours && baseline ? sameExactlyOnce : undefined),
  ];
}

export function buildRows(samples: BenchSamples): Row[] {
  return [
    ...handlerRows(samples),
    ...workerModeRows(samples),
    ...endToEndRows(samples.endToEnd),
    ...costRows(samples.cost),
  ];
}
