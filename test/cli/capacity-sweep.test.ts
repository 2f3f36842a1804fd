/* The reconciliation sweep's lines in the cost model, hand-computed for round numbers. */
import { runCli } from './harness';
import { DEFAULT_ASSUMPTIONS } from '../../cli/capacity/assumptions';
import { monthlyCost } from '../../cli/capacity/cost-model';
import { builtInPricing } from '../../cli/capacity/pricing';

const PRICES = builtInPricing().prices;
const cost = (monthlyEvents: number, sweepIntervalMinutes: number) => monthlyCost({
  monthlyEvents,
  apiKind: 'HTTP',
  prices: PRICES,
  warmIngressInstances: 1,
  assumptions: { ...DEFAULT_ASSUMPTIONS, sweepIntervalMinutes },
});
const line = (breakdown: ReturnType<typeof cost>, component: string) => breakdown.lines.find((l) => l.component === component)!;

describe('the sweep in the cost model', () => {
  test('without a sweep (the default) there is no sweep line', () => {
    expect(cost(1_000_000, 0).lines.filter((l) => /sweep/i.test(l.component))).toEqual([]);
  });

  test('every 10 minutes at 438,000 webhooks a month (hand-computed)', () => {
    // Prepare: 43,800 minutes a month → 4,380 runs; 100 events per run + the 1-minute overlap = 110 candidates, 3 pages of 50.
    const breakdown = cost(438_000, 10);

    // Assess
    expect(line(breakdown, 'EventBridge Scheduler (sweep)').fixedUsd).toBeCloseTo(4_380 / 1e6 * 1.0, 10);
    // 4,380 × 1.5 s × 0.25 GB = 1,642.5 GB-s
    expect(line(breakdown, 'Lambda sweep (arm64)').fixedUsd).toBeCloseTo(4_380 / 1e6 * 0.2 + 1_642.5 * 0.0000133334, 10);
    // 4,380 × 110 = 481,800 RRU; 4,380 × (2 + 2 × 3) = 35,040 WRU
    expect(line(breakdown, 'DynamoDB (sweep)')).toMatchObject({ variableUsd: expect.closeTo(481_800 / 1e6 * 0.125, 10), fixedUsd: expect.closeTo(35_040 / 1e6 * 0.625, 10) });
    // 5 metrics × $0.30 + 4 alarm metrics × $0.10 + 4,380 × 1,500 B of logs × $0.53/GB
    expect(line(breakdown, 'CloudWatch (sweep)').fixedUsd).toBeCloseTo(1.5 + 0.4 + (4_380 * 1_500 / 1024 ** 3) * 0.53, 10);
    // 13,140 pages of 2,628,000 s / 30 × 50 = 4,380,000 requests a month: 0.30%
    expect(line(breakdown, 'Source API calls (sweep)').basis).toBe('13,140 listing pages a month (3 per run of 50), 0.30% of a 50 requests / 30 s budget; no charge');
  });

  test('--sweep-interval-minutes beyond a day is refused (the construct\'s range)', async () => {
    const result = await runCli(['capacity', '--sample', '--sweep-interval-minutes', '1441']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--sweep-interval-minutes must be 0 \(no sweep\) to 1440/);
  });
});
