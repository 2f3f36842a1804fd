/*
 * 6. Cost per million webhooks from the cost model (cli/capacity), at the construct's defaults,
 * for both API kinds. The baseline deploys the same way but its ingress writes an idempotency
 * record and then completes it: two more DynamoDB writes per webhook, as the warm ingress run
 * counts them. Lambda durations stay the model's estimates for both (loopback timings are not
 * Lambda's), so the baseline figure is a floor.
 */
import { Row, textRow } from './report';
import type { BenchSamples } from './rows';
import { median } from './stats';
import { DEFAULT_ASSUMPTIONS } from '../cli/capacity/assumptions';
import { ApiKind, costPerMillionWebhooks } from '../cli/capacity/cost-model';
import { builtInPricing } from '../cli/capacity/pricing';

export interface CostResult {
  readonly pricesAsOf: string;
  readonly region: string;
  /** Extra DynamoDB writes per webhook the baseline ingress makes (measured calls beyond SQS). */
  readonly baselineExtraWritesPerWebhook: number;
  readonly usdPerMillion: Record<ApiKind, { readonly ours: number; readonly baseline: number }>;
  readonly oursByComponent: Record<ApiKind, Record<string, number>>;
}

const API_KINDS: readonly ApiKind[] = ['REST', 'HTTP'];

/** DynamoDB calls the baseline ingress makes beyond ours (SQS and cached secret reads excluded). */
function extraIngressWrites(samples: BenchSamples): number {
  const calls = (runs: BenchSamples['warmIngress']['ours']) => runs.map((run) => run.otherAwsCallsPerRequest);
  if (samples.warmIngress.ours.length === 0 || samples.warmIngress.baseline.length === 0) return 0;
  return Math.max(0, Math.round(median(calls(samples.warmIngress.baseline)) - median(calls(samples.warmIngress.ours))));
}

export async function measureCost(samples: BenchSamples): Promise<CostResult> {
  const pricing = builtInPricing();
  const extraWrites = extraIngressWrites(samples);
  const usdPerMillion = {} as CostResult['usdPerMillion'];
  const oursByComponent = {} as CostResult['oursByComponent'];
  for (const apiKind of API_KINDS) {
    const ours = costPerMillionWebhooks({ apiKind, prices: pricing.prices });
    const baseline = costPerMillionWebhooks({
      apiKind,
      prices: pricing.prices,
      assumptions: { dynamoWritesPerEvent: DEFAULT_ASSUMPTIONS.dynamoWritesPerEvent + extraWrites },
    });
    usdPerMillion[apiKind] = { ours: ours.totalUsd, baseline: baseline.totalUsd };
    oursByComponent[apiKind] = ours.byComponent;
  }
  return { pricesAsOf: pricing.asOf, region: pricing.region, baselineExtraWritesPerWebhook: extraWrites, usdPerMillion, oursByComponent };
}

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

export function costRows(result: CostResult | undefined): Row[] {
  if (!result) return [textRow('6. Cost per million webhooks', 'not measured', 'not measured')];
  const row = (apiKind: ApiKind, label: string, target?: number): Row => {
    const { ours, baseline } = result.usdPerMillion[apiKind];
    return {
      ...textRow(`6. Cost per million webhooks, ${label} (${result.region} prices of ${result.pricesAsOf})`, usd(ours), usd(baseline)),
      ratio: ours / baseline,
      target: target === undefined ? undefined : `ours ≤ ${usd(target)}`,
      met: target === undefined ? undefined : ours <= target,
    };
  };
  return [row('REST', 'REST API (default)'), row('HTTP', 'HTTP API', 5)];
}
