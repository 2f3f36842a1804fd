/*
 * 6. Cost per million webhooks from the cost model (cli/capacity/): placeholder.
 */
import { Row, textRow } from './report';
import type { BenchSamples } from './rows';

export interface CostResult {
  readonly note: string;
}

export async function measureCost(_samples: BenchSamples): Promise<CostResult> {
  return { note: 'not measured' };
}

export function costRows(result: CostResult | undefined): Row[] {
  return [textRow('6. Cost per million webhooks', result?.note ?? 'not measured', 'not measured')];
}
