/*
 * 6. Cost from the capacity model's cost lines (cli/capacity), at the construct's defaults, for
 * both API kinds, with what this run measured in place of the model's estimates: the warm
 * ingress's p50 duration, the worker's wall time per event (batches of 10, processor answering at
 * once: the pipeline's own time, none of your processor's), the log bytes the handlers wrote per
 * webhook end to end. The sample week is sparse, so a worker invocation still carries one event.
 * The baseline is costed the same way from its own measurements; its ingress also writes an
 * idempotency record and completes it (two more DynamoDB writes, counted by the warm ingress run).
 * Loopback timings are not Lambda's (no cold starts, a local SQS): a floor for both sides.
 */
import { Implementation } from './bundles';
import { Row, textRow } from './report';
import type { BenchSamples } from './rows';
import { median } from './stats';
import { CapacityAssumptions, DEFAULT_ASSUMPTIONS, ProcessorMode } from '../cli/capacity/assumptions';
import { ApiKind, costPerMillionWebhooks } from '../cli/capacity/cost-model';
import { builtInPricing } from '../cli/capacity/pricing';

export interface CostSide {
  /** The measured inputs the model was given (the rest are its defaults). */
  readonly inputs: Pick<CapacityAssumptions, 'ingressDurationMs' | 'workerOverheadMs' | 'processorDurationMs' | 'logBytesPerEvent' | 'processorMode' | 'dynamoWritesPerEvent'>;
  readonly usdPerMillion: Record<ApiKind, number>;
  readonly fixedUsdPerMonth: Record<ApiKind, number>;
  /** Each cost line for a million webhooks: component, fixed and variable USD, the arithmetic. */
  readonly lines: Record<ApiKind, ReadonlyArray<{ component: string; fixedUsd: number; variableUsd: number; basis: string }>>;
}

export interface CostResult {
  readonly pricesAsOf: string;
  readonly region: string;
  /** Extra DynamoDB writes per webhook the baseline ingress makes (measured calls beyond SQS). */
  readonly baselineExtraWritesPerWebhook: number;
  readonly sides: Record<Implementation, CostSide>;
  /** Ours in-process (createWorker), from the in-process worker's and end-to-end runs' own measurements. */
  readonly oursInProcess?: CostSide;
}

const API_KINDS: readonly ApiKind[] = ['REST', 'HTTP'];

/** DynamoDB calls the baseline ingress makes beyond ours (SQS and cached secret reads excluded). */
function extraIngressWrites(samples: BenchSamples): number {
  const calls = (runs: BenchSamples['warmIngress']['ours']) => runs.map((run) => run.otherAwsCallsPerRequest);
  if (samples.warmIngress.ours.length === 0 || samples.warmIngress.baseline.length === 0) return 0;
  return Math.max(0, Math.round(median(calls(samples.warmIngress.baseline)) - median(calls(samples.warmIngress.ours))));
}

/** Lambda bills whole milliseconds, at least one. */
const billedMs = (ms: number) => Math.max(1, Math.ceil(ms));

interface MeasuredRuns {
  readonly ingress: BenchSamples['warmIngress']['ours'];
  readonly worker: BenchSamples['worker']['ours'];
  readonly endToEnd: NonNullable<BenchSamples['endToEnd']>['oursInProcess'];
}

function measuredInputs(runs: MeasuredRuns, mode: ProcessorMode, dynamoWritesPerEvent: number): CostSide['inputs'] | undefined {
  const { ingress, worker, endToEnd } = runs;
  if (ingress.length === 0 || worker.length === 0 || endToEnd.length === 0) return undefined;
  return {
    ingressDurationMs: billedMs(median(ingress.map((run) => run.latencyP50Ms))),
    workerOverheadMs: median(worker.map((run) => 1000 / run.eventsPerSecond)),
    // The bench's processor answers at once; in separate-processor mode its invocation still bills 1 ms.
    processorDurationMs: mode === 'separate-processor' ? 1 : 0,
    logBytesPerEvent: Math.round(median(endToEnd.map((run) => run.logBytesPerEvent))),
    processorMode: mode,
    dynamoWritesPerEvent,
  };
}

function costSide(inputs: CostSide['inputs']): CostSide {
  const pricing = builtInPricing();
  const usdPerMillion = {} as CostSide['usdPerMillion'];
  const fixedUsdPerMonth = {} as CostSide['fixedUsdPerMonth'];
  const lines = {} as CostSide['lines'];
  for (const apiKind of API_KINDS) {
    const cost = costPerMillionWebhooks({ apiKind, prices: pricing.prices, assumptions: inputs });
    usdPerMillion[apiKind] = cost.totalUsd;
    fixedUsdPerMonth[apiKind] = cost.fixedMonthlyUsd;
    lines[apiKind] = cost.lines.map(({ component, fixedUsd, variableUsd, basis }) => ({ component, fixedUsd, variableUsd, basis }));
  }
  return { inputs, usdPerMillion, fixedUsdPerMonth, lines };
}

/**
 * `modes`: how each side ran its processor in the bench's worker and end-to-end runs (both
 * invoke a processor Lambda). Ours in-process is costed separately, from its own runs
 * (bench/worker-modes.ts, the end-to-end in-process runs), when the bench made them.
 */
export async function measureCost(samples: BenchSamples, modes: Record<Implementation, ProcessorMode> = {
  ours: 'separate-processor', baseline: 'separate-processor',
}): Promise<CostResult | undefined> {
  const pricing = builtInPricing();
  const extraWrites = extraIngressWrites(samples);
  const sides = {} as Record<Implementation, CostSide>;
  for (const implementation of ['ours', 'baseline'] as Implementation[]) {
    const inputs = measuredInputs({
      ingress: samples.warmIngress[implementation], worker: samples.worker[implementation], endToEnd: samples.endToEnd?.runs[implementation] ?? [],
    }, modes[implementation], DEFAULT_ASSUMPTIONS.dynamoWritesPerEvent + (implementation === 'baseline' ? extraWrites : 0));
    if (!inputs) return undefined;
    sides[implementation] = costSide(inputs);
  }
  const inProcessInputs = measuredInputs({
    ingress: samples.warmIngress.ours, worker: samples.workerModes.inProcess, endToEnd: samples.endToEnd?.oursInProcess ?? [],
  }, 'in-process', DEFAULT_ASSUMPTIONS.dynamoWritesPerEvent);
  return {
    pricesAsOf: pricing.asOf,
    region: pricing.region,
    baselineExtraWritesPerWebhook: extraWrites,
    sides,
    oursInProcess: inProcessInputs && costSide(inProcessInputs),
  };
}

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

/** The cost lines of ours (HTTP API) with the measured inputs, for the bench's printout. */
export function costLineText(result: CostResult | undefined): string {
  if (!result) return '';
  return [result.sides.ours, result.oursInProcess].filter((side): side is CostSide => side !== undefined)
    .map((side) => sideLineText(result, side)).join('\n\n');
}

function sideLineText(result: CostResult, { inputs, lines }: CostSide): string {
  return [
    `Cost lines, ours ${inputs.processorMode}, HTTP API, per million webhooks (${result.region} prices of ${result.pricesAsOf}); measured: ingress ${inputs.ingressDurationMs} ms, `
      + `worker ${inputs.workerOverheadMs.toFixed(1)} ms per event, ${inputs.logBytesPerEvent} log bytes per event, ${inputs.processorMode}`,
    ...lines.HTTP.map((line) => `  ${line.component.padEnd(40)} fixed ${usd(line.fixedUsd).padStart(7)}  variable ${usd(line.variableUsd).padStart(7)}  ${line.basis}`),
  ].join('\n');
}

export function costRows(result: CostResult | undefined): Row[] {
  if (!result) return [textRow('6. Cost per million webhooks', 'not measured', 'not measured')];
  const { ours, baseline } = result.sides;
  // Issue #15's cost targets are for the in-process mode (rows below); the separate-processor figures are for comparison.
  const variable = (apiKind: ApiKind): Row => ({
    ...textRow(`6. Variable cost per million webhooks, ${apiKind} API, ours ${ours.inputs.processorMode} (${result.region} prices of ${result.pricesAsOf})`,
      usd(ours.usdPerMillion[apiKind]), usd(baseline.usdPerMillion[apiKind])),
    ratio: ours.usdPerMillion[apiKind] / baseline.usdPerMillion[apiKind],
  });
  const inProcess = (apiKind: ApiKind, target: number): Row[] => {
    const value = result.oursInProcess?.usdPerMillion[apiKind];
    if (value === undefined) return [textRow(`6. Variable cost per million, ${apiKind} API, ours in-process`, 'not measured', usd(baseline.usdPerMillion[apiKind]))];
    return [{
      ...textRow(`6. Variable cost per million, ${apiKind} API, ours in-process MEASURED (in-process worker time and log bytes from this run)`,
        usd(value), usd(baseline.usdPerMillion[apiKind])),
      ratio: value / baseline.usdPerMillion[apiKind],
      target: `ours ≤ ${usd(target)}`,
      met: value <= target,
    }];
  };
  return [
    variable('REST'),
    variable('HTTP'),
    ...inProcess('REST', 7.5),
    ...inProcess('HTTP', 5),
    {
      ...textRow('6. Fixed cost per month, default alarms', usd(ours.fixedUsdPerMonth.HTTP), 'n/a'),
      target: 'ours ≤ $5.00',
      met: ours.fixedUsdPerMonth.HTTP <= 5,
    },
  ];
}
