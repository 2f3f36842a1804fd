/*
 * Monthly cost per component, from list prices and the named assumptions (cost-lines.ts), and
 * the cost per million webhooks from the same lines (their traffic-driven parts only).
 */
import { archiveLines } from './archive-cost';
import { DEFAULT_ASSUMPTIONS, CapacityAssumptions } from './assumptions';
import {
  alarmsLine, apiLine, ApiKind, CostInput, CostLine, dashboardLine, dynamoLine, lambdaLines, logsLine, metricsLine, MILLION, secretsLine,
  sqsLine, wafLine,
} from './cost-lines';
import { builtInPricing, Prices } from './pricing';
import { sweepLines } from './sweep-cost';
import { tracingLine } from './tracing-cost';

export type { ApiKind, CostInput, CostLine } from './cost-lines';

export interface CostBreakdown {
  readonly apiKind: ApiKind;
  readonly monthlyEvents: number;
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
}

/** Every component's monthly cost for one API kind. */
export function monthlyCost(i: CostInput): CostBreakdown {
  const lines = [
    apiLine(i), wafLine(i), ...lambdaLines(i), sqsLine(i), dynamoLine(i), logsLine(i),
    metricsLine(i), alarmsLine(i), dashboardLine(i), secretsLine(i), tracingLine(i),
    ...archiveLines(i), ...sweepLines(i),
  ]
    .filter((line): line is CostLine => line !== undefined);
  return {
    apiKind: i.apiKind,
    monthlyEvents: i.monthlyEvents,
    lines,
    totalUsd: lines.reduce((sum, line) => sum + line.variableUsd + line.fixedUsd, 0),
  };
}

export interface CostPerMillionOptions {
  readonly apiKind: ApiKind;
  readonly assumptions?: Partial<CapacityAssumptions>;
  readonly prices?: Prices;
}

export interface CostPerMillion {
  /** Traffic-driven USD per million webhooks. */
  readonly totalUsd: number;
  readonly byComponent: Record<string, number>;
  /** USD a month that does not grow with traffic (with some traffic every hour: the metrics are published). */
  readonly fixedMonthlyUsd: number;
  readonly fixedByComponent: Record<string, number>;
  readonly lines: readonly CostLine[];
}

/** USD per million webhooks (traffic-driven lines only, by component), and the fixed monthly part beside it. */
export function costPerMillionWebhooks(options: CostPerMillionOptions): CostPerMillion {
  const breakdown = monthlyCost({
    monthlyEvents: MILLION,
    apiKind: options.apiKind,
    assumptions: { ...DEFAULT_ASSUMPTIONS, ...options.assumptions },
    prices: options.prices ?? builtInPricing().prices,
    warmIngressInstances: 1,
  });
  const byComponent = Object.fromEntries(breakdown.lines.map((line) => [line.component, line.variableUsd]));
  const fixedByComponent = Object.fromEntries(breakdown.lines.map((line) => [line.component, line.fixedUsd]));
  return {
    totalUsd: breakdown.lines.reduce((sum, line) => sum + line.variableUsd, 0),
    byComponent,
    fixedMonthlyUsd: breakdown.lines.reduce((sum, line) => sum + line.fixedUsd, 0),
    fixedByComponent,
    lines: breakdown.lines,
  };
}
