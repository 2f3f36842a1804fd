/*
 * Monthly cost per component, from list prices and the named assumptions (cost-lines.ts), and
 * the cost per million webhooks from the same lines (their traffic-driven parts only).
 */
import { archiveLines } from './archive-cost';
import { DEFAULT_ASSUMPTIONS, CapacityAssumptions } from './assumptions';
import {
  apiLine, ApiKind, CostInput, CostLine, dynamoLine, lambdaLines, logsLine, MILLION, monitoringLine, secretsLine, sqsLine, wafLine,
} from './cost-lines';
import { builtInPricing, Prices } from './pricing';
import { sweepLines } from './sweep-cost';

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
    apiLine(i), wafLine(i), ...lambdaLines(i), sqsLine(i), dynamoLine(i), logsLine(i), monitoringLine(i), secretsLine(i),
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

/** USD per million webhooks, traffic-driven costs only (fixed monthly costs excluded), by component. */
export function costPerMillionWebhooks(options: CostPerMillionOptions): { readonly totalUsd: number; readonly byComponent: Record<string, number> } {
  const breakdown = monthlyCost({
    monthlyEvents: MILLION,
    apiKind: options.apiKind,
    assumptions: { ...DEFAULT_ASSUMPTIONS, ...options.assumptions },
    prices: options.prices ?? builtInPricing().prices,
    warmIngressInstances: 1,
  });
  const byComponent = Object.fromEntries(breakdown.lines.map((line) => [line.component, line.variableUsd]));
  return { totalUsd: breakdown.lines.reduce((sum, line) => sum + line.variableUsd, 0), byComponent };
}
