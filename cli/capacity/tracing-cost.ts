/*
 * X-Ray, when the pipeline's tracingEnabled is on: one trace per webhook (the ingress's, continued
 * by the worker and the processor through AWSTraceHeader), billed per trace recorded. Modelled as
 * every webhook sampled: X-Ray's default rule (the first request each second, then 5%) records
 * fewer at higher rates, so this is the upper bound. Retrieving and scanning traces
 * ($/M traces retrieved) depends on how often on-call opens them and is left out.
 */
import { CostInput, CostLine, MILLION } from './cost-lines';

export function tracingLine(i: CostInput): CostLine | undefined {
  if (!i.assumptions.tracing) return undefined;
  const traces = i.monthlyEvents;
  const usdPerMillion = i.prices.xrayPerMillionTracesRecorded;
  return {
    component: 'AWS X-Ray (tracing)',
    variableUsd: (traces / MILLION) * usdPerMillion,
    fixedUsd: 0,
    basis: `${Math.round(traces).toLocaleString('en-US')} traces (1 per webhook, all sampled: upper bound) × $${usdPerMillion}/M recorded; `
      + `retrieval $${i.prices.xrayPerMillionTracesRetrieved}/M not modelled`,
  };
}
