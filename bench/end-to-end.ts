/*
 * 5. End to end through the local pipeline (local/): placeholder until it is measured.
 */
import { BenchOptions } from './options';
import { Row, textRow } from './report';

export interface EndToEndResult {
  readonly note: string;
}

export async function measureEndToEnd(_options: BenchOptions, _progress: (text: string) => void): Promise<EndToEndResult> {
  return { note: 'not measured' };
}

export function endToEndRows(result: EndToEndResult | undefined): Row[] {
  return [textRow('5. End to end', result?.note ?? 'not measured', 'not measured')];
}
