import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from './harness';
import { DEFAULT_ASSUMPTIONS } from '../../cli/capacity/assumptions';
import { monthlyCost } from '../../cli/capacity/cost-model';
import { builtInPricing } from '../../cli/capacity/pricing';

describe('capacity: X-Ray tracing', () => {
  const prices = builtInPricing().prices;
  const costOf = (tracing: boolean) => monthlyCost({
    monthlyEvents: 2_000_000, apiKind: 'HTTP', assumptions: { ...DEFAULT_ASSUMPTIONS, tracing }, prices, warmIngressInstances: 1,
  });

  test('one trace per webhook at the recorded-trace price; no line when tracing is off', () => {
    // Act
    const on = costOf(true);
    const off = costOf(false);

    // Assess
    const line = on.lines.find((l) => l.component === 'AWS X-Ray (tracing)');
    expect(line).toMatchObject({ variableUsd: 2 * prices.xrayPerMillionTracesRecorded, fixedUsd: 0 });
    expect(line?.basis).toContain('2,000,000 traces');
    expect(off.lines.some((l) => l.component.startsWith('AWS X-Ray'))).toBe(false);
    expect(on.totalUsd - off.totalUsd).toBeCloseTo(2 * prices.xrayPerMillionTracesRecorded, 9);
  });

  test('--tracing prints the X-Ray line with its price per million traces', async () => {
    // Act
    const traced = await runCli(['capacity', '--sample', '--tracing']);
    const plain = await runCli(['capacity', '--sample']);

    // Assess
    expect(traced.code).toBe(0);
    process.stdout.write(`[capacity --tracing] ${traced.stdout.split('\n').filter((l) => l.includes('X-Ray')).join(' | ')}\n`);
    expect(traced.stdout).toMatch(/AWS X-Ray \(tracing\).*\$5\/M recorded/);
    expect(plain.stdout).not.toContain('X-Ray');
  });

  test('Cost_Model.md states the traced sample total as capacity --tracing prints it', async () => {
    const traced = JSON.parse((await runCli(['capacity', '--sample', '--json', '--tracing'])).stdout);
    const text = readFileSync(path.join(__dirname, '..', '..', 'docs', '07_Reliability_Scaling', 'Cost_Model.md'), 'utf8');
    expect(text).toContain(`\`--tracing\`: the sample's REST total becomes $${traced.costs.REST.totalUsd.toFixed(2)}`);
  });
});
